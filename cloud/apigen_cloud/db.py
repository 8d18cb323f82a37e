"""Database engine and sessions: SQLite (WAL) by default, PostgreSQL via psycopg 3."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from apigen_cloud.core.config import Settings

SessionFactory = async_sessionmaker[AsyncSession]

# Execution option of a session that will write. On SQLite it starts the
# transaction with BEGIN IMMEDIATE: a deferred transaction that reads, then
# writes after another connection committed fails at once with "database is
# locked" instead of waiting. PostgreSQL ignores it.
WRITE_OPTIONS: dict[str, Any] = {"sqlite_begin": "IMMEDIATE"}


def database_url(settings: Settings) -> URL:
    """The async SQLAlchemy URL for the settings.

    Empty `database_url`: SQLite file in `data_dir`. `postgresql://` and
    `postgres://` are normalised to the psycopg 3 driver.
    """
    raw = settings.database_url.strip()
    if not raw:
        path = (settings.data_dir / "apigen.db").resolve()
        return URL.create("sqlite+aiosqlite", database=str(path))
    url = make_url(raw)
    backend = url.get_backend_name()
    if backend in {"postgresql", "postgres"}:
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    raise ValueError(
        f"unsupported database URL scheme '{url.drivername}' (use sqlite or postgresql)"
    )


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN is off; `_sqlite_begin` emits it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the status readers run while the worker writes; the busy
    # timeout makes concurrent writers wait instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine(settings: Settings) -> AsyncEngine:
    # hide_parameters: a logged database error must not quote the bound values
    # (password hashes, prompts, report texts).
    url = database_url(settings)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    return create_async_engine(
        url, hide_parameters=True, pool_pre_ping=True, pool_size=10, max_overflow=10
    )


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False)


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a write (call before its first statement)."""
    await session.connection(execution_options=WRITE_OPTIONS)


@asynccontextmanager
async def write_session(factory: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session for one write transaction, committed when the block ends without error."""
    async with factory() as session:
        await begin_write(session)
        yield session
        await session.commit()
