"""The OpenAPI computed from the spec is the one FastAPI serves for the generated code.

Each generated app is imported in a subprocess (no database needed: the engine
connects lazily) and its `app.openapi()` compared with the computed document.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from apigen_cloud.generator.render import render_project
from quality_support import PYTHON, SPEC_NAMES, load_spec, write_files

DUMP = "import json, sys; from app.main import app; json.dump(app.openapi(), sys.stdout)"


def served_openapi(files: dict[str, str], root: Path) -> dict[str, Any]:
    project = write_files(files, root)
    completed = subprocess.run(
        [PYTHON, "-c", DUMP],
        cwd=project,
        env={"DATABASE_URL": "postgresql://nobody:nothing@127.0.0.1:1/none", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    document: dict[str, Any] = json.loads(completed.stdout)
    return document


def operations(document: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    return {
        (path, method): sorted(operation["responses"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


@pytest.mark.parametrize("name", SPEC_NAMES)
def test_computed_openapi_equals_the_served_one(name: str, tmp_path: Path) -> None:
    project = render_project(load_spec(name))
    served = served_openapi(project.files, tmp_path)
    computed = project.openapi
    # The specific parts first, for readable failures...
    assert operations(computed) == operations(served)
    for schema_name, schema in served["components"]["schemas"].items():
        mine = computed["components"]["schemas"][schema_name]
        assert mine.get("required") == schema.get("required"), schema_name
        assert mine["properties"] == schema["properties"], schema_name
    # ...then everything: parameters, bodies, descriptions, tags.
    assert computed == served


def test_list_answers_are_documented_as_pages() -> None:
    document = render_project(load_spec("library")).openapi
    listing = document["paths"]["/books"]["get"]
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BookList"
    }
    page = document["components"]["schemas"]["BookList"]
    assert page["required"] == ["items", "total", "limit", "offset"]
    names = [p["name"] for p in listing["parameters"]]
    assert names[:2] == ["limit", "offset"] and "isbn" in names and "status" in names
    assert set(document["paths"]["/books/{id}"]) == {"get", "put", "patch", "delete"}
    assert document["openapi"] == "3.1.0"


def test_every_simple_field_type_is_a_list_filter() -> None:
    document = render_project(load_spec("all_types")).openapi
    parameters = {
        p["name"]: p["schema"] for p in document["paths"]["/samples"]["get"]["parameters"]
    }
    # Exact matches on long text, floats and date-times would be a trap: those are left out.
    filters = set(parameters) - {"limit", "offset"}
    assert filters == {"s", "i", "d", "b", "dt", "e", "u", "uid", "en"}
    assert parameters["d"]["anyOf"][0] == {
        "type": "number",
        "minimum": -9999999999.99,
        "maximum": 9999999999.99,
    }


def test_error_answers_are_documented_where_they_can_happen() -> None:
    paths = render_project(load_spec("library")).openapi["paths"]
    # Books are referenced by loans; authors are only linked many-to-many (the link goes).
    assert sorted(paths["/books/{id}"]["delete"]["responses"]) == ["204", "404", "409", "422"]
    assert sorted(paths["/authors/{id}"]["delete"]["responses"]) == ["204", "404", "422"]
    assert paths["/books/{id}"]["delete"]["responses"]["409"]["description"] == (
        "Book is still referenced"
    )
    created = paths["/loans"]["post"]["responses"]
    assert created["404"]["description"] == "A referenced row not found"
    # Loans hold no unique value: a 409 only comes from a reference deleted meanwhile.
    assert created["409"]["description"] == "A referenced row was deleted meanwhile"
    assert paths["/books"]["post"]["responses"]["409"]["description"] == "A unique value is taken"
    notes = render_project(load_spec("notes")).openapi["paths"]
    for method, operation in [*notes["/notes"].items(), *notes["/notes/{id}"].items()]:
        assert "409" not in operation["responses"], method


def test_every_operation_is_described_for_the_docs_page() -> None:
    document = render_project(load_spec("library")).openapi
    for path, item in document["paths"].items():
        for method, operation in item.items():
            missing = {"tags", "summary", "description", "operationId"} - set(operation)
            assert not missing, (method, path, missing)
    described = {tag["name"] for tag in document["tags"] if tag.get("description")}
    assert described == {"members", "authors", "books", "loans", "health"}
