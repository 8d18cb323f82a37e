"""Settings of the Cloud, from `APIGEN_*` environment variables and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="APIGEN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    data_dir: Path = Path(".apigen-data")
    # Empty: SQLite in `data_dir` (the embedded default). Else e.g.
    # postgresql+psycopg://user:pass@host/db
    database_url: str = ""

    # Empty: generated once and kept in `data_dir/jwt-secret` (never hard-coded).
    jwt_secret: SecretStr = SecretStr("")
    jwt_lifetime_minutes: int = Field(default=60 * 24, ge=1)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=300, ge=1)

    job_timeout_seconds: float = Field(default=120.0, gt=0)
    max_fix_attempts: int = Field(default=3, ge=1)
    # A job interrupted by a restart is run again until it has been started this often.
    job_max_runs: int = Field(default=2, ge=1)
    # "embedded": an asyncio worker inside the API process (the default). "procrastinate":
    # jobs go through Procrastinate on PostgreSQL and `apigen-cloud worker` processes run them.
    queue_backend: Literal["embedded", "procrastinate"] = "embedded"
    # Jobs one worker (embedded or `apigen-cloud worker`) runs at the same time.
    worker_concurrency: int = Field(default=2, ge=1, le=32)
    # Largest request body accepted (verification reports are the biggest).
    max_request_bytes: int = Field(default=1024 * 1024, ge=1024)

    # Project ZIPs: "local" keeps them under `data_dir/artifacts`; "s3" in an
    # S3-compatible bucket (AWS, MinIO, ...), shared by every API replica and worker.
    artifact_store: Literal["local", "s3"] = "local"
    s3_bucket: str = Field(default="", validate_default=True)
    s3_endpoint_url: str = ""  # empty: AWS itself
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")

    # LLM: provider "none" uses the built-in offline generator and fixer.
    llm_provider: Literal["none", "openai", "anthropic"] = "none"
    llm_model: str = ""
    llm_base_url: str = ""  # OpenAI-compatible servers: Ollama, vLLM, ...
    llm_api_key: SecretStr = SecretStr("")

    # Base images of generated projects (the only ones that exist offline here).
    python_image: str = "python:3.13-slim"
    postgres_image: str = "postgres:17"

    # A field validator, not a model one: its error quotes only this value, never the
    # whole input with its secrets.
    @field_validator("s3_bucket")
    @classmethod
    def _s3_needs_a_bucket(cls, bucket: str, info: ValidationInfo) -> str:
        if info.data.get("artifact_store") == "s3" and not bucket.strip():
            raise ValueError("artifact_store 's3' needs a bucket (APIGEN_S3_BUCKET)")
        return bucket.strip()

    @field_validator("s3_endpoint_url")
    @classmethod
    def _s3_endpoint_is_a_url(cls, url: str) -> str:
        # Checked here: obstore fails on a malformed endpoint only at the first request.
        url = url.strip()
        if not url:
            return url
        try:
            parts = urlsplit(url)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url
            parts.port  # noqa: B018 (urlsplit checks the port only when it is read)
        except ValueError:
            valid = False
        if not valid:
            raise ValueError("must be an http:// or https:// URL, e.g. http://minio:9000")
        return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
