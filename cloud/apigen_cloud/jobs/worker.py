"""The embedded job engine: an asyncio task in the app that claims queued job rows."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy import select, update

from apigen_cloud.db import SessionFactory, write_session
from apigen_cloud.models import JOB_QUEUED, JOB_RUNNING, Job, utcnow

logger = logging.getLogger(__name__)


class InProcessWorker:
    """Implements `JobQueue`. `enqueue` only wakes the loop: the rows are the queue,
    so jobs queued before a restart (or by another process) are found as well."""

    def __init__(
        self,
        factory: SessionFactory,
        run: Callable[[uuid.UUID], Awaitable[None]],
        *,
        concurrency: int,
        poll_seconds: float = 2.0,
    ) -> None:
        self._factory = factory
        self._run = run
        self._slots = asyncio.Semaphore(concurrency)
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()

    async def enqueue(self, job_id: uuid.UUID) -> None:
        self._wake.set()

    def start(self) -> None:
        self._loop_task = asyncio.create_task(self._loop(), name="apigen-worker")

    async def stop(self) -> None:
        """Cancel everything; interrupted jobs stay `running` and are recovered at start-up."""
        tasks = [*self._running, *([self._loop_task] if self._loop_task else [])]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None

    async def _loop(self) -> None:
        while True:
            await self._slots.acquire()
            self._wake.clear()
            try:
                job_id = await self._claim()
            except Exception:  # e.g. the database is briefly unreachable
                logger.exception("claiming a job failed")
                job_id = None
            if job_id is None:
                self._slots.release()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._poll_seconds)
                continue
            task = asyncio.create_task(self._run_one(job_id), name=f"apigen-job-{job_id}")
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _run_one(self, job_id: uuid.UUID) -> None:
        try:
            await self._run(job_id)
        except Exception:
            logger.exception("job %s crashed", job_id)
        finally:
            self._slots.release()

    async def _claim(self) -> uuid.UUID | None:
        async with write_session(self._factory) as session:
            job_id = await session.scalar(
                select(Job.id)
                .where(Job.state == JOB_QUEUED)
                .order_by(Job.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if job_id is not None:
                await session.execute(
                    update(Job)
                    .where(Job.id == job_id)
                    .values(state=JOB_RUNNING, runs=Job.runs + 1, started_at=utcnow())
                )
            return job_id
