"""Throwaway PostgreSQL databases for the tests, on the server APIGEN_TEST_POSTGRES_URL names."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("APIGEN_TEST_POSTGRES_URL", "")


def libpq_url(url: str) -> str:
    """`url` as psycopg takes it (plain `postgresql://`, with its password)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A fresh database named `<prefix>_<random>`, dropped afterwards (even while in use);
    its URL in the plain `postgresql://` form that psycopg and the Cloud both take."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = libpq_url(POSTGRES_URL)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
