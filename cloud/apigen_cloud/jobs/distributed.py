"""The distributed job engine: Procrastinate on PostgreSQL carries "run job X" from the
API replicas to `apigen-cloud worker` processes.

The job rows stay the source of truth (the API reads them); a Procrastinate job
only says which row to run. Each one carries the row's id as its `lock`, so two
of them never run the same row at once, and as its `queueing_lock`, so it waits
in the queue at most once. Every worker also reconciles, every few seconds:
- the Procrastinate jobs of workers whose heartbeat stopped (killed, frozen) go
  back to the queue, unless the job row's own lease (`heartbeat_at`, renewed while
  the job runs) is fresh: a worker asked to stop stops its heartbeat at once but
  still finishes its jobs. The next run sees the row still `running`, counts the
  lost run and runs it again, up to `job_max_runs` (`claim_job`);
- an active row that no Procrastinate job carries (the API stopped between its
  commit and its `enqueue`, or a run was cancelled) is enqueued again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

from procrastinate import App, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.schema import SchemaManager
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from apigen_cloud.core.config import Settings
from apigen_cloud.core.redaction import protect_secrets, settings_secrets
from apigen_cloud.db import (
    SessionFactory,
    create_engine,
    create_session_factory,
    database_url,
    write_session,
)
from apigen_cloud.generator.interfaces import Fixer, Generator
from apigen_cloud.migrate import upgrade_to_head
from apigen_cloud.models import ACTIVE_JOB_STATES, Job, utcnow
from apigen_cloud.services.jobs import JobRunner, claim_job
from apigen_cloud.storage.artifacts import ArtifactStore

logger = logging.getLogger(__name__)

QUEUE = "apigen"
TASK = "apigen.run_job"
HEARTBEAT_SECONDS = 2.0
# A worker silent this long is dead: its jobs are retried by the others.
STALLED_AFTER_SECONDS = 15.0
RECONCILE_SECONDS = 5.0
# The API enqueues right after committing a row: younger rows are not orphans yet.
ORPHAN_AFTER_SECONDS = 10.0
FETCH_POLL_SECONDS = 2.0  # a retried job is not announced (only new ones are)
# Replicas starting together migrate one after the other (pg_advisory_xact_lock key).
_SCHEMA_LOCK = 0x61706967656E  # "apigen"


def check_queue_settings(settings: Settings) -> None:
    """Refuse a queue backend the database cannot carry (ValueError, shown at start)."""
    if settings.queue_backend != "procrastinate":
        return
    if database_url(settings).get_backend_name() != "postgresql":
        raise ValueError(
            "queue_backend 'procrastinate' needs a PostgreSQL database_url "
            "(APIGEN_DATABASE_URL=postgresql://user:password@host/db)"
        )


async def prepare_database(engine: AsyncEngine, *, procrastinate: bool) -> None:
    """Alembic's migrations, then Procrastinate's schema when it carries the jobs
    (created once, in the same locked transaction: all of it or none)."""
    if engine.dialect.name != "postgresql":
        await upgrade_to_head(engine)
        return
    async with engine.begin() as connection:
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SCHEMA_LOCK})
        await upgrade_to_head(engine)
        if procrastinate:
            exists = await connection.scalar(text("SELECT to_regclass('procrastinate_jobs')"))
            if exists is None:
                # Procrastinate's own script, several statements: sent as one simple
                # query by the driver itself, in this transaction.
                driver = (await connection.get_raw_connection()).driver_connection
                assert driver is not None  # an open connection's psycopg connection
                await driver.execute(SchemaManager.get_schema())


def build_app(settings: Settings, *, connections: int) -> App:
    """A Procrastinate app on the settings' database (open it before use)."""
    conninfo = (
        database_url(settings).set(drivername="postgresql").render_as_string(hide_password=False)
    )
    connector = PsycopgConnector(conninfo=conninfo, min_size=1, max_size=connections)
    return App(connector=connector)


class ProcrastinateQueue:
    """Implements `JobQueue` on an open Procrastinate app."""

    def __init__(self, app: App) -> None:
        self._app = app

    async def enqueue(self, job_id: uuid.UUID) -> None:
        key = str(job_id)
        deferrer = self._app.configure_task(TASK, queue=QUEUE, lock=key, queueing_lock=key)
        try:
            await deferrer.defer_async(job_id=key)
        except AlreadyEnqueued:
            pass
        except Exception:
            # The row is committed: the workers' reconciliation enqueues it later.
            logger.exception("job %s: enqueueing failed; a worker will pick it up", job_id)


async def run_worker(
    settings: Settings,
    *,
    generator: Generator | None = None,
    fixer: Fixer | None = None,
    store: ArtifactStore | None = None,
) -> None:
    """Run jobs until SIGTERM/SIGINT: then take no new job, let the running ones end
    (each within `job_timeout_seconds`) and return. A second signal stops at once; the
    interrupted jobs are then retried by the other workers."""
    check_queue_settings(settings)
    protect_secrets(settings_secrets(settings))
    engine = create_engine(settings)
    try:
        await prepare_database(engine, procrastinate=True)
        factory = create_session_factory(engine)
        runner = JobRunner.from_settings(
            factory, settings, generator=generator, fixer=fixer, store=store
        )
        # Jobs, plus the heartbeat, the listener, the fetcher and the reconciliation.
        app = build_app(settings, connections=settings.worker_concurrency + 4)

        @app.task(name=TASK, queue=QUEUE)
        async def run_job(job_id: str) -> None:
            row = uuid.UUID(job_id)
            if await claim_job(factory, settings, row):
                async with _lease(factory, row):
                    await runner.run(row)

        async with app.open_async():
            reconciler = asyncio.create_task(_reconcile_forever(app, factory))
            try:
                await app.run_worker_async(
                    queues=[QUEUE],
                    name=f"{socket.gethostname()}-{os.getpid()}",
                    concurrency=settings.worker_concurrency,
                    delete_jobs="successful",  # the job rows keep the history
                    update_heartbeat_interval=HEARTBEAT_SECONDS,
                    stalled_worker_timeout=STALLED_AFTER_SECONDS,
                    fetch_job_polling_interval=FETCH_POLL_SECONDS,
                    install_signal_handlers=True,
                )
            finally:
                reconciler.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await reconciler
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def _lease(factory: SessionFactory, job_id: uuid.UUID) -> AsyncIterator[None]:
    """Renew the job row's heartbeat while the job runs. Procrastinate's worker
    heartbeat stops as soon as a worker is asked to stop, while its running jobs
    still finish: without this lease the others would take those jobs over."""

    async def renew() -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            try:
                async with write_session(factory) as session:
                    await session.execute(
                        update(Job).where(Job.id == job_id).values(heartbeat_at=utcnow())
                    )
            except Exception:  # the database is briefly unreachable: next beat
                logger.exception("job %s: renewing its heartbeat failed", job_id)

    renewing = asyncio.create_task(renew(), name=f"apigen-lease-{job_id}")
    try:
        yield
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing


async def _reconcile_forever(app: App, factory: SessionFactory) -> None:
    while True:
        await asyncio.sleep(RECONCILE_SECONDS)
        try:
            await reconcile(app, factory)
        except Exception:  # e.g. the database is briefly unreachable: next round
            logger.exception("reconciling the job queue failed")


async def reconcile(app: App, factory: SessionFactory) -> None:
    """Requeue the jobs of stalled workers; enqueue active rows nothing carries."""
    stalled = await app.job_manager.get_stalled_jobs(
        queue=QUEUE, task_name=TASK, seconds_since_heartbeat=STALLED_AFTER_SECONDS
    )
    fresh = utcnow() - timedelta(seconds=STALLED_AFTER_SECONDS)
    async with factory() as session:
        leased = {
            str(job_id)
            for job_id in await session.scalars(
                select(Job.id).where(
                    Job.id.in_([uuid.UUID(str(job.lock)) for job in stalled]),
                    Job.heartbeat_at > fresh,
                )
            )
        }
    for job in stalled:
        if job.lock in leased:  # a stopping worker finishing it: still alive
            continue
        logger.warning("%s: its worker stopped sending heartbeats; queued again", job.call_string)
        try:
            await app.job_manager.retry_job(job)
        except ConnectorException as error:
            # Typically another worker requeued it first (it is no longer `doing`).
            logger.warning("%s: not queued again: %s", job.call_string, error)
    async with factory() as session:
        orphans = (
            await session.scalars(
                select(Job.id).where(
                    Job.state.in_(ACTIVE_JOB_STATES),
                    Job.created_at < utcnow() - timedelta(seconds=ORPHAN_AFTER_SECONDS),
                    text(
                        "NOT EXISTS (SELECT 1 FROM procrastinate_jobs p "
                        "WHERE p.lock = CAST(jobs.id AS TEXT) AND p.status IN ('todo', 'doing'))"
                    ),
                )
            )
        ).all()
    queue = ProcrastinateQueue(app)
    for job_id in orphans:
        logger.warning("job %s was not in the queue; queued it again", job_id)
        await queue.enqueue(job_id)
