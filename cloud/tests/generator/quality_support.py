"""Helpers for the tests that run generated projects: fixtures, databases, subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from apigen_cloud.generator.spec import ApiSpec

SPECS_DIR = Path(__file__).parent / "specs"
SPEC_NAMES = sorted(p.stem for p in SPECS_DIR.glob("*.json"))
POSTGRES_URL = os.environ.get("APIGEN_TEST_POSTGRES_URL", "")
# The venv running these tests has every package a generated project needs.
PYTHON = sys.executable


def load_spec(name: str) -> ApiSpec:
    return ApiSpec.model_validate(json.loads((SPECS_DIR / f"{name}.json").read_text("utf-8")))


def write_files(files: dict[str, str], root: Path) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A fresh PostgreSQL database (its URL), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = _libpq(POSTGRES_URL)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@dataclass(frozen=True)
class SuiteResult:
    returncode: int
    output: str

    @property
    def summary(self) -> str:
        lines = self.output.strip().splitlines()
        return lines[-1] if lines else ""


def run_generated_suite(project: Path, database_url: str, timeout: float = 240) -> SuiteResult:
    """The generated project's own pytest suite, in a subprocess, against `database_url`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("APIGEN_", "PYTEST_", "DATABASE_URL"))
    }
    env["TEST_DATABASE_URL"] = database_url
    completed = subprocess.run(
        [
            PYTHON,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:asyncio",
            "-W",
            "error::pytest.PytestUnraisableExceptionWarning",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return SuiteResult(completed.returncode, completed.stdout + completed.stderr)
