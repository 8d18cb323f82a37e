"""The whole loop: a real Cloud process on loopback, the headless Desktop CLI, real Docker."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from apigen_cloud import localserver

REPO = Path(__file__).resolve().parents[3]
CLI = REPO / "desktop" / "bin" / "apigen.js"
CLOUD_BIN = Path(sys.executable).parent / "apigen-cloud"
PASSWORD = "a long enough password"


needs_docker = pytest.mark.skipif(
    not (shutil.which("node") and localserver.docker_works()),
    reason="needs Node and a running Docker",
)


@dataclass
class Cloud:
    """`apigen-cloud serve` in a subprocess, restartable on the same data and port."""

    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=localserver.free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "APIGEN_DATA_DIR": str(self.data_dir), **self.env}
        command = [str(CLOUD_BIN), "serve", "--port", str(self.port)]
        self.process = localserver.start(command, env, self.log_file)
        localserver.wait_healthy(self.process, self.url, self.log_file)

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, as in a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process:
            localserver.stop(self.process, timeout=15)

    @property
    def log_file(self) -> Path:
        return self.data_dir / "cloud.log"

    def read_version(self, project_id: str, version: int) -> dict[str, str]:
        with zipfile.ZipFile(self._artifact(project_id, version)) as archive:
            return {name: archive.read(name).decode() for name in archive.namelist()}

    def replace_version(self, project_id: str, version: int, files: dict[str, str]) -> None:
        """Overwrite a stored version behind the Cloud's back (fault injection)."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in sorted(files.items()):
                archive.writestr(name, text)
        data = buffer.getvalue()
        path = self._artifact(project_id, version)
        path.write_bytes(data)
        with sqlite3.connect(self.data_dir / "apigen.db") as db:
            updated = db.execute(
                "UPDATE project_versions SET size = ?, sha256 = ? WHERE artifact_key = ?",
                (len(data), hashlib.sha256(data).hexdigest(), f"{project_id}/{path.name}"),
            ).rowcount
        assert updated == 1

    def _artifact(self, project_id: str, version: int) -> Path:
        [path] = (self.data_dir / "artifacts" / project_id).glob(f"{version}-*.zip")
        return path


@dataclass
class User:
    cloud: Cloud
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str) -> Any:
        response = httpx.get(f"{self.cloud.url}/api/v1{path}", headers=self.headers, timeout=10)
        response.raise_for_status()
        return response.json()

    def generate(self, prompt: str) -> str:
        response = httpx.post(
            f"{self.cloud.url}/api/v1/generate-from-prompt",
            headers=self.headers,
            json={"prompt": prompt},
            timeout=10,
        )
        assert response.status_code == 202, response.text
        project_id: str = response.json()["project_id"]
        self.wait_settled(project_id)
        return project_id

    def wait_settled(self, project_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status: dict[str, Any] = self.get(f"/projects/{project_id}/status")
            if status["status"] in {"ready", "failed"}:
                return status
            time.sleep(0.2)
        raise AssertionError(f"project {project_id} did not settle")

    def cli(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["node", str(CLI), *args],
            env=self.cli_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def cli_env(self) -> dict[str, str]:
        return {**os.environ, "APIGEN_CLOUD_URL": self.cloud.url, "APIGEN_TOKEN": self.token}


def register(cloud: Cloud, email: str = "dev@example.com") -> User:
    body = {"email": email, "password": PASSWORD}
    assert httpx.post(f"{cloud.url}/api/v1/auth/register", json=body).status_code == 201
    response = httpx.post(f"{cloud.url}/api/v1/auth/login", json=body)
    return User(cloud, response.json()["access_token"])


@pytest.fixture
def start_cloud() -> Iterator[Any]:
    """A factory of Cloud processes, each with its own data directory; all stopped after."""
    started: list[Cloud] = []
    temp_dirs: list[tempfile.TemporaryDirectory[str]] = []

    def start(**env: str) -> Cloud:
        temp = tempfile.TemporaryDirectory(prefix="apigen-e2e-")
        temp_dirs.append(temp)
        cloud = Cloud(Path(temp.name), env=env)
        cloud.start()
        started.append(cloud)
        return cloud

    yield start
    for cloud in started:
        cloud.stop()
    for temp in temp_dirs:
        temp.cleanup()


def compose_leftovers(project_id: str) -> list[str]:
    """Containers, networks and volumes of the compose project of `project_id`."""
    short = project_id.replace("-", "")[:12]
    found: list[str] = []
    for kind in (["ps", "-a"], ["network", "ls"], ["volume", "ls"]):
        listing = subprocess.run(
            ["docker", *kind, "--format", '{{.Label "com.docker.compose.project"}}'],
            capture_output=True,
            text=True,
            check=True,
        )
        found += [line for line in listing.stdout.split() if short in line]
    return found


def local_temp_dir(project_id: str) -> Path:
    return Path(tempfile.gettempdir()) / "apigenerator" / project_id


READ_ROUTE = re.compile(r"(async def read_\w+\([^)]*\)[^:]*:\n)")


def broken_files(files: dict[str, str]) -> dict[str, str]:
    """The project with every `read_<resource>` route failing with a 500."""
    broken = dict(files)
    for path, text in files.items():
        if path.startswith("app/api/routes/") and READ_ROUTE.search(text):
            broken[path] = READ_ROUTE.sub(r'\1    raise RuntimeError("injected fault")\n', text)
    assert broken != files, "no read route found to break"
    return broken


def final_report(completed: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """The `--json` output of a CLI run."""
    assert completed.stdout.strip(), completed.stderr[-3000:]
    report: dict[str, Any] = json.loads(completed.stdout)
    return report
