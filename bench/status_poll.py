"""Status-poll benchmark: N Desktop apps polling GET /projects/{id}/status.

Starts the Cloud (`apigen-cloud serve`, embedded SQLite, temporary data dir) on a
free loopback port, registers a user, creates a project, then runs `--clients`
concurrent authenticated pollers for `--seconds`. Then the same load against a
bare Starlette JSON endpoint served by uvicorn the same way, as the baseline.

    .venv/bin/python bench/status_poll.py [--seconds 5] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from apigen_cloud.localserver import free_port, serving

PROMPT = "A library API with books (title, isbn unique) and members (name, email unique)"
PASSWORD = "benchmark password"

# The baseline: the smallest ASGI JSON endpoint, served by the same uvicorn.
BARE_APP = """
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def status(request):
    return JSONResponse({"status": "ready", "job_id": None, "version": 1,
                         "updated_at": "2026-01-01T00:00:00Z", "error": None})

app = Starlette(routes=[Route("/status", status), Route("/health", status)])
"""


@dataclass(frozen=True)
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0

    def row(self, label: str) -> dict[str, object]:
        return {
            "case": label,
            "req_per_s": round(self.rate),
            "p50_ms": round(self.percentile(0.50), 2),
            "p99_ms": round(self.percentile(0.99), 2),
            "errors": self.errors,
        }

    def line(self, label: str) -> str:
        return (
            f"{label:<22} {self.rate:9.0f} req/s   p50 {self.percentile(0.50):7.2f} ms   "
            f"p99 {self.percentile(0.99):7.2f} ms   mean {statistics.fmean(self.latencies_ms):7.2f}"
            f" ms   errors {self.errors}"
        )


async def poll(url: str, headers: dict[str, str], clients: int, seconds: float) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10) as client:
        await client.get(url)  # warm up
        stop = time.perf_counter() + seconds

        async def one_client() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                started = time.perf_counter()
                try:
                    response = await client.get(url)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append((time.perf_counter() - started) * 1000)
                errors += not ok

        began = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return Result(len(latencies), errors, elapsed, latencies)


def prepare(url: str) -> tuple[str, dict[str, str]]:
    """Register, log in, create a project; the status URL and auth headers."""
    credentials = {"email": "bench@example.com", "password": PASSWORD}
    httpx.post(f"{url}/api/v1/auth/register", json=credentials).raise_for_status()
    token = httpx.post(f"{url}/api/v1/auth/login", json=credentials).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    created = httpx.post(
        f"{url}/api/v1/generate-from-prompt", json={"prompt": PROMPT}, headers=headers
    )
    created.raise_for_status()
    status_url = f"{url}/api/v1/projects/{created.json()['project_id']}/status"
    deadline = time.monotonic() + 30  # let the generation finish: measure polling alone
    while httpx.get(status_url, headers=headers).json()["status"] not in ("ready", "failed"):
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    return status_url, headers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="polling time per target")
    parser.add_argument("--clients", type=int, default=50, help="concurrent pollers")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="apigen-bench-") as tmp:
        env = os.environ | {
            "APIGEN_DATA_DIR": os.path.join(tmp, "data"),
            "APIGEN_DATABASE_URL": "",
            "APIGEN_LLM_PROVIDER": "none",
        }
        port = free_port()
        cloud = [sys.executable, "-m", "apigen_cloud.cli", "serve", "--port", str(port)]
        with serving(cloud, env, port, Path(tmp) / "cloud.log", Path(tmp)) as url:
            status_url, headers = prepare(url)
            cloud_result = asyncio.run(poll(status_url, headers, args.clients, args.seconds))

        with open(os.path.join(tmp, "bare_app.py"), "w", encoding="utf-8") as handle:
            handle.write(BARE_APP)
        port = free_port()
        bare = [
            sys.executable, "-m", "uvicorn", "bare_app:app",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
        ]  # fmt: skip
        with serving(bare, env, port, Path(tmp) / "bare.log", Path(tmp)) as url:
            bare_result = asyncio.run(poll(f"{url}/status", {}, args.clients, args.seconds))

    ratio = cloud_result.rate / bare_result.rate
    if args.json:
        rows = [cloud_result.row("Cloud /status (SQLite)"), bare_result.row("bare Starlette JSON")]
        print(json.dumps([*rows, {"case": "Cloud / bare throughput", "ratio": round(ratio, 2)}]))
        return
    print(f"{args.clients} clients, {args.seconds:g} s each, one uvicorn worker, loopback")
    print(cloud_result.line("Cloud /status (SQLite)"))
    print(bare_result.line("bare Starlette JSON"))
    print(f"Cloud / bare throughput ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
