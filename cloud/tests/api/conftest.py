"""Fixtures of the API tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from apigen_cloud.core.config import Settings


@pytest.fixture
async def client(
    settings: Settings, start_app: Callable[..., Any]
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with the real generator and fixer of the settings (offline)."""
    async with start_app(settings) as client:
        yield client
