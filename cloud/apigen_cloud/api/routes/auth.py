"""Accounts: register, log in (JSON or the OAuth2 password form), who am I."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from apigen_cloud.api.deps import CurrentUser, SessionDep, StateDep
from apigen_cloud.api.responses import AUTH, BODY, errors
from apigen_cloud.core.security import create_access_token
from apigen_cloud.schemas import Email, LoginRequest, RegisterRequest, Token, UserOut
from apigen_cloud.services import auth as service

router = APIRouter(prefix="/auth", tags=["auth"])


class LoginForm(BaseModel):
    """The OAuth2 password form (Swagger UI's Authorize button): username is the email."""

    grant_type: str | None = None
    username: Email
    password: str


_LOGIN_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": LoginRequest.model_json_schema()},
        "application/x-www-form-urlencoded": {
            "schema": LoginForm.model_json_schema() | {"additionalProperties": True}
        },
    },
}
_FORM = "application/x-www-form-urlencoded"


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    responses=errors(409) | BODY,
)
async def register(body: RegisterRequest, session: SessionDep) -> UserOut:
    user = await service.register(session, body.email, body.password)
    return UserOut(id=user.id, email=user.email, created_at=user.created_at)


async def _credentials(request: Request) -> LoginRequest:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media_type == _FORM:
            form = await request.form()
            username, password = form.get("username"), form.get("password")
            return LoginRequest.model_validate({"email": username, "password": password})
        if media_type in ("application/json", ""):
            return LoginRequest.model_validate_json(await request.body())
    except ValidationError as error:
        # Without the offending input: it may be bytes that are not even UTF-8.
        raise RequestValidationError(
            [
                {"type": e["type"], "loc": ("body", *e["loc"]), "msg": e["msg"]}
                for e in error.errors(include_url=False)
            ]
        ) from None
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        f"Send the credentials as application/json or {_FORM}",
    )


@router.post(
    "/login",
    response_model=Token,
    openapi_extra={"requestBody": _LOGIN_BODY},
    responses=errors(401, 422, 429) | BODY,
)
async def login(request: Request, session: SessionDep, state: StateDep) -> Token:
    """Exchange email and password for a bearer token."""
    credentials = await _credentials(request)
    address = request.client.host if request.client else "unknown"
    limiter = state.login_limiter
    # Counted as a failure until the password proves right.
    wait = await limiter.attempt(session, credentials.email, address)
    if wait:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many failed logins; try again later",
            headers={"Retry-After": str(wait)},
        )
    user = await service.authenticate(session, credentials.email, credentials.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Incorrect email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    await session.commit()  # end the read: the limiter's write starts its own transaction
    await limiter.succeeded(session, credentials.email, address)
    lifetime = timedelta(minutes=state.settings.jwt_lifetime_minutes)
    return Token(
        access_token=create_access_token(user.id, state.jwt_secret, lifetime),
        expires_in=int(lifetime.total_seconds()),
    )


@router.get("/me", response_model=UserOut, responses=AUTH)
async def me(user: CurrentUser) -> UserOut:
    return UserOut(id=user.id, email=user.email, created_at=user.created_at)
