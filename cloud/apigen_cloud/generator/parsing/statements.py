"""A prompt cut into statements, the units the offline parser reads.

Hard-wrapped lines are joined back, markdown tables become lines, headers ("Books:",
"## Books", a lone "Book" above bullets) are carried to the bullets below them, and
lines are cut into sentences, each with the resource its header names, if any.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from apigen_cloud.generator.parsing import vocabulary as vocab
from apigen_cloud.generator.parsing.names import names_the_api, resource_name
from apigen_cloud.generator.spec import plural, to_snake

# "- ", "2) ", "## ", and a task list's "- [ ] " or "- [x] "
# "- ", "3. ", and an outline's "a. " and "3.1 "
_LIST_MARKER = r"(?:[-*\u2022+]|(?:[a-zA-Z][.)]|\d+(?:\.\d+)+[.)]?)(?=\s)|\d+[.)])"
# a list item or a markdown heading ("## ")
BULLET = re.compile(rf"^\s*(?:{_LIST_MARKER}|#+)\s*(?:\[[ xX]?\]\s*)?")
# "FR1: Store trials ...", "US-2. As a user ...", "R3) ...", "TICKET ENV-412: ...": a requirement's
# or a ticket's number
REQUIREMENT_ID = re.compile(
    r"^(?:(?:TICKET|Ticket|ISSUE|Issue|STORY|Story|BUG|Bug)\s+)?(?:[A-Z]{1,4}-?|[A-Z]{5,10}-)\d+(?:\.\d+)*(?:\s*\((?:[Nn]on-?)?[Ff]unctional\))?\s*[:.)\-\u2013]\s+|"
    # "REQ-4 A Session is booked by ...", "R1  Stations: name"
    r"^(?:[A-Z]{2,4}-\d+(?:\.\d+)*\s+|[A-Z]{1,4}-?\d+(?:\.\d+)*(?:\s{2,}|\t))"
)
# "As a dispatcher I want to see every call": a user story
USER_STORY = re.compile(
    # "As a customer I'd like to leave a review", "As an agent I can reply", "As anyone I
    # want to add comments"
    r"^as\s+(?:(?:a|an|the)\s+(?P<role>[a-z][\w ]{0,30}?)|anyone|someone|anybody)\s*,?\s+"
    r"i(?:\s+(?:want|would\s+like|need|wish)\s+to|'d\s+like\s+to|\s+can|"
    r"\s+(?:should|must)\s+be\s+able\s+to|"
    # "As a candidate I sign up with a name": the story told in the present
    r"(?=\s+(?!(?:am|was|have|had|do|don't|dont|will|would|want|need|wish|like|think|guess|mean)\b)[a-z]+\s))"
    r"\s+(?:be\s+able\s+to\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
# "escalation policies we can skip for now", "payments we don't need yet"
LEFT_OUT = re.compile(
    r"^\s*[a-z]+(?:\s[a-z]+)?\s+(?:we|i)\s+(?:can|could|will|'ll|don'?t|do\s+not)\s+"
    r"(?:skip|ignore|leave\s+out|drop|need)\b",
    re.IGNORECASE,
)


def statements(text: str) -> list[tuple[str, str | None]]:
    """(statement, open header resource) pairs; bullets under "Books:" belong to books.

    A header is "Books:", a markdown heading "## Books" or a lone "Book" line followed by
    bullets. "Entities:" / "## Resources" announce a list: each plain bullet is a resource.
    """
    result: list[tuple[str, str | None]] = []
    header: str | None = None
    listing = glossary = False
    # "sauces.csv: name,sku" pasted from a spreadsheet's files: the sauces
    text = re.sub(
        r"^(\s*[\w ]{1,40})\.(?:csv|tsv|xlsx?|json|sql)\b", r"\1", text, flags=re.M | re.I
    )
    text = _without_chat_marks(text)
    # "Sneaker raffle backend. Fields:": the label on a line of its own
    text = re.sub(
        r"^(.*?[.!?])[ \t]+((?:fields|attributes|columns|properties|header\s+row|headers)\s*:)"
        r"[ \t]*$",
        r"\1\n\2",
        text,
        flags=re.M | re.I,
    )
    # "our raffle sheet, one row per ticket. header row:" over the column names: tickets
    row = re.search(
        r"\bone\s+(?:row|line)\s+(?:per|for\s+each|for\s+every)\s+([a-z]+)\b", text, re.I
    )
    if row:
        text = re.sub(
            r"^[ \t]*(?:header\s+row|headers|columns)\s*:[ \t]*\n(?:[ \t]*\n)*",
            f"{plural(row[1].lower())}: ",
            text,
            flags=re.M | re.I,
        )
    # "many `Label`s", "`Feed`: title": a code span around a name is the name
    text = re.sub(r"`([^`\n]{1,60})`", r"\1", text)
    # "**Description**" alone on its line labels what follows, like "Description:"
    text = re.sub(r"^\s*(?:\*\*|__)([^*_\n]{1,60}?)(?:\*\*|__)\s*:?\s*$", r"\1:", text, flags=re.M)
    lines = [line for line in _tables(_unwrap(text)) if line.strip()]
    under_heading = skipping = False
    for index, raw in enumerate(lines):
        quoted = re.match(r"\s*>\s?(?P<quote>.*)$", raw)
        if quoted:
            # "> So the plan is: garages and drivers?" quoted from an earlier message: a
            # question (or "> On Tue, Sam wrote:") says nothing of the data; a remark is read
            # on its own
            if not quoted["quote"].rstrip().endswith(("?", "wrote:")):
                result.extend((sentence, None) for sentence in _sentences(quoted["quote"]))
            continue
        heading = bool(_HEADING.match(raw))
        if heading and _heading_level(raw) < _next_heading_level(lines, index):
            # "# Online shop" over "## Products": a title, not a resource.
            title = BULLET.sub("", raw).strip()
            if title:
                result.append((title, None))
            header, listing, under_heading = None, False, False
            continue
        heading = heading or _numbered_title(lines, index)
        is_bullet = not heading and (bool(BULLET.match(raw)) or raw[:1] in {" ", "\t"})
        line = REQUIREMENT_ID.sub("", BULLET.sub("", raw).strip())
        if _EXAMPLE_LINE.match(line):
            continue  # '  e.g. "The Okafors", okafor.home@gmail.com, 2': a record, not a field
        ticket = len(_TICKET_FACTS.findall(line)) > 1 and _TICKET_ONLY.search(line)
        if _PAGE_FACTS.search(line) or ticket:
            # "_Last edited by R. Osei · Owner: Clinic Ops_", "Type: Story   Priority: Medium":
            # about the page
            continue
        mail = not result and re.match(
            # "Re: Re: clay shooting system": a reply to a reply
            r"(?:(?:subject|re|fwd?|meeting\s+(?:notes|minutes)|minutes|title(?=:\s*[A-Z]\w*\s+[a-z]))\s*[:\u2013-]\s*)+(?P<title>[^,]+)",
            line,
            re.I,
        )
        if mail:  # "Subject: Plumbing API" heads an email, "Meeting notes - ..." a page
            # "(14 Nov)", "14 Nov - surveying ops system": when, not what
            title = re.sub(r"\s*\([^()]*\)", "", mail["title"])
            title = re.sub(
                r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                r"\b\s*[-\u2013,]?\s*",
                "",
                title,
                flags=re.I,
            )
            result.append((title, None))
            continue
        # "Books" above "- title"; "1. Supplier" above "   - name: string", indented deeper
        before_items = (
            index + 1 < len(lines)
            and _is_item(lines[index + 1])
            and (not is_bullet or _indent(lines[index + 1]) > _indent(raw))
        )
        label = _header_label(line, heading, before_items)
        if skipping and label is None and (is_bullet or under_heading):
            continue  # "- NFR1: Response times under 200 ms" under "Non-functional requirements"
        skipping = label is not None and to_snake(label) in vocab.SKIPPED_SECTIONS
        if label is not None and to_snake(label) in vocab.FIELDS_LABELS:
            continue  # "Fields:" over a thing's bullets: they stay the thing's
        if label is not None:
            # "Data model:", "Agreed data model:"
            qualifier, _, listed = to_snake(label).partition("_")
            listing = to_snake(label) in vocab.RESOURCE_LIST_WORDS or (
                qualifier in {"agreed", "proposed", "draft", "core", "our", "the"}
                and listed in vocab.RESOURCE_LIST_WORDS
            )
            glossary = to_snake(label) in vocab.GLOSSARY_HEADERS
            remark = (
                listing
                or glossary
                or skipping
                or to_snake(label) in vocab.META_HEADERS | vocab.STATEMENT_HEADERS
                # "## Notes" above "- Keep it fast; we have ~40k members": statements of
                # their own, where a notes resource would list its fields ("- title")
                or (
                    to_snake(label) in vocab.REMARK_SECTIONS
                    and index + 1 < len(lines)
                    and len(BULLET.sub("", lines[index + 1]).split()) > 3
                )
            )
            # "Platform" alone above its fields is a resource, whatever an API may be called
            alone = not heading and " " not in label.strip()
            # "# Project tracker", "## Library API": the title over what it keeps
            titled = heading and names_the_api(label)
            header = None if remark or titled else resource_name(label, record=alone)
            under_heading = heading
            if remark:
                continue
            if titled:
                result.append((f"{label}:", None))
                continue
            if header is not None:
                result.append((f"{label}:", None))
                continue
            owner = _OWNER_OF_ITEMS.search(label) if before_items else None
            header = owner and resource_name(owner["things"])
            if owner and header:
                # "need a seed bank api. only one thing, seed packets, each one has:"
                result.extend((s, None) for s in _sentences(label[: owner.start()]))
                result.append((f"{owner['things']}:", None))
                continue
        if not is_bullet and not under_heading:
            # Under "## Students" plain lines too are about students, until the next heading.
            header, listing, glossary = None, False, False
        term = _TERM.match(line) if glossary else None
        if term:
            # "Specimen: a pressed plant sheet. Recorded with its accession number": a
            # resource; what it is, in words, is not one of its fields
            result.append((f"{term['term']}:", None))
            said = _sentences(term["said"])
            linked = _DEFINED_LINK.search(said[0])
            if linked:  # "Job: a repair ordered for a vessel": for a vessel, if there are any
                result.append((f"each {term['term']} is for a {linked['thing']}", None))
            fields = re.search(r":\s*(.+)$", said[0])  # "the person who gathered it: name"
            if fields:
                result.append((f"{term['term']}: {fields[1]}", None))
            result.extend((sentence, None) for sentence in said[1:])
            continue
        # not "GET /bookings should filter by date" under "Endpoints:": how, not what
        if listing and ":" not in line and not _THINGS_DASH.match(line) and not _ROUTE.match(line):
            line = f"Resources: {line}"  # not "Candidates - full name, email": described
        labelled = re.match(r"^(?P<head>[^:()]{1,40}?)(?::|\s+[-\u2013]\s)", line)
        if labelled and resource_name(labelled["head"]):
            # "Quotes: for a customer; estimated volume, price": one list of what quotes have
            line = re.sub(r";(?![^()]*\))", ",", line)
        for sentence in _sentences(line):
            if header is not None and not is_bullet and _DEFINITION.match(sentence):
                continue  # the heading's things, said in words; their bullets say the rest
            what = _WHAT_IT_IS.match(sentence)
            if header is not None and what and resource_name(what["thing"]) == header:
                continue  # "Operators are our certified drivers" under "Operators"
            # "Hosting will be on Azure" under "### Quality checks": prose, not its fields
            remark = not is_bullet and _REMARK.search(sentence) is not None
            result.append((sentence, None if remark else header))
    return result


# "a boat belonging to a client", "a repair ordered for a vessel" in a term's definition
_DEFINED_LINK = re.compile(
    r"\b(?:belonging\s+to|[a-z]+(?:ed|en)\s+(?:for|by|to|at|in|on|from))\s+(?:a|an|one)\s+"
    r"(?P<thing>[a-z]+)\b",
    re.IGNORECASE,
)
# "**Taxon**: a scientific name" in a glossary
_TERM = re.compile(r"^\**(?P<term>[A-Za-z][\w ]{0,40}?)\**\s*:\s*(?P<said>.+)$")
_PAGE_FACTS = re.compile(
    r"(?<![a-z])last\s+(?:edited|updated|modified|changed|reviewed)\s+(?:by|on)\b", re.IGNORECASE
)


_ROUTE = re.compile(r"^(?:GET|POST|PUT|PATCH|DELETE)\s+/")
_EXAMPLE_LINE = re.compile(r"^\s*(?:e\.?\s?g\.?|for\s+example|example)(?:\s*:|\s)", re.IGNORECASE)
# never "status: open or closed, type: indoor or outdoor", two fields on one line
_TICKET_ONLY = re.compile(r"\b(?:priority|reporter|assignee|sprint|epic)\s*:", re.IGNORECASE)
_TICKET_FACTS = re.compile(
    r"\b(?:type|priority|reporter|assignee|sprint|labels?|components?|epic|severity|status)\s*:",
    re.IGNORECASE,
)


# The things whose fields the bullets below list: "seed packets, each one has",
# "Each seed packet has", "Books have"
_OWNER_OF_ITEMS = re.compile(
    r"(?:^|(?<=[,.;]\s)|(?<=[,.;]))\s*(?:(?:each|every|a|an)\s+)?(?P<things>[a-z]+(?:\s[a-z]+)?)"
    r"\s*,?\s+(?:(?:each(?:\s+one)?|every\s+one|they|it)\s+)?"
    r"(?:has|have|should\s+have|needs?|contains?|includes?|records?|stores?)$",
    re.IGNORECASE,
)
_REMARK = re.compile(
    # never "We store full name, ..." or "It has a start date, ..." about the heading's thing
    r"^(?!(?:we|i)\s+(?:store|keep|record|track|save|hold)\s|(?:it|they)\s+(?:has|have)\s)"
    r"(?:we|i|you|it|this|there|they|please|thanks?)\b|"
    r"\b(?:will|would|could|might|we'?ll|we'?d|i'?d|later|eventually|maybe|nice)\b",
    re.IGNORECASE,
)


# "The members of the public who bring animals in." under "## Finders"
_DEFINITION = re.compile(r"^(?:the|these|those)\s+[\w ]+?\s+(?:who|that|which)\s", re.I)
_WHAT_IT_IS = re.compile(
    r"^(?P<thing>[a-z][\w ]{0,40}?)\s+(?:is|are)\s+(?:our|the|my|your)\s+[a-z][\w -]*$", re.I
)
_HEADING = re.compile(r"^\s*#+\s*")


# A chat pasted as it was: "[10:02] maya: ...", "maria  10:02" above what she wrote,
# "#backend-i18n" (the channel)
_CHAT_TIME = re.compile(r"^[ \t]*\[\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?\][ \t]*", re.M | re.I)
_CHAT_HEADER = re.compile(
    r"^[ \t]*(?:#[a-z0-9]+(?:-[a-z0-9]+)+|[A-Za-z][\w.-]{0,30}[ \t]{2,}\d{1,2}:\d{2}(?:\s*[ap]m)?)"
    r"[ \t]*$",
    re.M | re.I,
)
_SPEAKER = re.compile(r"^[ \t]*([A-Za-z][\w.-]{0,20}):[ \t]+(?=\S)", re.M)


def _without_chat_marks(text: str) -> str:
    """The messages of a chat, each on its own, without who wrote them when. Speakers are
    two names or more that each start two lines or more, and start two lines in five at
    least (never "name: string" in a list of typed fields)."""
    text = _CHAT_HEADER.sub("\n", _CHAT_TIME.sub("", text))
    said = Counter(m[1] for m in _SPEAKER.finditer(text))
    speakers = {name for name, lines in said.items() if lines >= 2}
    lines = [line for line in text.splitlines() if line.strip()]
    if len(speakers) < 2 or sum(said[name] for name in speakers) * 5 < len(lines) * 2:
        return text
    # a blank line before each message: never a line wrapped from the one before
    return _SPEAKER.sub(lambda m: "\n" if m[1] in speakers else m[0], text)


# "1. Purpose" over a paragraph, "2. Data" over "2.1 Species: ...", "3. Non-functional"
# over "- ...": a numbered document's section heading
_NUMBERED_TITLE = re.compile(r"\s*(?P<number>\d+(?:\.\d+)*)[.)]?\s+(?P<title>[A-Z][\w -]{0,40})")


def _numbered_title(lines: list[str], index: int) -> bool:
    title = _NUMBERED_TITLE.fullmatch(lines[index])
    if title is None:
        return False
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    if re.match(rf"\s*{title['number']}\.\d", following):
        return True  # its own sub-numbers beneath
    if re.match(r"\s*[-*\u2022+]\s", following):
        # "3. Match" over "- played_at: datetime" lists a match's fields either way; a
        # skipped section's bullets must go with it
        return to_snake(title["title"]) in vocab.SKIPPED_SECTIONS
    return bool(following) and not BULLET.match(following) and not following[:1].isspace()


def _heading_level(line: str) -> int:
    return len(line.strip()) - len(line.strip().lstrip("#"))


def _next_heading_level(lines: list[str], index: int) -> int:
    """The level of the first markdown heading after `lines[index]` (0 when none)."""
    later = (line for line in lines[index + 1 :] if _HEADING.match(line))
    return next((_heading_level(line) for line in later), 0)


# A line that starts a statement of its own: a bullet, heading, numbered item, table row
# or a "Pets: name, species" label.
_LINE_START = re.compile(r"^\s*(?:[-*\u2022+#|>]|\d+[.)]\s|[\w ]{1,40}:(?:\s|$))")
# A line ending like this stops mid-sentence: "… published year)," / "… belongs to a".
_OPEN_END = re.compile(
    r"(?:[,(]|\b(?:and|or|with|of|a|an|the|to|for|in|on|at|by|from|can|has|have|is|are|"
    r"belongs?|that|which|who|as|each|every|its|their|per|plus|including|between|do|does|did|one|many|"
    r"defaults?|defaulting|we|i|you|they|our|my|your)|"
    # "users can review" then "movies: ...": a verb waiting for its object
    r"\b[a-z]+s\s+(?:can|may|will|must|should)\s+[a-z]+)$",
    re.IGNORECASE,
)
# "Shift: starts at, ends at": a list ending in a moment's name, not a sentence cut short
_MOMENT_END = re.compile(r"(?:^|[,:]\s*)[a-z]+(?:\s[a-z]+)?\s+(?:at|on)$", re.IGNORECASE)
# A line starting like this goes on with the sentence before: "… a name" / "and a bio".
_OPEN_START = re.compile(r"^\s*(?:and|or|but|with|of|to|for|that|which|who)\s")
# "hives belong to an apiary", "Crew members are assigned to jobs": a sentence of its own
_OWN_SUBJECT = re.compile(
    r"^(?:(?:a|an|the|each|every)\s+)?(?!(?:can|may|must|will|should|could|and|or|to)\b)[a-z]+(?:\s+[a-z]+)?\s+(?:belongs?|has|have|is|are|can|"
    r"may|must|will|should)\s",
    re.IGNORECASE,
)
# How a line that wrapping cut from the one before may start: "for a request too: a
# request can have many tugs", "ticket: the ticket belongs to"
_WRAPPED_ON = re.compile(rf"{_OPEN_START.pattern}|\s*[a-z]+\s*:\s+(?:the|it|this)\s", re.I)
# "Members (name, email)": a line that names one more item of a list written one per line.
_ITEM_LINE = re.compile(r"^\s*\w[\w -]{0,40}\(")
# Prose wrapped at a fixed width leaves lines at least this long.
_WRAPPED_LINE = 40


def _unwrap(text: str) -> list[str]:
    """The lines of `text` with hard-wrapped sentences joined back together.

    A line continues the previous one unless it starts a statement of its own (bullet,
    heading, numbered item, table row, "Label:") or the previous line ended one (".", "Books:").
    It continues when the previous line stops mid-sentence ("…year)," / "…Posts can") or
    inside parentheses, or when the previous line is as long as wrapped prose. Short lines
    and lists written one item per line ("Books (title)" then "Members (name)") stay apart.
    """
    lines: list[str] = []
    last = ""  # the previous line as written, before any joining
    # "engineers - name, email" then "rotations - name": one thing per line, when two or
    # more lines start that way (one alone may be a wrapped "stock" / "movements - ...")
    dashed = sum(1 for line in text.splitlines() if _THINGS_DASH.match(line)) > 1
    # the width the text was wrapped at, if it was: its longest line
    width = max((len(line.rstrip()) for line in text.splitlines()), default=0)
    for raw in text.splitlines():
        previous = lines[-1].rstrip() if lines else ""
        if previous and raw.strip() and _continues(previous, last, raw, dashed, width):
            lines[-1] = f"{previous} {raw.strip()}"
        else:
            lines.append(raw)
        last = raw
    return lines


_THINGS_DASH = re.compile(r"\s*[a-z][\w ]{0,30}(?:\s*\([^()]*\))?\s[-\u2013]\s", re.IGNORECASE)


def _continues(previous: str, last: str, raw: str, dashed: bool, width: int) -> bool:
    """Whether line `raw` carries on the sentence of the (non-blank) line before it;
    `dashed` when the text lists things one per line as "things - fields"; `width` is the
    longest line's length."""
    if re.match(r"(?:hi|hello|hey|dear)\b[^,.:]{0,40},$", previous, re.IGNORECASE):
        return False  # "Hi Marek," greets; the letter starts on the next line
    if _EXAMPLE_LINE.match(raw):
        return False  # "  e.g. Priya Shah, 07700 900123": an example of the line above
    if previous.count("(") > previous.count(")"):
        return True  # "(…, fuel" then "type: petrol or diesel)" is one item
    if raw.lstrip().startswith("("):
        return True  # "sex" then "(colt|filly|mare)": what was said goes on
    if raw.lstrip().startswith("+ ") and re.search(r"\w\s\+\s\w", last):
        return True  # "appt = client + stylist" then "+ service": the sum goes on
    if previous.endswith(":") and re.fullmatch(
        r"\s*\w+(?: \w+){0,3}(?:\s*,\s*\w+(?: \w+){0,3}){2,}\s*", raw
    ):
        # "toilets:" then "location_name,ward,accessible" or "Ticket Number,Buyer Name,...":
        # the label's columns
        return True
    if re.match(r"(?:are|is|was|were|has|have|had|can|will|would|should|must)[\s:]", raw):
        return previous[-1] not in ".!?:;"  # "… quilts that members" then "are making: title"
    # Only the end matters: searching all of a line that keeps growing would be quadratic.
    tail = max(0, len(previous) - 100)
    open_end = _OPEN_END.search(previous, tail) and not _MOMENT_END.search(previous, tail)
    if open_end and not re.match(r"\s*(?:[-*\u2022+#|]|\d+[.)]\s)", raw):
        return True  # "… a game result for each" then "booking: whether …": one sentence
    bullet = re.match(rf"^\s*{_LIST_MARKER}\s+", previous)
    if (
        bullet
        and 0 < _indent(raw) <= len(bullet[0])
        # a long line, or one cut before a long "(beginner/intermediate/advanced)" or any
        # word too long to fit the width
        and (
            len(last.strip()) >= _WRAPPED_LINE
            or raw.lstrip().startswith("(")
            or len(last.rstrip()) + 1 + len(raw.split()[0]) > width
        )
        and not BULLET.match(raw)
    ):
        return True  # "- Find: …, material" then "  enum: pottery/bone": the bullet, wrapped
    if (
        # never "for a request too: ..." or "ticket: the ticket belongs ..." after wrapped
        # prose: the sentence goes on
        (
            _LINE_START.match(raw)
            and not (_WRAPPED_ON.match(raw) and len(last.strip()) >= _WRAPPED_LINE)
        )
        or USER_STORY.match(raw.strip())  # "as a dispatcher i want to ..." on each line
        or re.match(r"\s*(?:pls|plz|please|thanks|thx|ty|cheers|thank\s+you|ps)\b", raw, re.I)
        or _HEADING.match(previous)
        or previous.lstrip().startswith("|")
        or previous[-1] in ".!?;"
    ):
        return False
    if previous.endswith(":"):
        # "… and a status:" then "fermenting or packaged"; "Books:" above its fields stays,
        # and so does "just one table:" above a lone "coin" (the label of the bullets below)
        label = (
            re.fullmatch(r"\s*\w+(?:\s\w+)?\s*", raw)
            and not re.search(r"\b(?:or|and)\b", raw)
            # "license_number:" then "string unique": the field's type
            and raw.split()[0].lower() not in vocab.TYPE_WORDS
        )
        return (
            raw.strip()[0].islower()
            and not label
            and not (dashed and _THINGS_DASH.match(raw))  # "what we need:" / "engineers - name"
            and not re.fullmatch(r"\s*[\w ]{1,40}:", last)
        )
    if open_end or _OPEN_START.match(raw):
        return True
    if (_LINE_START.match(previous) or (dashed and _THINGS_DASH.match(previous))) and (
        _OWN_SUBJECT.match(raw) or re.match(r"\s*[\w ]{1,60}:\s", raw)
    ):
        return False  # "inspection: inspected at, comments" then "hives belong to ..."
    one_per_line = (previous.endswith(")") and _ITEM_LINE.match(raw)) or (
        # "  name - string" then "  email - email": indented items, one per line
        raw[:1].isspace() and _indent(raw) == _indent(last)
    )
    if LEFT_OUT.match(raw) or (dashed and _THINGS_DASH.match(raw)):
        return False  # "escalation policies we can skip for now": a remark of its own
    # a long line, or one cut before a word too long to fit ("a status" then
    # "requested/ongoing/completed")
    wrapped = (
        len(last.strip()) >= _WRAPPED_LINE or len(last.rstrip()) + 1 + len(raw.split()[0]) > width
    )
    return wrapped and not one_per_line


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# Column names in a markdown table's header row
_THING_COLUMNS = frozenset({"resource", "entity", "table", "model", "object", "thing"})
_RELATION_COLUMNS = frozenset({"relations", "relationships", "relation", "links", "link"})


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _tables(lines: list[str]) -> list[str]:
    """Markdown tables as the lines the rest reads: a row per field ('| price | decimal |')
    is the bullet 'price (decimal)'; a table with a resource column groups its rows under
    'Turbine:'; a row per resource ('| Setter | name, email | has many puzzles |') is
    'Setter: name, email' and 'Setter has many puzzles'."""
    result: list[str] = []
    index = 0
    while index < len(lines):
        if not lines[index].lstrip().startswith("|"):
            result.append(lines[index])
            index += 1
            continue
        block = []
        while index < len(lines) and lines[index].lstrip().startswith("|"):
            block.append(_cells(lines[index]))
            index += 1
        ruled = len(block) > 1 and all(re.fullmatch(r":?-*:?", c) for c in block[1])
        head = [to_snake(c) for c in block[0]] if ruled else []
        rows = [r for r in (block[2:] if ruled else block) if any(r)]
        result.extend(_table_lines(head, rows))
    return result


def _table_lines(head: list[str], rows: list[list[str]]) -> list[str]:
    if len(head) == 2 and head[0] in {"property", "key", "attribute"} and head[1] == "value":
        return []  # a page's own properties (owner, status, last edited), not the data
    if {"from", "to"} <= set(head) and len(head) == 3:
        # "| Bird | many-to-one | Handler |": one link per row
        ends = [head.index("from"), head.index("to")]
        kind = ({0, 1, 2} - set(ends)).pop()
        return [f"{row[ends[0]]} {row[kind]} {row[ends[1]]}" for row in rows if len(row) == 3]
    thing = next((i for i, c in enumerate(head) if c in _THING_COLUMNS), None)
    links = next((i for i, c in enumerate(head) if c in _RELATION_COLUMNS), None)
    if thing is None:
        return [f"- {_described(row[0], row[1:])}" for row in rows]
    lines: list[str] = []
    per_field = not any(c in {"fields", "attributes", "columns", "properties"} for c in head)
    said: str | None = None
    for row in rows:
        rest = [c for i, c in enumerate(row) if i not in (thing, links)]
        name = row[thing] or said or ""
        if per_field:  # "| Turbine | serial number | string | unique |"
            if name != said:
                lines.append(f"{name}:")
            lines.append(f"- {_described(rest[0], rest[1:])}" if rest else "")
        else:  # "| Setter | pseudonym (unique), email | has many puzzles |"
            lines.append(f"{name}: {', '.join(c for c in rest if c)}")
        if links is not None and row[links]:
            lines.extend(f"{name} {clause.strip()}." for clause in row[links].split(";"))
        said = name
    return lines


def _described(field_name: str, details: list[str]) -> str:
    # "| truck | -> Truck | belongs to |": a reference to trucks; the note says it again
    shown = [
        re.sub(r"^(?:->|\u2192|=>)\s*", "reference to ", d)
        for d in details
        if d and not re.fullmatch(r"belongs?\s+to|fk|foreign\s+key|many[\s-]+to[\s-]+one", d, re.I)
    ]
    return field_name + (f" ({', '.join(shown)})" if shown else "")


def _is_item(raw: str) -> bool:
    """A bullet or indented line (not a markdown heading)."""
    return not _HEADING.match(raw) and (bool(BULLET.match(raw)) or raw[:1] in {" ", "\t"})


def _header_label(line: str, heading: bool, before_items: bool) -> str | None:
    """'Books' for 'Books:', '## Books' or a lone 'Books' line above bullets; else None."""
    if line.endswith(":") and ":" not in line[:-1]:
        return line[:-1].strip()
    if (heading or before_items) and not re.search(r"[:.,;()!?]", line):
        return line
    return None


_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|max|min|approx|incl|vs)\.", re.IGNORECASE)


# "display name?" in a field list marks an optional field (TypeScript style), not a question.
_OPTIONAL_MARK = re.compile(
    r"(?:^|(?<=[,:(]))(?P<field>\s*[\w-]+(?:\s+[\w-]+){0,2})\?(?=\s*(?:[,)]|$))"
)


_AND_STATEMENT = re.compile(
    r"\s*\((?:(?:and|but)\s+(?P<statement>[a-z]+(?:\s+[a-z]+)?\s+(?!or\b|and\b)[a-z]+\s+[^()]+)|"
    r"(?P<about_one>(?:a|an|each|every)\s+[a-z]+(?:\s+[a-z]+)?\s+"
    r"(?:can|may|must|belongs?|will|should)\s+[^()]+))\)"
    r"(?=\s*(?:[.;!?]|$))",
    re.IGNORECASE,
)


_VERB_WORD = re.compile(
    r"\b(?:has|have|is|are|belongs?|can|may|must|will|should|want|need|we|i|you|they|it|each|"
    r"every|links|connects)\b",
    re.IGNORECASE,
)


_OWNED_THINGS = re.compile(
    r"^(?P<things>[\w ]{1,40}?)\s+[-\u2013]\s+(?P<clause>(?:each|every)\s+[a-z]+(?:\s[a-z]+)?\s+"
    r"(?:has|have)\s+many\s+(?P<many>[a-z]+(?:\s[a-z]+)?))\s*[;,]\s*(?P<fields>.+)$",
    re.IGNORECASE,
)


def _owned_things_first(match: re.Match[str]) -> str:
    """The fields first when the owner's many things are the label's things."""
    if match["things"].split()[-1].lower() != match["many"].split()[-1].lower():
        return match[0]
    return f"{match['things']}: {match['fields']}. {match['clause']}"


# Habits of writing turned into sentences the readers take one at a time; in this order.
_SENTENCE_FORMS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (_ABBREVIATIONS, lambda m: m[1].replace(".", "")),
    # "cancelled? (yes/no)": a question field
    (re.compile(r"(?<=\w)\?(?=\s*\()"), ""),
    (_OPTIONAL_MARK, r"\g<field> (optional)"),
    # "serial number - unique": a mark on the field, not a clause
    (
        re.compile(r"(?<=\w)\s+[-\u2013]\s+(unique|optional|required)\b(?=\s*[,;)]|\s*$)", re.I),
        r" (\1)",
    ),
    # "Reviews - each apprenticeship has many progress reviews; review date, summary": the
    # reviews' fields, and whose they are
    (_OWNED_THINGS, _owned_things_first),
    # "requests - each request is made by a singer", "several presenters - some presenters
    # do more than one show", "musicians - their name, email - and then the rehearsals":
    # after a dash, a statement of its own
    (
        re.compile(
            r"\s+[-\u2013]\s+(?=(?:each|every|some|most|all)\s+(?!one\b|of\b)\w+(?:\s+\w+|\s*:)|"
            r"and\s+(?:then|also)\s|(?:a|an)\s+\w+(?:\s+\w+)?\s+has\s)",
            re.I,
        ),
        ". ",
    ),
    # "a supervisor usually supervises several theses": how often says nothing of the data
    (
        re.compile(
            r"\s*,?\s*\b(?:of\s+course|obviously|naturally|actually)\b\s*,?(?=\s|\)|$)|"
            r"\s+over\s+(?:time|the\s+years|(?:their|his|her|its)\s+(?:careers?|lives?|lifetimes?))\b",
            re.I,
        ),
        # "... has many students obviously, students have ...": the comma stays
        lambda m: ", " if m[0].rstrip().endswith(",") else " ",
    ),
    (re.compile(r"\b(?:usually|normally|typically|often|sometimes|generally|mostly)\s+", re.I), ""),
    # "the same track gets played on lots of episodes": said of any one track
    (re.compile(r"\bthe\s+same\s+(?=[a-z]+\s+[a-z]+)", re.I), "a "),
    # "its led by a guide": "it's", typed quickly
    (re.compile(r"\bit'?s\s+(?=[a-z]+\s+by\s)", re.I), "it is "),
    # "book a machine for a time slot, so a booking has a start time": what follows "so"
    (
        re.compile(
            r",?\s+so\s+(?=(?:a|an|each|every)\s+\w+(?:\s+\w+)?\s+(?:has|have|is|belongs|links)\b)",
            re.I,
        ),
        ". ",
    ),
    # "..., then a member has many lofts, a loft has a name": one statement after another
    (
        re.compile(
            r",\s+(?:and\s+)?(?:then\s+|finally\s+)?(?=(?:(?:a|an|each|every|the)\s+[a-z]+"
            r"(?:\s+(?!and\b|or\b|that\b|which\b|who\b)[a-z]+)?|[a-z]+s)\s+"
            r"(?:has|have|can\s+have|belongs?\s+to|are\s+just|is\s+just)\s)",
            re.I,
        ),
        ". ",
    ),
    # "We see clients, and for each client we keep their name", "grow beds (name, crop) and
    # every grow bed is fed by one tank", "students enroll in courses, and each course is
    # taught by one teacher": a statement of its own
    (
        re.compile(
            r",\s+and\s+(?=for\s+(?:each|every)\s)|(?<=\))\s+and\s+(?=(?:each|every)\s)|"
            r",\s+and\s+(?=(?:each|every|a|an|the\s+same)\s+[a-z]+(?:\s[a-z]+)?\s+"
            r"(?:is|are|has|have|belongs|can|contains|includes)\s)",
            re.I,
        ),
        ". ",
    ),
    # "a founded year, and students join societies so students can be in many societies":
    # statements of their own
    (
        re.compile(
            r",\s+and\s+(?:then\s+)?(?=(?!(?:has|is|was|does)\s)[a-z]+s\s+(?!(?:are|were|have|had|is|was)\b)[a-z]+\s+"
            r"(?:(?:in|on|at|for|to|with)\s+)?(?:many\s+)?[a-z]+s\b)|"
            r"\s+so\s+(?=[a-z]+s\s+can\s+(?:be\s+[a-z]+\s+|have\s+|belong\s+to\s+)(?:many|several)\s)",
            re.I,
        ),
        ". ",
    ),
    # "..., anyway it doesn't need a UI yet": the talk moves on
    (re.compile(r",\s+(?=(?:anyway|anyways|btw|by\s+the\s+way)\b)", re.I), ". "),
    # "... and then inspections, where an inspection is carried out on one pipe": what
    # follows "where" is a statement of its own
    (
        re.compile(
            r",\s+where\s+(?=(?:a|an|each|every)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:is|has|belongs?)\s)",
            re.I,
        ),
        ". ",
    ),
    # "A student can book many workshops and in one workshop are many students", "In one job
    # can work many shearers": as learners often write "one workshop has many students"
    (
        re.compile(
            r"(?:^|,?\s+and\s+|,\s+)in\s+(?:one|a|an|each|every)\s+([a-z]+(?:\s[a-z]+)?)\s+"
            r"(?:are|there\s+are|can\s+be|can\s+work|work)\s+(?=(?:many|several|multiple|lots\s+of)\s)",
            re.I,
        ),
        r". a \1 has ",
    ),
    # "a trip has many divers (and divers do many trips)": a statement of its own, and so
    # is "(a member can be trained on many machines)"
    (_AND_STATEMENT, lambda m: f". {m['statement'] or m['about_one']}"),
)


def _sentences(line: str) -> list[str]:
    for pattern, into in _SENTENCE_FORMS:
        line = pattern.sub(into, line)
    # Not inside parentheses: "status (one of: draft, published; defaults to draft)".
    masked = re.sub(r"\([^()]*\)", lambda m: "x" * len(m[0]), line)
    ends = [m for m in re.finditer(r"[.!?;](?:\s+|$)", masked)]
    for m in ends:
        rest = re.split(r"[.!?;](?:\s+|$)", masked[m.end() :], maxsplit=1)[0]
        if m[0][0] == ";" and "," in rest and not _VERB_WORD.search(rest):
            # "belongs to a client; number (unique), issue date": the same list goes on
            line = f"{line[: m.start()]},{line[m.start() + 1 :]}"
    cuts = [0, *(m.end() for m in ends if line[m.start()] != ",")]
    parts = [
        line[a:b].rstrip().rstrip(".!?;") for a, b in zip(cuts, [*cuts[1:], len(line)], strict=True)
    ]
    return [p.strip() for p in parts if p.strip()]
