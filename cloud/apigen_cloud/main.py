"""The Cloud API application: `create_app()` builds it, its lifespan runs migrations and jobs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from apigen_cloud.api.deps import API_PREFIX
from apigen_cloud.api.limits import BodySizeLimitMiddleware
from apigen_cloud.api.routes import auth, health, projects
from apigen_cloud.core.config import Settings, get_settings
from apigen_cloud.core.ratelimit import LoginLimiter
from apigen_cloud.core.redaction import protect_secrets, settings_secrets
from apigen_cloud.core.security import load_jwt_secret
from apigen_cloud.core.state import AppState
from apigen_cloud.db import SessionFactory, create_engine, create_session_factory
from apigen_cloud.generator.interfaces import Fixer, Generator
from apigen_cloud.jobs.distributed import (
    ProcrastinateQueue,
    build_app,
    check_queue_settings,
    prepare_database,
)
from apigen_cloud.jobs.queue import JobQueue
from apigen_cloud.jobs.worker import InProcessWorker
from apigen_cloud.services.errors import InvalidRequestError, ServiceError
from apigen_cloud.services.jobs import JobRunner, recover_jobs
from apigen_cloud.storage.artifacts import ArtifactStore, build_artifact_store

logger = logging.getLogger(__name__)


def create_app(
    settings: Settings | None = None,
    *,
    generator: Generator | None = None,
    fixer: Fixer | None = None,
    store: ArtifactStore | None = None,
) -> FastAPI:
    """The app. Generator, fixer and artifact store default to the ones the settings
    describe; tests pass their own (e.g. a deliberately slow generator)."""
    settings = settings or get_settings()
    check_queue_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        jwt_secret = load_jwt_secret(settings)
        protect_secrets([*settings_secrets(settings), jwt_secret])
        async with AsyncExitStack() as stack:
            engine = create_engine(settings)
            stack.push_async_callback(engine.dispose)
            distributed = settings.queue_backend == "procrastinate"
            await prepare_database(engine, procrastinate=distributed)
            factory = create_session_factory(engine)
            artifacts = store or build_artifact_store(settings)
            queue: JobQueue
            if distributed:
                # `apigen-cloud worker` processes run the jobs; this process only enqueues.
                jobs_app = build_app(settings, connections=4)
                await stack.enter_async_context(jobs_app.open_async())
                queue = ProcrastinateQueue(jobs_app)
            else:
                queue = await _start_embedded_worker(
                    stack, factory, artifacts, settings, generator, fixer
                )
            app.state.apigen = AppState(
                settings=settings,
                engine=engine,
                factory=factory,
                store=artifacts,
                queue=queue,
                jwt_secret=jwt_secret,
                login_limiter=LoginLimiter(
                    settings.login_max_failures, settings.login_lockout_seconds
                ),
            )
            yield

    app = FastAPI(
        title="API Generator Cloud",
        version="1.0.0",
        description="Turns a plain-language description into a FastAPI + PostgreSQL project.",
        lifespan=lifespan,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    _add_error_handlers(app)

    api = APIRouter(prefix=API_PREFIX)
    api.include_router(health.router)
    api.include_router(auth.router)
    api.include_router(projects.router)
    app.include_router(api)
    app.include_router(health.router)  # also at /health, where probes look first
    return app


async def _start_embedded_worker(
    stack: AsyncExitStack,
    factory: SessionFactory,
    store: ArtifactStore,
    settings: Settings,
    generator: Generator | None,
    fixer: Fixer | None,
) -> InProcessWorker:
    """The in-process worker, which owns the queue: it first recovers interrupted jobs."""
    await recover_jobs(factory, settings)
    runner = JobRunner.from_settings(
        factory, settings, generator=generator, fixer=fixer, store=store
    )
    worker = InProcessWorker(factory, runner.run, concurrency=settings.worker_concurrency)
    worker.start()
    stack.push_async_callback(worker.stop)
    return worker


def _add_error_handlers(app: FastAPI) -> None:
    async def service_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ServiceError)
        if isinstance(error, InvalidRequestError):
            detail = [{"type": "value_error", "loc": list(error.loc), "msg": error.detail}]
            return JSONResponse({"detail": detail}, status_code=error.status_code)
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)

    async def database_error(request: Request, error: Exception) -> JSONResponse:
        logger.error("%s %s: database error", request.method, request.url.path, exc_info=error)
        return JSONResponse({"detail": "The database is unavailable"}, status_code=503)

    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        logger.error("%s %s: unexpected error", request.method, request.url.path, exc_info=error)
        return JSONResponse({"detail": "Internal server error"}, status_code=500)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 405:
            # Starlette lists only the first route matching the path; a path served
            # by several routes (GET and DELETE /projects/{id}) allows all their methods.
            allowed: set[str] = set()
            for route in request.app.router.routes:
                if isinstance(route, Route) and route.methods:
                    match, _ = route.matches(request.scope)
                    if match != Match.NONE:
                        allowed |= route.methods
            return JSONResponse(
                {"detail": error.detail},
                status_code=405,
                headers={"Allow": ", ".join(sorted(allowed))},
            )
        return await http_exception_handler(request, error)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(DBAPIError, database_error)
    app.add_exception_handler(Exception, unexpected_error)
