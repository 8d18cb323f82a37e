"""Dependencies of the routes: the app state, a database session and the current user."""

from __future__ import annotations

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


async def get_current_user(state: StateDep, session: SessionDep, token: TokenDep) -> User:
    if not token:
        raise _unauthorized("Not authenticated")
    user_id = user_id_from_token(token, state.jwt_secret)
    user = await session.get(User, user_id) if user_id else None
    if user is None:
        raise _unauthorized("Invalid or expired token")
    # End the read transaction so a service can start its own as a write.
    await session.commit()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
