"""Keeps secrets (LLM key, S3 secret, JWT secret, database password) out of every log line.

An exception raised by an LLM client or a driver may quote a key in its
message; the log must not. Every record of every logger passes through the
record factory installed here, so handlers configured later (uvicorn's,
pytest's) only ever see the redacted text.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from typing import Any

from apigen_cloud.core.config import Settings
from apigen_cloud.db import database_url

REDACTED = "[REDACTED]"
# Shorter values would redact ordinary words; real keys and secrets are long.
_MIN_SECRET_CHARS = 8

_secrets: set[str] = set()
_installed = False


def redact(text: str) -> str:
    # Longest first: a secret that contains another is replaced whole.
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _scrubbed(value: Any) -> Any:
    """`value`, or its redacted text when that quotes a secret. Other values keep their
    type: formatters rely on it (uvicorn's access log unpacks its args, `%d` needs ints)."""
    if value is None or isinstance(value, int | float):
        return value
    try:
        text = str(value)
    except Exception:  # a broken __str__: logging reports it when formatting
        return value
    return redact(text) if redact(text) != text else value


def protect_secrets(values: Iterable[str]) -> None:
    """Redact these values from all log records from now on."""
    global _installed
    _secrets.update(value for value in values if len(value) >= _MIN_SECRET_CHARS)
    if _installed:
        return
    _installed = True
    make_record = logging.getLogRecordFactory()

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if not _secrets:
            return record
        record.msg = _scrubbed(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_scrubbed(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _scrubbed(arg) for key, arg in record.args.items()}
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            if redact(text) != text:
                # Formatters print `exc_text`, and format `exc_info` only when it is unset.
                record.exc_text, record.exc_info = redact(text), None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    logging.setLogRecordFactory(redacting_factory)


def settings_secrets(settings: Settings) -> list[str]:
    """The secrets the settings hold, which every Cloud process hides from its logs."""
    return [
        settings.llm_api_key.get_secret_value(),
        settings.s3_secret_access_key.get_secret_value(),
        database_url(settings).password or "",
    ]
