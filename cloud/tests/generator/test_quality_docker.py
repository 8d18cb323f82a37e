"""Every sample prompt's project, run the way the Desktop runs it, fuzzed by Schemathesis.

`docker compose up --build -d` with APP_PORT on a free port, /health within 60 s,
the database port unpublished, then `schemathesis run --checks all` against the
served OpenAPI: no failure allowed; `down -v` at the end. Skipped where Docker does
not answer.

The projects run a few at a time: much of each one's time is waiting (for the
database, for uvicorn, for the round trips of Schemathesis). The image layer with the
dependencies is built once and shared: requirements.txt is identical in every project.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.localserver import docker_works
from quality_support import PROMPT_NAMES, SuiteResult, generate, run_under_docker

pytestmark = pytest.mark.skipif(not docker_works(), reason="docker is not available")
AT_ONCE = 3
# Per operation and phase; the coverage phase adds its boundary cases on top.
MAX_EXAMPLES = 10


@pytest.fixture(scope="module")
def docker_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SuiteResult]]:
    root = tmp_path_factory.mktemp("quality-docker")

    def run(name: str) -> SuiteResult:
        try:
            files = generate(name).files
        except GenerationError as error:  # reported as this prompt's failure, not everyone's
            return SuiteResult(1, f"no project: {error}")
        return run_under_docker(files, root / name, MAX_EXAMPLES)

    # The first one alone: it builds the dependency layer the others then reuse.
    first, *others = PROMPT_NAMES
    results = {first: run(first)}
    with ThreadPoolExecutor(AT_ONCE) as pool:
        results |= dict(zip(others, pool.map(run, others), strict=True))
    yield results


@pytest.mark.parametrize("name", PROMPT_NAMES)
def test_schemathesis_finds_nothing(docker_results: dict[str, SuiteResult], name: str) -> None:
    result = docker_results[name]
    assert result.returncode == 0, result.output[-8000:]
