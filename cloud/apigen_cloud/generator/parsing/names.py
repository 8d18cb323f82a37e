"""Which words of a prompt can name a resource: "the Order Items" names `order_item`,
"library system" names the API itself and "rate limiting" a feature, neither a resource."""

from __future__ import annotations

import re

from apigen_cloud.generator.parsing import vocabulary as vocab
from apigen_cloud.generator.spec import singular, to_snake

MAX_RESOURCE_WORDS = 3
# "many", "several", "a list of": how many there are, never part of a name
MANY = (
    r"many|multiple|several|a\s*lot\s+of|lots\s+of|(?:a\s+)?lists?\s+of|any\s+number\s+of|zero\s+or\s+more|"
    r"one\s+or\s+more|more\s+than\s+one|a\s+set\s+of|some"
)


# Plural words that do begin names: "sales reps", "goods receipts".
_PLURAL_MODIFIERS = frozenset(
    {"sales", "goods", "news", "customs", "arms", "savings", "earnings", "dues", "series"}
)


def resource_name(text: str, record: bool = False) -> str | None:
    """'the Order Items' -> 'order_item'; None when the text is not a short noun phrase."""
    # "one application", "each application": a record, even named like the API itself
    record = record or re.match(r"(?:a|an|one|each|every)\s", text.strip(), re.I) is not None
    text = re.sub(rf"^(?:{MANY})\s+", "", text.strip(), flags=re.I)  # "many cleaners"
    # "Members of the society": the society is the one the API is for
    text = re.sub(r"\s+of\s+(?:the|our|my|this)\s+[a-z]+$", "", text, flags=re.I)
    # "next of kin": one name, "of" and all
    text = re.sub(r"\bnext\s+of\s+kin\b", "next_of_kin", text, flags=re.I)
    # "made by many members together": how, not who
    text = re.sub(r"\s+(?:together|too|also|as\s+well|again)$", "", text, flags=re.I)
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    if (
        len(words) != len(text.split())
        or re.search(r"[(),]", text)
        # "~40k members": how many; "ticket ENV-412": which one
        or re.search(r"(?:^|\s)[^\sA-Za-z]*\d|-\d", text)
    ):
        return None  # digits, punctuation: not a name
    if any(re.search(r"'(?!s$)", w, re.I) for w in words):
        return None  # "we'll", "don't": never a thing
    lowered = [w.lower() for w in words]
    named_from = next(
        (i for i, w in enumerate(lowered) if w not in vocab.RESOURCE_PREFIXES), len(lowered)
    )
    if {"a", "an", "the"} & set(lowered[named_from:]):
        return None  # "Replaces the paper": a verb and what it acts on, not a name
    if "and" in lowered[named_from:-1]:
        return None  # "directors and actors": two things, never one named "director_actor"
    named = lowered[named_from:]
    if len(named) > 1 and named[0] not in _PLURAL_MODIFIERS and singular(named[0]) != named[0]:
        # "companies post jobs", "tenants sign leases": a subject and its verb; a name's
        # first words are singular ("order items", "menu items")
        return None
    # "model Book" is a book, "House model" a house model
    kept = [
        w
        for i, w in enumerate(words)
        if w.lower() not in vocab.RESOURCE_PREFIXES or (w.lower() == "model" and i > named_from)
    ]
    # "the entity Book" is a book; "tables (number, seats)" in a restaurant are tables
    nouns = [w for w in words if w.lower() in vocab.RESOURCE_PREFIX_NOUNS]
    words = kept or nouns[-1:]
    if not words or len(words) > MAX_RESOURCE_WORDS:
        return None
    if any(w.lower() in vocab.STOP_WORDS for w in words) or (
        words[-1].lower() in vocab.API_WORDS
        and not record
        # "applications" are records (job or permit applications) unless they are some
        # kind of software ("web application"); "library system" is the API
        and not (
            singular(words[-1].lower()) == "application"
            and (len(words) == 1 or words[-2].lower() not in vocab.SOFTWARE_KINDS)
        )
    ):
        return None  # "software licenses" is a thing, "library system" the API
    name = singular(to_snake(" ".join(words).replace("'s", "")))
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", name):
        return None
    if (
        name.rpartition("_")[2] in vocab.FEATURE_WORDS
        or name.partition("_")[0] in vocab.TECH_WORDS
        or any(name == f or name.endswith(f"_{f}") for f in vocab.FEATURE_NAMES)
        or lowered[-1] in vocab.QUALITY_ADJECTIVES
    ):
        # "rate limiting", "good docs", "Docker support": what the API does or is built
        # with, not what it stores; "production ready", "scalable": how it should be
        return None
    return vocab.RESOURCE_RENAMES.get(name, name)


def names_the_api(text: str) -> bool:
    """'Expense tracker', 'Library API': a title, by its last word."""
    return to_snake(text).rpartition("_")[2] in vocab.COLLECTION_WORDS | vocab.API_WORDS
