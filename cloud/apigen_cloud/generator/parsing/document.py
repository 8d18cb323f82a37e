"""A spec submitted as a JSON or YAML document instead of prose."""

from __future__ import annotations

import json
from typing import Any

import yaml
from pydantic import ValidationError

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.spec import ApiSpec, spec_from_document, to_snake

# A YAML document only counts as a spec when it is a mapping with one of these keys;
# plain prose such as "Books: title, author" also parses as a YAML mapping.
_SPEC_KEYS = frozenset({"resources"})


def load_document(text: str) -> dict[str, Any] | None:
    """The mapping in `text` when it is a JSON/YAML spec document, else None.

    Text starting with `{` is always treated as JSON (a broken document gets an
    error about the document rather than being read as prose).
    """
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise GenerationError(
                f"The spec document is not valid JSON (line {exc.lineno}, column {exc.colno}): "
                f"{exc.msg}"
            ) from None
        except (ValueError, RecursionError):  # a number over Python's digit limit, deep nesting
            raise GenerationError(
                "The spec document is too deeply nested or holds a number too long to read"
            ) from None
        if not isinstance(data, dict):  # pragma: no cover - '{' always gives a dict
            raise GenerationError("The spec document must be a JSON object")
        return data
    try:
        data = yaml.safe_load(stripped)
    except (yaml.YAMLError, ValueError, RecursionError):  # prose, not a document
        return None
    if isinstance(data, dict) and _SPEC_KEYS & {str(k) for k in data}:
        return data
    return None


def parse_document(document: dict[str, Any], name: str | None = None) -> ApiSpec:
    """Validate a spec document; `name` (when given) sets the API name."""
    document = dict(document)
    if name is not None:
        document["name"] = api_name(name)
    elif "name" not in document:
        document["name"] = _name_from_resources(document)
    try:
        return spec_from_document(document)
    except ValidationError as exc:
        raise GenerationError(
            "The spec document is not valid: " + describe_validation_error(exc, document)
        ) from None


def api_name(name: str) -> str:
    """A user-chosen name as a valid snake_case API name."""
    snake = to_snake(name)
    if not snake or not snake[0].isalpha():
        raise GenerationError(
            f"'{name}' cannot be used as an API name: use letters, digits and underscores, "
            "starting with a letter"
        )
    return snake[:50]


def _name_from_resources(document: dict[str, Any]) -> str:
    resources = document.get("resources")
    if isinstance(resources, list) and resources and isinstance(resources[0], dict):
        first = resources[0].get("name")
        if isinstance(first, str) and to_snake(first):
            return to_snake(first)[:50]
    return "api"


def describe_validation_error(exc: ValidationError, document: dict[str, Any]) -> str:
    """Pydantic errors as "resource 'book', field 'price': minimum is greater than maximum"."""
    lines = []
    for error in exc.errors(include_url=False):
        where = _describe_location(error["loc"], document)
        message = str(error["msg"]).removeprefix("Value error, ")
        # Model validators already name their own resource/field: don't say it twice.
        for position, part in enumerate(where):
            if message.startswith(part + ": "):
                message = message.removeprefix(part + ": ")
                break
            if message.startswith(part + " "):
                where = where[:position]
                break
        lines.append(f"{', '.join(where)}: {message}" if where else message)
    return "; ".join(dict.fromkeys(lines))


def _describe_location(loc: tuple[int | str, ...], document: Any) -> list[str]:
    """('resources', 0, 'fields', 2, 'type') -> ["resource 'book'", "field 'price'", "type"]."""
    labels = {"resources": "resource", "fields": "field", "relations": "relation"}
    parts: list[str] = []
    node: Any = document
    index = 0
    while index < len(loc):
        key = loc[index]
        child = node.get(key) if isinstance(node, dict) and isinstance(key, str) else None
        if (
            isinstance(key, str)
            and key in labels
            and index + 1 < len(loc)
            and isinstance(loc[index + 1], int)
            and isinstance(child, list)
        ):
            position = loc[index + 1]
            assert isinstance(position, int)
            item = child[position] if 0 <= position < len(child) else None
            item_name = item.get("name") if isinstance(item, dict) else None
            label = labels[key]
            parts.append(f"{label} '{item_name}'" if item_name else f"{label} #{position + 1}")
            node = item
            index += 2
            continue
        parts.append(str(key))
        node = child
        index += 1
    return parts
