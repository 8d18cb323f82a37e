"""Fixtures of the scale-out tests: each test gets its own PostgreSQL database."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from scale_support import Stack


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A fresh database (processes starting together on it must migrate it safely);
    every process started on it is stopped after the test."""
    admin = make_url(os.environ["APIGEN_TEST_POSTGRES_URL"]).set(drivername="postgresql")
    name = f"apigen_scale_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    running = Stack(admin.set(database=name).render_as_string(hide_password=False), tmp_path)
    try:
        yield running
    finally:
        running.stop_all()
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
