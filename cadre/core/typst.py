"""Where typst finds fonts: Debian's Noto folders, or CADRE_FONT_PATHS; never system fonts.

Every PDF (certificates, evaluation reports, good-practice publications) compiles with these
paths, so the same document renders the same on every machine with the fonts installed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

#: Folders searched for fonts (Debian's fonts-noto-cjk installs to the first); override with CADRE_FONT_PATHS.
DEFAULT_FONT_PATHS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


@lru_cache(maxsize=1)
def font_paths() -> tuple[str, ...]:
    configured = os.environ.get("CADRE_FONT_PATHS")
    candidates = configured.split(os.pathsep) if configured else DEFAULT_FONT_PATHS
    return tuple(p for p in candidates if p and Path(p).is_dir())
