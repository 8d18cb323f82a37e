"""The Cloud's container stack (deploy/): nginx, 2 API replicas, 2 workers, PostgreSQL, S3.

Started with deploy/stack.sh as a user would (it writes the env file with the
shared secrets), driven through nginx like the Desktop app, then removed with its
volumes. Needs a Docker engine; the images are built on the first run and cached.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from apigen_cloud.localserver import docker_works

# deploy/stack.sh's wrapper, shared with the load benchmark.
sys.path.append(str(Path(__file__).resolve().parents[3] / "bench"))
from stack import Stack, running_stack

pytestmark = pytest.mark.skipif(not docker_works(), reason="docker is not available")

PROMPT = "A library API with books (title, isbn unique) and members (name, email unique)"
PASSWORD = "a long password"
# uvicorn's access log line: `INFO:     <client>:<port> - "GET /api/v1/... HTTP/1.1" 200 OK`
ACCESS = re.compile(r'INFO:\s+(\S+):\d+ - "[A-Z]+ /api/v1/')


def container_logs(container: str) -> str:
    done = subprocess.run(["docker", "logs", container], capture_output=True, text=True)
    return done.stdout + done.stderr


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    with running_stack(tmp_path, "apigen-stack-test", replicas=2, workers=2) as running:
        yield running


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
        clients = ACCESS.findall(container_logs(replica))
        assert clients, f"replica {replica[:12]} served no request"
        assert proxy_ip not in clients
