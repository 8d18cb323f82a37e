"""The API spec: what the user wants, independent of how it was asked for.

Every path to a project goes through this model: the offline parser, the LLM
parser and a spec submitted as JSON/YAML all produce an `ApiSpec`, and the
renderer only ever reads one. Validation here is the single gate that keeps a
bad spec from producing a broken project.
"""

from __future__ import annotations

import functools
import keyword
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, Self

import inflect
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FieldType = Literal[
    "string",
    "text",
    "integer",
    "float",
    "decimal",
    "boolean",
    "date",
    "datetime",
    "email",
    "url",
    "uuid",
    "enum",
]
RelationKind = Literal["many_to_one", "one_to_many", "many_to_many"]

NUMERIC_TYPES: frozenset[str] = frozenset({"integer", "float", "decimal"})
LENGTH_TYPES: frozenset[str] = frozenset({"string", "text", "email", "url"})

# Columns every generated resource has; user fields may not reuse them.
RESERVED_FIELD_NAMES: frozenset[str] = frozenset({"id", "created_at", "updated_at"})
# Names that would shadow Python, SQLAlchemy or Pydantic internals in generated code.
FORBIDDEN_NAMES: frozenset[str] = frozenset(
    set(keyword.kwlist)
    | {"metadata", "registry", "self", "cls", "type"}
    | {name for name in dir(BaseModel) if not name.startswith("_")}
)
# Generated code uses a resource's name only inside longer names (`read_class`, `class_id`)
# and in strings, so a keyword is a fine resource: a gym's classes, a shop's returns.
FORBIDDEN_RESOURCE_NAMES: frozenset[str] = FORBIDDEN_NAMES - set(keyword.kwlist)

SnakeName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=50),
]

_inflect = inflect.engine()


def to_snake(text: str) -> str:
    """'Published Year' / 'publishedYear' / 'published-year' -> 'published_year'."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text.strip())
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    return re.sub(r"_+", "_", text)


# inflect strips the final "s" of singular words such as "bus", "campus", "analysis"
# or "alias". Words with these endings are singular unless they end in "eas" or are
# listed here.
_PLURALS_ENDING_US_AS = frozenset(
    {
        "menus",
        "gurus",
        "emus",
        "haikus",
        "tofus",
        "pizzas",
        "agendas",
        "formulas",
        "visas",
        "sofas",
        "arenas",
        "cameras",
        "villas",
        "dramas",
        "quotas",
        "eras",
        "tunas",
        "zebras",
        "koalas",
        "llamas",
        "pandas",
        "personas",
        "schemas",
        "umbrellas",
        "replicas",
        "antennas",
        "mangas",
        "operas",
        "bananas",
        "tortillas",
        "plazas",
    }
)


# Acronyms that end in "s" and name one thing: "DNS", "GPS", "SMS"
_ACRONYMS_ENDING_S = frozenset({"dns", "gps", "sms", "cms", "aws", "ios", "rss", "https"})


# Singular nouns that inflect would read as plurals of "-man" ("specimen" -> "speciman")
_SINGULARS_ENDING_MEN = frozenset(
    {
        "specimen",
        "abdomen",
        "regimen",
        "stamen",
        "omen",
        "semen",
        "ramen",
        "acumen",
        "albumen",
        "bitumen",
        "cyclamen",
        "dolmen",
        "lumen",
        "hymen",
        "amen",
    }
)


def _is_singular(word: str) -> bool:
    if word.endswith(("sis", "xis", "ss")) or word in _ACRONYMS_ENDING_S | _SINGULARS_ENDING_MEN:
        return True
    # "teas", "areas", "ideas": no common singular ends in "eas"
    return (
        word.endswith(("us", "as"))
        and not word.endswith("eas")
        and word not in _PLURALS_ENDING_US_AS
    )


# Greek and Latin plurals inflect leaves as they are
_CLASSICAL_PLURALS = {"taxa": "taxon", "criteria": "criterion", "phenomena": "phenomenon"}
_CLASSICAL_SINGULARS = {one: many for many, one in _CLASSICAL_PLURALS.items()}
# inflect's "-oes" for words that only take "-s": a todo API serves /todos, never /todoes
_S_PLURALS = {
    one: f"{one}s"
    for one in ("todo", "disco", "combo", "promo", "dojo", "burrito", "condo", "bistro", "ego")
}


# Cached: the parser asks about the same few hundred words again and again, and inflect
# checks its argument types at run time.
@functools.lru_cache(maxsize=4096)
def singular(word: str) -> str:
    """Singular of the last word of a snake_case name: 'order_items' -> 'order_item'."""
    head, _, last = word.rpartition("_")
    if not last:  # "" or "x_": no word to inflect
        return word
    one = _CLASSICAL_PLURALS.get(last) or (
        None if _is_singular(last) else _inflect.singular_noun(last)
    )
    result = one if isinstance(one, str) and one else last
    return f"{head}_{result}" if head else result


@functools.lru_cache(maxsize=4096)
def plural(word: str) -> str:
    """Plural of the last word of a snake_case name: 'order_item' -> 'order_items'."""
    head, _, last = word.rpartition("_")
    if not last:
        return word
    many = _CLASSICAL_SINGULARS.get(last) or _S_PLURALS.get(last) or _inflect.plural_noun(last)
    return f"{head}_{many}" if head else many


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class FieldSpec(_Strict):
    name: SnakeName
    type: FieldType = "string"
    required: bool = True
    unique: bool = False
    default: str | int | float | bool | None = None
    min_length: int | None = Field(default=None, ge=0)
    max_length: int | None = Field(default=None, ge=1, le=1_000_000)
    minimum: float | None = None
    maximum: float | None = None
    enum: list[str] | None = None
    description: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _check(self) -> Self:
        where = f"field '{self.name}'"
        if self.name in FORBIDDEN_NAMES:
            raise ValueError(f"{where}: '{self.name}' cannot be used as a field name")
        if self.name in RESERVED_FIELD_NAMES:
            raise ValueError(f"{where}: '{self.name}' is added automatically to every resource")
        if (self.min_length is not None or self.max_length is not None) and (
            self.type not in LENGTH_TYPES
        ):
            raise ValueError(f"{where}: min_length/max_length only apply to text fields")
        if (self.minimum is not None or self.maximum is not None) and (
            self.type not in NUMERIC_TYPES
        ):
            raise ValueError(f"{where}: minimum/maximum only apply to numeric fields")
        if (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        ):
            raise ValueError(f"{where}: min_length is greater than max_length")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"{where}: minimum is greater than maximum")
        if self.type == "enum":
            if not self.enum:
                raise ValueError(f"{where}: an enum needs at least one value")
            if len(set(self.enum)) != len(self.enum):
                raise ValueError(f"{where}: enum values must be distinct")
            if any(not v or len(v) > 100 for v in self.enum):
                raise ValueError(f"{where}: enum values must be 1 to 100 characters long")
        elif self.enum is not None:
            raise ValueError(f"{where}: enum values given but the type is '{self.type}'")
        if self.type in {"string", "email", "url"} and self.max_length is None:
            # Bounded VARCHAR columns: a generated API never accepts unbounded strings
            # where an index (unique) or a form field is expected.
            self.max_length = 255 if self.type != "url" else 2048
        if self.default is not None:
            self.default = _coerce_default(self, self.default)
        return self


def _coerce_default(spec: FieldSpec, value: str | int | float | bool) -> str | int | float | bool:
    """Check a default against its field and return it in canonical JSON form."""
    where = f"field '{spec.name}': default {value!r}"
    kind = spec.type
    try:
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if str(value).lower() in {"true", "yes", "1"}:
                return True
            if str(value).lower() in {"false", "no", "0"}:
                return False
            raise ValueError
        if isinstance(value, bool):
            raise ValueError
        if kind == "integer":
            number: int | float = int(str(value))
        elif kind == "float":
            number = float(value)
        elif kind == "decimal":
            number = float(Decimal(str(value)))
        else:
            text = str(value)
            if kind == "enum" and text not in (spec.enum or []):
                raise ValueError
            if kind == "date":
                date.fromisoformat(text)
            if kind == "datetime":
                datetime.fromisoformat(text)
            if spec.max_length is not None and len(text) > spec.max_length:
                raise ValueError
            return text
    except (ValueError, InvalidOperation):
        raise ValueError(f"{where} is not a valid {kind}") from None
    if (spec.minimum is not None and number < spec.minimum) or (
        spec.maximum is not None and number > spec.maximum
    ):
        raise ValueError(f"{where} is outside the allowed range")
    return number


class RelationSpec(_Strict):
    """A link from this resource to another.

    many_to_one: this resource holds a foreign key `field` (`<name>_id`) to `target`.
    one_to_many: the inverse view; `target` holds the foreign key `field` back to us.
    many_to_many: an association table; the API exchanges `field` (`<name>_ids`).
    A relation written without `name` is named after its `field`, else its target.
    """

    name: SnakeName
    kind: RelationKind
    target: SnakeName
    field: SnakeName | None = None
    required: bool = True

    @model_validator(mode="before")
    @classmethod
    def _default_name(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("name") is not None:
            return data
        target, field, kind = data.get("target"), data.get("field"), data.get("kind")
        if not isinstance(target, str):
            return data  # reported as a missing or invalid target
        if isinstance(field, str) and kind != "one_to_many":
            name = field.removesuffix("_ids").removesuffix("_id")
        else:
            name = singular(target) if kind == "many_to_one" else plural(singular(target))
        return {**data, "name": name}


class ResourceSpec(_Strict):
    name: SnakeName
    plural: SnakeName | None = None
    path: str | None = None
    description: str | None = Field(default=None, max_length=500)
    fields: list[FieldSpec] = Field(default_factory=list, max_length=100)
    relations: list[RelationSpec] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _normalise(self) -> Self:
        if self.name in FORBIDDEN_RESOURCE_NAMES:
            raise ValueError(f"'{self.name}' cannot be used as a resource name")
        self.name = singular(self.name)
        if self.plural is None:
            self.plural = plural(self.name)
        if self.plural == self.name:
            raise ValueError(
                f"resource '{self.name}': its plural must differ from its name "
                "(give 'plural' explicitly)"
            )
        if self.path is None:
            self.path = "/" + self.plural.replace("_", "-")
        if not re.fullmatch(r"/[a-z][a-z0-9-]*", self.path):
            raise ValueError(f"resource '{self.name}': path '{self.path}' is not a simple route")
        names = [f.name for f in self.fields]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"resource '{self.name}': duplicate fields {duplicates}")
        if not self.fields and not self.relations:
            raise ValueError(f"resource '{self.name}' has no fields")
        return self


class ApiSpec(_Strict):
    name: SnakeName
    title: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    resources: list[ResourceSpec] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _link(self) -> Self:
        by_name = {r.name: r for r in self.resources}
        if len(by_name) != len(self.resources):
            raise ValueError("two resources have the same name")
        paths = [r.path for r in self.resources]
        if len(set(paths)) != len(paths):
            raise ValueError("two resources have the same route")
        for resource in self.resources:
            for relation in resource.relations:
                _complete_relation(resource, relation, by_name)
        _add_inverse_relations(self.resources, by_name)
        for resource in self.resources:
            columns = [f.name for f in resource.fields] + [
                r.field for r in resource.relations if r.kind != "one_to_many" and r.field
            ]
            clashes = sorted({c for c in columns if columns.count(c) > 1})
            if clashes:
                raise ValueError(f"resource '{resource.name}': names used twice: {clashes}")
        return self

    def resource(self, name: str) -> ResourceSpec:
        return next(r for r in self.resources if r.name == name)


def _complete_relation(
    owner: ResourceSpec, relation: RelationSpec, by_name: dict[str, ResourceSpec]
) -> None:
    target = singular(relation.target)
    if target not in by_name:
        raise ValueError(
            f"resource '{owner.name}': relation '{relation.name}' points to unknown "
            f"resource '{relation.target}'"
        )
    relation.target = target
    if relation.kind == "many_to_one":
        relation.field = relation.field or f"{relation.name}_id"
    elif relation.kind == "many_to_many":
        relation.field = relation.field or f"{singular(relation.name)}_ids"
    else:
        relation.field = relation.field or f"{owner.name}_id"
    if relation.field in RESERVED_FIELD_NAMES:
        raise ValueError(f"resource '{owner.name}': relation field '{relation.field}' is reserved")


def _add_inverse_relations(resources: list[ResourceSpec], by_name: dict[str, ResourceSpec]) -> None:
    """Every one_to_many has the many_to_one that holds its foreign key, and back."""
    for resource in resources:
        for relation in list(resource.relations):
            if relation.kind != "one_to_many":
                continue
            target = by_name[relation.target]
            if not any(
                r.kind == "many_to_one" and r.target == resource.name and r.field == relation.field
                for r in target.relations
            ):
                assert relation.field is not None
                target.relations.append(
                    RelationSpec(
                        name=relation.field.removesuffix("_id"),
                        kind="many_to_one",
                        target=resource.name,
                        field=relation.field,
                        required=relation.required,
                    )
                )


def spec_from_document(document: dict[str, Any]) -> ApiSpec:
    """An ApiSpec from a user-submitted JSON/YAML document (already parsed)."""
    return ApiSpec.model_validate(document)
