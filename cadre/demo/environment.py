"""Prepare the process environment for ``cadre demo`` before Django reads its settings.

Plain ``cadre demo`` must work on a fresh checkout, yet settings refuse to start without a
SECRET_KEY unless DEBUG is on. The demo therefore turns DEBUG on and keeps a generated key in
``var/secret_key`` (mode 0600), so sessions survive a restart of the demo server.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import MutableMapping
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def var_dir(environ: MutableMapping[str, str]) -> Path:
    """The directory settings use for local state (kept in step with ``cadre.settings.VAR_DIR``)."""
    return Path(environ.get("CADRE_VAR_DIR", BASE_DIR / "var"))


def demo_secret_key(directory: Path) -> str:
    """Return the demo's signing key, generating it on first use."""
    path = directory / "secret_key"
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        path.unlink()
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: never follow a link planted where the key goes; 0600: the key is nobody else's.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def demo_environment_prepare(environ: MutableMapping[str, str] = os.environ) -> None:
    """Turn DEBUG on and provide a SECRET_KEY unless the caller set one."""
    environ["DEBUG"] = "1"
    if not environ.get("SECRET_KEY"):
        environ["SECRET_KEY"] = demo_secret_key(var_dir(environ))
