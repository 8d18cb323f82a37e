"""Secrets never reach a log line, whatever form the record takes; other records are untouched."""

from __future__ import annotations

import logging

import pytest

from apigen_cloud.core.redaction import protect_secrets

SECRET = "sk-test-0123456789abcdef"


def test_messages_args_and_tracebacks_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    protect_secrets([SECRET, "short"])  # too short to redact safely: ignored
    logger = logging.getLogger("apigen_cloud.test")
    with caplog.at_level(logging.INFO):
        logger.info(f"key {SECRET} in the message")
        logger.info("key %s in an argument", RuntimeError(f"bad key {SECRET}"))
        logger.info("key %(key)s in a mapping", {"key": SECRET})
        try:
            raise ValueError(f"rejected {SECRET}")
        except ValueError:
            logger.exception("call failed")
        # uvicorn's access log: args keep their types (the formatter unpacks them, %d).
        logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/health", "1.1", 200)
        logger.info("a short word stays")
    assert SECRET not in caplog.text
    assert caplog.text.count("[REDACTED]") == 4
    assert "ValueError: rejected [REDACTED]" in caplog.text
    assert '127.0.0.1:5 - "GET /health HTTP/1.1" 200' in caplog.text
    assert "a short word stays" in caplog.text
    access = caplog.records[-2]
    assert access.args == ("127.0.0.1:5", "GET", "/health", "1.1", 200)
