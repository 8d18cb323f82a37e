"""Shared fixtures: Cloud settings and running apps on SQLite and (when configured) PostgreSQL.

PostgreSQL runs when APIGEN_TEST_POSTGRES_URL is set: a throwaway database is
created for the test session and dropped after it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import Fixer, Generator
from apigen_cloud.main import create_app

POSTGRES_URL = os.environ.get("APIGEN_TEST_POSTGRES_URL", "")
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


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throwaway database for the session; its URL (SQLAlchemy form)."""
    admin = make_url(POSTGRES_URL)
    name = f"apigen_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


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
    with psycopg.connect(_libpq(url), autocommit=True) as connection:
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
