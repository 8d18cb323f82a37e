"""Accounts: registration and password checks."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from apigen_cloud.core.security import hash_password, verify_password
from apigen_cloud.db import begin_write
from apigen_cloud.models import User
from apigen_cloud.services.errors import ConflictError


async def register(session: AsyncSession, email: str, password: str) -> User:
    password_hash = await hash_password(password)  # before the transaction: it is slow
    await begin_write(session)
    user = User(email=email, password_hash=password_hash)
    session.add(user)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise ConflictError("An account with this email already exists") from None
    return user


async def authenticate(session: AsyncSession, email: str, password: str) -> User | None:
    user = await session.scalar(select(User).where(User.email == email))
    if not await verify_password(password, user.password_hash if user else None):
        return None
    return user
