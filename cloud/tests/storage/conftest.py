"""Fixtures of the artifact-store tests: a real S3 server (moto) on loopback.

moto runs in its own process: the memory measured by the streaming tests is then
the Cloud's alone, not the server's copy of the object.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from apigen_cloud import localserver
from apigen_cloud.core.config import Settings

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a moto S3 server for the session."""
    port = localserver.free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    process = localserver.start(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], {}, log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        localserver.wait_healthy(process, url, log, path="/")  # ListBuckets
        yield url
    finally:
        localserver.stop(process)


@pytest.fixture(scope="session")
def s3_client(s3_endpoint: str) -> Any:
    """A plain S3 client, to look at the bucket behind the Cloud's back."""
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


@pytest.fixture
def bucket(s3_client: Any) -> str:
    """A new empty bucket for the test."""
    name = f"artifacts-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    return name


@pytest.fixture
def s3_settings(tmp_path: Path, s3_endpoint: str, bucket: str) -> Settings:
    """The embedded Cloud (SQLite) with its ZIPs in the test's bucket."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "data",
        llm_provider="none",
        artifact_store="s3",
        s3_bucket=bucket,
        s3_endpoint_url=s3_endpoint,
        s3_region=REGION,
        s3_access_key_id=ACCESS_KEY,
        s3_secret_access_key=SECRET_KEY,
    )
