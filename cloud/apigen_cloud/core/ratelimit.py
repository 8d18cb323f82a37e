"""Login throttling per (account, client address), shared by every API replica.

After `max_failures` failed logins within `lockout_seconds` the pair is locked
for `lockout_seconds`; a successful login clears it. The state is the
`login_failures` table, so replicas share one budget and a restart keeps the
lockouts.

An attempt is counted *before* the password is checked, by one atomic upsert:
concurrent attempts cannot all read "not locked yet" and then all try a
password (a read-check-write would let a burst of N requests try N passwords).
A success then deletes the pair's row, so it costs no budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Delete, case, delete, literal, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from apigen_cloud.db import begin_write
from apigen_cloud.models import LOGIN_ADDRESS_LENGTH, LoginFailure, utcnow


class LoginLimiter:
    def __init__(
        self,
        max_failures: int,
        lockout_seconds: int,
        *,
        purge_batch: int = 100,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._max_failures = max_failures
        self._lockout = timedelta(seconds=lockout_seconds)
        # Expired rows deleted each time a pair starts a window: more than one,
        # so the table never holds many more rows than the live ones.
        self._purge_batch = purge_batch
        self._clock = clock  # the wall clock in UTC: shared by processes, unlike monotonic

    async def attempt(self, session: AsyncSession, account: str, address: str) -> int:
        """Count a login attempt before its password is checked.

        Returns 0 when it may go ahead, else the seconds until the pair may try
        again. Runs and commits its own transaction: call it with none open.
        """
        now = self._clock()
        until = literal(now + self._lockout, LoginFailure.expires_at.type)
        row = LoginFailure
        expired = row.expires_at <= now
        insert = postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert
        statement = (
            insert(row)
            .values(account=account, address=_address(address), failures=1, expires_at=until)
            .on_conflict_do_update(
                index_elements=[row.account, row.address],
                # Both expressions read the row as it was before this update.
                set_={
                    "failures": case(
                        (expired, 1),
                        # Refused attempts stop counting: the number stays small.
                        (row.failures > self._max_failures, row.failures),
                        else_=row.failures + 1,
                    ),
                    # A new window, or the lockout starting with the last allowed attempt.
                    "expires_at": case(
                        (or_(expired, row.failures + 1 == self._max_failures), until),
                        else_=row.expires_at,
                    ),
                },
            )
            .returning(row.failures, row.expires_at)
        )
        await begin_write(session)
        failures, expires_at = (await session.execute(statement)).one()
        if failures == 1:
            await session.execute(self._purge(now))
        await session.commit()
        if failures <= self._max_failures:
            return 0
        return max(1, math.ceil((expires_at - now).total_seconds()))

    async def succeeded(self, session: AsyncSession, account: str, address: str) -> None:
        """Clear the pair after a correct password. Call it with no transaction open."""
        await begin_write(session)
        await session.execute(
            delete(LoginFailure)
            .where(LoginFailure.account == account, LoginFailure.address == _address(address))
            .execution_options(synchronize_session=False)
        )
        await session.commit()

    def _purge(self, now: datetime) -> Delete:
        """Delete a batch of expired rows; rows another transaction holds are
        skipped, so concurrent purges never wait for each other."""
        expired = (
            select(LoginFailure.account, LoginFailure.address)
            .where(LoginFailure.expires_at <= now)
            .limit(self._purge_batch)
            .with_for_update(skip_locked=True)
        )
        return (
            delete(LoginFailure)
            .where(tuple_(LoginFailure.account, LoginFailure.address).in_(expired))
            .execution_options(synchronize_session=False)
        )


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _address(address: str) -> str:
    # Whatever a proxy header may carry, it fits the column.
    return address[:LOGIN_ADDRESS_LENGTH]
