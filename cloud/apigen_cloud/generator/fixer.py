"""Fixers: failing verification report + current files -> the next version.

The offline fixer trusts the spec: the renderer's output for it is known to be
correct, so any generated file that differs from a fresh render is drift or
damage and is restored. The LLM fixer asks a model for file edits and accepts
them only if the result is still a sound project.
"""

from __future__ import annotations

import asyncio
import posixpath
from typing import Any

import yaml
from pydantic import BaseModel, Field
from pydantic_ai import Agent
from pydantic_ai.models import Model

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import (
    FailedTest,
    FixRequest,
    GeneratedProject,
    GenerationError,
)
from apigen_cloud.generator.openapi import build_openapi
from apigen_cloud.generator.render import RenderOptions, build_view, normalise_spec, render_project

# Failures quoted in an error message; the rest are counted.
_QUOTED_FAILURES = 3


def describe_failures(failures: list[FailedTest]) -> str:
    if not failures:
        return "no failing test was reported"
    quoted = [
        f"{f.method} {f.endpoint}"
        + (f" -> {f.status_code}" if f.status_code is not None else "")
        + (f" ({f.error_message})" if f.error_message else "")
        for f in failures[:_QUOTED_FAILURES]
    ]
    more = len(failures) - len(quoted)
    return "; ".join(quoted) + (f"; and {more} more" if more > 0 else "")


def _is_damage(path: str, text: str) -> bool:
    """Whether a file the generator would not produce must go.

    Only two kinds are clearly damage: a Python file that does not even compile
    (it breaks imports or test collection), and any extra migration (it splits
    the single Alembic head, so the container cannot start). Anything else, such
    as notes or data a user added, is kept.
    """
    if path.startswith("alembic/versions/"):
        return True
    return path.endswith(".py") and not compiles(path, text)


def compiles(path: str, text: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


class OfflineFixer:
    """Restores every generated file that differs from a fresh render of the spec."""

    def __init__(self, options: RenderOptions | None = None) -> None:
        self._options = options or RenderOptions()

    async def fix(self, request: FixRequest) -> GeneratedProject:
        return await asyncio.to_thread(self._fix, request)

    def _fix(self, request: FixRequest) -> GeneratedProject:
        fresh = render_project(request.spec, self._options)
        restored = sorted(p for p, text in fresh.files.items() if request.files.get(p) != text)
        dropped = sorted(
            p for p, text in request.files.items() if p not in fresh.files and _is_damage(p, text)
        )
        if not restored and not dropped:
            raise GenerationError(
                "The offline fixer found every generated file intact, so it cannot address "
                f"these failures: {describe_failures(request.failed_tests)}. "
                "Configure an LLM provider for fixes beyond the generated code."
            )
        files = {p: t for p, t in request.files.items() if p not in dropped}
        files.update(fresh.files)
        return GeneratedProject(spec=fresh.spec, files=files, openapi=fresh.openapi)


# ---------------------------------------------------------------------------- LLM


class FileEdit(BaseModel):
    path: str = Field(description="POSIX path relative to the project root, e.g. app/models.py")
    content: str = Field(description="The complete new content of the file")


class FixPlan(BaseModel):
    explanation: str = Field(description="One or two sentences: the cause and the change")
    edits: list[FileEdit] = Field(description="Files to write, each with its full new content")


_INSTRUCTIONS = """\
You repair a generated FastAPI + PostgreSQL project (async SQLAlchemy 2, Pydantic v2,
Alembic, Docker Compose) whose HTTP verification failed. You get the API spec, the
failing checks and the project's files. Answer with the smallest set of file edits that
makes the failing checks pass without breaking the others: each edit gives a path and
the file's complete new content. Keep the routes, status codes and response shapes of
the spec. Never publish the database port in docker-compose.yml (the db service uses
`expose`, never `ports`). Only edit files inside the project.
"""

# Files the model sees first and always; others follow while the prompt stays small.
_CORE_FILES = ("app/models.py", "app/schemas.py", "app/crud.py", "app/main.py")
_PROMPT_BUDGET = 120_000  # characters of file content sent to the model


def safe_path(path: str) -> str:
    """A project-relative POSIX path, or GenerationError for anything that escapes it."""
    if not path or "\\" in path or path.startswith("/") or "\x00" in path:
        raise GenerationError(f"The fix touches an invalid path: {path!r}")
    normal = posixpath.normpath(path)
    if normal != path or normal.startswith("..") or normal == ".":
        raise GenerationError(f"The fix touches a path outside the project: {path!r}")
    if any(part == ".." for part in path.split("/")):
        raise GenerationError(f"The fix touches a path outside the project: {path!r}")
    return path


def check_project(files: dict[str, str]) -> None:
    """GenerationError unless every Python file compiles and the database stays private."""
    broken = sorted(p for p, text in files.items() if p.endswith(".py") and not compiles(p, text))
    if broken:
        raise GenerationError(f"The fix leaves Python files that do not compile: {broken[:5]}")
    compose = files.get("docker-compose.yml")
    if compose is None:
        raise GenerationError("The fix removes docker-compose.yml")
    try:
        document: Any = yaml.safe_load(compose)
    except yaml.YAMLError as error:
        raise GenerationError(f"The fix breaks docker-compose.yml: {error}") from None
    services = document.get("services") if isinstance(document, dict) else None
    db = services.get("db") if isinstance(services, dict) else None
    if not isinstance(db, dict):
        raise GenerationError("The fix removes the db service from docker-compose.yml")
    if "ports" in db:
        raise GenerationError("The fix publishes the database port; it must stay unpublished")


def _relevant_files(request: FixRequest) -> dict[str, str]:
    """The files most likely involved: core modules, then routes of failing endpoints."""
    failing = {f.endpoint.strip("/").split("/")[0] for f in request.failed_tests}
    route_files = [
        f"app/api/routes/{r.plural}.py"
        for r in request.spec.resources
        if (r.path or "").strip("/") in failing
    ]
    ordered = [*_CORE_FILES, *route_files, "docker-compose.yml", "Dockerfile", "requirements.txt"]
    ordered += sorted(p for p in request.files if p.startswith("app/"))
    chosen: dict[str, str] = {}
    used = 0
    for path in ordered:
        text = request.files.get(path)
        if text is None or path in chosen or used + len(text) > _PROMPT_BUDGET:
            continue
        chosen[path] = text
        used += len(text)
    return chosen


def build_prompt(request: FixRequest, feedback: str | None = None) -> str:
    files = _relevant_files(request)
    parts = [
        f"Fix attempt {request.attempt_number}.",
        "API spec (JSON):",
        request.spec.model_dump_json(exclude_none=True, indent=1),
        "Failing checks:",
        *[
            f"- {f.test_name or 'check'}: {f.method} {f.endpoint} -> "
            f"{f.status_code if f.status_code is not None else 'no answer'}: "
            f"{f.error_message or 'no message'}"
            for f in request.failed_tests
        ],
        "Project files (others exist but are not shown): " + ", ".join(sorted(request.files)),
    ]
    for path, text in files.items():
        parts += [f"--- {path}", text]
    if feedback:
        parts += ["Your previous answer was rejected:", feedback]
    return "\n".join(parts)


class LlmFixer:
    """Asks the configured model for file edits; retries when they are unsound."""

    def __init__(
        self, settings: Settings, *, model: Model | None = None, attempts: int = 2
    ) -> None:
        self._settings = settings
        self._model = model
        self._attempts = attempts

    def _agent(self) -> Agent[None, FixPlan]:
        # Imported here: the parsing package owns the provider set-up.
        from apigen_cloud.generator.parsing.llm import build_model

        model = self._model or build_model(self._settings)
        return Agent(model, output_type=FixPlan, instructions=_INSTRUCTIONS)

    async def fix(self, request: FixRequest) -> GeneratedProject:
        agent = self._agent()
        feedback: str | None = None
        for _ in range(self._attempts):
            try:
                result = await agent.run(build_prompt(request, feedback))
            except GenerationError:
                raise
            except Exception as error:  # provider and output failures reach the user
                raise GenerationError(f"The model could not produce a fix: {error}") from error
            try:
                return self._apply(request, result.output)
            except GenerationError as error:
                feedback = str(error)  # told to the model on the next attempt
        raise GenerationError(f"The model's fix was rejected: {feedback}")

    def _apply(self, request: FixRequest, plan: FixPlan) -> GeneratedProject:
        if not plan.edits:
            raise GenerationError("The model proposed no change")
        files = dict(request.files)
        for edit in plan.edits:
            files[safe_path(edit.path)] = edit.content
        if files == request.files:
            raise GenerationError("The model's edits leave every file unchanged")
        check_project(files)
        spec = normalise_spec(request.spec)
        # The spec did not change, so neither did the OpenAPI the runner verifies against.
        return GeneratedProject(
            spec=spec, files=files, openapi=build_openapi(build_view(spec, RenderOptions()))
        )
