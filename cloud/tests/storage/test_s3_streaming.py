"""Downloads stream from S3: a ZIP far larger than what the Cloud holds in memory
goes through the store and through HTTP byte for byte.

The app runs under uvicorn on loopback (httpx's in-process transport would collect
the whole body) and moto in its own process, so the memory measured here is the
Cloud's and its client's: Python's allocations (tracemalloc) and the process's
peak RSS, which also counts obstore's native buffers.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import os
import re
import socket
import tracemalloc
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from api.api_support import generate, register
from fastapi import FastAPI

from apigen_cloud.core.config import Settings
from apigen_cloud.core.state import AppState
from apigen_cloud.main import create_app
from apigen_cloud.models import ProjectVersion
from apigen_cloud.storage.s3 import S3ArtifactStore

MiB = 1024 * 1024
SIZE = 64 * MiB
# What one download may hold at once: a few of the store's 1 MiB chunks plus the
# buffers of the HTTP server and client, a small fraction of the object.
BOUND = 12 * MiB


@dataclass
class Peak:
    python: int = 0  # tracemalloc's peak
    rss: int = 0  # growth of the process's peak resident memory


def _rss_high_water() -> int:
    status = Path("/proc/self/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert match, status
    return int(match.group(1)) * 1024


@contextmanager
def peak_memory() -> Iterator[Peak]:
    peak = Peak()
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak RSS restarts from now
    before = _rss_high_water()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.python = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        peak.rss = _rss_high_water() - before


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """The app under uvicorn on a free loopback port, lifespan included; its base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[listener]))
    try:
        async with asyncio.timeout(30):
            while not server.started:
                assert not task.done(), "uvicorn stopped while starting"
                await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        listener.close()


async def test_large_download_streams_in_bounded_memory(s3_settings: Settings) -> None:
    app = create_app(s3_settings)
    async with serving(app) as url, httpx.AsyncClient(base_url=f"{url}/api/v1") as client:
        headers = await register(client)
        project_id = uuid.UUID(str((await generate(client, headers))["id"]))
        state: AppState = app.state.apigen
        store = state.store
        assert isinstance(store, S3ArtifactStore)

        # Version 1's object becomes a 64 MiB one (and its row says so).
        data = os.urandom(SIZE)
        digest = hashlib.sha256(data).hexdigest()
        async with state.factory() as session:
            version = await session.get(ProjectVersion, (project_id, 1))
            assert version is not None
            key = version.artifact_key
            await store.put(key, data)
            del data
            version.size, version.sha256 = SIZE, digest
            await session.commit()

        with peak_memory() as through_store:
            received = hashlib.sha256()
            async for chunk in store.open_stream(key):
                received.update(chunk)
        assert received.hexdigest() == digest

        with peak_memory() as through_http:
            received = hashlib.sha256()
            async with client.stream(
                "GET", f"/projects/{project_id}/download", headers=headers
            ) as response:
                assert response.status_code == 200
                assert response.headers["content-length"] == str(SIZE)
                async for chunk in response.aiter_raw():
                    received.update(chunk)
        assert received.hexdigest() == digest

    print(f"\n64 MiB object, peaks: store {through_store}, HTTP download {through_http}")
    for peak in (through_store, through_http):
        assert peak.python < BOUND, peak
        assert peak.rss < BOUND, peak
