"""The product's loop end to end: Cloud + headless Desktop CLI + Docker.

Each test drives `desktop/bin/apigen.js` as a user would, against a real Cloud
process, and checks what the user sees (exit code, report, messages) and what
must not be left behind (containers, networks, volumes, temp directories).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from e2e_support import (
    CLI,
    PASSWORD,
    Cloud,
    User,
    broken_files,
    compose_leftovers,
    final_report,
    local_temp_dir,
    needs_docker,
    register,
)
from scripted_llm import ScriptedLlm

StartCloud = Callable[..., Cloud]
pytestmark = needs_docker

LIBRARY = (
    "A library API with books (title, isbn which must be unique, published year), "
    "members (name, email) and loans that belong to a book and a member"
)
TODO_SPEC: dict[str, Any] = {
    "name": "todo",
    "resources": [
        {
            "name": "task",
            "fields": [
                {"name": "title", "type": "string", "max_length": 200},
                {"name": "done", "type": "boolean", "default": False},
            ],
        }
    ],
}


def assert_cleaned_up(project_id: str) -> None:
    assert compose_leftovers(project_id) == []
    assert not local_temp_dir(project_id).exists()


def test_prompt_to_passing_report_then_nothing_left(
    start_cloud: StartCloud, tmp_path: Path
) -> None:
    cloud = start_cloud()
    env = {**os.environ, "APIGEN_CLOUD_URL": cloud.url, "HOME": str(tmp_path)}
    env.pop("APIGEN_TOKEN", None)
    for command in ("register", "login"):
        done = subprocess.run(
            ["node", str(CLI), command, "--email", "new@example.com", "--password", PASSWORD],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    token_file = tmp_path / ".config" / "apigen" / "token"
    assert token_file.stat().st_mode & 0o077 == 0

    run = subprocess.run(
        ["node", str(CLI), "run", "--prompt", LIBRARY, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = final_report(run)
    assert report["passed"] is True
    assert len(report["results"]) > 20
    endpoints = {result["endpoint"].split("/")[1] for result in report["results"]}
    assert {"health", "books", "members", "loans"} <= endpoints

    token = token_file.read_text().strip()
    user = User(cloud, token)
    [project] = user.get("/projects")["items"]
    assert project["status"] == "ready"
    assert project["latest_report"]["passed"] is True
    assert project["fix_attempts_used"] == 0
    assert_cleaned_up(project["id"])


def test_broken_version_is_fixed_and_redeployed(start_cloud: StartCloud) -> None:
    cloud = start_cloud()
    user = register(cloud)
    project_id = user.generate(LIBRARY)
    cloud.replace_version(project_id, 1, broken_files(cloud.read_version(project_id, 1)))

    run = user.cli("run", "--project", project_id, "--json")

    assert run.returncode == 0, run.stderr[-3000:]
    assert final_report(run)["passed"] is True
    project = user.get(f"/projects/{project_id}")
    assert project["version"] == 2
    assert project["fix_attempts_used"] == 1
    assert project["latest_report"] == {**project["latest_report"], "version": 2, "passed": True}
    assert_cleaned_up(project_id)


def test_unfixable_project_gives_up_after_three_attempts(start_cloud: StartCloud) -> None:
    """An LLM fixer that never repairs anything: three new versions, then give_up."""
    broken: dict[str, str] = {}

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        parameters = json.dumps(request["tools"][0]["function"]["parameters"])
        if '"edits"' not in parameters:
            return TODO_SPEC
        # A change every time (an identical version is refused), never the repair.
        note = f"# fix proposal {len(llm.requests)}\n"
        edits = [{"path": path, "content": note + text} for path, text in broken.items()]
        return {"explanation": "Rewrote the routes.", "edits": edits}

    with ScriptedLlm(answer) as llm:
        cloud = start_cloud(**llm.cloud_env())
        user = register(cloud)
        project_id = user.generate("A todo list")
        files = cloud.read_version(project_id, 1)
        broken.update({p: t for p, t in broken_files(files).items() if files[p] != t})
        cloud.replace_version(project_id, 1, {**files, **broken})

        run = user.cli("run", "--project", project_id, "--json")

    assert run.returncode != 0
    assert final_report(run)["passed"] is False
    assert "all 3 fix attempts are used" in run.stderr, run.stderr[-2000:]
    project = user.get(f"/projects/{project_id}")
    assert project["fix_attempts_used"] == 3
    assert project["fix_attempts_left"] == 0
    assert project["version"] == 4
    assert_cleaned_up(project_id)


def test_cloud_killed_mid_job_does_not_hang_the_desktop(start_cloud: StartCloud) -> None:
    """SIGKILL the Cloud while the (slow) generation runs, restart it: the job is retried."""
    with ScriptedLlm(lambda _: TODO_SPEC, delay_seconds=6) as llm:
        cloud = start_cloud(**llm.cloud_env())
        user = register(cloud)
        started = time.monotonic()
        run = subprocess.Popen(
            ["node", str(CLI), "run", "--prompt", "A todo list", "--json"],
            env=user.cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while not llm.requests:
            assert run.poll() is None, run.communicate()
            assert time.monotonic() - started < 60, "the generation never reached the model"
            time.sleep(0.1)
        cloud.kill()
        cloud.start()
        stdout, stderr = run.communicate(timeout=300)
        elapsed = time.monotonic() - started

    [project] = user.get("/projects")["items"]
    # The job that was running when the Cloud died ran again after the restart.
    assert len(llm.requests) >= 2
    assert project["status"] == "ready", project
    assert run.returncode == 0, stderr[-3000:]
    assert json.loads(stdout)["passed"] is True
    assert elapsed < 240
    assert_cleaned_up(project["id"])
