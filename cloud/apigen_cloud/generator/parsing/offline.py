"""The offline parser: an English description -> ApiSpec, without any network.

The text is cut into statements (lines, bullets, sentences: `statements.py`). Each
statement is read as one of a few shapes people use to describe data:

- an introduction:   "A library API with books (title, author), members and loans"
- a header:          "Owners: first name, last name, phone."  /  "- Book: title"
- a has-statement:   "posts have a title, body and belong to a user"
- a relation:        "a loan belongs to a member and a book", "an order has many items"
- a field statement: "email must be unique", "rating between 1 and 5"

Resources, fields and relations are collected as drafts and turned into an
ApiSpec at the end, when every resource is known (a field named like a
resource becomes a reference to it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from pydantic import ValidationError

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing import vocabulary as vocab
from apigen_cloud.generator.parsing.document import api_name, describe_validation_error
from apigen_cloud.generator.parsing.fields import (
    FieldDraft,
    UnplacedPhrase,
    apply_modifiers,
    enum_values,
    infer_type,
    is_reserved,
    parse_field,
)
from apigen_cloud.generator.parsing.names import (
    MANY,
    MAX_RESOURCE_WORDS,
    names_the_api,
    resource_name,
)
from apigen_cloud.generator.parsing.statements import (
    LEFT_OUT,
    USER_STORY,
    statements,
)
from apigen_cloud.generator.spec import ApiSpec, plural, singular, to_snake

NO_RESOURCES = (
    "I could not find any resources in the description: name the things your API manages, "
    "e.g. 'books (title, author) and members (name, email)'"
)

_WORD = r"[a-z][\w'-]*"


def _verb_forms(verb: str) -> list[str]:
    """'place' -> place, places; 'enroll' -> enroll, enrolls (regex-escaped)."""
    third = (
        verb[:-1] + "ies"  # "carry" -> "carries"
        if re.search(r"[^aeiou]y$", verb)
        else verb + "es"
        if verb.endswith(("s", "sh", "ch", "x", "o"))
        else verb + "s"
    )
    return [re.escape(verb), re.escape(third)]


def _participles(verb: str) -> list[str]:
    """'place' -> placed; 'submit' -> submitted; 'log' -> logged (over-generating is harmless)."""
    stem = verb[:-1] if verb.endswith("e") else verb
    return [stem + "ed", verb + verb[-1] + "ed"]


_ACTION_VERBS = sorted(
    vocab.CREATOR_VERBS | vocab.MEMBER_VERBS | set(vocab.ASSOCIATION_VERBS), key=len, reverse=True
)
_VERB_OF_PARTICIPLE = {
    **{form: verb for verb in _ACTION_VERBS for form in _participles(verb)},
    **vocab.IRREGULAR_PARTICIPLES,
}
_VERB_OF_FORM = {form: verb for verb in _ACTION_VERBS for form in _verb_forms(verb)}
# "written by", "placed by", "borrowed by": the subject belongs to whoever did it.
_PARTICIPLE_BY = "(?:" + "|".join(sorted(_VERB_OF_PARTICIPLE, key=len, reverse=True)) + r")\s+by"
# "X belongs to Y": X holds the foreign key.
_BELONGS = (
    r"(?:(?:can|may|must|will|should|shall)\s+)?(?:(?:belongs?|belonging)\s+to|"
    r"(?:(?:is|are|be|was|were)\s+)?(?:owned\s+by|assigned\s+to|linked\s+to|attached\s+to|"
    r"related\s+to|connected\s+to|tied\s+to|associated\s+with|part\s+of|"
    r"(?:held|located|hosted|based|published|posted|filed|listed|kept|stored|housed)\s+(?:at|in)|"
    # "each sits in one drawer"
    r"(?:sits?|lives?|stays?)\s+in(?=\s+(?:a|an|one|the)\s)|"
    # "each donation goes to a campaign"
    r"(?:goes|go)\s+to(?=\s+(?:a|an|one|the)\s)|"
    rf"{_PARTICIPLE_BY})|(?:is|are)\s+for|"
    # "references a user", never "reference code (unique)"
    r"(?:references?|referencing)(?=\s+(?:a|an|the|one|exactly|many|several|some)\s)|refers?\s+to|points?\s+to|"
    r"takes?\s+place\s+(?:at|in)|happens?\s+(?:at|in)|"
    # "Parking spots are on a level": where each one is; "each visit is to one lighthouse"
    r"(?:is|are)\s+(?:on|in|at|inside|within|of|from)(?=\s+(?:a|an|one|the)\s)|"
    r"(?:is|are)\s+to(?=\s+(?:a|an|one)\s)|"
    # "Every specimen is identified as one taxon": its kind
    r"(?:is|are)\s+(?:identified|classified|categori[sz]ed)\s+as(?=\s+(?:a|an|one)\s))"
)
# "is for" links only to a resource the prompt names elsewhere: "It is for a small
# library" is a remark, "A booking is for a room" (with rooms described) a relation.
_WEAK_BELONGS = re.compile(r"^(?:is|are)\s+for$", re.IGNORECASE)
# "customers place orders", "members can borrow books", "students enroll in courses".
_ACTION = (
    r"(?:(?:can|may|will|should|must|could|often|usually|also|each)\s+)?"
    r"(?P<action>" + "|".join(f for v in _ACTION_VERBS for f in _verb_forms(v)) + ")"
    r"(?:\s+(?:in|into|for|to|on|at|up\s+for|with))?"
)
_HAS = (
    r"has\s+got|has(?!\s+to\s)|have(?!\s+to\s)|having|with|contains?|containing|includes?|including|holds?|stores?|"
    # "records the visit date", "records inspected at, outcome and comments"
    # never "the DNS record have host, kind": a record that has them
    r"(?:records?|keeps?)(?=\s+(?:a|an|the|its|their)\s|\s+(?!(?:has|have|is|are)\b)[\w ]+,)|"
    # "Plumbers just need a name, a mobile number"
    r"(?<!\bi\s)(?<!\bwe\s)(?<!\byou\s)(?<!\bthey\s)(?<!\bdont\s)(?<!n't\s)(?<!\bnot\s)"
    r"needs?(?=\s+(?:a|an|the|its|their)\s)|"
    r"consists?\s+of|(?:can|may|must|should|will|could)\s+(?:also\s+)?(?:have|contain|include)|"
    r"(?:registers?|signs?\s+up)\s+with|(?:is|are)\s+(?:identified|described|defined)\s+by"
)
_BE = (
    r"(?:is|are|was|were|must\s+be|should\s+be|has\s+to\s+be|have\s+to\s+be|needs\s+to\s+be|can\s+be|"
    r"may\s+be|defaults?\s+to)"
)
_MANAGE = (
    r"(?:manage|manages|managing|track|tracks|tracking|keep\s+track\s+of|store|stores|storing|"
    r"handle|handles|handling|organi[sz]e|organi[sz]es|record|records|list|lists|catalog(?:ue)?s?|"
    r"log|logs|logging|save|saves|saving|cover|covers|covering|expose|exposes|exposing|containing|"
    r"add|adding|keep|keeping|register|registering|create|creating|enter|capture|maintain|collect|"
    r"schedule|scheduling|define|publish|upload|contains|about|around|for|of|with)"
)
_SUBJECT_VERB = re.compile(
    # never an article alone: "A record has a title" is about a record
    rf"^(?P<subject>(?:(?:a|an|the|each|every)\s+)?(?!(?:a|an|the|each|every)\s){_WORD}"
    rf"(?:\s+{_WORD}){{0,3}}?)\s*,?\s+(?:(?:that|which|wich|who)\s+)?"
    r"(?:(?:just|only|simply|also|always|usually|normally|typically|each|all|both)\s+)?"
    rf"(?P<verb>{_BELONGS}|{_HAS}|{_BE})\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_HEADER = re.compile(r"^(?P<head>[^:()]{1,60}?)\s*:\s*(?P<rest>.*)$")
# "Books (title, price (decimal))"; never "Members (name) borrow books (title)"
_PAREN_HEADER = re.compile(
    r"^(?P<head>[^:()]{1,60}?)\s*\((?P<rest>(?:[^()]|\([^()]*\))*)\)\s*[.;]?$"
)
_PRONOUNS = frozenset({"it", "they", "them", "these", "each", "each one", "this", "those"})
_MANY_TO_MANY = re.compile(r"many[\s-]+to[\s-]+many", re.IGNORECASE)
# A subject's word, never a verb or a count: "A customer has many work orders" is no action
_SUBJECT_WORD = rf"(?!(?:has|have|had|is|are|was|were|many|several)\b){_WORD}"
_ACTION_STATEMENT = re.compile(
    # never "commission rate (percentage)": a field and its unit
    rf"^(?P<subject>{_SUBJECT_WORD}(?:\s+{_SUBJECT_WORD}){{0,3}}?(?:\s*\([^()]*\))?)\s+{_ACTION}"
    r"\s+(?P<object>[^\s(].*)$",
    re.IGNORECASE,
)
_RELATIVE_PRONOUN = r"(?:that|which|wich|who|each(?:\s+one)?|all|both)\s+"
_CLAUSE = rf"(?:{_HAS}|{_BELONGS}|{_ACTION})\b"
# An item that opens with a relative clause: ", each with a product", ", which belong to".
# ("each order has many chefs" is a statement: "order" is its subject there, not a verb)
_CLAUSE_START = re.compile(
    rf"^{_RELATIVE_PRONOUN}(?!\w+\s+(?:has|have|is|are|belongs?|can|must|should|will)\b)(?={_CLAUSE})",
    re.IGNORECASE,
)
# A resource with a relative clause: "loans (due date) that belong to a book",
# "orders placed by customers", "order items each with a product".
_RELATIVE_ITEM = re.compile(
    rf"^(?P<head>(?:[^()]|\([^()]*\))+?)\s*,?\s+(?:{_RELATIVE_PRONOUN}(?P<clause>{_CLAUSE}.*)|"
    rf"(?P<passive>(?:{_BELONGS})\b\s*\S.*))$",  # "an archive reference" ends as a noun
    re.IGNORECASE,
)


# A record linking two resources: "links a member to a book", "connects a ticket with an
# agent", "is between a student and a class", "records which member borrowed which book".
_LINKED = rf"(?:(?:a|an|the|one)\s+)?{_WORD}(?:\s+{_WORD}){{0,2}}?"
_LINK_BODY = (
    r"(?:(?:(?:is|are|sits?|stands?)\s+)?(?:a\s+(?:link|connection|relation(?:ship)?|association)\s+|"
    r"[a-z]+ed\s+)?"
    rf"between\s+(?P<a>{_LINKED})\s+and\s+(?P<b>{_LINKED})|"
    r"(?:links?|linking|connects?|connecting|joins?|joining|ties?|pairs?|matches|assigns?|relates?|maps?)\s+"
    rf"(?P<c>{_LINKED})\s+(?:to|with|and)\s+(?P<d>{_LINKED})|"
    rf"records?\s+which\s+(?P<e>{_LINKED})\s+\w+(?:\s+(?:in|on|at|to|for|with|from))?\s+which\s+"
    rf"(?P<f>{_LINKED}))"
    r"(?:(?:\s*,?\s+(?:with|for|and\s+(?:has|have|stores?|holds?)|and|"
    # "played between a home team and an away team on a match date"
    r"(?:on|at)(?=\s+(?:a|an|the)\s+(?:\w+\s+)?(?:date|day|time)\b))\s+|"
    # "records which vehicle parked in which spot, the entry time, ..."
    r"\s*,\s+(?=(?:the|a|an)\s))(?P<fields>.+))?"
)
_LINK_STATEMENT = re.compile(
    rf"^(?P<subject>{_WORD}(?:\s+{_WORD}){{0,3}}?)\s+(?:(?:that|which)\s+)?{_LINK_BODY}$",
    re.IGNORECASE,
)
# An opening "A blog with authors, posts and tags" / "A catalogue of paintings and artists"
# introduces the API when what follows is a list of things (plural nouns).
_OPENING = re.compile(
    rf"^(?:(?P<det>a|an|the|my|our)\s+)?(?P<thing>{_WORD}(?:\s+{_WORD}){{0,2}}?)\s*,?\s+"
    rf"(?P<verb>(?:that|which)\s+(?:(?:helps?|lets?|allows?)\s+\w+\s+)?(?:to\s+)?{_MANAGE}|"
    rf"to\s+{_MANAGE}|for\s+(?:managing|tracking|storing)|with|of|containing|has|have)"
    r"\s+(?P<list>.+)$",
    re.IGNORECASE,
)


_TYPE_WORDS = "|".join(re.escape(w) for w in sorted(vocab.TYPE_WORDS, key=len, reverse=True))
_TYPED_FIELD = re.compile(
    rf"^(?P<name>[\w -]{{1,40}}?)\s*(?::|\s[-\u2013]\s)\s*"
    rf"(?P<type>(?:an?\s+)?(?:(?:{_TYPE_WORDS})\b|"
    r"(?:list|array|set)\s+of\b|one\s+of\b|(?P<ref>(?:a\s+)?(?:reference|ref|link|foreign\s+key|fk)"
    r"\s+to\s+|references\s+|belongs\s+to\s+(?:(?:a|an|one)\s+)?))[^:]*)$",
    re.IGNORECASE,
)


@dataclass
class _Resource:
    name: str
    fields: dict[str, FieldDraft] = field(default_factory=dict)


@dataclass(frozen=True)
class _Edge:
    kind: Literal["belongs", "has_many", "many_to_many"]
    owner: str
    target: str
    required: bool = True
    name: str | None = None  # the relation's name when it is not the target's ("manager")
    # many-to-many only because a verb met a bare plural ("carried out on permits", "pupils
    # book lessons"): what another statement says of the pair ("a pupil has many lessons")
    # overrules it
    implied: bool = False


@dataclass(frozen=True)
class _Action:
    """'members borrow books': resolved when every resource is known (is there a loan?)."""

    subject: str
    verb: str
    target: str
    counted: bool = False  # "skiers can take many lessons" says how many, "pupils book lessons" not


@dataclass
class _Draft:
    """Everything read so far."""

    name: str | None = None
    resources: dict[str, _Resource] = field(default_factory=dict)
    edges: list[_Edge] = field(default_factory=list)
    current: str | None = None
    unplaced: list[str] = field(default_factory=list)
    title: str | None = None  # the statement that named the API
    # "an app for bird counts": (resource, phrase) of the one thing the opening names
    topic: tuple[str | None, str] | None = None
    actions: list[_Action] = field(default_factory=list)
    weak_edges: list[tuple[_Edge, str]] = field(default_factory=list)
    field_updates: list[tuple[str | None, FieldDraft]] = field(default_factory=list)
    # (owner, phrase, head): "appointments with doctors", "a quantity for a product"; see
    # _resolve_mentions.
    mentions: list[tuple[str, str, str | None]] = field(default_factory=list)
    # "As a passenger I want to ...": roles the prompt named only as the one using the app
    story_roles: set[str] = field(default_factory=set)
    nesting: int = 0  # statements being read, one inside the other

    def resource(self, name: str) -> _Resource:
        if name not in self.resources:
            self.resources[name] = _Resource(name)
        self.current = name
        return self.resources[name]

    def add_field(self, resource: str, draft: FieldDraft) -> None:
        if is_reserved(draft.name):
            return
        if draft.name in vocab.FORBIDDEN_FIELD_NAMES:  # "type" -> "room_type"
            draft.name = f"{resource}_{draft.name}"
        fields = self.resource(resource).fields
        if draft.name in fields:
            fields[draft.name].merge(draft)
        else:
            fields[draft.name] = draft

    def add_edge(self, edge: _Edge) -> None:
        if edge not in self.edges:
            self.edges.append(edge)


# No word of a description is this long; the readers' patterns slow down with the length
# of a word (a 20,000-letter one took seconds), so such text is refused first.
_MAX_WORD = 100
_OVERLONG_WORD = re.compile(rf"[\w'-]{{{_MAX_WORD + 1},}}")


def parse_prose(text: str, name: str | None = None) -> ApiSpec:
    """The ApiSpec an English description asks for; GenerationError when it is unclear."""
    for word in _OVERLONG_WORD.finditer(text):
        if any(c.isalnum() for c in word[0]):  # a "-----" rule under a heading is fine
            raise GenerationError(
                f"'{word[0][:40]}...' is a single word of {len(word[0])} characters: "
                "describe your API in ordinary words"
            )
    draft = _Draft()
    text = text.replace("\u2014", "\u2013")  # an em dash reads as the en dash the readers know
    for statement, header in statements(text):
        _read_statement(draft, statement, header)
        if draft.name is None and not draft.resources and draft.unplaced:
            # "A car repair shop." / "observation log for our astronomy club": the title
            owner = re.search(r"\bfor\s+(?:a|an|the|my|our)\s+(.+)$", draft.unplaced[-1], re.I)
            draft.name = _title_name(draft.unplaced[-1]) or (owner and _title_name(owner[1]))
            if draft.name is not None:
                draft.title = draft.unplaced[-1]
    if not draft.resources and draft.unplaced == [draft.title]:
        _resource_from_title(draft)
    if not draft.resources:
        raise GenerationError(NO_RESOURCES + _unplaced_note(draft))
    # "Each order is shipped to one address" before addresses are described: read again
    draft.unplaced = [p for p in draft.unplaced if not _read_verb_link(draft, p)]
    _resolve_weak_edges(draft)
    _resolve_mentions(draft)
    _merge_misspelt(draft, text)
    _drop_topic(draft)
    _drop_story_roles(draft)
    _check_unplaced(draft)
    _apply_field_updates(draft)
    document = _document(draft, name)
    try:
        return ApiSpec.model_validate(document)
    except ValidationError as exc:
        raise GenerationError(
            "The description leads to an invalid API: " + describe_validation_error(exc, document)
        ) from None


def _title_name(sentence: str) -> str | None:
    """'A car repair shop' / 'Fleet management' as the API name; None for anything longer."""
    # "Home care agency - data model", "REQUIREMENTS - Street Trading Permits (city council)"
    parts = re.split(r"\s+[-\u2013]\s+|:\s", re.sub(r"\([^()]*\)", "", sentence))
    sentence = next((p for p in parts if to_snake(p) not in vocab.META_HEADERS), parts[0])
    found = _name_words(sentence)
    # An acronym ("IT asset inventory") is a name even when it spells a stop word.
    words = [(to_snake(w), len(w) > 1 and w.isupper()) for w in found]
    words = [(w, a) for w, a in words if w not in vocab.API_NAME_FILLER | vocab.API_WORDS]
    if not 1 <= len(words) <= 4 or any(w in vocab.STOP_WORDS and not a for w, a in words):
        return None
    return "_".join(w for w, _ in words)


def _resource_from_title(draft: _Draft) -> None:
    """'A todo list' / 'A task tracker' alone: the thing it keeps (with known fields)."""
    kept = _kept_thing(draft.title or "")
    if kept in vocab.DEFAULT_FIELDS:
        draft.resource(kept)


def _kept_thing(title: str) -> str | None:
    """'my meteorite collection', 'a task tracker': what it keeps; None for a title that
    names no collection ('a library')."""
    found = (to_snake(w) for w in re.findall(_WORD, title, re.IGNORECASE))
    words = [w for w in found if w]  # non-ASCII letters leave nothing
    if not words or words[-1] not in vocab.COLLECTION_WORDS:
        return None
    while words and words[-1] in vocab.COLLECTION_WORDS:
        words.pop()
    return singular(words[-1]) if words and words[-1] not in vocab.STOP_WORDS else None


def _drop_topic(draft: _Draft) -> None:
    """'api for charity donations' then donors, campaigns and donations described: the
    opening named the subject of the API, not one more resource. Only when that resource
    is never described nor linked and the prompt describes at least two others."""
    name, phrase = draft.topic or (None, "")
    if name is None or name not in draft.resources:
        return
    whose, _, thing = name.partition("_")
    if (
        whose in vocab.PEOPLE
        and whose in draft.resources
        and thing
        and "_" not in thing
        and thing not in draft.resources
    ):
        # "Backend for volunteer shifts" with volunteers described: the shifts they take
        draft.resource(thing)
        _rename(draft, name, thing, name)
        draft.name = draft.name or _title_name(phrase)
        return
    linked = any(name in (e.owner, e.target) for e in draft.edges) or any(
        name in (a.subject, a.target) for a in draft.actions
    )
    described = [r for r in draft.resources.values() if r.fields and r.name != name]
    # "API for hydrant inspections (fire service)" with hydrants and inspections described:
    # the subject, whatever its parentheses said
    compound = name.partition("_")[::2]
    said_apart = all(part in {r.name for r in described} for part in compound)
    if (draft.resources[name].fields and not said_apart) or linked or len(described) < 2:
        return
    del draft.resources[name]
    draft.name = draft.name or _title_name(phrase)


def _one_slip_apart(a: str, b: str) -> bool:
    """Do two words differ by one letter added, dropped, changed or two swapped?"""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return (
        a[start + 1 :] == b[start + 1 :]  # changed
        or a[start:] == b[start + 1 :]  # added
        or a[start + 1 :] == b[start:]  # dropped
        or (a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :])
    )


def _merge_misspelt(draft: _Draft, text: str) -> None:
    """'desginers have a name ... each pattern is made by one designer': one resource
    spelt two ways. The spelling the prompt uses more often wins (the longer, then the first,
    on a tie); the resource keeps the place of the first."""
    words = re.findall(r"[a-z]+", text.lower())
    names = list(draft.resources)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            if min(len(first), len(second)) < 5 or not _one_slip_apart(first, second):
                continue
            if {first + "r", first + "er"} & {second} or {second + "r", second + "er"} & {first}:
                continue  # a cache and the cacher who finds it: two things
            count = {n: sum(w in {n, plural(n)} for w in words) for n in (first, second)}
            # on a tie the longer: a slip more often drops a letter ("sesions") than adds one
            score = {n: (count[n], len(n)) for n in (first, second)}
            kept, lost = (second, first) if score[second] > score[first] else (first, second)
            _rename(draft, lost, kept, at=first)
            _merge_misspelt(draft, text)
            return


def _rename(draft: _Draft, lost: str, kept: str, at: str) -> None:
    fields = {**draft.resources[kept].fields}
    for name, field_draft in draft.resources[lost].fields.items():
        fields.setdefault(name, field_draft)
    merged = _Resource(kept, fields)
    draft.resources = {
        (kept if name == at else name): (merged if name == at else resource)
        for name, resource in draft.resources.items()
        if name != ({lost, kept} - {at}).pop()
    }

    def swap(name: str) -> str:
        return kept if name == lost else name

    draft.edges = list(
        dict.fromkeys(replace(e, owner=swap(e.owner), target=swap(e.target)) for e in draft.edges)
    )
    draft.actions = [
        replace(a, subject=swap(a.subject), target=swap(a.target)) for a in draft.actions
    ]
    draft.field_updates = [(r and swap(r), f) for r, f in draft.field_updates]
    draft.story_roles = {swap(r) for r in draft.story_roles}


def _drop_story_roles(draft: _Draft) -> None:
    """'As a passenger I want to leave a review': the passenger uses the app; it is a
    resource only when the prompt describes it ('As a member I want to sign up with my
    name'), never just for having been the one in a story."""
    for role in draft.story_roles:
        if role in draft.resources and not draft.resources[role].fields:
            del draft.resources[role]
            draft.edges = [e for e in draft.edges if role not in (e.owner, e.target)]
            draft.actions = [a for a in draft.actions if role not in (a.subject, a.target)]
            draft.mentions = [m for m in draft.mentions if m[0] != role]


def _resolve_weak_edges(draft: _Draft) -> None:
    for edge, phrase in draft.weak_edges:
        if edge.target in draft.resources:
            draft.add_edge(edge)
        else:
            draft.unplaced.append(phrase)


# "with/for/at/by/from/on <thing>" after a record: a link when the thing is a resource.
def _in_tense(verb: str, past: str) -> Callable[[re.Match[str]], str]:
    """`verb` in the tense of the one it replaces ('fills' -> 'submits', 'dropped' ->
    'left'), whose ending is the match's first group."""
    return lambda m: f"{past if m[1] in {'ed', 'ped'} else verb + (m[1] or '')} "


# "a courier delivers each order"
_ONE_DOES_EACH = (
    r"^(?:a|an|one)\s+(?P<one>[a-z]+(?:\s[a-z]+)?)\s+(?P<verb>[a-z]+s)\s+(?:each|every)\s+"
    r"(?P<each>[a-z]+(?:\s[a-z]+)?)$"
)
# "Staff can", "As a landlord I want to": who may do what, before the act
_SOMEONE_MAY = r"^(?:[\w ]{0,40}?\s)?(?:(?:can|may|will|should|must)\s+|to\s+)?"
# How "approve or reject" reads as a status
_PAST = {
    "approve": "approved",
    "accept": "accepted",
    "reject": "rejected",
    "decline": "declined",
    "deny": "denied",
}
_LINK_PREPOSITION = re.compile(r"(?:^|\s+)(?:with|for|at|by|from|on)\s+", re.IGNORECASE)


# "courses taught by teachers", "tickets bought by a customer": the participle adds
# nothing once the preposition links
_PARTICIPLE = rf"(?:[a-z]+(?:ed|en|ght)|{'|'.join(vocab.IRREGULAR_PARTICIPLES)})"
_PARTICIPLE_BEFORE_LINK = re.compile(
    rf"\s+{_PARTICIPLE}"
    r"(?=\s+(?:by|for|at|from|in|on|per)\s)",
    re.IGNORECASE,
)


def _cut(text: str) -> tuple[str, str]:
    """'recipes with a rating from 1 to 5' -> ('recipes', 'a rating from 1 to 5'),
    'courses taught by teachers' -> ('courses', 'teachers')."""
    # never "(..., quoted by default)"
    text = re.sub(rf"\s+{_PARTICIPLE}(?=\s+by\s)(?!\s+by\s+default\b)", "", text, flags=re.I)
    masked = re.sub(r"\([^()]*\)", lambda m: "x" * len(m[0]), text)
    cut = _LINK_PREPOSITION.search(masked, 1)
    return (text, "") if cut is None else (text[: cut.start()].strip(), text[cut.end() :].strip())


def _split_mentions(text: str) -> tuple[str, list[str]]:
    """'appointments with doctors' -> ('appointments', ['doctors']); parentheses stay whole."""
    masked = re.sub(r"\([^()]*\)", lambda m: "x" * len(m[0]), text)
    cuts = [
        cut
        for cut in _LINK_PREPOSITION.finditer(masked)
        # "a reported at timestamp", "joined on": a moment's name, not a link
        if not (re.search(r"ed$", masked[: cut.start()]) and cut[0].strip() in {"at", "on"})
    ]
    if not cuts:
        return text, []
    ends = [c.start() for c in cuts[1:]] + [len(text)]
    mentions = [text[cut.end() : end].strip() for cut, end in zip(cuts, ends, strict=True)]
    return text[: cuts[0].start()].strip(), [m for m in mentions if m]


def _mentioned_resource(draft: _Draft, item: str, new: bool) -> str | None:
    """The resource an item after a preposition names: a known one, or with `new` a
    bare plural ('with doctors') that is one even when the prompt says nothing else of it
    (the caller creates it)."""
    item = _QUANTIFIER.sub("", item) if re.match(r"(?:a|an|the|one)\s", item, re.I) else item
    name = resource_name(item)
    if name in draft.resources:
        return name
    if new and name is not None and _is_plural_item(item) and infer_type(name) == "string":
        return name  # never "for dates": a date is a field
    return None


def _resolve_mentions(draft: _Draft) -> None:
    """'appointments with doctors' links to doctors; 'reviews with a rating' adds a field.

    A field phrase (`head` set) with prepositions stays one field unless a preposition
    names a resource: 'a quantity for a product' links, 'price for adults' is a field.
    After an action ('reviews on recipes with a rating from 1 to 5') the prepositions
    name resources until the first that does not: the rest is a field list.
    """
    for owner, phrase, head in draft.mentions:
        if head is None:
            rest = phrase
            while rest:
                piece, after = _cut(rest)
                items = _items(piece)
                targets = [_mentioned_resource(draft, i, new=True) for i in items]
                if all(
                    _is_plural_item(i) and infer_type(singular(to_snake(i))) in {"date", "datetime"}
                    for i in items
                ):
                    break  # "guests book rooms for dates": when, never a thing or a field
                if not all(targets):
                    # "with a title and instructions": a field list, and "instructions"
                    # is one of its fields, not a new resource
                    _read_field_list(draft, owner, rest)
                    break
                for target in targets:
                    if target is not None and target != owner:
                        draft.resource(target)
                        draft.add_edge(_Edge("belongs", owner, target))
                rest = after
            continue
        _, mentions = _split_mentions(phrase)
        items = [i for m in mentions for i in _items(m)]
        found = [_mentioned_resource(draft, i, new=False) for i in items]
        if head and not any(found):  # "on a date" (no head) is the field "date"
            _add_field_item(draft, owner, phrase)
            continue
        if head:
            _add_field_item(draft, owner, head)
        for item, target in zip(items, found, strict=True):
            if target is None:
                _add_field_item(draft, owner, item)
            elif target != owner:
                draft.add_edge(_Edge("belongs", owner, target))


# "machines - machine number (unique), kind", "tickets: seat, price": a thing's fields
_FIELD_LIST = re.compile(
    r"\b[a-z]+s\s*(?::|\s[-\u2013])\s*[\w ]+(?:\([^()]*\))?\s*,\s*\w|"
    r"\b[a-z]+s\s*\([^()]*,[^()]*\)",  # "menu items (name, price)"
    re.IGNORECASE,
)


# "(it) should be fast", "must be secure": a wish about the API, not about its data
_QUALITY_REMARK = re.compile(
    r"^(?:(?:it|this|the\s+api|the\s+app|everything)\s+)?(?:should|must|needs?\s+to|has\s+to)"
    rf"\s+(?:be\s+)?(?:very\s+|really\s+)?(?:{'|'.join(vocab.QUALITY_WORDS)})\b|"
    # "Response times matter, the bed board refreshes every 30 seconds"
    r"^(?:response\s+times?|performance|speed|latency|uptime|availability)\s+(?:is|are|matters?)\b",
    re.IGNORECASE,
)


# "get an email reminder the day before (not urgent)": a feature for later, not data
_WISH_FOR_LATER = re.compile(
    r"\((?:not\s+urgent|later|nice\s+to\s+have|low\s+priority|future|v2|someday)\)$|"
    # "One entry per entrant per drop (we'll enforce that later)"
    r"\((?:we'?ll|we\s+will|i'?ll|can)\s[^()]*\blater\)$|"
    # "Public read endpoints would be nice but that's a later problem"
    r"\b(?:a\s+later\s+problem|can\s+come\s+later|comes?\s+later|for\s+a\s+later\s+version)\b|"
    # "Users will be able to follow other users eventually but skip that for now"
    r"\b(?:skip|ignore|leave|park)\s+(?:that|this|it|those|these)\s+(?:out\s+)?for\s+now\b",
    re.I,
)


# "we hold a show": that there are shows, said before what they hold
_WE_HOLD_ONE = re.compile(
    r"^(?:we|i)\s+(?:hold|run|have|organi[sz]e|host|do|put\s+on)\s+(?:a|an|one)\s+[a-z]+$", re.I
)
_FOR_NOW = re.compile(r"\b(?:for\s+now|by\s+hand|manually|for\s+the\s+moment)\b", re.I)
# "I want to see all lessons": reading what the API keeps says nothing new of it
_WISH_TO_READ = re.compile(
    r"^\w+\s+(?:want|wants|need|needs)\s+to\s+(?:see|view|browse|list|search|find|look\s+up)\s+"
    r"(?:all\s+|the\s+)?(?:a\s+)?[a-z]+(?:\s+[a-z]+)?"
    # "I want to see all bookings for a session"
    r"(?:\s+(?:for|of|in|by|at|on)\s+(?:a|an|the|each|one|my)\s+[a-z]+)?$",
    re.I,
)

_OUT_OF_SCOPE = re.compile(
    r"\b(?:is|are)\s+(?:out\s+of\s+scope|not\s+(?:in\s+scope|needed|required|wanted))\b|"
    # "Out of scope for v0.3: payments", "Reporting: out of scope for now"
    r"^(?:out\s+of\s+scope|not\s+in\s+scope|future\s+(?:work|ideas?))\b|"
    r"^[\w ]{1,40}(?::|\s[\u2013-])\s*(?:out\s+of\s+scope|not\s+in\s+scope)\b|"
    # "Nice to have later: email reminders", "Later (v2): ..."
    r"^(?:nice\s+to\s+have|later|future|someday|wishlist|v2)\b[^:]{0,30}:",
    re.I,
)
# "we have ~40k members", "he has maybe twenty castles": how many, not what
_HOW_MANY = re.compile(
    r"^(?:we|i|they|he|she)\s+(?:have|has|get|expect|serve|handle)\s+"
    r"(?:(?:maybe|about|around|roughly|over|under|up\s+to|nearly|almost)\s+|~\s*)?"
    r"(?:\d[\d,.]*k?|a\s+few|a\s+couple\s+of|hundreds|thousands|dozens|(?:twen|thir|for|fif|six|seven"
    r"|eigh|nine)ty|ten|twelve|fifteen|a\s+hundred|a\s+thousand)\s+[a-z]+$",
    re.IGNORECASE,
)
# Remarks on the document or the endpoints, not the data: "As promised, here's a rough
# outline of what the API needs to hold", "This page only covers the data", "I want the
# job list to be sortable by due date", "Shipment lists are paginated", "UI and SMS
# reminders are covered on a separate page"
_ABOUT_THE_WRITING = re.compile(
    r"^(?:as\s+(?:promised|discussed|agreed|requested|mentioned),?\s+)?"
    r"here(?:'s|\s+is|\s+are)\s[^:]*$|"
    r"^(?:GET|POST|PUT|PATCH|DELETE)\s+/|"  # "GET /bookings should filter by date"
    # "ACTION Priya: look at hosting", "Next step: hook this into Slack"
    # (never "todo api: users, lists, todos", an API for todos)
    r"^(?:still\s+)?(?:actions?(?:\s+items?)?|todo|to\s+do|next\s+steps?)\b"
    r"(?!\s+(?:api|app|application|backend|system|service|platform)\b)[^:]{0,30}:|"
    r"^(?:the\s+)?(?:data\s+model|schema|spec|details?|fields)\s+(?:is\s+|are\s+)?(?:below|above)\b|"
    # "so for the field trips thing, what tables do we need": the question asked
    r"\bwhat\s+(?:tables|data|fields|resources|entities|things)\s+do\s+(?:we|i|you)\s+need\b|"
    r"\bwhat\s+do\s+(?:we|i|you)\s+(?:actually\s+|really\s+)?need\s+to\s+(?:store|keep|track)\b|"
    # "one resource per csv we already keep", "our raffle sheet, one row per ticket"
    r"\bone\s+(?:resource|table|endpoint|model)\s+(?:per|for\s+each)\s+(?:csv|file|sheet|tab|table|spreadsheet)\b|"
    r"\bone\s+(?:row|line)\s+(?:per|for\s+each|for\s+every)\s+[a-z]+$|"
    r"^(?:my\s+)?(?:answers?|replies|comments?)\s+(?:are\s+)?(?:inline|below)\b|"
    r"^this\s+(?:page|document|doc|spec|section|ticket)\s+(?:only\s+)?"
    r"(?:covers|describes|is\s+about|lists)\b|"
    r"\b(?:lists?|endpoints?)\s+(?:(?:to|should|must|can|are|is|be)\s+)*"
    r"(?:sortable|searchable|filterable|paginated|sorted|filtered|load|loads)\b|"
    # "defects should be sortable by severity", "Vials should come back sorted by date"
    r"\b(?:be|is|are|come\s+back|are\s+returned)\s+(?:sortable|searchable|filterable|paginated|sorted)\b|"
    # "UI and SMS reminders are covered on a separate page", "... are separate projects"
    r"\b(?:is|are)\s+(?:covered|described|documented)\s+(?:on|in|elsewhere)\b|"
    r"\b(?:is|are)\s+(?:a\s+)?separate\s+(?:pages?|documents?|projects?|tickets?|apps?)\b",
    re.I,
)
# Two kinds of "not about the data". Statements matching _NOT_DATA are skipped before any
# reader sees them, as readers would build from them ("Nice to have later: email
# reminders, calendar sync" made two resources). _REMARKS are ignored only once nothing
# could read them, so a prompt that names no data quotes them back in its refusal ("I
# could not understand: 'Needs to be fast, secure ...'").
_NOT_DATA = (_OUT_OF_SCOPE, LEFT_OUT, _ABOUT_THE_WRITING, _HOW_MANY)
_REMARKS = (_QUALITY_REMARK, _WISH_FOR_LATER, _WISH_TO_READ, _WE_HOLD_ONE)


def _check_unplaced(draft: _Draft) -> None:
    """The rule for statements the parser could not read.

    A statement that names a resource of the API or a field the prompt described
    ("members can lend books", "loans record who borrowed what") is about the data,
    so dropping it would build a wrong API: it is an error that quotes it. A
    statement naming none of them ("The API should be fast.", "Use PostgreSQL.",
    "Thanks!") carries no structure and is ignored, unless it lists the fields of
    something ("also wnat to track machines - number, kind"). A statement that is only
    a resource's name ("Pets.") is a heading.
    """
    names: set[str] = set()
    for resource in draft.resources.values():
        names |= {resource.name, plural(resource.name), *resource.fields}
    for phrase in draft.unplaced:
        words = to_snake(phrase).split("_")
        spans = {
            "_".join(words[i:j])
            for i in range(len(words))
            for j in range(i + 1, min(i + MAX_RESOURCE_WORDS, len(words)) + 1)
        }
        if phrase == draft.title or resource_name(phrase) in draft.resources:
            continue
        subject = resource_name(" ".join(phrase.split()[:1])) or resource_name(
            " ".join(phrase.split()[:2])
        )
        if _FOR_NOW.search(phrase) and subject not in draft.resources:
            continue  # "Moderators will verify runs by hand for now": how people work
        if any(remark.search(phrase) for remark in _REMARKS):
            continue  # "should be fast, we have like 2000 bikes": how, not what
        if not spans & names and not _FIELD_LIST.search(phrase):
            continue
        if _said_elsewhere(draft, spans) and not re.search(
            rf"\b(?:{MANY}|one)\b|{_FIELD_LIST.pattern}", phrase, re.I
        ):
            continue  # "record which machines each member was trained on", linked already
        raise GenerationError(
            f"I could not understand '{phrase[:120]}'. Describe resources and their links "
            "like 'loans (due date) that belong to a book and a member', "
            "'members (name, email)' or 'customers place orders'."
        )


def _said_elsewhere(draft: _Draft, spans: set[str]) -> bool:
    """Does a statement name only resources another statement links, and no field?"""
    named = {r.name for r in draft.resources.values() if {r.name, plural(r.name)} & spans}
    fields = {f for r in draft.resources.values() for f in r.fields}
    linked = {
        end
        for e in draft.edges
        if e.owner in named and e.target in named and e.owner != e.target
        for end in (e.owner, e.target)
    }
    return len(named) > 1 and named <= linked and not spans & fields


def _unplaced_note(draft: _Draft) -> str:
    if not draft.unplaced:
        return ""
    shown = "; ".join(f"'{p[:80]}'" for p in draft.unplaced[:3])
    return f" (I could not understand: {shown})"


_MADE_FOR_EACH = re.compile(
    r"^(?:for\s+(?:each|every)\s+(?P<owner>[a-z]+(?:\s[a-z]+)?)|when\s+(?:a|an)\s+(?P<doer>[a-z]+)\s+"
    r"(?:[a-z]+\s+){1,4}?(?:at|to|for|on|in|with)\s+(?:a|an|one)\s+(?P<place>[a-z]+))\s*,?\s+(?:we|i|you)\s+"
    r"(?:make|create|open|issue|write|log|record|keep|raise|add)\s+(?:an?\s+|one\s+)?"
    r"(?P<thing>[a-z]+(?:\s[a-z]+)?)\s+with\s+(?P<fields>.+)$",
    re.IGNORECASE,
)
# "Joiners log time entries against a project: the date, hours worked"
_LOGGED_AGAINST = re.compile(
    rf"^(?P<maker>{_WORD}(?:\s+{_WORD})?)\s+(?:log|record|submit|file|enter|keep)\s+"
    rf"(?P<thing>{_WORD}(?:\s+{_WORD})?)\s+(?:against|for|on)\s+(?:a|an|one|each)\s+"
    rf"(?P<place>{_WORD}(?:\s+{_WORD})?)\s*:\s*(?P<fields>.+)$",
    re.IGNORECASE,
)
# "Vets see pets in appointments, which have a scheduled time and a reason", "tutors
# teach students in lessons (date, notes)": the appointments, each of a vet and a pet
_MET_IN = re.compile(
    rf"^(?P<doer>{_WORD}(?:\s+{_WORD})?)(?:\s*\((?P<doer_fields>[^()]*)\))?\s+"
    rf"(?:(?:can|may|also)\s+)?(?P<verb>{_WORD})\s+(?P<other>{_WORD}(?:\s+{_WORD})?)\s+"
    rf"(?:in|through|via|during|at|on)\s+(?P<thing>{_WORD}(?:\s+{_WORD})?)"
    r"(?:\s*\((?P<listed>[^()]*)\)|\s*,?\s+(?:which|that|each)?\s*(?:has|have|with)\s+(?P<said>.+))?$",
    re.IGNORECASE,
)
_DEFINED_AS = re.compile(
    rf"^(?:a|an|each)\s+(?P<thing>{_WORD}(?:\s+{_WORD})?)\s+is\s+(?:a|an|one)\s+{_WORD}(?:\s+{_WORD}){{0,2}}?"
    rf"\s+(?:for|of|on|at|with)\s+(?:a|an|one)\s+(?P<owner>{_WORD}(?:\s+{_WORD})?)\s*:\s*(?P<fields>.+)$",
    re.IGNORECASE,
)
# "Invoices: each job has one invoice, with a number and a total": under the invoices,
# each is a job's, with those fields
_ONE_EACH = re.compile(
    rf"^(?P<head>[^:]{{1,40}}?)\s*:\s*(?:each|every)\s+(?P<owner>{_WORD}(?:\s+{_WORD})?)\s+"
    r"(?:has|have|gets?)\s+(?:one|a|an|exactly\s+one|a\s+single)\s+"
    rf"(?P<thing>{_WORD}(?:\s+{_WORD})?)\s*(?:,\s*|\s+)with\s+(?P<fields>.+)$",
    re.IGNORECASE,
)
# "For a property we need the address, the postcode": the fields of a thing named before
# (or of each one: "For each lighthouse we keep its name"); "For music logging (the
# licensing people need this) we keep tracks": why, then what
_KEPT_FOR = re.compile(
    r"^for\s+(?:(?:the|a|an|(?P<each>each|every))\s+)?(?P<thing>[^:,()]{1,40}?)"
    r"(?:\s*\([^()]*\))?\s*,?\s+(?P<rest>(?:we|i)\s+(?:also\s+)?(?:are\s+|am\s+)?"
    # "For horse I need to save name, age": what is saved
    r"(?:(?:need|want|have)\s+to\s+)?(?P<verb>[a-z]+)\s+"
    r"(?P<fields>.+))$",
    re.IGNORECASE,
)


_DESCRIBED_LINK = re.compile(
    r"^(?P<first>(?:(?P<things>[a-z]+(?:\s[a-z]+)?)\s+(?P<link>between|for|of|that|which|who|belonging|"
    # "episodes belong to a show: title, audio url"
    r"belongs?\s+to|"
    # "Orders are placed by a customer: delivery date, status"
    r"(?:is|are)\s+[a-z]+(?:ed|en)\s+(?:by|for|to|at|in|on|against)|"
    # "jobs are at a site: title, scheduled date"
    r"(?:is|are)\s+(?:at|in|on|for)(?=\s+(?:a|an|one)\s))|"
    r".+?\bhas\s+many\s+(?P<many>[a-z]+(?:\s[a-z]+)?))\b[^:]*?)\s*:\s*(?P<fields>[^:]+)$",
    re.IGNORECASE,
)


_ASIDE = re.compile(
    rf"\b(?:{MANY})\s+(?P<things>[a-z]+(?:\s[a-z]+)?)\s*\((?P<fields>(?:[^()]|\([^()]*\))+)\)",
    re.IGNORECASE,
)
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?|weekdays?"
_WISH = (
    r"^(?:as\s+(?:a|an|the)\s+[\w ]{1,30}?,?\s+)?(?:i|we)(?:'d|\s+would)?\s+(?:also\s+)?"
    r"(?:want|need|like)\s+"
    # "each booking", "the bookings", "interpreters" (never "I want to ...")
    r"(?P<subject>(?:(?:each|every|all|the)\s+[\w ]{1,30}?|[a-z]+s))\s+to\s+"
)
_ENUM_LABEL = r"^(?P<name>[\w -]{1,40}?)\s*:\s*enum\s*:?\s+(?P<values>[^()]+?)"


def _read_aside(draft: _Draft, text: str) -> str:
    """'games can be tagged with many categories (name)': the categories and their fields,
    read aside; the statement goes on without them."""
    aside = _ASIDE.search(text)
    if not (aside and (things := resource_name(aside["things"]))):
        return text
    current = draft.current
    draft.resource(things)
    # "in several categories (Short, Documentary and so on)": examples of them, no fields
    examples = r"(?:\betc\.?|\.\.\.|\u2026|\band\s+so\s+on|\band\s+more)\s*$"
    if not re.search(examples, aside["fields"], re.IGNORECASE):
        # "(tag: name, unique)": the fields, said of one of them
        said_of_one = rf"^\s*{things}\s*[:=]\s*(?:(?:just|only)\s+)?"
        fields = re.sub(said_of_one, "", aside["fields"], flags=re.IGNORECASE)
        _read_field_list(draft, things, fields)
    draft.current = current
    return text[: aside.start("things")] + aside["things"] + text[aside.end() :]


# "name + category", never "date + time"
_PLUS = re.compile(r"(?<!date)\s+\+\s+(?!time)", re.IGNORECASE)


# Habits of written English turned into the plain forms the readers know (or dropped),
# before a statement is read; in this order.
# A column as SQL declares it: "plate_number varchar(15) not null unique", "amount
# numeric(8,2)", "vehicle_class varchar(20) -- one of: car, van, hgv", "vehicle_id int
# references vehicles(id)"
_SQL_TYPES: dict[str, str] = {
    "varchar": "string",
    "char": "string",
    "text": "text",
    "int": "integer",
    "integer": "integer",
    "bigint": "integer",
    "smallint": "integer",
    "real": "float",
    "float": "float",
    "double precision": "float",
    "numeric": "decimal",
    "decimal": "decimal",
    "boolean": "boolean",
    "bool": "boolean",
    "date": "date",
    "timestamp": "datetime",
    "timestamptz": "datetime",
    "uuid": "uuid",
}
_SQL_COLUMN = (
    rf"^(?P<name>[a-z]\w*)\s+(?P<type>{'|'.join(sorted(_SQL_TYPES, key=len, reverse=True))})"
    r"\s*(?:\(\s*(?P<size>\d+)\s*(?:,\s*\d+\s*)?\))?"
    r"(?P<rest>(?:\s+(?:not\s+null|null|unique|primary\s+key|default\s+'?[\w.-]+'?|"
    r"references\s+(?P<target>[a-z]\w*)\s*(?:\(\s*\w+\s*\))?))*)"
    r"\s*(?:--\s*(?:one\s+of\s*:?\s*)?(?P<values>[\w -]+(?:\s*,\s*[\w -]+)+))?\s*$"
)


def _sql_column(match: re.Match[str]) -> str:
    """The column as a field list says it: 'plate_number (string, unique, max 15 characters)'."""
    name, rest = match["name"], match["rest"].lower()
    column_like = "_" in name or re.match(r"\w+(?:\s{2,}|\t)", match[0])
    if not (column_like or match["size"] or rest or match["values"]):
        return match[0]  # "start date", "due date": a field's name in words
    if match["target"]:  # "vehicle_id int not null references vehicles(id)"
        return f"{name.removesuffix('_id')}: reference to {match['target']}"
    kind = _SQL_TYPES[match["type"].lower()]
    by_name = vocab.TYPE_BY_LAST_WORD.get(name.rsplit("_", 1)[-1])
    if kind == "string" and by_name in {"email", "url"}:
        kind = by_name  # "owner_email varchar(255)": an email, by its name
    said = [match["values"].strip() if match["values"] else kind]
    if match["size"] and kind in {"string", "email", "url"}:
        said.append(f"max {match['size']} characters")
    if "unique" in rest:
        said.append("unique")
    if re.search(r"(?<!not)\s+null\b", f" {rest}"):
        said.append("optional")
    default = re.search(r"\bdefault\s+'?([\w.-]+)", rest)
    if default:
        said.append(f"default {default[1]}")
    return f"{name} ({', '.join(said)})"


# "an artist applies to a residency": one thing acting on another
_ACT_ON_ONE = re.compile(
    r"^(?:a|an|each|every)\s+[a-z]+(?:\s[a-z]+)?\s+(?!(?:is|has|was|does)\b)[a-z]+s\s+"
    r"(?:to|for|on|at|in|with)\s+(?:a|an|one|the)\s+[a-z]+(?:\s[a-z]+)?$",
    re.IGNORECASE,
)
_PLAIN_FORMS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), into)
    for pattern, into in (
        # first, before "-- ..." is dropped as a remark and "(15)" as a version
        (_SQL_COLUMN, _sql_column),
        # "many categories (just a name)": their fields
        (r"\(\s*(?:just|only)\s+(?:(?:a|an|the)\s+)?", "("),
        # "every inspection can have many defects which have a distance, a severity
        # (minor, severe)": the defects and, aside, their fields
        (
            rf"\b((?:{MANY})\s+[a-z]+(?:\s[a-z]+)?)\s*,?\s+(?:which|that|who)\s+(?:each\s+)?"
            r"(?:have|has)\s+((?:[^()]|\([^()]*\))+)$",
            r"\1 (\2)",
        ),
        # "We see clients (children and adults)": which kinds, never their fields
        (
            r"(?<=[a-z]s)\s*\(([a-z]+(?:\s*(?:,|\band\b|\bor\b|&)\s*[a-z]+)+)\)",
            lambda m: (
                ""
                if all(singular(w) != w for w in re.findall(r"\w+", m[1]) if w not in {"and", "or"})
                else m[0]
            ),
        ),
        # "societies run meetups which have a title": the meetups, with a title
        (
            r"^((?:(?:the|our)\s+)?[a-z]+s\s+(?!(?:are|were|have|had|can|may|must)\b)[a-z]+\s+"
            r"(?:[a-z]+\s+)?[a-z]+s)\s*,?\s+(?:which|that)\s+(?:each\s+)?(?:have|has)\s+",
            r"\1 with ",
        ),
        # "Harvests: one per tree per picking - date, weight": harvests for a tree
        (
            r"^([\w ]{1,40}?)\s*:\s*one\s+(?:per|for\s+each|for\s+every)\s+([a-z]+)"
            r"(?:\s+per\s+[a-z]+)?\s*[-\u2013:]\s*",
            r"\1 for a \2: ",
        ),
        # "An officer carries out many visits": makes them
        (r"\bcarr(?:y|ies)\s+out\b", "makes"),
        # "loans get linked to a referrer too": are linked
        (r"\b(?:get|gets|got)\s+(?=(?:linked|assigned|attached|connected|allocated)\s)", "are "),
        # "Referrers - the OT or physio who asked for it: name, role": who they are, then
        # their fields
        (
            r"^\**([\w ]{1,40}?)\**\s*[-\u2013]\s*(?:the|a|an)\s[^:()]{1,60}?\s(?:who|that|which)\s"
            r"[^:()]*:\s*",
            r"\1: ",
        ),
        # "we have clients, they are farmers, with farm name": the clients have them
        (r",\s+(?:they|who)\s+are\s+[a-z]+s?\s*,?\s+(?=with\s)", " "),
        # "from a QR code so no login needed": why, not what
        (r",?\s+so\s+no\s+[a-z]+\s+(?:is\s+)?(?:needed|required)\b.*$", ""),
        # "public will submit reports from a QR code": who uses the API, not its data
        (
            r"^(?:the\s+)?public\s+(?:will|can|may|should|must)\s+(?:submit|use|see|view|browse|read|"
            r"access|report|scan|look)\b.*$",
            "",
        ),
        # "api for the city's drinking fountains (parks dept)": whose and which team's,
        # never part of the things
        (r"\b(?:the\s+)?(?:city|council|town|county|company|club|school|university)'s\s+", "the "),
        (r"\s*\((?:the\s+)?[a-z ]{0,30}\b(?:dept|department|team|office|division)\)", ""),
        # "For every work we do we make a shearing job": what is made, for every job
        (r"^for\s+(?:every|each)\s+(?:work|job|visit|time)\s+(?:we|i)\s+do\s*,?\s+", ""),
        # "When we lend money against an item we write a pawn ticket: the ticket belongs to a
        # customer", "we make a shearing job: it is for one client": a pawn ticket belongs ...
        (
            r"^(?:when\s+(?:we|i)\s+[^:]{1,60}?\s+)?(?:we|i)\s+(?:make|create|write|issue|open|log|"
            r"fill\s+in)\s+(?:a|an)\s+([a-z]+(?:\s[a-z]+)?)\s*:\s*(?:it|this|(?:the|each)\s+[a-z]+)\s+",
            r"a \1 ",
        ),
        # "Tom: allergens = name + category": the allergens' fields
        (
            r"^(?:[A-Z][a-z]+\s*:\s+)?([a-z][\w ]{0,30}?)\s*=\s*(\w.*)$",
            lambda m: f"{m[1]}: {_PLUS.sub(', ', m[2])}",
        ),
        # "Assignments: an assignment links a staff member to a polling station, with a fee":
        # the statement says it all
        (r"^[\w ]{1,40}?\s*:\s*(?=(?:a|an|each|every)\s+[a-z]+\s+(?:links|connects)\s)", ""),
        # "I also buy steel, so keep a list of materials with a name": we keep them
        (
            r"^(?:i|we)\s+(?:also\s+)?[a-z]+\s+[a-z]+(?:\s+[a-z]+)?,\s+so\s+"
            r"(?=(?:keep|track|store|record|log)\s)",
            "we ",
        ),
        # "Adoption requests - ... Made by a sponsor, for a bench": each one is
        (
            r"^(?=(?:made|created|submitted|placed|requested|raised|filed)\s+by\s+(?:a|an|one)\s)",
            "each one is ",
        ),
        # "is paid for by a sponsor": paid by
        (r"\bpaid\s+for\s+by\b", "paid by"),
        # "a piece of equipment can be lent to a fencer": an equipment
        (r"\b(a|an|one|each|every)\s+(?:piece|item|bit|unit)\s+of\s+(?=[a-z])", r"\1 "),
        # "Garages yes: name, postcode" answering "garages?": the garages have them
        (r"^([\w ]{1,40}?)\s+(?:yes|ok|okay|right|correct|agreed)\s*:", r"\1:"),
        # "Storage boxes (label) as well: ..."
        (r"\)\s+(?:as\s+well|too|also)\s*:", "):"),
        # "..., so customers can pick one", "so the front desk can ...": why, not what
        (r",?\s+so\s+(?:that\s+)?(?:\w+\s+){1,3}?(?:can|could|will)\s.*$", ""),
        # "Also, ...", "pls add ...", "ok so ...": words that only lead into the statement
        (
            r"^(?:(?:and|also|then|finally|additionally|plus|just|only|simply|pls|plz|please|oh|"
            r"ok|okay|btw|so|well|honestly|basically|anyway|actually)\b,?\s+)+",
            "",
        ),
        # "Each trip is made by a driver and records start time, end time and distance":
        # what the trip has
        (
            r"\s+and\s+(?:records|stores|keeps|tracks)\s+"
            r"(?=(?:a|an|the|its|their)\s|[a-z]+(?:\s[a-z]+)?\s*,)",
            " and has ",
        ),
        # "schedule viewings for a given date and time": with a date and a time
        (r"\bfor\s+a\s+given\s+", "with a "),
        # "Customers place orders, each with a date": the orders have the date
        (
            rf"^(?P<act>(?:(?:a|an|each|every)\s+)?{_SUBJECT_WORD}(?:\s+{_SUBJECT_WORD})?\s+"
            rf"{_ACTION}\s+(?:(?:{MANY})\s+)?[a-z]+(?:\s[a-z]+)?)"
            r",\s+each\s+(?=with\s)",
            r"\g<act> ",
        ),
        # "... with good docs pls", "..., thanks": politeness that ends the statement;
        # "todo app backend pls - users, ...": "pls" before any punctuation
        (
            r",?\s+(?:please|thanks|thx|ty|cheers)\s*$|\s+\b(?:pls|plz)\b(?=\s*(?:[-\u2013:,.]|$))",
            "",
        ),
        # "quilts what members are making": "what" for "that", as learners often write
        (r"\b([a-z]+s)\s+what\s+(?=(?!(?:is|was|has|does)\b)[a-z]+s\s+[a-z]+)", r"\1 that "),
        # "a capacity - sorry not capacity, I mean an expected attendance number": the
        # writer's correction
        (
            r"\b(?P<lead>and\s+)?(?:(?:a|an|the)\s+)?\w+(?:\s\w+)?\s*[-\u2013,]\s*sorry,?\s+not\s+"
            r"[\w ]{1,30}?,\s*i\s+mean(?:t)?\s+",
            r"\g<lead>",
        ),
        # "the students with they name": "they" for "their"
        (r"\b(with|of)\s+they\s+(?=[a-z]+\b(?!\s+(?:are|were|have|can)\b))", r"\1 their "),
        # "book a seat on a ride", "reserve a place on a session": the ride is what is booked
        (
            rf"\b((?:book|books|booking|reserve|reserves|reserving)\s+)(?:a|an|one)\s+"
            rf"(?:{'|'.join(vocab.BOOKED_UNITS)})\s+(?:on|for|in|at)\s+(?=(?:a|an|the|one)\s)",
            r"\1",
        ),
        # "We organise sessions on Tuesday and Thursday evenings": when, not another thing
        (
            rf"\s+(?:on|every|at)\s+(?:{_DAY})(?:\s*(?:,|and|or)\s*(?:{_DAY}))*"
            r"(?:\s+(?:evenings?|mornings?|afternoons?|nights?))?\b",
            "",
        ),
        # "Each ticket is for one device and a technician is assigned to it": the ticket's
        (
            r"\s+and\s+(?:a|an|one)\s+([a-z]+(?:\s[a-z]+)?)\s+is\s+assigned\s+to\s+(?:it|them)\b",
            r" and is assigned to a \1",
        ),
        # "a plot has one tenant at a time": when, not another thing
        (r"\s+at\s+(?:a|any|one)\s+time\b", ""),
        # "We also keep records, which are the sources we found": what they are, in words
        (r",\s+(?:which|who)\s+(?:are|is)\s+(?:the|our|just)\s+[^,;:()]*$", ""),
        # "Supervisors are academics with a name": what they are, then what they have
        (
            r"^([a-z]+(?:\s[a-z]+)?)\s+are\s+(?:[a-z]+\s+){0,2}?[a-z]+s\s+with\s+(?=(?:an?\s+)?[a-z])",
            r"\1 have ",
        ),
        # "Styles (salsa, tango, ballet...) - just a name", "services (wash, cut etc) with
        # name": examples of them, then their fields; "spots where i find them - name": what
        # they are to us, then their fields
        (
            r"^([\w ]{1,40}?)(?:\s*\([^()]*(?:\.\.\.|\u2026|\betc\.?)\s*\)|"
            r"\s+(?:where|that|which)\s+(?:i|we|you|they)\s[^:()\u2013-]*?)(?=\s+(?:[-\u2013]|with)\s)",
            r"\1",
        ),
        # "Suppliers (the dairies we buy curd from): dairy name", "Standards (the official
        # standards) - title": a remark on the label
        (
            r"^([\w ]{1,40}?)\s*\((?:the|our|i\.?e\.?|e\.?g\.?|aka)\s[^()]*\)"
            r"(?=\s*(?::|[-\u2013]\s))",
            r"\1",
        ),
        # "Volunteers do temperature checks twice a day: we note the temperature": the
        # checks' fields
        (
            r"^[a-z]+s\s+(?:do|make|carry\s+out|run|perform)\s+([a-z]+(?:\s[a-z]+)?s)\b[^:]{0,30}:\s*"
            r"(?:we|i)\s+(?:note|record|write\s+down|log|keep|save)\s+",
            r"\1: ",
        ),
        # "I want to see the status of each job: received, sent": each job has a status
        (
            r"^(?:i|we)\s+(?:want|need)\s+to\s+(?:see|track|know|record|set)\s+the\s+"
            r"([a-z]+(?:\s[a-z]+)?)\s+of\s+(?:each|every|a|the)\s+([a-z]+)\s*:\s*",
            r"each \2 has a \1: ",
        ),
        # "As a transcriber I want my profile to show my name": what transcribers have
        (
            r"^as\s+(?:a|an)\s+([a-z]+)\s*,?\s+i\s+(?:want|need|would\s+like)\s+my\s+(?:profile|account|"
            r"page|details)\s+to\s+(?:show|include|have|list|hold)\s+(?:my\s+)?",
            lambda m: f"{plural(m[1])} have ",
        ),
        # "When someone joins we ask for their real name": what members have
        (
            r"^when\s+(?:someone|somebody|a\s+new\s+person|people)\s+joins?\b[^,]*?,?\s+(?:we|i)\s+"
            r"(?:ask\s+for|ask|note|record|take|write\s+down|collect)\s+",
            "members have ",
        ),
        # "Designs are our catalogue: title, image URL": the designs' fields
        (
            r"^([a-z]+s)\s+(?:are|is)\s+(?:our|the|a)\s+(?:catalogue|catalog|list|range|inventory)\s*:",
            r"\1:",
        ),
        # "Members can optionally give us a website": an optional website
        (
            r"^([a-z]+s)\s+(?:can|may)\s+(?:optionally\s+|also\s+)?(?:give|tell|send|leave)\s+(?:us|me)\s+"
            r"(?:a|an|their)\s+",
            r"\1 have an optional ",
        ),
        # "Every month we hold a show": how often says nothing of the data
        (
            r"^(?:every|each|once\s+a)\s+(?:day|week|month|year|season|weekend|term)\s*,?\s+"
            r"(?=(?:we|i)\s)",
            "",
        ),
        # "Customers (company name, email) and their orders": the orders too
        (r"\)\s+and\s+their\s+(?=[a-z]+s$)", "), "),
        # "When a donor drops food off we write down their name": a donor has a name
        (
            r"^when\s+(?:a|an)\s+([a-z]+)\s+[^,]{1,40}?,?\s+(?:we|i)\s+(?:write\s+down|note(?:\s+down)?|"
            r"record|take|ask\s+for|ask|save|keep)\s+(?:their|its|his|her)\s+",
            r"a \1 has ",
        ),
        # "their name and, if they want to give it, a phone number": an optional one
        (
            r"(\s+and)?,\s*if\s+(?:they|he|she)\s+(?:want|wish|choose|agree)\s+to\s+(?:give|share|leave)"
            r"\s+(?:it|one|them)\s*,\s*(?:a|an)\s+",
            r"\1 an optional ",
        ),
        # "When I visit a horse I make a visit with date, price": a visit has them
        (
            r"^(?:when\s+(?:i|we|they|you)\s+[^,]{1,40}?,?\s+)?(?:i|we)\s+(?:make|create|log|open|"
            r"write|add|fill\s+in)\s+(?:a|an)\s+([a-z]+(?:\s[a-z]+)?)\s+with\s+",
            r"a \1 has ",
        ),
        # "I have customers, they have name, phone": the customers have them
        (
            r"^(?:(?:i|we)\s+(?:have|keep|need|got)\s+)?([a-z]+s)\s*,\s+(?:they|each\s+one)\s+"
            r"(?:have|has|need)\s+",
            r"\1 have ",
        ),
        # "gets logged with what the item is, how many portions": what it has
        (r"\b(?:gets?|is|are)\s+(?:logged|recorded|stored|saved|entered)\s+with\s+", "has "),
        # "Specimens (name) - each sits in one drawer": each one of them
        (rf"^(?:each|every)\s+(?=(?:{_BELONGS}|{_HAS})\b)", "each one "),
        # "crews are just a name and a van registration": what a crew has
        (
            r"^([a-z]+(?:\s[a-z]+)?)\s+(?:are|is)\s+(?:just|only|simply)\s+"
            r"(?=(?:a|an)\s+[a-z]+(?:\s[a-z]+)?\s*(?:,|\band\b|$))",
            r"\1 have ",
        ),
        # "A Student can be created with first name, email": what a student has
        (
            r"^((?:(?:a|an|each|every)\s+)?[a-z][\w ]{0,30}?)\s+(?:can|must|should|will|may)\s+"
            r"be\s+(?:created|added|registered|entered|recorded|stored|saved|set\s+up)\s+with\s+",
            r"\1 has ",
        ),
        # "and attendance too, because I always need to know who came, so ...": why
        (r",?\s+because\s+[^,;:()]*", ""),
        # "a keeper can be linked to many lighthouses, and vice versa": said already
        (r",?\s+and\s+vice\s+versa\b", ""),
        # "Keepers (past and present)": all of them
        (
            r"\s*\((?:past|current|former|present|old|new)\s+(?:and|or|&)\s+"
            r"(?:past|current|former|present|old|new)\)",
            "",
        ),
        # "log the furniture items customers bring in, with a description": the items, with
        # their fields
        (
            r"\b([a-z]+s)\s+(?:(?:our|the)\s+)?(?:[a-z]+s|we|they|you|i|people)\s+[a-z]+"
            r"(?:\s+(?:in|off|over|out|back|along))?(?=\s*,\s*with\s)",
            r"\1",
        ),
        (r"\b([a-z]*[a-rt-z]s)\s*,\s*(with\s)", r"\1 \2"),  # not "a show class, with"
        # "each reading: glucose level, measured at": the readings' fields
        (
            r"^(?:each|every)\s+((?!(?:has|have|is|are)\b)[a-z]+(?:\s(?!(?:has|have|is|are)\b)[a-z]+)?)"
            r"\s*:",
            lambda m: f"{plural(m[1])}:",
        ),
        # "wash packages like basic, premium, deluxe, each package has": examples of them
        (
            r"(?<=[a-z]s)\s+like\s+\w+(?:\s*,\s*\w+)+(?:\s*,?\s*(?:or|and)\s+\w+)?"
            r"(?=\s*,\s*(?:each|every)\s|\s*$)",
            "",
        ),
        # "is made for one car, we save finished at, the total price": the wash's fields
        # (never "An artist applies to a residency, we keep the submitted date": that is the
        # application's, a record the verb implies)
        (
            r",\s+(?:and\s+)?(?:we|i)\s+(?:also\s+)?(?:save|keep|store|record|track|log)\s+",
            lambda m: m[0] if _ACT_ON_ONE.match(m.string[: m.start()]) else ", ",
        ),
        # "fault report (link to Fault report)", a table row: a reference to fault reports
        (
            r"^([\w ]{1,40}?)\s*\((?:an?\s+)?(?:reference|ref|link|foreign\s+key|fk)\s+to\s+"
            r"([\w ]{1,40}?)\s*(?:,[^()]*)?\)$",
            r"\1: reference to \2",
        ),
        # "record attendance: which resident attended which session": the attendance
        # records that
        (
            r"^(?:(?:i|we)\s+(?:want|need)\s+to\s+)?(?:record|log|track|keep)\s+([a-z]+(?:\s[a-z]+)?)\s*:\s*"
            r"(?=which\s+[a-z]+(?:\s[a-z]+)?\s+[a-z]+\s+which\s)",
            r"\1 records ",
        ),
        # "I want to see photos from a session, each with a caption", "schedule sessions of
        # an activity, each with a start time": photos (sessions), each of one session
        (
            r"^(?:(?:i|we)\s+(?:want|need)\s+to\s+)?(?:see|view|browse|schedule|create|add|record|log|plan)\s+"
            r"([a-z]+(?:\s[a-z]+)?)\s+"
            r"(?:from|of|for)\s+(?:a|an|the|each)\s+([a-z]+(?:\s[a-z]+)?)\s*,\s*each\s+with\s+([^()]+)$",
            r"\1 (\3) belong to a \2",
        ),
        # "a location and the staff member leading it": the staff member
        (
            r"\b(the\s+[a-z]+(?:\s[a-z]+)?)\s+[a-z]+ing\s+(?:it|them)(?=\s*(?:[,.;)]|$|\sand\s))",
            r"\1",
        ),
        # "A repair is made by a technician for a scooter: opened at, ...": its fields
        (
            r"^((?:a|an|each|every)\s+[a-z]+(?:\s[a-z]+)?\s+(?:is|are)\s+(?:[a-z]+\s+)?"
            r"(?:by|for|to|at|in|on)\s[^:()]{1,80}?)\s*:\s+(?=\S)",
            r"\1, with ",
        ),
        # "Entries are the join between drops and entrants": between the two
        (r"\b(is|are)\s+the\s+(?:join|link|junction|bridge)(?:\s+table)?\s+(?=between\s)", r"\1 "),
        # "FK to hauliers", "foreign key -> sites" in a list of columns: one haulier (site)
        (
            r"\b(?:fk|foreign\s+key)\s*(?:to|->|\u2192|=>)\s*(?:the\s+)?"
            r"([a-z][a-z ]{0,30}?)(?=\s*(?:[,.;)]|$|\s+and\s))",
            lambda m: f"belongs to one {singular(to_snake(m[1])).replace('_', ' ')}",
        ),
        # "hey @tom 👋 quick one for the loans service": a greeting, not the data
        (r"^(?:(?:hey|hi|hello|yo)\s+)?@[\w.-]+[^\w]*", ""),
        (r"^quick\s+(?:one|q|question|favou?r)\b(?:\s+for\s+[^.?!:]*)?\s*(?:[-\u2013:,]\s*)?", ""),
        # "Can create/read/update/delete Entertainers with: ...", "Can CRUD Parties with":
        # the things, with their fields
        (
            r"^(?:(?:i|we|users?)\s+)?(?:can\s+)?(?:crud|create(?:\s*/\s*(?:read|update|delete|edit|list))+)"
            r"\s+(?=[a-z][\w ]{0,40}?\s+with\b)",
            "",
        ),
        (r"^([a-z][\w ]{0,40}?\s+with)\s*:\s*", r"\1 "),
        # "..., so we know what's coming in": why, not what
        (r",?\s+so\s+(?:that\s+)?(?:we|i|they|you)\s+(?:know|can\s+see|see|have)\b.*$", ""),
        # "..., forgot that lol": about the writing
        (r",?\s+(?:i\s+)?forgot\s+(?:that|this|to\s+(?:say|mention)(?:\s+that)?)\b.*$", ""),
        (r"\s+(?:lol|lmao|haha)\b[\s!.]*$", ""),
        # "the parts I used on a job": the parts used on it
        (r"\b([a-z]+s)\s+(?:i|we|they|you)\s+(?=[a-z]+ed\s+(?:on|in|for|at|with)\s)", r"\1 "),
        # "method: enum(bank_transfer, cheque)   -- no cash": a comment, as in SQL
        (r"\s+--\s.*$", ""),
        # "Validation: guest count between 1 and 60": a statement about a field
        (r"^(?:validations?|constraints?|rules?)\s*:\s*", ""),
        # "id_document_number: string, unique (legal requirement)": why, after what
        (r"^([\w ]{1,40}:[^()]*\b(?:unique|optional|required))\s*\([^()]*\)$", r"\1"),
        # "can be linked to an Incident once dispatch confirms it": when, not what
        (r"\s+once\s+(?!(?:a|an|per|every)\s)[a-z]+(?:\s+[a-z]+.*)?$", ""),
        # "API spec (draft v0.3)": which version of the page
        (r"\s*\((?:draft|wip|version|rev(?:ision)?)?[\s,]*v?\d+(?:\.\d+)*\)", ""),
        # "one instructor they mainly train with", "the price per tyre we agreed with them":
        # the instructor, the price per tyre
        (
            r"\b([a-z]+)\s+(?:they|he|she|we|i|you)\s+(?:[a-z]+ly\s+)?[a-z]+\s+(?:with|to|for|at|in|on)"
            r"(?:\s+(?:them|him|her|it|us))?(?=\s*[.,;]|\s*$)",
            r"\1",
        ),
        # "a score from the judges (from 0 to 30)": the score
        (
            r"\b(scores?|ratings?|marks?|grades?|points)\s+(?:given\s+)?(?:from|by)\s+the\s+[a-z]+s\b",
            r"\1",
        ),
        # "the poets can to be in many competitions", as learners often write
        (r"\b(can|must|should|will|may)\s+to\s+(?=be\s)", r"\1 "),
        # "we just need menu items": what we need
        (r"^((?:we|i)(?:'d|\s+would)?)\s+(?:just|only|simply|really|basically)\s+", r"\1 "),
        # "beach -> Beach (each cleanup happens at one beach)": a reference to beaches
        (
            r"^([a-z][\w ]{0,40}?)\s*(?:->|\u2192|=>)\s*([A-Za-z][\w ]{0,40}?)\s*(?:\([^()]*\))?$",
            r"\1: reference to \2",
        ),
        # "customers w/ name, email": with
        (r"(?<![\w/])w/\s*(?=\w)", "with "),
        # "(e.g. \"Portsmouth\", \"WA 70m\")": examples of a value (numbers, "(e.g. 42 or
        # 8.5)", say the type and stay)
        (r"\s*\((?:e\.?g\.?|for\s+example|such\s+as)[\s,:]*\"[^()]*\)", ""),
        # "store each member's full name, email": members with those fields
        (r"\b(?:each|every)\s+([a-z]+)'s\s+", lambda m: f"{plural(m[1])} with "),
        # "As the owner I want each booking to belong to a guest": the wish is the statement
        (_WISH + r"be\b", r"\g<subject> is"),
        (_WISH + r"(?P<verb>belong|have)\b", r"\g<subject> \g<verb>"),
        # "Adopters can apply to adopt pets": what they may end up doing is the link
        (
            r"\b(can|may|will|should|must|could)\s+(?:apply|ask|request|choose|decide|want)\s+to\s+"
            rf"(?=(?:{'|'.join(_ACTION_VERBS)})\b)",  # never "can apply to a job"
            r"\1 ",
        ),
        # "save many listings as favourites": the record the act makes, said after "as"
        (r"\s+as\s+(?:their\s+|his\s+|her\s+)?(?:favou?rites|bookmarks)$", ""),
        # "currency: enum (EUR, USD)" is the field "currency enum (EUR, USD)", and
        # "condition: enum mint, good, worn (default good)" the field "condition (mint, ...)"
        (_ENUM_LABEL + r"\s*\((?P<extra>[^()]*)\)$", r"\g<name> (\g<values>, \g<extra>)"),
        (_ENUM_LABEL + "$", r"\g<name> (\g<values>)"),
        (r"^([\w -]{1,40}?)\s*:\s*(?=enum\b)", r"\1 "),
        # "DECISION: leave card payments until the autumn": what was decided, read as said
        (r"^(?:decision|decided)\s*:\s*", ""),
        # "reference manager for our group, replacing the shared Zotero folder": what it was
        (r",\s+(?:replacing|instead\s+of)\s+(?:the|our|a|an)\s[^,]*$", ""),
        # "for the localisation api we need projects first": a localisation API with projects
        (
            r"^for\s+(?:the|our|my|this)\s+([a-z]+(?:\s[a-z]+)?\s+(?:api|app|backend|service))\s*,?\s+"
            r"(?:we|i)\s+(?:need|want|have)\s+(?:to\s+(?:store|keep|track)\s+)?(.+?)(?:\s+first)?$",
            r"a \1 with \2",
        ),
        # "and the sites we visit: site name, grid reference": the sites' fields
        (r"^(?:and\s+)?(?:the\s+)?([a-z]+s)\s+(?:we|i|you|they)\s+[a-z]+\s*:\s*(?=\S)", r"\1: "),
        # "comment on a post, giving my name and a message": with them
        (r",?\s+giving\s+(?:my|their|his|her|its|the)\s+", " with a "),
        (r",?\s+giving\s+(?=(?:a|an)\s)", " with "),
        # "mark an application as pending, approved or rejected": its status
        (
            _SOMEONE_MAY + r"mark\s+(?:a|an|the|each)\s+"
            r"([a-z]+(?:\s[a-z]+)?)\s+as\s+([\w -]+(?:,\s*[\w -]+)*,?\s+or\s+[\w -]+)$",
            lambda m: f"{plural(singular(m[1]))} have a status ({m[2]})",
        ),
        # "Staff can approve or reject applications": each application has a status
        (
            _SOMEONE_MAY + r"(approve|accept)\s+"
            r"or\s+(reject|decline|deny)\s+(?:the\s+|an?\s+)?([a-z]+(?:\s[a-z]+)?)$",
            lambda m: (
                f"{plural(singular(m[3]))} have a status (pending, {_PAST[m[1].lower()]}, "
                f"{_PAST[m[2].lower()]}) defaulting to pending"
            ),
        ),
        # "an application for a specific animal": for an animal
        (r"\b(a|an|one|the)\s+(?:specific|particular|certain)\s+", r"\1 "),
        # "People who want to adopt fill out an application": people submit one
        (r"^(people|someone|anyone)\s+who\s+(?:want|wants|would\s+like)\s+to\s+[a-z]+\s+", r"\1 "),
        (r"\bfill(s|ed)?\s+(?:out|in)\s+(?=(?:a|an|one|the)\s)", _in_tense("submit", "submitted")),
        # "a courier delivers each order": each order is the courier's
        (
            _ONE_DOES_EACH,
            lambda m: (
                f"each {m['each']} belongs to a {m['one']}"
                if _VERB_OF_FORM.get(m["verb"].lower()) in vocab.CREATOR_VERBS
                else m[0]
            ),
        ),
        # "customers drop off orders": they leave them
        (r"\bdrop(s|ped)?\s+off\s+", _in_tense("leave", "left")),
        # "tenants sign leases": they make them (never "sign language")
        (
            r"\bsign(s|ed)?\s+(?=(?:(?:a|an|the|many|one)\s+)?(?:leases?|contracts?|agreements?|"
            r"waivers?|petitions?|consent\s+forms?)\b)",
            _in_tense("make", "made"),
        ),
        # "volunteers sign up for shifts": they join them, the shifts are no one's
        (r"\bsign(s|ed)?\s+up\s+for\s+", r"join\1 "),
        # "agents are assigned to tickets": each ticket has its agent
        (
            r"^([a-z]+(?:\s[a-z]+)?s(?:\s*\([^()]*\))?)\s+are\s+(assigned|allocated)\s+to\s+("
            + "|".join(plural(work).replace("_", " ") for work in sorted(vocab.ASSIGNED_WORK))
            + r")$",
            r"\3 are \2 to \1",
        ),
        # "agents are assigned tickets": the tickets are assigned to them
        (
            r"^([a-z]+(?:\s[a-z]+)?(?:\s*\([^()]*\))?)\s+are\s+(assigned|allocated|given)\s+(?!to\s)"
            r"([a-z]+(?:\s[a-z]+)?s)$",
            r"\3 are \2 to \1",
        ),
        # "An operator is assigned to each booking": each booking has one operator
        (
            r"^(?:an?|one)\s+([a-z]+(?:\s[a-z]+)?)\s+is\s+(assigned|allocated|attached|linked)\s+to\s+"
            r"(?:each|every)\s+([a-z]+(?:\s[a-z]+)?)$",
            r"each \3 is \2 to one \1",
        ),
        # "A site is where a crane gets delivered: address, postcode": what it has
        (
            r"^((?:a|an|each|every)\s+[a-z]+(?:\s[a-z]+)?)\s+is\s+(?:where|when|what|who)\s[^:()]{1,80}:\s*",
            r"\1 has ",
        ),
        # "Cranes can be marked as available (default yes)": a yes/no field
        (
            r"^((?:(?:a|an|the|each|every)\s+)?[a-z]+(?:\s[a-z]+)?)\s+can\s+be\s+(?:marked|flagged|set)\s+"
            r"(?:as\s+)?([a-z]+(?:\s[a-z]+)?)(?:\s*\(([^()]*)\))?$",
            lambda m: f"{m[1]} have {m[2]} (yes/no{', ' + m[3] if m[3] else ''})",
        ),
        # "Project <-> Designer (many to many, ...)": both ways
        (
            r"^([a-z][\w ]{0,40}?)\s*(?:<->|<=>|\u2194)\s*([a-z][\w ]{0,40}?)\s*(?:\([^()]*\))?$",
            r"\1 and \2 are many-to-many",
        ),
        # "drop: ref Drop", "owner: fk User": a reference to drops (users)
        (
            r"^([\w ]{1,40}?)\s*:\s*(?:ref|reference|fk|foreign\s+key)\s+(?:to\s+)?([a-z]\w*)$",
            r"\1: reference to \2",
        ),
        # "trail: Trail (many-to-one)" is a reference to trails
        (
            r"^([\w ]{1,40}?)\s*:\s*(\w+)\s*"
            r"\((?:many[\s-]+to[\s-]+one|fk|foreign\s+key|ref(?:erence)?)\)$",
            r"\1: reference to \2",
        ),
        # "difficulty enum: easy/medium/hard" is the field "difficulty (easy/medium/hard)"
        (r"^([\w -]{1,40}?)\s+enum\s*:\s*(.+)$", r"\1 (\2)"),
        # "Third thing is exhibitions with name": the count of things is not one of them
        (
            r"^(?:the\s+)?(?:first|second|third|fourth|fifth|last|next|another|other)\s+"
            r"(?:thing|one|entity|resource|table|object)s?\s+(?:is|are|will\s+be)\s+",
            "",
        ),
    )
)


# Statements read clauses of themselves as statements; prose nests three deep at most,
# so deeper is a run-on the reader would only chew through clause by clause.
_MAX_NESTING = 8


def _read_statement(draft: _Draft, text: str, header: str | None) -> None:
    if draft.nesting == _MAX_NESTING:
        raise GenerationError(
            f"I could not follow '{text[:120]}': it nests more than {_MAX_NESTING} clauses one "
            "inside the other. Split it into shorter sentences."
        )
    draft.nesting += 1
    try:
        _read_clauses(draft, text, header)
    finally:
        draft.nesting -= 1


def _read_clauses(draft: _Draft, text: str, header: str | None) -> None:
    for pattern, into in _PLAIN_FORMS:
        text = pattern.sub(into, text)
    if any(pattern.search(text) for pattern in _NOT_DATA):
        return  # "PDF export is out of scope for now": what the API leaves out
    text = _read_aside(draft, text)
    made = _MADE_FOR_EACH.match(text)
    owners = made and [o for o in (made["owner"], made["doer"], made["place"]) if o]
    if made and owners and all(resource_name(o) for o in owners):
        # "For each garment we make an alteration order with the price", "When a member
        # signs up to perform at a show we record a performance with the act title": the
        # orders (performances), each for a garment (a member and a show), and their fields
        _read_records(draft, made["thing"], owners, made["fields"])
        return
    logged = _LOGGED_AGAINST.match(text)
    if (
        logged
        and resource_name(logged["maker"]) in draft.resources
        and resource_name(logged["thing"])
        and resource_name(logged["place"])
    ):
        # time entries, each by a joiner against a project, and their fields
        _read_records(
            draft,
            singular(to_snake(logged["thing"])).replace("_", " "),
            [logged["maker"], logged["place"]],
            logged["fields"],
        )
        return
    met = _MET_IN.match(text)
    if met and _read_meetings(draft, met):
        return
    defined = _DEFINED_AS.match(text)
    if defined and resource_name(defined["thing"]) and resource_name(defined["owner"]):
        # "A Swap is a fitting appointment for a tyre set: scheduled at, fee": swaps, each
        # for a tyre set, and their fields
        _read_records(draft, defined["thing"].lower(), [defined["owner"]], defined["fields"])
        return
    one_each = _ONE_EACH.match(text)
    thing = one_each and resource_name(one_each["thing"])
    owner = one_each and resource_name(one_each["owner"])
    if one_each and thing and owner and resource_name(one_each["head"]) == thing:
        draft.resource(owner)
        draft.resource(thing)
        draft.add_edge(_Edge("belongs", thing, owner))
        _read_field_list(draft, thing, one_each["fields"])
        return
    kept = _KEPT_FOR.match(text)
    if kept:
        owner = _shortened(draft, kept["thing"], resource_name(kept["thing"]))
        verb = re.sub(r"(?<=[a-z]{3})ing$", "", kept["verb"].lower())  # "we are keeping"
        # "For a property we need the address": its fields, where "For the licensing people
        # we keep tracks" keeps things
        known = ":" not in kept["fields"] and (  # "For the tour we need tour stops: city"
            owner in draft.resources
            or kept["each"]
            or not any(_is_plural_item(item) for item in _items(kept["fields"]))
        )
        if owner and known and (verb in vocab.RECORD_VERBS or verb in {"need", "want"}):
            draft.resource(owner)  # "For each lighthouse we keep its name": lighthouses
            _read_field_list(draft, owner, kept["fields"])
            return
        text = kept["rest"]
    # "stock movements - each one is for an item", "Crew members - name, hourly wage":
    # the dash introduces what they are
    dashed = re.match(r"^(?P<head>[^:()-]{1,40}?)\s+[-\u2013]\s+(?P<rest>.+)$", text)
    if dashed and (
        re.match(
            r"(?:each|every|it|they|these)\b|(?:a|an)\s+[a-z]+(?:\s[a-z]+)?\s+has\b",
            dashed["rest"],
            re.I,
        )
        or (_is_plural_item(dashed["head"]) and len(dashed["head"].split()) <= MAX_RESOURCE_WORDS)
        or _PLACED_THINGS.match(dashed["head"])  # "Quotes for a site - amount, panel count"
        # "Customer - name, phone, email", "TyreSet - brand, size": an entity's name
        or (
            re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*", dashed["head"].strip()) is not None
            and dashed["head"].lower() not in vocab.CHOICE_NAMES
            and "," in dashed["rest"]
        )
        # "Makerspace booking system - members, machines and bookings"
        or (len(listed := _items(dashed["rest"])) > 1 and _lists_resources(listed))
        # "customer - name: string, phone: string": a thing and its typed fields
        or (
            resource_name(dashed["head"]) is not None
            and re.match(rf"[a-z][\w ]{{0,30}}:\s*(?:{_TYPE_WORDS})\b", dashed["rest"], re.I)
        )
    ):
        text = f"{dashed['head']}: {dashed['rest']}"
    label = _HEADER.match(text)
    if (
        header is None
        and label
        and _is_plural_item(label["head"].split()[0])
        and _read_placed(draft, label["head"], label["rest"])
    ):
        return  # "comments on patterns: body, author name"
    two = re.match(r"^(?P<first>[^:]+?)\s*:\s*(?P<then>(?:each|every|it|they)\s.+)$", text, re.I)
    we_do = two and re.match(
        r"^(?:we|i)\s+(?:also\s+)?[a-z]+\s+(?P<things>[a-z]+(?:\s+[a-z]+)?)$", two["first"], re.I
    )
    if (
        two
        and we_do
        and _is_plural_item(we_do["things"])
        and (name := resource_name(we_do["things"]))
    ):
        # "We also sell tickets: every ticket is for a performance"
        draft.resource(name)
        _read_statement(draft, two["then"], header)
        return
    which_has = re.match(
        r"^(?P<first>[^:()]+?\s(?:a|an|one)\s+(?P<thing>[a-z]+(?:\s[a-z]+)?))\s*,\s*"
        r"(?:which|who)\s+(?:has|have)\s+(?P<fields>.+)$",
        text,
        re.I,
    )
    if which_has and resource_name(which_has["thing"]):
        # "Each donation goes to a campaign, which has a title and an end date": the link,
        # then the campaign's fields
        _read_statement(draft, which_has["first"], header)
        _read_statement(draft, f"a {which_has['thing']} has {which_has['fields']}", header)
        return
    then_it = re.match(
        r"^(?P<first>[^:]+?),\s+(?P<then>(?:it|they)\s+(?:has|have|is|are|belongs?)\b.+)$",
        text,
        re.I,
    )
    if then_it and _LINK_STATEMENT.match(then_it["first"]):
        # "Lesson is between tutor and student, it have date and paid (yes or no)"
        _read_statement(draft, then_it["first"], header)
        _read_statement(draft, then_it["then"], header)
        return
    about = re.match(
        r"^(?P<first>[^:]+?)\s*:\s*(?P<then>(?:a|an|each|every)\s+(?P<one>\w+)\s.+)$", text, re.I
    )
    if (
        about
        and len(about["first"].split()) > 2  # "Notes app: each note has" names the API first
        and resource_name(about["first"].split()[0]) == resource_name(about["one"])
        and not (_SUBJECT_VERB.match(about["first"]) or _LINK_STATEMENT.match(about["first"]))
    ):
        # "Scans record when a pass was used: a scan has a scanned at timestamp": the colon
        # introduces the statement about them
        _read_statement(draft, about["then"], header)
        return
    described = _DESCRIBED_LINK.match(text)
    if described and names_the_api(described["things"] or ""):
        # "Expense tracker for my team: users submit expenses": the title, then a statement
        draft.name = draft.name or _title_name(described["things"])
        described = None
    if described and (name := resource_name(described["things"] or described["many"])):
        # "registrations between a member and a tournament: registered at, seed" and
        # "each participant has many visits: visit date, weight": the things, their fields
        first = described["first"]
        if described["things"] and re.match(r"(?:between|for|of)\b", described["link"], re.I):
            first = f"{described['things']} are {first[described.end('things') :].strip()}"
        _read_statement(draft, first, header)
        if name in draft.resources:
            _read_field_list(draft, name, described["fields"])
            return
        draft.unplaced.append(described["fields"])
        return
    if two and (
        _SUBJECT_VERB.match(two["first"])
        or _LINK_STATEMENT.match(two["first"])
        or _PAREN_HEADER.match(two["first"])  # "Storage boxes (label, shelf): every issue ..."
    ):
        # "Appointments are between a client and an artist: each appointment has a date"
        _read_statement(draft, two["first"], header)
        _read_statement(draft, two["then"], header)
        return
    story = USER_STORY.match(text)
    if story:  # "As a user I want to create a campaign" says "users create campaigns"
        role = to_snake(story["role"] or "user")
        rest = re.sub(r"\b(?:(all|any)\s+)?my\b", lambda m: m[1] or "a", story["rest"], flags=re.I)
        # "see the tickets assigned to me", "be assigned tickets": the role's
        me = f"{'an' if role[0] in 'aeiou' else 'a'} {role.replace('_', ' ')}"
        rest = re.sub(r"\bme\b", me, rest, flags=re.I)
        rest = re.sub(
            r"^(?:see|view|list|browse|find)\s+(?:all\s+)?(?:the\s+)?(?P<what>[a-z]+(?:\s[a-z]+)?)\s+"
            r"(?=(?:assigned|linked|sent|given|allocated)\s+to\s)",
            r"\g<what> are ",
            rest,
            flags=re.I,
        )
        # "... assigned to me and set their status (new, closed)": the status is theirs
        rest = re.sub(
            r"\s+and\s+(?:set|update|change|edit|mark)\s+(?:their|its|the)\s+", " with a ", rest
        )
        rest = re.sub(
            r"^be\s+(?P<done>assigned|given|allocated|sent)\s+(?P<what>[a-z]+(?:\s[a-z]+)?)\b",
            rf"\g<what> are \g<done> to {me}",
            rest,
            flags=re.I,
        )
        if re.match(r"[a-z]+(?:\s[a-z]+)?\s+are\s", rest, re.I):  # "tickets are assigned to ..."
            _read_statement(draft, rest, header)
            return
        verb = rest.split()[0].lower()
        booked = re.match(
            r"^[a-z]+(?:\s+(?:to|for|in|on|into))?\s+(?:a|an|one)\s+(?P<thing>[a-z]+(?:\s[a-z]+)?)\s+"
            r"with\s+(?P<fields>.+)$",
            rest,
            re.I,
        )
        if booked and verb in vocab.ASSOCIATION_VERBS and resource_name(booked["thing"]):
            # "As a customer I want to book a tour with the tour date and the number of
            # people": bookings of a tour, with those fields, by the one telling the story
            # when the prompt describes them; "book an appointment with a doctor" makes the
            # appointment itself
            doer = [role.replace("_", " ")] if role in draft.resources else []
            thing = resource_name(booked["thing"]) or ""
            fields = booked["fields"]
            other = re.match(r"^(?:a|an|one)\s+([a-z]+(?:\s[a-z]+)?)\s+with\s+(.+)$", fields, re.I)
            if other and resource_name(other[1]) in draft.resources:
                doer, fields = [*doer, other[1]], other[2]  # "... with a doctor, with a time"
            if thing.rpartition("_")[2] in vocab.ACT_RECORDS:
                _read_records(draft, thing.replace("_", " "), doer, fields)
            else:
                record = vocab.ASSOCIATION_VERBS[verb][0]
                _read_records(draft, record, [*doer, booked["thing"]], fields)
            return
        # "As a member I can make a booking for a desk": the member's booking, when the
        # prompt describes members
        made = re.match(r"^[a-z]+\s+(?:a|an|one)\s+([a-z]+(?:\s[a-z]+)?)\b", rest, re.I)
        made_record = resource_name(made[1]) if made and verb in vocab.CREATOR_VERBS else None
        makes_record = (
            made_record is not None and made_record.rpartition("_")[2] in vocab.ACT_RECORDS
        )
        # "As a user I log workouts" after users signed up: the user's workouts
        theirs = makes_record or (
            role in draft.resources
            and (
                (role in vocab.PEOPLE and verb in vocab.OWN_RECORD_VERBS)
                or verb in {"list", "publish"}  # "As a landlord I can list apartments"
            )
            and not re.search(r"\s(?:for|on|against)\s+(?:a|an|each|the)\s", rest, re.I)
        )
        # "As a dispatcher I want to add cleaners with a name": the one using the app
        # keeps records, unless the prompt describes them ("As a user I want to create a
        # campaign" after "As a user I want to sign up with an email")
        operator = not theirs and (
            verb in vocab.RECORD_VERBS or (verb == "create" and role not in draft.resources)
        )
        # "As a student I can enroll in courses" keeps the student, whose enrolments they
        # are; "As a clerk I want to book a trip for a passenger" acts for someone else
        own_act = verb in vocab.ASSOCIATION_VERBS and not re.search(r"\sfor\s+(?:a|an)\s", rest)
        if not operator and role not in draft.resources and not own_act:
            draft.story_roles.add(role)
        text = f"I want to {rest}" if operator else f"{plural(role).replace('_', ' ')} {rest}"
        assign = re.match(
            r"(?:assign|add)\s+(?P<what>.+?)\s+to\s+(?P<where>(?:a|an|one)\s.+)$", rest, re.I
        )
        if assign:  # "As a dispatcher I want to assign many cleaners to a job"
            # "add notes to a lesson after it finishes": when, not what
            where = re.sub(r"\s+(?:after|before|once|when)\s+(?:it|they)\b.*$", "", assign["where"])
            # "assign each trip to a minibus": one of the trips
            each = re.match(r"(?:each|every)\s", assign["what"], re.IGNORECASE)
            what = to_snake(_SOME.sub("", assign["what"]))
            if singular(what) in vocab.TEXT_RECORDS or (verb == "add" and _names_things(what)):
                # "add comments to a ticket", "add lessons to a course": theirs
                text = f"{assign['what']} belong to {where}"
            elif each or _names_things(what):
                # "each trip" has its minibus; "cleaners" may or may not have a job yet
                text = f"{assign['what']} {'is' if each else 'can be'} assigned to {where}"
            else:  # "add notes to a lesson": a field of it
                text = f"{where} has {assign['what']}"
        # what the story asks for, read like any statement ("I want to see the status of
        # each job: received, sent")
        _read_statement(draft, text, header)
        return
    if header is not None:
        # "We store full name, licence number (unique), ..." under "2.3 Operators": theirs
        text = re.sub(
            r"^(?:we|i)\s+(?:also\s+)?(?:store|keep|record|track|save|hold)\s+",
            "",
            text,
            flags=re.I,
        )
    named = re.match(r"^(?P<name>[a-z][\w ]{0,40}?)\s*:\s*(?P<target>[A-Z]\w*)$", text)
    if named and resource_name(named["target"]) in draft.resources:
        text = f"{named['name']}: reference to {named['target']}"  # "farmer: Farmer"
    typed = _TYPED_FIELD.match(text)  # "price: number" / "teacher - reference to Teacher"
    if typed and header is None and re.search(r",[^,]*,", re.sub(r"\([^()]*\)", "", text)):
        typed = None  # "Context: number (int), soil colour, depth": a resource's fields
    target = None
    if typed:
        kind = typed["type"][len(typed["ref"]) :] if typed["ref"] else typed["type"]
        # "year: integer (min 1500, max 2025)" keeps its own parentheses
        text = f"{typed['name']}: {kind}" if "(" in kind else f"{typed['name']} ({kind})"
        target = resource_name(kind) if typed["ref"] else None
    # "status: pending, paid or cancelled" under "## Orders": alternatives, so one field;
    # so is any singular label ("catalogue number: unique", "status: a / b / c")
    label = _HEADER.match(text)
    singular_label = label is not None and not _is_plural_item(label["head"])
    alternatives = singular_label or (
        (enum := _COLON_ENUM.match(text))
        and (
            re.search(r"\bor\b", enum["values"])
            or enum["default"]
            or enum["tail"]
            or to_snake(enum["field"]) in vocab.CHOICE_NAMES
        )
    )
    if (
        header is not None
        and (typed or alternatives or not _HEADER.match(text))
        # "- fixes one fault, assigned to a technician" under "## Work orders": theirs
        and (not _SUBJECT_VERB.match(text) or _VERB_WITH_COUNT.match(text))
        and not _ACTION_STATEMENT.match(text)  # "Students can enrol on many courses"
    ):
        own = bool(draft.resource(header).fields)
        if target is not None:  # "category: reference to categories" asks for categories
            draft.resource(target)
        # "- storeys" under "## Buildings" after "- name": one more value of a building
        _read_field_list(draft, header, text, beside_fields=own)
        return
    for reader in (
        _read_kind_of_link,
        _read_record_of,
        _read_opening,
        _read_link,
        _read_bare_list,
        _read_header,
        _read_more_fields,
        _read_intro,
        _read_action,
        _read_record_for,
        _read_verb_link,
        _read_subject_verb,
        _read_field_statement,
    ):
        if reader(draft, text):
            return
    rest = _DESCRIBED_THING.sub(lambda m: _read_described(draft, m), text)
    if not draft.resources and re.match(r"(?:we|our|i|my|this)(?:'\w+)?\s", rest, re.I):
        return  # "We coordinate freelance translators for corporate clients": who we are
    if rest.strip():
        draft.unplaced.append(re.sub(r"\s+", " ", rest).strip())


# "Game <-> Genre is many to many", "Bird many-to-one Handler" (a relations table row)
_KIND_OF_LINK = re.compile(
    r"^(?P<a>[a-z][\w ]{0,40}?)\s*(?:(?P<arrow><->|<=>|\u2194)\s*(?P<b>[a-z][\w ]{0,40}?)"
    r"(?:\s+(?:is|are)\s+many[\s-]+to[\s-]+many)?|\s+(?P<kind>many[\s-]+to[\s-]+one|one[\s-]+to[\s-]+many|"
    r"many[\s-]+to[\s-]+many)\s+(?P<other>[a-z][\w ]{0,40}?))$",
    re.IGNORECASE,
)


def _read_records(draft: _Draft, thing: str, owners: list[str], fields: str) -> None:
    """Records of `thing` with `fields`, each belonging to one of each of `owners` (words
    that name resources, as the callers check)."""
    for owner in owners:
        name = resource_name(owner)
        assert name is not None
        draft.resource(name)
    _read_statement(draft, f"{plural(to_snake(thing)).replace('_', ' ')}: {fields}", None)
    links = " and ".join(f"a {owner}" for owner in owners)
    _read_statement(draft, f"each {thing} belongs to {links}", None)


def _read_meetings(draft: _Draft, met: re.Match[str]) -> bool:
    """Records where two kinds of thing meet; False unless both are things and the records
    are named like meetings (never "users keep files in folders")."""
    meeting = resource_name(met["thing"])
    sides = [met["doer"], met["other"]]
    owners = [name for name in map(resource_name, sides) if name is not None]
    if (
        meeting is None
        or meeting.rpartition("_")[2] not in vocab.MEETINGS
        or met["verb"].lower() in vocab.STOP_WORDS
        or len(owners) != 2
        or not all(map(_is_plural_item, sides))
    ):
        return False
    if met["doer_fields"]:
        _read_statement(draft, f"{met['doer']} ({met['doer_fields']})", None)
    for owner in owners:
        draft.resource(owner)
    fields = met["listed"] or met["said"]
    if fields:
        _read_field_list(draft, meeting, fields)
    draft.resource(meeting)
    for owner in owners:
        draft.add_edge(_Edge("belongs", meeting, owner))
    return True


def _read_kind_of_link(draft: _Draft, text: str) -> bool:
    match = _KIND_OF_LINK.match(text)
    one = match and resource_name(match["a"])
    other = match and resource_name(match["b"] or match["other"])
    if not (match and one and other):
        return False
    kind = re.sub(r"[\s-]+", "_", (match["kind"] or "many_to_many").lower())
    draft.resource(one)
    draft.resource(other)
    draft.add_edge(_Edge(_EDGE_OF_KIND[kind], one, other))
    return True


_EDGE_OF_KIND: dict[str, Literal["belongs", "has_many", "many_to_many"]] = {
    "many_to_one": "belongs",
    "one_to_many": "has_many",
    "many_to_many": "many_to_many",
}


# "an entry is a cat entered in a show class, with a pen number": a record of one thing
# placed in another (or doing something to it)
_RECORD_OF = re.compile(
    rf"^(?:a|an|each|every)\s+(?P<record>{_WORD}(?:\s+{_WORD})?)\s+is\s+(?:a|an|one)\s+"
    rf"(?P<one>{_WORD}(?:\s+{_WORD})?)\s+(?:{_PARTICIPLE}\s+(?:in|on|for|to|at|into|with|by)|"
    # "a detection is a sensor picking up a quake"
    r"[a-z]+ing(?:\s+(?:up|in|on|out|off))?(?:\s+(?:in|on|for|to|at|into|with|by))?)\s+"
    rf"(?:a|an|one|the)\s+(?P<other>{_WORD}(?:\s+{_WORD})?)(?P<rest>\s*,.*)?$",
    re.IGNORECASE,
)


# "a find is when a cacher logs a cache": the record of one thing doing something to another
_RECORD_WHEN = re.compile(
    rf"^(?:a|an|each|every)\s+(?P<record>{_WORD}(?:\s+{_WORD})?)\s+is\s+when\s+(?:a|an|one)\s+"
    rf"(?P<one>{_WORD}(?:\s+{_WORD})?)\s+[a-z]+s(?:\s+(?:up|in|on|out|off))?\s+(?:(?:in|on|for|to|at|into|with)\s+)?"
    rf"(?:a|an|one|the)\s+(?P<other>{_WORD}(?:\s+{_WORD})?)(?P<rest>\s*,.*)?$",
    re.IGNORECASE,
)


def _read_record_of(draft: _Draft, text: str) -> bool:
    match = _RECORD_OF.match(text) or _RECORD_WHEN.match(text)
    if match is None:
        return False
    record, one, other = (resource_name(match[k]) for k in ("record", "one", "other"))
    if not (record and one in draft.resources and other in draft.resources):
        return False
    draft.resource(record)
    draft.add_edge(_Edge("belongs", record, one))
    draft.add_edge(_Edge("belongs", record, other))
    _read_field_list(draft, record, (match["rest"] or "").lstrip(" ,"))
    return True


def _read_more_fields(draft: _Draft, text: str) -> bool:
    """'Participants are enrolled at a site. Record a participant code, a date of birth':
    more fields of the resource just described."""
    # "... we record the session date and time, the length" after the sessions: theirs
    more = re.match(
        r"^(?:please\s+|(?:we|i)\s+(?:also\s+)?)?(?:record|store|capture|save|keep|log|add|include)\s+"
        # never "we also keep a list of timber species (name) and joiners (name)": things
        r"(?!(?:a|an|the)\s+(?:list|record|register|catalogue|catalog|database|log)\s+of\b)"
        r"(?P<rest>(?:(?:a|an|the|their|its)\s)?.+)$",
        text,
        re.IGNORECASE,
    )
    # "Specimen: a pressed plant sheet. Recorded with its accession number": the specimen's
    more = more or re.match(
        r"^(?:recorded|stored|kept|saved|logged|described)\s+with\s+(?P<rest>.+)$", text, re.I
    )
    # "We need the start time, remote (yes/no)" after the bookings: theirs
    needed = re.match(r"^(?:we|i)\s+(?:also\s+)?(?:need|want)\s+(?P<rest>the\s.+)$", text, re.I)
    # "Deposit paid yes/no on the party, defaults to no": a field of the party
    on_owner = re.match(
        r"^(?P<field>[a-z][\w /-]{0,40}?)\s+on\s+(?:the|each|every)\s+(?P<owner>[a-z]+)"
        r"(?P<rest>\s*,.*)?$",
        text,
        re.IGNORECASE,
    )
    owner = on_owner and resource_name(on_owner["owner"])
    if on_owner and owner in draft.resources:
        _read_field_list(draft, owner, on_owner["field"] + (on_owner["rest"] or ""))
        return True
    # "Optional notes for the interpreter.": one more field, and who reads it
    optional = re.match(
        r"^(?:an?\s+)?(?P<rest>optional\s+[a-z]+(?:\s[a-z]+){0,2}?)(?:\s+(?:for|on|about|from)\s+.+)?$",
        text,
        re.IGNORECASE,
    )
    found = more or needed or optional
    if found is None or draft.current is None:
        return False
    if more is not None and not re.match(r"(?:a|an|the|their|its)\s", more["rest"], re.I):
        # "store arrival time, amplitude" are fields; "store books and members" are things,
        # "add pagination" is a feature
        items = _items(more["rest"])
        if not re.match(r"(?:store|record|capture)\s", text, re.I) or any(
            _is_plural_item(re.sub(r"\s*\(.*", "", item)) for item in items
        ):
            return False
    if (needed or (more and re.match(r"(?:we|i)\s", text, re.I))) and all(
        _is_plural_item(item) and not re.match(r"(?:a|an|one)\s", item, re.I)
        for item in _items(found["rest"])
    ):
        return False  # "we need the rooms and the bookings": things
    _read_field_list(draft, draft.current, found["rest"])
    return True


# "a book (title, author)" inside a sentence read no other way: a resource with its fields
_DESCRIBED_THING = re.compile(
    rf"\b(?:a|an|the|one|some)\s+(?P<thing>{_WORD}(?:\s+{_WORD})?)\s*\((?P<fields>[^()]*,[^()]*)\)",
    re.IGNORECASE,
)


def _read_described(draft: _Draft, match: re.Match[str]) -> str:
    """Reads the thing and its fields; what is left of the sentence (then judged by
    _check_unplaced: "we pick" says nothing more, "members pick" a link not understood)."""
    name = resource_name(match["thing"])
    if name is None:
        return match[0]
    draft.resource(name)
    _read_field_list(draft, name, match["fields"])
    return ""


_OPENING_WHERE = re.compile(
    # "marketplace where sellers list products", as a title is typed
    rf"^(?:(?:a|an|the|my|our)\s+)?(?P<thing>{_WORD}(?:\s+{_WORD}){{0,2}}?)\s*,?\s+"
    r"(?:where|in\s+which)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)


def _read_opening(draft: _Draft, text: str) -> bool:
    """'A task tracker with projects and tasks': the API's introduction, not a resource.

    Only the first statement, and only when every item is a plural noun or a resource with
    its fields ('books (title)'): "A book with a title" stays a resource.
    """
    where = _OPENING_WHERE.match(text)
    if where and not draft.resources and _title_name(where["thing"]):
        # "A blog where authors write posts": the title, then a statement of its own
        draft.name = draft.name or _title_name(where["thing"])
        draft.title = text
        _read_statement(draft, where["rest"], None)
        return True
    match = _OPENING.match(text)
    if draft.resources or match is None:
        return False
    thing = [to_snake(w) for w in match["thing"].split()]
    if any(w in vocab.API_WORDS for w in thing):
        return False  # "A library API with ..." is _read_intro's
    det = (match["det"] or "").lower()
    if re.fullmatch(r"has|have", match["verb"], re.I) and det in {"a", "an"}:
        return False  # "A customer has orders" describes a customer
    plural_thing = singular(thing[-1]) != thing[-1]
    if not det and (plural_thing or not re.fullmatch(r"with|of", match["verb"], re.I)):
        return False  # "Posts with comments and tags" describes posts
    items = _items(match["list"])
    if len(items) < 2 or not _lists_resources(items):
        return False
    draft.name = draft.name or _title_name(match["thing"])
    draft.title = text
    return _read_resource_list(draft, match["list"])


def _lists_resources(items: list[str]) -> bool:
    """Every item is a plural resource ('trainers (name)', 'classes with a title') or goes on
    with the fields of the one before: 'classes with a title' + 'a start time'."""
    described = False
    for item in items:
        # "a stage (lead, won)" after "deals with an amount" is one more field of the deals
        if described and _more_fields(item):
            continue
        if not _is_plural_item(item):
            return False
        parts = _item_parts(item)
        described = bool(parts and _describes_fields(parts))
    return True


def _describes_resources(items: list[str]) -> bool:
    """'books (title, isbn), members (name) and loans': plural things, some with fields."""
    return _lists_resources(items) and any(
        (parts := _item_parts(item)) and parts.fields for item in items
    )


_FIELD_MARK = re.compile(
    r"\((?:yes\s*/\s*no|y/n|true\s*/\s*false|optional|required|unique|"
    + "|".join(re.escape(word) for word in vocab.TYPE_WORDS)
    + r")\)$",
    re.IGNORECASE,
)


def _describes_fields(parts: _ItemParts) -> bool:
    """'waterings with a date', 'members, each with a first name': fields may follow."""
    return bool(parts.has or (parts.clause and re.match(rf"(?:{_HAS})\s", parts.clause, re.I)))


def _more_fields(item: str) -> bool:
    """After 'medicines with a name': 'a price', 'stock quantity' or 'requires prescription
    (yes/no)' is one more of their fields; 'patients (name)' another resource."""
    return bool(
        re.match(r"(?:a|an|the|its|their)\s", item, re.I)
        or _FIELD_MARK.search(item)
        or not _is_plural_item(re.sub(r"\s*\(.*", "", item))  # "email address (unique)"
        or infer_type(to_snake(item)) != "string"  # "max players", "free seats"
        or singular(to_snake(item)) == plural(to_snake(item))  # "species", "series"
    )


def _is_plural_item(item: str) -> bool:
    """'authors', 'books (title, isbn)', 'order items that belong to an order'; never
    'billable (default yes)' or 'notes (optional)', fields by what their parentheses say."""
    if _FIELD_MARK.search(item) or re.search(r"\(\s*(?:default|defaults?\s+to)\b", item, re.I):
        return False
    parts = _item_parts(item)
    if parts is None:
        return False
    words = to_snake(re.sub(r"\(.*", "", item)).split("_")
    return plural(parts.name).split("_")[-1] in words or parts.fields is not None


def _read_link(draft: _Draft, text: str) -> bool:
    """'A loan links a member to a book with a due date': the loan belongs to both."""
    match = _LINK_STATEMENT.match(text)
    if match is None:
        return False
    owner = _subject_resource(draft, match["subject"])
    if owner is None:
        return False
    if match["c"] and re.search(r"\bassigns?\s", text, re.IGNORECASE):
        # "A manager assigns a ticket to an agent": the ticket gets an agent; who assigns
        # is a person acting, not a record.
        item = _read_resource_item(draft, match["c"])
        target = _read_resource_item(draft, match["d"])
        if item is None or target is None:
            return False
        draft.add_edge(_Edge("belongs", item, target, required=False))
        return True
    draft.resource(owner)
    return _read_link_body(draft, owner, match)


def _read_link_body(draft: _Draft, owner: str, match: re.Match[str]) -> bool:
    ends = [match[g] for g in "abcdef" if match[g]]
    targets = [resource_name(end) for end in ends]
    if not all(targets):
        return False
    for end in ends:
        target = _read_resource_item(draft, end)
        assert target is not None
        draft.add_edge(_Edge("belongs", owner, target, name=_role(end, target)))
    draft.current = owner
    if match["fields"]:
        _read_field_list(draft, owner, match["fields"])
    return True


_PLACED_THINGS = re.compile(
    # "log supplies used on a job", "materials used per job"
    rf"^(?:(?:a|an|the)\s+)?(?P<things>{_WORD}(?:\s+{_WORD})?)\s+(?:for|on|of|in|at|against|per)\s+"
    rf"(?:(?:a|an|the|each|every|one)\s+)?(?P<target>{_WORD}(?:\s+{_WORD})?)$",
    re.IGNORECASE,
)


def _read_intro(draft: _Draft, text: str) -> bool:
    """'A library API with books, members and loans' / 'I want to manage books and authors'."""
    if _subject_of(text):
        return False  # "adopters submit an adoption application": a record, not the API
    words = [to_snake(w) for w in re.findall(_WORD, text, re.IGNORECASE)]
    # "software licenses (key)" are things, not the API: an API word right before a plural
    modifiers = {
        to_snake(m[1])
        for m in re.finditer(rf"\b({_WORD})(?=\s+({_WORD}))", text, re.IGNORECASE)
        if (after := to_snake(m[2])) and singular(after) != after
    }
    api_index = next(
        (
            i
            for i, w in enumerate(words)
            if (
                w in vocab.API_WORDS
                # "a small service for our caving club": what is built, for whom
                or (
                    w in {"service", "tool"}
                    and words[i + 1 : i + 3] in (["for", "our"], ["for", "my"])
                )
            )
            and w not in modifiers
            # "a permit belongs to one application": a record, not the API
            and not (i and words[i - 1] in {"one", "each", "every", "many", "several"})
        ),
        None,
    )
    lowered = text.lower()
    if draft.name is None and (who := _WHO_WE_ARE.search(text)):
        # "We're an estate agency in Manchester"
        draft.name = _title_name(who["name"] or who["trade"] or who["org"])
    if api_index is None:
        match = re.search(
            rf"^(?:i|we|you|users?|it|this|let's|please)?\s*(?:\w+\s+){{0,5}}?"
            # "I want to see members with their name": members, with their fields
            rf"(?:to\s+)?(?:see|view|browse|{_MANAGE.replace('|for|of|with', '')})\s+(?P<list>.+)$",
            lowered,
        )
        # "Track orders", never "Tracks have a title": the first word asks for it
        if match is None or not re.match(
            r"(?:i|we|our|my|manage|track|store|let|let's|please|build|create|want|need)\b",
            lowered,
        ):
            there = re.match(
                r"^(?:there\s+(?:are|is|will\s+be)|(?:we|i)(?:\s+have|\s+got|\s*'ve\s+got|\s+need))"
                r"\s+(?P<list>.+)$",
                lowered,
            )
            if there is None:
                # "We lend books (title, isbn), members (name) and loans": whatever the
                # verb, a list of things described by their fields names the resources
                there = re.match(r"^(?:we|i)\s+(?:\w+ly\s+)?[a-z]+\s+(?P<list>.+)$", lowered)
                if there is None or not _describes_resources(_items(there["list"])):
                    return False
            if _names_one_thing(there["list"]) and not draft.resources:
                # "I need a URL shortener": what to build, its title ("a todo list" alone
                # still gives tasks)
                draft.name = draft.name or _title_name(there["list"])
                draft.title = text
                draft.unplaced.append(text)
                return True
            match = there
        return _read_wanted(draft, text[match.start("list") :])
    api_word = re.compile(rf"\b{re.escape(words[api_index])}\b", re.IGNORECASE)
    found = api_word.search(text)
    assert found is not None
    before, after = text[: found.start()], text[found.end() :]
    if re.match(rf"\s*(?:{_BELONGS}|has|have)\s", after, re.IGNORECASE):
        return False  # "An application shall belong to one applicant": a record, not the API
    if draft.name is None:
        draft.name = _api_name_before(before)
    named = re.match(
        r"^\s*(?:for|of)\s+(?:a|an|the|my|our)\s+(?P<name>[a-z][a-z' -]*?)"
        r"(?=\s*[,:]|\s+[-\u2013]\s|\s+(?:with|that|which|where|to|managing|for|before|by|until)\b|\s*$)",
        after,
        re.IGNORECASE,
    )
    if named:
        words = [w for w in _name_words(named["name"]) if w.lower() not in vocab.API_NAME_FILLER]
        if draft.name is None and 1 <= len(words) <= 3:
            draft.name = to_snake(" ".join(words))
        after = after[named.end() :]
    if re.match(r"\s*(?::|[-\u2013]\s)", after):  # "Notes app: each note has a title"
        rest = after.strip()[1:].strip()
        kept = _kept_thing(named["name"]) if named else None
        if kept and not draft.resources and not _lists_resources(_items(rest)):
            # "crud api for my meteorite collection: name, mass in grams": the fields of
            # the one thing it keeps
            _read_field_list(draft, draft.resource(kept).name, rest)
            return True
        if _opens_with_things(_items(rest)):
            # "inventory api: warehouses, items with sku, quantity and price, and stock
            # movements": the things it holds, some with their fields
            return _read_resource_list(draft, rest)
        _read_statement(draft, rest, None)
        return True
    listed = re.match(
        rf"^\s*(?:that|which|to|in\s+order\s+to|for)?\s*(?:(?:can|should|must|will|shall|"
        rf"needs\s+to)\s+(?:be\s+able\s+to\s+)?)?(?:\w+ing\s+)?{_MANAGE}\s+(?P<list>.+)$",
        after,
        re.IGNORECASE,
    )
    if listed and _names_one_thing(listed["list"]):
        # "an API to manage a sheep and cattle farm": the place, not its records
        draft.name = draft.name or _title_name(_items(listed["list"])[-1])
        return True
    if listed:
        _read_wanted(draft, listed["list"])
        if len(items := _items(listed["list"])) == 1:
            draft.topic = (resource_name(re.sub(r"\s*\(.*", "", items[0])), items[0])
        return True
    if re.match(r"\s*(?:that|which)\s.+\b(?:use|call|consume|access)\s*$", after, re.I):
        return True  # "a REST API that the booking site and the ops team can both use"
    if named and re.match(r"\s*(?:that|which|who)\s", after, re.I):
        return True  # "for an exam centre that hosts certification exams": who it is for
    # "A library API where members borrow books": the rest is a statement of its own;
    # "The API should be fast" leaves a remark that _check_unplaced judges.
    rest = re.sub(
        r"^\s*(?:,|where|in\s+which|so\s+that|such\s+that|that\s+lets|which\s+lets|and)?\s*",
        "",
        after,
        flags=re.IGNORECASE,
    ).strip()
    if rest:
        _read_statement(draft, rest, None)
    return True


def _read_wanted(draft: _Draft, text: str) -> bool:
    """What someone wants to manage: 'books (title) and members', 'machines: number, kind',
    'supplies used on a job: product name', 'jobs for a client with a date'."""
    # "keep a list of our rooms with a name": the rooms
    wanted = re.sub(
        r"^(?:an?\s+)?(?:list|catalog(?:ue)?|record|database|register|log)\s+of\s+"
        r"(?:all\s+)?(?:(?:our|my|the|their)\s+)?",
        "",
        text,
        flags=re.I,
    )
    wanted = re.sub(
        r"^(?:all\s+)?(?:our|my|their|your)\s+", "", wanted, flags=re.I
    )  # "our pitches"
    items = _items(wanted)
    if any(singular(to_snake(i)).rpartition("_")[2] in vocab.FEATURE_WORDS for i in items):
        # "an API with good documentation and tests": beside a feature, tests are one too
        wanted = ", ".join(
            i for i in items if to_snake(i).rpartition("_")[2] not in vocab.FEATURE_COMPANIONS
        )
    labelled = re.match(r"^(?P<things>[^:()-]{1,40}?)\s*(?::|\s[-\u2013])\s*(?P<rest>.+)$", wanted)
    if labelled and (
        re.match(r"(?:each|every)\s", labelled["rest"], re.I)
        or re.fullmatch(r"(?:a|an|our|my)\s+[a-z]+(?:\s[a-z]+)?", labelled["things"], re.I)
    ):
        # "my board game collection - each game has a title", "to manage a gym: members
        # (name), trainers (name)": what it is, then its things
        draft.name = draft.name or _title_name(labelled["things"])
        _read_statement(draft, labelled["rest"], None)
        return True
    clause = labelled and re.match(
        r"^(?P<things>[a-z]+(?:\s[a-z]+)?)\s+(?:that|which|who)\s+(?P<rest>.+)$",
        labelled["things"],
        re.I,
    )
    if labelled and clause and _is_plural_item(clause["things"]):
        # "quilts that members are making: title": the quilts and their fields, then what
        # the clause says of them ("members are making quilts")
        _read_statement(draft, f"{clause['things']}: {labelled['rest']}", None)
        _read_statement(draft, f"{clause['rest']} {clause['things']}", None)
        return True
    if labelled and _is_plural_item(labelled["things"]):
        # "I want to track machines: machine number, kind": the machines' fields
        _read_statement(draft, f"{labelled['things']}: {labelled['rest']}", None)
        return True
    if labelled and _read_placed(draft, labelled["things"], labelled["rest"]):
        return True  # "log supplies used on a job: product name"
    # "create a docking for a ship in a dry dock, with an arrival date": dockings
    wanted = re.sub(
        r"^(?:a|an)\s+([a-z]+)(?=\s+(?:for|of|by|from|at|on|against|between)\s)",
        lambda m: plural(m[1]),
        wanted,
        flags=re.I,
    )
    record = _RECORD_FOR.match(wanted)
    if record and re.search(r"\swith\s", record["rest"]) and _read_record_for(draft, wanted):
        return True  # "I want to create jobs for a client with a date, a price"
    return _read_resource_list(draft, wanted)


def _read_placed(draft: _Draft, head: str, fields: str) -> bool:
    """'a game result for each booking: score', 'comments on patterns: body': things kept
    for another thing, and their fields."""
    placed = _PLACED_THINGS.match(_PARTICIPLE_BEFORE_LINK.sub("", head))
    name = placed and resource_name(placed["things"])
    if not (placed and name):
        return False
    draft.resource(name)
    target = singular(to_snake(placed["target"])).replace("_", " ")
    draft.mentions.append((name, f"a {target}", None))
    _read_field_list(draft, name, fields)
    return True


_WHO_WE_ARE = re.compile(
    r"\b(?:we'?re|we\s+are|i'?m|i\s+am|we\s+run|i\s+run)\s+(?:(?:a|an)\s+"
    r"(?P<name>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,4}?)(?=\s+(?:in|at|on|near|for|with|and|that|who|"
    r"which|based|located|where|from|every|each|once|twice|this|next)\b|\s*[,.;]|$)|"
    # "Hello, I am farrier and I want ...", as learners often write
    r"(?P<trade>[a-z]+(?:er|or|ist|ian))(?=\s+and\s+(?:i|we)\b|\s*[,.;])|"
    # "I'm the secretary of our magic society"
    r"the\s+[a-z]+\s+(?:of|at|for)\s+(?:our|the)\s+(?P<org>[a-z]+(?:\s+[a-z]+){0,3}?)"
    r"(?=\s+(?:and|in|at|who|that|which)\b|\s*[,.;]|$))",
    re.IGNORECASE,
)


def _api_title(text: str) -> str | None:
    """'An inventory API for a small shop' -> 'inventory'; None without an API word."""
    found = re.search(rf"\b(?:{'|'.join(vocab.API_WORDS)})\b", text, re.IGNORECASE)
    if found is None:
        return None
    # "I want an API for my band", "An API to manage a gym": nothing names it before, the
    # owner after does
    owner = re.match(
        r"\s+(?:for|to\s+[a-z]+)\s+(?:(?:a|an|my|our|the)\s+)?(?P<owner>[^,:;]+)",
        text[found.end() :],
        re.I,
    )
    return _api_name_before(text[: found.start()]) or (
        _title_name(owner["owner"]) if owner else None
    )


def _names_one_thing(text: str) -> bool:
    """'a sheep and cattle farm', 'our small bakery': singular things with an article."""
    items = _items(text)
    if len(items) == 1 and re.fullmatch(r"[a-z][\w ]*?(?:\s*\([^(),]*\))?", text.strip(), re.I):
        # "API for street lighting (council highways team)": one thing, and who it is for
        return not _is_plural_item(re.sub(r"\s*\(.*", "", text.strip()))
    return bool(re.match(r"(?:a|an|my|our)\s", text.strip(), re.I)) and not any(
        _is_plural_item(i) and not re.match(r"(?:a|an)\s", i, re.I) for i in items
    )


def _name_words(text: str) -> list[str]:
    """The words of an API name: "our hospital's nurse rota" names the rota, "our library's
    API" the library."""
    words = re.findall(_WORD, text, re.IGNORECASE)
    owner = re.compile(r"'s$", re.IGNORECASE)
    return [w for w in words[:-1] if not owner.search(w)] + [owner.sub("", w) for w in words[-1:]]


def _api_name_before(before: str) -> str | None:
    words = [to_snake(w) for w in _name_words(before)]
    # Only the words right before "API", after the last verb/article: "build a todo API".
    name_words: list[str] = []
    for word in reversed(words):
        if word in vocab.API_NAME_FILLER or word in vocab.STOP_WORDS:
            break
        name_words.insert(0, word)
    name_words = [w for w in name_words if w not in vocab.API_NAME_FILLER][-3:]
    return "_".join(name_words) or None


def _opens_with_things(items: list[str]) -> bool:
    """'warehouses, items with sku, quantity and price': a list of things, the first bare."""
    first = re.sub(r"\s*\(.*|\s+with\s.*", "", items[0]) if items else ""
    return (
        len(items) >= 2
        and re.fullmatch(r"[a-z]+(?:\s[a-z]+)?", first, re.I) is not None
        and _is_plural_item(first)
    )


def _read_resource_list(draft: _Draft, text: str) -> bool:
    """'books (title, author), members and loans' -> three resources."""
    text = (
        re.sub(
            # "the following entities:", "Resources:"; not "tables (number, seats)"
            rf"^(?:the\s+)?(?:following\s*)?(?:(?:\w+\s+)?(?:{'|'.join(vocab.RESOURCE_LIST_WORDS)})"
            r"\b(?=\s*:|\s+(?:are|is)\b|$)(?:\s+(?:are|is))?)?\s*:?\s*",
            "",
            text.strip(),
            flags=re.IGNORECASE,
        )
        or text
    )
    found = False
    described: str | None = None  # the last item with fields: "waterings with a date"
    for item in _items(text):
        if described and _more_fields(item):
            _read_field_list(draft, described, item)  # "... and an amount in ml"
            continue
        name = _read_resource_item(draft, item, listed=True)
        if name is None:
            draft.unplaced.append(item)
        else:
            found = True
            parts = _item_parts(item)
            linking = _links_things(item)
            # "... between a patient and a doctor with a start time and notes"
            with_fields = (parts and _describes_fields(parts)) or (linking and linking["fields"])
            described = name if with_fields else None
    return found


@dataclass(frozen=True)
class _ItemParts:
    """'loans (due date) with a fee that belong to a member', taken apart."""

    name: str
    fields: str | None  # "due date"
    has: str | None  # "a fee"
    clause: str | None  # "belong to a member"


_PLACED_ITEM = re.compile(
    rf"^(?P<head>[^()]+\([^()]*\))\s+(?:for|at|of|in|on)\s+(?P<target>(?:a|an|one)\s+{_WORD})$",
    re.IGNORECASE,
)
# "tunings for a piano (date, price)": the fields said after the thing they are for
_PLACED_BEFORE_FIELDS = re.compile(
    rf"^(?P<head>{_WORD}(?:\s+{_WORD})?)\s+(?:for|at|of|in|on)\s+(?P<target>(?:a|an|one)\s+{_WORD})"
    r"\s*(?P<fields>\([^()]*\))$",
    re.IGNORECASE,
)


def _item_parts(item: str) -> _ItemParts | None:
    """What a resource item says; None when its head is not a resource name."""
    clause = None
    relative = _RELATIVE_ITEM.match(item)
    before = _PLACED_BEFORE_FIELDS.match(item)
    if before and _is_plural_item(before["head"]):
        item = f"{before['head']} {before['fields']} for {before['target']}"
    placed = _PLACED_ITEM.match(item)
    if relative:
        item, clause = relative["head"], relative["clause"] or relative["passive"]
    elif placed:  # "applications (position) for a company": each belongs to one
        item, clause = placed["head"], f"belongs to {placed['target']}"
    inner = _PAREN_HEADER.match(item)
    head = inner["head"] if inner else item
    with_fields = re.match(rf"^(?P<head>.+?)\s+(?:{_HAS})\s+(?P<rest>.+)$", head, re.I)
    name = resource_name(with_fields["head"] if with_fields else head)
    if name is None:
        return None
    if inner and with_fields:  # "rooms with a name (unique)": the name's parentheses
        return _ItemParts(name, None, f"{with_fields['rest']} ({inner['rest']})", clause)
    return _ItemParts(
        name,
        inner["rest"] if inner else None,
        with_fields["rest"] if with_fields else None,
        clause,
    )


def _links_things(item: str) -> re.Match[str] | None:
    """'appointments between a patient and a doctor with a start time', 'bookings linking
    members to classes': records between two things, named in a list."""
    linking = _LINK_STATEMENT.match(item)
    return linking if linking and _is_plural_item(linking["subject"]) else None


def _read_resource_item(draft: _Draft, item: str, listed: bool = False) -> str | None:
    """Read one resource item of a list; its name, or None when it is not one. Listed
    beside the others, it names a thing of its own: "notebooks and notes" are two."""
    linking = _links_things(item)
    if linking and _read_link(draft, item):
        return resource_name(linking["subject"])
    parts = _item_parts(item)
    if parts is None:
        return None
    if parts.fields is None and not listed:
        # "lots of locos" of the locomotives, "each package has a name"
        said = parts.name.replace("_", " ") if parts.has else item
        parts = replace(parts, name=_shortened(draft, said, parts.name) or parts.name)
    draft.resource(parts.name)
    for text in (parts.fields, parts.has):
        if text:
            _read_field_list(draft, parts.name, text)
    # "orders placed by customers, each with a product": "each" is about the orders.
    for clause in re.split(_EACH_CLAUSE, parts.clause or ""):
        if clause:
            _read_clause(draft, parts.name, clause)
    return parts.name


_EACH_CLAUSE = re.compile(rf"\s*,?\s+each(?:\s+one)?\s+(?={_CLAUSE})", re.IGNORECASE)


def _read_clause(draft: _Draft, owner: str, clause: str) -> None:
    """A relative clause about `owner`: 'that belong to a book', 'who borrow books'."""
    action = re.match(rf"^{_ACTION}\s+(?P<object>.+)$", clause, re.IGNORECASE)
    if action is None or not _read_objects(draft, owner, action["action"], action["object"]):
        _read_field_list(draft, owner, clause)
    draft.current = owner


def _read_bare_list(draft: _Draft, text: str) -> bool:
    """'movies (title, year), actors (name) and reviews (score)': a list of resources.

    Also one or more resources with relative clauses: 'Loans that belong to a member'.
    """
    if re.match(r"(?:each|every)\s", text, re.I) or re.match(r"[^:()]{1,60}:\s", text):
        # "each item is for a medicine": about one of them; "Grants: reference": a header
        return False
    pair = _SUBJECT_VERB.match(text)
    if pair and re.fullmatch(
        r"[a-z]+(?:\s[a-z]+)?\s+and\s+[a-z]+(?:\s[a-z]+)?", pair["subject"], re.I
    ):
        return False  # "threads and replies are written by users": both of them are
    items = _items(text)
    parts = [_item_parts(i) for i in items if not _links_things(i)]
    # Items with "has" ("an order has many items, each with ...") are has-statements;
    # a plain plural among described ones is one more resource ("... and appointments").
    if not items or not all(p and not p.has for p in parts):
        return False
    # "..., and appointments between a patient and a doctor": described by what they link
    described = [p for p in parts if p and (p.fields or p.clause)] + [
        i for i in items if _links_things(i)
    ]
    # "Members, machines and bookings.": a sentence that only names things
    named = len(items) > 1 and all(
        re.fullmatch(r"[a-z]+(?:\s[a-z]+)?", i, re.I)
        and _is_plural_item(i)
        and singular(to_snake(i)).split("_")[-1] not in vocab.FEATURE_WORDS
        for i in items
    )
    if not (described or named) or (len(described) < len(parts) and not _lists_resources(items)):
        return False
    return _read_resource_list(draft, text)


def _read_header(draft: _Draft, text: str) -> bool:
    """'Owners: first name, last name' / 'Book (title, author)'."""
    parenthesised = _PAREN_HEADER.match(text)
    if parenthesised and resource_name(parenthesised["head"]):
        name = resource_name(parenthesised["head"])
        assert name is not None
        draft.resource(name)
        _read_field_list(draft, name, parenthesised["rest"])
        return True
    match = _HEADER.match(text)
    if match is None:
        return False
    if _QUALITY_REMARK.match(match["rest"]):
        return True  # "Tom: must be fast on tablets in the field": who wants what of the API
    head = match["head"].strip()
    if match["rest"].strip() and _subject_of(head):
        # "users can review movies: a review has a rating": the act, then what it makes
        _read_statement(draft, head, None)
        _read_statement(draft, match["rest"], None)
        return True
    head_word = to_snake(head)
    if not match["rest"].strip() and names_the_api(head):
        # "# Project tracker" over the things it keeps: the title, never a resource
        draft.name = draft.name or _api_title(head) or _title_name(head)
        return True
    if not match["rest"].strip() and not draft.resources and not _is_plural_item(head):
        # "Car rental:" over bullets that describe cars and customers: the title, unless
        # the bullets are its own fields
        draft.topic = (resource_name(head), head)
    inner = _SUBJECT_VERB.match(match["rest"])
    items = _items(match["rest"])
    # "Shop: products with a name, and orders that belong to a customer" lists two things
    # described on their own ("tickets with a subject and comments" stays one)
    described_later = any(
        (parts := _item_parts(i)) and (parts.fields or parts.has or parts.clause)
        for i in items[1:]
        if _is_plural_item(i) and not re.match(r"(?:a|an|the)\s", i, re.I)
    )
    if (
        inner
        and resource_name(inner["subject"])
        and re.fullmatch(_HAS, inner["verb"], re.I)
        # "Buildings: name, has a lift (yes/no)" lists fields
        and not match["rest"][inner.end("subject") :].lstrip().startswith(",")
        and not (described_later and _lists_resources(items))
    ):
        # "Helpdesk: tickets with a subject": the header names the API, not a resource.
        draft.name = draft.name or _title_name(head) or _api_title(head)
        return _read_subject_verb(draft, match["rest"])
    if head_word in vocab.FIELDS_LABELS and draft.current:
        # "An application belongs to an applicant. Fields: submitted at, status"
        _read_field_list(draft, draft.current, match["rest"])
        return True
    labelled, _, label = head_word.rpartition("_")
    owner = resource_name(labelled.replace("_", " ")) if label in vocab.FIELDS_LABELS else None
    if owner is not None:  # "employee fields: first name, last name"
        draft.resource(owner)
        _read_field_list(draft, owner, match["rest"])
        return True
    if head_word in vocab.SKIPPED_SECTIONS:
        return True  # "Later: SMS notifications when a repair is done"
    if head_word in vocab.STATEMENT_HEADERS:  # "relations: every order is placed by a client"
        _read_statement(draft, match["rest"], None)
        return True
    pieces = _items(match["rest"])
    listed_fields = sum(len(p.split()) <= 4 for p in pieces) >= 3
    if head_word in vocab.META_HEADERS and not listed_fields:
        if not draft.resources:  # "REQUIREMENTS - Street Trading Permits": the title
            draft.name = draft.name or _title_name(match["rest"])
        return True  # a remark ("Context: ...", unless it lists fields, as an archaeologist's)
    if head_word in vocab.NAME_LABELS and re.fullmatch(r"(?:[A-Z][\w-]*\s*){1,5}", match["rest"]):
        draft.name = draft.name or to_snake(match["rest"])  # "Project: Clinical Trial Manager"
        return True
    # "Entities: User, Post" or "just one table:" above its list; "Routes: name, distance"
    # are a route's fields
    things_listed = not items or any(
        i[:1].isupper() or _is_plural_item(re.sub(r"\s*\(.*", "", i)) for i in items
    )
    if things_listed and (
        head_word in vocab.RESOURCE_LIST_WORDS
        # "Agreed data model:", "Two tables:"; never "HouseModel:" (a house model)
        or (
            head_word.endswith(tuple(f"_{w}" for w in vocab.RESOURCE_LIST_WORDS))
            and resource_name(head) != head_word
        )
    ):
        # "An API for my stargazing hobby, just one thing: observations", "Angling
        # association, just one table for now:"
        titled = _title_name(head.split(",")[0]) if "," in head else None
        draft.name = draft.name or _api_title(head) or titled
        return _read_resource_list(draft, match["rest"])
    # "Helpdesk: agents (name), customers and tickets" / "Online courses: instructors
    # create courses": a list of things or an action after the header; it names the API.
    # "Library: books, members" names the API; "Post: tags, comments" describes a post
    record = resource_name(head) in vocab.DEFAULT_FIELDS and singular(head_word) == head_word
    # "Inventory: Items (name, sku)" too: one resource with its fields after a title
    one = _PAREN_HEADER.match(items[0]) if len(items) == 1 else None
    last_word = to_snake(one["head"]).split("_")[-1] if one else ""
    described = (
        one is not None
        and len(one["head"].split()) <= 2
        and singular(last_word) != last_word
        and not _ACTION_STATEMENT.match(match["rest"])
        and singular(head_word.split("_")[-1])
        == head_word.split("_")[-1]  # not "Gadgets: tags (..)"
    )
    # "Simple inventory: warehouses, items with a sku, quantity and price": a title
    collection = head_word.rpartition("_")[2] in vocab.COLLECTION_WORDS
    listed = (
        (len(items) >= 2 and _lists_resources(items))
        or described
        or (collection and _opens_with_things(items))
    ) and not (record or _subject_of(items[0]))  # never "customers open tickets, ..."
    if listed or _ACTION_STATEMENT.match(match["rest"]):
        title = draft.name or _title_name(head) or _api_title(head)
        if listed and _read_resource_list(draft, match["rest"]):
            draft.name = title
            return True
        if not listed and _read_action(draft, match["rest"]):
            draft.name = title
            return True
    with_fields = re.match(rf"^(?P<head>.+?)\s+(?:{_HAS})\s*(?P<rest>.*)$", head, re.I)
    name = resource_name(with_fields["head"] if with_fields else head)
    if name is None:
        return False
    draft.resource(name)
    first = with_fields["rest"] if with_fields else ""
    if re.sub(rf"\b(?:{'|'.join(vocab.FIELD_LIST_INTRO)})\b", "", first, flags=re.I).strip():
        # "Reservations have a status: pending or cancelled" describes the status
        _read_field_list(draft, name, f"{first}: {match['rest']}")
    else:
        _read_field_list(draft, name, match["rest"])
    return True


def _read_action(draft: _Draft, text: str) -> bool:
    """'Customers place orders', 'members can borrow books', 'students enroll in courses'."""
    match = _ACTION_STATEMENT.match(text)
    if match and re.match(rf"(?:{_HAS})\b", text[match.end("subject") :].strip(), re.I):
        return False  # "Time entries record the hours and the date" lists their fields
    if match and re.fullmatch(r"each|every", match["subject"], re.I):
        return False  # "each log records the date": a log, not the act of logging
    if match and re.match(
        r"(?:give|let|allow|help|provide|build|create|make)\s", match["subject"], re.I
    ):
        return False  # "Give depot technicians one place to log scooters": a goal, not a record
    if (
        match
        and _subject_resource(draft, f"{match['subject']} {match['action']}") in draft.resources
    ):
        return False  # "Each site visit uses one van": a site visit, not a site that visits
    # "sellers post listings, buyers place orders" / "customers place orders and write
    # reviews": two statements, not two objects
    pieces = _split_list(text)
    later = next(
        (i for i, p in enumerate(pieces) if i and (_has_subject(p) or _verb_phrase(p))), None
    )
    if match is not None and later is not None:
        cut = _piece_start(text, pieces, later)
        head = re.sub(r"[\s,]*(?:and\s*)?$", "", text[:cut])
        tail = text[cut:] if _has_subject(pieces[later]) else f"{match['subject']} {text[cut:]}"
        if _read_action(draft, head):
            _read_statement(draft, tail, None)
            return True
        return False
    if match is None or _object_items(_cut_objects(draft, match["object"])[0]) is None:
        return False
    subject = _subject_resource(draft, match["subject"])
    if subject is None and _item_parts(match["subject"]) is not None:  # "Members (name) borrow"
        subject = _read_resource_item(draft, match["subject"])
    if subject is None:
        return False
    if match["subject"].lower() in {"people", "someone", "anyone", "everyone"}:
        # "People send adoption applications": anyone, a resource only if described
        draft.story_roles.add(subject)
    return _read_objects(draft, subject, match["action"], match["object"])


def _verb_phrase(text: str) -> bool:
    """'write reviews': an action without its subject."""
    match = re.match(rf"^{_ACTION}\s+(?P<object>.+)$", text, re.IGNORECASE)
    return match is not None and _are_objects(match["object"])


def _has_subject(statement: str) -> bool:
    """After an action, a statement of its own: 'buyers place orders', 'a booking links one
    member to one class'."""
    passive = re.match(
        r"(?P<things>[a-z]+)(?:\s*\([^()]*\))?\s+(?:are|get)\s+[a-z]+ed\s+(?:to|by|for|[a-z]+s$)",
        statement,
        re.I,
    )
    return (
        _subject_of(statement)
        or _LINK_STATEMENT.match(statement) is not None
        or re.match(_ONE_DOES_EACH, statement, re.I) is not None
        # "agents are assigned to tickets"
        or (passive is not None and _is_plural_item(passive["things"]))
    )


def _subject_of(statement: str) -> bool:
    """Does an action statement open with a plural subject ('buyers place orders')?"""
    match = _ACTION_STATEMENT.match(statement)
    if match is None:
        return False
    return _is_plural_item(match["subject"]) and _are_objects(match["object"])


def _are_objects(objects: str) -> bool:
    """'reviews with a rating', 'viewings of properties': the objects of an action."""
    head = _cut(objects)[0]
    of = re.match(rf"^(?P<head>{_WORD}(?:\s+{_WORD})?)\s+of\s+\S", head, re.I)
    return _object_items(head) is not None or (
        of is not None and _object_items(of["head"]) is not None
    )


_QUANTIFIER = re.compile(
    rf"^(?:(?:{MANY}|(?:up\s+to|at\s+most|at\s+least|no\s+more\s+than)?\s*\d+|"
    rf"one\s+or\s+more|a|an|the|one)\s+)+",
    re.IGNORECASE,
)


def _cut_objects(draft: _Draft, text: str) -> tuple[str, str]:
    """Objects and what follows: 'reviews of books with a rating' -> ('reviews', 'books with
    a rating'): the books (a resource) are what the reviews are for."""
    head, remainder = _cut(text)
    of = re.match(
        rf"^(?P<head>{_WORD}(?:\s+{_WORD})?)\s+(?P<how>of|to)\s+(?P<rest>.+)$", head, re.I
    )
    counted = re.match(rf"(?:{MANY})\s", head, re.I)  # "lots of locos" are locos
    # "donations to campaigns": to things, named here first or not
    to = of is not None and of["how"].lower() == "to"
    if of and not counted and _mentioned_resource(draft, of["rest"], new=to):
        return of["head"], f"{of['rest']} with {remainder}" if remainder else of["rest"]
    return head, remainder


def _read_objects(draft: _Draft, subject: str, action: str, text: str) -> bool:
    """The objects of an action ('many books (title) and magazines'); False if not resources."""
    head, remainder = _cut_objects(draft, text)
    items = _object_items(head)
    if items is None:
        return False
    verb = _VERB_OF_FORM[action.lower()]
    draft.resource(subject)
    for written, item in zip(_items(head), items, strict=True):
        target = _read_resource_item(draft, item)
        assert target is not None
        if _EXACTLY_ONE.match(written):  # "each job uses one vehicle": it holds the key
            draft.add_edge(_Edge("belongs", subject, target))
        elif _SOME.match(written) and verb in vocab.MEMBER_VERBS:
            # "an investigator can work at many sites" (one who works somewhere: one site)
            draft.add_edge(_Edge("many_to_many", subject, target))
        else:
            draft.actions.append(_Action(subject, verb, target, _SOME.match(written) is not None))
        if verb == "rate" and re.fullmatch(r"\d+\s*(?:to|-)\s*\d+", remainder):
            # "users rate recipes from 1 to 5": the rating's score, never the recipe's
            _add_field_item(draft, vocab.ASSOCIATION_VERBS[verb][0], f"score from {remainder}")
        elif each := re.match(r"^(?P<link>.+?),?\s+each\s+with\s+(?P<fields>.+)$", remainder, re.I):
            # "leave reviews on films, each with a score": the films, and the reviews' score
            draft.mentions.append((target, each["link"], None))
            _read_field_list(draft, target, each["fields"])
        elif (record := _act_record(draft, verb, remainder)) is not None:
            # "a customer rents a car from a pickup date to a return date": the rental's
            _read_field_list(draft, record, _FROM_TO.sub(r"\g<start>, \g<end>", remainder))
        elif remainder:
            draft.mentions.append((target, remainder, None))
    draft.current = subject
    return True


# "from a pickup date to a return date": two fields
_FROM_TO = re.compile(
    r"^(?:from\s+)?(?P<start>(?:(?:a|an|the)\s+)?[a-z]+(?:\s[a-z]+)?)\s+(?:to|until|till)\s+"
    r"(?P<end>(?:(?:a|an|the)\s+)?[a-z]+(?:\s[a-z]+)?)(?=\s*,|$)",
    re.IGNORECASE,
)


def _act_record(draft: _Draft, verb: str, said: str) -> str | None:
    """The record of an act that what follows it describes: 'rents a car with a pickup
    date' describes the rental (the one the prompt names, else the usual one); None when
    what follows names a resource or no record keeps such acts."""
    records = vocab.ASSOCIATION_VERBS.get(verb, ())
    if not said or not records:
        return None
    items = [
        re.sub(r"^with\s+", "", i, flags=re.I)
        for i in _items(_FROM_TO.sub(r"\g<start>, \g<end>", said))
    ]
    if not all(_more_fields(i) and not _mentioned_resource(draft, i, new=True) for i in items):
        return None
    record = next((r for r in records if r in draft.resources), records[0])
    return draft.resource(record).name


def _object_items(text: str) -> list[str] | None:
    items = [_QUANTIFIER.sub("", item) for item in _items(text)]
    return items if items and all(_item_parts(item) for item in items) else None


# "is operated by one aircraft", "hangs in exactly one gallery", "are tagged with topics",
# "can sign up for many shifts": a verb the vocabulary does not know, linking to resources
# the prompt already described. One ("a", "one", "exactly one") is a many-to-one; many
# ("many", a bare plural) is a many-to-many, since an unknown verb says nothing of who owns.
_VERB_LINK = re.compile(
    r"^(?:(?:can|may|must|will|should|could|also)\s+)*(?P<passive>(?:is|are|be|gets?)\s+)?"
    r"(?P<verb>[a-z]+)(?:\s+(?:up|on|off|out|in|down|over|back|away))?(?:\s+(?P<prep>by|in|from|at|on|to|for|against|with|into|"
    r"under|within|inside|onto|after|over|during))?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_LINK_TARGET_CUT = re.compile(r"\s+(?:by|in|from|at|on|to|for|against|with|into|during)\s+", re.I)
_ONE = re.compile(r"^(?:(?:a|an|the|one|exactly\s+one|only\s+one|a\s+single)\s+)", re.I)
_EXACTLY_ONE = re.compile(r"^(?:(?:exactly|only)\s+one|one|a\s+single)\s", re.I)
_SOME = re.compile(rf"^(?:(?:{MANY})\s+)", re.I)


def _makes(verb: str, target: str) -> bool:
    """Does doing `verb` to many targets make them the doer's ('a supplier makes many
    cheeses', 'a teacher teaches many courses'), not share them ('teaches many styles')?"""
    return verb in vocab.MAKING_VERBS or (verb == "teach" and target in vocab.TAUGHT)


def _verb_links(draft: _Draft, owner: str, clause: str) -> list[_Edge] | None:
    """The links a verb clause makes to known resources; None when it is not one."""
    # "a station can be on many routes": it appears on them
    clause = re.sub(
        rf"^((?:can|may)\s+)?be\s+(on|in|at|part\s+of)\s+(?=(?:{MANY})\s)",
        r"\1appear \2 ",
        clause,
        flags=re.I,
    )
    match = _VERB_LINK.match(clause)
    verb = match["verb"].lower() if match else ""
    if match is None:
        return None
    counted = _SOME.match(match["rest"]) or _EXACTLY_ONE.match(match["rest"])
    if verb in vocab.NOT_LINK_VERBS and not counted:  # "used on many services" links
        return None
    # "divers do many trips": "do" with a count takes part in them
    doing = verb in {"do", "does", "did"} and _SOME.match(match["rest"]) is not None
    if verb in vocab.STOP_WORDS and not doing:
        return None
    if resource_name(verb) in draft.resources:  # "(written by) users on posts"
        return None
    links: list[_Edge] = []
    for part in _LINK_TARGET_CUT.split(match["rest"]):
        one, some = _ONE.match(part), _SOME.match(part)
        count = one or some
        bare = part[count.end() :] if count else part
        target = _shortened(draft, bare, resource_name(bare))
        # "posts can carry many tags", "each film is directed by one director": new things
        named = (some and _is_plural_item(bare)) or (one and (match["prep"] or "").lower() == "by")
        if target is not None and named and target not in draft.resources:
            target = draft.resource(target).name
        if target is None or target not in draft.resources:
            return None
        if one:
            links.append(_Edge("belongs", owner, target))
        elif some and _makes(_VERB_OF_FORM.get(verb, verb), target):
            # "can bring many garments", "a supplier makes many cheeses": theirs
            links.append(_Edge("has_many", owner, target))
        elif some or plural(target).split("_")[-1] == to_snake(bare).split("_")[-1]:
            links.append(_Edge("many_to_many", owner, target, implied=some is None))
        else:
            return None
    # Without a preposition only a count makes it a link: "features many artworks".
    if match["prep"] is None and not (_ONE.match(match["rest"]) or _SOME.match(match["rest"])):
        return None
    return links


# "Rentals for a car by a customer with a start date", "Tickets (seat) for an event
# bought by a customer": records described by what they are for, without a verb.
_RECORD_FOR = re.compile(
    rf"^(?P<head>{_WORD}(?:\s+{_WORD}){{0,2}}?(?:\s*\([^()]*\))?)\s+"
    r"(?:for|of|by|from|at|with|on|against|between)\s+(?=(?:a|an|the|one)\s|[a-z]+s\s+with\s)(?P<rest>.+)$",
    re.IGNORECASE,
)


def _read_record_for(draft: _Draft, text: str) -> bool:
    match = _RECORD_FOR.match(text)
    if match is None or not _is_plural_item(match["head"]):
        return False
    if not draft.resources and re.match(r"the\s", match["rest"], re.I):
        # "Beach hut rentals for the seafront" above the resources: the title
        draft.name = draft.name or _title_name(match["head"])
        draft.title = text
        return True
    if re.search(r"\s(?:has|have|is|are)\s", match["rest"], re.I) and _SUBJECT_VERB.match(text):
        return False  # "Members of the company have a name": a statement about members
    if re.match(r"(?:a|an|each|every|one|the)\s", match["head"], re.I):
        return False  # "A flight departs from ...": a singular subject and its verb
    if re.search(rf"\s(?:{_HAS})\s", match["head"], re.I):
        return False  # "orders contain products with a quantity": what they hold
    owner = _read_resource_item(draft, match["head"])
    if owner is None:
        return False
    draft.mentions.append((owner, _PARTICIPLE_BEFORE_LINK.sub("", match["rest"]), None))
    return True


def _read_verb_link(draft: _Draft, text: str) -> bool:
    """'Each flight is operated by one aircraft', 'an exhibition features many artworks'."""
    words = text.split()
    start = 1 if words and words[0].lower() in {"a", "an", "the", "each", "every"} else 0
    ends = range(start + 1, min(start + MAX_RESOURCE_WORDS, len(words) - 1) + 1)
    # "Each site visit uses one van": the longest known subject, never "site" that visits
    known = [
        end
        for end in ends
        if _subject_resource(draft, " ".join(words[start:end])) in draft.resources
    ]
    for end in known[-1:] or ends:
        subject = " ".join(words[start:end])
        # "A provider can deliver many standards" of the training providers
        owner = (
            None
            if _at_large(draft, subject)
            else _shortened(draft, subject, resource_name(subject))
        )
        clause = " ".join(words[end:])
        if re.match(rf"^(?:{_BELONGS}|{_HAS})\s", clause, re.I):
            return False  # "A booking belongs to a room" is a has/belongs statement
        first = _items(clause)[:1]
        if owner is not None and first and _verb_links(draft, owner, first[0]):
            draft.resource(owner)
            _read_field_list(draft, owner, clause)
            return True
    return False


_DESCRIBED_SUBJECT = re.compile(
    rf"^(?P<subject>{_WORD}(?:\s+{_WORD}){{0,2}}\s*\([^()]*\))\s+(?P<rest>.+)$", re.IGNORECASE
)


def _read_subject_verb(draft: _Draft, text: str) -> bool:
    described = _DESCRIBED_SUBJECT.match(text)
    if described and _SUBJECT_VERB.match(f"it {described['rest']}"):
        # "shows (title, host name) have many episodes": the fields, then the statement
        owner = _read_resource_item(draft, described["subject"])
        if owner is not None:
            return _read_subject_verb(draft, f"it {described['rest']}")
    match = _SUBJECT_VERB.match(text)
    if match is None:
        return False
    subject, verb, rest = match["subject"], match["verb"].lower(), match["rest"]
    pair = re.fullmatch(
        r"(?P<one>[a-z]+(?:\s[a-z]+)?)\s+and\s+(?P<other>[a-z]+(?:\s[a-z]+)?)", subject, re.I
    )
    if (
        pair
        and (
            re.match(rf"(?:{_HAS})\s", f"{verb} {rest}", re.IGNORECASE)  # "need a name"
            or verb == "belong"
            or _PASSIVE_LINK.match(re.sub(r"^are\s+", "", f"{verb} {rest}")) is not None
        )
        and all(
            _is_plural_item(pair[part]) and resource_name(pair[part]) for part in ("one", "other")
        )
    ):
        # "directors and actors have a name", "threads and replies are written by users":
        # each of them (both are read)
        read = [
            _read_subject_verb(draft, f"{pair[part]} {verb} {rest}") for part in ("one", "other")
        ]
        return all(read)
    if re.fullmatch(_BE, verb, re.IGNORECASE):
        return _read_be_statement(draft, subject, verb, rest)
    owner = _subject_resource(draft, subject)
    if owner is None:
        return False
    business = (
        re.match(r"(?:the|our)\s", subject, re.IGNORECASE)
        and owner not in draft.resources
        and (draft.name or "").endswith(f"_{owner}")
    )
    if business and re.fullmatch(_HAS, verb, re.IGNORECASE):
        # "the clinic have exercises with name" in an API for a clinic: what it keeps
        return _read_intro(draft, f"we have {rest}")
    draft.resource(owner)
    # the verb says how: "belongs to a user", "can include many dogs" (shared)
    keep_verb = re.fullmatch(_BELONGS, verb, re.IGNORECASE) or "includ" in verb
    _read_field_list(draft, owner, f"{verb} {rest}" if keep_verb else rest)
    return True


_PASSIVE_LINK = re.compile(
    rf"^{_PARTICIPLE}(?:\s+(?:out|up|off))?\s+(?:for|to|at|in|on|by|against|under|from)\s+"
    r"(?P<rest>(?:(?:a|an|the|one|each)\s)?.+)$",
    re.IGNORECASE,
)


def _read_be_statement(draft: _Draft, subject: str, verb: str, rest: str) -> bool:
    """'email must be unique', 'the price of a book is a decimal', 'a user's name is required'."""
    both = re.fullmatch(r"(?P<one>[\w ]+?)\s+and\s+(?P<other>[\w ]+)", subject)
    if both and all(_known_field(draft, to_snake(both[part])) for part in ("one", "other")):
        # "sku and batch_code are unique": each of them
        _read_be_statement(draft, both["one"], verb, rest)
        return _read_be_statement(draft, both["other"], verb, rest)
    owner = _subject_resource(draft, subject)
    links = owner in draft.resources and _verb_links(draft, owner or "", f"{verb} {rest}")
    if links:  # "a carriage is used on many services"
        for link in links:
            draft.add_edge(link)
        return True
    done = _PASSIVE_LINK.match(rest)
    if done and verb in {"is", "are"} and _is_plural_item(subject):
        # "Adverse events are reported for a visit with a severity": records of a visit
        owner = resource_name(subject)
        if owner is not None:
            draft.resource(owner)
            draft.mentions.append((owner, done["rest"], None))
            return True
    able = re.match(r"able\s+to\s+(?P<rest>.+)$", rest, re.IGNORECASE)
    if able:  # "users should be able to create playlists": an action, never a field
        return _read_action(draft, f"{subject} {able['rest']}")
    if _MANY_TO_MANY.search(rest):
        names = [resource_name(p) for p in re.split(r"\s+and\s+", subject)]
        if len(names) == 2 and names[0] and names[1]:
            draft.resource(names[0])
            draft.resource(names[1])
            draft.add_edge(_Edge("many_to_many", names[0], names[1]))
            return True
    other = re.match(r"^(?:the\s+)?(?:other|possible|allowed|valid)\s+(\w+)$", subject, re.I)
    if other and _known_field(draft, singular(to_snake(other[1]))) and verb in {"is", "are"}:
        # "a status that defaults to submitted; the other statuses are approved and paid"
        values = enum_values(re.split(r"\s*(?:,|/|\bor\b|\band\b)\s*", rest))
        draft.field_updates.append(
            (None, FieldDraft(name=singular(to_snake(other[1])), phrase=rest, enum=values))
        )
        return True
    resource, field_text = _field_subject(draft, subject)
    if resource is not None and field_text is None:
        return False  # "a loan is a record of ..." - nothing we can model
    try:
        update = parse_field(f"{field_text or subject} {verb} {rest}")
    except UnplacedPhrase:
        return False
    if update is None or update.name.rpartition("_")[2] in vocab.FEATURE_WORDS:
        return False  # "sqlite is fine for now": about the stack
    if resource is None and not _known_field(draft, update.name):
        if _names_things(update.name):
            return False  # "Grades are given to a student": things, not a field of anything
        if update.bare:
            return False  # "The budget is fixed": says nothing a field could hold
    draft.field_updates.append((resource, update))
    return True


def _read_field_statement(draft: _Draft, text: str) -> bool:
    """A field phrase on its own: 'rating between 1 and 5' about a field seen before."""
    try:
        update = parse_field(text)
    except UnplacedPhrase:
        return False
    if update is None or update.bare or not _known_field(draft, update.name):
        return False
    draft.field_updates.append((None, update))
    return True


def _known_field(draft: _Draft, name: str) -> bool:
    return any(name in r.fields for r in draft.resources.values())


def _field_subject(draft: _Draft, subject: str) -> tuple[str | None, str | None]:
    """'a user's email' -> (user, email); 'the price of a book' -> (book, price)."""
    possessive = re.match(r"^(?:the\s+|a\s+|an\s+|each\s+|every\s+)?(.+?)'s?\s+(.+)$", subject)
    if possessive:
        owner = resource_name(possessive[1])
        if owner in draft.resources:
            return owner, possessive[2]
    of = re.match(r"^(.+?)\s+of\s+(?:a|an|the|each|every)?\s*(.+)$", subject)
    if of:
        owner = resource_name(of[2])
        if owner in draft.resources:
            return owner, of[1]
    name = resource_name(subject)
    if name in draft.resources:
        return name, None
    # "unit code": the code of a unit
    words = subject.lower().split()
    for cut in range(1, len(words)):
        owner = resource_name(" ".join(words[:cut]))
        field_name = to_snake(" ".join(words[cut:]))
        if owner in draft.resources and field_name in draft.resources[owner].fields:
            return owner, field_name
    return None, subject


# --- field lists and relations ----------------------------------------------------------


# "(many) products, each with a quantity": what an order holds of each product
_ORDER_LINE = re.compile(
    rf"^(?:(?:{MANY})\s+)?(?P<things>[a-z]+(?:\s(?!each\b)[a-z]+)?)\s*,?\s+(?:each\s+)?with\s+"
    r"(?P<fields>(?:(?:a|an|the)\s+)?(?:quantity|qty|amount|number)\b.*)$",
    re.IGNORECASE,
)


def _read_field_list(draft: _Draft, owner: str, text: str, beside_fields: bool = False) -> None:
    """'a title, body, a published flag and belong to a user' -> fields and relations."""
    said_of = re.match(r"^\s*([a-z][\w ]{0,40}?)\s*:\s*(?=\S)", text, re.I)
    if said_of and resource_name(said_of[1]) == owner:
        text = text[said_of.end() :]  # "(key workers: name, role)" of a key worker
    text = re.sub(
        rf"^(?:(?:{'|'.join(vocab.FIELD_LIST_INTRO)})\s+)+:?\s*", "", text.strip(), flags=re.I
    )
    # "systolic bp and diastolic bp (integers)": the type is said once for both
    text = re.sub(
        r"\b([\w ]{1,30}?)\s+and\s+([\w ]{1,30}?)\s*"
        r"\((integers|ints|strings|decimals|floats|dates|booleans)\)",
        r"\1 (\3), \2 (\3)",
        text,
        flags=re.I,
    )
    # "year, budget — belongs to a site": a dash before a clause separates like a comma
    # ("role - writer, artist or colourist" is a field and its choices)
    text = re.sub(
        r"\s+[\u2013-]\s+(?=(?:(?:a|an|each|every)\s+\w+\s+|it\s+|they\s+)?(?:belongs?|linked|assigned|owned|"
        r"supervised|done|made|managed|run|held|for|has|have|is|are|can|may|must)\b)",
        ", ",
        text,
        flags=re.I,
    )
    # "a status - proposed, in progress or defended - which starts as proposed"
    text = re.sub(
        r"\b(?P<field>[a-z]+(?:\s[a-z]+)?)\s+[-\u2013]\s+(?P<values>[^-\u2013():]+?\bor\b[^-\u2013():]+?)"
        r"\s+[-\u2013]\s+",
        r"\g<field> (\g<values>), ",
        text,
        flags=re.I,
    )
    # "a status: pending, confirmed or cancelled", also last in a list ("subject, status: ...")
    text = _SHARED_NOUN.sub(_distribute, text)
    # "status: todo, doing or done, due date", "size small, medium or large, colour": the
    # "or" ends the values, more fields follow
    text = _COLON_ENUM_THEN_MORE.sub(_enum_in_parentheses, text)
    enum = _COLON_ENUM.search(text)
    if enum:
        # "(default applied)" after the values says the same as ", default applied"
        tail = (
            f", {enum['default']}"
            if enum["default"]
            else f", default {enum['by_default']}"
            if enum["by_default"]
            else enum["tail"] or ""
        )
        after = enum["after"] or ""
        text = f"{text[: enum.start()]}{enum['field']} ({enum['values']}{tail}){after}"
    mode: Literal["field", "belongs"] = "field"
    required = True
    verb = ""
    items = _items(text)
    # "dishes - name, allergens, calories": beside plain fields, a plural is a value
    among_fields = beside_fields or not all(_is_plural_item(i) for i in items)
    described: str | None = None  # "many dishes with a name": what the fields after are of
    for position, item in enumerate(items):
        if (
            described
            and _more_fields(item)
            and not re.match(rf"(?:{_BELONGS}|{_HAS}|{_BE}|{_ACTION})\b", item, re.I)
        ):
            _read_field_list(draft, described, item)  # "... with a name and price"
            continue
        carried = re.match(
            rf"^(?P<many>(?:{MANY})\s+)?(?P<things>{_WORD}(?:\s+{_WORD})?)\s+(?:with|that|which)\s+\S",
            item,
            re.I,
        )
        described = None
        if carried and _is_plural_item(carried["things"]) and position < 2:
            described = resource_name(carried["things"])
            if position == 0 and not carried["many"] and mode == "field":
                item = f"many {item}"  # "restaurants have dishes with a price": theirs
        defined = re.match(r"(?:a|an)\s+([a-z]+(?:\s[a-z]+)?)\s+is\s+(?:a|an|one)\s", item, re.I)
        if defined and resource_name(defined[1]) == owner:
            continue  # "Sittings: a sitting is one exam held at a set time": what it is, in words
        # "owner -> user": a reference written as an arrow
        item = re.sub(r"^([\w ]+?)\s*(?:->|\u2192|=>)\s*(\w+)$", r"\1 (\2)", item)
        # "- between a student and a room" under "## Tenancies": it links the two
        item = re.sub(
            r"^(?:(?:is|are)\s+)?between\s+((?:a|an|one)\s.+?)\s+and\s+((?:a|an|one)\s.+)$",
            r"belongs to \1, \2",
            item,
            flags=re.I,
        )
        # "which stands were used": some of the stands the prompt describes
        item = re.sub(
            r"^which\s+([a-z]+)\s+(?:were|are)\s+[a-z]+(?:ed|en)(?:\s*\([^()]*\))?$",
            r"\1 (many)",
            item,
        )
        # "pieces (many)": a list of references to things of their own
        listed = re.match(r"^(?P<things>[\w ]+?)\s*\((?:many|multiple|several|list)\)$", item, re.I)
        shared = listed is not None
        item = f"many {listed['things']}" if listed else item
        # "each one is for an item", "they belong to a user": the owner, said again
        item = re.sub(
            rf"^(?:each(?:\s+one)?|it|they|these)\s+(?=(?:{_BELONGS}|{_HAS}|is|are)\b)",
            "",
            item,
            flags=re.I,
        )
        placed = re.match(
            r"^(?:in|at|on|under|inside|within|from)\s+(?:a|an|one|the)\s+(?P<place>[a-z]+(?:\s[a-z]+)?)$",
            item,
            re.I,
        )
        place = resource_name(placed["place"]) if placed else None
        if place is not None and place in draft.resources:
            # "threads: title, created by a user, in a category"
            draft.add_edge(_Edge("belongs", owner, place))
            continue
        done = re.match(r"^(?:is|are)\s+(?P<clause>.+)$", item, re.I)
        passive = _PASSIVE_LINK.match(done["clause"]) if done else None
        if passive and re.fullmatch(r"(?:a|an|one)\s+[a-z]+(?:\s[a-z]+)?", passive["rest"], re.I):
            # "belongs to a category and is supplied by a supplier": one of them
            _read_related(draft, owner, passive["rest"], "belongs")
            continue
        line = _ORDER_LINE.match(item)
        if (
            line
            and owner in vocab.SALE_OWNERS
            and _is_plural_item(line["things"])
            # never "many order items with a quantity": those are the items ("menu items"
            # are what is ordered)
            and not re.fullmatch(
                rf"(?:{owner.replace('_', ' ')}\s+|line\s+)?(?:items?|lines?)", line["things"], re.I
            )
        ):
            # "orders contain products with a quantity": an order item for each product
            entry = draft.resource(f"{owner}_item").name
            target = _read_resource_item(draft, line["things"])
            if target is not None:
                draft.add_edge(_Edge("belongs", entry, owner))
                draft.add_edge(_Edge("belongs", entry, target))
                _read_field_list(draft, entry, line["fields"])
                draft.current = owner
                continue
        they = re.match(r"^(?:they|it)\s+(?P<act>.+)$", item, re.I)
        if they and _verb_phrase(they["act"]):
            # "attendees have a name, and they buy tickets": the owner acts
            item = f"{plural(owner).replace('_', ' ')} {they['act']}"
        nested = _SUBJECT_VERB.match(item)
        if (
            (
                nested
                and nested["rest"].strip()  # "an archive reference" is a field, not "an archive"
                and _is_new_subject(draft, nested["subject"], nested["verb"])
            )
            or _about_each(draft, item)
            # "products have a name, price and stock, customers place orders": a statement
            # (never "takes place at a clinic")
            or (among_fields and _subject_of(item) and item.split()[0].lower() not in _VERB_OF_FORM)
        ):
            _read_statement(draft, item, None)
            draft.current = owner
            continue
        owned = re.match(r"^(?P<things>[a-z]+(?:\s[a-z]+)?)\s+with\s+(?P<rest>\S.*)$", item, re.I)
        if (
            owned
            and position > 0  # "restaurants have dishes with a price": the restaurant's
            and _is_plural_item(owned["things"])
            and resource_name(owned["things"])
            # never "contain products with", "many comments with": links
            and not re.match(rf"(?:{_HAS}|{_BELONGS}|{MANY})\s", item, re.I)
        ):
            # "warehouses with a name, items with a sku, name and quantity": the items are a
            # resource of their own, and the fields after "items with" are theirs
            owner = resource_name(owned["things"]) or owner
            draft.resource(owner)
            item = owned["rest"]
        belongs = re.match(rf"^(?P<verb>{_BELONGS})\s+(?P<rest>[^(\s].*)$", item, re.I)
        # "for a language (the target language)": a link and a remark about it
        item = re.sub(
            r"^((?:for|to|by|with|at|in|on)\s+(?:a|an|the|one)\s+\w+)\s*\((?:the|i\.?e\.?|e\.?g\.?)\s[^()]*\)$",
            r"\1",
            item,
            flags=re.I,
        )
        if mode == "belongs" and (
            _FIELD_MARK.search(item)
            or not (
                re.match(r"(?:a|an|the|one|to|by|many)\s", item, re.I)
                or resource_name(item) in draft.resources
                or _names_things(to_snake(item))  # "belong to threads and users"
            )
        ):
            mode = "field"  # "belongs to a client; number (unique), issue date": fields again
        if mode == "belongs" and not belongs:  # "belongs to a ride and to a member"
            item = re.sub(r"^(?:to|by)\s+(?=(?:a|an|the|one)\s)", "", item, flags=re.I)
        if belongs:  # not "published at (optional)": a timestamp
            many = re.match(rf"^(?:{MANY})\s+(?P<rest>.+)$", belongs["rest"], re.I)
            if many:  # "can belong to many events"
                _read_related(draft, owner, many["rest"], "many_to_many")
                continue
            if re.match(r"(?:can|may)\s+be\s+assigned", belongs["verb"], re.I) and all(
                _is_plural_item(i) and not re.match(r"(?:a|an|one|the)\s", i, re.I)
                for i in _items(belongs["rest"])
            ):  # "users can be assigned to tasks": several tasks, several users each
                _read_related(draft, owner, belongs["rest"], "many_to_many")
                continue
            mode, item, verb = "belongs", belongs["rest"], belongs["verb"]
            required = not re.match(r"(?:can|may)\s", verb, re.I)
        elif (has := re.match(rf"^(?:{_HAS})\s+", item, re.I)) and not _YES_NO_QUESTION.match(item):
            # "a walk can include many dogs": things that exist on their own, shared
            shared = "includ" in has[0].lower()
            mode, item = "field", item[has.end() :]
        if mode == "field" and _has_fields_of_its_own(item):
            _read_related(draft, owner, item, "has_many")  # "albums have tracks (title, ..)"
            continue
        many = re.match(
            rf"^(?:{MANY})\s+(?P<rest>.+?)(?P<done>\s+[a-z]+(?:ed|ing))?(?:\s+(?:there|here))?$",
            item,
            re.I,
        )
        if many and not _some_text(item):
            # "many songs in its setlist": where the owner keeps them, not another target
            rest = _OWN_PLACE.sub(
                "", many["rest"]
            )  # "many licenses installed / tags attached": existing things, shared
            kind: Literal["has_many", "many_to_many"] = (
                "many_to_many"
                if _MANY_TO_MANY.search(item) or many["done"] or shared
                else "has_many"
            )
            _read_related(draft, owner, _MANY_TO_MANY.sub("", rest), kind)
            continue
        one = re.match(r"^(?:one|a\s+single|exactly\s+one)\s+(?P<rest>[^()]+)$", item, re.I)
        # after "scheduled by", "clients for a property" names who, never a verb
        links = None if one or mode == "belongs" else _verb_links(draft, owner, item)
        targets = _belongs_targets(item) if mode == "belongs" and not (one or links) else None
        if one:  # "one driver in one vehicle": each place it names
            for part in _belongs_targets(one["rest"]) or [one["rest"]]:
                _read_related(draft, owner, _ONE.sub("", part), "belongs")
        elif links:  # "hangs in one gallery", "is tagged with topics"
            for link in links:
                draft.add_edge(link)
            mode = "field"
        elif targets:
            _read_belongs(draft, owner, verb, targets, item, required)
            if re.search(r"\swith\s", item, re.I):
                mode = "field"  # "is for a medicine with quantity and dosage": fields follow
        elif _modifies_previous(draft, owner, item):  # "a license number, also unique"
            mode = "field"
        elif (
            (action := re.match(rf"^{_ACTION}\s+(?P<object>.+)$", item, re.I))
            and _names_objects(draft, action["object"])
            and _read_objects(draft, owner, action["action"], action["object"])
        ):
            mode = "field"  # "employees have a name and work in a department"
        else:
            mode = "field"
            # "on display yes/no" is one boolean, not a field "on" something.
            head, mentions = (item, []) if _YES_NO.search(item) else _split_mentions(item)
            if mentions:  # decided when every resource is known
                draft.mentions.append((owner, item, head))
            else:
                _add_field_item(draft, owner, item, among_fields)


_OWN_PLACE = re.compile(
    r"\s+(?:in|on|for|as)\s+(?:its|their|his|her|our|my)\s+[a-z][\w -]*$", re.IGNORECASE
)
# "start and end times", "check-in and check-out dates": two fields sharing one noun.
_SHARED_NOUN = re.compile(
    r"\b(?P<a>[a-z][\w-]*)\s+and\s+(?P<b>[a-z][\w-]*)\s+(?P<noun>[a-z]+s)\b(?=\s*(?:,|$|\band\b))",
    re.IGNORECASE,
)


def _distribute(match: re.Match[str]) -> str:
    a, b, noun = match["a"], match["b"], match["noun"]
    one = singular(noun.lower())
    words = {a.lower(), b.lower()}
    if one == noun.lower() or words & (vocab.STOP_WORDS | vocab.FIELD_FILLER):
        return match[0]
    if re.fullmatch(MANY, b, re.I):  # "one director and many actors": two links
        return match[0]
    if singular(to_snake(a)) != to_snake(a):  # "books and comic magazines": two things
        return match[0]
    return f"{a} {one}, {b} {one}"


_COLON_ENUM = re.compile(
    r"(?:^|(?<=,\s)|(?<=,)|(?<=\sand\s))(?:(?:and|plus)\s+)?(?P<field>(?:(?:a|an|the)\s+)?[\w-]+(?:\s+[\w-]+)?)\s*"
    # "status: one of", "pace - social, steady or fast", "status, either", "a status which
    # is one of", "that can be"
    r"(?::\s*(?:one\s+of\s*:?)?|\s+[-\u2013]\s+|,?\s+(?:(?:(?:which|that)\s+(?:is|are|can\s+be|must\s+be)|"
    r"(?:which|that)'s)\s+)?(?:one\s+of|either)\s*:?|\s+(?:which|that)\s+(?:can|must|may)\s+be\s*:?|"
    # "a status of packed, collected or missed", "a status which is open, investigating or
    # closed"
    r"(?:\s+of|\s+(?:which|that)\s+(?:is|are))(?=\s+[\w-]+(?:\s[\w-]+)?\s*,[^()]*\bor\b))\s*"
    # values of up to two words: "assigned, in review, delivered" (never "must be unique")
    r"(?!(?:unique|required|optional|mandatory|positive|non-negative|null)\b)(?P<values>[\w-]+(?:\s[\w-]+)?(?:\s*,\s*[\w-]+(?:\s[\w-]+)?)*\s*(?:,?\s+or\s+|,\s*)"
    r"[\w-]+(?:\s[\w-]+)?)"
    r"(?P<tail>\s*,?\s+(?:defaulting|defaults?|by\s+default)\b[^,]*"
    # "... or cancelled - provisional by default"
    r"|\s*[,\u2013-]\s*(?P<by_default>[\w-]+)\s+by\s+default"
    r"|\s*\((?P<default>(?:defaulting|defaults?|by\s+default|(?:new\s+(?:ones|[a-z]+s)\s+)?(?:starts?|begins?)\s+as)"
    r"\b[^()]*|[\w-]+\s+by\s+default|new\s+(?:ones|[a-z]+s)\s+are\s+[\w-]+)\))?"
    # "..., low, medium or high, and a due date": one more field after the values
    r"(?P<after>\s*,\s*and\s+(?:a|an|the)\s.*)?$",
    re.IGNORECASE,
)
_COLON_ENUM_THEN_MORE = re.compile(
    r"(?:^|(?<=,\s)|(?<=,))(?:(?P<field>(?:(?:a|an|the)\s+)?[\w-]+(?:\s+[\w-]+)?)\s*"
    # "material: clay, pvc or concrete, ...", "a material which is one of clay, pvc or ..."
    r"(?::|\s[-\u2013]|,?\s+(?:which|that)(?:'s|\s+(?:is|are|can\s+be|must\s+be))\s+"
    r"(?:one\s+of|either))\s*|"
    rf"(?P<choice>(?:(?:a|an|the)\s+)?(?:{'|'.join(vocab.CHOICE_NAMES)}))\s+(?=\w+\s*,))"
    r"(?:one\s+of\s*:?\s*)?(?P<values>[\w-]+(?:\s*,\s*[\w-]+)*,?\s+or\s+[\w-]+)"
    r"(?:\s*\((?P<default>(?:defaulting|defaults?|by\s+default)\b[^()]*)\))?(?=\s*,)",
    re.IGNORECASE,
)


def _enum_in_parentheses(match: re.Match[str]) -> str:
    values = re.sub(r",?\s+or\s+", ", ", match["values"])
    default = f", {match['default']}" if match["default"] else ""
    return f"{match['field'] or match['choice']} ({values}{default})"


_YES_NO = re.compile(
    r"\b(?:yes\s*/\s*no|y/n|yes\s+or\s+no)\b(?!\s*(?:/|,|\bor\b)\s*\w)|\((?:boolean|bool|flag)\)",
    re.IGNORECASE,
)
# "has monitor (yes/no)": the verb is part of the boolean's name.
_YES_NO_QUESTION = re.compile(
    r"^(?:has|is)\s+[\w-]+(?:\s+[\w-]+){0,2}\s*[:(]?\s*(?:yes\s*/\s*no|y/n|true\s*/\s*false|bool(?:ean)?|flag)\b|"
    # "is working (default true), has bottle filler": a yes/no among the fields, never "has a
    # name" or "has many pitches"
    # (never "it has issue date", as learners write "an issue date")
    r"^has\s+(?!(?:a|an|the|many|several|one|some|multiple|no|got|to)\b)"
    r"(?![a-z ]*\b(?:date|time|name|number|email|price|amount|count|url|code|id)$)"
    r"[a-z]+(?:\s[a-z]+)?$",
    re.IGNORECASE,
)


def _modifies_previous(draft: _Draft, owner: str, item: str) -> bool:
    """'also unique', 'to be unique', 'defaulting to open': words about the field before."""
    fields = draft.resources[owner].fields if owner in draft.resources else {}
    if not fields:
        return False
    update = FieldDraft(name="", phrase=item)
    left = apply_modifiers(update, item)
    if re.sub(
        r"\b(?:also|and|but|which|wich|that|it|to|be|is|has|have|must|should)\b", "", left
    ).strip():
        return False
    if update == FieldDraft(name="", phrase=item):
        return False
    update.name = next(reversed(fields))
    fields[update.name].merge(update)
    return True


def _belongs_targets(item: str) -> list[str] | None:
    """'a book' -> [book]; 'users on posts' (written by users on posts) -> [user, post]."""
    # "a lift pass, a lift" (two targets a clause took along), "users on posts"
    # never inside parentheses: "a singer (stage name, unique) for a song"
    masked = re.sub(r"\([^()]*\)", lambda m: "x" * len(m[0]), item)
    cuts = re.finditer(
        r"\s*,\s*(?:and\s+)?|\s+(?:on|in|for|about|under|at|to|within|from|against)\s+|"
        r"\s+with\s+(?=one\s)",  # "one pilot with one drone": a second thing, counted
        masked,
        flags=re.I,
    )
    bounds = [0, *(i for c in cuts for i in (c.start(), c.end())), len(item)]
    parts = [item[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    # "a subscriber about a tea": each with its article, two things; else one name
    counted = len(parts) > 1 and all(re.match(r"(?:a|an|the|one)\s", p, re.I) for p in parts[1:])
    if _item_parts(item) is not None and not counted:
        parts = [item]
    return parts if all(_item_parts(p) for p in parts) else None


def _read_belongs(
    draft: _Draft, owner: str, verb: str, targets: list[str], item: str, required: bool
) -> None:
    """'belongs to a member', 'is for a room', 'borrowed by members', 'by users on posts'."""
    passive = re.search(r"(\w+)\s+by$", verb, re.IGNORECASE)
    done_by = _VERB_OF_PARTICIPLE.get(passive[1].lower()) if passive else None
    for target in targets:
        said = resource_name(target)
        if said is not None and said not in draft.resources and infer_type(said) != "string":
            # "held in a room at a start time": a moment of its own, never a resource
            _add_field_item(draft, owner, _ONE.sub("", target))
        elif _WEAK_BELONGS.match(verb):
            parts = _item_parts(target)
            assert parts is not None
            draft.weak_edges.append((_Edge("belongs", owner, parts.name, required), item))
            if parts.has:  # "is for a pet with a vet": the vet is the owner's too
                draft.mentions.append((owner, parts.has, None))
        elif done_by in vocab.ASSOCIATION_VERBS and not re.match(r"(?:a|an|one)\s", target, re.I):
            # "books borrowed by members": members borrow books ("a shoot is booked by a
            # client": by one client, who the shoot belongs to)
            agent = _read_resource_item(draft, _own_mentions(draft, owner, target))
            assert agent is not None
            draft.actions.append(_Action(agent, done_by, owner))
        else:
            _read_related(draft, owner, _own_mentions(draft, owner, target), "belongs", required)
    draft.current = owner


def _own_mentions(draft: _Draft, owner: str, target: str) -> str:
    """'(booked by) a patient with a doctor': the doctor is the booking's too; the target
    without what follows 'with'."""
    parts = _item_parts(target)
    if parts is None or not parts.has or parts.fields is not None:
        return target
    draft.mentions.append((owner, parts.has, None))
    return re.sub(rf"\s+(?:{_HAS})\s+.*$", "", target, flags=re.I)


def _has_fields_of_its_own(item: str) -> bool:
    """'tracks (title, duration in seconds)': plural things with their fields, not a field
    'sizes (small, medium, large)' with its choices."""
    match = _PAREN_HEADER.match(item)
    if match is None or len(match["head"].split()) > 2:
        return False
    last = to_snake(match["head"]).split("_")[-1]
    pieces = [p.strip().lower() for p in match["rest"].split(",") if p.strip()]
    return (
        singular(last) != last
        and len(pieces) >= 2
        # "par_moves (integer, min 1)", "the changes (a whole number, min 5000)": one field
        and re.sub(r"^an?\s+", "", pieces[0]) not in vocab.TYPE_WORDS
        and any(" " in p or p in vocab.TYPE_BY_NAME for p in pieces)
        # "access instructions (optional, free text)": what one field is
        and not all(not apply_modifiers(FieldDraft(name="", phrase=p), p) for p in pieces)
    )


def _some_text(item: str) -> bool:
    """'some notes', 'some comments': text, not many things of their own."""
    some = re.match(r"some\s+(?P<rest>.+)$", item, re.I)
    return some is not None and infer_type(to_snake(some["rest"])) == "text"


_MODAL_COUNT = re.compile(
    rf"^(?:can|may|must|will|should)\s+[a-z]+\s+(?:(?:in|on|to|at|for|with)\s+)?(?:{MANY})\s+\w",
    re.IGNORECASE,
)


def _about_each(draft: _Draft, item: str) -> bool:
    """'each job uses one vehicle', 'an archaeologist works on many seasons' inside a list:
    a statement about a known resource ('an author name' stays a field)."""
    words = item.split()
    start = 1 if words and words[0].lower() in {"each", "every", "a", "an"} else 0
    if len(words) < start + 2:
        return False
    for end in (start + 1, start + 2):
        subject, rest = " ".join(words[start:end]), " ".join(words[end:])
        resource = resource_name(subject)
        if start and resource and _MODAL_COUNT.match(rest):
            return True  # "a member can own lots of locos", said of a thing not yet named
        if resource not in draft.resources:
            continue
        if words[0].lower() in {"each", "every"}:
            return True
        if (start or _is_plural_item(subject)) and (
            _verb_links(draft, resource, rest) or re.match(rf"{_ACTION}\s", rest, re.I)
        ):
            return True  # "and skiers can take many lessons"
    return False


def _is_new_subject(draft: _Draft, subject: str, verb: str) -> bool:
    """Does 'each user has many posts' inside a list start a statement of its own?"""
    if resource_name(subject) is None:
        return False  # "an email that must be unique" is a field phrase
    if re.fullmatch(_BE, verb, re.IGNORECASE):  # "and photos can be tagged with many tags"
        return resource_name(subject) in draft.resources and _is_plural_item(subject)
    words = subject.lower().split()
    if words[0] in {"each", "every", "a", "an", "the", "one"} or subject.lower() in _PRONOUNS:
        return True
    if re.fullmatch(r"has|have", verb, re.IGNORECASE) and _is_plural_item(subject):
        return True  # "artists have albums, albums have tracks (title)"
    return resource_name(subject) in draft.resources


def _add_field_item(draft: _Draft, owner: str, item: str, among_fields: bool = False) -> None:
    try:
        parsed = parse_field(item)
    except UnplacedPhrase as exc:
        raise GenerationError(
            f"I could not understand '{exc}' as a field of '{owner}': describe fields with "
            "short names, e.g. 'title', 'published year', 'price as decimal'"
        ) from None
    if parsed is not None:
        parsed.among_fields = among_fields
        draft.add_field(owner, parsed)


def _read_related(
    draft: _Draft,
    owner: str,
    text: str,
    kind: Literal["belongs", "has_many", "many_to_many"],
    required: bool = True,
) -> None:
    """Targets of a relation, e.g. 'a member and a book' or 'comments (body, author)'."""
    for item in _items(text):
        target = _read_resource_item(draft, item)
        if target is None:
            draft.unplaced.append(item)
            continue
        draft.current = owner
        # "between a home team and an away team": two links to teams, each by its role
        role = _role(item, target) if kind == "belongs" else None
        draft.add_edge(_Edge(kind, owner, target, required, role))


def _role(item: str, target: str) -> str | None:
    """'a home team' of the teams: 'home_team'."""
    name = to_snake(re.sub(r"^(?:a|an|the|one)\s+", "", item, flags=re.I))
    return name if name.endswith(f"_{target}") else None


_LIST_SEPARATOR = re.compile(
    # ", plus which stands were used"; never ", plus one (yes/no)"; "name + email"
    r"\s*,\s*(?:and\s+|or\s+|plus\s+(?!ones?\b))?|\s+(?:and|&|\+|as\s+well\s+as)\s+",
    re.I,
)
_KEEP_WHOLE = re.compile(
    r"\((?:[^()]|\([^()]*\))*\)|\bbetween\s+(?:(?:a|an|the)\s+)?[\w.-]+\s+and\s+(?:(?:a|an|the)\s+)?[\w.-]+|"
    r"\b(?:yes|true)\s+or\s+(?:no|false)\b|\bdate\s*(?:and|&|\+)\s*time\b",
    re.I,
)


def _items(text: str) -> list[str]:
    """List items with relative clauses kept on their resource.

    "loans, each linked to a book and a member" -> ["loans each linked to a book, a member"]:
    a clause opening an item joins the item before it, and a relation clause takes the
    plain items after it (its targets) until one that describes a resource of its own.
    """
    items: list[str] = []
    open_clause = False
    for item in _split_list(text):
        if items and _CLAUSE_START.match(item):
            items[-1] = f"{items[-1]} {item}"
            open_clause = True
        elif (
            open_clause
            and "(" not in item
            and not _RELATIVE_ITEM.match(item)
            and not re.match(rf"^(?:{_HAS}|{_BELONGS})\s", item, re.IGNORECASE)
            and not re.match(r"(?:each|every|it|they)\s", item, re.IGNORECASE)
            and not _VERB_WITH_COUNT.match(item)
            # "a member can own lots of locos": a statement of its own
            and not re.match(
                r"(?:a|an|the)\s+\w+(?:\s\w+)?\s+(?:can|may|must|will|should|has|have|is|are)\s",
                item,
                re.IGNORECASE,
            )
        ):
            items[-1] = f"{items[-1]}, {item}"
        elif (
            items
            and re.match(r"(?:each|every)\s", items[-1], re.IGNORECASE)
            and re.match(rf"^(?:{_HAS}|{_BELONGS}|is|are|can|may|must)\s", item, re.IGNORECASE)
        ):
            # "each capture belongs to a site and is made by a ringer": the same subject
            items[-1] = f"{items[-1]} and {item}"
        else:
            items.append(item)
            open_clause = bool(_RELATIVE_ITEM.match(item))
    return items


# "hangs in one gallery": a verb of its own, not one more target of the clause before.
# "hangs in one gallery", "uses one menu", "covers many streets": a verb and what it counts
_VERB_WITH_COUNT = re.compile(
    r"^[a-z]+s\s+(?:(?:in|on|at|into|from|to|for|with)\s+(?:one|exactly|a|an|the|many|several)|"
    r"(?:one|exactly\s+one|many|several))\b",
    re.IGNORECASE,
)


def _names_objects(draft: _Draft, text: str) -> bool:
    """Inside a field list a verb takes things: 'work in a department', 'write posts';
    'host name' is a field, its 'object' a bare singular."""
    head = _cut(text)[0]
    return bool(re.match(rf"(?:a|an|the|one|{MANY})\s", head, re.I)) or all(
        resource_name(i) in draft.resources or _is_plural_item(i) for i in _items(head)
    )


def _piece_start(text: str, pieces: list[str], index: int) -> int:
    """Where `pieces[index]` of `_split_list(text)` starts in `text` (the same words may
    come earlier: "members borrow books, members borrow films")."""
    start = 0
    for piece in pieces[:index]:
        start = text.index(piece, start) + len(piece)
    return text.index(pieces[index], start)


def _split_list(text: str) -> list[str]:
    """Split on commas and 'and', keeping '(a, b)' and 'between 1 and 5' whole."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match[0])
        return f"\x00{len(kept) - 1}\x00"

    masked = _KEEP_WHOLE.sub(keep, text)
    items = _LIST_SEPARATOR.split(masked)
    restored = [re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m[1])], i) for i in items]
    return [i.strip() for i in restored if i.strip()]


def _at_large(draft: _Draft, subject: str) -> bool:
    """'People check in at ramen shops': people at large, unless the prompt keeps people."""
    return subject.lower() in {"people", "folks"} and "person" not in draft.resources


def _subject_resource(draft: _Draft, subject: str) -> str | None:
    lowered = re.sub(r"\s+(?:also|additionally|too|always|usually|then)$", "", subject.lower())
    lowered = re.sub(r"^(?:also|then)\s+", "", lowered)
    if lowered in _PRONOUNS or lowered in {"each of them", "every one"}:
        return draft.current
    if _at_large(draft, lowered):
        return None
    # "Each application is for a company": one of many records, never the API itself
    # ("An application shall belong to an applicant": one record too)
    name = resource_name(lowered, record=re.match(r"(?:each|every|an?)\s", lowered) is not None)
    return _shortened(draft, lowered, name)


def _shortened(draft: _Draft, text: str, name: str | None) -> str | None:
    """'prescription items, each item is for a medicine': the item is a prescription item;
    'judges do many classes' of show classes are show classes."""
    last = singular(to_snake(text).rpartition("_")[2]) if name else ""
    longer = [r for r in draft.resources if last and r.endswith(f"_{last}")]
    # "each loco" of the locomotives: a short form of one resource's name
    longer = longer or [
        r
        for r in draft.resources
        if len(last) >= 4
        and re.fullmatch(rf"{last}[a-z]{{3,}}", r)  # within one word
        # never the one who works with them: a film of a filmmaker, a photo of a photographer
        and not r.endswith(("er", "or", "ist", "man", "men", "ant", "ent"))
    ]
    if name is not None and name not in draft.resources and not longer:
        # "progress reviews" of the reviews: a longer name of a known resource
        first, _, rest = name.partition("_")
        verb = first in _VERB_OF_FORM or first in vocab.RECORD_VERBS  # "create playlists"
        if rest in draft.resources and first not in draft.resources and not verb:
            return rest
    return longer[0] if name not in draft.resources and len(longer) == 1 else name


# --- from drafts to a spec document -----------------------------------------------------


def _apply_field_updates(draft: _Draft) -> None:
    """Field statements apply to the resource they name, or to every resource with the field."""
    for resource, update in draft.field_updates:
        targets = (
            [resource]
            if resource
            else [r.name for r in draft.resources.values() if update.name in r.fields]
        )
        if not targets and draft.current is not None:
            targets = [draft.current]
        for target in targets:
            if target is not None:
                draft.add_field(target, update)


def _resolve_actions(draft: _Draft) -> None:
    """'customers place orders' -> order belongs to customer; 'members borrow books' -> a loan
    belongs to both when the prompt has loans, else members and books are many-to-many."""
    for action in draft.actions:
        records = vocab.ASSOCIATION_VERBS.get(action.verb, ())
        # "instructors can teach many styles": a count of what is taught shares it
        shared = action.counted and not _makes(action.verb, action.target)
        if (
            action.verb in vocab.CREATOR_VERBS and not shared
        ) or action.target in vocab.ACT_RECORDS:
            # "patients book appointments", "attendees buy tickets": the appointment, the
            # ticket is the record of the act.
            draft.add_edge(_Edge("belongs", action.target, action.subject))
        elif action.verb in vocab.MEMBER_VERBS:
            draft.add_edge(_Edge("belongs", action.subject, action.target))
        else:
            record = next(
                (
                    r
                    for r in records
                    if r in draft.resources and r not in {action.subject, action.target}
                ),
                None,
            )
            if record is None and records and records[0] in vocab.WRITTEN_RECORDS:
                # "users comment on posts", "customers review products", "users rate recipes":
                # what they write
                record = draft.resource(records[0]).name
            owned = any(  # "skiers buy lift passes" + "each pass belongs to one skier"
                e.kind == "belongs" and (e.owner, e.target) == (action.target, action.subject)
                for e in draft.edges
            )
            if record is None:  # owned: "a skier can own many lift passes", theirs
                kind: Literal["has_many", "many_to_many"] = "has_many" if owned else "many_to_many"
                # a guess another statement of the pair overrules ("a pupil has many lessons")
                implied = not (owned or action.counted)
                draft.add_edge(_Edge(kind, action.subject, action.target, implied=implied))
            else:
                draft.add_edge(_Edge("belongs", record, action.subject))
                draft.add_edge(_Edge("belongs", record, action.target))


def _linked_only_to(draft: _Draft, one: str, other: str) -> bool:
    """Is every link of `one` to `other` ('an order has many order items')?"""
    return all(
        e.kind in {"has_many", "belongs"} and {e.owner, e.target} == {one, other}
        for e in draft.edges
        if one in (e.owner, e.target)
    )


def _link_bare_records(draft: _Draft) -> None:
    """'a library with books, members and loans': each loan is of the one thing and by the
    one person the prompt names; an order item is of its order and of the thing ordered, and
    an order holding items is still someone's. Nothing is guessed when the prompt links the
    record otherwise, or names no person or no thing, or two of either."""
    linked = {e.owner for e in draft.edges} | {e.target for e in draft.edges}
    # "class bookings" are bookings
    records = [r for r in draft.resources if r.rpartition("_")[2] in vocab.ACT_RECORDS]
    people = [r for r in draft.resources if r in vocab.PEOPLE]
    staff = [r for r in draft.resources if r in vocab.STAFF]
    things = [
        r
        for r in draft.resources
        if r not in vocab.PEOPLE
        and r not in vocab.STAFF
        and r not in vocab.ACT_RECORDS
        and r not in vocab.GROUPING_OWNERS
        and r.rpartition("_")[0] not in records  # "order items"
        # "tickets and replies": the replies are the tickets', not what a ticket is of
        and not set(vocab.USUAL_PARENTS.get(r, ())) & set(records)
    ]
    # "books, authors, members and loans": an author is whose the book is, not what is lent
    things = [t for t in things if t not in _usual_parents(things)]
    for record in records:
        entry = f"{record}_item"
        if len(things) == 1 and entry in linked and _linked_only_to(draft, entry, record):
            # "each order has many order items with a quantity": each of the one thing
            draft.add_edge(_Edge("belongs", entry, things[0]))
    if len(people) != 1 or len(things) > 1 or (not things and len(staff) != 1):
        return
    # "dentists, patients, appointments": with the one who serves, unless it is whose the
    # thing is ("trainers, classes, bookings": the class is the trainer's)
    server = staff[0] if len(staff) == 1 and not set(staff) & set(_usual_parents(things)) else None
    for record in records:
        # "an order has many order items": the order holds its items, yet belongs to nobody
        holds_items = record in linked and _linked_only_to(draft, record, f"{record}_item")
        if record in linked and not holds_items:
            continue
        item = next(
            (f"{record}_{i}" for i in ("item", "line") if f"{record}_{i}" in draft.resources), None
        )
        if item is not None and item not in linked and things:
            draft.add_edge(_Edge("belongs", item, record))
            draft.add_edge(_Edge("belongs", item, things[0]))
        else:
            item = None
        served = record.rpartition("_")[2] in vocab.SERVICE_RECORDS
        targets = [
            *(things[:1] if item is None and not holds_items else []),
            people[0],
            *([server] if server is not None and served else []),
        ]
        for target in sorted(targets, key=list(draft.resources).index):  # as the prompt names them
            draft.add_edge(_Edge("belongs", record, target))
        for described in (record, item):
            if described in vocab.DEFAULT_FIELDS and not draft.resources[described].fields:
                # the prompt said nothing of the loan: it keeps its due date beside its links
                for field_draft in _default_fields(draft, described):
                    draft.add_field(described, field_draft)


def _usual_parents(things: list[str]) -> list[str]:
    return [parent for thing in things for parent in vocab.USUAL_PARENTS.get(thing, ())]


def _link_usual_parents(draft: _Draft) -> None:
    """'a blog with posts, comments and tags': a thing the prompt links to nothing belongs to
    what such things are usually part of, when the prompt names it, and tags tag what is
    usually tagged. Only for a thing named bare, or in a prompt that links nothing: a writer
    who links some of what they describe links all they mean to."""
    stated = bool(draft.edges)
    linked = {e.owner for e in draft.edges} | {e.target for e in draft.edges if e.kind != "belongs"}
    tagged = next((t for t in vocab.USUALLY_TAGGED if t in draft.resources), None)
    for child, resource in draft.resources.items():
        if child in linked or (stated and resource.fields):
            continue
        parent = next((p for p in vocab.USUAL_PARENTS.get(child, ()) if p in draft.resources), None)
        if child in {"tag", "label"} and tagged is not None:  # "posts, comments and tags"
            draft.add_edge(_Edge("many_to_many", tagged, child))
        elif parent is not None:
            draft.add_edge(_Edge("belongs", child, parent))
            place = next(
                (p for p in vocab.USUAL_PLACES.get(child, ()) if p in draft.resources), None
            )
            if place is not None:
                draft.add_edge(_Edge("belongs", child, place))
        else:
            continue
        if not resource.fields:  # "albums" alone still have a title
            for field_draft in _default_fields(draft, child):
                draft.add_field(child, field_draft)


def _document(draft: _Draft, name: str | None) -> dict[str, Any]:
    _resolve_actions(draft)
    _references_from_fields(draft)
    _link_bare_records(draft)
    _link_usual_parents(draft)
    relations = _relations(draft)
    resources = []
    for resource in draft.resources.values():
        fields = [f.to_spec() for f in resource.fields.values()]
        own = relations.get(resource.name, [])
        # A record linking others ("loans that belong to a book and a member") may be
        # nothing more; a comment still needs its text, a rating its score, and an album by
        # an artist its title.
        if not fields and (
            resource.name in vocab.WRITTEN_RECORDS
            or sum(r["kind"] == "many_to_one" for r in own) < 2
        ):
            fields = [f.to_spec() for f in _default_fields(draft, resource.name)]
        entry: dict[str, Any] = {"name": resource.name, "fields": fields, "relations": own}
        if plural(resource.name) == resource.name:
            entry["plural"] = f"{resource.name}_items"
        resources.append(entry)
    chosen = api_name(name) if name else draft.name or next(iter(draft.resources))
    return {"name": chosen[:50], "resources": resources}


def _references_from_fields(draft: _Draft) -> None:
    """A bare field naming a resource ('loans (member, book, due date)') references it."""
    for resource in list(draft.resources.values()):  # "companies have deals" adds deals
        for field_draft in list(resource.fields.values()):
            reference = _reference(draft, resource.name, field_draft)
            if reference is None:
                continue
            name, target = reference
            del resource.fields[field_draft.name]
            if name == plural(target):  # "customers have orders": the orders are theirs
                draft.add_edge(_Edge("has_many", resource.name, target))
            elif target == resource.name:  # "an employee has a manager": the top one has none
                draft.add_edge(_Edge("belongs", resource.name, target, False, name))
            else:
                required = field_draft.required is not False
                draft.add_edge(
                    _Edge(
                        "belongs", resource.name, target, required, None if name == target else name
                    )
                )


_IS_A = re.compile(r"\b(?:who|which|that)\s+(?:is|are)\s+(?:also\s+)?(?:an?|the)\s+(.+)$", re.I)


def _reference(draft: _Draft, owner: str, field_draft: FieldDraft) -> tuple[str, str] | None:
    """(relation name, target) when a field is a link: 'member', 'book_id', 'a manager who is
    an employee', 'manager' of an employee, 'parent category' of a category."""
    name = field_draft.name
    if name.endswith("_id") and name.removesuffix("_id") in draft.resources:
        return name.removesuffix("_id"), name.removesuffix("_id")
    hinted = resource_name(field_draft.description or "")
    if hinted in draft.resources and field_draft.type is None:  # "author (user)"
        return name, hinted
    if not field_draft.bare:
        return None
    if name in draft.resources and name != owner:
        return name, name
    if singular(name) in draft.resources and singular(name) != owner:
        return name, singular(name)
    is_a = _IS_A.search(field_draft.phrase)
    if is_a and resource_name(is_a[1]) in draft.resources:
        target = resource_name(is_a[1])
        assert target is not None
        return name, target
    roles = vocab.SELF_ROLES | (
        vocab.PERSON_SELF_ROLES if owner in vocab.PERSON_RESOURCES else set()
    )
    role = name.removesuffix(f"_{owner}")
    if role in roles:
        return role, owner
    target = name.rpartition("_")[2]
    # "a home team, an away team": two links to teams, each by its role
    roles_said = [f.name for f in draft.resources[owner].fields.values() if f.bare] + [
        e.name or "" for e in draft.edges if (e.owner, e.target) == (owner, target)
    ]
    paired = [said for said in roles_said if said.endswith(f"_{target}")]
    if target in draft.resources and target != owner and len(paired) > 1:
        return name, target
    written = singular(name) != name and singular(name) in vocab.TEXT_RECORDS
    if (_names_things(name) or written) and not field_draft.among_fields:
        # "companies have deals", "tickets have comments": records of their own
        draft.resource(singular(name))
        return name, singular(name)
    return None


def _names_things(name: str) -> bool:
    """Is a bare field name a plural noun no field type explains ('deals', not 'notes')?"""
    return (
        "_" not in name
        and singular(name) != name
        and plural(singular(name)) == name
        and name not in vocab.TYPE_BY_NAME
        and name not in vocab.TYPE_BY_LAST_WORD
        and not name.startswith(vocab.BOOLEAN_PREFIXES)
    )


def _drop_contradicted(draft: _Draft) -> None:
    """'Adjusters are assigned to claims, and each claim has exactly one adjuster': two
    resources cannot each hold the other's required key (neither could be created first),
    so the later, more precise statement wins."""
    for index, edge in enumerate(draft.edges):
        later = draft.edges[index + 1 :]
        contradicted = any(
            e.kind == "belongs" and (e.owner, e.target) == (edge.target, edge.owner) for e in later
        )
        if edge.kind == "belongs" and edge.required and edge.owner != edge.target and contradicted:
            draft.edges.remove(edge)
            _drop_contradicted(draft)
            return


def _drop_overruled(draft: _Draft) -> None:
    """An implied many-to-many gives way to what another statement says of the same pair,
    and a one said of a pair to a many ("materials used on a job", then "a material is used
    on many jobs")."""
    said = {frozenset((e.owner, e.target)) for e in draft.edges if not e.implied}
    many = {
        pair
        for e in draft.edges
        if e.kind != "belongs" and not e.implied
        for pair in ((e.owner, e.target), (e.target, e.owner))[
            : 2 if e.kind == "many_to_many" else 1
        ]
    }
    draft.edges = [
        e
        for e in draft.edges
        if not (e.implied and frozenset((e.owner, e.target)) in said)
        and not (e.kind == "belongs" and (e.owner, e.target) in many)
    ]


def _relations(draft: _Draft) -> dict[str, list[dict[str, Any]]]:
    _drop_contradicted(draft)
    _drop_overruled(draft)
    result: dict[str, list[dict[str, Any]]] = {}
    # "a season has many archaeologists and an archaeologist works on many seasons"
    many = {(e.owner, e.target) for e in draft.edges if e.kind in ("has_many", "many_to_many")}
    # "a filmmaker has many films" and "filmmakers submit films": each film is one's
    belongs = {(e.owner, e.target) for e in draft.edges if e.kind == "belongs"}
    done: set[tuple[str, str]] = set()
    for edge in draft.edges:
        pair = (edge.owner, edge.target)
        many_to_many = edge.kind == "many_to_many" or (
            edge.kind == "has_many"
            and (
                (edge.target, edge.owner) in many
                or ((edge.target, edge.owner) not in belongs and _shared(draft, edge))
            )
        )
        if many_to_many:
            if (edge.target, edge.owner) in done or pair in done:
                continue

            done.add(pair)
            result.setdefault(edge.owner, []).append(
                {"name": plural(edge.target), "kind": "many_to_many", "target": edge.target}
            )
        elif edge.kind == "has_many":
            _add_belongs(result, edge.target, edge.owner, edge.required)
            result.setdefault(edge.owner, []).append(
                {
                    "name": plural(edge.target),
                    "kind": "one_to_many",
                    "target": edge.target,
                    "field": f"{edge.owner}_id",
                }
            )
        else:
            _add_belongs(result, edge.owner, edge.target, edge.required, edge.name)
    return result


def _shared(draft: _Draft, edge: _Edge) -> bool:
    """Is 'owner has many target' a choice among shared things (many-to-many)?"""
    target_fields = draft.resources[edge.target].fields
    if vocab.ENTRY_FIELDS & target_fields.keys():
        return False
    # "a researcher belongs to a department; a publication has many researchers": people
    # (they have an email) already grouped elsewhere are shared by what else lists them
    person = any(f.type == "email" or f.name == "email" for f in target_fields.values())
    grouped = any(
        e.kind == "belongs" and e.owner == edge.target and e.target != edge.owner
        for e in draft.edges
    )
    # "an order can contain many bouquets (price)": a sale picks priced things
    priced = any(f.name == "price" or f.name.endswith("_price") for f in target_fields.values())
    return (
        edge.target in vocab.SHARED_TARGETS
        or (priced and edge.owner in vocab.SALE_OWNERS)
        or (
            (edge.target in vocab.CATALOGUE_TARGETS or (person and grouped))
            and edge.owner not in vocab.GROUPING_OWNERS
        )
    )


def _add_belongs(
    result: dict[str, list[dict[str, Any]]],
    owner: str,
    target: str,
    required: bool,
    name: str | None = None,
) -> None:
    own = result.setdefault(owner, [])
    name = name or target
    if not any(r["kind"] == "many_to_one" and r["name"] == name for r in own):
        own.append(
            {
                "name": name,
                "kind": "many_to_one",
                "target": target,
                "field": f"{name}_id",
                "required": required,
            }
        )


def _default_fields(draft: _Draft, resource: str) -> list[FieldDraft]:
    """Fields for a resource the prompt names but never describes; never one a resource of
    the prompt stands for (a book's author when authors are a resource)."""
    defaults = vocab.DEFAULT_FIELDS.get(resource, (vocab.FALLBACK_FIELD,))
    return [FieldDraft(name=n, phrase=n, type=t) for n, t in defaults if n not in draft.resources]


__all__ = ["NO_RESOURCES", "parse_prose"]
