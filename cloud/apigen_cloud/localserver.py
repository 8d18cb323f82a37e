"""A server process on loopback, started and awaited: for benchmarks and live tests.

The benchmarks and the tests that need a real server (Schemathesis, end to end)
all start a process, wait for its `/health`, and stop it; this is that, once.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def docker_works() -> bool:
    """Whether a Docker engine answers here (tests that need one skip otherwise)."""
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(
    command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """The process, its output appended to `log` (a file: a pipe nobody reads fills up)."""
    with log.open("ab") as output:
        return subprocess.Popen(command, env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)


def wait_healthy(
    process: subprocess.Popen[bytes],
    url: str,
    log: Path,
    timeout: float = 60,
    path: str = "/health",
) -> None:
    """Wait until `url` + `path` answers 200; fails when the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{tail(log)}")
        try:
            if httpx.get(f"{url}{path}", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"the server did not answer {path} within {timeout:g} s:\n{tail(log)}"
            )
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def tail(log: Path, characters: int = 4000) -> str:
    return log.read_text(errors="replace")[-characters:] if log.exists() else ""


@contextmanager
def serving(
    command: list[str], env: dict[str, str], port: int, log: Path, cwd: Path | None = None
) -> Iterator[str]:
    """Run `command` (which listens on `port`) until the block ends; yields its base URL."""
    url = f"http://127.0.0.1:{port}"
    process = start(command, env, log, cwd)
    try:
        wait_healthy(process, url, log)
        yield url
    finally:
        stop(process)
