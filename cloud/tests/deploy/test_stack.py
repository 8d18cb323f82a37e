"""The Cloud's container stack (deploy/): nginx, 2 API replicas, 2 workers, PostgreSQL, S3.

Started with deploy/stack.sh as a user would (it writes the env file with the
shared secrets), driven through nginx like the Desktop app, then removed with its
volumes. Needs a Docker engine; the images are built on the first run and cached.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from apigen_cloud.localserver import docker_works, free_port

pytestmark = pytest.mark.skipif(not docker_works(), reason="docker is not available")

STACK = Path(__file__).resolve().parents[3] / "deploy" / "stack.sh"
PROMPT = "A library API with books (title, isbn unique) and members (name, email unique)"
PASSWORD = "a long password"
# uvicorn's access log line: `INFO:     <client>:<port> - "GET /api/v1/... HTTP/1.1" 200 OK`
ACCESS = re.compile(r'INFO:\s+(\S+):\d+ - "[A-Z]+ /api/v1/')


class Stack:
    def __init__(self, tmp: Path) -> None:
        self.env_file = tmp / "stack.env"
        self.port = free_port()
        self.env = os.environ | {
            "APIGEN_ENV_FILE": str(self.env_file),
            "COMPOSE_PROJECT_NAME": f"apigen-stack-test-{uuid.uuid4().hex[:8]}",
            "APIGEN_PORT": str(self.port),
        }
        self.url = f"http://127.0.0.1:{self.port}/api/v1"

    def compose(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [str(STACK), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert done.returncode == 0, f"stack.sh {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def container_ids(self, service: str) -> list[str]:
        return self.compose("ps", "-q", service).split()

    def logs(self, container: str) -> str:
        done = subprocess.run(["docker", "logs", container], capture_output=True, text=True)
        return done.stdout + done.stderr


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    running = Stack(tmp_path)
    try:
        try:
            # A fresh machine builds the three images here (about a minute).
            running.compose(
                "up", "-d", "--build", "--wait", "--scale", "api=2", "--scale", "worker=2",
                timeout=900,
            )  # fmt: skip
        except (AssertionError, subprocess.TimeoutExpired):
            print(running.compose("logs", "--tail", "60"))  # shown with the failure
            raise
        yield running
    finally:
        running.compose("down", "-v", "--remove-orphans")


def test_generates_through_nginx_on_two_replicas(stack: Stack) -> None:
    # stack.sh wrote the secrets every replica shares, readable by the owner only.
    assert re.search(r"^APIGEN_JWT_SECRET=\w{64}$", stack.env_file.read_text(), re.M)
    assert stack.env_file.stat().st_mode & 0o077 == 0
    assert len(stack.container_ids("worker")) == 2

    credentials = {"email": "stack@example.com", "password": PASSWORD}
    with httpx.Client(base_url=stack.url, timeout=30) as client:
        assert client.post("/auth/register", json=credentials).status_code == 201
        token = client.post("/auth/login", json=credentials).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        created = client.post("/generate-from-prompt", json={"prompt": PROMPT})
        assert created.status_code == 202, created.text
        project = f"/projects/{created.json()['project_id']}"

        deadline = time.monotonic() + 120
        while (status := client.get(f"{project}/status").json())["status"] == "generating":
            assert time.monotonic() < deadline, "the generation did not finish in 120 s"
            time.sleep(0.5)
        assert status["status"] == "ready", status
        assert status["version"] == 1

        download = client.get(f"{project}/download")
        assert download.status_code == 200
        assert download.headers["content-type"] == "application/zip"
        assert int(download.headers["content-length"]) == len(download.content)
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            assert archive.testzip() is None
            assert {"Dockerfile", "docker-compose.yml", "app/main.py"} <= set(archive.namelist())

        # Whichever replica answers, the token is valid and the project the same: one
        # JWT secret, one database, one artifact store.
        for _ in range(20):
            again = client.get(f"{project}/download")
            assert again.status_code == 200
            assert again.content == download.content

    # Both replicas served the client, and saw its address, not nginx's (X-Forwarded-For).
    address = "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"
    proxy_ip = subprocess.run(
        ["docker", "inspect", "-f", address, stack.container_ids("proxy")[0]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    for replica in stack.container_ids("api"):
        clients = ACCESS.findall(stack.logs(replica))
        assert clients, f"replica {replica[:12]} served no request"
        assert proxy_ip not in clients
