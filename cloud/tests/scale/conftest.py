"""Fixtures of the scale-out tests: each test gets its own PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_support import throwaway_database

from scale_support import Stack


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """A fresh database (processes starting together on it must migrate it safely);
    every process started on it is stopped after the test."""
    with throwaway_database("apigen_scale") as url:
        running = Stack(url, tmp_path)
        try:
            yield running
        finally:
            running.stop_all()
