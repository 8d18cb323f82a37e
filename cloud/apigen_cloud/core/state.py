"""What the running app holds: built in the lifespan, read by the dependencies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from apigen_cloud.core.config import Settings
from apigen_cloud.core.ratelimit import LoginLimiter
from apigen_cloud.db import SessionFactory
from apigen_cloud.jobs.queue import JobQueue
from apigen_cloud.storage.artifacts import ArtifactStore


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: AsyncEngine
    factory: SessionFactory
    store: ArtifactStore
    queue: JobQueue
    jwt_secret: str
    login_limiter: LoginLimiter
