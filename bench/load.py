"""Load benchmark: N simulated Desktop apps and a stream of generations, 1 then 2 API replicas.

Starts the Cloud's container stack (deploy/: nginx, PostgreSQL, the S3 stand-in, one
worker) with one API replica. Each simulated Desktop app has an account's token and
a project of its own and does what the Desktop does while it waits: GET
/projects/{id}/status, then sleep 2 s, again. Meanwhile another account asks for a
generation every `--generate-every` seconds and polls each until it is ready. The
polling rate achieved is compared with the target (N apps / 2 s); then the stack is
scaled to two replicas on the fly (nginx finds the new one through Docker's DNS)
and the same apps run again. The 2/1 ratio of achieved polling rates is the scaling.

N: the capacity of one replica is measured first (closed loop, as status_poll.py
does); N is chosen so that the target is twice that capacity. One replica then
cannot hold it (its apps wait longer between polls); two perfectly scaling
replicas just could, so the ratio can show anything from no gain to 2x.

Every container and this client share one machine. Left unlimited, one replica
(one uvicorn process) takes a whole core and, on 2 cores, a second one only
competes with nginx, PostgreSQL and this client for the rest: the ratio would
measure the machine. So each replica is capped (`--api-cpus`, default half a CPU,
as if each ran on a small host of its own) and the ratio shows what adding a
replica adds. `--api-cpus 0` lifts the cap.

    .venv/bin/python bench/load.py [--seconds 10] [--rounds 2] [--apps N] [--api-cpus 0.5] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import ssl
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from stack import Stack, running_stack
from status_poll import PASSWORD, PROMPT, Result, poll

POLL_SECONDS = 2.0  # the contract's polling interval
APPS_PER_ACCOUNT = 25  # logins cost ~0.1 s of argon2 each: not what is measured
WARMUP_SECONDS = 4.0  # the apps start spread over one interval; then it counts
HELD = 0.95  # achieved / target above this: the target is held
MAX_APPS = 2000  # bounds the preparation (a project each) on a fast machine


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def line(row: dict[str, object]) -> str:
    return ", ".join(f"{key} {value}" for key, value in row.items())


@dataclass(frozen=True)
class App:
    headers: dict[str, str]
    status_path: str


async def account(client: httpx.AsyncClient) -> dict[str, str]:
    credentials = {"email": f"load-{uuid.uuid4().hex[:12]}@example.com", "password": PASSWORD}
    (await client.post("/auth/register", json=credentials)).raise_for_status()
    login = await client.post("/auth/login", json=credentials)
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def generate(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    created = await client.post("/generate-from-prompt", json={"prompt": PROMPT}, headers=headers)
    created.raise_for_status()
    return f"/projects/{created.json()['project_id']}/status"


async def until_done(client: httpx.AsyncClient, app: App) -> str:
    """Poll like the Desktop: every 2 s, for at most the contract's 120 s."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        response = await client.get(app.status_path, headers=app.headers)
        # An error answer (e.g. nginx's 502 while no replica answers): poll again.
        if response.is_success and (status := response.json()["status"]) in ("ready", "failed"):
            return str(status)
        await asyncio.sleep(POLL_SECONDS)
    return "timeout"


async def prepare_apps(client: httpx.AsyncClient, count: int) -> list[App]:
    """`count` apps, each with its own generated project (ready before the measurement,
    so the workers' backlog does not weigh on it)."""
    gate = asyncio.Semaphore(16)

    async def new_account() -> dict[str, str]:
        async with gate:
            return await account(client)

    async def new_app(headers: dict[str, str]) -> App:
        async with gate:
            return App(headers, await generate(client, headers))

    accounts = await asyncio.gather(*(new_account() for _ in range(-(-count // APPS_PER_ACCOUNT))))
    apps = await asyncio.gather(*(new_app(accounts[i // APPS_PER_ACCOUNT]) for i in range(count)))
    outcomes = await asyncio.gather(*(until_done(client, app) for app in apps))
    if any(outcome != "ready" for outcome in outcomes):
        raise RuntimeError(f"projects not ready: {sorted(set(outcomes))}")
    return apps


@dataclass(frozen=True)
class Phase:
    polls: Result
    apps: int
    generations: int
    generations_ready: int
    generation_seconds: list[float]
    load_average: float  # the machine's, at the end: other work skews the figures

    @property
    def target(self) -> float:
        return self.apps / POLL_SECONDS

    def row(self, label: str) -> dict[str, object]:
        return {
            "case": label,
            "apps": self.apps,
            "target_req_per_s": round(self.target, 1),
            **{key: value for key, value in self.polls.row(label).items() if key != "case"},
            "held": self.polls.rate >= HELD * self.target,
            "generations": f"{self.generations_ready}/{self.generations} ready",
            "generation_p50_s": round(statistics.median(self.generation_seconds or [0.0]), 2),
            "load_avg_1m": round(self.load_average, 1),
        }


async def measure(
    url: str, apps: list[App], generator: dict[str, str], seconds: float, generate_every: float
) -> Phase:
    """The apps polling and a generation every `generate_every` s, for WARMUP_SECONDS +
    `seconds`; the polls started in the last `seconds` count."""
    latencies: list[float] = []
    errors = 0
    began = time.perf_counter()
    window = (began + WARMUP_SECONDS, began + WARMUP_SECONDS + seconds)
    # A client per app, as each Desktop has its own connection (one shared pool
    # of a thousand connections costs this process more CPU than the Cloud).
    tls = ssl.create_default_context()  # unused on http://, but costly to make per client

    async def desktop(app: App) -> None:
        nonlocal errors
        await asyncio.sleep(random.uniform(0, POLL_SECONDS))
        async with httpx.AsyncClient(base_url=url, timeout=60, verify=tls) as client:
            while (started := time.perf_counter()) < window[1]:
                try:
                    ok = (await client.get(app.status_path, headers=app.headers)).is_success
                except httpx.HTTPError:
                    ok = False
                if started >= window[0]:
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors += not ok
                await asyncio.sleep(POLL_SECONDS)

    generations: list[float] = []
    requested = 0

    async def one_generation(client: httpx.AsyncClient) -> None:
        started = time.perf_counter()
        try:
            app = App(generator, await generate(client, generator))
            if await until_done(client, app) == "ready":
                generations.append(time.perf_counter() - started)
        except httpx.HTTPError:
            pass

    async def stream() -> None:
        nonlocal requested
        async with httpx.AsyncClient(base_url=url, timeout=60, verify=tls) as client:
            running: list[asyncio.Task[None]] = []
            while time.perf_counter() < window[1]:
                running.append(asyncio.create_task(one_generation(client)))
                requested += 1
                await asyncio.sleep(generate_every)
            await asyncio.gather(*running)

    await asyncio.gather(stream(), *(desktop(app) for app in apps))
    polls = Result(len(latencies), errors, seconds, latencies)
    return Phase(polls, len(apps), requested, len(generations), generations, os.getloadavg()[0])


async def calibrate(url: str, headers: dict[str, str], status_path: str) -> float:
    """One replica's status capacity (req/s): 20 clients polling without pause, the
    better of two probes (a burst of other work on the machine lowers one)."""
    rates = [(await poll(f"{url}{status_path}", headers, 20, 3)).rate for _ in range(2)]
    return max(rates)


async def run(stack: Stack, args: argparse.Namespace) -> dict[int, Phase]:
    """Prepare the apps on one replica, then measure 1, 2, 1, 2... replicas (`rounds`
    times each, alternating so that a burst of other work on the machine does not
    weigh on one side only); the best phase of each replica count."""
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as client:
        generator = await account(client)
        probe = App(generator, await generate(client, generator))
        await until_done(client, probe)
        capacity = await calibrate(stack.url, probe.headers, probe.status_path)
        count = args.apps or min(MAX_APPS, round(2 * POLL_SECONDS * capacity))
        log(f"one replica: {capacity:.0f} status req/s without pause; {count} apps")
        apps = await prepare_apps(client, count)
    best: dict[int, Phase] = {}
    for replicas in [1, 2] * args.rounds:
        if stack.replicas != replicas:
            stack.scale(replicas, workers=1)
            await asyncio.sleep(6)  # nginx looks the replicas up again after 5 s
        phase = await measure(stack.url, apps, generator, args.seconds, args.generate_every)
        log(line(phase.row(f"{replicas} replica(s)")))
        if replicas not in best or phase.polls.rate > best[replicas].polls.rate:
            best[replicas] = phase
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per phase")
    parser.add_argument("--apps", type=int, help="simulated Desktop apps (default: calibrated)")
    parser.add_argument(
        "--generate-every", type=float, default=1.0, help="seconds between generations"
    )
    parser.add_argument("--rounds", type=int, default=2, help="phases per replica count")
    parser.add_argument(
        "--api-cpus", type=float, default=0.5, help="CPUs per API replica (0: no limit)"
    )
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()

    log("starting the stack (the first run builds its images) ...")
    cpus = {"APIGEN_API_CPUS": str(args.api_cpus)}
    with (
        tempfile.TemporaryDirectory(prefix="apigen-load-") as tmp,
        running_stack(Path(tmp), "apigen-load", replicas=1, workers=1, env=cpus) as stack,
    ):
        best = asyncio.run(run(stack, args))
    one, two = best[1], best[2]
    ratio = two.polls.rate / one.polls.rate
    rows = [
        one.row("1 API replica"),
        two.row("2 API replicas"),
        {"case": "2 / 1 replicas polling rate", "ratio": round(ratio, 2)},
    ]
    if args.json:
        print(json.dumps(rows))
        return
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    main()
