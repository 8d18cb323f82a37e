"""Project ZIPs in an S3-compatible bucket (AWS S3, MinIO, ...), through obstore."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING

import obstore
from obstore.exceptions import BaseError
from obstore.store import S3Store

from apigen_cloud.core.config import Settings
from apigen_cloud.storage.artifacts import ArtifactNotFoundError, ArtifactStoreError, check_key

if TYPE_CHECKING:
    from obstore.store import S3Config


class S3ArtifactStore:
    # Streamed reads hand over chunks of about this size: what one download holds in memory.
    CHUNK = 1024 * 1024
    # A store that accepts connections but never answers fails a job or a download
    # within this, not after the 10 minutes a slow download may take.
    ANSWER_SECONDS = 30.0

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str = "",
        region: str = "us-east-1",
        access_key_id: str = "",
        secret_access_key: str = "",
    ) -> None:
        self.bucket = bucket
        config: S3Config = {"region": region}
        if endpoint_url:
            config["endpoint"] = endpoint_url
        if access_key_id:
            # Else obstore's usual AWS chain: environment, profile, instance role.
            config["access_key_id"] = access_key_id
            config["secret_access_key"] = secret_access_key
        self._store = S3Store(
            bucket,
            config=config,
            client_options={
                # A MinIO or moto on a private network usually speaks plain HTTP.
                "allow_http": endpoint_url.startswith("http://"),
                # The whole request, body included: a download streams at the client's pace.
                # Each call's wait for an answer is bounded by ANSWER_SECONDS instead.
                "timeout": timedelta(minutes=10),
                "connect_timeout": timedelta(seconds=5),
            },
            # A store that is down is reported in seconds, not after obstore's 3 minutes.
            retry_config={"max_retries": 3, "retry_timeout": timedelta(seconds=20)},
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> S3ArtifactStore:
        return cls(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            access_key_id=settings.s3_access_key_id,
            secret_access_key=settings.s3_secret_access_key.get_secret_value(),
        )

    @contextmanager
    def _errors(self, action: str, key: str) -> Iterator[None]:
        """obstore's errors as the store's: a missing object, or a store that failed."""
        try:
            yield
        except FileNotFoundError as error:
            # S3 answers 404 for a missing bucket too: that is a broken setup, not a
            # missing file (obstore keeps the S3 error code only in its message).
            if "NoSuchBucket" in str(error):
                raise ArtifactStoreError(
                    f"{action} {key}: the bucket {self.bucket!r} does not exist"
                ) from error
            raise ArtifactNotFoundError(key) from None
        except TimeoutError as error:
            raise ArtifactStoreError(
                f"{action} {key}: no answer within {self.ANSWER_SECONDS:g} seconds"
            ) from error
        except BaseError as error:
            first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ArtifactStoreError(f"{action} {key}: {first_line}") from error

    async def put(self, key: str, data: bytes) -> None:
        check_key(key)
        with self._errors("storing", key):
            # One PUT (or a multipart upload committed at the end): readers never see
            # part of an object.
            async with asyncio.timeout(self.ANSWER_SECONDS):
                await obstore.put_async(self._store, key, data)

    async def get(self, key: str) -> bytes:
        check_key(key)
        with self._errors("reading", key):
            async with asyncio.timeout(self.ANSWER_SECONDS):
                result = await obstore.get_async(self._store, key)
                return bytes(await result.bytes_async())

    async def open_stream(self, key: str) -> AsyncIterator[bytes]:
        check_key(key)
        with self._errors("reading", key):
            # The GET answers (or fails with not-found) before the first chunk is yielded.
            async with asyncio.timeout(self.ANSWER_SECONDS):
                result = await obstore.get_async(self._store, key)
            async for chunk in result.stream(min_chunk_size=self.CHUNK):
                yield chunk

    async def delete(self, key: str) -> None:
        check_key(key)
        with self._errors("deleting", key):
            # S3 answers a delete of a missing object with success: idempotent as required.
            async with asyncio.timeout(self.ANSWER_SECONDS):
                await obstore.delete_async(self._store, key)
