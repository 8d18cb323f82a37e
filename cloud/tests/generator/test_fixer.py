"""Fixers: the offline one restores the render of the spec, the LLM one applies checked edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic_ai.messages import ModelMessage, ModelResponse, ToolCallPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.factory import build_fixer
from apigen_cloud.generator.fixer import LlmFixer, OfflineFixer
from apigen_cloud.generator.interfaces import FailedTest, FixRequest, GenerationError
from apigen_cloud.generator.render import render_project
from quality_support import (
    POSTGRES_URL,
    load_spec,
    run_generated_suite,
    throwaway_database,
    write_files,
)

FAILURES = [
    FailedTest("POST", "/books", "Internal Server Error", "CRUD Create book", 500),
    FailedTest("GET", "/books/1", "expected 200", "CRUD Read book", 404),
]


def damaged_library() -> tuple[dict[str, str], dict[str, str]]:
    """(fresh files, damaged files): POST /books answers 500, models.py lost a line."""
    fresh = render_project(load_spec("library")).files
    damaged = dict(fresh)
    route = fresh["app/api/routes/books.py"]
    assert "    session.add(item)\n" in route
    damaged["app/api/routes/books.py"] = route.replace(
        "    session.add(item)\n", '    raise RuntimeError("boom")\n', 1
    )
    models = fresh["app/models.py"].splitlines(keepends=True)
    line = next(i for i, text in enumerate(models) if "isbn" in text)
    damaged["app/models.py"] = "".join(models[:line] + models[line + 1 :])
    damaged["alembic/versions/0002_stray.py"] = 'revision = "0002"\ndown_revision = "0001"\n'
    damaged["NOTES.md"] = "my notes\n"
    return fresh, damaged


async def test_offline_fixer_restores_the_render_and_keeps_user_files() -> None:
    fresh, damaged = damaged_library()
    fixed = await OfflineFixer().fix(FixRequest(1, FAILURES, damaged, load_spec("library")))
    assert {p: t for p, t in fixed.files.items() if p != "NOTES.md"} == fresh
    assert fixed.files["NOTES.md"] == "my notes\n"  # not damage: kept
    assert fixed.openapi == render_project(load_spec("library")).openapi


@pytest.mark.skipif(not POSTGRES_URL, reason="APIGEN_TEST_POSTGRES_URL is not set")
async def test_fixed_project_passes_its_suite_where_the_damaged_one_fails(tmp_path: Path) -> None:
    _, damaged = damaged_library()
    del damaged["alembic/versions/0002_stray.py"]  # keep the broken run about the route
    with throwaway_database("apigen_fix") as url:
        broken = run_generated_suite(write_files(damaged, tmp_path / "broken"), url)
    assert broken.returncode != 0
    fixed = await build_fixer(Settings()).fix(
        FixRequest(1, FAILURES, damaged, load_spec("library"))
    )
    with throwaway_database("apigen_fix") as url:
        result = run_generated_suite(write_files(fixed.files, tmp_path / "fixed"), url)
    assert result.returncode == 0, result.output[-4000:]


async def test_offline_fixer_refuses_to_return_an_identical_project() -> None:
    files = render_project(load_spec("library")).files
    with pytest.raises(GenerationError) as caught:
        await OfflineFixer().fix(FixRequest(2, FAILURES, files, load_spec("library")))
    message = str(caught.value)
    assert "cannot address" in message
    assert "POST /books -> 500 (Internal Server Error)" in message


# ---------------------------------------------------------------------------- LLM


def scripted(*answers: list[dict[str, str]]) -> tuple[FunctionModel, list[str]]:
    """A model answering with these edit lists in turn; it records the prompts it got."""
    prompts: list[str] = []
    replies = iter(answers)

    def reply(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        prompts.append(str(messages))
        edits = next(replies)
        args: dict[str, Any] = {"explanation": "scripted", "edits": edits}
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, args)])

    return FunctionModel(reply), prompts


def llm_request() -> tuple[dict[str, str], FixRequest]:
    """Only the route is broken (the LLM fixer checks that every Python file compiles)."""
    fresh, _ = damaged_library()
    files = dict(fresh)
    route = "app/api/routes/books.py"
    files[route] = fresh[route].replace(
        "    session.add(item)\n", '    raise RuntimeError("boom")\n'
    )
    return fresh, FixRequest(1, FAILURES, files, load_spec("library"))


async def test_llm_fixer_applies_whole_file_edits() -> None:
    fresh, request = llm_request()
    route = "app/api/routes/books.py"
    model, prompts = scripted([{"path": route, "content": fresh[route]}])
    fixed = await LlmFixer(Settings(), model=model).fix(request)
    assert fixed.files[route] == fresh[route]
    assert fixed.files["app/models.py"] == request.files["app/models.py"]  # untouched
    assert "POST /books -> 500" in prompts[0]
    assert "RuntimeError" in prompts[0]  # the failing route was shown


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        ({"path": "../outside.py", "content": "x = 1\n"}, "outside the project"),
        ({"path": "/etc/passwd", "content": "root\n"}, "invalid path"),
        ({"path": "app\\main.py", "content": "x = 1\n"}, "invalid path"),
        ({"path": "app/../../x.py", "content": "x = 1\n"}, "outside the project"),
        ({"path": "app/main.py", "content": "def broken(:\n"}, "do not compile"),
        (
            {
                "path": "docker-compose.yml",
                "content": "services:\n  db:\n    image: postgres:17\n    ports: ['5432:5432']\n"
                "  api:\n    build: .\n",
            },
            "database port",
        ),
    ],
)
async def test_llm_fixer_rejects_unsound_edits(edit: dict[str, str], reason: str) -> None:
    _, request = llm_request()
    model, prompts = scripted([edit], [edit])
    with pytest.raises(GenerationError, match=reason):
        await LlmFixer(Settings(), model=model).fix(request)
    assert len(prompts) == 2  # retried once, telling the model why
    assert reason in prompts[1]


async def test_llm_fixer_retries_after_a_rejected_answer() -> None:
    fresh, request = llm_request()
    route = "app/api/routes/books.py"
    model, _ = scripted(
        [{"path": route, "content": "def broken(:\n"}],
        [{"path": route, "content": fresh[route]}],
    )
    fixed = await LlmFixer(Settings(), model=model).fix(request)
    assert fixed.files[route] == fresh[route]


def test_factory_picks_the_fixer_from_the_settings() -> None:
    assert isinstance(build_fixer(Settings(llm_provider="none")), OfflineFixer)
    assert isinstance(build_fixer(Settings(llm_provider="openai", llm_model="m")), LlmFixer)
