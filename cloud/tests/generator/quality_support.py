"""Helpers for the tests that run generated projects: samples, databases, subprocesses, Docker."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml
from postgres_support import throwaway_database as throwaway_database

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.factory import build_generator
from apigen_cloud.generator.interfaces import GeneratedProject
from apigen_cloud.generator.spec import ApiSpec
from apigen_cloud.localserver import free_port

HERE = Path(__file__).parent
SPECS_DIR = HERE / "specs"
SPEC_NAMES = sorted(p.stem for p in SPECS_DIR.glob("*.json"))
POSTGRES_URL = os.environ.get("APIGEN_TEST_POSTGRES_URL", "")
# The venv running these tests has every package a generated project needs.
PYTHON = sys.executable
SCHEMATHESIS = shutil.which("schemathesis") or str(Path(PYTHON).parent / "schemathesis")


def load_spec(name: str) -> ApiSpec:
    return ApiSpec.model_validate(json.loads((SPECS_DIR / f"{name}.json").read_text("utf-8")))


@dataclass(frozen=True)
class SamplePrompt:
    """A prompt as a user types it, with the project name the user gave (if any)."""

    text: str
    name: str | None = None


def _load_sample_prompts() -> dict[str, SamplePrompt]:
    listed = yaml.safe_load((HERE / "fixtures" / "sample_prompts.yaml").read_text("utf-8"))
    samples: dict[str, SamplePrompt] = {}
    for fixture in listed["fixtures"]:
        data = yaml.safe_load((HERE / "fixtures" / "prompts" / f"{fixture}.yaml").read_text())
        samples[fixture] = SamplePrompt(data["prompt"], data.get("name"))
    for name, text in listed["prompts"].items():
        assert name not in samples, f"sample prompt {name!r} is listed twice"
        samples[name] = SamplePrompt(text)
    return samples


SAMPLE_PROMPTS = _load_sample_prompts()
PROMPT_NAMES = sorted(SAMPLE_PROMPTS)


def generate(name: str) -> GeneratedProject:
    """The project the Cloud's default generator makes of a sample prompt, as a job does."""
    prompt = SAMPLE_PROMPTS[name]
    return asyncio.run(build_generator(Settings()).generate(prompt.text, prompt.name))


def write_files(files: dict[str, str], root: Path) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


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


def _healthy(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and json.load(response) == {"status": "ok"}:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def _published_ports(project: Path, name: str, service: str) -> object:
    container = _compose(project, name, "ps", "-q", service).stdout.strip()
    inspect = subprocess.run(
        ["docker", "inspect", "--format", "{{json .HostConfig.PortBindings}}", container],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(inspect.stdout)


def schemathesis(base_url: str, workdir: Path, max_examples: int) -> SuiteResult:
    """Every check Schemathesis has, in every phase, against the served OpenAPI document."""
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{base_url}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(max_examples),
            "--workers",
            "1",
            "--seed",
            "1",
            "--no-color",
        ],
        cwd=workdir,  # Schemathesis keeps its example database in the working directory
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return SuiteResult(run.returncode, run.stdout + run.stderr)


def run_under_docker(files: dict[str, str], project: Path, max_examples: int) -> SuiteResult:
    """As the Desktop runs a project, then Schemathesis against it; always torn down.

    `.env` gets the `.env.example` values and a free APP_PORT; `docker compose up
    --build -d`; /health must answer within 60 s and the database stay unpublished;
    `down -v` at the end (`--rmi local` too: the image goes, the build cache stays).
    """
    write_files(files, project)
    port = free_port()
    (project / ".env").write_text(files[".env.example"] + f"APP_PORT={port}\n")
    name = f"apigen-q-{uuid.uuid4().hex[:10]}"
    try:
        up = _compose(project, name, "up", "--build", "-d")
        if up.returncode != 0:
            return SuiteResult(up.returncode, f"docker compose up failed:\n{up.stderr[-4000:]}")
        base = f"http://127.0.0.1:{port}"
        if not _healthy(f"{base}/health", 60):
            logs = _compose(project, name, "logs", "--no-color", timeout=60).stdout
            return SuiteResult(1, f"/health did not answer within 60 s:\n{logs[-4000:]}")
        ports = _published_ports(project, name, "db")
        if ports:
            return SuiteResult(1, f"the database port is published: {ports}")
        return schemathesis(base, project, max_examples)
    finally:
        _compose(project, name, "down", "-v", "--rmi", "local", "--remove-orphans", timeout=180)
