"""Shared fixtures: Cloud settings and running apps on SQLite and (when configured) PostgreSQL.

PostgreSQL runs when APIGEN_TEST_POSTGRES_URL is set: a throwaway database is
created for the test session and dropped after it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
from postgres_support import POSTGRES_URL, throwaway_database
from psycopg import sql

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import Fixer, Generator
from apigen_cloud.main import create_app

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs APIGEN_TEST_POSTGRES_URL")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if POSTGRES_URL:
        return
    skip = pytest.mark.skip(reason="APIGEN_TEST_POSTGRES_URL is not set")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database for the session; its URL."""
    with throwaway_database("apigen_test") as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """'' (SQLite in the data dir) or the session's PostgreSQL database, emptied after the test."""
    if backend == "sqlite":
        yield ""
        return
    url: str = request.getfixturevalue("postgres_database")
    yield url
    with psycopg.connect(url, autocommit=True) as connection:
        tables = connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        ).fetchall()
        if tables:
            names = sql.SQL(", ").join(sql.Identifier(t[0]) for t in tables)
            connection.execute(sql.SQL("TRUNCATE {} CASCADE").format(names))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Embedded defaults in a fresh data directory, on the test's database."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "data",
        database_url=database_url,
        llm_provider="none",
        jwt_secret="",
    )


AppRunner = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def start_app() -> AppRunner:
    """`async with start_app(settings, generator=..., fixer=...) as client:`"""
    return running_app


@asynccontextmanager
async def running_app(
    settings: Settings, *, generator: Generator | None = None, fixer: Fixer | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan running, and a client on /api/v1."""
    app = create_app(settings, generator=generator, fixer=fixer)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver/api/v1"
        ) as client:
            yield client
