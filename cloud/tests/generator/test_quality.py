"""Every sample prompt gives a project whose own test suite passes on real PostgreSQL.

Each sample prompt (fixtures/sample_prompts.yaml) goes through the Cloud's default
generator, as a job does. A few hand-written specs add the corner cases no prose
prompt reaches (awkward names, extreme values, cycles, both sides of a many-to-many).
The suites run as subprocesses, two at a time (one per core), each against its own
throwaway database; each project is then reported as its own test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import get_args

import pytest

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.render import render_project
from apigen_cloud.generator.spec import FieldType, RelationKind
from quality_support import (
    POSTGRES_URL,
    PROMPT_NAMES,
    SuiteResult,
    generate,
    load_spec,
    run_generated_suite,
    throwaway_database,
    write_files,
)

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="APIGEN_TEST_POSTGRES_URL is not set")
WORKERS = max(1, min(2, os.cpu_count() or 1))
# Specs (tests/generator/specs) for what the sample prompts do not cover.
EDGE_SPECS = [
    "all_types",  # every type, required and optional, every constraint
    "awkward_names",  # irregular plurals, names close to Python and SQL words
    "constraints",  # bounds at the limits of the columns
    "cycle",  # two resources referencing each other
    "defaults",  # a default of every type
    "m2m_pair",  # a many-to-many declared from both sides
    "numbers",  # extreme integers, floats and decimals
    "odd_values",  # enum values and defaults that need quoting
    "self_reference",  # a resource referencing itself
    "tricky_fields",  # field names the generated code must not confuse with its own
    "unique_limits",  # several unique fields at maximal lengths
    "wide",  # one resource with many fields
]
PROJECTS = [f"prompt-{name}" for name in PROMPT_NAMES] + [f"spec-{name}" for name in EDGE_SPECS]


def _run(project: str, root: Path) -> SuiteResult:
    kind, name = project.split("-", 1)
    try:
        files = generate(name).files if kind == "prompt" else render_project(load_spec(name)).files
    except GenerationError as error:  # reported as this project's failure, not everyone's
        return SuiteResult(1, f"no project: {error}")
    directory = write_files(files, root / project)
    with throwaway_database(f"apigen_q_{kind}") as url:
        return run_generated_suite(directory, url)


@pytest.fixture(scope="module")
def suite_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SuiteResult]]:
    root = tmp_path_factory.mktemp("quality")
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(zip(PROJECTS, pool.map(lambda p: _run(p, root), PROJECTS), strict=True))
    yield results


def test_the_sample_prompts_are_enough_and_varied() -> None:
    specs = [generate(name).spec for name in PROMPT_NAMES]
    assert len(specs) >= 20
    fields = [f for s in specs for r in s.resources for f in r.fields]
    assert {f.type for f in fields} == set(get_args(FieldType))
    relations = {rel.kind for s in specs for r in s.resources for rel in r.relations}
    assert relations == set(get_args(RelationKind))
    sizes = {len(s.resources) for s in specs}
    assert min(sizes) == 1
    assert max(sizes) >= 10
    assert any(f.unique for f in fields)
    assert any(not f.required for f in fields)
    assert any(f.default is not None for f in fields)
    assert any(f.minimum is not None or f.maximum is not None for f in fields)
    assert any(f.min_length is not None for f in fields)


@pytest.mark.parametrize("project", PROJECTS)
def test_generated_suite_passes(suite_results: dict[str, SuiteResult], project: str) -> None:
    result = suite_results[project]
    assert result.returncode == 0, result.output[-6000:]
    assert " passed" in result.summary and "failed" not in result.summary
