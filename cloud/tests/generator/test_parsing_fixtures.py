"""Every prompt fixture parses to the spec it expects (fixtures/prompts/*.yaml).

A fixture holds `prompt`, an optional `name` and either `expected`: the API name and,
per resource, each field as "type [unique] [optional] [min=..] [max=..] [default=..]"
and each relation as "kind target field"; or `error`: text the GenerationError must
contain (a prompt the parser cannot model must be refused, never built wrong). An optional
`note` says why an expectation differs from the one first written blind.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from apigen_cloud.generator.parsing import GenerationError, parse_prompt
from apigen_cloud.generator.spec import ApiSpec, FieldSpec

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "prompts").glob("*.yaml"))
_DEFAULT_MAX_LENGTH = {"string": 255, "email": 255, "url": 2048}


def describe_field(spec: FieldSpec) -> str:
    parts = [spec.type if spec.type != "enum" else f"enum({'|'.join(spec.enum or [])})"]
    if spec.unique:
        parts.append("unique")
    if not spec.required:
        parts.append("optional")
    for label, value in (
        ("min_length", spec.min_length),
        (
            "max_length",
            None if spec.max_length == _DEFAULT_MAX_LENGTH.get(spec.type) else spec.max_length,
        ),
        ("min", spec.minimum),
        ("max", spec.maximum),
        ("default", spec.default),
    ):
        if value is not None:
            shown = int(value) if isinstance(value, float) and value == int(value) else value
            parts.append(f"{label}={str(shown).lower() if isinstance(shown, bool) else shown}")
    return " ".join(parts)


def describe(spec: ApiSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "resources": {
            resource.name: {
                "fields": {f.name: describe_field(f) for f in resource.fields},
                "relations": [
                    f"{r.kind} {r.target} {r.field}" + ("" if r.required else " optional")
                    for r in resource.relations
                ],
            }
            for resource in spec.resources
        },
    }


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURES) >= 30


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_prompt_gives_expected_spec(path: Path) -> None:
    fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "error" in fixture:
        with pytest.raises(GenerationError) as error:
            parse_prompt(fixture["prompt"], fixture.get("name"))
        assert fixture["error"] in str(error.value)
        return
    spec = parse_prompt(fixture["prompt"], fixture.get("name"))
    assert describe(spec) == fixture["expected"]


def _hard_wrap(text: str, width: int) -> str:
    """`text` as an editor wrapping at `width` columns leaves it (table rows untouched)."""
    lines: list[str] = []
    for line in text.splitlines():
        if len(line) <= width or line.lstrip().startswith("|"):
            lines.append(line)
            continue
        indent = len(line) - len(line.lstrip())
        bullet = 2 if re.match(r"\s*(?:[-*]|\d+[.)])\s", line) else 0
        # an editor breaks lines between words, never inside one ("last_inspection_date")
        lines += textwrap.wrap(
            line,
            width,
            subsequent_indent=" " * (indent + bullet),
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines)


WRAPPED = [p for p in FIXTURES if "expected" in yaml.safe_load(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", WRAPPED, ids=[p.stem for p in WRAPPED])
def test_hard_wrapped_prompt_gives_the_same_spec(path: Path) -> None:
    """People paste text wrapped at a fixed width: a line break inside a sentence is
    not the end of a statement."""
    fixture = yaml.safe_load(path.read_text(encoding="utf-8"))
    wrapped = _hard_wrap(fixture["prompt"], 60)
    assert describe(parse_prompt(wrapped, fixture.get("name"))) == fixture["expected"]
