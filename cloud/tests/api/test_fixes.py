"""Verification reports and fixes (cloud-electron-integration.md §2.1, §2.2)."""

from __future__ import annotations

import asyncio
import io
import uuid
import zipfile
from typing import Any

import httpx

from api_support import (
    RecordingFixer,
    failing_report,
    generate,
    passing_report,
    register,
    wait_settled,
)
from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import GenerationError


async def _report(
    client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]
) -> httpx.Response:
    return await client.post(
        f"/projects/{body['project_id']}/verify-report", json=body, headers=headers
    )


async def _fix(
    client: httpx.AsyncClient, headers: dict[str, str], project_id: str, report_id: str, n: int
) -> httpx.Response:
    return await client.post(
        f"/projects/{project_id}/fix",
        json={
            "report_id": report_id,
            "attempt_number": n,
            "failed_tests": [{"method": "POST", "endpoint": "/books", "error_message": "422"}],
        },
        headers=headers,
    )


async def test_report_actions_and_latest_report(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    project = await generate(client, headers)
    pid = str(project["id"])

    response = await _report(client, headers, failing_report(pid, failures=2))
    assert response.status_code == 200
    recorded = response.json()
    assert recorded["status"] == "recorded" and recorded["action_required"] == "fix"
    assert "auto-fix" in recorded["message"]
    latest = (await client.get(f"/projects/{pid}", headers=headers)).json()["latest_report"]
    assert latest == {
        "report_id": recorded["report_id"],
        "version": 1,
        "passed": False,
        "elapsed_ms": 1450,
        "total": 3,
        "failed": 2,
    }

    response = await _report(client, headers, passing_report(pid))
    assert response.json()["action_required"] == "none"
    latest = (await client.get(f"/projects/{pid}", headers=headers)).json()["latest_report"]
    assert latest["report_id"] == response.json()["report_id"] and latest["passed"] is True


async def test_three_fixes_then_give_up(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    fixer = RecordingFixer()
    async with start_app(settings, fixer=fixer) as client:
        headers = await register(client)
        project = await generate(client, headers)
        pid = str(project["id"])
        first_zip = (await client.get(f"/projects/{pid}/download", headers=headers)).content

        for attempt in (1, 2, 3):
            report = (await _report(client, headers, failing_report(pid))).json()
            assert report["action_required"] == "fix"
            response = await _fix(client, headers, pid, report["report_id"], attempt)
            assert response.status_code == 202, response.text
            accepted = response.json()
            assert accepted["status"] == "fixing"
            assert 0 < accepted["estimated_completion_seconds"] <= 30
            project = (await client.get(f"/projects/{pid}", headers=headers)).json()
            assert project["fix_attempts_used"] == attempt  # counted at acceptance
            assert project["job_id"] == accepted["job_id"]
            status = await wait_settled(client, headers, pid)
            assert status["status"] == "ready" and status["version"] == attempt + 1

        # What the fixer got: the current version's files and the report's failures.
        request = fixer.requests[0]
        assert request.attempt_number == 1
        assert set(request.files) == set(zipfile.ZipFile(io.BytesIO(first_zip)).namelist())
        assert [(t.method, t.endpoint, t.status_code) for t in request.failed_tests] == [
            ("POST", "/books", 422)
        ]
        assert request.failed_tests[0].test_name == "CRUD Create Book 0"
        assert fixer.requests[2].files["README.md"].endswith("fixed 2")

        project = (await client.get(f"/projects/{pid}", headers=headers)).json()
        assert project["version"] == 4 and project["fix_attempts_left"] == 0
        # Every version stays downloadable.
        for version in (1, 2, 3, 4):
            response = await client.get(
                f"/projects/{pid}/download?version={version}", headers=headers
            )
            assert response.status_code == 200
        assert (
            await client.get(f"/projects/{pid}/download?version=1", headers=headers)
        ).content == first_zip

        report = (await _report(client, headers, failing_report(pid))).json()
        assert report["action_required"] == "give_up"
        response = await _fix(client, headers, pid, report["report_id"], 4)
        assert response.status_code == 409
        assert "limit of 3 fix attempts is reached" in response.json()["detail"]
        assert len(fixer.requests) == 3


async def test_fix_conflicts_and_bad_reports(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    fixer = RecordingFixer(delay=30)
    async with start_app(settings, fixer=fixer) as client:
        headers = await register(client)
        pid = str((await generate(client, headers))["id"])
        other = str((await generate(client, headers))["id"])
        failing = (await _report(client, headers, failing_report(pid))).json()["report_id"]
        passing = (await _report(client, headers, passing_report(pid))).json()["report_id"]
        foreign = (await _report(client, headers, failing_report(other))).json()["report_id"]

        response = await _fix(client, headers, pid, failing, 2)
        assert response.status_code == 409
        assert response.json() == {
            "detail": "attempt_number must be 1, the next attempt of this project"
        }
        assert (await _fix(client, headers, pid, str(uuid.uuid4()), 1)).status_code == 404
        assert (await _fix(client, headers, pid, foreign, 1)).status_code == 404
        response = await _fix(client, headers, pid, passing, 1)
        assert response.status_code == 422
        assert "nothing to fix" in response.text
        project = (await client.get(f"/projects/{pid}", headers=headers)).json()
        assert project["fix_attempts_used"] == 0 and project["status"] == "ready"

        assert (await _fix(client, headers, pid, failing, 1)).status_code == 202
        # The slow fix is running: another one is refused.
        response = await _fix(client, headers, pid, failing, 2)
        assert response.status_code == 409
        assert "still running" in response.json()["detail"]
        assert (await client.get(f"/projects/{pid}/status", headers=headers)).json()[
            "status"
        ] == "fixing"


async def test_stale_report_is_409(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    async with start_app(settings, fixer=RecordingFixer()) as client:
        headers = await register(client)
        pid = str((await generate(client, headers))["id"])
        old = (await _report(client, headers, failing_report(pid))).json()["report_id"]
        assert (await _fix(client, headers, pid, old, 1)).status_code == 202
        await wait_settled(client, headers, pid)
        response = await _fix(client, headers, pid, old, 2)
        assert response.status_code == 409
        assert "about version 1" in response.json()["detail"]


async def test_failed_fix_keeps_the_version_and_counts(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    fixer = RecordingFixer(error=GenerationError("Could not repair POST /books"))
    async with start_app(settings, fixer=fixer) as client:
        headers = await register(client)
        pid = str((await generate(client, headers))["id"])
        report = (await _report(client, headers, failing_report(pid))).json()["report_id"]
        assert (await _fix(client, headers, pid, report, 1)).status_code == 202
        status = await wait_settled(client, headers, pid)
        assert status["status"] == "failed"
        assert status["error"] == "Could not repair POST /books"
        assert status["version"] == 1
        project = (await client.get(f"/projects/{pid}", headers=headers)).json()
        assert project["fix_attempts_used"] == 1 and project["fix_attempts_left"] == 2
        assert (await client.get(f"/projects/{pid}/download", headers=headers)).status_code == 200
        # The next attempt is allowed (a failed fix may be retried within the cap).
        report = (await _report(client, headers, failing_report(pid))).json()["report_id"]
        assert (await _fix(client, headers, pid, report, 2)).status_code == 202


async def test_report_validation(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    pid = str((await generate(client, headers))["id"])
    good = failing_report(pid)
    result = good["results"][0]  # type: ignore[index]
    bad_bodies: list[tuple[Any, int]] = [
        (good | {"project_id": str(uuid.uuid4())}, 422),
        (good | {"passed": "maybe"}, 422),
        (good | {"elapsed_ms": -1}, 422),
        (good | {"results": "none"}, 422),
        (good | {"results": [{"passed": True}]}, 422),
        (good | {"results": [result] * 1001}, 422),
        ({k: v for k, v in good.items() if k != "passed"}, 422),
        (good | {"results": [result | {"error_message": "x" * 1_100_000}]}, 413),
    ]
    for body, status in bad_bodies:
        response = await client.post(f"/projects/{pid}/verify-report", json=body, headers=headers)
        assert response.status_code == status, (response.text[:300], status)
    response = await client.post(
        f"/projects/{pid}/verify-report",
        content=b'{"project_id": ',
        headers=headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    mismatch = await client.post(
        f"/projects/{pid}/verify-report",
        json=good | {"project_id": str(uuid.uuid4())},
        headers=headers,
    )
    assert mismatch.json()["detail"][0]["loc"] == ["body", "project_id"]
    # Nothing was stored.
    project = (await client.get(f"/projects/{pid}", headers=headers)).json()
    assert project["latest_report"] is None
    # Any text is kept as sent, NUL included (PostgreSQL JSON holds it escaped).
    response = await client.post(
        f"/projects/{pid}/verify-report",
        json=good | {"results": [result | {"error_message": "bad\u0000byte"}]},
        headers=headers,
    )
    assert response.status_code == 200
    # Exactly 1,000 results are fine.
    response = await client.post(
        f"/projects/{pid}/verify-report",
        json=good | {"results": [result] * 1000},
        headers=headers,
    )
    assert response.status_code == 200


async def test_fix_request_validation(client: httpx.AsyncClient) -> None:
    headers = await register(client)
    pid = str((await generate(client, headers))["id"])
    report = (await _report(client, headers, failing_report(pid))).json()["report_id"]
    for body in (
        {"report_id": "nope", "attempt_number": 1},
        {"report_id": report, "attempt_number": 0},
        {"report_id": report, "attempt_number": "one"},
        {"report_id": report},
        {"attempt_number": 1},
        {"report_id": report, "attempt_number": 1, "failed_tests": "all"},
        [],
    ):
        response = await client.post(f"/projects/{pid}/fix", json=body, headers=headers)
        assert response.status_code == 422, body
    project = (await client.get(f"/projects/{pid}", headers=headers)).json()
    assert project["fix_attempts_used"] == 0 and project["status"] == "ready"


async def test_concurrent_fix_requests_count_once(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    fixer = RecordingFixer(delay=30)
    async with start_app(settings, fixer=fixer) as client:
        headers = await register(client)
        pid = str((await generate(client, headers))["id"])
        report = (await _report(client, headers, failing_report(pid))).json()["report_id"]
        responses = await asyncio.gather(*(_fix(client, headers, pid, report, 1) for _ in range(4)))
        codes = sorted(r.status_code for r in responses)
        assert codes == [202, 409, 409, 409], [r.text for r in responses]
        accepted = next(r.json() for r in responses if r.status_code == 202)
        project = (await client.get(f"/projects/{pid}", headers=headers)).json()
        assert project["fix_attempts_used"] == 1 and project["status"] == "fixing"
        assert project["job_id"] == accepted["job_id"]


async def test_report_while_a_fix_runs_is_409(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    async with start_app(settings, fixer=RecordingFixer(delay=30)) as client:
        headers = await register(client)
        pid = str((await generate(client, headers))["id"])
        report = (await _report(client, headers, failing_report(pid))).json()["report_id"]
        assert (await _fix(client, headers, pid, report, 1)).status_code == 202
        response = await _report(client, headers, passing_report(pid))
        assert response.status_code == 409
        assert "verify the new version once its status is ready" in response.json()["detail"]
        latest = (await client.get(f"/projects/{pid}", headers=headers)).json()["latest_report"]
        assert latest["report_id"] == report  # the refused one was not stored


async def test_fix_of_a_version_whose_zip_is_missing_fails_clearly(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    headers = await register(client)
    pid = str((await generate(client, headers))["id"])
    report = (await _report(client, headers, failing_report(pid))).json()["report_id"]
    [zip_path] = (settings.data_dir / "artifacts" / pid).glob("1-*.zip")
    zip_path.unlink()
    assert (await _fix(client, headers, pid, report, 1)).status_code == 202
    status = await wait_settled(client, headers, pid)
    assert status["status"] == "failed"
    assert status["error"] == (
        "The files of version 1 are missing on the server; generate the project again"
    )
