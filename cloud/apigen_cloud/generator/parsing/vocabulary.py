"""Word tables the offline parser reads: type inference, type words, defaults.

Kept apart from the parsing code so that teaching the parser a new word is a
one-line change here.
"""

from __future__ import annotations

from typing import Final

from apigen_cloud.generator.spec import FORBIDDEN_NAMES, FieldType

# Field type from a whole snake_case field name (checked first) ...
TYPE_BY_NAME: Final[dict[str, FieldType]] = {
    "elevation": "float",
    "easting": "float",
    "amplitude": "float",
    "ph": "float",
    "magnitude": "float",
    "northing": "float",
    "altitude": "float",
    "email_address": "email",
    "e_mail": "email",
    "phone_number": "string",
    "mobile_number": "string",
    "zip_code": "string",
    "postal_code": "string",
    "birthday": "date",
    "birthdate": "date",
    **{
        f"{bound}_{end}": "date"
        for bound in ("valid", "effective")
        for end in ("from", "until", "till", "to")
    },
    "dob": "date",
    "date_of_birth": "date",
    "year_of_birth": "integer",
    "deadline": "date",
    "due": "date",
    "year": "integer",
    "age": "integer",
    "stock": "integer",
    "published": "boolean",
    "is_published": "boolean",
    "vegetarian": "boolean",
    "vegan": "boolean",
    "active": "boolean",
    "enabled": "boolean",
    "done": "boolean",
    "completed": "boolean",
    "finished": "boolean",
    "archived": "boolean",
    "paid": "boolean",
    "verified": "boolean",
    "available": "boolean",
    "visible": "boolean",
    "featured": "boolean",
    "approved": "boolean",
    "returned": "boolean",
    "present": "boolean",
    "open": "boolean",
    "closed": "boolean",
    "passed": "boolean",
    "failed": "boolean",
    "confirmed": "boolean",
    "cancelled": "boolean",
    "canceled": "boolean",
    "locked": "boolean",
    "hidden": "boolean",
    "blocked": "boolean",
    "resolved": "boolean",
    "absent": "boolean",
    "favourite": "boolean",
    "favorite": "boolean",
    "attended": "boolean",
    "read": "boolean",
    "public": "boolean",
    "private": "boolean",
    "in_stock": "boolean",
    "calories_burned": "integer",
    "uuid": "uuid",
    "guid": "uuid",
    **{f"{group}_size": "integer" for group in ("party", "group", "team", "class", "household")},
}

# ... then from the last word of the name ("published_year" -> "year").
TYPE_BY_LAST_WORD: Final[dict[str, FieldType]] = {
    "rate": "decimal",
    "email": "email",
    "url": "url",
    "website": "url",
    "link": "url",
    "homepage": "url",
    "uri": "url",
    "at": "datetime",
    "timestamp": "datetime",
    "time": "datetime",
    "datetime": "datetime",
    "date": "date",
    "day": "date",
    "birthday": "date",
    "price": "decimal",
    "amount": "decimal",
    "fee": "decimal",
    "fare": "decimal",
    "tip": "decimal",
    "income": "decimal",
    "money": "decimal",
    "premium": "decimal",
    "cost": "decimal",
    "total": "decimal",
    "subtotal": "decimal",
    "salary": "decimal",
    "balance": "decimal",
    "budget": "decimal",
    "tax": "decimal",
    "revenue": "decimal",
    "wage": "decimal",
    "rent": "decimal",
    "deposit": "decimal",
    "cash": "decimal",
    "discount": "decimal",
    "count": "integer",
    "quantity": "integer",
    "qty": "integer",
    "year": "integer",
    "age": "integer",
    "stock": "integer",
    "pages": "integer",
    "capacity": "integer",
    "seats": "integer",
    "servings": "integer",
    "calories": "integer",
    "minutes": "integer",
    "hours": "integer",
    "days": "integer",
    "nights": "integer",
    "guests": "integer",
    "floor": "integer",
    "mileage": "integer",
    "population": "integer",
    "priority": "integer",
    "duration": "integer",
    "rank": "integer",
    "seed": "integer",
    **{
        noun: "integer"
        for noun in (
            "spaces",
            "spots",
            "beds",
            "bedrooms",
            "bathrooms",
            "points",
            "votes",
            "credits",
            "likes",
            "views",
            "downloads",
            "copies",
            "tickets",
            "attempts",
            "visits",
            "goals",
            "wins",
            "losses",
            "steps",
            "floors",
            "rooms",
            "employees",
            "students",
            "participants",
            "players",
            "pieces",
            "sets",
            "reps",
            "repetitions",
            "laps",
            "rounds",
        )
    },
    "rating": "float",
    "score": "float",
    "weight": "float",
    "tonnage": "float",
    "height": "float",
    "width": "float",
    "depth": "float",
    "latitude": "float",
    "longitude": "float",
    "lat": "float",
    "lng": "float",
    "lon": "float",
    "temperature": "float",
    "percentage": "float",
    "percent": "float",
    "ratio": "float",
    "distance": "float",
    "gpa": "float",
    "flag": "boolean",
    "description": "text",
    "body": "text",
    "text": "text",
    "letter": "text",
    "content": "text",
    "notes": "text",
    "note": "text",
    "bio": "text",
    "biography": "text",
    "summary": "text",
    "synopsis": "text",
    "comment": "text",
    "feedback": "text",
    "comments": "text",
    "message": "text",
    "details": "text",
    "instructions": "text",
    "ingredients": "text",
    "abstract": "text",
    "remarks": "text",
    "uuid": "uuid",
    "guid": "uuid",
}

# "<activity> time" is how long the activity takes, a number of minutes ("cooking time"),
# where "start time" or "opening time" is a moment.
DURATION_TIMES: Final[frozenset[str]] = frozenset(
    {
        "cooking",
        "cook",
        "prep",
        "preparation",
        "baking",
        "bake",
        "brewing",
        "travel",
        "travelling",
        "traveling",
        "wait",
        "waiting",
        "response",
        "resolution",
        "lead",
        "run",
        "running",
        "reading",
        "play",
        "playing",
        "playtime",
        "screen",
        "flight",
        "transit",
        "processing",
        "turnaround",
        "setup",
        "rest",
        "resting",
        "recovery",
        "charging",
        "total",
        "estimated",
        "average",
        "commute",
        "drive",
        "driving",
        "walking",
        "spent",
    }
)

# "time spent": how long; "time created": when.
DURATION_PARTICIPLES: Final[frozenset[str]] = frozenset(
    {"spent", "taken", "elapsed", "played", "worked", "logged", "needed", "required", "remaining"}
)

# Names of a choice among values: "kind washer or dryer" is the enum kind (washer, dryer).
CHOICE_NAMES: Final[tuple[str, ...]] = (
    "kind",
    "status",
    "state",
    "category",
    "role",
    "level",
    "size",
    "gender",
    "sex",
    "priority",
    "mode",
    "method",
    "format",
    "colour",
    "color",
    "tier",
    "plan",
    "stage",
)

# "## Relations", "relations: every order is placed by a client": statements follow, about
# resources described elsewhere.
STATEMENT_HEADERS: Final[frozenset[str]] = frozenset(
    {"relations", "relationships", "links", "associations", "rules", "business_rules"}
)

# Sections whose lines describe no data: "Non-functional requirements", "Out of scope".
SKIPPED_SECTIONS: Final[frozenset[str]] = frozenset(
    {
        "non_functional_requirements",
        "nonfunctional_requirements",
        "non_functional",
        "nfr",
        "nfrs",
        "out_of_scope",
        "not_in_scope",
        "later",
        "future",
        "not_now",
        "nice_to_have",
        "wishlist",
        "non_goals",
        "technical_requirements",
        "open_questions",
        "questions",
        "faq",
        "tech_stack",
        "stack",
        "deployment",
        "hosting",
        "infrastructure",
        # meeting notes: who came and who does what next
        "attendees",
        "present",
        "apologies",
        "action_items",
        "next_steps",
        "aob",
        "any_other_business",
        # why the API is wanted, told before what it holds
        "background",
        "motivation",
        "problem",
        "purpose",
        # a GitHub issue template's closing section
        "additional_context",
        # a README's sections on running the code
        "running",
        "running_it",
        "running_locally",
        "run_locally",
        "local_setup",
        "development_setup",
        "how_to_run",
        "setup",
        "installation",
        "getting_started",
        "local_development",
    }
)
# Sections that define the terms of the domain, one resource each: "## Glossary".
GLOSSARY_HEADERS: Final[frozenset[str]] = frozenset(
    {"glossary", "definitions", "key_terms", "domain_terms"}
)
# Sections of remarks, or of a resource named so: "## Notes" above sentences or fields.
REMARK_SECTIONS: Final[frozenset[str]] = frozenset(
    {"notes", "remarks", "comments", "misc", "miscellaneous", "other", "other_notes"}
)
# "Project: Clinical Trial Manager": a label whose value names the API.
NAME_LABELS: Final[frozenset[str]] = frozenset(
    {"project", "project_name", "app", "app_name", "api", "api_name", "name", "title", "product"}
)

# What people wish of an API itself: "it should be fast and secure". Never a thing's name:
# "scalable", "production ready" name no resource.
QUALITY_ADJECTIVES: Final[tuple[str, ...]] = (
    "fast",
    "quick",
    "secure",
    "simple",
    "scalable",
    "reliable",
    "easy",
    "responsive",
    "performant",
    "robust",
    "lightweight",
    "maintainable",
    "cheap",
    "ready",
    "documented",
)
# ... and the wishes that are also things kept: a livery yard's stables, an office's safe.
QUALITY_WORDS: Final[tuple[str, ...]] = (*QUALITY_ADJECTIVES, "stable", "safe")

# What the one using the app does with records: "As a manager I want to add cleaners".
RECORD_VERBS: Final[frozenset[str]] = frozenset(
    {
        "add",
        "keep",
        "manage",
        "track",
        "record",
        "log",
        "store",
        "register",
        "enter",
        "capture",
        "note",
        "maintain",
        "save",
        "list",
        "view",
        "see",
        "edit",
        "update",
        "delete",
        "schedule",
        "define",
        "publish",
        "upload",
        "catalogue",
        "catalog",
        "organise",
        "organize",
    }
)

# Boolean-looking prefixes: is_active, has_garden, can_edit.
BOOLEAN_PREFIXES: Final[tuple[str, ...]] = ("is_", "has_", "can_", "allows_", "needs_")

# Field phrases for the columns every resource gets anyway ("timestamps": created/updated_at).
AUTOMATIC_FIELDS: Final[frozenset[str]] = frozenset(
    {"timestamps", "audit_timestamps", "created_and_updated_at", "created_updated_at"}
)

# Identifier-like names that are unique by nature.
UNIQUE_BY_NAME: Final[frozenset[str]] = frozenset(
    {"username", "slug", "sku", "isbn", "serial_number", "vin", "barcode"}
)

# Explanatory text fields are optional unless the prompt says "required".
OPTIONAL_BY_NAME: Final[frozenset[str]] = frozenset(
    {
        "description",
        "notes",
        "note",
        "bio",
        "biography",
        "summary",
        "synopsis",
        "remarks",
        "details",
    }
)


def optional_by_name(name: str) -> bool:
    """'notes', 'dietary_notes', 'short_bio': said when there is something to say."""
    return name.rpartition("_")[2] in OPTIONAL_BY_NAME


# Booleans get a default so clients may omit them; these default to true.
TRUE_BY_DEFAULT: Final[frozenset[str]] = frozenset(
    {"active", "is_active", "enabled", "is_enabled", "available", "is_available", "visible"}
)

# Explicit type words a prompt may use ("price as decimal", "done (bool)", "count: int").
TYPE_WORDS: Final[dict[str, FieldType]] = {
    "percentage": "float",
    "string": "string",
    "str": "string",
    "varchar": "string",
    "char": "string",
    "short text": "string",
    "text": "text",
    "long text": "text",
    "free text": "text",
    "longtext": "text",
    "paragraph": "text",
    "int": "integer",
    "integer": "integer",
    "integers": "integer",
    "ints": "integer",
    "strings": "string",
    "decimals": "decimal",
    "floats": "float",
    "dates": "date",
    "booleans": "boolean",
    "whole number": "integer",
    "number": "integer",
    "bigint": "integer",
    "float": "float",
    "double": "float",
    "real": "float",
    "decimal number": "float",
    "decimal": "decimal",
    "money": "decimal",
    "currency": "decimal",
    "numeric": "decimal",
    "bool": "boolean",
    "boolean": "boolean",
    "flag": "boolean",
    "yes/no": "boolean",
    "yes or no": "boolean",
    "true/false": "boolean",
    "checkbox": "boolean",
    "date": "date",
    "datetime": "datetime",
    "date/time": "datetime",
    "date and time": "datetime",
    "timestamp": "datetime",
    "email": "email",
    "email address": "email",
    "e-mail": "email",
    "url": "url",
    "link": "url",
    "uri": "url",
    "uuid": "uuid",
    "guid": "uuid",
}

# Type words that also work written after the name ("price decimal", "done bool");
# "date", "text" or "number" there are part of the name ("due date", "phone number").
TRAILING_TYPE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "str",
        "string",
        "varchar",
        "int",
        "integer",
        "bigint",
        "float",
        "double",
        "decimal",
        "bool",
        "boolean",
        "flag",
        "timestamp",
        "datetime",
        "uuid",
        "yes/no",
        "true/false",
    }
)

# Fields for a resource the prompt names but never describes.
# Records that are a piece of text: one is nothing without its body, even when it only
# links a user to what they wrote about ("users leave comments on recipes").
TEXT_RECORDS: Final[frozenset[str]] = frozenset({"comment", "review", "message", "reply", "answer"})
# ... and what the act itself makes, text or a score: "users rate recipes" leave ratings.
WRITTEN_RECORDS: Final[frozenset[str]] = TEXT_RECORDS | {"rating"}
DEFAULT_FIELDS: Final[dict[str, tuple[tuple[str, FieldType], ...]]] = {
    **{
        noun: (("name", "string"), ("email", "email"))
        for noun in (
            "user",
            "customer",
            "member",
            "client",
            "contact",
            "guest",
            "attendee",
            "subscriber",
            "patient",
            "student",
            "employee",
        )
    },
    **{
        noun: (("title", "string"),)
        for noun in (
            "post",
            "article",
            "task",
            "todo",
            "issue",
            "ticket",
            "bug",
            "event",
            "project",
            "course",
            "movie",
            "film",
            "song",
            "album",
            "page",
            "lesson",
            "recipe",
            "job",
            "story",
            "paper",
            "chapter",
            "episode",
        )
    },
    **{noun: (("body", "text"),) for noun in TEXT_RECORDS},
    "rating": (("score", "integer"),),
    **{
        noun: (("quantity", "integer"),)
        for noun in ("order_item", "line_item", "cart_item", "item")
    },
    # the nouns of the everyday examples ("books, members and loans") get what anyone expects
    "book": (("title", "string"), ("author", "string"), ("isbn", "string")),
    "product": (("name", "string"), ("price", "decimal")),
    **{
        noun: (("make", "string"), ("model", "string"), ("year", "integer"))
        for noun in ("car", "vehicle")
    },
    "table": (("number", "integer"), ("seats", "integer")),
    **{noun: (("due_date", "date"),) for noun in ("loan", "borrowing")},
    "rental": (("start_date", "date"), ("end_date", "date")),
    **{
        noun: (("starts_at", "datetime"),)
        for noun in (
            *("booking", "reservation", "appointment", "visit", "session", "shift"),
            *("showtime", "screening", "showing"),
        )
    },
    **{noun: (("amount", "decimal"),) for noun in ("payment", "invoice", "transaction")},
    **{noun: (("enrolled_at", "datetime"),) for noun in ("enrollment", "enrolment")},
    "order": (("status", "string"),),
}
# Everything else gets a `name`.
FALLBACK_FIELD: Final[tuple[str, FieldType]] = ("name", "string")

# A title ending in one of these names what it keeps: "my meteorite collection", "a task
# tracker" keep meteorites and tasks.
COLLECTION_WORDS: Final[frozenset[str]] = frozenset(
    {"list", "tracker", "manager", "log", "board", "planner", "collection", "catalogue"}
    | {"catalog", "inventory", "register", "database", "journal", "diary", "logbook"}
)

# What a booking takes of the thing booked: "book a seat on a ride" books the ride.
BOOKED_UNITS: Final[frozenset[str]] = frozenset(
    {"place", "seat", "spot", "slot", "space", "berth", "pitch", "bed", "table", "ticket"}
)

# Shared by nature: "X has many tags" means tags are shared between Xs (many-to-many).
SHARED_TARGETS: Final[frozenset[str]] = frozenset(
    {
        "tag",
        "label",
        "category",
        "genre",
        "keyword",
        "topic",
        "skill",
        "author",
        "actor",
        "speaker",
        "guest",  # "an episode can have several guests"
        "performer",
        "panelist",
        "ingredient",
        "feature",
        "amenity",
        "role",
        "permission",
        "language",
    }
)
# Things picked from a catalogue: "orders have many menu items" shares each menu item
# between orders (many-to-many), unless the owner is what groups them ("a restaurant
# has many dishes", "an album has many tracks" stay one-to-many).
CATALOGUE_TARGETS: Final[frozenset[str]] = frozenset(
    {"product", "menu_item", "dish", "meal", "service", "song", "track", "movie", "film"}
    | {"course", "exercise", "treatment", "medication", "equipment", "extra", "topping"}
)
# Records of a sale: the priced things they have many of are picked from a catalogue.
SALE_OWNERS: Final[frozenset[str]] = frozenset(
    {"order", "booking", "basket", "cart", "sale", "purchase", "box", "quote", "reservation"}
)
# Fields of one entry, not of a shared thing: "exercises (name, sets, reps)" in a workout
# are the workout's own, so "a workout has many exercises" is one-to-many.
ENTRY_FIELDS: Final[frozenset[str]] = frozenset({"sets", "reps", "repetitions", "quantity"})

GROUPING_OWNERS: Final[frozenset[str]] = frozenset(
    {"category", "genre", "brand", "supplier", "vendor", "manufacturer", "shop", "store"}
    | {"restaurant", "album", "artist", "band", "author", "teacher", "instructor", "director"}
    | {"department", "company", "studio", "label", "menu", "clinic", "gym", "school"}
    | {"team", "club", "organisation", "organization", "group", "agency", "household", "family"}
    | {"branch", "office", "firm"}
)

# Names the generated code cannot use as resources, and short forms people type, with what
# to call them instead.
RESOURCE_RENAMES: Final[dict[str, str]] = {
    "appt": "appointment",
    "type": "kind",
    "metadata": "meta_entry",
    "self": "self_entry",
}

# What an API does, never what it stores: "an API with authentication, rate limiting and
# good docs" names no resource (the last word of a name is checked: "good docs").
FEATURE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "authentication",
        "authorization",
        "authorisation",
        "auth",
        "limiting",
        "throttling",
        "doc",
        "documentation",
        "logging",
        "caching",
        "pagination",
        "validation",
        "testing",
        "monitoring",
        "swagger",
        "openapi",
        "security",
        "jwt",
        "oauth",
        "sso",
        "crud",
        "filtering",
        "sorting",
        "handling",
        "versioning",
        "websocket",
        "scalability",
        "deployment",
        "ci",
        "https",
        "cors",
        "docker",
        "kubernetes",
        "postgres",
        "postgresql",
        "sqlite",
        "mysql",
        "mongodb",
        "mongo",
        "redis",
        "fastapi",
        "django",
        "flask",
        "python",
    }
)

# Tools an API is built or run with: "Docker support", "a Redis cache" name no resource.
TECH_WORDS: Final[frozenset[str]] = frozenset(
    {"docker", "kubernetes", "swagger", "openapi", "jwt", "oauth", "cors", "https", "ci"}
    | {"postgres", "postgresql", "sqlite", "mysql", "mongodb", "mongo", "redis", "fastapi"}
    | {"django", "flask", "python", "pagination", "caching"}
)
# Features named by two words, neither a feature alone: "good error messages".
FEATURE_NAMES: Final[frozenset[str]] = frozenset({"error_message", "error_page", "error_code"})

# What an API is built with, when said beside a feature ("good documentation and tests");
# alone they may be records ("blood tests", "logs of each dive").
FEATURE_COMPANIONS: Final[frozenset[str]] = frozenset(
    {"tests", "docs", "examples", "logs", "metrics", "migrations", "endpoints"} | {"performance"}
)

# Words that make a phrase about the API itself, not a resource ("A library API with ...").
API_WORDS: Final[frozenset[str]] = frozenset(
    {
        "api",
        "apis",
        "app",
        "application",
        "backend",
        "back_end",
        "system",
        "platform",
        "server",
        "database",
        "crud",
        "webapp",
        "software",
        "microservice",
    }
)

# Kinds of software: a "web application" is the API, an "adoption application" a record.
SOFTWARE_KINDS: Final[frozenset[str]] = frozenset(
    {"web", "mobile", "desktop", "ios", "android", "crud", "rest", "restful", "api", "backend"}
    | {"simple", "small", "basic", "new", "full", "fullstack", "stack", "page", "management"}
    | {"python", "fastapi", "django", "flask", "react", "node", "spring", "saas", "cloud"}
)

# Field names generated code cannot use; they get the resource's name in front.
FORBIDDEN_FIELD_NAMES: Final[frozenset[str]] = FORBIDDEN_NAMES

# Words around "API" that are not its name ("a simple REST API").
API_NAME_FILLER: Final[frozenset[str]] = frozenset(
    {
        "a",
        "an",
        "the",
        "my",
        "our",
        "simple",
        "small",
        "proper",
        "business",
        "rest",
        "restful",
        "crud",
        "json",
        "http",
        "web",
        "basic",
        "new",
        "little",
        "tiny",
        "minimal",
        "complete",
        "full",
        "fastapi",
        "python",
        "postgres",
        "postgresql",
        "backend",
        "simple_rest",
        "sample",
        "demo",
        "quick",
        "modern",
        "good",
        "nice",
        "stuff",
        "things",
        "pls",
        "plz",
        "tmrw",
        "asap",
        "make",
        "build",
        "create",
        "need",
        "want",
        "please",
        "thanks",
    }
)

# Words that can never be (part of) a resource or field name.
STOP_WORDS: Final[frozenset[str]] = frozenset(
    {
        # "build something cool with fastapi": never a thing's name
        "something",
        "anything",
        "everything",
        "nothing",
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "to",
        "of",
        "in",
        "on",
        "against",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "i",
        "we",
        "you",
        "he",
        "she",
        "me",
        "us",
        "my",
        "our",
        "your",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "not",
        "no",
        "yes",
        "so",
        "if",
        "then",
        "than",
        "there",
        "here",
        "also",
        "just",
        "very",
        "too",
        "all",
        "any",
        "some",
        "each",
        "every",
        "has",
        "have",
        "had",
        # people at large, never records: "anyone can sign up"
        "anyone",
        "everyone",
        "somebody",
        "someone",
        "having",
        "need",
        "needs",
        "want",
        "wants",
        "like",
        "please",
        "thanks",
        "hello",
        "hi",
        "ok",
        "okay",
    }
)

# A label that says fields follow: "Fields:" over a thing's bullets, "Fields: submitted
# at, status" after it.
FIELDS_LABELS: Final[frozenset[str]] = frozenset({"fields", "attributes", "columns", "properties"})

# Header words that announce a list of resources ("Resources: books, members").
RESOURCE_LIST_WORDS: Final[frozenset[str]] = frozenset(
    {
        "resources",
        "resource",
        "data",
        "data_model",
        "schema",
        "entities",
        "entity",
        "tables",
        "databases",
        "database",
        "models",
        "objects",
        "collections",
        "things",
        "thing",
        "table",
        "model",
        "endpoints",
        "routes",
    }
)

# Header words that are remarks, not resources ("Note: ...").
META_HEADERS: Final[frozenset[str]] = frozenset(
    {
        "note",
        "nb",
        "ps",
        "requirement",
        "requirements",
        "example",
        "examples",
        "tip",
        "important",
        "remember",
        "also",
        "goal",
        "context",
        "description",
        "summary",
        "todo",
        "overview",
        "purpose",
        "scope",
        "introduction",
        "intro",
        "acceptance",
        "user_stories",
        "discussion",
        "decisions",
        "agreed",
        "feature_request",
        "bug_report",
        "change_request",
        "functional_requirements",
        "acceptance_criteria",
        "definition_of_done",
        # a ticket's own facts: "Story points: 5", "Assignee: Sam"
        "story_points",
        "estimate",
        "sprint",
        "assignee",
        "reporter",
        "epic",
        # "stack: fastapi + postgres", "auth: API keys later": how, not what
        "stack",
        "tech_stack",
        "tech",
        "auth",
        "authentication",
        "hosting",
        "deploy",
        "deployment",
        "infra",
        "infrastructure",
    }
)

# Participles that say a thing's standing, yes or no: "first aid trained", "dbs checked"
STATUS_PARTICIPLES: Final[frozenset[str]] = frozenset(
    {
        "trained",
        "certified",
        "checked",
        "vaccinated",
        "verified",
        "approved",
        "insured",
        "licensed",
        "qualified",
        "neutered",
        "spayed",
        "microchipped",
        "chipped",
        "inspected",
        "serviced",
        "registered",
    }
)

# Prefix words of a resource header ("Table tasks with columns ...").
RESOURCE_PREFIXES: Final[frozenset[str]] = frozenset(
    {
        "table",
        "entity",
        "model",
        "resource",
        "collection",
        "object",
        "a",
        "an",
        "the",
        "each",
        "every",
        "all",
        "one",
        "also",
        "then",
        "finally",
        "and",
        # "other users can comment": the same users, not a resource of their own
        "other",
        "another",
    }
)

# Words introducing a field list that are not fields ("with columns title, ...").
FIELD_LIST_INTRO: Final[frozenset[str]] = frozenset(
    {
        "columns",
        "column",
        "fields",
        "field",
        "attributes",
        "attribute",
        "properties",
        "property",
        "following",
        "the",
        "these",
        "like",
        "such",
        "as",
        # "Users have two fields: name, email": a count before the list is not a field.
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "several",
        "few",
    }
)

# Words dropped from field phrases before naming them.
FIELD_FILLER: Final[frozenset[str]] = frozenset(
    {
        "a",
        "an",
        "the",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",  # "my progress percent" in a user story
        "some",
        "any",  # "and any mobility notes"
        "field",
        "column",
        "attribute",
        "property",
        "also",
        "plus",
        "and",
        "with",
        "has",
        "have",
        "having",
        "including",
        "includes",
        "include",
        "contains",
        "contain",
        "optional",
        "optionally",
        "required",
        "mandatory",
        "unique",
        "own",
        "just",
    }
)

# Verbs that link two resources ("customers place orders"), by what they mean.
# The subject creates or owns the object: the object belongs to the subject.
CREATOR_VERBS: Final[frozenset[str]] = frozenset(
    {
        "place",
        "write",
        "create",
        "own",
        "post",
        "publish",
        "submit",
        "make",
        "send",
        "upload",
        "author",
        "open",
        "file",
        "raise",
        "report",
        "host",
        "organize",
        "organise",
        "run",
        "collect",
        "teach",
        "lead",
        "issue",
        "add",
        "log",
        "record",
        "drive",
        "leave",
        "bring",
        "provide",
        "supply",
        "produce",
        "manufacture",
        "list",
        "schedule",
        "set",  # "users set goals"
        "give",  # "donors give donations"
        "manage",  # "agents manage properties"
        # who does the work: "couriers deliver orders", "agents handle tickets"
        "deliver",
        "handle",
        "process",
        "serve",
    }
)
# What someone does with records of their own: "As a user I log workouts" (once users
# are described) logs the user's workouts.
OWN_RECORD_VERBS: Final[frozenset[str]] = frozenset(
    {"log", "set", "post", "write", "submit", "upload", "place"}
)
# The subject belongs to the object ("employees work in departments").
# Verbs of making or bringing: "a customer can bring many garments" makes them theirs
# (one-to-many); "an instructor can teach many styles" shares the styles.
MAKING_VERBS: Final[frozenset[str]] = (
    CREATOR_VERBS
    - {"teach", "lead", "host", "drive", "serve"}
    - {
        "organize",
        "organise",
    }
)

# What a teacher teaches of their own: "a teacher teaches many courses" (each course has its
# teacher), unlike "an instructor teaches many styles".
TAUGHT: Final[frozenset[str]] = frozenset(
    {"course", "class", "lesson", "module", "workshop", "seminar", "session", "lecture"}
)

MEMBER_VERBS: Final[frozenset[str]] = frozenset({"work", "live", "sit", "stay", "appear"})
# Many subjects and many objects, often through a record named after the act:
# "members borrow books" is a loan when the prompt has loans, else many-to-many.
ASSOCIATION_VERBS: Final[dict[str, tuple[str, ...]]] = {
    "borrow": ("loan", "borrowing", "checkout"),
    "rent": ("rental", "booking", "reservation"),
    "book": ("booking", "reservation", "appointment", "viewing"),
    "reserve": ("reservation", "booking"),
    "enroll": ("enrollment", "enrolment", "registration"),
    "enrol": ("enrolment", "enrollment", "registration"),
    "register": ("registration", "enrollment", "signup"),
    "attend": ("attendance", "registration", "ticket", "booking"),
    "join": ("membership", "participation"),
    "subscribe": ("subscription",),
    "buy": ("purchase", "order"),
    "purchase": ("purchase", "order"),
    "order": ("order",),
    "review": ("review",),
    "comment": ("comment",),
    "rate": ("rating", "review"),
    "like": ("like", "favorite", "favourite"),
    "follow": ("follow", "subscription"),
    "visit": ("visit", "appointment"),
    "take": ("enrollment", "attempt"),
    "play": ("play",),
    "watch": ("view",),
    "use": ("usage",),
    "adopt": ("adoption",),
    "apply": ("application",),
    "sell": ("sale",),
    "save": ("favourite", "favorite", "bookmark", "saved_item"),
    "bookmark": ("bookmark", "favourite", "favorite"),
}
# The records those verbs name. One the prompt links to nothing is between its person and
# its thing: "a library with books, members and loans" lends a book to a member.
ACT_RECORDS: Final[frozenset[str]] = frozenset(
    record for records in ASSOCIATION_VERBS.values() for record in records
)
# Work handed to someone: "agents are assigned to tickets" gives each ticket its agent.
ASSIGNED_WORK: Final[frozenset[str]] = frozenset(
    {"ticket", "task", "bug", "issue", "job", "case", "request", "incident", "claim", "lead"}
    | {"order", "delivery", "complaint", "work_order", "story"}
)
# Records of two kinds of thing meeting: "vets see pets in appointments".
MEETINGS: Final[frozenset[str]] = ACT_RECORDS | {
    "session",
    "meeting",
    "lesson",
    "consultation",
    "interview",
    "match",
    "game",
    "shift",
    "trip",
    "ride",
    "class",
}
# Who such a record is made by or for.
PEOPLE: Final[frozenset[str]] = frozenset(
    {"user", "customer", "member", "client", "guest", "attendee", "subscriber", "patient"}
    | {"student", "employee", "person", "borrower", "patron", "reader", "tenant", "passenger"}
    | {"renter", "buyer", "visitor", "participant", "player", "applicant", "donor", "diner"}
    | {"traveler", "traveller", "shopper", "learner", "pupil", "athlete", "adopter", "listener"}
    | {"viewer", "volunteer"}
)
# Who serves people, and the records of their service: "stylists, clients, services and
# appointments" book a client with a stylist for a service.
STAFF: Final[frozenset[str]] = frozenset(
    {"stylist", "barber", "doctor", "dentist", "vet", "veterinarian", "therapist", "nurse"}
    | {"trainer", "coach", "tutor", "instructor", "teacher", "mechanic", "technician"}
    | {"physio", "physiotherapist", "consultant", "lawyer", "photographer", "groomer"}
)
SERVICE_RECORDS: Final[frozenset[str]] = frozenset(
    {"appointment", "session", "lesson", "visit", "consultation", "booking", "treatment"}
)
# What a thing is usually part of, most likely first. A thing the prompt links to nothing
# belongs to the first of these it names: "a blog with posts and comments" comments on posts,
# "artists, albums, songs" puts songs on albums and albums by artists.
USUAL_PARENTS: Final[dict[str, tuple[str, ...]]] = {
    "comment": ("post", "article", "ticket", "issue", "task", "recipe", "photo", "video"),
    "reply": ("thread", "topic", "comment", "post", "message", "review", "ticket"),
    "answer": ("question",),
    "album": ("artist", "band"),
    "song": ("album", "artist", "band"),
    "track": ("album", "artist", "band"),
    "episode": ("season", "podcast", "show", "series"),
    "season": ("show", "series"),
    "chapter": ("book",),
    "book": ("author", "publisher"),
    "lesson": ("course", "module"),
    "module": ("course",),
    "task": ("project", "list", "board"),
    "todo": ("list", "project"),
    "card": ("list", "board", "deck"),
    "list": ("board", "user"),
    "playlist": ("user",),
    "post": ("author", "blog", "user"),
    "message": ("room", "channel", "conversation", "chat"),
    "screening": ("movie", "film"),
    "showing": ("movie", "film"),
    "showtime": ("movie", "film"),
    "ticket": ("showtime", "screening", "showing", "performance", "event", "concert", "match"),
    "room": ("hotel", "building", "floor"),
    "thread": ("forum", "category", "board"),
    "topic": ("forum", "category", "board"),
    "photo": ("album", "gallery"),
    "question": ("quiz", "survey", "exam", "test"),
    "product": ("category", "supplier", "brand"),
    "employee": ("department", "team", "company"),
    "contact": ("company", "account"),
    "pet": ("owner",),
    "account": ("customer", "client"),
    "transaction": ("account", "wallet"),
    "class": ("trainer", "instructor", "teacher", "coach", "course"),
    "course": ("teacher", "instructor"),
    "session": ("trainer", "coach", "instructor", "therapist"),
    "payment": ("booking", "reservation", "order", "invoice", "rental", "appointment", "loan"),
    "invoice": ("order", "job", "customer", "client"),
    "player": ("team",),
    "car": ("branch", "location"),
    "vehicle": ("branch", "depot", "location"),
    "spot": ("level", "floor", "lot", "garage"),
    "seat": ("screen", "hall", "auditorium", "theater", "theatre", "venue"),
    "desk": ("floor", "room"),
}
# Where such a thing also belongs, beside its usual parent: a showtime is of a movie, on a
# screen.
USUAL_PLACES: Final[dict[str, tuple[str, ...]]] = {
    noun: ("screen", "hall", "auditorium", "theater", "theatre", "room")
    for noun in ("screening", "showing", "showtime")
}
# What is usually tagged, most likely first: "a blog with posts, comments and tags" tags posts.
USUALLY_TAGGED: Final[tuple[str, ...]] = (
    "post",
    "article",
    "photo",
    "video",
    "recipe",
    "note",
    "bookmark",
    "question",
    "task",
    "product",
    "song",
    "movie",
    "book",
    "event",
)

# Past participles that are not simply "<verb>ed": "written by" (a link), "copies sold" (a count).
IRREGULAR_PARTICIPLES: Final[dict[str, str]] = {
    "written": "write",
    "left": "leave",
    "made": "make",
    "sent": "send",
    "bought": "buy",
    "taught": "teach",
    "led": "lead",
    "driven": "drive",
    "taken": "take",
    "sold": "sell",
    "spent": "spend",
    "paid": "pay",
    "given": "give",
    "run": "run",
    "won": "win",
    "lost": "lose",
    "held": "hold",
    "kept": "keep",
    "built": "build",
    "done": "do",
    "ridden": "ride",
    "flown": "fly",
}

# Roles that point back to the same resource: "an employee has a manager".
SELF_ROLES: Final[frozenset[str]] = frozenset({"parent"})
PERSON_SELF_ROLES: Final[frozenset[str]] = frozenset(
    {"manager", "supervisor", "boss", "mentor", "referrer", "sponsor", "team_lead"}
)
PERSON_RESOURCES: Final[frozenset[str]] = frozenset(
    {"employee", "user", "member", "person", "staff", "staff_member", "worker", "agent", "account"}
)


# Words that look like a verb before a preposition but describe a field, never a link:
# "email is required for users", "name is shown on cards" ("stored in a library" links
# only because a library is a resource the prompt describes).
NOT_LINK_VERBS: Final[frozenset[str]] = frozenset(
    {
        "has",
        "have",
        "having",
        "is",
        "are",
        "be",
        "with",
        "and",
        "or",
        "a",
        "an",
        "the",
        "one",
        "many",
        "each",
        "every",
        "its",
        "their",
        "no",
        "not",
        "required",
        "optional",
        "unique",
        "needed",
        "measured",
        "expressed",
        "shown",
        "displayed",
        "limited",
        "set",
        "used",
        "called",
        "named",
        "known",
        "also",
    }
)

# "<word> number" is an identifier ("phone number") unless the word counts positions.
ORDINAL_NUMBERS: Final[frozenset[str]] = frozenset(
    {
        "floor",
        "episode",
        "chapter",
        "page",
        "track",
        "season",
        "week",
        "lap",
        "round",
        "step",
        "level",
        "edition",
        "volume",
        "lesson",
        "issue",
        "verse",
        "stage",
        "year",
    }
)

# Prefix words that are also things on their own: a restaurant's tables, a car's models.
RESOURCE_PREFIX_NOUNS: Final[frozenset[str]] = frozenset(
    {"table", "tables", "model", "models", "object", "objects", "collection", "collections"}
)
