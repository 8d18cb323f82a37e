"""The S3 artifact store against a real S3 server (moto) on loopback."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from apigen_cloud import localserver
from apigen_cloud.cli import main
from apigen_cloud.core.config import Settings, get_settings
from apigen_cloud.storage.artifacts import (
    ArtifactNotFoundError,
    ArtifactStoreError,
    artifact_key,
    build_artifact_store,
)
from apigen_cloud.storage.s3 import S3ArtifactStore


def new_key(version: int = 1) -> str:
    return artifact_key(uuid.uuid4(), version)


async def read_stream(store: S3ArtifactStore, key: str) -> list[bytes]:
    return [chunk async for chunk in store.open_stream(key)]


@pytest.fixture
def store(s3_settings: Settings) -> S3ArtifactStore:
    built = build_artifact_store(s3_settings)
    assert isinstance(built, S3ArtifactStore)
    return built


async def test_put_get_stream_delete(store: S3ArtifactStore, bucket: str, s3_client: Any) -> None:
    key = new_key()
    data = bytes(range(256)) * 10_000  # 2.5 MB: several chunks
    await store.put(key, data)
    # Really in the bucket, under the key itself.
    assert s3_client.get_object(Bucket=bucket, Key=key)["Body"].read() == data
    assert await store.get(key) == data
    chunks = await read_stream(store, key)
    assert b"".join(chunks) == data
    assert len(chunks) > 1
    assert all(len(chunk) <= 2 * S3ArtifactStore.CHUNK for chunk in chunks)

    await store.put(key, b"replaced")  # a job run again stores the same key
    assert await store.get(key) == b"replaced"

    await store.delete(key)
    assert s3_client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    await store.delete(key)  # already gone: no error


async def test_missing_object(store: S3ArtifactStore) -> None:
    key = new_key()
    with pytest.raises(ArtifactNotFoundError):
        await store.get(key)
    stream = store.open_stream(key)
    with pytest.raises(ArtifactNotFoundError):
        await anext(stream)


async def test_invalid_keys_are_refused(
    store: S3ArtifactStore, bucket: str, s3_client: Any
) -> None:
    for key in ["../escape.zip", f"{uuid.uuid4()}/1.zip/../../x", "a/b", f"{uuid.uuid4()}/v1.zip"]:
        with pytest.raises(ValueError, match="invalid artifact key"):
            await store.put(key, b"x")
        with pytest.raises(ValueError, match="invalid artifact key"):
            await store.get(key)
        with pytest.raises(ValueError, match="invalid artifact key"):
            await anext(store.open_stream(key))
        with pytest.raises(ValueError, match="invalid artifact key"):
            await store.delete(key)
    assert s3_client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


async def test_missing_bucket_is_a_store_error_not_a_missing_file(
    s3_settings: Settings,
) -> None:
    store = S3ArtifactStore.from_settings(s3_settings.model_copy(update={"s3_bucket": "nope"}))
    key = new_key()
    with pytest.raises(ArtifactStoreError, match="bucket 'nope' does not exist"):
        await store.put(key, b"x")
    with pytest.raises(ArtifactStoreError, match="bucket 'nope' does not exist"):
        await anext(store.open_stream(key))


async def test_unreachable_store_fails_fast(s3_settings: Settings) -> None:
    # Nothing listens there: a store that is down is reported within seconds.
    down = f"http://127.0.0.1:{localserver.free_port()}"
    store = S3ArtifactStore.from_settings(s3_settings.model_copy(update={"s3_endpoint_url": down}))
    started = time.monotonic()
    with pytest.raises(ArtifactStoreError, match="error sending request"):
        await store.get(new_key())
    with pytest.raises(ArtifactStoreError):
        await store.put(new_key(), b"x")
    assert time.monotonic() - started < 10


async def test_a_store_that_never_answers_fails_within_the_answer_bound(
    s3_settings: Settings,
) -> None:
    # It accepts connections, then says nothing.
    silent = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    store = S3ArtifactStore.from_settings(
        s3_settings.model_copy(update={"s3_endpoint_url": f"http://127.0.0.1:{port}"})
    )
    store.ANSWER_SECONDS = 0.5
    async with silent, asyncio.timeout(20):  # the test fails rather than hangs
        for call in (store.put(new_key(), b"x"), store.get(new_key())):
            with pytest.raises(ArtifactStoreError, match=r"no answer within 0\.5 seconds"):
                await call
        with pytest.raises(ArtifactStoreError, match=r"no answer within 0\.5 seconds"):
            await anext(store.open_stream(new_key()))


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("APIGEN_S3_BUCKET", " ", "artifact_store 's3' needs a bucket (APIGEN_S3_BUCKET)"),
        (
            "APIGEN_S3_ENDPOINT_URL",
            "localhost:9000",
            "s3_endpoint_url\n  Value error, must be an http:// or https:// URL",
        ),
    ],
)
def test_bad_s3_settings_are_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("APIGEN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("APIGEN_ARTIFACT_STORE", "s3")
    monkeypatch.setenv("APIGEN_S3_BUCKET", "artifacts")
    monkeypatch.setenv("APIGEN_S3_SECRET_ACCESS_KEY", "do-not-print-me")
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            main(["serve"])
    finally:
        get_settings.cache_clear()
    text = str(stopped.value.code)
    assert text.startswith("apigen-cloud: invalid settings: ")
    assert message in text
    assert "do-not-print-me" not in text


def test_local_store_needs_no_s3_settings() -> None:
    local = Settings(_env_file=None, artifact_store="local")  # type: ignore[call-arg]
    assert not isinstance(build_artifact_store(local), S3ArtifactStore)
