"""ApiSpec -> the files of a FastAPI + PostgreSQL project.

The templates only lay out code; every decision (column types, validation
constraints, sample values for the generated tests, table names) is made here
in Python, once, so the templates stay readable and the output is a pure
function of the spec: the same spec always gives byte-identical files.
"""

from __future__ import annotations

import ast
import hashlib
import io
import json
import math
import re
import threading
import tokenize
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jinja2

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import GeneratedProject
from apigen_cloud.generator.spec import ApiSpec, FieldSpec, RelationSpec, ResourceSpec

INT4_MIN, INT4_MAX = -(2**31), 2**31 - 1
INT8_MIN, INT8_MAX = -(2**63), 2**63 - 1
# Numeric(12, 2): ten integer digits and cents.
DECIMAL_DIGITS, DECIMAL_PLACES = 12, 2
DECIMAL_LIMIT = 10 ** (DECIMAL_DIGITS - DECIMAL_PLACES) - 10**-DECIMAL_PLACES
# A `text` field without a max_length still gets one: no unbounded request bodies.
TEXT_DEFAULT_MAX = 10_000
EMAIL_MAX = 254
# PostgreSQL truncates identifiers longer than this.
PG_IDENTIFIER_MAX = 63
# Request bodies are capped (app/body_limit.py) at 1 MiB, or more when a valid body
# of the spec can be larger. A JSON string spends at most 12 bytes on one character
# (a surrogate pair written `\uXXXX\uXXXX`); a key with its punctuation fits in 64
# bytes, and so does any value that is not text.
BODY_LIMIT_MIN = 2**20
JSON_CHAR_MAX = 12
JSON_ITEM_MAX = 64
LINKS_MAX = 100  # ids in one many-to-many list (app/schemas.py)

# Names a model class may not take: they are imported into the generated modules.
_TAKEN_CLASS_NAMES = frozenset(
    {"Annotated", "Any", "Base", "Decimal", "Entity", "Field", "Health", "Literal", "Message"}
    | {"Path", "Query", "Request", "Response", "Self", "UUID", "Id", "IsoDate", "IsoDateTime"}
    | {"IntParam", "EmailFilter", "Depends", "Responses"}
    | {"DecimalNumber", "DecimalParam", "Router", "Match"}
    | {"APIRouter", "AsyncSession", "BaseModel", "ConfigDict", "DeclarativeBase", "Mapped"}
    | {"Factory", "Ref", "TestClient"}
)

# Field types a list endpoint can filter on by exact match.
_FILTERABLE = frozenset(
    {"string", "email", "url", "enum", "integer", "decimal", "boolean", "date", "uuid"}
)
# Filter types (annotations) of a foreign key and the start of a decimal's.
ID_FILTER = "Annotated[int, IntParam(1, MAX_ID)]"
DECIMAL_FILTER = "Annotated[Decimal, "


@dataclass(frozen=True)
class RenderOptions:
    python_image: str = "python:3.13-slim"
    postgres_image: str = "postgres:17"

    @classmethod
    def from_settings(cls, settings: Settings) -> RenderOptions:
        return cls(python_image=settings.python_image, postgres_image=settings.postgres_image)


@dataclass
class FieldView:
    """One scalar column of a resource, with everything each file needs to know."""

    name: str
    kind: str
    required: bool
    unique: bool
    description: str | None
    column_type: str  # SQLAlchemy type expression (module `sa`)
    python_type: str  # annotation in models.py and the Read schema
    input_type: str  # annotation in the Create/Update schemas
    default: Any  # JSON value, or None
    has_default: bool
    server_default: str | None  # text of the column's DEFAULT
    filter_type: tuple[str, str] | None  # list filter: (type, Query(...) arguments)
    sample: str | Call  # Python expression of `n` giving a valid value in the tests
    openapi: dict[str, Any]  # JSON schema of the value in requests
    openapi_read: dict[str, Any]  # JSON schema of the value in responses
    invalid: list[str] = field(default_factory=list)  # Python expressions refused with 422
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    min_length: int | None = None
    enum: list[str] | None = None
    alias: str | None = None  # enums: name of the Literal type in app/models.py

    @property
    def nullable(self) -> bool:
        return not self.required

    @property
    def in_create_required(self) -> bool:
        return self.required and not self.has_default


@dataclass
class ForeignKeyView:
    """A many_to_one link: the integer column `field` references `target`'s id."""

    field: str
    target: str  # resource name
    target_class: str
    target_table: str
    required: bool
    constraint: str
    index: str
    sample_target: str | None  # resource whose row the tests reference, None: left empty


@dataclass
class ManyToManyView:
    """A many_to_many link through an association table; the API exchanges `field` ids."""

    attribute: str  # relationship attribute on the model
    field: str  # e.g. author_ids
    target: str
    target_class: str
    target_table: str
    table: str
    table_var: str  # Python name of the association Table object
    target_path: str
    target_capacity: int
    left_column: str  # references the owner
    right_column: str  # references the target
    owner_is_left: bool
    filled_in_tests: bool
    back_populates: str | None = None  # the mirrored link sharing the association table


@dataclass
class ReferenceView:
    """Somebody else's foreign key pointing at this resource (blocks deletes)."""

    resource: str
    class_name: str
    label: str
    field: str
    plural: str


@dataclass
class ResourceView:
    name: str
    plural: str
    path: str
    table: str
    class_name: str
    label: str  # human-readable singular, e.g. "order item"
    label_plural: str
    description: str | None
    fields: list[FieldView]
    foreign_keys: list[ForeignKeyView]
    many_to_many: list[ManyToManyView]
    referenced_by: list[ReferenceView] = field(default_factory=list)

    @property
    def filters(self) -> list[tuple[str, str, str]]:
        """(name, type, Query arguments) of the list endpoint's exact-match filters."""
        found = [(f.name, *f.filter_type) for f in self.fields if f.filter_type]
        found += [(fk.field, ID_FILTER, "") for fk in self.foreign_keys]
        # A field named like a list parameter cannot also be a filter.
        return [item for item in found if item[0] not in {"limit", "offset"}]

    @property
    def query_names(self) -> list[str]:
        """Every query parameter of the list endpoint (any other is refused)."""
        return ["limit", "offset", *(name for name, _, _ in self.filters)]

    @property
    def test_filters(self) -> list[str]:
        """Filters the tests exercise: those whose sample rows hold a value."""
        unfilled = {fk.field for fk in self.foreign_keys if fk.sample_target is None}
        return [name for name, _, _ in self.filters if name not in unfilled]

    @property
    def filter_imports(self) -> set[str]:
        """Names the filter types need imported besides `IntParam` and `MAX_ID`."""
        kinds = {kind for _, kind, _ in self.filters}
        names = {name for name in ("IsoDate", "UUID") if name in kinds}
        return names | ({"Decimal"} if any(k.startswith(DECIMAL_FILTER) for k in kinds) else set())

    @property
    def patch_field(self) -> str | None:
        return self.fields[0].name if self.fields else None

    @property
    def required_names(self) -> list[str]:
        names = [f.name for f in self.fields if f.in_create_required]
        return names + [fk.field for fk in self.foreign_keys if fk.required]

    @property
    def not_null_names(self) -> list[str]:
        names = [f.name for f in self.fields if f.required]
        return names + [fk.field for fk in self.foreign_keys if fk.required]

    @property
    def invalid_values(self) -> list[tuple[str, str]]:
        found = [(f.name, value) for f in self.fields for value in f.invalid]
        found += [(fk.field, value) for fk in self.foreign_keys for value in ("0", '"1"', "1.5")]
        found += [(m.field, value) for m in self.many_to_many for value in ("[0]", '"1"', "[True]")]
        return found

    @property
    def referrers(self) -> list[tuple[str, str]]:
        return [(ref.resource, ref.field) for ref in self.referenced_by]

    @property
    def pk_name(self) -> str:
        return identifier(f"pk_{self.table}")

    def unique_name(self, column: str) -> str:
        return identifier(f"uq_{self.table}_{column}")

    @property
    def validation_imports(self) -> list[str]:
        names = ["MAX_ID", "IntParam"]
        names += ["NO_NUL"] if any("NO_NUL" in args for _, _, args in self.filters) else []
        if "Decimal" in self.filter_imports:
            names.append("DecimalParam")
        if any("EmailFilter(" in kind for _, kind, _ in self.filters):
            names.append("EmailFilter")
        return names + (["IsoDate"] if "IsoDate" in self.filter_imports else [])

    @property
    def related_classes(self) -> list[str]:
        """Names the resource's routes import from app/models.py: classes, enum types."""
        names = [self.class_name]
        aliases = {f.alias for f in self.fields if f.alias}
        names += [kind for _, kind, _ in self.filters if kind in aliases]
        names += [fk.target_class for fk in self.foreign_keys]
        names += [m.target_class for m in self.many_to_many]
        names += [ref.class_name for ref in self.referenced_by]
        return sorted(set(names))

    @property
    def conflict(self) -> str | None:
        """Why a write can answer 409, if it can."""
        if self.unique_fields:
            return "A unique value is taken"
        if self.has_references:  # the referenced row was deleted between check and commit
            return "A referenced row was deleted meanwhile"
        return None

    @property
    def tag_description(self) -> str:
        """The resource's section of the docs page: its description, else what it offers."""
        default = f"List, create, read, update and delete {self.label_plural}."
        return self.description or default

    @property
    def link_tests(self) -> list[ManyToManyView]:
        """Links the tests add and remove: to another resource with room for two rows."""
        return [m for m in self.many_to_many if m.target != self.name and m.target_capacity > 1]

    @property
    def docs(self) -> dict[str, str]:
        """Descriptions of the operations without a fixed one (their docstrings)."""
        create = f"Create one {self.label}"
        delete = f"Delete one {self.label}"
        return {
            "list": f"List {self.label_plural} by id; filters match exactly, others are refused.",
            "read": f"One {self.label} by id.",
            "create": create
            + ("; the rows it references must exist." if self.has_references else "."),
            "delete": delete
            + ("; refused while other rows reference it." if self.referenced_by else "."),
        }

    @property
    def has_references(self) -> bool:
        return bool(self.foreign_keys or self.many_to_many)

    @property
    def unique_fields(self) -> list[FieldView]:
        return [f for f in self.fields if f.unique]

    @property
    def string_fields(self) -> list[FieldView]:
        return [f for f in self.fields if f.kind in {"string", "text"}]

    @property
    def largest_body(self) -> int:
        """An upper bound of the bytes of a valid create/replace body, whitespace aside."""
        items = len(self.fields) + len(self.foreign_keys) + LINKS_MAX * len(self.many_to_many)
        chars = sum(f.max_length or max(map(len, f.enum or [""])) for f in self.fields)
        return 2 + 2 * JSON_ITEM_MAX * items + JSON_CHAR_MAX * chars

    @property
    def capacity(self) -> int:
        """How many distinct rows the tests can create (unique enums/booleans limit it)."""
        limits = [len(f.enum or []) for f in self.unique_fields if f.kind == "enum"]
        limits += [2 for f in self.unique_fields if f.kind == "boolean"]
        return min([3, *limits])


@dataclass
class AssociationView:
    table: str
    table_var: str
    left_column: str
    left_table: str
    right_column: str
    right_table: str
    left_fk: str
    right_fk: str
    primary_key: str


@dataclass
class ProjectView:
    name: str
    title: str
    description: str
    resources: list[ResourceView]
    associations: list[AssociationView]
    python_image: str
    postgres_image: str

    @property
    def kinds(self) -> set[str]:
        return {f.kind for r in self.resources for f in r.fields}

    @property
    def max_body_bytes(self) -> int:
        """The default body cap: 1 MiB, or whole MiBs enough for every valid body."""
        largest = max(r.largest_body for r in self.resources)
        return max(BODY_LIMIT_MIN, -(-largest // BODY_LIMIT_MIN) * BODY_LIMIT_MIN)

    @property
    def sample_datetime_imports(self) -> str:
        """What tests/factories.py needs from `datetime` for its sample values."""
        kinds = self.kinds
        names = ["UTC"] if "datetime" in kinds else []
        names += ["date"] if "date" in kinds else []
        names += ["datetime"]
        names += ["timedelta"] if kinds & {"date", "datetime"} else []
        return ", ".join(names)


# ---------------------------------------------------------------------------- naming


# Generated code is laid out as `ruff format` would (line length 100, see pyproject.toml.j2).
LINE_LENGTH = 100


@dataclass(frozen=True)
class Call:
    """A bracketed expression `head(item, ...)` whose layout depends on its length."""

    head: str
    items: tuple[str | Call, ...]
    brackets: str = "()"
    tail: str = ""  # after the closing bracket, e.g. an index: `[...][n % 3]`

    def flat(self) -> str:
        body = ", ".join(_flat(item) for item in self.items)
        return f"{self.head}{self.brackets[0]}{body}{self.brackets[1]}{self.tail}"


def _flat(item: str | Call) -> str:
    return item if isinstance(item, str) else item.flat()


def call(head: str, items: list[str | Call], brackets: str = "()", tail: str = "") -> Call:
    return Call(head, tuple(items), brackets, tail)


def layout(item: str | Call, indent: int, prefix: str = "", suffix: str = "") -> str:
    """`prefix + item + suffix` starting at column `indent`, split as ruff format splits it.

    On one line when it fits; else the items on one indented line (a call or a
    subscript) or one item per line with a trailing comma (a list, tuple or dict
    display, or items too long for one line), nested calls split the same way in
    turn. The first line is not indented: the template writes that indentation.
    """
    line = prefix + _flat(item) + suffix
    if isinstance(item, str) or indent + len(line) <= LINE_LENGTH:
        return line
    opening, closing = item.brackets[0], item.brackets[1]
    inner = " " * (indent + 4)
    end = f"{' ' * indent}{closing}{item.tail}{suffix}"
    body = ", ".join(_flat(part) for part in item.items)
    display = not item.head or not (item.head[-1].isalnum() or item.head[-1] in "_])")
    if indent + 4 + len(body) <= LINE_LENGTH and not (display and len(item.items) > 1):
        return f"{prefix}{item.head}{opening}\n{inner}{body}\n{end}"
    lines = "".join(f"{inner}{layout(part, indent + 4, suffix=',')}\n" for part in item.items)
    return f"{prefix}{item.head}{opening}\n{lines}{end}"


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def identifier(name: str) -> str:
    """A PostgreSQL identifier: names over 63 characters get a stable hashed tail."""
    if len(name) <= PG_IDENTIFIER_MAX:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: PG_IDENTIFIER_MAX - 9]}_{digest}"


# A JSON string's escape sequence, or a character a single-quoted literal must escape.
_JSON_ESCAPE = re.compile(r"\\(.)|'")


def _single_quoted(match: re.Match[str]) -> str:
    if match.group(0) == "'":
        return "\\'"
    return '"' if match.group(1) == '"' else match.group(0)


def py(value: Any) -> str:
    """A Python literal for a JSON-like value, with strings safely escaped.

    Strings are written as JSON strings, which are valid Python literals too, in
    double quotes unless single quotes need fewer escapes (as ruff format chooses).
    """
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: keep them as escapes
            text = json.dumps(value)
        if value.count('"') > value.count("'"):
            body = _JSON_ESCAPE.sub(_single_quoted, text[1:-1])
            return f"'{body}'"
        return text
    if isinstance(value, list):
        return "[" + ", ".join(py(item) for item in value) + "]"
    if isinstance(value, tuple):
        items = [py(item) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{value:.1f}"
    return repr(value)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


# ---------------------------------------------------------------------------- fields


def _bounds(spec: FieldSpec, low: float, high: float) -> tuple[float, float]:
    minimum = low if spec.minimum is None else max(low, spec.minimum)
    maximum = high if spec.maximum is None else min(high, spec.maximum)
    return minimum, maximum


def _field_view(spec: FieldSpec) -> FieldView:
    kind = spec.type
    base: dict[str, Any] = {}
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    min_length: int | None = None
    filter_type: tuple[str, str] | None = None
    read_schema: dict[str, Any]
    sample: str | Call
    if kind in {"string", "text", "email", "url"}:
        max_length = spec.max_length or TEXT_DEFAULT_MAX
        if kind == "email":  # RFC 5321: no address is longer
            max_length = min(max_length, EMAIL_MAX)
        min_length = spec.min_length
    if kind in {"string", "text"}:
        column_type = (
            "sa.Text()"
            if kind == "text" and spec.max_length is None
            else f"sa.String({max_length})"
        )
        python_type = "str"
        lengths = f"{max_length}, min_length={min_length}" if min_length else f"{max_length}"
        input_type = f"Annotated[str, Text({lengths})]"
        filter_type = ("str", f"max_length={max_length}, pattern=NO_NUL")
        base = {"type": "string", "maxLength": max_length, "pattern": r"^[^\x00]*$"}
        if min_length:
            base["minLength"] = min_length
        read_schema = {"type": "string"}
        sample = f"text(n, {min_length or 0}, {max_length})"
    elif kind == "email":
        column_type, python_type = f"sa.String({max_length})", "str"
        base = {"type": "string", "format": "email", "maxLength": max_length}
        input_type = f"Annotated[str, Email({max_length})]"
        filter_type = (f"Annotated[str, EmailFilter({max_length})]", "")
        read_schema = {"type": "string"}
        sample = 'f"user{n}@example.com"'
    elif kind == "url":
        column_type, python_type = f"sa.String({max_length})", "str"
        input_type = f"Annotated[str, HttpUrl({max_length})]"
        filter_type = ("str", f"max_length={max_length}, pattern=NO_NUL")
        base = {"type": "string", "format": "uri", "minLength": 1, "maxLength": max_length}
        read_schema = {"type": "string"}
        sample = 'f"https://example.com/items/{n}"'
    elif kind == "integer":
        wide = (spec.minimum is not None and spec.minimum < INT4_MIN) or (
            spec.maximum is not None and spec.maximum > INT4_MAX
        )
        low, high = (INT8_MIN, INT8_MAX) if wide else (INT4_MIN, INT4_MAX)
        lo, hi = _bounds(spec, low, high)
        minimum, maximum = math.ceil(lo), math.floor(hi)
        column_type = "sa.BigInteger()" if wide else "sa.Integer()"
        python_type = "int"
        input_type = f"Annotated[int, Whole({minimum}, {maximum})]"
        filter_type = (f"Annotated[int, IntParam({minimum}, {maximum})]", "")
        base = {"type": "integer", "minimum": minimum, "maximum": maximum}
        read_schema = {"type": "integer"}
        start = 0 if minimum <= 0 <= maximum else minimum
        sample = f"{start} + n % {min(maximum - start + 1, 1000)}"
    elif kind == "float":
        column_type, python_type = "sa.Double()", "float"
        limits = []
        if spec.minimum is not None:
            minimum = _number(spec.minimum)
            limits.append(f"minimum={py(minimum)}")
        if spec.maximum is not None:
            maximum = _number(spec.maximum)
            limits.append(f"maximum={py(maximum)}")
        input_type = f"Annotated[float, Finite({', '.join(limits)})]"
        base = {"type": "number"}
        if minimum is not None:
            base["minimum"] = minimum
        if maximum is not None:
            base["maximum"] = maximum
        read_schema = {"type": "number"}
        lo = minimum if minimum is not None else (maximum - 100 if maximum is not None else 0)
        hi = maximum if maximum is not None else lo + 100
        sample = f"{py(float(lo))} + ({py(float(hi))} - {py(float(lo))}) * (n % 97) / 97"
    elif kind == "decimal":
        lo, hi = _bounds(spec, -DECIMAL_LIMIT, DECIMAL_LIMIT)
        scale = 10**DECIMAL_PLACES
        minimum = math.ceil(round(lo * scale, 6)) / scale
        maximum = math.floor(round(hi * scale, 6)) / scale
        column_type = f"sa.Numeric({DECIMAL_DIGITS}, {DECIMAL_PLACES})"
        python_type = "Decimal"
        minimum, maximum = _number(minimum), _number(maximum)
        input_type = f'Annotated[Decimal, Cents("{minimum}", "{maximum}")]'
        filter_type = (f'Annotated[Decimal, DecimalParam("{minimum}", "{maximum}")]', "")
        base = {"type": "number", "minimum": minimum, "maximum": maximum}
        read_schema = {"type": "number"}
        first, last = py(float(minimum)), py(float(maximum))
        spread = f"{first} + ({last} - {first}) * (n % 97) / 97"
        sample = call("round", [spread, str(DECIMAL_PLACES)])
    elif kind == "boolean":
        column_type, python_type = "sa.Boolean()", "bool"
        input_type = "Flag"
        filter_type = ("bool", "")
        base = read_schema = {"type": "boolean"}
        sample = "n % 2 == 0"
    elif kind == "date":
        column_type, python_type = "sa.Date()", "date"
        input_type = "IsoDate"
        filter_type = ("IsoDate", "")
        base = read_schema = {"type": "string", "format": "date"}
        sample = "(date(2024, 1, 1) + timedelta(days=n)).isoformat()"
    elif kind == "datetime":
        column_type, python_type = "sa.DateTime(timezone=True)", "datetime"
        input_type = "IsoDateTime"
        base = read_schema = {"type": "string", "format": "date-time"}
        sample = "(datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n)).isoformat()"
    elif kind == "uuid":
        column_type, python_type = "sa.Uuid()", "UUID"
        input_type = "UUID"
        filter_type = ("UUID", "")
        base = read_schema = {"type": "string", "format": "uuid"}
        sample = "str(UUID(int=n + 1))"
    else:  # enum
        values = list(spec.enum or [])
        literal = f"Literal[{', '.join(py(v) for v in values)}]"
        column_type = python_type = input_type = literal
        filter_type = (literal, "")
        # Pydantic documents a one-value Literal as `const`.
        choice = {"const": values[0]} if len(values) == 1 else {"enum": values}
        base = read_schema = {"type": "string", **choice}
        sample = call("", [py(v) for v in values], "[]", f"[n % {len(values)}]")
    default = spec.default
    server_default = None
    if default is not None:
        server_default = _sql_default(kind, default)
    view = FieldView(
        name=spec.name,
        kind=kind,
        required=spec.required,
        unique=spec.unique,
        description=spec.description,
        column_type=column_type,
        python_type=python_type,
        input_type=input_type,
        default=default,
        has_default=default is not None,
        server_default=server_default,
        filter_type=filter_type if kind in _FILTERABLE else None,
        sample=sample,
        openapi=base,
        openapi_read=read_schema,
        minimum=minimum,
        maximum=maximum,
        max_length=max_length,
        min_length=min_length,
        enum=list(spec.enum) if spec.enum else None,
    )
    view.invalid = _invalid_values(view)
    return view


def _name_enum(view: FieldView, class_name: str, taken: set[str]) -> None:
    """An enum's values are written once, as a `Literal` alias every module imports."""
    alias = class_name + camel(view.name)
    while alias in taken:
        alias += "Value"
    taken.add(alias)
    view.alias = view.python_type = view.input_type = alias
    view.filter_type = (alias, "")


def _invalid_values(view: FieldView) -> list[str]:
    """Python expressions of values the API must refuse with 422 for this field."""
    kind = view.kind
    found: list[str] = []
    if kind in {"string", "text"}:
        found += [py("a\x00b"), f'"x" * {view.max_length or 0} + "x"', "12"]
        if view.min_length:
            found.append(f'"x" * {view.min_length - 1}')
    elif kind == "email":
        found += [py("not-an-email"), py("a\x00b@example.com")]
    elif kind == "url":
        found += [py("not a url"), py("ftp://example.com/file")]
    elif kind == "integer":
        found += [py(view.maximum + 1), py(view.minimum - 1), py("1"), "1.5", "True"]  # type: ignore[operator]
    elif kind in {"float", "decimal"}:
        found += ['float("nan")', 'float("inf")', py("1.5")]
        if view.maximum is not None and abs(view.maximum) < 1e15:
            found.append(py(view.maximum + 1))
        if view.minimum is not None and abs(view.minimum) < 1e15:
            found.append(py(view.minimum - 1))
    elif kind == "boolean":
        found += [py("yes"), "1"]
    elif kind == "date":
        found += [py("2024-02-30"), py("not a date"), py("0"), "20240101"]
    elif kind == "datetime":
        found += [py("2024-13-01T00:00:00Z"), py("2024-01-01T00:00:00"), "1700000000"]
    elif kind == "uuid":
        found += [py("not-a-uuid"), "1"]
    elif kind == "enum":
        values = view.enum or []
        wrong = "not " + values[0]
        while wrong in values:
            wrong += "!"
        found += [py(wrong[:100]), "1"]
    return found


def _sql_default(kind: str, value: Any) -> str:
    """The column DEFAULT as text (SQLAlchemy quotes it; PostgreSQL casts it)."""
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


# ---------------------------------------------------------------------------- relations


def _fk_graph_back_edges(
    resources: list[ResourceSpec], only_required: bool
) -> set[tuple[str, str]]:
    """(owner, fk field) of the many_to_one links that close a cycle, in a stable DFS."""
    edges = {
        r.name: [
            (rel.field or "", rel.target)
            for rel in r.relations
            if rel.kind == "many_to_one" and (rel.required or not only_required)
        ]
        for r in resources
    }
    state: dict[str, int] = {}
    back: set[tuple[str, str]] = set()

    def visit(node: str) -> None:
        state[node] = 1
        for fk, target in edges[node]:
            if state.get(target) == 1:
                back.add((node, fk))
            elif target not in state:
                visit(target)
        state[node] = 2

    for resource in resources:
        if resource.name not in state:
            visit(resource.name)
    return back


def normalise_spec(spec: ApiSpec) -> ApiSpec:
    """The spec the project is rendered from: required foreign keys never form a cycle.

    A row whose required reference points back to its own kind (directly or around a
    loop) could never be created, so the link that closes such a loop becomes optional.
    """
    spec = spec.model_copy(deep=True)
    back = _fk_graph_back_edges(spec.resources, only_required=True)
    for resource in spec.resources:
        for relation in resource.relations:
            if (resource.name, relation.field) in back:
                relation.required = False
    return spec


class _TestGraph:
    """Which links the generated tests fill, so that creating a row terminates.

    Required links always form a DAG (see `normalise_spec`); an optional link is filled
    only if it adds no cycle to the links already chosen.
    """

    def __init__(self, spec: ApiSpec) -> None:
        self._edges: dict[str, set[str]] = {r.name: set() for r in spec.resources}
        self.filled: set[tuple[str, str]] = set()
        links = [
            (r.name, rel)
            for r in spec.resources
            for rel in r.relations
            if rel.kind in {"many_to_one", "many_to_many"}
        ]
        required = [
            (owner, rel) for owner, rel in links if rel.kind == "many_to_one" and rel.required
        ]
        optional = [link for link in links if link not in required]
        for owner, rel in required:
            self._add(owner, rel)
        for owner, rel in optional:
            if owner != rel.target and not self._reaches(rel.target, owner):
                self._add(owner, rel)

    def _add(self, owner: str, rel: RelationSpec) -> None:
        self._edges[owner].add(rel.target)
        self.filled.add((owner, rel.field or ""))

    def _reaches(self, start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(self._edges[node])
        return False


def _associations(
    spec: ApiSpec, tables: dict[str, str]
) -> tuple[dict[tuple[str, str], AssociationView], list[AssociationView]]:
    """One association table per many_to_many link; a pair of mirrored links shares one."""
    by_key: dict[tuple[str, str], AssociationView] = {}
    ordered: list[AssociationView] = []
    taken = set(tables.values())
    for resource in spec.resources:
        for rel in resource.relations:
            if rel.kind != "many_to_many" or (resource.name, rel.field or "") in by_key:
                continue
            mirrors = [
                (resource.name, rel),
                *[
                    (rel.target, back)
                    for back in spec.resource(rel.target).relations
                    if back.kind == "many_to_many" and back.target == resource.name
                ],
            ]
            own = [
                r for r in resource.relations if r.kind == "many_to_many" and r.target == rel.target
            ]
            paired = rel.target != resource.name and len(mirrors) == 2 and len(own) == 1
            left_table, right_table = tables[resource.name], tables[rel.target]
            if paired:
                name = "_".join(sorted([left_table, right_table]))
            else:
                name = f"{left_table}_{rel.name}"
            while name in taken:
                name += "_link"
            taken.add(name)
            left = f"{resource.name}_id"
            right = f"{(rel.field or '').removesuffix('_ids')}_id"
            if paired:
                right = f"{rel.target}_id"
            if right == left:
                left, right = f"source_{left}", f"target_{right}"
            table = identifier(name)
            view = AssociationView(
                table=table,
                table_var=f"{name}_table",
                left_column=left,
                left_table=left_table,
                right_column=right,
                right_table=right_table,
                left_fk=identifier(f"fk_{name}_{left}_{left_table}"),
                right_fk=identifier(f"fk_{name}_{right}_{right_table}"),
                primary_key=identifier(f"pk_{name}"),
            )
            ordered.append(view)
            by_key[(resource.name, rel.field or "")] = view
            if paired:
                back = mirrors[1][1]
                by_key[(rel.target, back.field or "")] = view
    return by_key, ordered


def build_view(spec: ApiSpec, options: RenderOptions) -> ProjectView:
    tables = {r.name: r.plural or "" for r in spec.resources}
    classes = {}
    for r in spec.resources:
        name = camel(r.name)
        classes[r.name] = f"{name}Resource" if name in _TAKEN_CLASS_NAMES else name
    labels = {r.name: r.name.replace("_", " ") for r in spec.resources}
    taken = set(classes.values()) | _TAKEN_CLASS_NAMES
    graph = _TestGraph(spec)
    by_key, associations = _associations(spec, tables)
    views: dict[str, ResourceView] = {}
    for r in spec.resources:
        fields = [_field_view(f) for f in r.fields]
        for f in fields:
            if f.kind == "enum":
                _name_enum(f, classes[r.name], taken)
        columns = {f.name for f in fields}
        fks = []
        m2m = []
        for rel in r.relations:
            fk_field = rel.field or ""
            target_table = tables[rel.target]
            if rel.kind == "many_to_one":
                fks.append(
                    ForeignKeyView(
                        field=fk_field,
                        target=rel.target,
                        target_class=classes[rel.target],
                        target_table=target_table,
                        required=rel.required,
                        constraint=identifier(f"fk_{tables[r.name]}_{fk_field}_{target_table}"),
                        index=identifier(f"ix_{tables[r.name]}_{fk_field}"),
                        sample_target=rel.target if (r.name, fk_field) in graph.filled else None,
                    )
                )
            elif rel.kind == "many_to_many":
                assoc = by_key[(r.name, fk_field)]
                # Unpaired links (self-references included) always hold the owner on the left.
                owner_is_left = assoc.left_table == tables[r.name]
                attribute = rel.name if rel.name not in columns else f"{rel.name}_links"
                m2m.append(
                    ManyToManyView(
                        attribute=attribute,
                        field=fk_field,
                        target=rel.target,
                        target_class=classes[rel.target],
                        target_table=target_table,
                        table=assoc.table,
                        table_var=assoc.table_var,
                        target_path=spec.resource(rel.target).path or "",
                        target_capacity=0,
                        left_column=assoc.left_column,
                        right_column=assoc.right_column,
                        owner_is_left=owner_is_left,
                        filled_in_tests=(r.name, fk_field) in graph.filled,
                    )
                )
        views[r.name] = ResourceView(
            name=r.name,
            plural=r.plural or "",
            path=r.path or "",
            table=tables[r.name],
            class_name=classes[r.name],
            label=labels[r.name],
            label_plural=(r.plural or "").replace("_", " "),
            description=r.description,
            fields=fields,
            foreign_keys=fks,
            many_to_many=m2m,
        )
    for view in views.values():
        for link in view.many_to_many:
            link.target_capacity = views[link.target].capacity
            mirrors = [
                other.attribute
                for other in views[link.target].many_to_many
                if other.table == link.table and link.target != view.name
            ]
            link.back_populates = mirrors[0] if mirrors else None
        for fk in view.foreign_keys:
            views[fk.target].referenced_by.append(
                ReferenceView(
                    resource=view.name,
                    class_name=view.class_name,
                    label=view.label,
                    field=fk.field,
                    plural=view.plural,
                )
            )
    title = spec.title or spec.name.replace("_", " ").title() + " API"
    return ProjectView(
        name=spec.name,
        title=title,
        description=spec.description or f"{title}: a FastAPI + PostgreSQL service.",
        resources=list(views.values()),
        associations=associations,
        python_image=options.python_image,
        postgres_image=options.postgres_image,
    )


# ---------------------------------------------------------------------------- rendering

# Output path -> template; `{plural}` entries are rendered once per resource.
_PROJECT_FILES: dict[str, str] = {
    ".dockerignore": "dockerignore.j2",
    ".env.example": "env.example.j2",
    ".gitignore": "gitignore.j2",
    "Dockerfile": "Dockerfile.j2",
    "README.md": "README.md.j2",
    "alembic.ini": "alembic.ini.j2",
    "alembic/env.py": "alembic/env.py.j2",
    "alembic/script.py.mako": "alembic/script.py.mako.j2",
    "alembic/versions/0001_initial.py": "alembic/initial.py.j2",
    "app/__init__.py": "empty.j2",
    "app/api/__init__.py": "empty.j2",
    "app/api/deps.py": "app/api/deps.py.j2",
    "app/api/routes/__init__.py": "app/api/routes/__init__.py.j2",
    "app/body_limit.py": "app/body_limit.py.j2",
    "app/core/__init__.py": "empty.j2",
    "app/core/config.py": "app/core/config.py.j2",
    "app/crud.py": "app/crud.py.j2",
    "app/db.py": "app/db.py.j2",
    "app/main.py": "app/main.py.j2",
    "app/models.py": "app/models.py.j2",
    "app/prestart.py": "app/prestart.py.j2",
    "app/schemas.py": "app/schemas.py.j2",
    "app/validation.py": "app/validation.py.j2",
    "docker-compose.yml": "docker-compose.yml.j2",
    "pyproject.toml": "pyproject.toml.j2",
    "requirements-dev.txt": "requirements-dev.txt.j2",
    "requirements.txt": "requirements.txt.j2",
    "tests/__init__.py": "empty.j2",
    "tests/conftest.py": "tests/conftest.py.j2",
    "tests/factories.py": "tests/factories.py.j2",
    "tests/test_body_limit.py": "tests/test_body_limit.py.j2",
    "tests/test_health.py": "tests/test_health.py.j2",
}
_RESOURCE_FILES: dict[str, str] = {
    "app/api/routes/{plural}.py": "app/api/routes/resource.py.j2",
    "tests/test_{plural}.py": "tests/test_resource.py.j2",
}


def _json_literal(value: Any) -> str:
    """A value for YAML/TOML/JSON contexts: a double-quoted, fully escaped string."""
    return json.dumps(value, ensure_ascii=False)


def _one_line(value: Any) -> str:
    """Text for a comment or a Markdown line: no line breaks or control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(value)).split())


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("apigen_cloud.generator", "templates"),
        autoescape=False,  # the output is code, not HTML: values go through `py`/`json`
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["py"] = py
    env.filters["json"] = _json_literal
    env.filters["camel"] = camel
    env.filters["tuple"] = tuple
    env.filters["oneline"] = _one_line
    env.globals["import_line"] = import_line
    env.globals["call"] = call
    env.globals["layout"] = layout
    return env


# Where a template wants its `from ... import ...` block computed from the names it uses.
IMPORTS_MARKER = "#:imports\n"
# Importable name -> (isort section, module).
_IMPORTABLE: dict[str, tuple[int, str]] = {
    **{name: (0, "datetime") for name in ("UTC", "date", "datetime", "timedelta")},
    **{name: (0, "typing") for name in ("Annotated", "Any", "Literal")},
    "Decimal": (0, "decimal"),
    "UUID": (0, "uuid"),
    **{name: (1, "pydantic") for name in ("MISSING", "BaseModel", "ConfigDict", "Field")},
    **{
        name: (2, "app.validation")
        for name in (
            "MAX_ID",
            "NO_NUL",
            "Cents",
            "DecimalNumber",
            "Email",
            "Finite",
            "Flag",
            "HttpUrl",
            "Id",
            "IsoDate",
            "IsoDateTime",
            "Text",
            "Whole",
        )
    },
}


def _import_order(name: str) -> tuple[int, str]:
    """isort's order within an import: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def import_line(module: str, names: list[str], line_length: int = 100) -> str:
    """`from module import a, B, C` in isort's order, wrapped when too long."""
    ordered = sorted(names, key=_import_order)
    line = f"from {module} import {', '.join(ordered)}"
    if len(line) <= line_length:
        return line
    items = "".join(f"    {name},\n" for name in ordered)
    return f"from {module} import (\n{items})"


def add_imports(
    text: str, line_length: int = 100, project_names: dict[str, tuple[int, str]] | None = None
) -> str:
    """Replace the marker with imports of exactly the known names the code after it uses.

    `project_names` adds names the project defines (its enum types) to the known ones.
    """
    head, marker, body = text.partition(IMPORTS_MARKER)
    if not marker:
        return text
    importable = _IMPORTABLE | (project_names or {})
    tokens = tokenize.generate_tokens(io.StringIO(body).readline)
    used = {t.string for t in tokens if t.type == tokenize.NAME and t.string in importable}
    sections: dict[int, dict[str, list[str]]] = {}
    for name in used:
        section, module = importable[name]
        sections.setdefault(section, {}).setdefault(module, []).append(name)
    blocks = []
    for section in sorted(sections):
        lines = []
        for module, names in sorted(sections[section].items()):
            lines.append(import_line(module, names, line_length))
        blocks.append("\n".join(lines))
    return head + "\n\n".join(blocks) + "\n" + body


def _class_fields(node: ast.ClassDef) -> set[str]:
    """Names the class body binds: its fields (`x: T`, `x: T = ...`, `x = ...`)."""
    targets: list[ast.expr] = [item.target for item in node.body if isinstance(item, ast.AnnAssign)]
    targets += [t for item in node.body if isinstance(item, ast.Assign) for t in item.targets]
    return {target.id for target in targets if isinstance(target, ast.Name)}


def _class_body_loads(node: ast.ClassDef) -> list[ast.Name]:
    """Names read in the class's scope: not in a method's body, but in its signature."""
    found: list[ast.Name] = []
    pending: list[ast.AST] = list(node.body)
    while pending:
        item = pending.pop()
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            pending += [*item.decorator_list, item.args, *([item.returns] if item.returns else [])]
            continue
        if isinstance(item, ast.Lambda | ast.ClassDef):  # not generated in class bodies
            continue
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Load):
            found.append(item)
        pending.extend(ast.iter_child_nodes(item))
    return found


# CPython 3.11 counts the depth of the syntax tree it builds for `ast.parse` in state
# shared by every thread, so two renders parsing at once (jobs run in worker threads) can
# fail with "AST constructor recursion depth mismatch" (python/cpython#106905).
_AST_LOCK = threading.Lock()


def unshadow(text: str) -> str:
    """Read through an alias the module names a class's own fields hide.

    In a class body a field named like a type or helper (`date: date`, `list`, `sa`)
    means the field from there on, to mypy and at runtime (`Mapped[date]` after it would
    break). Such names are read through a module-level alias no class binds (`date_`).
    """
    with _AST_LOCK:
        tree = ast.parse(text)
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    bound = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    hidden: list[ast.Name] = []
    for node in classes:
        fields = _class_fields(node)
        hidden += [name for name in _class_body_loads(node) if name.id in fields]
    if not hidden:
        return text
    aliases: dict[str, str] = {}
    for hidden_name in sorted({name.id for name in hidden}):
        alias = hidden_name + "_"
        while alias in bound:
            alias += "_"
        aliases[hidden_name] = alias
    lines = text.encode().splitlines(keepends=True)  # as ast counts: bytes, \n or \r
    # Right to left, so the byte offsets of the names still to replace stay valid.
    for use in sorted(hidden, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        line = lines[use.lineno - 1]
        start, end = use.col_offset, use.end_col_offset or use.col_offset
        lines[use.lineno - 1] = line[:start] + aliases[use.id].encode() + line[end:]
    imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    after = (imports[-1].end_lineno or 0) if imports else 0
    note = "\n# Names fields below hide inside their classes.\n"
    definitions = note + "".join(f"{alias} = {name}\n" for name, alias in aliases.items())
    lines.insert(after, definitions.encode())
    return b"".join(lines).decode()


def render_files(spec: ApiSpec, options: RenderOptions) -> dict[str, str]:
    """The project's files (path -> text) for an already normalised spec."""
    view = build_view(spec, options)
    env = _environment()
    enums = {f.alias: (2, "app.models") for r in view.resources for f in r.fields if f.alias}
    files: dict[str, str] = {}
    for path, template in _PROJECT_FILES.items():
        text = add_imports(env.get_template(template).render(project=view), LINE_LENGTH, enums)
        files[path] = unshadow(text) if path.endswith(".py") else text
    for path, template in _RESOURCE_FILES.items():
        for resource in view.resources:
            files[path.format(plural=resource.plural)] = env.get_template(template).render(
                project=view, r=resource
            )
    return files


def render_project(spec: ApiSpec, options: RenderOptions | None = None) -> GeneratedProject:
    # Imported here: openapi.py reuses this module's view of the spec.
    from apigen_cloud.generator.openapi import build_openapi

    options = options or RenderOptions()
    spec = normalise_spec(spec)
    view = build_view(spec, options)
    return GeneratedProject(
        spec=spec, files=render_files(spec, options), openapi=build_openapi(view)
    )
