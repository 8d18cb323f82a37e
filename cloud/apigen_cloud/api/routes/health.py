from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from apigen_cloud.api.deps import StateDep
from apigen_cloud.schemas import ErrorBody, HealthOut

logger = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthOut,
    responses={503: {"model": ErrorBody, "description": "The database is unreachable"}},
)
async def health(state: StateDep) -> HealthOut | JSONResponse:
    try:
        async with state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        logger.warning("health check: database unreachable", exc_info=True)
        return JSONResponse({"detail": "Database unreachable"}, status_code=503)
    return HealthOut()
