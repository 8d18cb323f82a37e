"""Dependencies of the routes: the app state, a database session and the current user."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from apigen_cloud.core.security import user_id_from_token
from apigen_cloud.core.state import AppState
from apigen_cloud.models import User

API_PREFIX = "/api/v1"

oauth2_scheme = OAuth2PasswordBearer(tokenUrl=f"{API_PREFIX}/auth/login", auto_error=False)


def get_state(request: Request) -> AppState:
    state: AppState = request.app.state.apigen
    return state


StateDep = Annotated[AppState, Depends(get_state)]


async def get_session(state: StateDep) -> AsyncIterator[AsyncSession]:
    async with state.factory() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]
TokenDep = Annotated[str | None, Depends(oauth2_scheme)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": "Bearer"},
    )


def get_current_user_id(state: StateDep, token: TokenDep) -> uuid.UUID:
    """The user id of a valid token, without a database read (for the status poll,
    whose query is scoped to the owner: a deleted user's projects are gone too)."""
    if not token:
        raise _unauthorized("Not authenticated")
    user_id = user_id_from_token(token, state.jwt_secret)
    if user_id is None:
        raise _unauthorized("Invalid or expired token")
    return user_id


CurrentUserId = Annotated[uuid.UUID, Depends(get_current_user_id)]


async def get_current_user(user_id: CurrentUserId, session: SessionDep) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise _unauthorized("Invalid or expired token")
    # End the read transaction so a service can start its own as a write.
    await session.commit()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
