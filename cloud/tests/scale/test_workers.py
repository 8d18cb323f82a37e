"""API replicas and `apigen-cloud worker` processes on one PostgreSQL (Procrastinate queue)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from sqlalchemy import func, select, text

from apigen_cloud import localserver
from apigen_cloud.models import Job, Project, ProjectVersion
from scale_support import (
    PROMPTS,
    Stack,
    database,
    job_of,
    kill,
    live_workers,
    submit,
    wait_for_state,
    wait_for_workers,
    wait_until,
)

pytestmark = pytest.mark.postgres

PASSWORD = "a long enough password"
PROJECTS = 50


async def test_two_apis_two_workers_generate_each_project_exactly_once(stack: Stack) -> None:
    # All four start together on an empty database: they migrate it one at a time.
    workers = [stack.worker("worker-1"), stack.worker("worker-2")]
    (api_1, url_1), (api_2, url_2) = stack.serve("api-1"), stack.serve("api-2")
    for process, url in ((api_1, url_1), (api_2, url_2)):
        await asyncio.to_thread(localserver.wait_healthy, process.popen, url, process.log)
    async with database(stack) as factory:
        await wait_for_workers(stack, factory, 2)

        async with httpx.AsyncClient(timeout=30) as http:
            body = {"email": "dev@example.com", "password": PASSWORD}
            assert (await http.post(f"{url_1}/api/v1/auth/register", json=body)).status_code == 201
            login = await http.post(f"{url_2}/api/v1/auth/login", json=body)
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            apis = [url_1, url_2]

            started = time.monotonic()
            responses = await asyncio.gather(
                *(
                    http.post(
                        f"{apis[i % 2]}/api/v1/generate-from-prompt",
                        json={"prompt": PROMPTS[i % len(PROMPTS)]},
                        headers=headers,
                    )
                    for i in range(PROJECTS)
                )
            )
            assert [r.status_code for r in responses] == [202] * PROJECTS
            ids = [r.json()["project_id"] for r in responses]

            async def settled() -> bool:
                statuses = await asyncio.gather(
                    *(
                        http.get(f"{apis[i % 2]}/api/v1/projects/{pid}/status", headers=headers)
                        for i, pid in enumerate(ids)
                    )
                )
                return all(s.json()["status"] in ("ready", "failed") for s in statuses)

            await wait_until(settled, 90, f"{PROJECTS} projects settled", stack)
            elapsed = time.monotonic() - started
            pages = await http.get(f"{url_1}/api/v1/projects?limit=100", headers=headers)
            assert pages.status_code == 200

        async with factory() as session:
            projects = (await session.scalars(select(Project))).all()
            jobs = (await session.scalars(select(Job))).all()
            versions = (await session.scalars(select(ProjectVersion))).all()
            queue_left = await session.scalar(text("SELECT count(*) FROM procrastinate_jobs"))
    assert sorted(str(p.id) for p in projects) == sorted(ids)
    assert {(p.status, p.version, p.error) for p in projects} == {("ready", 1, None)}
    # Generated exactly once: one job each, started once, one version each.
    assert sorted(str(j.project_id) for j in jobs) == sorted(ids)
    assert {(j.state, j.runs) for j in jobs} == {("succeeded", 1)}
    assert sorted((str(v.project_id), v.number) for v in versions) == sorted((i, 1) for i in ids)
    assert queue_left == 0  # every Procrastinate job succeeded (and was deleted)
    runs = [w.output().count("Starting job apigen.run_job") for w in workers]
    assert sum(runs) == PROJECTS and min(runs) > 0, runs  # both workers took jobs
    print(
        f"\n{PROJECTS} projects through 2 APIs and 2 workers in {elapsed:.1f} s; per worker {runs}"
    )


async def test_a_worker_killed_mid_job_is_replaced_by_another(stack: Stack) -> None:
    doomed = stack.slow_worker("doomed", seconds=600)  # still running when killed
    async with database(stack) as factory:
        await wait_for_workers(stack, factory, 1)
        project_id = await submit(stack, factory)
        await wait_for_state(stack, factory, project_id, "running", within=30)
        survivor = stack.worker("survivor")
        await wait_for_workers(stack, factory, 2)
        kill(doomed)
        killed = time.monotonic()

        # A heartbeat silent for 15 s marks the worker dead; reconciliation runs every 5 s.
        await wait_for_state(stack, factory, project_id, "succeeded", within=45)
        recovered_in = time.monotonic() - killed
        async with factory() as session:
            project = await session.get(Project, project_id)
            versions = await session.scalar(select(func.count()).select_from(ProjectVersion))
        job = await job_of(factory, project_id)
    assert project is not None and (project.status, project.version) == ("ready", 1)
    assert (job.state, job.runs, versions) == ("succeeded", 2, 1)
    assert "its worker stopped sending heartbeats" in survivor.output()
    assert "was interrupted (its worker stopped); running it again" in survivor.output()
    print(f"\nthe killed worker's job completed {recovered_in:.1f} s after the kill")


async def test_sigterm_lets_the_running_job_finish(stack: Stack) -> None:
    # The job outlasts the 15 s after which a silent worker counts as dead, and
    # another worker is watching: the stopping worker's lease keeps the job its own.
    worker = stack.slow_worker("stopping", seconds=25)
    async with database(stack) as factory:
        await wait_for_workers(stack, factory, 1)
        project_id = await submit(stack, factory)
        await wait_for_state(stack, factory, project_id, "running", within=30)
        bystander = stack.worker("bystander")
        await wait_for_workers(stack, factory, 2)
        worker.popen.terminate()
        exit_code = await asyncio.to_thread(worker.popen.wait, 60)
        job = await job_of(factory, project_id)
        assert await live_workers(factory) == 1  # it unregistered itself
    assert exit_code == 0, worker.output()
    assert (job.state, job.runs) == ("succeeded", 1)
    assert "Stop requested" in worker.output()
    assert "stopped sending heartbeats" not in bystander.output()
