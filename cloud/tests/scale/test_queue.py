"""The distributed queue's decisions, in process on a real PostgreSQL: claiming a job,
giving up after `job_max_runs`, a superseded run, reconciliation, idempotent schema."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import psycopg
import pytest
from procrastinate import App
from sqlalchemy import select, text, update

from apigen_cloud.cli import main
from apigen_cloud.core.config import get_settings
from apigen_cloud.db import SessionFactory
from apigen_cloud.generator.factory import build_generator
from apigen_cloud.generator.interfaces import GeneratedProject, Generator
from apigen_cloud.jobs.distributed import QUEUE, build_app, reconcile
from apigen_cloud.models import Job, Project, ProjectVersion, utcnow
from apigen_cloud.services.jobs import JobRunner, claim_job
from scale_support import Stack, database, job_of, submit

pytestmark = pytest.mark.postgres


@pytest.fixture
async def factory(stack: Stack) -> AsyncIterator[SessionFactory]:
    await stack.migrate()
    async with database(stack) as factory:
        yield factory


@pytest.fixture
async def jobs_app(stack: Stack, factory: SessionFactory) -> AsyncIterator[App]:
    async with build_app(stack.settings, connections=2).open_async() as app:
        yield app


async def test_an_interrupted_job_runs_again_until_job_max_runs(
    stack: Stack, factory: SessionFactory
) -> None:
    settings = stack.settings  # job_max_runs = 2
    project_id = await submit(stack, factory)
    job_id = (await job_of(factory, project_id)).id
    assert await claim_job(factory, settings, job_id)
    job = await job_of(factory, project_id)
    assert (job.state, job.runs) == ("running", 1)
    # Still `running` when claimed again: its worker died. Second run allowed...
    assert await claim_job(factory, settings, job_id)
    assert (await job_of(factory, project_id)).runs == 2
    # ...third refused: the job and its project fail with a clear message.
    assert not await claim_job(factory, settings, job_id)
    message = (
        "The worker running this job stopped 2 times while this job ran; it was given up. "
        "Please start it again"
    )
    job = await job_of(factory, project_id)
    async with factory() as session:
        project = await session.get(Project, project_id)
    assert (job.state, job.error) == ("failed", message)
    assert project is not None and (project.status, project.error) == ("failed", message)
    # A settled job is never claimed again.
    assert not await claim_job(factory, settings, job_id)
    assert not await claim_job(factory, settings, uuid.uuid4())


@dataclass
class _GatedGenerator:
    gate: asyncio.Event
    inner: Generator

    async def generate(self, prompt: str, name: str | None = None) -> GeneratedProject:
        await self.gate.wait()
        return await self.inner.generate(prompt, name)


async def test_a_superseded_run_settles_nothing(stack: Stack, factory: SessionFactory) -> None:
    """A worker wrongly declared dead (it only stalled) finishes after another took over."""
    settings = stack.settings
    gate = asyncio.Event()
    slow = JobRunner.from_settings(
        factory, settings, generator=_GatedGenerator(gate, build_generator(settings))
    )
    project_id = await submit(stack, factory)
    job_id = (await job_of(factory, project_id)).id
    assert await claim_job(factory, settings, job_id)
    first = asyncio.create_task(slow.run(job_id))
    await asyncio.sleep(0.1)
    assert await claim_job(factory, settings, job_id)  # the takeover: run 2
    gate.set()
    await first
    job = await job_of(factory, project_id)
    async with factory() as session:
        versions = (await session.scalars(select(ProjectVersion))).all()
    assert (job.state, job.runs, versions) == ("running", 2, [])
    artifacts = stack.workdir / "data" / "artifacts" / str(project_id)
    assert list(artifacts.glob("*.zip")) == []  # the superseded run dropped its own ZIP
    await JobRunner.from_settings(factory, settings).run(job_id)  # run 2 completes it
    job = await job_of(factory, project_id)
    async with factory() as session:
        project = await session.get(Project, project_id)
    assert (job.state, job.runs) == ("succeeded", 2)
    assert project is not None and (project.status, project.version) == ("ready", 1)
    async with factory() as session:
        [version] = (await session.scalars(select(ProjectVersion))).all()
    assert [f"{project_id}/{path.name}" for path in artifacts.glob("*.zip")] == [
        version.artifact_key
    ]


async def _queue_rows(jobs_app: App) -> list[tuple[str, str]]:
    jobs = await jobs_app.job_manager.list_jobs_async(queue=QUEUE)
    return sorted((str(job.lock), str(job.status)) for job in jobs)


async def test_reconcile_requeues_stalled_workers_jobs_and_orphan_rows(
    stack: Stack, factory: SessionFactory, jobs_app: App
) -> None:
    stalled_project = await submit(stack, factory)
    stalled_job = (await job_of(factory, stalled_project)).id
    # A worker took it, then went silent.
    manager = jobs_app.job_manager
    worker_id = await manager.register_worker()
    fetched = await manager.fetch_job(queues=[QUEUE], worker_id=worker_id)
    assert fetched is not None and fetched.lock == str(stalled_job)
    # The same worker, asked to stop, is still finishing another job: its lease is fresh.
    finishing_project = await submit(stack, factory)
    finishing_job = (await job_of(factory, finishing_project)).id
    fetched = await manager.fetch_job(queues=[QUEUE], worker_id=worker_id)
    assert fetched is not None and fetched.lock == str(finishing_job)
    assert await claim_job(factory, stack.settings, finishing_job)
    async with factory() as session:
        await session.execute(
            text("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 minute'")
        )
        await session.commit()
    # A row whose enqueue never happened (the API stopped right after its commit)...
    orphan_project = await submit(stack, factory)
    orphan_job = (await job_of(factory, orphan_project)).id
    async with factory() as session:
        await session.execute(
            text("DELETE FROM procrastinate_jobs WHERE lock = :lock"), {"lock": str(orphan_job)}
        )
        await session.commit()
    # ...is left alone while it is young: the API may be enqueueing it right now.
    # Every worker reconciles: two at once must not trip over each other.
    await asyncio.gather(reconcile(jobs_app, factory), reconcile(jobs_app, factory))
    assert await _queue_rows(jobs_app) == sorted(
        [(str(stalled_job), "todo"), (str(finishing_job), "doing")]
    )
    async with factory() as session:
        await session.execute(
            update(Job)
            .where(Job.id == orphan_job)
            .values(created_at=utcnow() - timedelta(minutes=1))
        )
        await session.commit()
    await asyncio.gather(reconcile(jobs_app, factory), reconcile(jobs_app, factory))
    assert await _queue_rows(jobs_app) == sorted(
        [(str(stalled_job), "todo"), (str(orphan_job), "todo"), (str(finishing_job), "doing")]
    )
    # Once its lease runs out too (the process froze or died), it is taken over.
    async with factory() as session:
        await session.execute(
            update(Job)
            .where(Job.id == finishing_job)
            .values(heartbeat_at=utcnow() - timedelta(minutes=1))
        )
        await session.commit()
    await reconcile(jobs_app, factory)
    assert dict(await _queue_rows(jobs_app))[str(finishing_job)] == "todo"


def test_migrate_applies_the_procrastinate_schema_once(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(stack.workdir)
    for name, value in stack.env.items():
        if name.startswith("APIGEN_"):
            monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        main(["migrate"])
        main(["migrate"])  # idempotent
    finally:
        get_settings.cache_clear()
    assert capsys.readouterr().out == "Database is up to date.\n" * 2
    with psycopg.connect(stack.database_url) as connection:
        found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
    assert found == ("procrastinate_jobs",)
