"""Helpers of the scale-out tests: API and worker processes on one PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, text

from apigen_cloud import localserver
from apigen_cloud.core.config import Settings
from apigen_cloud.db import SessionFactory, create_engine, create_session_factory
from apigen_cloud.jobs.distributed import ProcrastinateQueue, build_app, prepare_database
from apigen_cloud.models import Job, User
from apigen_cloud.services.projects import start_generation

CLOUD_BIN = Path(sys.executable).parent / "apigen-cloud"
SLOW_WORKER = Path(__file__).parent / "slow_worker.py"
PROMPTS = [
    "A library API with books (title, isbn unique) and members (name, email unique)",
    "A task tracker with projects (name) and tasks (title, done boolean, due date)",
    "A blog with posts (title, body) and comments (author name, text)",
    "An inventory with warehouses (city) and products (sku unique, quantity integer)",
    "A gym app with members (name, email unique) and classes (title, starts at datetime)",
]


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return localserver.tail(self.log, 100_000)


@dataclass
class Stack:
    """`apigen-cloud serve`/`worker` processes sharing one database and data directory."""

    database_url: str
    workdir: Path
    processes: list[Process] = field(default_factory=list)
    migrated: bool = False

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "APIGEN_DATABASE_URL": self.database_url,
            "APIGEN_QUEUE_BACKEND": "procrastinate",
            "APIGEN_DATA_DIR": str(self.workdir / "data"),
            # Set, as a deployment would: replicas must sign with the same secret.
            "APIGEN_JWT_SECRET": "scale-test-secret-" + "x" * 32,
            "APIGEN_WORKER_CONCURRENCY": "2",
        }

    @property
    def settings(self) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=self.database_url,
            queue_backend="procrastinate",
            data_dir=self.workdir / "data",
        )

    async def migrate(self) -> None:
        """Migrate the database from the test's own process, once per stack."""
        if self.migrated:
            return
        engine = create_engine(self.settings)
        try:
            await prepare_database(engine, procrastinate=True)
        finally:
            await engine.dispose()
        self.migrated = True

    def start(self, name: str, command: list[str]) -> Process:
        log = self.workdir / f"{name}.log"
        process = Process(name, localserver.start(command, self.env, log, cwd=self.workdir), log)
        self.processes.append(process)
        return process

    def worker(self, name: str) -> Process:
        return self.start(name, [str(CLOUD_BIN), "worker"])

    def slow_worker(self, name: str, seconds: float) -> Process:
        """A worker whose generator waits `seconds` before generating (see slow_worker.py)."""
        return self.start(name, [sys.executable, str(SLOW_WORKER), str(seconds)])

    def serve(self, name: str) -> tuple[Process, str]:
        port = localserver.free_port()
        process = self.start(name, [str(CLOUD_BIN), "serve", "--port", str(port)])
        return process, f"http://127.0.0.1:{port}"

    def stop_all(self) -> None:
        for process in self.processes:
            localserver.stop(process.popen, timeout=15)


def kill(process: Process) -> None:
    """SIGKILL: no shutdown code runs, as when a machine dies."""
    process.popen.send_signal(signal.SIGKILL)
    process.popen.wait()


async def wait_until(
    condition: Callable[[], Awaitable[bool]], within: float, what: str, stack: Stack
) -> None:
    deadline = time.monotonic() + within
    while not await condition():
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {p.name}\n{localserver.tail(p.log)}" for p in stack.processes)
            raise AssertionError(f"{what}: not within {within:g} s\n{logs}")
        await asyncio.sleep(0.2)


@asynccontextmanager
async def database(stack: Stack) -> AsyncIterator[SessionFactory]:
    engine = create_engine(stack.settings)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def live_workers(factory: SessionFactory) -> int:
    async with factory() as session:
        if await session.scalar(text("SELECT to_regclass('procrastinate_workers')")) is None:
            return 0  # not migrated yet
        count = await session.scalar(text("SELECT count(*) FROM procrastinate_workers"))
        return int(count or 0)


async def wait_for_workers(stack: Stack, factory: SessionFactory, number: int) -> None:
    async def up() -> bool:
        return await live_workers(factory) == number

    await wait_until(up, 60, f"{number} worker(s) registered", stack)


async def wait_for_state(
    stack: Stack, factory: SessionFactory, project_id: uuid.UUID, state: str, within: float
) -> None:
    async def reached() -> bool:
        return (await job_of(factory, project_id)).state == state

    await wait_until(reached, within, f"the job {state}", stack)


async def job_of(factory: SessionFactory, project_id: uuid.UUID) -> Job:
    async with factory() as session:
        job = await session.scalar(select(Job).where(Job.project_id == project_id))
        assert job is not None
        return job


async def submit(stack: Stack, factory: SessionFactory, prompt: str = PROMPTS[0]) -> uuid.UUID:
    """A generation queued as the API queues it (the service and the Procrastinate queue),
    without an API process: for the tests about workers only."""
    await stack.migrate()
    async with factory() as session:
        user = User(email=f"{uuid.uuid4().hex[:10]}@example.com", password_hash="unused")
        session.add(user)
        await session.commit()
        async with build_app(stack.settings, connections=1).open_async() as app:
            accepted = await start_generation(
                session, ProcrastinateQueue(app), user.id, prompt, None
            )
    return accepted.project_id
