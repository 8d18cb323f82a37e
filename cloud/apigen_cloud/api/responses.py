"""Documented error responses, so the OpenAPI lists every status a route can answer."""

from __future__ import annotations

from typing import Any

from apigen_cloud.schemas import ErrorBody


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        304: "Not modified (the If-None-Match ETag is current)",
        400: "The body could not be read (e.g. not UTF-8)",
        401: "Missing, invalid or expired token",
        404: "Not found",
        409: "Conflict with the current state",
        413: "Request body too large",
        415: "Unsupported content type",
        422: "Invalid request",
        429: "Too many attempts; see Retry-After",
        503: "A backing service is unavailable; try again later",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        out[code] = {"description": descriptions[code]}
        if code not in (304, 422):  # 422 keeps FastAPI's documented validation shape
            out[code]["model"] = ErrorBody
    return out


AUTH = errors(401)
BODY = errors(400, 413, 415)
