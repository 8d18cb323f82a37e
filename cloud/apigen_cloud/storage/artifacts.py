"""Where project ZIPs live: a small interface and its local-directory implementation."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import anyio
import anyio.to_thread

from apigen_cloud.core.config import Settings

# Keys are built by the service ("<project uuid>/<version>.zip"); this keeps
# anything else from escaping the root directory.
_KEY = re.compile(r"^[0-9a-f-]{36}/[0-9]+\.zip$")


class ArtifactNotFoundError(Exception):
    pass


class ArtifactStore(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    def open_stream(self, key: str) -> AsyncIterator[bytes]:
        """The bytes of `key` in chunks; raises ArtifactNotFoundError before the first."""
        ...

    async def delete(self, key: str) -> None:
        """Remove `key`; no error when it is already gone."""
        ...


def artifact_key(project_id: object, version: int) -> str:
    return f"{project_id}/{version}.zip"


def build_artifact_store(settings: Settings) -> ArtifactStore:
    """The store the settings describe (`artifact_store`)."""
    return LocalArtifactStore(settings.data_dir / "artifacts")


class LocalArtifactStore:
    CHUNK = 64 * 1024

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError(f"invalid artifact key {key!r}")
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
