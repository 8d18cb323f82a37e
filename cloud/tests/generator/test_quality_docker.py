"""Representative generated projects, run the way the Desktop runs them, fuzzed by Schemathesis.

`docker compose up --build -d` with APP_PORT on a free port, /health within 60 s,
then `schemathesis run --checks all` against the served OpenAPI: no failure allowed.
The database port must stay unpublished. Skipped where Docker does not answer.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from apigen_cloud.generator.render import render_project
from apigen_cloud.localserver import docker_works, free_port
from quality_support import load_spec, write_files

# The biggest spec, every field type, and a typical relational API.
SPECS = ["ten_resources", "all_types", "library", "shop"]
SCHEMATHESIS = shutil.which("schemathesis") or str(
    Path(__file__).parents[3] / ".venv/bin/schemathesis"
)


pytestmark = pytest.mark.skipif(not docker_works(), reason="docker is not available")


def _compose(
    project: Path, name: str, *args: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", "compose", "-p", name, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _wait_for_health(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and json.load(response) == {"status": "ok"}:
                    return True
        except OSError:
            pass
        time.sleep(1)
    return False


@pytest.fixture
def running_project(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str, Path]]:
    """(base URL, compose project name, directory) of a generated project under Docker."""
    files = render_project(load_spec(request.param)).files
    project = write_files(files, tmp_path / request.param)
    port = free_port()
    # As the Desktop does: .env.example values, then APP_PORT.
    (project / ".env").write_text(files[".env.example"] + f"APP_PORT={port}\n")
    name = f"apigen-q-{uuid.uuid4().hex[:10]}"
    try:
        up = _compose(project, name, "up", "--build", "-d")
        assert up.returncode == 0, up.stderr[-4000:]
        base = f"http://127.0.0.1:{port}"
        if not _wait_for_health(f"{base}/health", 60):
            logs = _compose(project, name, "logs", "--no-color", timeout=60).stdout
            pytest.fail(f"/health did not answer within 60 s:\n{logs[-4000:]}")
        yield base, name, project
    finally:
        _compose(project, name, "down", "-v", "--remove-orphans", timeout=180)


@pytest.mark.parametrize("running_project", SPECS, indirect=True)
def test_schemathesis_finds_nothing(running_project: tuple[str, str, Path]) -> None:
    base, name, project = running_project
    container = _compose(project, name, "ps", "-q", "db").stdout.strip()
    ports = json.loads(
        subprocess.run(
            ["docker", "inspect", "--format", "{{json .HostConfig.PortBindings}}", container],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert not ports, f"the database port is published: {ports}"
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{base}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "25",
            "--workers",
            "1",
            "--seed",
            "1",
            "--no-color",
        ],
        cwd=project,  # Schemathesis keeps its example database in the working directory
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-8000:]
