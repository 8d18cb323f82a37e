"""The Cloud's container stack (deploy/) through deploy/stack.sh, beside any other stack.

Each stack has its own env file (the secrets stack.sh writes), Compose project name
and port. Used by the load benchmark (load.py) and by the stack's test
(cloud/tests/deploy/test_stack.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from apigen_cloud.localserver import free_port

STACK_SH = Path(__file__).resolve().parents[1] / "deploy" / "stack.sh"


@dataclass
class Stack:
    """deploy/stack.sh with a private env file, project name and port."""

    workdir: Path
    project: str
    env: dict[str, str]  # added to this process's environment, e.g. APIGEN_API_CPUS
    port: int = field(default_factory=free_port)
    replicas: int = 0

    @property
    def env_file(self) -> Path:
        return self.workdir / "stack.env"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def compose(self, *args: str, timeout: float = 300) -> str:
        """`docker compose ARGS` on this stack; its standard output."""
        env = (
            os.environ
            | self.env
            | {
                "APIGEN_ENV_FILE": str(self.env_file),
                "COMPOSE_PROJECT_NAME": self.project,
                "APIGEN_PORT": str(self.port),
            }
        )
        done = subprocess.run(
            [str(STACK_SH), *args], env=env, capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            output = f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
            raise RuntimeError(f"stack.sh {' '.join(args)} failed:\n{output}")
        return done.stdout

    def scale(self, replicas: int, workers: int) -> None:
        """Start the stack, or add or remove API replicas and workers while it runs."""
        self.compose(
            "up", "-d", "--wait", "--scale", f"api={replicas}", "--scale", f"worker={workers}",
            timeout=900,
        )  # fmt: skip
        self.replicas = replicas

    def container_ids(self, service: str) -> list[str]:
        return self.compose("ps", "-q", service).split()


@contextmanager
def running_stack(
    workdir: Path, name: str, replicas: int, workers: int, env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """The stack built, started and healthy; removed with its volumes afterwards.

    `name` prefixes the Compose project name; the env file is written in `workdir`.
    """
    stack = Stack(workdir, f"{name}-{uuid.uuid4().hex[:8]}", env or {})
    try:
        try:
            # A fresh machine builds the three images here (about a minute).
            stack.compose("build", timeout=900)
            stack.scale(replicas, workers)
        except (RuntimeError, subprocess.TimeoutExpired):
            print(stack.compose("logs", "--tail", "60"), file=sys.stderr)  # why it did not start
            raise
        yield stack
    finally:
        stack.compose("down", "-v", "--remove-orphans")
