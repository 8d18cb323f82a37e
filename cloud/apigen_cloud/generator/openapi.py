"""The OpenAPI 3.1 document of a generated project, computed from the spec alone.

The Cloud never runs generated code, yet the Desktop's verify runner needs the
document the API will serve. This module writes it out the way FastAPI does for
the generated routes and schemas (tests/generator/test_openapi_*.py imports the
generated app and compares the two).
"""

from __future__ import annotations

from typing import Any

from apigen_cloud.generator.interfaces import HEALTH_PATH
from apigen_cloud.generator.render import FieldView, ProjectView, ResourceView

MAX_ID = 2**31 - 1
HEALTH_TAG = "Whether the API and its database answer."
JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("_"))


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _json_body(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _message(description: str) -> dict[str, Any]:
    return _json_body(_ref("Message"), description)


VALIDATION_ERROR = _json_body(_ref("HTTPValidationError"), "Validation Error")


def _field_input(f: FieldView, nullable: bool) -> dict[str, Any]:
    schema = dict(f.openapi)
    return _nullable(schema) if nullable else schema


def _input_schema(r: ResourceView, partial: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in r.fields:
        schema = _field_input(f, f.nullable)
        # Pydantic documents only defaults other than None.
        if not partial and f.in_create_required:
            required.append(f.name)
        elif not partial and f.has_default:
            schema["default"] = f.default
        if f.description:
            schema["description"] = f.description
        schema["title"] = _title(f.name)
        properties[f.name] = schema
    for fk in r.foreign_keys:
        id_schema: dict[str, Any] = {"type": "integer", "maximum": MAX_ID, "minimum": 1}
        schema = _nullable(id_schema) if not fk.required else id_schema
        if not partial and fk.required:
            required.append(fk.field)
        schema["title"] = _title(fk.field)
        properties[fk.field] = schema
    for m in r.many_to_many:
        schema = {
            "items": {"type": "integer", "maximum": MAX_ID, "minimum": 1},
            "type": "array",
            "maxItems": 100,
            "title": _title(m.field),
        }
        properties[m.field] = schema
    if partial:
        suffix, description = (
            "Update",
            f"Body of `PATCH {r.path}/{{id}}`: only the fields sent are changed.",
        )
    else:
        suffix = "Create"
        description = f"Body of `POST {r.path}` and `PUT {r.path}/{{id}}` (a full replacement)."
    document: dict[str, Any] = {
        "properties": properties,
        "additionalProperties": False,
        "type": "object",
        "title": f"{r.class_name}{suffix}",
        "description": description,
    }
    if required:
        document["required"] = required
    return document


def _read_schema(r: ResourceView) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": {"type": "integer", "title": "Id"}}
    for f in r.fields:
        schema = dict(f.openapi_read)
        properties[f.name] = {
            **(_nullable(schema) if f.nullable else schema),
            "title": _title(f.name),
        }
    for fk in r.foreign_keys:
        schema = {"type": "integer"}
        properties[fk.field] = {
            **(schema if fk.required else _nullable(schema)),
            "title": _title(fk.field),
        }
    for m in r.many_to_many:
        properties[m.field] = {
            "items": {"type": "integer"},
            "type": "array",
            "title": _title(m.field),
        }
    for stamp in ("created_at", "updated_at"):
        properties[stamp] = {"type": "string", "format": "date-time", "title": _title(stamp)}
    return {
        "properties": properties,
        "type": "object",
        "required": list(properties),
        "title": f"{r.class_name}Read",
    }


def _list_schema(r: ResourceView) -> dict[str, Any]:
    return {
        "properties": {
            "items": {"items": _ref(f"{r.class_name}Read"), "type": "array", "title": "Items"},
            "total": {"type": "integer", "title": "Total"},
            "limit": {"type": "integer", "title": "Limit"},
            "offset": {"type": "integer", "title": "Offset"},
        },
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "title": f"{r.class_name}List",
        "description": f"A page of {r.label_plural}, ordered by id.",
    }


def _filter_schema(r: ResourceView, name: str) -> dict[str, Any]:
    field = next((f for f in r.fields if f.name == name), None)
    if field is None:  # a foreign key
        base: dict[str, Any] = {"type": "integer", "maximum": MAX_ID, "minimum": 1}
    elif field.kind in {"email", "url", "string"}:
        base = {"type": "string", "maxLength": field.max_length, "pattern": r"^[^\x00]*$"}
    else:
        base = {k: v for k, v in field.openapi.items() if k != "minLength"}
    return _nullable(base)


def _id_parameter() -> dict[str, Any]:
    return {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "maximum": MAX_ID, "minimum": 1, "title": "Id"},
    }


def _operation(
    name: str,
    tag: str,
    responses: dict[str, Any],
    *,
    description: str | None = None,
    parameters: list[dict[str, Any]] | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    operation: dict[str, Any] = {"tags": [tag], "summary": _title(name)}
    if description:
        operation["description"] = description
    operation["operationId"] = name
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": _ref(body)}}}
    operation["responses"] = responses
    return operation


def _resource_paths(r: ResourceView) -> dict[str, dict[str, Any]]:
    c, tag, label = r.class_name, r.plural, r.label
    read = _json_body(_ref(f"{c}Read"), "Successful Response")
    not_found = _message(f"{label} not found".capitalize())
    write_404 = _message(f"{label} or a referenced row not found".capitalize())
    list_parameters = [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {
                "type": "integer",
                "maximum": 100,
                "minimum": 1,
                "default": 20,
                "title": "Limit",
            },
        },
        {
            "name": "offset",
            "in": "query",
            "required": False,
            "schema": {
                "type": "integer",
                "maximum": MAX_ID,
                "minimum": 0,
                "default": 0,
                "title": "Offset",
            },
        },
    ]
    for name, _, _ in r.filters:
        schema = {**_filter_schema(r, name), "title": _title(name)}
        list_parameters.append({"name": name, "in": "query", "required": False, "schema": schema})
    create_responses: dict[str, Any] = {"201": read}
    if r.has_references:
        create_responses["404"] = _message("A referenced row not found")
    if r.conflict:
        create_responses["409"] = _message(r.conflict)
    create_responses["422"] = VALIDATION_ERROR
    collection = {
        "get": _operation(
            f"list_{r.plural}",
            tag,
            {
                "200": _json_body(_ref(f"{c}List"), "Successful Response"),
                "422": VALIDATION_ERROR,
            },
            description=r.docs["list"],
            parameters=list_parameters,
        ),
        "post": _operation(
            f"create_{r.name}",
            tag,
            create_responses,
            description=r.docs["create"],
            body=f"{c}Create",
        ),
    }
    write = {"200": read, "404": write_404 if r.has_references else not_found}
    if r.conflict:
        write["409"] = _message(r.conflict)
    write["422"] = VALIDATION_ERROR
    delete = {"204": {"description": "Successful Response"}, "404": not_found}
    if r.referenced_by:
        delete["409"] = _message(f"{label} is still referenced".capitalize())
    delete["422"] = VALIDATION_ERROR
    item = {
        "get": _operation(
            f"read_{r.name}",
            tag,
            {"200": read, "404": not_found, "422": VALIDATION_ERROR},
            description=r.docs["read"],
            parameters=[_id_parameter()],
        ),
        "put": _operation(
            f"update_{r.name}",
            tag,
            write,
            description="Replace every field (omitted optional fields take their defaults).",
            parameters=[_id_parameter()],
            body=f"{c}Create",
        ),
        "patch": _operation(
            f"patch_{r.name}",
            tag,
            write,
            description="Change only the fields sent.",
            parameters=[_id_parameter()],
            body=f"{c}Update",
        ),
        "delete": _operation(
            f"delete_{r.name}",
            tag,
            delete,
            description=r.docs["delete"],
            parameters=[_id_parameter()],
        ),
    }
    return {r.path: collection, f"{r.path}/{{id}}": item}


def _common_schemas() -> dict[str, Any]:
    return {
        "HTTPValidationError": {
            "properties": {
                "detail": {
                    "items": _ref("ValidationError"),
                    "type": "array",
                    "title": "Detail",
                }
            },
            "type": "object",
            "title": "HTTPValidationError",
        },
        "Health": {
            "properties": {"status": {"type": "string", "const": "ok", "title": "Status"}},
            "type": "object",
            "required": ["status"],
            "title": "Health",
        },
        "Message": {
            "properties": {"detail": {"type": "string", "title": "Detail"}},
            "type": "object",
            "required": ["detail"],
            "title": "Message",
        },
        "ValidationError": {
            "properties": {
                "loc": {
                    "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    "type": "array",
                    "title": "Location",
                },
                "msg": {"type": "string", "title": "Message"},
                "type": {"type": "string", "title": "Error Type"},
                "input": {"title": "Input"},
                "ctx": {"type": "object", "title": "Context"},
            },
            "type": "object",
            "required": ["loc", "msg", "type"],
            "title": "ValidationError",
        },
    }


def build_openapi(project: ProjectView) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas = _common_schemas()
    for r in project.resources:
        paths.update(_resource_paths(r))
        schemas[f"{r.class_name}Create"] = _input_schema(r, partial=False)
        schemas[f"{r.class_name}Update"] = _input_schema(r, partial=True)
        schemas[f"{r.class_name}Read"] = _read_schema(r)
        schemas[f"{r.class_name}List"] = _list_schema(r)
    paths[HEALTH_PATH] = {
        "get": _operation(
            "health",
            "health",
            {
                "200": _json_body(_ref("Health"), "Successful Response"),
                "503": _message("The database does not answer"),
            },
            description="200 once the database answers a query.",
        )
    }
    tags = [{"name": r.plural, "description": r.tag_description} for r in project.resources]
    tags.append({"name": "health", "description": HEALTH_TAG})
    return {
        "openapi": "3.1.0",
        "info": {"title": project.title, "description": project.description, "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items()))},
        "tags": tags,
    }
