"""Projects: generate, read, poll, download, report, fix, delete."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from fastapi.responses import StreamingResponse

from apigen_cloud.api.deps import CurrentUser, CurrentUserId, SessionDep, StateDep
from apigen_cloud.api.responses import AUTH, BODY, errors
from apigen_cloud.schemas import (
    FixAccepted,
    FixRequestIn,
    GenerateRequest,
    JobAccepted,
    ProjectOut,
    ProjectPage,
    ProjectStatusOut,
    ReportRecorded,
    VerificationReport,
)
from apigen_cloud.services import projects as service
from apigen_cloud.services.errors import NotFoundError, UnavailableError
from apigen_cloud.storage.artifacts import ArtifactNotFoundError, ArtifactStoreError

logger = logging.getLogger(__name__)

router = APIRouter(tags=["projects"])

PROJECT = AUTH | errors(404)
MAX_INT = 2**31 - 1


@router.post(
    "/generate-from-prompt",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=JobAccepted,
    responses=AUTH | BODY,
)
async def generate_from_prompt(
    body: GenerateRequest, user: CurrentUser, session: SessionDep, state: StateDep
) -> JobAccepted:
    """Create a project and queue its generation; poll its status until ready or failed."""
    return await service.start_generation(session, state.queue, user.id, body.prompt, body.name)


@router.get("/projects", response_model=ProjectPage, responses=AUTH)
async def list_projects(
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> ProjectPage:
    """The user's projects, newest first."""
    return await service.list_projects(session, state.settings, user.id, limit, offset)


@router.get("/projects/{project_id}", response_model=ProjectOut, responses=PROJECT)
async def get_project(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, state: StateDep
) -> ProjectOut:
    return await service.get_project(session, state.settings, user.id, project_id)


@router.get("/projects/{project_id}/status", response_model=ProjectStatusOut, responses=PROJECT)
async def get_status(
    project_id: uuid.UUID, user_id: CurrentUserId, session: SessionDep
) -> ProjectStatusOut:
    """Polled every 2 s while a job runs: one indexed read, the token checked without one."""
    return await service.get_status(session, user_id, project_id)


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


async def _prefetched(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for chunk in rest:
        yield chunk


@router.get(
    "/projects/{project_id}/download",
    response_class=Response,
    responses={
        200: {
            "description": "The project ZIP",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
        **PROJECT,
        **errors(304, 409, 503),
    },
)
async def download(
    project_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
    version: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="A version; default the current one")
    ] = None,
    if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    """The project's ZIP (files at the root)."""
    name, found = await service.version_to_download(session, user.id, project_id, version)
    etag = f'"{found.sha256}"'
    if _etag_matches(if_none_match, etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    stream = state.store.open_stream(found.artifact_key)
    # The first chunk is read before answering, so a missing file is an error
    # response rather than a broken download.
    try:
        first = await anext(stream, b"")
    except ArtifactNotFoundError:
        logger.error(
            "project %s: the ZIP of version %d (%s) is missing from the artifact store",
            project_id,
            found.number,
            found.artifact_key,
        )
        raise NotFoundError(
            f"The file of version {found.number} is missing on the server; "
            "generate the project again"
        ) from None
    except ArtifactStoreError as error:
        logger.error("project %s: the artifact store failed: %s", project_id, error)
        raise UnavailableError(
            "The file store is unavailable right now; try the download again later"
        ) from None
    filename = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "project"
    return StreamingResponse(
        _prefetched(first, stream),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}-v{found.number}.zip"',
            "Content-Length": str(found.size),
            "ETag": etag,
        },
    )


@router.post(
    "/projects/{project_id}/verify-report",
    response_model=ReportRecorded,
    responses=PROJECT | errors(409) | BODY,
)
async def verify_report(
    project_id: uuid.UUID,
    body: VerificationReport,
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
) -> ReportRecorded:
    """Record the Desktop's verification report; says whether to fix, stop or give up."""
    return await service.record_report(session, state.settings, user.id, project_id, body)


@router.post(
    "/projects/{project_id}/fix",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=FixAccepted,
    responses=PROJECT | errors(409) | BODY,
)
async def fix(
    project_id: uuid.UUID,
    body: FixRequestIn,
    user: CurrentUser,
    session: SessionDep,
    state: StateDep,
) -> FixAccepted:
    """Queue a fix of the current version from a failing report (counted as an attempt)."""
    return await service.request_fix(
        session, state.settings, state.queue, user.id, project_id, body
    )


@router.delete(
    "/projects/{project_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=PROJECT,
)
async def delete_project(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, state: StateDep
) -> Response:
    """Delete the project with its versions, reports, jobs and files."""
    await service.delete_project(session, state.store, user.id, project_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
