"""Where project ZIPs live: a small interface and its local-directory implementation
(the S3 one is in `storage.s3`)."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import anyio
import anyio.to_thread

from apigen_cloud.core.config import Settings

# Keys come from `artifact_key` ("<project uuid>/<version>-<random>.zip"); this keeps
# anything else from escaping the root directory.
_KEY = re.compile(r"^[0-9a-f-]{36}/[0-9]+(-[0-9a-f]{16})?\.zip$")


class ArtifactNotFoundError(Exception):
    pass


class ArtifactStoreError(Exception):
    """The store failed or could not be reached (not a missing object)."""


def check_key(key: str) -> None:
    if not _KEY.fullmatch(key):
        raise ValueError(f"invalid artifact key {key!r}")


class ArtifactStore(Protocol):
    """Keys come from `artifact_key()`; any other raises ValueError. A store that
    fails (unreachable, refusing) raises ArtifactStoreError."""

    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    def open_stream(self, key: str) -> AsyncIterator[bytes]:
        """The bytes of `key` in chunks; raises ArtifactNotFoundError before the first."""
        ...

    async def delete(self, key: str) -> None:
        """Remove `key`; no error when it is already gone."""
        ...


def artifact_key(project_id: object, version: int) -> str:
    """A new key for a result of `version`, never handed out before: a run that
    lost its job to another worker can store and drop its own ZIP without ever
    touching the one the winning run committed. (Keys of earlier releases,
    `<project>/<version>.zip`, stay valid.)"""
    return f"{project_id}/{version}-{secrets.token_hex(8)}.zip"


def build_artifact_store(settings: Settings) -> ArtifactStore:
    """The store the settings describe (`artifact_store`)."""
    if settings.artifact_store == "s3":
        # Imported here: obstore is loaded only by processes that use it.
        from apigen_cloud.storage.s3 import S3ArtifactStore

        return S3ArtifactStore.from_settings(settings)
    return LocalArtifactStore(settings.data_dir / "artifacts")


class LocalArtifactStore:
    CHUNK = 64 * 1024

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        check_key(key)
        return self.root / key

    async def put(self, key: str, data: bytes) -> None:
        await anyio.to_thread.run_sync(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # Temp file + rename in the same directory: readers never see half a ZIP.
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".zip")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    async def get(self, key: str) -> bytes:
        try:
            return await anyio.Path(self._path(key)).read_bytes()
        except FileNotFoundError:
            raise ArtifactNotFoundError(key) from None

    async def open_stream(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await anyio.open_file(self._path(key), "rb")
        except FileNotFoundError:
            raise ArtifactNotFoundError(key) from None
        async with handle:
            while chunk := await handle.read(self.CHUNK):
                yield chunk

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await anyio.Path(path).unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # the project's directory, once empty
            await anyio.Path(path.parent).rmdir()
