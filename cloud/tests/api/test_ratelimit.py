"""The login limiter: its table, shared by replicas, exact under concurrency, bounded."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from api_support import PASSWORD, register
from apigen_cloud.core.config import Settings
from apigen_cloud.core.ratelimit import LoginLimiter
from apigen_cloud.db import SessionFactory, create_engine, create_session_factory
from apigen_cloud.migrate import upgrade_to_head
from apigen_cloud.models import LoginFailure, utcnow

IP = "10.0.0.1"


class Clock:
    """Wall time that the test moves forward."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def factory(settings: Settings) -> AsyncIterator[SessionFactory]:
    engine = create_engine(settings)
    await upgrade_to_head(engine)
    yield create_session_factory(engine)
    await engine.dispose()


async def _attempt(factory: SessionFactory, limiter: LoginLimiter, account: str) -> int:
    async with factory() as session:
        return await limiter.attempt(session, account, IP)


async def _lock(factory: SessionFactory, limiter: LoginLimiter, account: str) -> None:
    while not await _attempt(factory, limiter, account):
        pass


async def _rows(factory: SessionFactory) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(LoginFailure)) or 0)


async def test_lockout_retry_after_and_reset_on_success(factory: SessionFactory) -> None:
    clock = Clock()
    limiter = LoginLimiter(max_failures=3, lockout_seconds=60, clock=clock)
    account = "a@example.com"
    assert await _attempt(factory, limiter, account) == 0
    assert await _attempt(factory, limiter, account) == 0
    async with factory() as session:
        assert await limiter.attempt(session, account, IP) == 0
        await limiter.succeeded(session, account, IP)  # the right password: all forgiven
    for _ in range(3):
        assert await _attempt(factory, limiter, account) == 0
    clock.advance(20)
    assert await _attempt(factory, limiter, account) == 40  # until 60 s after the 3rd
    # Refused attempts do not extend the lockout.
    clock.advance(30)
    assert await _attempt(factory, limiter, account) == 10
    # Other accounts and addresses are not affected.
    assert await _attempt(factory, limiter, "b@example.com") == 0
    async with factory() as session:
        assert await limiter.attempt(session, account, "10.0.0.2") == 0
    clock.advance(10)
    assert await _attempt(factory, limiter, account) == 0  # released, a new window


async def test_window_expires_without_lockout(factory: SessionFactory) -> None:
    clock = Clock()
    limiter = LoginLimiter(max_failures=3, lockout_seconds=60, clock=clock)
    for _ in range(2):
        assert await _attempt(factory, limiter, "a@example.com") == 0
    clock.advance(61)  # the two failures are too old to count
    for _ in range(3):
        assert await _attempt(factory, limiter, "a@example.com") == 0
    assert await _attempt(factory, limiter, "a@example.com") > 0


async def test_expired_rows_are_purged_and_live_lockouts_kept(factory: SessionFactory) -> None:
    clock = Clock()
    limiter = LoginLimiter(max_failures=3, lockout_seconds=60, purge_batch=10, clock=clock)
    for n in range(25):  # a flood of new keys, one failure each: cheap for an attacker
        await _attempt(factory, limiter, f"random{n}@example.com")
    clock.advance(50)
    await _lock(factory, limiter, "victim@example.com")
    assert await _rows(factory) == 26
    clock.advance(20)  # the flood has expired, the victim's lockout has not
    for n in range(3):  # each new pair purges up to 10 expired rows
        await _attempt(factory, limiter, f"later{n}@example.com")
    assert await _rows(factory) == 1 + 3
    assert await _attempt(factory, limiter, "victim@example.com") == 40


async def test_replicas_share_the_budget_and_a_restart_keeps_it(
    settings: Settings, start_app: Callable[..., Any]
) -> None:
    wrong = {"email": "target@example.com", "password": "wrong password"}
    async with start_app(settings) as first, start_app(settings) as second:
        await register(first, "target@example.com")
        for client in (first, second, first, second, first):  # settings.login_max_failures
            assert (await client.post("/auth/login", json=wrong)).status_code == 401
        response = await second.post("/auth/login", json=wrong)
        assert response.status_code == 429
        assert 1 <= int(response.headers["Retry-After"]) <= 300
    async with start_app(settings) as restarted:
        right = {"email": "target@example.com", "password": PASSWORD}
        assert (await restarted.post("/auth/login", json=right)).status_code == 429


async def test_concurrent_failures_are_counted_exactly(
    settings: Settings, start_app: Callable[..., Any]
) -> None:
    wrong = {"email": "target@example.com", "password": "wrong password"}
    async with start_app(settings) as first, start_app(settings) as second:
        await register(first, "target@example.com")
        responses = await asyncio.gather(
            *(client.post("/auth/login", json=wrong) for client in [first, second] * 10)
        )
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {401: 5, 429: 15}  # settings.login_max_failures
