"""Helpers of the API tests (imported by the test modules)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

import httpx

from apigen_cloud.generator.interfaces import FixRequest, GeneratedProject
from apigen_cloud.generator.spec import ApiSpec

PROMPT = "A library API with books (title, isbn unique) and members (name, email unique)"
PASSWORD = "correct horse battery"

Headers = dict[str, str]


async def register(client: httpx.AsyncClient, email: str | None = None) -> Headers:
    """A new account and the headers of its token."""
    email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
    response = await client.post("/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    response = await client.post("/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def wait_settled(
    client: httpx.AsyncClient, headers: Headers, project_id: str, within: float = 20.0
) -> dict[str, object]:
    """Poll the status until the project is ready or failed."""
    async with asyncio.timeout(within):
        while True:
            response = await client.get(f"/projects/{project_id}/status", headers=headers)
            assert response.status_code == 200, response.text
            body: dict[str, object] = response.json()
            if body["status"] in ("ready", "failed"):
                return body
            await asyncio.sleep(0.05)


async def generate(
    client: httpx.AsyncClient, headers: Headers, prompt: str = PROMPT
) -> dict[str, object]:
    """Generate a project and wait for it; returns the project resource."""
    response = await client.post("/generate-from-prompt", json={"prompt": prompt}, headers=headers)
    assert response.status_code == 202, response.text
    project_id = response.json()["project_id"]
    await wait_settled(client, headers, project_id)
    response = await client.get(f"/projects/{project_id}", headers=headers)
    assert response.status_code == 200
    project: dict[str, object] = response.json()
    return project


def failing_report(project_id: str, failures: int = 1) -> dict[str, object]:
    results = [
        {
            "test_name": "Health Check GET /health",
            "endpoint": "/health",
            "method": "GET",
            "passed": True,
            "status_code": 200,
            "error_message": None,
        }
    ] + [
        {
            "test_name": f"CRUD Create Book {i}",
            "endpoint": "/books",
            "method": "POST",
            "passed": False,
            "status_code": 422,
            "error_message": "Unprocessable Entity: Missing required field 'title'",
        }
        for i in range(failures)
    ]
    return {"project_id": project_id, "passed": False, "elapsed_ms": 1450, "results": results}


def passing_report(project_id: str) -> dict[str, object]:
    report = failing_report(project_id, failures=0)
    return report | {"passed": True}


# --- doubles that provoke conditions the real generator does not ---------------


def small_project(name: str = "shelf", marker: str = "") -> GeneratedProject:
    spec = ApiSpec.model_validate(
        {"name": name, "resources": [{"name": "book", "fields": [{"name": "title"}]}]}
    )
    files = {"README.md": f"# {name}\n{marker}", "app/main.py": "app = None\n"}
    return GeneratedProject(spec=spec, files=files, openapi={"openapi": "3.1.0", "paths": {}})


@dataclass
class SlowGenerator:
    """Takes `seconds` (asyncio time) before answering; records being cancelled."""

    seconds: float
    cancelled: bool = False

    async def generate(self, prompt: str, name: str | None = None) -> GeneratedProject:
        try:
            await asyncio.sleep(self.seconds)
        except asyncio.CancelledError:
            self.cancelled = True
            raise
        return small_project()


@dataclass
class ScriptedGenerator:
    """Raises the given error, or returns a small project."""

    error: Exception | None = None
    calls: list[str] = field(default_factory=list)

    async def generate(self, prompt: str, name: str | None = None) -> GeneratedProject:
        self.calls.append(prompt)
        if self.error is not None:
            raise self.error
        return small_project()


@dataclass
class RecordingFixer:
    """Records what the Cloud hands to the fixer; answers the next version (or an error)."""

    error: Exception | None = None
    delay: float = 0.0
    requests: list[FixRequest] = field(default_factory=list)

    async def fix(self, request: FixRequest) -> GeneratedProject:
        self.requests.append(request)
        await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return small_project(marker=f"fixed {request.attempt_number}")
