"""Projects: generation, reads, downloads, isolation between users, deletion."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from api_support import PROMPT, SlowGenerator, generate, register, wait_settled
from apigen_cloud.core.config import Settings
from apigen_cloud.services.projects import default_name

PROJECT_KEYS = {
    "id",
    "name",
    "prompt",
    "status",
    "version",
    "job_id",
    "error",
    "fix_attempts_used",
    "fix_attempts_left",
    "created_at",
    "updated_at",
    "latest_report",
    "spec",
}


async def test_generate_then_read_download(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    response = await client.post(
        "/generate-from-prompt", json={"prompt": PROMPT, "name": "my library"}, headers=headers
    )
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["status"] == "generating"
    assert uuid.UUID(accepted["job_id"]) and uuid.UUID(accepted["project_id"])
    project_id = accepted["project_id"]

    status = await wait_settled(client, headers, project_id)
    assert set(status) == {"status", "job_id", "version", "updated_at", "error"}
    assert status["status"] == "ready", status
    assert status["version"] == 1 and status["job_id"] == accepted["job_id"]

    project = (await client.get(f"/projects/{project_id}", headers=headers)).json()
    assert set(project) == PROJECT_KEYS
    assert project["name"] == "my library" and project["prompt"] == PROMPT
    assert project["fix_attempts_used"] == 0 and project["fix_attempts_left"] == 3
    assert project["latest_report"] is None and project["error"] is None
    assert project["created_at"].endswith("Z")
    spec = project["spec"]
    assert spec["health_path"] == "/health"
    assert {r["name"] for r in spec["api"]["resources"]} >= {"book", "member"}
    assert spec["openapi"]["paths"]

    response = await client.get(f"/projects/{project_id}/download", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="my_library-v1.zip"'
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert {"Dockerfile", "docker-compose.yml", "requirements.txt"} <= set(names)
    etag = response.headers["etag"]

    again = await client.get(
        f"/projects/{project_id}/download", headers=headers | {"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = await client.get(
        f"/projects/{project_id}/download", headers=headers | {"If-None-Match": '"other"'}
    )
    assert other.status_code == 200
    by_version = await client.get(f"/projects/{project_id}/download?version=1", headers=headers)
    assert by_version.content == response.content
    missing = await client.get(f"/projects/{project_id}/download?version=2", headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Version 2 of this project does not exist"}


async def test_name_defaults_to_the_generated_one(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    project = await generate(client, headers)
    assert project["status"] == "ready"
    assert project["name"] == project["spec"]["api"]["name"]  # type: ignore[index]


async def test_list_is_paginated_newest_first(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    ids = []
    for n in range(3):
        response = await client.post(
            "/generate-from-prompt", json={"prompt": PROMPT, "name": f"p{n}"}, headers=headers
        )
        ids.append(response.json()["project_id"])
    page = (await client.get("/projects?limit=2", headers=headers)).json()
    assert page["total"] == 3 and page["limit"] == 2 and page["offset"] == 0
    assert [p["id"] for p in page["items"]] == [ids[2], ids[1]]
    assert set(page["items"][0]) == PROJECT_KEYS
    page = (await client.get("/projects?limit=2&offset=2", headers=headers)).json()
    assert [p["id"] for p in page["items"]] == [ids[0]]
    for query in ("limit=0", "limit=101", "offset=-1", "limit=abc"):
        assert (await client.get(f"/projects?{query}", headers=headers)).status_code == 422
    for project_id in ids:
        await wait_settled(client, headers, project_id)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"prompt": ""}, "at least 1 character"),
        ({"prompt": "   \n\t "}, "should match pattern"),
        ({"prompt": "books\u0000"}, "should match pattern"),
        ({"prompt": "x" * 20_001}, "at most 20000 characters"),
        ({"prompt": 42}, "valid string"),
        ({}, "Field required"),
        ({"prompt": PROMPT, "name": ""}, "at least 1 character"),
        ({"prompt": PROMPT, "name": "n" * 101}, "at most 100 characters"),
        ({"prompt": PROMPT, "extra": 1}, "Extra inputs are not permitted"),
        (["prompt"], "valid dictionary"),
    ],
)
async def test_generate_rejects_bad_bodies(
    client: httpx.AsyncClient, body: Any, message: str
) -> None:
    headers = await register(client)
    response = await client.post("/generate-from-prompt", json=body, headers=headers)
    assert response.status_code == 422
    assert message in response.text
    assert (await client.get("/projects", headers=headers)).json()["total"] == 0


async def test_generate_rejects_malformed_json_and_huge_bodies(
    client: httpx.AsyncClient,
) -> None:
    headers = await register(client)
    response = await client.post(
        "/generate-from-prompt",
        content=b'{"prompt": "a',
        headers=headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    response = await client.post(
        "/generate-from-prompt", json={"prompt": "x" * 2_000_000}, headers=headers
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("Request body too large")
    assert (await client.get("/projects", headers=headers)).json()["total"] == 0


async def test_download_before_any_version_is_409(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    async with start_app(settings, generator=SlowGenerator(30)) as client:
        headers = await register(client)
        response = await client.post(
            "/generate-from-prompt", json={"prompt": PROMPT}, headers=headers
        )
        project_id = response.json()["project_id"]
        project = (await client.get(f"/projects/{project_id}", headers=headers)).json()
        assert project["status"] == "generating" and project["version"] == 0
        assert project["spec"] is None
        response = await client.get(f"/projects/{project_id}/download", headers=headers)
        assert response.status_code == 409
        assert "no generated version yet" in response.json()["detail"]


async def test_other_users_projects_answer_404(client: httpx.AsyncClient) -> None:
    owner = await register(client)
    intruder = await register(client)
    project = await generate(client, owner)
    report = (
        await client.post(
            f"/projects/{project['id']}/verify-report",
            json={"project_id": project["id"], "passed": False, "elapsed_ms": 1, "results": []},
            headers=owner,
        )
    ).json()
    requests: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", "/projects/{id}", None),
        ("GET", "/projects/{id}/status", None),
        ("GET", "/projects/{id}/download", None),
        ("GET", "/projects/{id}/download?version=1", None),
        (
            "POST",
            "/projects/{id}/verify-report",
            {"project_id": "{id}", "passed": True, "elapsed_ms": 1, "results": []},
        ),
        ("POST", "/projects/{id}/fix", {"report_id": report["report_id"], "attempt_number": 1}),
        ("DELETE", "/projects/{id}", None),
    ]
    unknown = str(uuid.uuid4())
    for method, path, body in requests:
        answers = []
        for project_id in (project["id"], unknown):
            json = (
                {k: (project_id if v == "{id}" else v) for k, v in body.items()} if body else None
            )
            response = await client.request(
                method, path.format(id=project_id), json=json, headers=intruder
            )
            answers.append((response.status_code, response.json()))
        assert answers[0] == answers[1] == (404, {"detail": "Project not found"}), path
    page = (await client.get("/projects", headers=intruder)).json()
    assert page == {"items": [], "total": 0, "limit": 20, "offset": 0}
    # Nothing happened to the project.
    after = (await client.get(f"/projects/{project['id']}", headers=owner)).json()
    assert after["status"] == "ready" and after["fix_attempts_used"] == 0


async def test_invalid_project_ids_are_422(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    for path in ("/projects/not-a-uuid", "/projects/1/status", "/projects/x/download"):
        assert (await client.get(path, headers=headers)).status_code == 422


async def test_download_of_a_missing_zip_is_a_clear_404(
    client: httpx.AsyncClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    headers = await register(client)
    project = await generate(client, headers)
    [zip_path] = (settings.data_dir / "artifacts" / str(project["id"])).glob("1-*.zip")
    zip_path.unlink()
    response = await client.get(f"/projects/{project['id']}/download", headers=headers)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "The file of version 1 is missing on the server; generate the project again"
    }
    assert "is missing from the artifact store" in caplog.text
    # The project itself still reads.
    assert (await client.get(f"/projects/{project['id']}", headers=headers)).status_code == 200


@contextmanager
def _statements(client: httpx.AsyncClient) -> Iterator[list[str]]:
    """The SQL statements the app sends to its database inside the block."""
    engine = client._transport.app.state.apigen.engine.sync_engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _queries(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


async def test_status_poll_is_one_read(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    project = await generate(client, headers)
    with _statements(client) as seen:
        response = await client.get(f"/projects/{project['id']}/status", headers=headers)
    assert response.status_code == 200
    assert len(_queries(seen)) == 1, seen
    assert "WHERE projects.id = " in _queries(seen)[0]


async def test_project_list_query_count_does_not_grow_with_the_page(
    client: httpx.AsyncClient,
) -> None:
    headers = await register(client)
    await generate(client, headers)
    with _statements(client) as one:
        assert len((await client.get("/projects", headers=headers)).json()["items"]) == 1
    for _ in range(3):
        await generate(client, headers)
    with _statements(client) as four:
        assert len((await client.get("/projects", headers=headers)).json()["items"]) == 4
    assert len(_queries(four)) == len(_queries(one)) <= 5, four


@pytest.mark.parametrize(
    ("prompt", "name"),
    [
        ("A library API with books and members, loans too", "a_library_api_with_books_and"),
        ("# Sailing Regatta API\n\nBackend for the yearly regatta.", "sailing_regatta_api"),
        (
            "Subject: Booking system for our cottages\n\nHi Marek,\n\nWe need ...",
            "booking_system_for_our_cottages",
        ),
        ("hey @tom quick one - can you spin up an api", "quick_one_can_you_spin"),
        ("Hi Marek,\nFollowing our call, here is what we need", "following_our_call_here_is_what"),
        ("@@@", "project"),
    ],
)
def test_a_project_is_named_from_its_prompt_until_the_job_names_it(prompt: str, name: str) -> None:
    assert default_name(prompt) == name
