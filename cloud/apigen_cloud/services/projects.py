"""Projects: creation, reads, verification reports, fix requests and deletion."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from apigen_cloud.core.config import Settings
from apigen_cloud.db import begin_write
from apigen_cloud.generator.spec import to_snake
from apigen_cloud.jobs.queue import JobQueue
from apigen_cloud.models import (
    KIND_FIX,
    KIND_GENERATE,
    STATUS_FIXING,
    STATUS_GENERATING,
    Job,
    Project,
    ProjectVersion,
    Report,
    utcnow,
)
from apigen_cloud.schemas import (
    FixAccepted,
    FixRequestIn,
    JobAccepted,
    ProjectOut,
    ProjectPage,
    ProjectStatusOut,
    ReportRecorded,
    ReportSummary,
    VerificationReport,
)
from apigen_cloud.services.errors import ConflictError, InvalidRequestError, NotFoundError
from apigen_cloud.storage.artifacts import ArtifactStore, ArtifactStoreError

logger = logging.getLogger(__name__)

PROJECT_NOT_FOUND = "Project not found"
JOB_IN_PROGRESS = "A job of this project is still running; wait until its status is ready or failed"
# What the Desktop is told to expect; the offline fixer is much faster.
ESTIMATED_FIX_SECONDS = 15


# What opens a message rather than says what it is about: "# ", "Subject:", "Hi Marek,",
# "hey @tom"
_MESSAGE_OPENING = re.compile(
    r"^\s*(?:#+\s*|(?:subject|re|fwd?)\s*:\s*|(?:hi|hello|hey|dear)\b[^,\n]{0,30},\s*|"
    r"(?:(?:hi|hello|hey)\s+)?@\S+\s*)+",
    re.IGNORECASE,
)


def default_name(prompt: str) -> str:
    """A readable name from the first words of the prompt's first line, until the job finds a
    better one (it keeps this one when the prompt cannot be understood)."""
    first_line = _MESSAGE_OPENING.sub("", prompt).strip().split("\n", 1)[0]
    return _first_words(first_line) or _first_words(prompt) or "project"


def _first_words(text: str) -> str:
    return to_snake(" ".join(text.split()[:6]))[:50].strip("_")


async def _owned(
    session: AsyncSession, owner_id: uuid.UUID, project_id: uuid.UUID, *, lock: bool = False
) -> Project:
    """The user's project. `lock` holds its row until the transaction ends (PostgreSQL;
    SQLite's write transactions are serialised anyway)."""
    # Another user's project answers exactly like an unknown one.
    query = select(Project).where(Project.id == project_id, Project.owner_id == owner_id)
    project = await session.scalar(query.with_for_update() if lock else query)
    if project is None:
        raise NotFoundError(PROJECT_NOT_FOUND)
    return project


async def start_generation(
    session: AsyncSession, queue: JobQueue, owner_id: uuid.UUID, prompt: str, name: str | None
) -> JobAccepted:
    await begin_write(session)
    project = Project(
        id=uuid.uuid4(),
        owner_id=owner_id,
        name=name.strip() if name else default_name(prompt),
        prompt=prompt,
        status=STATUS_GENERATING,
        job_id=uuid.uuid4(),
    )
    job = Job(
        id=project.job_id,
        project_id=project.id,
        kind=KIND_GENERATE,
        payload={"prompt": prompt, "name": name.strip() if name else None},
    )
    session.add(project)
    await session.flush()  # the project row first: the job references it
    session.add(job)
    await session.commit()
    await queue.enqueue(job.id)
    return JobAccepted(job_id=job.id, project_id=project.id)


# --- reads ------------------------------------------------------------------


@dataclass(frozen=True)
class _Extras:
    specs: dict[uuid.UUID, dict[str, object]]
    reports: dict[uuid.UUID, ReportSummary]


async def _extras(session: AsyncSession, projects: Sequence[Project]) -> _Extras:
    """Current spec and latest report of each project, in two queries for the whole page."""
    ids = [p.id for p in projects]
    if not ids:
        return _Extras({}, {})
    spec_rows = await session.execute(
        select(ProjectVersion.project_id, ProjectVersion.spec)
        .join(
            Project,
            (Project.id == ProjectVersion.project_id) & (Project.version == ProjectVersion.number),
        )
        .where(ProjectVersion.project_id.in_(ids))
    )
    ranked = (
        select(
            Report,
            func.row_number()
            .over(
                partition_by=Report.project_id,
                order_by=(Report.created_at.desc(), Report.id.desc()),
            )
            .label("rank"),
        )
        .where(Report.project_id.in_(ids))
        .subquery()
    )
    report_rows = await session.execute(select(ranked).where(ranked.c.rank == 1))
    reports = {
        row.project_id: ReportSummary(
            report_id=row.id,
            version=row.version,
            passed=row.passed,
            elapsed_ms=row.elapsed_ms,
            total=row.total,
            failed=row.failed,
        )
        for row in report_rows
    }
    return _Extras({pid: spec for pid, spec in spec_rows}, reports)


def _view(project: Project, extras: _Extras, settings: Settings) -> ProjectOut:
    return ProjectOut(
        id=project.id,
        name=project.name,
        prompt=project.prompt,
        status=project.status,
        version=project.version,
        job_id=project.job_id,
        error=project.error,
        fix_attempts_used=project.fix_attempts_used,
        fix_attempts_left=max(0, settings.max_fix_attempts - project.fix_attempts_used),
        created_at=project.created_at,
        updated_at=project.updated_at,
        latest_report=extras.reports.get(project.id),
        spec=extras.specs.get(project.id),
    )


async def get_project(
    session: AsyncSession, settings: Settings, owner_id: uuid.UUID, project_id: uuid.UUID
) -> ProjectOut:
    project = await _owned(session, owner_id, project_id)
    return _view(project, await _extras(session, [project]), settings)


async def list_projects(
    session: AsyncSession, settings: Settings, owner_id: uuid.UUID, limit: int, offset: int
) -> ProjectPage:
    total = await session.scalar(
        select(func.count()).select_from(Project).where(Project.owner_id == owner_id)
    )
    projects = (
        await session.scalars(
            select(Project)
            .where(Project.owner_id == owner_id)
            .order_by(Project.created_at.desc(), Project.id.desc())
            .limit(limit)
            .offset(offset)
        )
    ).all()
    extras = await _extras(session, projects)
    return ProjectPage(
        items=[_view(p, extras, settings) for p in projects],
        total=total or 0,
        limit=limit,
        offset=offset,
    )


async def get_status(
    session: AsyncSession, owner_id: uuid.UUID, project_id: uuid.UUID
) -> ProjectStatusOut:
    # Polled every 2 s by every Desktop: only the status columns, by primary key.
    row = (
        await session.execute(
            select(
                Project.status, Project.job_id, Project.version, Project.updated_at, Project.error
            ).where(Project.id == project_id, Project.owner_id == owner_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(PROJECT_NOT_FOUND)
    return ProjectStatusOut.model_validate(row._asdict())


async def version_to_download(
    session: AsyncSession, owner_id: uuid.UUID, project_id: uuid.UUID, version: int | None
) -> tuple[str, ProjectVersion]:
    """The project's name and the version to download."""
    project = await _owned(session, owner_id, project_id)
    if version is None:
        if project.version == 0:
            raise ConflictError(
                "This project has no generated version yet; download it once its status is ready"
            )
        version = project.version
    found = await session.get(ProjectVersion, (project.id, version))
    if found is None:
        raise NotFoundError(f"Version {version} of this project does not exist")
    return project.name, found


# --- verification and fixes -------------------------------------------------


async def record_report(
    session: AsyncSession,
    settings: Settings,
    owner_id: uuid.UUID,
    project_id: uuid.UUID,
    report: VerificationReport,
) -> ReportRecorded:
    await begin_write(session)
    project = await _owned(session, owner_id, project_id)
    if report.project_id != project.id:
        raise InvalidRequestError(
            "project_id in the body does not match the project in the path",
            ("body", "project_id"),
        )
    if project.version == 0:
        raise ConflictError("This project has no generated version to report on yet")
    if project.status == STATUS_FIXING:
        # The report would be filed against the version the fix is replacing.
        raise ConflictError(
            "A fix of this project is running; verify the new version once its status is ready"
        )
    failed = sum(1 for result in report.results if not result.passed)
    row = Report(
        id=uuid.uuid4(),
        project_id=project.id,
        version=project.version,
        passed=report.passed,
        elapsed_ms=report.elapsed_ms,
        total=len(report.results),
        failed=failed,
        results=[result.model_dump(mode="json") for result in report.results],
    )
    session.add(row)
    await session.commit()

    limit = settings.max_fix_attempts
    if report.passed:
        return ReportRecorded(action_required="none", message="All tests passed.", report_id=row.id)
    if project.fix_attempts_used < limit:
        attempt = project.fix_attempts_used + 1
        return ReportRecorded(
            action_required="fix",
            message=f"Failing tests detected. Proceed to trigger auto-fix (attempt {attempt} of "
            f"{limit}).",
            report_id=row.id,
        )
    return ReportRecorded(
        action_required="give_up",
        message=f"Failing tests remain and all {limit} fix attempts are used.",
        report_id=row.id,
    )


async def request_fix(
    session: AsyncSession,
    settings: Settings,
    queue: JobQueue,
    owner_id: uuid.UUID,
    project_id: uuid.UUID,
    request: FixRequestIn,
) -> FixAccepted:
    """Accept a fix. The attempt is counted here, at acceptance, so the cap holds even
    when the fix job later fails or times out."""
    await begin_write(session)
    project = await _owned(session, owner_id, project_id)
    used, limit = project.fix_attempts_used, settings.max_fix_attempts
    if used >= limit:
        raise ConflictError(f"The limit of {limit} fix attempts is reached for this project")
    if project.status in (STATUS_GENERATING, STATUS_FIXING):
        raise ConflictError(JOB_IN_PROGRESS)
    if project.version == 0:
        raise ConflictError("This project has no generated version to fix")
    if request.attempt_number != used + 1:
        raise ConflictError(f"attempt_number must be {used + 1}, the next attempt of this project")
    report = await session.get(Report, request.report_id)
    if report is None or report.project_id != project.id:
        raise NotFoundError("Report not found for this project")
    if report.passed:
        raise InvalidRequestError(
            "This report passed; there is nothing to fix", ("body", "report_id")
        )
    if report.version != project.version:
        raise ConflictError(
            f"This report is about version {report.version}; verify the current version "
            f"{project.version} and report again"
        )

    job = Job(
        id=uuid.uuid4(),
        project_id=project.id,
        kind=KIND_FIX,
        payload={
            "report_id": str(report.id),
            "attempt_number": request.attempt_number,
            "base_version": project.version,
        },
    )
    # Guarded on the value read above: a concurrent request cannot count twice.
    counted = await session.execute(
        update(Project)
        .where(Project.id == project.id, Project.fix_attempts_used == used)
        .values(
            fix_attempts_used=used + 1,
            status=STATUS_FIXING,
            job_id=job.id,
            error=None,
            updated_at=utcnow(),
        )
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise ConflictError(JOB_IN_PROGRESS)
    session.add(job)
    try:
        await session.commit()
    except IntegrityError:  # the one-active-job-per-project index
        await session.rollback()
        raise ConflictError(JOB_IN_PROGRESS) from None
    await queue.enqueue(job.id)
    return FixAccepted(
        job_id=job.id,
        estimated_completion_seconds=min(
            ESTIMATED_FIX_SECONDS, int(settings.job_timeout_seconds) or 1
        ),
    )


async def delete_project(
    session: AsyncSession, store: ArtifactStore, owner_id: uuid.UUID, project_id: uuid.UUID
) -> None:
    await begin_write(session)
    # Locked: a job finishing now either stores its version before this reads the
    # keys, or finds the project gone afterwards; no file is left behind.
    project = await _owned(session, owner_id, project_id, lock=True)
    keys = (
        await session.scalars(
            select(ProjectVersion.artifact_key).where(ProjectVersion.project_id == project.id)
        )
    ).all()
    # Versions, reports and jobs go with it (ON DELETE CASCADE). A job still
    # running finds its row gone and discards its result.
    await session.execute(delete(Project).where(Project.id == project.id))
    await session.commit()
    for key in keys:
        try:
            await store.delete(key)
        except ArtifactStoreError as error:
            # The project is gone already; a file the store kept is only wasted space.
            logger.error("project %s: its file %s was not deleted: %s", project_id, key, error)
