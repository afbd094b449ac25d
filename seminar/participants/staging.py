"""An uploaded participants file kept between its preview and the organiser's "apply": under
instance/uploads, named by a random token, removed once applied or after a day."""

import secrets
import time
from pathlib import Path

from flask import current_app

KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    path = Path(current_app.instance_path) / "uploads"
    path.mkdir(exist_ok=True)
    return path


def stage(data: bytes) -> str:
    """Keep `data` for a later apply; returns its token. Uploads left older than a day go."""
    folder = _folder()
    for old in folder.glob("*.upload"):
        if time.time() - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (folder / f"{token}.upload").write_bytes(data)
    return token


def _path(token: str) -> Path | None:
    if not (token and len(token) == 32 and token.isalnum()):
        return None
    path = _folder() / f"{token}.upload"
    return path if path.exists() else None


def staged(token: str) -> bytes | None:
    """The staged upload, or None when the token is unknown, malformed or expired."""
    path = _path(token)
    return path.read_bytes() if path else None


def drop(token: str) -> None:
    path = _path(token)
    if path:
        path.unlink(missing_ok=True)
