"""One field phrase of a prompt ("isbn which must be unique") -> a field draft."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from apigen_cloud.generator.parsing import vocabulary as vocab
from apigen_cloud.generator.spec import (
    LENGTH_TYPES,
    NUMERIC_TYPES,
    RESERVED_FIELD_NAMES,
    FieldType,
    singular,
    to_snake,
)

MAX_NAME_WORDS = 4

_NUM = r"-?\d+(?:\.\d+)?"
_DASH = "(?:-|\u2013)"  # hyphen or en dash: "1-5", "1\u20135"
_UNIT = r"(?:characters?|chars?|letters?|symbols?|digits?)"
_TYPE_ALT = "|".join(re.escape(word) for word in sorted(vocab.TYPE_WORDS, key=len, reverse=True))
_TRAILING_TYPE_ALT = "|".join(
    re.escape(word) for word in sorted(vocab.TRAILING_TYPE_WORDS, key=len, reverse=True)
)
_UNIT_TYPES: dict[str, FieldType] = {
    "dollars": "decimal",
    "euros": "decimal",
    "eur": "decimal",
    "usd": "decimal",
    "pounds": "decimal",
    "cents": "integer",
    "minutes": "integer",
    "hours": "integer",
    "days": "integer",
    "seconds": "integer",
    "yards": "float",
    "secs": "integer",
    "mins": "integer",
    "hrs": "integer",
    "years": "integer",
    "kg": "float",
    "ml": "float",
    "km": "float",
    "m": "float",  # "length (m)"
    "g": "float",
    "meters": "float",
    "metres": "float",
    "miles": "float",
    "kilometres": "float",
    "kilometers": "float",
    "grams": "float",
    "kilograms": "float",
    "liters": "float",
    "litres": "float",
    "hectares": "float",
    "percent": "float",
    "percentage": "float",
    "free text": "text",
    "per cent": "float",
    "acres": "float",
    "square meters": "float",
    "square metres": "float",
    "square kilometres": "float",
    "square kilometers": "float",
    "millimetres": "float",
    "millimeters": "float",
    "centimetres": "float",
    "centimeters": "float",
    "square feet": "float",
    "cubic meters": "float",
    "cubic metres": "float",
    "cubic feet": "float",
    "m2": "float",
    "m3": "float",
    "sqm": "float",
    "sq ft": "float",
    "grammes": "float",
    "lbs": "float",
    "feet": "float",
    "cm": "float",
    "mm": "float",
    "inches": "float",
    "celsius": "float",
    "fahrenheit": "float",
    "degrees": "float",
    "psi": "float",
    "tonnes": "float",
    "tons": "float",
    "newton-seconds": "float",
    "hz": "float",
    "bar": "float",
    "kpa": "float",
    "volts": "float",
    "watts": "float",
    "kw": "float",
    "kwh": "float",
    "mw": "float",
    "megawatts": "float",
    "mph": "float",
    "kmh": "float",
    "km/h": "float",
    "m/s": "float",
    "ft/s": "float",
    "l/min": "float",
    "mg/l": "float",
    "ppm": "float",
    "ounces": "float",
    "oz": "float",
    "weeks": "integer",
    "months": "integer",
}


class UnplacedPhrase(Exception):
    """A phrase the parser cannot turn into a field; the message names it."""


@dataclass
class FieldDraft:
    """What the prompt says about one field; None means "not said"."""

    name: str
    phrase: str
    type: FieldType | None = None
    required: bool | None = None
    unique: bool | None = None
    default: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    low: float | None = None  # a bound without unit: a length or a value, by type
    high: float | None = None
    enum: list[str] | None = None
    description: str | None = None
    bare: bool = False  # only a noun: may turn out to be a reference to a resource
    any_number: bool = False  # "price: number" says numeric, not which kind of number
    among_fields: bool = False  # listed beside plain fields: a plural noun there is a value

    def merge(self, other: FieldDraft) -> None:
        """Take everything `other` says (a later statement about the same field)."""
        for name in (
            "type",
            "required",
            "unique",
            "default",
            "min_length",
            "max_length",
            "low",
            "high",
            "enum",
            "description",
        ):
            value = getattr(other, name)
            if value is not None:
                setattr(self, name, value)
        if other.type is not None:
            self.any_number = other.any_number
        self.bare = self.bare and other.bare

    def final_type(self) -> FieldType:
        if self.any_number and infer_type(self.name) in NUMERIC_TYPES:
            return infer_type(self.name)  # "price (number)" stays a decimal
        if self.type is not None:
            return self.type
        if self.enum:
            return "enum"
        inferred = infer_type(self.name)
        if inferred == "string" and str(self.default).lower() in {"true", "false", "yes", "no"}:
            return "boolean"  # "in service (default true)"
        if inferred == "string" and re.fullmatch(_NUM, str(self.default)):
            # "a player limit, which defaults to 4": a number by its default
            return "float" if "." in str(self.default) else "integer"
        bounds = [b for b in (self.low, self.high) if b is not None]
        if (
            inferred == "string"
            and bounds
            and self.min_length is None
            and (self.max_length is None)
        ):
            # "a priority from 1 to 5": numbers make a number.
            return "integer" if all(b == int(b) for b in bounds) else "float"
        if inferred == "integer" and any(b != int(b) for b in bounds):
            return "float"
        return inferred

    def to_spec(self) -> dict[str, Any]:
        """Keyword arguments of `FieldSpec`."""
        kind = self.final_type()
        spec: dict[str, Any] = {"name": self.name, "type": kind}
        min_length, max_length = self.min_length, self.max_length
        if kind in NUMERIC_TYPES:
            spec["minimum"], spec["maximum"] = self.low, self.high
        elif kind in LENGTH_TYPES:
            min_length = min_length if min_length is not None else _as_int(self.low)
            max_length = max_length if max_length is not None else _as_int(self.high)
        if kind in LENGTH_TYPES:
            spec["min_length"], spec["max_length"] = min_length, max_length
        if kind == "enum":  # "defaults to submitted; the other statuses are ..."
            first = to_snake(str(self.default)) if self.default is not None else None
            missing = first is not None and first not in (self.enum or [])
            spec["enum"] = [first, *(self.enum or [])] if missing else self.enum
        default: str | bool | None = self.default
        if default is None and kind == "boolean":
            default = self.name in vocab.TRUE_BY_DEFAULT
        if default is not None and kind == "enum":
            default = to_snake(str(default))
        spec["default"] = default
        required = self.required
        if required is None:
            required = default is None and not vocab.optional_by_name(self.name)
        spec["required"] = required
        spec["unique"] = bool(self.unique) or (
            self.unique is None and self.name in vocab.UNIQUE_BY_NAME
        )
        spec["description"] = self.description
        return {k: v for k, v in spec.items() if v is not None}


def _as_int(value: float | None) -> int | None:
    return None if value is None else max(int(value), 0)


_MEASURES: frozenset[FieldType] = frozenset({"integer", "float", "decimal", "date", "datetime"})


def infer_type(name: str) -> FieldType:
    """A field type from its snake_case name alone."""
    if name in vocab.TYPE_BY_NAME:
        return vocab.TYPE_BY_NAME[name]
    unit = name.replace("_", " ")
    if unit.endswith("s") and unit in _UNIT_TYPES:
        return _UNIT_TYPES[unit]  # "litres", "acres burned": a quantity named by its unit
    if name.startswith(vocab.BOOLEAN_PREFIXES):
        return "boolean"
    if name.startswith("date_"):  # "date of death", "date added"
        return "date"
    if name.startswith(("number_of_", "year_", "quantity_", "years_", "months_", "days_")) or (
        name.endswith("_count")
    ):  # "years experience": a count of years
        return "integer"
    bound, _, measured = name.partition("_")
    if (
        bound == "total"
        and measured
        and singular(measured) != measured
        and infer_type(measured) == "string"
    ):
        return "integer"  # "total strokes": a count of things ("total price" stays a price)
    if bound in {"max", "maximum", "min", "minimum"} and measured:
        # "max occupancy", "min age": a limit is a number ("max price" stays a price)
        kind = infer_type(measured)
        return "integer" if kind == "string" else kind
    head, _, last = name.rpartition("_")
    if head and last in {"max", "maximum", "min", "minimum"}:
        kind = infer_type(head)  # "salary min", "age max": bounds, said after the name
        return "integer" if kind == "string" else kind
    if "_per_" in name:  # "price_per_night" is a price
        return infer_type(name.partition("_per_")[0])
    if last == "time" and head.rpartition("_")[2] in vocab.DURATION_TIMES:
        return "integer"  # "cooking time": minutes, where "start time" is a moment
    if head and (last.endswith("ed") or last in vocab.IRREGULAR_PARTICIPLES):
        # "hours logged", "amount paid", "copies sold", "date joined": the measured noun
        # says the type; "time spent" is a duration, "time created" a moment
        if head == "time":
            return "integer" if last in vocab.DURATION_PARTICIPLES else "datetime"
        measured = infer_type(head)
        if measured in _MEASURES:
            return measured
        if measured == "string" and singular(head) != head:
            return "integer"  # "items sold": a count
        if measured == "string" and last in vocab.STATUS_PARTICIPLES:
            return "boolean"  # "first aid trained", "dbs checked": whether it was done
    if last == "on" and head:
        return "date"  # "joined on", "issued on", "expires on"
    if last == "number":  # "phone number", "room number": identifiers, not quantities
        # "floor number", "episode number": positions
        return "integer" if head in vocab.ORDINAL_NUMBERS else "string"
    return vocab.TYPE_BY_LAST_WORD.get(last, "string")


# --- modifiers: each pattern applies to the draft and is removed from the phrase ---


@dataclass
class _Rule:
    pattern: re.Pattern[str]
    apply: Any  # Callable[[FieldDraft, re.Match[str]], None]
    # "an optional manager" may still be a link to a resource; "a manager as text" is not.
    keeps_bare: bool = False


def _set(**values: Any) -> Any:
    def apply(draft: FieldDraft, _: re.Match[str]) -> None:
        for key, value in values.items():
            setattr(draft, key, value)

    return apply


def _num(text: str) -> float:
    return float(text)


def _length_range(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.min_length, draft.max_length = int(float(m[1])), int(float(m[2]))


def _exact_length(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.min_length = draft.max_length = int(float(m[1]))


def _min_length(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.min_length = int(float(m[1]))


def _max_length(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.max_length = int(float(m[1]))


def _range(draft: FieldDraft, m: re.Match[str]) -> None:
    low, high = sorted((_num(m[1]), _num(m[2])))
    draft.low, draft.high = low, high


def _low(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.low = _num(m[1])


def _low_exclusive(draft: FieldDraft, m: re.Match[str]) -> None:
    # Integers can say "> 0" exactly (>= 1); other types get the inclusive bound.
    value = _num(m[1])
    draft.low = value + 1 if value == int(value) and draft.final_type() == "integer" else value


def _high(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.high = _num(m[1])


def _high_exclusive(draft: FieldDraft, m: re.Match[str]) -> None:
    value = _num(m[1])
    draft.high = value - 1 if value == int(value) and draft.final_type() == "integer" else value


def _positive(draft: FieldDraft, _: re.Match[str]) -> None:
    draft.low = 1 if draft.final_type() == "integer" else 0


def _default(draft: FieldDraft, m: re.Match[str]) -> None:
    value = m[1].strip("\"'")
    if value.lower() not in {"now", "today", "empty", "none", "null", "nothing", "current"}:
        draft.default = value


def _about(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.description = draft.description or m[0].strip()


def _explicit_type(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.type = vocab.TYPE_WORDS[m[1].lower()]
    draft.any_number = m[1].lower() == "number"


def _text_list(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.type = "text"
    draft.description = f"a list of {m[1].lower()}, stored as text (e.g. comma-separated)"


def _unit_type(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.type = draft.type or _UNIT_TYPES[m[1].lower()]


def _said_per(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.description = draft.description or m[0].strip()


def _enum_list(draft: FieldDraft, m: re.Match[str]) -> None:
    draft.enum = enum_values(re.split(r"\s*(?:,|/|\||\bor\b|\band\b)\s*", m[1]))


def _rule(pattern: str, apply: Any, keeps_bare: bool = False) -> _Rule:
    return _Rule(re.compile(pattern, re.IGNORECASE), apply, keeps_bare)


_RULES: tuple[_Rule, ...] = (
    _rule(
        r"\b(?:defaults?\s+(?:(?:to|is)\b|=|:)?|defaulting\s+to|default\b(?:\s+value)?(?:\s+is\b|\s+of\b|\s*:|\s*=)?|"
        r"by\s+default(?:\s+is\b)?)\s*(\"[^\"]*\"|'[^']*'|[\w.:+-]+)",
        _default,
    ),
    # "(booked or cancelled, booked by default)": the value said before
    _rule(r"\b([\w-]+)\s+by\s+default\s*$", _default),
    # "new ones start as booked", "which starts as proposed", "new trips are requested"
    _rule(
        r"\b(?:(?:which|that)\s+)?(?:(?:new\s+(?:ones|[a-z]+s)\s+)?(?:starts?|begins?)\s+(?:as|at|with)|"
        r"new\s+(?:ones|[a-z]+s)\s+are)\s+([\w-]+)",
        _default,
    ),
    _rule(
        rf"\b(?:between\s+)?({_NUM})\s*(?:{_DASH}|to|and)\s*({_NUM})\s*{_UNIT}(?:\s+long)?",
        _length_range,
    ),
    _rule(rf"\b(?:exactly|always)\s+({_NUM})\s*{_UNIT}(?:\s+long)?", _exact_length),
    _rule(
        rf"\b(?:at\s+least|min(?:imum)?(?:\s+of)?|no\s+(?:less|fewer)\s+than)\s*({_NUM})\s*"
        rf"{_UNIT}(?:\s+long)?",
        _min_length,
    ),
    _rule(
        rf"\b(?:at\s+most|max(?:imum)?(?:\s+of)?|up\s+to|(?:no|not)\s+more\s+than|"
        rf"less\s+than|fewer\s+than|under|limited\s+to)\s*({_NUM})\s*{_UNIT}(?:\s+long)?",
        _max_length,
    ),
    _rule(rf"\b({_NUM})\s*{_UNIT}\s*(?:max(?:imum)?|or\s+(?:less|fewer)|at\s+most)?", _max_length),
    _rule(rf"\b(?:from|between)\s+({_NUM})\s*(?:to|and|{_DASH})\s*({_NUM})", _range),
    _rule(rf"(?<![\w.-])({_NUM})\s*(?:{_DASH}|to|\.\.)\s*({_NUM})(?![\w.-])", _range),
    _rule(
        rf"(?:\bat\s+least|\bmin(?:imum)?(?:\s+of|\s+is)?|\bno\s+less\s+than|\bno\s+earlier\s+than|"
        rf"\bnot\s+before|>=|≥)\s*({_NUM})",
        _low,
    ),
    _rule(rf"(?:\bgreater\s+than|\bmore\s+than|\bover|\babove|>)\s*({_NUM})", _low_exclusive),
    _rule(rf"\bout\s+of\s+({_NUM})", _high),  # "score out of 100"
    _rule(
        rf"(?:\bat\s+most|\bmax(?:imum)?(?:\s+of|\s+is)?|\bup\s+to|\b(?:no|not)\s+more\s+than|"
        rf"\bno\s+later\s+than|\bnot\s+after|<=|≤)\s*({_NUM})",
        _high,
    ),
    _rule(rf"(?:\bless\s+than|\bbelow|\bunder|<)\s*({_NUM})", _high_exclusive),
    _rule(
        r"\bnon-?negative\b|\b(?:can'?t|cannot|can\s+not|must\s+not|should\s+not|never)\s+be\s+"
        r"(?:negative|below\s+(?:zero|0))\b",
        _set(low=0.0),
    ),
    _rule(r"\b(?:positive|greater\s+than\s+zero|above\s+zero)\b", _positive),
    _rule(
        r"\b(?:(?:which|wich|that)\s+)?(?:must|should|has\s+to|needs\s+to|is|are)\s+be\s+unique\b|"
        r"\bunique\b|\bno\s+duplicates\b|\bnot\s+duplicated\b|\bdistinct\b|"
        # "no two members share one", "no two bins can have the same"
        r"\bno\s+two\s+\w+(?:\s+\w+)?\s+(?:share|have|can\s+have|may\s+have)\b[^,;()]*",
        _set(unique=True),
    ),
    _rule(
        r"^\s*(?:maybe|perhaps|possibly)\b|"  # "maybe some notes"
        r"\b(?:optional(?:ly)?|nullable|not\s+(?:required|obligatory|mandatory|compulsory)|"
        r"if\s+any|if\s+known|if\s+available|"
        r"if\s+(?:we|they|you|it)\s+(?:have|has)\s+(?:one|any|it)|if\s+there\s+is\s+one|"
        r"if\s+(?:we|they|you|i)\s+know(?:\s+(?:it|them|one))?|"
        r"(?:(?:may|can|could)\s+be|stays|remains|is\s+left)\s+(?:empty|blank|null|missing|omitted|"
        r"left\s+(?:out|empty|blank))|"
        # "exit time (empty while still parked)"
        r"(?:^|\()(?:empty|blank|null)\s+(?:while|until|when|if|before)\s+[^,;()]*\w)\b",
        _set(required=False),
        keeps_bare=True,
    ),
    _rule(
        r"\b(?:required|mandatory|not\s+null|non-null|(?:must|should|has\s+to)\s+be\s+"
        r"(?:given|provided|set|filled(?:\s+in)?|present)|(?:cannot|can't|can\s+not|must\s+not|"
        r"may\s+not)\s+be\s+(?:empty|blank|null|missing))\b",
        _set(required=True),
        keeps_bare=True,
    ),
    # "notes about what we're working on": what the notes are about
    _rule(
        r"(?:(?<=\bnotes)|(?<=\bremarks)|(?<=\bcomments))\s+(?:about|on|regarding)\s+.+$",
        _about,
        keeps_bare=True,
    ),
    # No list columns: "tags: list of strings" is kept as one text value (e.g. comma-separated).
    _rule(
        r"(?::\s*|\b(?:as\s+)?)(?:an?\s+)?(?:list|array|set)\s+of\s+(strings?|words?|texts?|names?|"
        r"tags?|labels?|keywords?|urls?|links?|emails?|numbers?|integers?|ints?|values?)\b",
        _text_list,
    ),
    _rule(
        # "one of coptic, case, japanese stab, long stitch": values of a word or two
        r"\b(?:one\s+of|either|can\s+be|is\s+either|may\s+be)\s*:?\s+"
        r"(\w+(?:\s(?!or\b|and\b)\w+)?(?:\s*(?:,|/|\bor\b|,?\s*\band\b)\s*\w+(?:\s(?!or\b|and\b)\w+)?)+)",
        _enum_list,
    ),
    # "Sex is male, female or unknown"
    _rule(r"\b(?:is|are)\s+(\w+(?:\s*,\s*\w+)+,?\s+or\s+\w+)\s*$", _enum_list),
    _rule(
        rf"(?:(?:\b(?:stored\s+)?as|\bof\s+type|\btype|\btyped|\bis|\bis\s+an?)\s+|:\s*)"
        rf"(?:an?\s+)?({_TYPE_ALT})(?![\w/])",
        _explicit_type,
    ),
    _rule(rf"(?<=\w)\s+({_TRAILING_TYPE_ALT})\s*$", _explicit_type),
    # "certified until date": the bound names the field, the last word is its type
    _rule(r"(?:(?<=\buntil)|(?<=\btill)|(?<=\bsince))\s+(date|datetime)\s*$", _explicit_type),
    _rule(rf"\bin\s+({'|'.join(sorted(_UNIT_TYPES, key=len, reverse=True))})\b", _unit_type),
    # "duration minutes", "length seconds": how long, and its unit
    _rule(
        r"(?:(?<=\bduration)|(?<=\blength)|(?<=\bruntime))\s+(minutes|seconds|hours|days)\b",
        _unit_type,
    ),
    # "price per 100g", "cost per kg": the measure it is given for, not part of its name
    _rule(
        r"\s+per\s+(?:\d+\s*)?(?:g|grams?|kg|kilos?|kilograms?|l|litres?|liters?|ml|m2|m3|sqm"
        r"|km|miles?|lbs?|oz|ounces?)\b",
        _said_per,
    ),
    # "battery level %", "distance km": a unit written after the name without "in"
    _rule(r"\s*\(?%\)?", _set(type="float")),
    _rule(r"\bfree[\s-]?(?:form\s+)?text\b", _set(type="text")),  # "a free-text report"
    _rule(
        r"(?<=\w)\s+\(?(km|kg|cm|mm|ml|m2|m3|sqm|lbs|grams|kilograms|metres|meters|litres|liters)"
        r"\)?\s*$",
        _unit_type,
    ),
    # never "yes / no / abstain", a choice of three
    _rule(
        r"\b(yes\s*/\s*no|yes\s+or\s+no|true\s*/\s*false|y/n)\b(?!\s*(?:/|,|\bor\b)\s*\w)",
        _set(type="boolean"),
    ),
    _rule(r"(?<=\w)\s+or\s+not\s*$", _set(type="boolean")),  # "dcc fitted or not"
    # "new / in progress / delivered": spaced slashes let a value have two words
    # ("NTSC-U / NTSC-J": a value may have a hyphen)
    _rule(r"(?<![\w/|-])([\w-]+(?:\s+[/|]\s+[\w-]+(?:\s\w+){0,2})+)(?![\w/|-])", _enum_list),
    # "pending/in progress/done": a value between two slashes may have words of its own
    _rule(r"(?<![\w/|-])([\w-]+(?:/[\w-]+(?:\s[\w-]+){0,2})*/[\w-]+)(?![\w/|-])", _enum_list),
    _rule(r"(?<![\w/|-])([\w-]+(?:\s*[/|]\s*[\w-]+)+)(?![\w/|-])", _enum_list),
)


def apply_modifiers(draft: FieldDraft, text: str) -> str:
    """Apply every modifier found in `text` to `draft`; return what is left of the text."""
    for rule in _RULES:
        for match in list(rule.pattern.finditer(text)):
            rule.apply(draft, match)
            draft.bare = draft.bare and rule.keeps_bare
        text = rule.pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:-\u2013\u2014")


def enum_values(pieces: list[str]) -> list[str] | None:
    # "pending (then preparing, delivered)": the order they come in is no part of a value
    pieces = [re.sub(r"^\s*(?:then|and\s+then|finally)\s+", "", p, flags=re.I) for p in pieces]
    values = list(dict.fromkeys(v for v in (to_snake(p) for p in pieces) if v))
    return values or None


_IDENTIFIER_TYPES: dict[str, str] = {
    "date": "date",
    "time": "datetime",
    "url": "url",
    "link": "url",
    "text": "text",
    "email": "email",
    "number": "number",
}
_IDENTIFIER_TYPE = re.compile(
    rf"^(\s*(?:(?:a|an|the)\s+)?[A-Za-z][a-z0-9]*_\w+)\s+({'|'.join(_IDENTIFIER_TYPES)})\b",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\(([^()]*)\)")
# "isbn which must be unique": the clause after the name ("is neutered" is a name)
_RELATIVE = re.compile(
    r"(?<=\w)\s+(?:which|wich|that|thats|that's|who|whose|where|when|it|is|are|must|should|can|may)"
    r"\b.*$",
    re.IGNORECASE,
)


# "the hours a team member logged": a noun, then someone doing something, not a name
_REDUCED_CLAUSE = re.compile(r"\w\s+(?:a|an|the)\s+(?:\w+\s+){0,2}\w+ed\b", re.IGNORECASE)
# "apartments in a building with a number": a preposition and an article inside a
# field phrase tell of things and places, which no field name carries.
_PLACED_THING = re.compile(
    r"\w\s+(?:in|inside|on|at|with|for|from|to)\s+(?:a|an|the|its|their)\s+\w", re.IGNORECASE
)
# "location in the space", "position on the shelf": a singular word placed within one
# named place is that word's field (plural things in places are resources of their own).
_SPOT = re.compile(
    r"\s*(?:(?:a|an|the)\s+)?(?P<name>[a-z]+)\s+(?:in|inside|on|at|within)\s+(?:the|its|their)\s+[a-z]+\s*",
    re.IGNORECASE,
)
# "whether it is occupied", "whether paid": a yes/no field named after its condition.
_WHETHER = re.compile(
    # "whether it is occupied", "whether the team escaped", "whether its out of order",
    # "whether they are gas certified", "if it is finished or not", "whether it was a full tank",
    # "if it is broken (yes/no)", "whether it is a type specimen (is_type)"
    r"^\s*(?:whether|wether|if(?=\s+(?:it|he|she|they|we|you|i|is|are|its|theyre|youre)\b))\s+"
    r"(?:(?:it|he|she|they|i|we|you|(?:the|a|an)\s+\w+)\s+|(?:it|i|we)'?(?:s|ve)\s+|i'?m\s+|"
    r"(?:they|you|we)'?(?:re|ve)\s+|(?:he|she)'s\s+)?"
    r"(?:(?:is|are|was|were|has\s+been|have\s+been|has|have)\s+)?(?:(?:a|an)\s+)?"
    r"(?:(?:currently|still|now)\s+)?"
    r"(?P<name>(?:(?:on|in|at|off)\s+)?[\w-]+"
    # "if it have shoes on back feet or not"
    r"(?:\s+(?:of|on|in|at)\s+\w+(?:\s+(?!or\b)\w+)?|"
    # "whether it strikes the hours", "whether it's a ground floor ring"
    r"(?:\s+(?:(?:the|a|an)\s+)?(?!(?:or|it|them|yet|already)\b)[\w-]+){1,2})?)"
    r"(?:\s+(?:it|them|yet|already))*(?:\s+or\s+not)?"
    r"(?:\s*\((?:yes\s*/\s*no|y\s*/\s*n|yes\s+or\s+no|true\s*/\s*false|(?P<named>[a-z]+_[a-z_]+))\))?\s*$",
    re.IGNORECASE,
)


# "kind washer or dryer", "size small, medium or large", "a category like sport or arts":
# a choice followed by its values
_CHOICE = re.compile(
    rf"^(?P<name>\s*(?:(?:a|an|the)\s+)?(?:{'|'.join(vocab.CHOICE_NAMES)}))\s+"
    # "a category like sport or arts or academic"
    r"(?:like\s+|such\s+as\s+)?(?P<values>\w+(?:\s*(?:,|\bor\b)\s*\w+)*,?\s+or\s+\w+)(?=\s*(?:\(|$))",
    re.IGNORECASE,
)


# Fields said as the question they answer ("how many portions", "what the item is",
# "which volunteer checked", "when it was checked (checked at)"), with words that only
# tell when ("the number of uses so far") or with their unit in a column name
# ("bottle_size_ml")
_REPHRASED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), into)
    for pattern, into in (
        (r"^\s*how\s+many\s+(?=[a-z])", "number of "),
        # "a default locale code": the name of a field, not a default
        (r"^\s*(?:(?:a|an|the)\s+)?default\s+(?=[a-z]+\s+[a-z]+\s*$)", "default_"),
        # "whether they've passed this season's fitness test": passed the fitness test
        (r"\b(?:this|next|last)\s+(?:season|year|month|week)'s\s+", ""),
        # "number of grip socks needed": the number
        (
            r"^(\s*(?:the\s+)?number\s+of\s+[a-z]+(?:\s[a-z]+)?)\s+(?:needed|required|wanted|used)\s*$",
            r"\1",
        ),
        # "a description of what they sell": the description
        (r"^(\s*(?:(?:a|an|the)\s+)?[a-z]+)\s+of\s+(?:what|where|how|who|which)\s.*$", r"\1"),
        # "the number of uses until now": the count itself
        (r"\s+(?:until\s+now|till\s+now|so\s+far|to\s+date)\s*$", ""),
        (r"^\s*([a-z]+(?:_[a-z]+)*)_(ml|kg|km|cm|mm|kwh|mph)\s*$", r"\1 in \2"),
        (
            r"^\s*what\s+(?:the\s+|its\s+|their\s+)?([a-z]+(?:\s[a-z]+)?)\s+(?:is|are|was)\s*$",
            r"\1",
        ),
        # "which volunteer checked", "which stands were used", "which bays they cleaned"
        (
            r"^\s*which\s+([a-z]+)\s+(?:(?:was|were|is|are|they|we|he|she|it)\s+)?"
            r"[a-z]+(?:ed|en)\s*$",
            r"\1",
        ),
        (
            r"^\s*(?:when|where|who|how)\s[^()]*\((?P<name>[a-z]+(?:[ _][a-z]+){0,2})\)\s*$",
            r"\g<name>",
        ),
    )
)


def parse_field(phrase: str) -> FieldDraft | None:
    """A field draft from a phrase; None when it holds no field at all.

    Raises UnplacedPhrase when the phrase is too long or odd to be a field name.
    """
    draft = FieldDraft(name="", phrase=phrase.strip(), bare=True)
    for said, into in _REPHRASED:
        phrase = said.sub(into, phrase)
    phrase = re.sub(r"\bdate\s*(?:and|&|/|\+)\s*time\b", "datetime", phrase, flags=re.IGNORECASE)
    # "joined_on date", "photo_url url optional": after a snake_case name the word is its type.
    phrase = _IDENTIFIER_TYPE.sub(lambda m: f"{m[1]} as {_IDENTIFIER_TYPES[m[2].lower()]}", phrase)
    phrase = re.sub(r"\benum\s*(?=\()", "", phrase, flags=re.IGNORECASE)  # "habitat enum(a, b)"
    phrase = _CHOICE.sub(r"\g<name> (\g<values>)", phrase)
    # "role enum: a/b", "metal: enum gold | silver"
    phrase = re.sub(r"(?::\s*|\s+)enum\s*:?\s+(?=\w)", " ", phrase, flags=re.IGNORECASE)
    # "a moved at time", "taken at time": "moved at" names a timestamp already
    phrase = re.sub(r"\b(\w+(?:ed|en)\s+at)\s+time\b", r"\1", phrase, flags=re.I)
    alone = re.fullmatch(r"\s*(?:(?:a|an|the)\s+)?(datetime|timestamp)\s*", phrase, re.I)
    if alone:  # "at a date and time": the moment itself is the field
        return FieldDraft(name=alone[1].lower(), phrase=draft.phrase, type="datetime")
    # "a flag for theory test passed": a yes/no named by what it says
    flag = (
        re.match(
            r"^\s*(?:(?:a|an)\s+)?(?:flag|checkbox)\s+(?:for\s+(?P<name>[a-z][\w ]{0,40}?)|"
            r"(?:called\s+|named\s+)?\"(?P<quoted>[a-z][\w ]{0,40})\""
            r"(?:\s+(?:yes\s+or\s+no|yes/no))?)\s*$",
            phrase,
            re.I,
        )
        or re.match(  # "has a paid flag": the flag's name
            r"^\s*has\s+(?:a|an)\s+(?P<name>[a-z][\w ]{0,30}?)\s+(?:flag|checkbox)\s*$",
            phrase,
            re.I,
        )
        or re.match(  # "a paid flag for the green fee": the flag's name, then what it is about
            r"^\s*(?:(?:a|an)\s+)?(?P<name>[a-z][\w ]{0,30}?)\s+(?:flag|checkbox)"
            r"\s+(?:for|on|about)\s+\S",
            phrase,
            re.I,
        )
    )
    if flag:  # 'flag "includes wax" yes or no'
        named = flag["name"] or flag["quoted"]
        condition = _WHETHER.match(named)  # "a flag for whether the client attended"
        named = condition["name"] if condition else named
        return FieldDraft(name=to_snake(named), phrase=draft.phrase, type="boolean")
    whether = _WHETHER.match(phrase)
    if whether:
        asked = whether["named"] or to_snake(re.sub(r"\b(?:the|a|an)\s+", "", whether["name"]))
        owns = re.search(r"\b(?:has|have)\s+(?!been\b)(?:(?:a|an|the)\s+)?\w+\s*$", phrase, re.I)
        if owns and not asked.endswith("ed"):
            asked = f"has_{asked}"  # "whether it has electricity", but "whether it has paid"
        return FieldDraft(name=asked, phrase=draft.phrase, type="boolean")
    text = _PARENS.sub(lambda m: _apply_parenthesis(draft, m[1]), phrase)
    text = apply_modifiers(draft, text)
    text = _RELATIVE.sub("", text)
    where = _SPOT.fullmatch(text)
    if where and singular(where["name"].lower()) == where["name"].lower():
        text = where["name"]
        draft.description = draft.description or phrase.strip()
    # "in one grave can be buried many persons": a place, then a statement, not a name
    placed = re.match(
        r"\s*(?:in|on|at|for|from|with|by|to|of)\s+(?:a|an|the|one|each|every)\s", text, re.I
    )
    # "an open event is when a subscriber opens an issue": a definition, not a name
    defined = re.search(r"\b(?:is|are)\s+(?:when|where|if)\s", text, re.I)
    if placed or defined or _REDUCED_CLAUSE.search(text) or _PLACED_THING.search(text):
        raise UnplacedPhrase(phrase.strip())  # "the hours a member logged": who did what
    name = field_name(text)
    lone = re.fullmatch(r"\s*(?:(?:a|an|the)\s+)?([a-z]+)\s*", phrase, re.IGNORECASE)
    if name is None and lone and draft.type is not None:
        name = lone[1].lower()  # "a uuid", "a currency": the type word names the field
    if name is None:
        if draft.bare:
            return None
        raise UnplacedPhrase(phrase.strip())
    if name.endswith("_flag") and draft.type is None:
        name, draft.type = name.removesuffix("_flag"), "boolean"
    if draft.type == "boolean" and draft.enum and len(draft.enum) > 2:
        draft.type = None  # "a quality flag: good, suspect or bad": a choice of three
    draft.name = name
    return draft


_EXAMPLE = re.compile(
    r"^\s*(?:e\.?g\.?|eg|for\s+example|for\s+instance|such\s+as|like)[\s,:]+(?P<shown>.+)$", re.I
)


def _apply_parenthesis(draft: FieldDraft, content: str) -> str:
    """'(open, pending, closed)' -> enum; '(required)' -> modifier; else a description."""
    if content.strip().lower() in _UNIT_TYPES:  # "roof area (m2)"
        draft.type = draft.type or _UNIT_TYPES[content.strip().lower()]
        return " "
    if content.strip().lower() in vocab.TYPE_WORDS:  # "(integer)"
        draft.type, draft.bare = vocab.TYPE_WORDS[content.strip().lower()], False
        draft.any_number = content.strip().lower() == "number"
        return " "
    # "(integer, in litres)", "(a decimal number, can be empty)"
    typed = re.match(
        rf"^\s*(?:an?\s+)?({_TYPE_ALT})(?![\w/])[\s,]*(?P<rest>.+)$", content, re.IGNORECASE
    )
    first, _, rest = content.partition(",")
    if typed:  # "(integer, in litres)", "(string max 20)"
        _apply_parenthesis(draft, typed[1])
        content = typed["rest"]
    elif rest and first.strip().lower() == "enum":  # "(enum, a, b, c)"
        content = rest
    example = _EXAMPLE.match(content)
    if example:  # "(e.g. 42 or 8.5)": what a value looks like, never the only values
        draft.description = content.strip()[:500]
        shown = re.findall(r"[^\s,]+", re.sub(r"\b(?:or|and)\b", " ", example["shown"]))
        if shown and all(re.fullmatch(_NUM, w) for w in shown):
            draft.type = draft.type or ("float" if any("." in w for w in shown) else "integer")
        draft.bare = False
        return " "
    slashed = [p.strip() for p in content.split("/")]
    if (
        len(slashed) > 1
        and "," not in content
        and all(1 <= len(p.split()) <= 3 for p in slashed)
        and not re.search(r"\b(?:yes|no|true|false|y|n)\b", content, re.IGNORECASE)
    ):
        draft.enum, draft.bare = enum_values(slashed), False  # "pending/out for delivery"
        return " "
    leftover = apply_modifiers(draft, content)
    if not leftover:
        return " "
    pieces = [p for p in re.split(r"\s*(?:,|;|/|\||\bor\b)\s*", leftover) if p]
    if len(pieces) >= 2 and all(len(p.split()) <= 3 for p in pieces):
        draft.enum = enum_values(pieces)
    else:
        draft.description = leftover.removeprefix("e.g.").strip()[:500] or None
    draft.bare = False
    return " "


def field_name(text: str) -> str | None:
    """'the published year' -> 'published_year'; 'number of pages' -> 'page_count'."""
    found = re.findall(r"[A-Za-z][\w'-]*", text)
    if len(found) > 2 and found[0].lower() in {"has", "is"} and found[1].lower() in {"a", "an"}:
        found = [found[0], *found[2:]]  # "has a lift (yes/no)" is "has lift"
    # "has monitor", "is member": a yes/no question as a name keeps its verb.
    keep = (
        1
        if len(found) > 1
        and found[0].lower() in {"has", "is"}
        and (found[1].lower() not in vocab.FIELD_FILLER | vocab.STOP_WORDS)
        else 0
    )
    words = found[:keep] + [w for w in found[keep:] if w.lower() not in vocab.FIELD_FILLER]
    if (
        len(words) == 2
        and words[0].lower() in {"short", "brief", "long"}
        and vocab.TYPE_BY_LAST_WORD.get(words[1].lower()) == "text"
    ):
        words = words[1:]  # "a short bio", "a brief message": how long, not which
    if [w.lower() for w in words] in ([], ["one"]):  # "a value", "plus one": the filler names it
        words = [w for w in found if w.lower() not in {"a", "an", "the"}]
    while words and words[-1].lower() in vocab.STOP_WORDS:  # "capacity of at least 1"
        if (
            (
                words[-1].lower() in {"at", "on", "by"}  # "returned at", "joined on", "sold by"
                and len(words) > 1
                and (
                    words[-2].lower().endswith("ed")
                    or words[-2].lower() in vocab.IRREGULAR_PARTICIPLES
                    or len(words) == 2  # "starts at", "closes at"
                )
            )
            or (  # "checked in", "opted out", "signed up": the particle makes the meaning
                words[-1].lower() in {"in", "out", "up", "off"}
                and len(words) > 1
                and words[-2].lower().endswith("ed")
            )
            or (  # "valid from", "valid until": a bound in time
                words[-1].lower() in {"from", "until", "till", "to"}
                and len(words) > 1
                and words[-2].lower() in {"valid", "effective", "available"}
            )
            or (  # "checked in at", "signed up on": the moment of it
                words[-1].lower() in {"at", "on"}
                and len(words) > 2
                and words[-2].lower() in {"in", "out", "up", "off"}
                and words[-3].lower().endswith("ed")
            )
        ):
            break  # "returned at", "sent at" are timestamps
        words.pop()
    if not words:
        return None
    phrase = " ".join(words).replace("'s", "")
    counted = re.fullmatch(
        r"(?:number|num|amount|count|total number)\s+of\s+(\w+(?:\s+\w+)?)", phrase, re.I
    )
    if counted:
        phrase = f"{singular(to_snake(counted[1]))} count"
    name = to_snake(phrase)
    if not name or len(name.split("_")) > MAX_NAME_WORDS or len(name) > 50:
        raise UnplacedPhrase(text)
    return name


def is_reserved(name: str) -> bool:
    """Fields every resource gets anyway ('id', 'created_at'): nothing to add."""
    return name in RESERVED_FIELD_NAMES or name in vocab.AUTOMATIC_FIELDS


__all__ = [
    "FieldDraft",
    "UnplacedPhrase",
    "apply_modifiers",
    "enum_values",
    "field_name",
    "infer_type",
    "parse_field",
]
