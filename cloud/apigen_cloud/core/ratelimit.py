"""Login throttling per (account, client address).

In memory: enough for the embedded single-process server. After
`max_failures` failed logins within `lockout_seconds` the pair is locked for
`lockout_seconds`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass
class _Entry:
    first_failure: float
    failures: int = 0
    locked_until: float = 0.0


class LoginLimiter:
    def __init__(self, max_failures: int, lockout_seconds: int, max_entries: int = 100_000) -> None:
        self._max_failures = max_failures
        self._lockout = lockout_seconds
        # Keys are chosen by clients (any email, any address): the table is bounded.
        self._max_entries = max_entries
        self._entries: dict[tuple[str, str], _Entry] = {}

    def retry_after(self, account: str, address: str) -> int:
        """Seconds until the pair may try again; 0 when it may now."""
        entry = self._entries.get((account, address))
        if entry is None:
            return 0
        remaining = entry.locked_until - time.monotonic()
        if remaining > 0:
            return max(1, math.ceil(remaining))
        if entry.locked_until:
            del self._entries[(account, address)]
        return 0

    def failed(self, account: str, address: str) -> None:
        now = time.monotonic()
        key = (account, address)
        entry = self._entries.get(key)
        if entry is None or now - entry.first_failure > self._lockout:
            if entry is None and len(self._entries) >= self._max_entries:
                self._make_room(now)
            entry = self._entries[key] = _Entry(first_failure=now)
        entry.failures += 1
        if entry.failures >= self._max_failures:
            entry.locked_until = now + self._lockout

    def succeeded(self, account: str, address: str) -> None:
        self._entries.pop((account, address), None)

    def _make_room(self, now: float) -> None:
        """Drop expired entries, then the oldest unlocked ones.

        Locked pairs go last, so flooding the table with new keys does not lift
        the flooder's own lockout (locking a key costs `max_failures` logins).
        A tenth of the table is freed at once, so this runs rarely.
        """
        target = self._max_entries - max(1, self._max_entries // 10)
        for key, entry in list(self._entries.items()):
            if max(entry.locked_until, entry.first_failure + self._lockout) <= now:
                del self._entries[key]
        for locked in (False, True):
            for key, entry in list(self._entries.items()):
                if len(self._entries) <= target:
                    return
                if (entry.locked_until > now) == locked:
                    del self._entries[key]
