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
    # Entries are dropped when they expire; this bound stops a flood of
    # distinct keys from growing memory without limit.
    _MAX_ENTRIES = 100_000

    def __init__(self, max_failures: int, lockout_seconds: int) -> None:
        self._max_failures = max_failures
        self._lockout = lockout_seconds
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
        if len(self._entries) >= self._MAX_ENTRIES:
            self._prune()
        now = time.monotonic()
        entry = self._entries.get((account, address))
        if entry is None or now - entry.first_failure > self._lockout:
            entry = self._entries[(account, address)] = _Entry(first_failure=now)
        entry.failures += 1
        if entry.failures >= self._max_failures:
            entry.locked_until = now + self._lockout

    def succeeded(self, account: str, address: str) -> None:
        self._entries.pop((account, address), None)

    def _prune(self) -> None:
        now = time.monotonic()
        expired = [
            key
            for key, entry in self._entries.items()
            if max(entry.locked_until, entry.first_failure + self._lockout) <= now
        ]
        for key in expired:
            del self._entries[key]
        if len(self._entries) >= self._MAX_ENTRIES:
            self._entries.clear()
