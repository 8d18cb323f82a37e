"""Property-based tests of the whole API against its own OpenAPI, every default check on.

The Cloud runs as a real server (uvicorn in a subprocess, as `apigen-cloud serve`)
with its embedded defaults, on each database backend.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from api_support import PASSWORD
from apigen_cloud import localserver
from apigen_cloud.core.config import Settings
from apigen_cloud.localserver import free_port
from apigen_cloud.main import create_app

# As in tests/conftest.py; the mark skips PostgreSQL without APIGEN_TEST_POSTGRES_URL.
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass(frozen=True)
class LiveServer:
    url: str
    headers: dict[str, str]


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """`apigen-cloud serve` on a free loopback port; its base URL."""
    port = free_port()
    env = os.environ | {
        "APIGEN_DATA_DIR": str(settings.data_dir),
        "APIGEN_DATABASE_URL": settings.database_url,
        "APIGEN_LLM_PROVIDER": "none",
    }
    command = [sys.executable, "-m", "apigen_cloud.cli", "serve", "--port", str(port)]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with localserver.serving(command, env, port, settings.data_dir / "server.log") as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """One server per backend for the whole module, with a registered user's token."""
    database_url = (
        request.getfixturevalue("postgres_database") if request.param == "postgres" else ""
    )
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path_factory.mktemp("fuzz") / "data",
        database_url=database_url,
    )
    with serving(settings) as url:
        email = "fuzzer@example.com"
        body = {"email": email, "password": PASSWORD}
        httpx.post(f"{url}/api/v1/auth/register", json=body).raise_for_status()
        token = httpx.post(f"{url}/api/v1/auth/login", json=body).json()["access_token"]
        yield LiveServer(url, {"Authorization": f"Bearer {token}"})


# The schema is the app's own OpenAPI (no server needed to build it).
schema = schemathesis.openapi.from_dict(create_app(Settings(_env_file=None)).openapi())  # type: ignore[call-arg]
# 413 is the documented answer to a body over the size limit (1 MiB): arrays at
# their maximum length of long strings exceed it, whether valid or not.
for check in (
    schema.config.checks.negative_data_rejection,
    schema.config.checks.positive_data_acceptance,
):
    check.expected_statuses = [*check.expected_statuses, "413"]


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_openapi(case: Any, live_server: LiveServer) -> None:
    case.call_and_validate(base_url=live_server.url, headers=live_server.headers)
