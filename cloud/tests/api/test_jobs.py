"""Jobs: failures, timeout, restart recovery, one job per project, deletion while running."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import uuid
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from api_support import (
    PROMPT,
    ScriptedGenerator,
    SlowGenerator,
    generate,
    register,
    wait_settled,
)
from apigen_cloud.core.config import Settings
from apigen_cloud.db import create_engine, create_session_factory
from apigen_cloud.generator import parsing
from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing import parse_prompt
from apigen_cloud.generator.spec import ApiSpec
from apigen_cloud.migrate import upgrade_to_head
from apigen_cloud.models import Job, Project, ProjectVersion, Report, User


async def _start(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await client.post("/generate-from-prompt", json={"prompt": PROMPT}, headers=headers)
    assert response.status_code == 202
    return str(response.json()["project_id"])


async def test_generation_error_message_is_shown(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    generator = ScriptedGenerator(error=GenerationError("No resources found in the prompt"))
    async with start_app(settings, generator=generator) as client:
        headers = await register(client)
        status = await wait_settled(client, headers, await _start(client, headers))
        assert status["status"] == "failed"
        assert status["error"] == "No resources found in the prompt"
        assert generator.calls == [PROMPT]


async def test_unexpected_error_is_generic_and_the_key_is_not_logged(
    settings: Settings,
    start_app,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    key = "sk-secret-" + uuid.uuid4().hex
    with_key = settings.model_copy(update={"llm_api_key": SecretStr(key)})
    generator = ScriptedGenerator(error=RuntimeError(f"api key {key} rejected"))
    async with start_app(with_key, generator=generator) as client:
        headers = await register(client)
        pid = await _start(client, headers)
        status = await wait_settled(client, headers, pid)
        assert status["status"] == "failed"
        assert status["error"] == "An internal error stopped the job; please try again"
        project = await client.get(f"/projects/{pid}", headers=headers)
        assert key not in project.text
    # Logged with its traceback, the key redacted.
    assert "RuntimeError: api key [REDACTED] rejected" in caplog.text
    assert "Traceback" in caplog.text
    assert key not in caplog.text


async def test_database_errors_do_not_quote_bound_values(settings: Settings) -> None:
    engine = create_engine(settings)
    try:
        await upgrade_to_head(engine)
        factory = create_session_factory(engine)
        user_id = uuid.uuid4()
        for _ in range(2):
            async with factory() as session:
                session.add(User(id=user_id, email="x@example.com", password_hash="argon2-hash"))
                try:
                    await session.commit()
                except IntegrityError as error:
                    assert "argon2-hash" not in str(error)
                    assert "hidden due to hide_parameters" in str(error)
                    break
        else:
            raise AssertionError("the duplicate insert did not fail")
    finally:
        await engine.dispose()


async def test_job_timeout(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    quick = settings.model_copy(update={"job_timeout_seconds": 0.3})
    generator = SlowGenerator(10)
    async with start_app(quick, generator=generator) as client:
        headers = await register(client)
        status = await wait_settled(client, headers, await _start(client, headers), within=5)
        assert status["status"] == "failed"
        assert status["error"] == "The generation timed out after 0.3 seconds"
        assert generator.cancelled  # the work itself was stopped, not left running


async def test_restart_retries_an_interrupted_job_once(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    async with start_app(settings, generator=SlowGenerator(30)) as client:
        headers = await register(client)
        pid = await _start(client, headers)
        await asyncio.sleep(0.2)  # claimed and running when the server stops
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    async with factory() as session:
        job = await session.scalar(select(Job).where(Job.project_id == uuid.UUID(pid)))
        assert job is not None and job.state == "running" and job.runs == 1
    async with start_app(settings, generator=ScriptedGenerator()) as client:
        status = await wait_settled(client, headers, pid)
        assert status["status"] == "ready" and status["version"] == 1
    async with factory() as session:
        job = await session.scalar(select(Job).where(Job.project_id == uuid.UUID(pid)))
        assert job is not None and job.state == "succeeded" and job.runs == 2
    await engine.dispose()


async def test_restart_gives_up_after_the_retry(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    async with start_app(settings, generator=SlowGenerator(30)) as client:
        headers = await register(client)
        pid = await _start(client, headers)
        await asyncio.sleep(0.2)
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    async with factory() as session:
        # As if it had already been retried once.
        await session.execute(update(Job).values(runs=2))
        await session.commit()
    await engine.dispose()
    async with start_app(settings, generator=ScriptedGenerator()) as client:
        status = (await client.get(f"/projects/{pid}/status", headers=headers)).json()
        assert status["status"] == "failed"
        assert "server stopped 2 times" in status["error"]


async def test_queued_jobs_are_picked_up_after_restart(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    one_at_a_time = settings.model_copy(update={"worker_concurrency": 1})
    async with start_app(one_at_a_time, generator=SlowGenerator(30)) as client:
        headers = await register(client)
        await _start(client, headers)
        waiting = await _start(client, headers)  # stays queued behind the first
        await asyncio.sleep(0.2)
    async with start_app(settings, generator=ScriptedGenerator()) as client:
        assert (await wait_settled(client, headers, waiting))["status"] == "ready"


async def test_one_active_job_per_project_is_enforced_by_the_database(
    settings: Settings,
    start_app,  # type: ignore[no-untyped-def]
) -> None:
    async with start_app(settings, generator=SlowGenerator(30)) as client:
        headers = await register(client)
        pid = uuid.UUID(await _start(client, headers))
        engine = create_engine(settings)
        factory = create_session_factory(engine)
        async with factory() as session:
            session.add(Job(project_id=pid, kind="fix", state="queued", payload={}))
            with pytest.raises(IntegrityError):
                await session.commit()
        await engine.dispose()


def _artifact_files(settings: Settings) -> list[Path]:
    return [p for p in (settings.data_dir / "artifacts").rglob("*") if p.is_file()]


async def _rows(settings: Settings, pid: uuid.UUID) -> list[int]:
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    counts = []
    async with factory() as session:
        for model, column in (
            (Project, Project.id),
            (ProjectVersion, ProjectVersion.project_id),
            (Report, Report.project_id),
            (Job, Job.project_id),
        ):
            counts.append(
                await session.scalar(select(func.count()).select_from(model).where(column == pid))
                or 0
            )
    await engine.dispose()
    return counts


async def test_delete_removes_everything(client: httpx.AsyncClient, settings: Settings) -> None:
    headers = await register(client)
    pid = str((await generate(client, headers))["id"])
    await client.post(
        f"/projects/{pid}/verify-report",
        json={"project_id": pid, "passed": True, "elapsed_ms": 5, "results": []},
        headers=headers,
    )
    assert _artifact_files(settings)
    response = await client.delete(f"/projects/{pid}", headers=headers)
    assert response.status_code == 204 and response.content == b""
    assert (await client.get(f"/projects/{pid}", headers=headers)).status_code == 404
    assert (await client.delete(f"/projects/{pid}", headers=headers)).status_code == 404
    assert await _rows(settings, uuid.UUID(pid)) == [0, 0, 0, 0]
    assert _artifact_files(settings) == []


@dataclasses.dataclass
class _GatedGenerator:
    """Finishes only when the test opens the gate."""

    gate: asyncio.Event
    inner: ScriptedGenerator

    async def generate(self, prompt: str, name: str | None = None):  # type: ignore[no-untyped-def]
        await self.gate.wait()
        return await self.inner.generate(prompt, name)


async def test_delete_while_running_does_not_resurrect(settings: Settings, start_app) -> None:  # type: ignore[no-untyped-def]
    gate = asyncio.Event()
    async with start_app(settings, generator=_GatedGenerator(gate, ScriptedGenerator())) as client:
        headers = await register(client)
        pid = await _start(client, headers)
        await asyncio.sleep(0.2)
        assert (await client.delete(f"/projects/{pid}", headers=headers)).status_code == 204
        gate.set()  # the job finishes after its project is gone
        await asyncio.sleep(0.5)
        assert (await client.get(f"/projects/{pid}", headers=headers)).status_code == 404
    assert await _rows(settings, uuid.UUID(pid)) == [0, 0, 0, 0]
    assert _artifact_files(settings) == []


async def test_health_is_503_without_database(client: httpx.AsyncClient) -> None:
    app = client._transport.app  # type: ignore[attr-defined]
    state = app.state.apigen
    unreachable = create_engine(
        Settings(_env_file=None, database_url="postgresql://nobody:x@127.0.0.1:9/none")  # type: ignore[call-arg]
    )
    app.state.apigen = dataclasses.replace(state, engine=unreachable)
    try:
        response = await client.get("/health")
        assert response.status_code == 503
        assert response.json() == {"detail": "Database unreachable"}
    finally:
        app.state.apigen = state
        await unreachable.dispose()
    assert (await client.get("/health")).status_code == 200


async def test_the_offline_parser_runs_off_the_event_loop(
    settings: Settings,
    start_app,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long parse (a 20,000-character prompt) must not stall other requests."""
    started, released = threading.Event(), threading.Event()
    outcome: list[bool] = []

    def slow_parse(prompt: str, name: str | None = None) -> ApiSpec:
        started.set()
        # Run on the event loop, this would wait out its timeout: nothing could set it.
        outcome.append(released.wait(timeout=10))
        return parse_prompt(prompt, name)

    monkeypatch.setattr(parsing, "parse_prompt", slow_parse)
    async with start_app(settings) as client:
        headers = await register(client)
        pid = await _start(client, headers)
        assert await asyncio.to_thread(started.wait, 10)
        assert (await client.get("/health")).status_code == 200  # answered mid-parse
        released.set()
        status = await wait_settled(client, headers, pid)
    assert outcome == [True]
    assert status["status"] == "ready"
