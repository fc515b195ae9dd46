"""Tests that render CJK or Thai text into PDFs need Debian's Noto fonts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

THAI = Path("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf")
CJK_DIR = Path("/usr/share/fonts/opentype/noto")


def require_noto_fonts(*, thai: bool = False) -> None:
    """Skip (loudly) without the fonts; with CADRE_REQUIRE_ALL=1, as in CI, fail instead."""
    if os.environ.get("CADRE_FONT_PATHS"):
        return
    missing = [] if CJK_DIR.is_dir() else ["fonts-noto-cjk"]
    if thai and not THAI.is_file():
        missing.append("fonts-noto-core")
    if not missing:
        return
    message = f"Noto fonts missing: apt-get install {' '.join(missing)}"
    if os.environ.get("CADRE_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)
