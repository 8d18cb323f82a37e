"""The queue seen by the services: job rows are inserted by them, then announced here.

The rows are the source of truth, so another engine (e.g. Procrastinate) can
replace the embedded worker by implementing `enqueue` and claiming the rows.
"""

from __future__ import annotations

import uuid
from typing import Protocol


class JobQueue(Protocol):
    async def enqueue(self, job_id: uuid.UUID) -> None:
        """Announce a committed `queued` job row."""
        ...
