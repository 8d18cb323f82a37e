"""Request and response bodies of the API (shared/spec/*.md are the contract)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

MAX_PROMPT_CHARS = 20_000
MAX_REPORT_RESULTS = 1_000

# Control characters and every character that any regex engine calls a space:
# `\s` differs between Python, Rust (which validates) and ECMAScript (which
# clients and fuzzers read the OpenAPI patterns with), so it is spelled out.
_BLANK = r"\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

# Declared in the schema as well as checked, so clients (and fuzzers) know the rules.
Email = Annotated[
    str,
    StringConstraints(
        to_lower=True,
        min_length=3,
        max_length=254,
        pattern=rf"^[^@{_BLANK}]+@[^@{_BLANK}]+\.[^@{_BLANK}]+$",
    ),
]
Password = Annotated[str, StringConstraints(min_length=8, max_length=128)]
# At least one non-blank character, and no NUL (PostgreSQL text cannot hold it).
NonBlank = rf"^[^\u0000]*[^{_BLANK}][^\u0000]*$"


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    detail: str


# --- accounts ---------------------------------------------------------------


class RegisterRequest(_Input):
    email: Email
    password: Password


class LoginRequest(_Input):
    email: Email
    # No length rule at login: a wrong password is a 401, not a validation error.
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Lifetime of the token in seconds")


class UserOut(BaseModel):
    id: uuid.UUID
    email: str
    created_at: datetime


# --- projects ---------------------------------------------------------------

ProjectStatus = Literal["generating", "fixing", "ready", "failed"]


class GenerateRequest(_Input):
    prompt: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_PROMPT_CHARS,
            pattern=NonBlank,
            description="Plain-language description of the API (or a JSON/YAML spec)",
        ),
    ]
    name: Annotated[
        str | None,
        Field(
            default=None,
            min_length=1,
            max_length=100,
            pattern=NonBlank,
            description="Project name; derived from the prompt when omitted",
        ),
    ] = None


class JobAccepted(BaseModel):
    job_id: uuid.UUID
    project_id: uuid.UUID
    status: Literal["generating"] = "generating"


class ReportSummary(BaseModel):
    report_id: uuid.UUID
    version: int
    passed: bool
    elapsed_ms: int
    total: int
    failed: int


class ProjectOut(BaseModel):
    """shared/spec/project-payload.md"""

    id: uuid.UUID
    name: str
    prompt: str
    status: ProjectStatus
    version: int = Field(description="Current version; 0 until the first one is generated")
    job_id: uuid.UUID | None
    error: str | None
    fix_attempts_used: int
    fix_attempts_left: int
    created_at: datetime
    updated_at: datetime
    latest_report: ReportSummary | None
    spec: dict[str, Any] | None = Field(
        description="{health_path, api, openapi} of the current version; null before one exists"
    )


class ProjectPage(BaseModel):
    items: list[ProjectOut]
    total: int
    limit: int
    offset: int


class ProjectStatusOut(BaseModel):
    status: ProjectStatus
    job_id: uuid.UUID | None
    version: int
    updated_at: datetime
    error: str | None


# --- verification and fixes (cloud-electron-integration.md §2) --------------


class _Item(BaseModel):
    # Items of a list: fields the Desktop may add later are ignored, not refused.
    model_config = ConfigDict(extra="ignore")


class TestResultIn(_Item):
    test_name: Annotated[str, StringConstraints(max_length=500)]
    endpoint: Annotated[str, StringConstraints(max_length=2000)]
    method: Annotated[str, StringConstraints(max_length=16)]
    passed: bool
    status_code: Annotated[int | None, Field(ge=0, le=999)] = None
    error_message: Annotated[str | None, StringConstraints(max_length=10_000)] = None


class VerificationReport(_Input):
    project_id: uuid.UUID
    passed: bool
    elapsed_ms: Annotated[int, Field(ge=0, le=2**31 - 1)]
    results: Annotated[list[TestResultIn], Field(max_length=MAX_REPORT_RESULTS)]


class ReportRecorded(BaseModel):
    status: Literal["recorded"] = "recorded"
    action_required: Literal["fix", "none", "give_up"]
    message: str
    report_id: uuid.UUID


class FailedTestIn(_Item):
    method: Annotated[str, StringConstraints(max_length=16)]
    endpoint: Annotated[str, StringConstraints(max_length=2000)]
    error_message: Annotated[str | None, StringConstraints(max_length=10_000)] = None


class FixRequestIn(_Input):
    report_id: uuid.UUID
    attempt_number: Annotated[int, Field(ge=1, le=1000)]
    failed_tests: Annotated[
        list[FailedTestIn],
        Field(
            default_factory=list,
            max_length=MAX_REPORT_RESULTS,
            description="Informative; the fix uses the failing results of the stored report",
        ),
    ]


class FixAccepted(BaseModel):
    job_id: uuid.UUID
    status: Literal["fixing"] = "fixing"
    estimated_completion_seconds: int


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] = "ok"
