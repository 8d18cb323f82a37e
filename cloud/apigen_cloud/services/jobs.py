"""What a job does: call the generator or the fixer, store the result, settle the project."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import exists, select

from apigen_cloud.core.config import Settings
from apigen_cloud.db import SessionFactory, write_session
from apigen_cloud.generator.interfaces import (
    FailedTest,
    Fixer,
    FixRequest,
    GeneratedProject,
    GenerationError,
    Generator,
    read_zip,
)
from apigen_cloud.generator.spec import ApiSpec
from apigen_cloud.models import (
    ACTIVE_JOB_STATES,
    JOB_FAILED,
    JOB_QUEUED,
    JOB_RUNNING,
    JOB_SUCCEEDED,
    KIND_GENERATE,
    STATUS_FAILED,
    STATUS_FIXING,
    STATUS_GENERATING,
    STATUS_READY,
    Job,
    Project,
    ProjectVersion,
    Report,
    utcnow,
)
from apigen_cloud.storage.artifacts import (
    ArtifactNotFoundError,
    ArtifactStore,
    artifact_key,
    build_artifact_store,
)

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "An internal error stopped the job; please try again"


@dataclass(frozen=True)
class JobRunner:
    factory: SessionFactory
    store: ArtifactStore
    generator: Generator
    fixer: Fixer
    settings: Settings

    @classmethod
    def from_settings(
        cls,
        factory: SessionFactory,
        settings: Settings,
        *,
        generator: Generator | None = None,
        fixer: Fixer | None = None,
        store: ArtifactStore | None = None,
    ) -> JobRunner:
        """The runner with the generator, fixer and store the settings describe,
        unless given (tests pass their own, e.g. a deliberately slow generator)."""
        if generator is None or fixer is None:
            from apigen_cloud.generator.factory import build_fixer, build_generator
        return cls(
            factory=factory,
            store=store or build_artifact_store(settings),
            generator=generator or build_generator(settings),
            fixer=fixer or build_fixer(settings),
            settings=settings,
        )

    async def run(self, job_id: uuid.UUID) -> None:
        """Run a claimed (`running`) job to `succeeded` or `failed`."""
        async with self.factory() as session:
            job = await session.get(Job, job_id)
            if job is None:  # its project was deleted meanwhile
                return
            kind, project_id, payload = job.kind, job.project_id, job.payload
            # This run's number: a result is kept only while it is still the job's
            # latest run (a worker wrongly declared dead must not settle it twice).
            run = _Run(job_id, job.runs)
        what = "generation" if kind == KIND_GENERATE else "fix"
        limit = self.settings.job_timeout_seconds
        deadline = asyncio.timeout(limit)
        try:
            async with deadline:
                if kind == KIND_GENERATE:
                    result = await self.generator.generate(payload["prompt"], payload.get("name"))
                else:
                    result = await self.fixer.fix(await self._fix_request(project_id, payload))
        except TimeoutError:
            if not deadline.expired():
                logger.exception("job %s: %s raised TimeoutError", job_id, what)
                await self._fail(run, INTERNAL_ERROR)
                return
            await self._fail(run, f"The {what} timed out after {limit:g} seconds")
            return
        except GenerationError as error:
            await self._fail(run, str(error) or f"The {what} failed")
            return
        except Exception:
            logger.exception("job %s: %s failed", job_id, what)
            await self._fail(run, INTERNAL_ERROR)
            return
        try:
            name_from_spec = kind == KIND_GENERATE and not payload.get("name")
            await self._succeed(run, project_id, result, name_from_spec=name_from_spec)
        except Exception:
            logger.exception("job %s: storing the result failed", job_id)
            await self._fail(run, INTERNAL_ERROR)

    async def _fix_request(self, project_id: uuid.UUID, payload: dict[str, object]) -> FixRequest:
        async with self.factory() as session:
            version = await session.get(ProjectVersion, (project_id, payload["base_version"]))
            report = await session.get(Report, uuid.UUID(str(payload["report_id"])))
        if version is None or report is None:
            raise GenerationError("The version or the report to fix no longer exists")
        try:
            files = read_zip(await self.store.get(version.artifact_key))
        except ArtifactNotFoundError:
            logger.error("project %s: the ZIP of version %d is missing", project_id, version.number)
            raise GenerationError(
                f"The files of version {version.number} are missing on the server; "
                "generate the project again"
            ) from None
        failed = [
            FailedTest(
                method=result["method"],
                endpoint=result["endpoint"],
                error_message=result.get("error_message"),
                test_name=result.get("test_name"),
                status_code=result.get("status_code"),
            )
            for result in report.results
            if not result["passed"]
        ]
        return FixRequest(
            attempt_number=int(str(payload["attempt_number"])),
            failed_tests=failed,
            files=files,
            spec=ApiSpec.model_validate(version.spec["api"]),
        )

    async def _succeed(
        self,
        run: _Run,
        project_id: uuid.UUID,
        result: GeneratedProject,
        *,
        name_from_spec: bool,
    ) -> None:
        data = result.to_zip()
        async with self.factory() as session:
            current = await session.scalar(select(Project.version).where(Project.id == project_id))
        if current is None:
            return
        # Only this job changes the project's versions while it runs (one active job
        # per project), so the number stays free until the commit below.
        number = current + 1
        key = artifact_key(project_id, number)
        await self.store.put(key, data)
        try:
            async with write_session(self.factory) as session:
                # The project row first, locked, in the same order as a deletion.
                project = await session.get(Project, project_id, with_for_update=True)
                job = await session.get(Job, run.job_id)
                if job is None or project is None:
                    raise _Discarded
                if not run.is_current(job):
                    logger.warning("job %s: run %d was superseded", run.job_id, run.number)
                    raise _Discarded
                session.add(
                    ProjectVersion(
                        project_id=project_id,
                        number=number,
                        spec=result.spec_payload(),
                        artifact_key=key,
                        sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data),
                    )
                )
                now = utcnow()
                project.version = number
                project.status = STATUS_READY
                project.error = None
                project.updated_at = now
                if name_from_spec:
                    project.name = result.spec.name
                job.state, job.finished_at = JOB_SUCCEEDED, now
        except _Discarded:
            await self.store.delete(key)
        except BaseException:
            await self.store.delete(key)
            raise

    async def _fail(self, run: _Run, message: str) -> None:
        async with write_session(self.factory) as session:
            job = await session.get(Job, run.job_id)
            if job is None or not run.is_current(job):
                return
            _mark_failed(job, await session.get(Project, job.project_id), message)


@dataclass(frozen=True)
class _Run:
    job_id: uuid.UUID
    number: int

    def is_current(self, job: Job) -> bool:
        return job.state == JOB_RUNNING and job.runs == self.number


class _Discarded(Exception):
    """The job's project was deleted while it ran, or another run took the job over."""


def _mark_failed(job: Job, project: Project | None, message: str) -> None:
    now = utcnow()
    job.state, job.error, job.finished_at = JOB_FAILED, message, now
    if project is not None:
        project.status, project.error, project.updated_at = STATUS_FAILED, message, now


async def claim_job(factory: SessionFactory, settings: Settings, job_id: uuid.UUID) -> bool:
    """Mark job `job_id` `running` for a caller that alone holds it (a distributed
    worker); whether to run it.

    A `running` row means its previous run was interrupted (that worker died):
    it is run again until it has been started `job_max_runs` times, then given up.
    """
    async with write_session(factory) as session:
        job = await session.get(Job, job_id, with_for_update=True)
        if job is None or job.state not in ACTIVE_JOB_STATES:
            return False  # settled already, or its project was deleted
        if job.state == JOB_RUNNING:
            if job.runs >= settings.job_max_runs:
                message = _given_up("The worker running this job", job.runs)
                _mark_failed(job, await session.get(Project, job.project_id), message)
                logger.warning("job %s was interrupted %d times; given up", job.id, job.runs)
                return False
            logger.warning("job %s was interrupted (its worker stopped); running it again", job.id)
        now = utcnow()
        job.state, job.runs, job.started_at, job.heartbeat_at = JOB_RUNNING, job.runs + 1, now, now
        return True


def _given_up(who: str, runs: int) -> str:
    return f"{who} stopped {runs} times while this job ran; it was given up. Please start it again"


async def recover_jobs(factory: SessionFactory, settings: Settings) -> None:
    """At start-up: requeue jobs a stopped server left `running`, or give them up.

    Assumes one server process owns the queue (the embedded default).
    """
    async with write_session(factory) as session:
        interrupted = (await session.scalars(select(Job).where(Job.state == JOB_RUNNING))).all()
        for job in interrupted:
            if job.runs < settings.job_max_runs:
                job.state = JOB_QUEUED
                logger.warning("job %s was interrupted by a restart; running it again", job.id)
                continue
            message = _given_up("The server", job.runs)
            _mark_failed(job, await session.get(Project, job.project_id), message)
        # A project shown as busy must have a job that will settle it.
        active = exists().where(Job.project_id == Project.id, Job.state.in_(ACTIVE_JOB_STATES))
        stuck = await session.scalars(
            select(Project).where(Project.status.in_((STATUS_GENERATING, STATUS_FIXING)), ~active)
        )
        for project in stuck:
            project.status, project.updated_at = STATUS_FAILED, utcnow()
            project.error = "The job of this project was lost; please start it again"
