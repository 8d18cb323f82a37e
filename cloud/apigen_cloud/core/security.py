"""Passwords (pwdlib argon2) and access tokens (PyJWT, HS256)."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio.to_thread
import jwt
from pwdlib import PasswordHash

from apigen_cloud.core.config import Settings

ALGORITHM = "HS256"
SECRET_FILE_NAME = "jwt-secret"

_password_hash = PasswordHash.recommended()
# Verified against when the account does not exist, so both cases take as long.
_DUMMY_HASH = _password_hash.hash(secrets.token_urlsafe(16))


async def hash_password(password: str) -> str:
    # argon2 takes ~0.1 s of CPU: keep it off the event loop.
    return await anyio.to_thread.run_sync(_password_hash.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    target = password_hash or _DUMMY_HASH
    valid = await anyio.to_thread.run_sync(_password_hash.verify, password, target)
    return valid and password_hash is not None


def load_jwt_secret(settings: Settings) -> str:
    """The signing secret: from settings, else generated once into the data directory."""
    configured = settings.jwt_secret.get_secret_value()
    if configured:
        return configured
    path: Path = settings.data_dir / SECRET_FILE_NAME
    if not path.exists():
        _create_secret_file(path)
    secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < 32:
        raise RuntimeError(f"{path} holds no usable secret; delete it to generate one")
    return secret


def _create_secret_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written whole to a private temp file, then hard-linked into place: processes
    # starting together on one data dir never read a half-written secret, and the
    # first link wins (os.link refuses an existing name).
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".jwt-secret-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
    finally:
        os.unlink(temp)


def create_access_token(user_id: uuid.UUID, secret: str, lifetime: timedelta) -> str:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + lifetime}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def user_id_from_token(token: str, secret: str) -> uuid.UUID | None:
    """The user id of a valid token; None when it is expired, tampered or malformed."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["sub", "exp", "iat"]}
        )
        return uuid.UUID(str(claims["sub"]))
    except (jwt.InvalidTokenError, ValueError):
        return None
