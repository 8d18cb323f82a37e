"""What the job layer sees of the generator and the fixer.

The Cloud's jobs call these and nothing else: the generator turns a prompt (or
a submitted spec) into a `GeneratedProject`, the fixer turns a failing
verification report plus the current project into the next one. Both raise
`GenerationError` with a message meant for the user when they cannot.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any, Protocol

from apigen_cloud.generator.spec import ApiSpec

HEALTH_PATH = "/health"

# Fixed timestamp so the same files always give the same ZIP bytes (stable ETags).
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class GenerationError(Exception):
    """A generation or fix that cannot succeed; `str(error)` is shown to the user."""


@dataclass(frozen=True)
class GeneratedProject:
    spec: ApiSpec
    files: dict[str, str]  # POSIX relative path -> text content
    openapi: dict[str, Any]

    def spec_payload(self) -> dict[str, Any]:
        """The `spec` object of `GET /projects/{id}` (shared/spec/project-payload.md)."""
        return {
            "health_path": HEALTH_PATH,
            "api": self.spec.model_dump(mode="json", exclude_none=True),
            "openapi": self.openapi,
        }

    def to_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(self.files):
                info = zipfile.ZipInfo(path, date_time=_ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, self.files[path])
        return buffer.getvalue()


def read_zip(data: bytes) -> dict[str, str]:
    """The files of a project ZIP (the inverse of `GeneratedProject.to_zip`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename: archive.read(info).decode("utf-8")
            for info in archive.infolist()
            if not info.is_dir()
        }


@dataclass(frozen=True)
class FailedTest:
    method: str
    endpoint: str
    error_message: str | None
    test_name: str | None = None
    status_code: int | None = None


@dataclass(frozen=True)
class FixRequest:
    attempt_number: int
    failed_tests: list[FailedTest]
    files: dict[str, str]
    spec: ApiSpec


class Generator(Protocol):
    async def generate(self, prompt: str, name: str | None = None) -> GeneratedProject:
        """Prompt (prose, or a JSON/YAML spec) -> project. Raises GenerationError."""
        ...


class Fixer(Protocol):
    async def fix(self, request: FixRequest) -> GeneratedProject:
        """Failing report + current files -> next version. Raises GenerationError."""
        ...
