"""Every sample spec gives a project whose own test suite passes on real PostgreSQL.

The suites run as subprocesses, two at a time (one per core), each against its
own throwaway database; each spec is then reported as its own test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import get_args

import pytest

from apigen_cloud.generator.render import render_project
from apigen_cloud.generator.spec import FieldType, RelationKind
from quality_support import (
    POSTGRES_URL,
    SPEC_NAMES,
    SuiteResult,
    load_spec,
    run_generated_suite,
    throwaway_database,
    write_files,
)

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="APIGEN_TEST_POSTGRES_URL is not set")
WORKERS = max(1, min(2, os.cpu_count() or 1))


def _run(name: str, root: Path) -> SuiteResult:
    project = write_files(render_project(load_spec(name)).files, root / name)
    with throwaway_database(f"apigen_q_{name}") as url:
        return run_generated_suite(project, url)


@pytest.fixture(scope="module")
def suite_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SuiteResult]]:
    root = tmp_path_factory.mktemp("quality")
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip(SPEC_NAMES, pool.map(lambda n: _run(n, root), SPEC_NAMES), strict=True))
    yield results


def test_there_are_enough_varied_specs() -> None:
    specs = [load_spec(name) for name in SPEC_NAMES]
    assert len(specs) >= 20
    kinds = {f.type for s in specs for r in s.resources for f in r.fields}
    assert kinds == set(get_args(FieldType))
    relations = {rel.kind for s in specs for r in s.resources for rel in r.relations}
    assert relations == set(get_args(RelationKind))
    sizes = {len(s.resources) for s in specs}
    assert min(sizes) == 1
    assert max(sizes) >= 10


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_generated_suite_passes(suite_results: dict[str, SuiteResult], name: str) -> None:
    result = suite_results[name]
    assert result.returncode == 0, result.output[-6000:]
    assert " passed" in result.summary and "failed" not in result.summary
