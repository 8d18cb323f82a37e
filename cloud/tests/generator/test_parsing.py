"""The offline prompt parser and spec documents: behaviour and clear errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing import parse_prompt
from apigen_cloud.generator.spec import ApiSpec
from test_parsing_fixtures import describe_field


def field(spec: ApiSpec, resource: str, name: str) -> dict[str, object]:
    found = next(f for f in spec.resource(resource).fields if f.name == name)
    return found.model_dump(exclude_none=True)


# --- spec documents -----------------------------------------------------------------------


def test_json_document_is_validated_and_named() -> None:
    document = {"resources": [{"name": "books", "fields": [{"name": "title"}]}]}
    spec = parse_prompt(json.dumps(document), name="My Library")
    assert spec.name == "my_library"
    assert spec.resources[0].name == "book"
    assert spec.resources[0].path == "/books"


def test_yaml_document_without_name_is_named_after_first_resource() -> None:
    spec = parse_prompt("resources:\n  - name: task\n    fields:\n      - name: title\n")
    assert spec.name == "task"


def test_document_errors_name_resource_and_field() -> None:
    document = {
        "name": "shop",
        "resources": [
            {
                "name": "book",
                "fields": [{"name": "price", "type": "decimal", "minimum": 5, "maximum": 1}],
            }
        ],
    }
    with pytest.raises(GenerationError) as error:
        parse_prompt(json.dumps(document))
    assert "resource 'book', field 'price': minimum is greater than maximum" in str(error.value)


def test_document_with_unknown_type_lists_the_allowed_types() -> None:
    document = {"resources": [{"name": "book", "fields": [{"name": "x", "type": "money"}]}]}
    with pytest.raises(GenerationError, match=r"field 'x', type: .*'decimal'"):
        parse_prompt(json.dumps(document))


def test_broken_json_says_where() -> None:
    with pytest.raises(GenerationError, match=r"not valid JSON \(line 1, column"):
        parse_prompt('{"resources": [')


@pytest.mark.parametrize(
    "document",
    ['{"resources": ' + "9" * 5000 + "}", '{"resources": ' + "[" * 3000 + "]" * 3000 + "}"],
    ids=["number over the digit limit", "nested too deeply"],
)
def test_json_that_python_cannot_hold_gets_a_clear_error(document: str) -> None:
    with pytest.raises(GenerationError, match="too deeply nested or holds a number too long"):
        parse_prompt(document)


@pytest.mark.parametrize(
    ("prose", "error"),
    [
        ("9" * 5000, "a single word of 5000 characters"),
        ("[" * 5000, "could not find any resources"),
    ],
    ids=["digits", "brackets"],
)
def test_text_yaml_cannot_hold_is_read_as_prose(prose: str, error: str) -> None:
    with pytest.raises(GenerationError, match=error):
        parse_prompt(prose)


def test_yaml_mapping_without_resources_is_read_as_prose() -> None:
    spec = parse_prompt("Books: title, author")
    assert [f.name for f in spec.resource("book").fields] == ["title", "author"]


# --- prose: the phrases people write ---------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("a priority from 1 to 5", {"type": "integer", "minimum": 1, "maximum": 5}),
        ("status (open, pending, closed)", {"type": "enum", "enum": ["open", "pending", "closed"]}),
        ("an optional description", {"type": "text", "required": False}),
        ("price as decimal", {"type": "decimal"}),
        ("vegetarian yes/no", {"type": "boolean", "default": False}),
        ("name (required, max 100 characters)", {"type": "string", "max_length": 100}),
        ("username (at least 3 characters)", {"min_length": 3, "unique": True}),
        ("bio up to 200 chars", {"type": "text", "max_length": 200}),
        ("rating between 1 and 5", {"type": "float", "minimum": 1, "maximum": 5}),
        ("quantity defaults to 1", {"type": "integer", "default": 1, "required": False}),
        ("count: int", {"type": "integer"}),
        ("age (integer)", {"type": "integer"}),
        ("email which must be unique", {"type": "email", "unique": True}),
        ("website", {"type": "url", "max_length": 2048}),
        ("hired_at", {"type": "datetime"}),
        ("birthday", {"type": "date"}),
        ("is_active", {"type": "boolean", "default": True}),
        ("stock (non-negative)", {"type": "integer", "minimum": 0}),
        ("amount (positive)", {"type": "decimal", "minimum": 0}),
        ("external uuid", {"type": "uuid"}),
        ("phone number", {"type": "string"}),
        ("price (number)", {"type": "decimal"}),
        ("amount:decimal", {"name": "amount", "type": "decimal"}),
        ("tags (list of strings)", {"name": "tags", "type": "text"}),
        ("nickname?", {"name": "nickname", "required": False}),
        ("start date and time", {"name": "start", "type": "datetime"}),
        ("whether it is occupied", {"name": "occupied", "type": "boolean"}),
        ("whether paid", {"name": "paid", "type": "boolean"}),
        ("cooking time", {"name": "cooking_time", "type": "integer"}),
        ("opening time", {"name": "opening_time", "type": "datetime"}),
        ("time spent", {"name": "time_spent", "type": "integer"}),
        ("time created", {"name": "time_created", "type": "datetime"}),
        ("hours logged", {"name": "hours_logged", "type": "integer"}),
        ("amount paid", {"name": "amount_paid", "type": "decimal"}),
        ("copies sold", {"name": "copies_sold", "type": "integer"}),
        ("date joined", {"name": "date_joined", "type": "date"}),
        ("distance run", {"name": "distance_run", "type": "float"}),
    ],
)
def test_field_phrases(phrase: str, expected: dict[str, object]) -> None:
    spec = parse_prompt(f"Gadgets: {phrase}")
    resource = spec.resource("gadget")
    assert len(resource.fields) == 1
    dumped = resource.fields[0].model_dump(exclude_none=True)
    assert {k: dumped[k] for k in expected} == expected


def test_timestamps_and_ids_are_not_fields() -> None:
    spec = parse_prompt("Notes: id, title, timestamps, createdAt")
    assert [f.name for f in spec.resource("note").fields] == ["title"]


def test_number_of_becomes_a_count() -> None:
    spec = parse_prompt("Books: title, number of pages")
    assert field(spec, "book", "page_count")["type"] == "integer"


def test_field_statement_updates_the_field_it_names() -> None:
    spec = parse_prompt(
        "Users have a name and an email. Email must be unique. Name is required, "
        "max 100 characters."
    )
    assert field(spec, "user", "email")["unique"] is True
    assert field(spec, "user", "name")["max_length"] == 100


def test_reserved_and_forbidden_field_names() -> None:
    spec = parse_prompt("Rooms: id, type (single, double), created_at, class")
    names = [f.name for f in spec.resource("room").fields]
    assert names == ["room_type", "room_class"]


def test_relation_only_resources_get_a_sensible_field() -> None:
    spec = parse_prompt("posts have a title and belong to a user. Each product has one supplier.")
    assert [f.name for f in spec.resource("user").fields] == ["name", "email"]
    assert [f.name for f in spec.resource("supplier").fields] == ["name"]
    assert spec.resource("post").relations[0].field == "user_id"


def test_has_many_both_ways_is_many_to_many() -> None:
    spec = parse_prompt(
        "Students have a name. Clubs have a name. A student has many clubs and a "
        "club has many students."
    )
    relations = spec.resource("student").relations + spec.resource("club").relations
    assert [(r.kind, r.target) for r in relations] == [("many_to_many", "club")]


def test_has_many_creates_the_child_with_its_foreign_key() -> None:
    spec = parse_prompt("an order has many order items")
    item = spec.resource("order_item")
    assert item.path == "/order-items"
    assert [(r.kind, r.field) for r in item.relations] == [("many_to_one", "order_id")]


def test_optional_relation() -> None:
    spec = parse_prompt("Tickets have a subject. A ticket can be assigned to an agent.")
    assert spec.resource("ticket").relations[0].required is False


@pytest.mark.parametrize(
    ("prompt", "name"),
    [
        ("A library API with books and members", "library"),
        ("An API for a pet clinic with owners and pets", "pet_clinic"),
        ("Build a simple REST API to manage books and authors", "book"),
        ("A car repair shop. Cars have a brand.", "car_repair_shop"),
    ],
)
def test_api_name(prompt: str, name: str) -> None:
    assert parse_prompt(prompt).name == name


def relations_of(spec: ApiSpec, resource: str) -> list[str]:
    return [f"{r.kind} {r.target} {r.field}" for r in spec.resource(resource).relations]


@pytest.mark.parametrize(
    "prompt",
    [
        "Books (title), members (name) and loans that belong to a book and a member",
        "Books (title). Members (name). Loans which belong to a book and a member.",
        "A library API with books, members and loans, each linked to a book and a member",
        "A library API with books, members and loans (due date) that reference a book and a member",
        "Books have a title. Members have a name. A loan belongs to a member and a book.",
        "Books have a title. Members borrow books. Loans have a due date.",
        "Books have a title. Loans have a due date. Books borrowed by members.",
    ],
)
def test_loans_link_books_and_members_however_it_is_said(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert sorted(relations_of(spec, "loan")) == [
        "many_to_one book book_id",
        "many_to_one member member_id",
    ]


@pytest.mark.parametrize(
    ("prompt", "resource", "expected"),
    [
        ("Customers (name) and orders placed by customers", "order", "customer"),
        ("Users write posts. Posts have a title.", "post", "user"),
        ("Employees have a name and work in a department.", "employee", "department"),
        ("Rooms have a number. A booking is for a room.", "booking", "room"),
        ("Patients book appointments. Appointments have a start time.", "appointment", "patient"),
    ],
)
def test_verbs_and_participles_give_the_foreign_key(
    prompt: str, resource: str, expected: str
) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, resource) == [f"many_to_one {expected} {expected}_id"]


def test_comments_written_by_users_on_posts_belong_to_both() -> None:
    spec = parse_prompt("Users (name), posts (title) and comments (body) written by users on posts")
    assert relations_of(spec, "comment") == ["many_to_one user user_id", "many_to_one post post_id"]


def test_an_association_verb_without_a_record_is_many_to_many() -> None:
    spec = parse_prompt("Students have a name. Courses have a title. Students enroll in courses.")
    assert relations_of(spec, "student") == ["many_to_many course course_ids"]


@pytest.mark.parametrize(
    ("prompt", "resource", "relation"),
    [
        ("Employees have a name. An employee has a manager.", "employee", "manager_id"),
        ("Categories have a name and an optional parent category.", "category", "parent_id"),
    ],
)
def test_self_references_are_optional_links(prompt: str, resource: str, relation: str) -> None:
    relations = parse_prompt(prompt).resource(resource).relations
    assert [(r.kind, r.target, r.field, r.required) for r in relations] == [
        ("many_to_one", resource, relation, False)
    ]


def test_a_role_who_is_another_resource_links_to_it() -> None:
    spec = parse_prompt(
        "Employees have a name. Projects have a title and a lead who is an employee."
    )
    assert relations_of(spec, "project") == ["many_to_one employee lead_id"]


@pytest.mark.parametrize(
    ("owner", "target", "kind"),
    [
        ("order", "menu item", "many_to_many"),
        ("cart", "product", "many_to_many"),
        ("restaurant", "dish", "one_to_many"),
        ("order", "order item", "one_to_many"),
        ("post", "comment", "one_to_many"),
    ],
)
def test_has_many_shares_catalogue_things(owner: str, target: str, kind: str) -> None:
    spec = parse_prompt(f"Each {owner} has a name. Each {owner} has many {target}s.")
    assert spec.resource(owner.replace(" ", "_")).relations[0].kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "A loan links a member to a book with a due date.",
        "A loan connects a member with a book, with a due date.",
        "A loan is between a member and a book, with a due date.",
        "A loan records which member borrowed which book and has a due date.",
    ],
)
def test_a_linking_verb_gives_the_subject_both_foreign_keys(sentence: str) -> None:
    spec = parse_prompt(f"Books have a title. Members have a name. {sentence}")
    assert relations_of(spec, "loan") == [
        "many_to_one member member_id",
        "many_to_one book book_id",
    ]
    assert [f.name for f in spec.resource("loan").fields] == ["due_date"]


@pytest.mark.parametrize(
    ("prompt", "name", "resources"),
    [
        ("A task tracker with projects and tasks. Tasks have a title.", "task_tracker", 2),
        ("A catalogue of paintings and artists. Artists have a name.", "catalogue", 2),
        ("Our shop has products (name) and orders (total).", "shop", 2),
        ("A shop with a name and an address.", "shop", 1),
        ("A customer has orders. Orders have a total.", "customer", 2),
    ],
)
def test_an_opening_with_a_list_of_things_introduces_the_api(
    prompt: str, name: str, resources: int
) -> None:
    spec = parse_prompt(prompt)
    assert spec.name == name
    assert len(spec.resources) == resources


@pytest.mark.parametrize(
    "prompt",
    [
        "We lend books (title, isbn), members (name, email) and loans (due date).",
        "I sell books (title, isbn), members (name, email) and loans (due date).",
    ],
)
def test_whatever_we_do_with_things_described_by_fields_names_the_resources(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert [r.name for r in spec.resources] == ["book", "member", "loan"]
    assert [f.name for f in spec.resource("member").fields] == ["name", "email"]


@pytest.mark.parametrize(
    "fields",
    [
        "title, status: todo, doing or done, due date",
        "title, status: one of todo, doing or done, due date",
        "title, status: todo, doing, or done (default todo), due date",
    ],
)
def test_an_enum_inside_a_colon_list_ends_at_its_last_alternative(fields: str) -> None:
    task = parse_prompt(f"Tasks: {fields}").resource("task")
    assert [f.name for f in task.fields] == ["title", "status", "due_date"]
    assert task.fields[1].enum == ["todo", "doing", "done"]


@pytest.mark.parametrize(
    "prompt",
    [
        "Teachers (name). Students (name) enroll in courses (title) taught by teachers.",
        "Teachers (name). Students (name) enroll in courses (title) run by a teacher.",
    ],
)
def test_described_subject_and_objects_of_an_action(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert [f.name for f in spec.resource("student").fields] == ["name"]
    assert relations_of(spec, "student") == ["many_to_many course course_ids"]
    assert relations_of(spec, "course") == ["many_to_one teacher teacher_id"]


def test_the_role_of_a_user_story_is_a_resource_only_when_described() -> None:
    spec = parse_prompt(
        "As a member I want to sign up with my name and email.\n"
        "As a member I want to create rides with a departure time.\n"
        "As a passenger I want to leave a review for a ride with a comment."
    )
    assert [r.name for r in spec.resources] == ["member", "ride", "review"]
    assert relations_of(spec, "review") == ["many_to_one ride ride_id"]


def test_a_plural_field_naming_a_resource_is_a_one_to_many() -> None:
    spec = parse_prompt("Customers have a name and orders. Orders have a total.")
    assert [f.name for f in spec.resource("customer").fields] == ["name"]
    assert relations_of(spec, "order") == ["many_to_one customer customer_id"]


def test_an_intro_clause_after_api_is_read() -> None:
    spec = parse_prompt("A library API where members can borrow books")
    assert spec.name == "library"
    assert relations_of(spec, "member") == ["many_to_many book book_ids"]


# --- prompts it cannot understand --------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        (
            "Books have a title. Members have a name. Members can lend books.",
            "Members can lend books",
        ),
        (
            "Books have a title. Loans have a due date. Loans record who borrowed what.",
            "Loans record who borrowed what",
        ),
        # A verb links only to resources the prompt describes, or names as who does it
        # ("directed by one director")
        ("Flights (number). A flight departs from one airport.", "departs from"),
        ("Books have a title. The title shows up in search results", "shows up"),
    ],
)
def test_a_statement_about_the_data_that_is_not_understood_is_an_error(
    prompt: str, phrase: str
) -> None:
    with pytest.raises(GenerationError, match="could not understand") as error:
        parse_prompt(prompt)
    assert phrase in str(error.value)


def test_filler_without_resources_or_fields_is_ignored() -> None:
    spec = parse_prompt(
        "Books have a title. The API should be fast. Use PostgreSQL. "
        "It is for a small library. Thanks!"
    )
    assert [(r.name, [f.name for f in r.fields], r.relations) for r in spec.resources] == [
        ("book", ["title"], [])
    ]


@pytest.mark.parametrize("prompt", ["", "   ", "asdf qwer zxcv", "the and of", "run", "!!!", "42"])
def test_not_understood_prompts_get_a_helpful_error(prompt: str) -> None:
    with pytest.raises(GenerationError, match=r"describe|resources") as error:
        parse_prompt(prompt)
    assert "books (title, author)" in str(error.value)


def test_unplaced_phrase_is_named() -> None:
    with pytest.raises(GenerationError) as error:
        parse_prompt("blorp zibble")
    assert "'blorp zibble'" in str(error.value)


def test_a_too_long_field_phrase_is_named() -> None:
    with pytest.raises(GenerationError) as error:
        parse_prompt("Books: title, main street address line for foreign invoices")
    assert "as a field of 'book'" in str(error.value)


def test_a_thing_placed_in_a_field_phrase_is_not_built_as_a_field() -> None:
    # Was silently a field 'apartments_in_building_number' of buildings.
    prompt = (
        "Property management: buildings with an address and number of floors, apartments "
        "in a building with a number, rent and whether it is occupied, and tenants."
    )
    with pytest.raises(GenerationError, match="'apartments in a building with a number'"):
        parse_prompt(prompt)


def test_too_long_prompt_is_refused() -> None:
    with pytest.raises(GenerationError, match="too long"):
        parse_prompt("Books: title. " * 5000)


# --- properties ---------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        *("books", "a", "title", "has", "many", "belongs", "to", "user", "(", ")", ","),
        *("and", ":", "unique", "between", "1", "5", "status", "optional", "price", "as"),
        *("decimal", "\n- ", "each", "order", "items", "default", "yes/no", "{", "of", "."),
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=30).map(" ".join)))
def test_any_text_gives_a_valid_spec_or_a_generation_error(text: str) -> None:
    try:
        spec = parse_prompt(text)
    except GenerationError as error:
        assert str(error)
        return
    assert isinstance(spec, ApiSpec)
    assert ApiSpec.model_validate(spec.model_dump()) == spec


_FLIGHTS = "Aircraft (tail number). Passengers (name). Flights (flight number). "


@pytest.mark.parametrize(
    ("prompt", "resource", "relations"),
    [
        # An unknown verb to described resources: one is many-to-one, many is many-to-many.
        (_FLIGHTS + "Each flight is operated by one aircraft.", "flight", ["aircraft"]),
        (
            "Galleries (name). Artists (name). Artworks (title). Each artwork is made by an "
            "artist and hangs in one gallery.",
            "artwork",
            ["artist", "gallery"],
        ),
        ("Topics (name). Stories (headline). Stories are tagged with topics.", "story", ["topic+"]),
        (
            "Artworks (title). Exhibitions (title); an exhibition features many artworks.",
            "exhibition",
            ["artwork+"],
        ),
        # A record for one thing by another, with or without a participle.
        (
            "Cars (make). Customers (name). Rentals for a car by a customer with a start date.",
            "rental",
            ["car", "customer"],
        ),
        (
            "Events (name). Customers (name). Tickets (seat) for an event bought by a customer.",
            "ticket",
            ["event", "customer"],
        ),
        # Two actions in one sentence, each with its own subject or the first one's.
        (
            "Marketplace: sellers post listings, buyers place orders for listings.",
            "order",
            ["listing", "buyer"],
        ),
        ("Customers place orders and write reviews.", "review", ["customer"]),
        # A passive verb to a described resource; never a field named after the subject.
        ("Libraries (name). Books are stored in a library and have a title.", "book", ["library"]),
        (
            "Students (name). Courses (title). Grades are given to a student for a course, "
            "with a score from 0 to 100.",
            "grade",
            ["student", "course"],
        ),
        (
            "Doctors (name). Patients (name). Appointments are booked by a patient with a "
            "doctor, at a start time.",
            "appointment",
            ["patient", "doctor"],
        ),
        (
            "Books (title). Members (name). Members can write reviews of books with a rating 1-5.",
            "review",
            ["book", "member"],
        ),
        ("Users (name). Documents: title, owner -> user.", "document", ["user"]),
        # A plural with its own fields in a has-list is a resource; "sizes (s, m, l)" is not.
        (
            "Music: artists have albums, albums have tracks (title, duration in seconds).",
            "track",
            ["album"],
        ),
        # Read again at the end: the address is described after the statement.
        (
            "Orders (total). Each order is shipped to one address. Addresses (street).",
            "order",
            ["address"],
        ),
        # Two required keys pointing at each other cannot both hold: the later one wins.
        (
            "Claims (amount). Adjusters (name). Adjusters are assigned to claims, and each "
            "claim has exactly one adjuster.",
            "adjuster",
            [],
        ),
    ],
)
def test_verbs_link_described_resources(prompt: str, resource: str, relations: list[str]) -> None:
    spec = parse_prompt(prompt)
    found = [
        r.target + ("+" if r.kind == "many_to_many" else "")
        for r in spec.resource(resource).relations
        if r.kind != "one_to_many"
    ]
    assert found == relations


@pytest.mark.parametrize(
    ("prompt", "field", "described"),
    [
        (
            "Dentists have a name and a license number, also unique.",
            "license_number",
            "string unique",
        ),
        ("Bins have a code wich has to be unique and an aisle.", "code", "string unique"),
        (
            "Batches have a brew date and a status: fermenting, conditioning or packaged, "
            "defaulting to fermenting.",
            "status",
            "enum(fermenting|conditioning|packaged) optional default=fermenting",
        ),
        (
            "Claims have a status that defaults to submitted; the other statuses are approved "
            "and paid.",
            "status",
            "enum(submitted|approved|paid) optional default=submitted",
        ),
        ("Observers: joined_on date, photo_url url optional.", "joined_on", "date"),
        ("Sites: name, habitat enum(wetland, forest).", "habitat", "enum(wetland|forest)"),
        ("Messages have a body and a sent_at time.", "sent_at", "datetime"),
        ("Tanks have a name and a capacity (integer, in litres).", "capacity", "integer"),
        (
            "Desks: label, floor number, has monitor (yes/no).",
            "has_monitor",
            "boolean optional default=false",
        ),
        ("Desks: label, floor number, has monitor (yes/no).", "floor_number", "integer"),
        ("Shifts: title, starts at, ends at.", "starts_at", "datetime"),
        (
            "Bookings: seat number, checked in (yes/no).",
            "checked_in",
            "boolean optional default=false",
        ),
        ("Events have a title and start and end times.", "end_time", "datetime"),
        ("Stays have check-in and check-out dates.", "check_in_date", "date"),
        ("Members: name, joined on (date).", "joined_on", "date"),
        ("Artworks (title, year created, on display yes/no).", "year_created", "integer"),
        (
            "Stories: headline, status (one of: draft, live; defaults to draft).",
            "status",
            "enum(draft|live) optional default=draft",
        ),
        (
            "Jobs: title, priority (low, normal or urgent \u2013 normal by default).",
            "priority",
            "enum(low|normal|urgent) optional default=normal",
        ),
        (
            "Plumbers: name and whether they are gas certified.",
            "gas_certified",
            "boolean optional default=false",
        ),
        (
            "Plans: diagnosis and if it is finished or not.",
            "finished",
            "boolean optional default=false",
        ),
        (
            "Fill-ups: date and whether it was a full tank.",
            "full_tank",
            "boolean optional default=false",
        ),
        ("Rehearsals: date and maybe some notes about the pieces.", "notes", "text optional"),
        ("Depots: name and salt capacity in tonnes.", "salt_capacity", "float"),
        ("Parts: part number (unique), name.", "part_number", "string unique"),
        ("Visits: date and a free-text report.", "report", "text"),
        (
            "Measurements:\n- quality flag: good, suspect or bad (default good)\n- depth",
            "quality",
            "enum(good|suspect|bad) optional default=good",
        ),
        ("Glaciers: name, an area in square kilometres.", "area", "float"),
        ("Stations: code, elevation.", "elevation", "float"),
        ("Gradings: date, score out of 100.", "score", "float max=100"),
        ("Bookings: date, and has a paid flag.", "paid", "boolean optional default=false"),
        (
            "### Race\n- start time\n- cancelled? (yes/no)",
            "cancelled",
            "boolean optional default=false",
        ),
        (
            "Performances: title, a score from the judges (from 0 to 30).",
            "score",
            "float min=0 max=30",
        ),
        (
            'Rounds: name: string, unique (e.g. "Portsmouth", "WA 70m"), arrows: integer',
            "name",
            "string unique",
        ),
    ],
)
def test_field_phrases_as_people_write_them(prompt: str, field: str, described: str) -> None:
    spec = parse_prompt(prompt)
    found = {f.name: describe_field(f) for r in spec.resources for f in r.fields}
    assert found[field] == described


def test_typed_lines_and_tables_describe_fields() -> None:
    spec = parse_prompt(
        "Teacher\n  name - string\n  email - email, unique\n"
        "Lesson\n  period - integer, from 1 to 8\n  teacher - reference to Teacher\n\n"
        "Team\n| field | type | notes |\n|---|---|---|\n| name | string | unique |\n"
        "| founded_year | integer | |\n"
    )
    assert {f.name: describe_field(f) for f in spec.resource("lesson").fields} == {
        "period": "integer min=1 max=8"
    }
    assert relations_of(spec, "lesson") == ["many_to_one teacher teacher_id"]
    assert {f.name: describe_field(f) for f in spec.resource("team").fields} == {
        "name": "string unique",
        "founded_year": "integer",
    }


@pytest.mark.parametrize(
    ("prompt", "name", "resources"),
    [
        (
            "## Language school\n### Tutors\nTutors have a name.\n### Students\n"
            "Name, email (must be unique).",
            "language_school",
            ["tutor", "student"],
        ),
        ("We're an estate agency in Leeds. Agents have a name.", "estate_agency", ["agent"]),
        (
            "I need an API to manage a cattle farm. Paddocks have a name.",
            "cattle_farm",
            ["paddock"],
        ),
        (
            "api for charity donations. donors (name), campaigns (name), donations (amount)",
            "charity_donations",
            ["donor", "campaign", "donation"],
        ),
        (
            "IT asset inventory:\n- Devices (serial number)\n- Software licenses (key)",
            "it_asset_inventory",
            ["device", "software_license"],
        ),
        ("Post: tags, comments", "post", ["post", "tag", "comment"]),
        ("Inventory: Items (name, sku). Suppliers (name).", "inventory", ["item", "supplier"]),
        ("A blog where authors write posts.", "blog", ["author", "post"]),
        (
            "Crowdfunding API. As a user I want to sign up with a username and an email. "
            "As a user I want to create a campaign with a title and a funding goal.",
            "crowdfunding",
            ["user", "campaign"],
        ),
    ],
)
def test_titles_headings_and_openings(prompt: str, name: str, resources: list[str]) -> None:
    spec = parse_prompt(prompt)
    assert (spec.name, [r.name for r in spec.resources]) == (name, resources)


@pytest.mark.parametrize(
    ("prompt", "resources"),
    [
        # A sentence broken after a comma, inside parentheses or after "can".
        (
            "A small library API with books (title, author, isbn, published year),\n"
            "members (name, email, joined date) and loans. Each loan belongs to a member and\n"
            "a book and has a due date.",
            {"book": ["title", "author", "isbn", "published_year"], "member": ["name", "email"]},
        ),
        (
            "A blog with authors, posts and tags. Each post belongs to an author. Posts can\n"
            "have many tags.",
            {"post": [], "tag": ["name"]},
        ),
        (
            "Batches have a brew date, a keg count and a status:\n"
            "fermenting, conditioning or packaged.",
            {"batch": ["brew_date", "keg_count", "status"]},
        ),
        # One item per line, no bullets: each line is a statement of its own.
        ("Owners: name, phone\nPets: name, species", {"owner": ["name", "phone"]}),
        ("Books (title, author)\nMembers (name, email)", {"book": ["title", "author"]}),
        ("Book\n  title - string\n  author - string", {"book": ["title", "author"]}),
    ],
)
def test_hard_wrapped_lines_are_joined_and_lists_stay_apart(
    prompt: str, resources: dict[str, list[str]]
) -> None:
    spec = parse_prompt(prompt)
    for name, fields in resources.items():
        assert [f.name for f in spec.resource(name).fields][: len(fields)] == fields


def test_titled_list_with_a_described_last_item_names_the_api() -> None:
    spec = parse_prompt(
        "Gym: members (name, email, birth date, membership type: basic, premium or vip), "
        "trainers (name, speciality) and classes with a title and a start time."
    )
    assert spec.name == "gym"
    assert [r.name for r in spec.resources] == ["member", "trainer", "class"]
    assert field(spec, "member", "membership_type")["enum"] == ["basic", "premium", "vip"]
    assert [f.name for f in spec.resource("class").fields] == ["title", "start_time"]


def test_the_one_thing_someone_needs_is_the_api_not_a_resource() -> None:
    spec = parse_prompt(
        "I need a URL shortener. Each link has the target url, a short code and a click count."
    )
    assert (spec.name, [r.name for r in spec.resources]) == ("url_shortener", ["link"])


@pytest.mark.parametrize(
    ("name", "kind"),
    [("max occupancy", "integer"), ("min age", "integer"), ("max price", "decimal")],
)
def test_a_limit_is_a_number(name: str, kind: str) -> None:
    spec = parse_prompt(f"Rooms have a number and a {name}.")
    assert field(spec, "room", name.replace(" ", "_"))["type"] == kind


@pytest.mark.parametrize(
    ("prompt", "resource", "fields"),
    [
        (
            "Devices have a serial number (unique), a uuid, a name and a purchase date.",
            "device",
            {"serial_number": "string", "uuid": "uuid", "name": "string", "purchase_date": "date"},
        ),
        ("Posts have a title. Tags just have a name.", "tag", {"name": "string"}),
        (
            "Pets have a name. Vets have a name. "
            "A visit is for a pet and a vet and records the visit date and notes.",
            "visit",
            {"visit_date": "date", "notes": "text"},
        ),
        (
            "Acceptance criteria:\n- [ ] A Student can be created with a name and an email.\n"
            "- [x] Unknown ids return 404.",
            "student",
            {"name": "string", "email": "email"},
        ),
        (
            "Customers w/ name, email, phone.",
            "customer",
            {"name": "string", "email": "email", "phone": "string"},
        ),
        (
            "Properties have a street. For a property we need the postcode and the boiler model.",
            "property",
            {"street": "string", "postcode": "string", "boiler_model": "string"},
        ),
        (
            "For each lighthouse we keep its name and the year built.",
            "lighthouse",
            {"name": "string", "year_built": "integer"},
        ),
        (
            "Services (wash, cut, nails etc) with name and price.",
            "service",
            {"name": "string", "price": "decimal"},
        ),
        (
            "An API for our physiotherapy clinic. Patients have a name. "
            "Also the clinic have exercises with name and video link.",
            "exercise",
            {"name": "string", "video_link": "url"},
        ),
    ],
)
def test_plain_ways_to_list_fields(prompt: str, resource: str, fields: dict[str, str]) -> None:
    spec = parse_prompt(prompt)
    assert {f.name: f.type for f in spec.resource(resource).fields} == fields


@pytest.mark.parametrize(
    ("prompt", "owner", "kind", "target"),
    [
        (
            "Pets have a name. Adopters (name, email) can apply to adopt pets.",
            "adopter",
            "many_to_many",
            "pet",
        ),
        (
            "Listings have a title. Buyers have a name. Buyers can save many listings as "
            "favourites.",
            "buyer",
            "many_to_many",
            "listing",
        ),
        (
            "Levels have a number. Parking spots are on a level.",
            "parking_spot",
            "many_to_one",
            "level",
        ),
    ],
)
def test_links_said_in_everyday_verbs(prompt: str, owner: str, kind: str, target: str) -> None:
    spec = parse_prompt(prompt)
    assert [(r.kind, r.target) for r in spec.resource(owner).relations] == [(kind, target)]


def test_a_thing_described_inside_a_sentence_is_a_resource() -> None:
    spec = parse_prompt("Members have a name. Each month we pick a book (title, author).")
    assert [f.name for f in spec.resource("book").fields] == ["title", "author"]
    # What else the sentence says about the data must not be dropped silently.
    with pytest.raises(GenerationError, match="'Each month members pick'"):
        parse_prompt("Members have a name. Each month members pick a book (title, author).")


def test_time_entries_record_their_fields_and_links() -> None:
    base = "Team members have a name. Tasks have a title. "
    spec = parse_prompt(
        base + "Time entries record the hours logged, the date, a team member and a task."
    )
    entry = spec.resource("time_entry")
    assert [f.name for f in entry.fields] == ["hours_logged", "date"]
    assert [r.target for r in entry.relations] == ["team_member", "task"]
    # Who did what, folded into one phrase, is not a field name: say so.
    with pytest.raises(GenerationError, match="'hours a team member logged"):
        parse_prompt(base + "Time entries record the hours a team member logged on a task.")


def test_a_line_starting_with_and_goes_on_with_the_sentence() -> None:
    spec = parse_prompt("Authors have a name\nand a bio. Books have a title.")
    assert [f.name for f in spec.resource("author").fields] == ["name", "bio"]


def _types(spec: ApiSpec, resource: str) -> dict[str, str]:
    return {f.name: f.type for f in spec.resource(resource).fields}


@pytest.mark.parametrize(
    ("prompt", "owner", "relations"),
    [
        # People already grouped elsewhere are shared by a second "has many"; a ward groups.
        (
            "Departments (name). Researchers (name, email) belong to a department. "
            "Publications (title) have many researchers.",
            "publication",
            [("many_to_many", "researcher")],
        ),
        (
            "Wards (name). Nurses (name, email). A ward has many nurses.",
            "ward",
            [("one_to_many", "nurse")],
        ),
        # An aside that states the other side of the link.
        (
            "Trips (name). Divers (name). A trip has many divers (and divers do many trips).",
            "trip",
            [("many_to_many", "diver")],
        ),
        (
            "Members (name). Machines (name). We record which machines each member has been "
            "trained on (a member can be trained on many machines).",
            "member",
            [("many_to_many", "machine")],
        ),
        # A verb meeting a bare plural guesses; a count said of the pair decides.
        (
            "Permits (number). Inspections (outcome). Inspections are carried out on permits. "
            "A permit has many inspections.",
            "inspection",
            [("many_to_one", "permit")],
        ),
        (
            "Pupils (name). Lessons (start time). Pupils book lessons. A pupil has many lessons.",
            "lesson",
            [("many_to_one", "pupil")],
        ),
        (
            "Environments (name). Flags (key). A flag can be switched on in many environments.",
            "flag",
            [("many_to_many", "environment")],
        ),
    ],
)
def test_how_many_each_side_has(prompt: str, owner: str, relations: list[tuple[str, str]]) -> None:
    spec = parse_prompt(prompt)
    assert [(r.kind, r.target) for r in spec.resource(owner).relations] == relations


def test_a_plural_beside_plain_fields_is_a_value_not_a_resource() -> None:
    spec = parse_prompt("Dishes: name, allergens, calories. Instructors: name, languages.")
    assert [r.name for r in spec.resources] == ["dish", "instructor"]
    assert _types(spec, "dish")["allergens"] == "string"
    assert _types(spec, "instructor")["languages"] == "string"
    # Alone, "companies have deals" still says deals are records of their own.
    spec = parse_prompt("Companies (name, website). Companies have deals.")
    assert [r.name for r in spec.resources] == ["company", "deal"]


@pytest.mark.parametrize(
    ("prompt", "name"),
    [
        ("API for our hospital's nurse rota. Nurses (name).", "nurse_rota"),
        ("Our library's API: books (title).", "library"),
        ("Makerspace booking system - members, machines and bookings.", "makerspace_booking"),
    ],
)
def test_whose_api_it_is_is_not_its_name(prompt: str, name: str) -> None:
    assert parse_prompt(prompt).name == name


def test_user_stories_keep_fields_and_drop_what_is_not_data() -> None:
    spec = parse_prompt(
        "Members, machines and lessons.\n"
        "- As an admin I want to store each member's full name and a membership number.\n"
        "- As a technician I want to list the machines with their name and location in the "
        "space.\n"
        "- As a trainer I want to add notes to a lesson after it finishes.\n"
        "- As a member I want to see all my lessons.\n"
        "- As a member I want to get an email reminder the day before (not urgent)."
    )
    assert [r.name for r in spec.resources] == ["member", "machine", "lesson"]
    assert [f.name for f in spec.resource("member").fields] == ["full_name", "membership_number"]
    assert [f.name for f in spec.resource("machine").fields] == ["name", "location"]
    assert _types(spec, "lesson") == {"notes": "text"}


def test_remarks_on_the_document_and_the_endpoints_are_not_data() -> None:
    spec = parse_prompt(
        "Subject: Plumbing API\n\nHi Marek,\n"
        "As promised, here's a rough outline of what the plumbing API needs to hold.\n"
        "This page only covers the data.\n"
        "Jobs: title, due date.\n"
        "As the owner I want the job list to be sortable by due date.\n"
        "Job lists are paginated and can be filtered by status.\n"
        "Cheers,\nDave"
    )
    assert [r.name for r in spec.resources] == ["job"]
    assert _types(spec, "job") == {"title": "string", "due_date": "date"}


def test_a_dash_pair_and_vice_versa_say_nothing_more() -> None:
    spec = parse_prompt(
        "We keep our musicians \u2014 their name and email \u2014 and then the concerts, which "
        "have a title. Keepers (past and present) have a name; a keeper can be linked to many "
        "concerts over their career, and vice versa."
    )
    assert [r.name for r in spec.resources] == ["musician", "concert", "keeper"]
    assert _types(spec, "musician") == {"name": "string", "email": "email"}
    assert [(r.kind, r.target) for r in spec.resource("keeper").relations] == [
        ("many_to_many", "concert")
    ]


def test_a_table_row_links_and_a_field_named_like_a_verb() -> None:
    spec = parse_prompt(
        "API for street lighting (council highways team).\n\n"
        "| Resource | Field | Type | Notes |\n|---|---|---|---|\n"
        "| Lamp post | asset number | string | unique |\n"
        "| Fault report | lamp post | link to Lamp post | each report is for one lamp post |\n"
        "| Repair crew | on call | boolean | |\n"
        "| Repair crew | commission rate | float | |\n"
    )
    assert [r.name for r in spec.resources] == ["lamp_post", "fault_report", "repair_crew"]
    assert [(r.kind, r.target) for r in spec.resource("fault_report").relations] == [
        ("many_to_one", "lamp_post")
    ]
    assert _types(spec, "repair_crew") == {"on_call": "boolean", "commission_rate": "float"}


def test_a_short_form_and_a_remark_are_not_new_fields() -> None:
    spec = parse_prompt(
        "We have customers, every customer have name, also customer can have many cars. "
        "For car we keep the plate number, it must be unique, the brand and colour. Then we "
        "have wash packages like basic, premium, deluxe, each package has name, price and "
        'flag "includes wax" yes or no. Every wash is made for one car with one package, we '
        "save finished at (date and time) and the total price. The budget is fixed."
    )
    assert [r.name for r in spec.resources] == ["customer", "car", "wash_package", "wash"]
    assert _types(spec, "wash_package") == {
        "name": "string",
        "price": "decimal",
        "includes_wax": "boolean",
    }
    assert _types(spec, "wash") == {"finished_at": "datetime", "total_price": "decimal"}


def test_a_has_many_with_a_verb_like_noun_and_a_typed_reference() -> None:
    spec = parse_prompt(
        "Farmer\n- name: string\n\nCustomers: company name. Work orders: reference. "
        "A customer has many work orders.\n\nPayment\n- amount: decimal\n- farmer: Farmer"
    )
    assert [(r.kind, r.target) for r in spec.resource("customer").relations] == [
        ("one_to_many", "work_order")
    ]
    assert [(r.kind, r.target) for r in spec.resource("payment").relations] == [
        ("many_to_one", "farmer")
    ]


def test_ticket_and_email_phrasings_of_fields() -> None:
    spec = parse_prompt(
        "Acceptance criteria:\n"
        "- [ ] Can create/read/update/delete Entertainers with: stage name (unique), daily rate\n"
        "- [ ] Can CRUD Parties with: child name, party date\n"
        "- [ ] Deposit paid yes/no on the party, defaults to no\n"
        "Bookings: each booking is made by a client. We need the start time, remote (yes/no) "
        "and a status. Optional notes for the interpreter. Clients: name. "
        "We'd also like interpreters to have many qualifications (title, year obtained)."
    )
    assert _types(spec, "entertainer") == {"stage_name": "string", "daily_rate": "decimal"}
    assert _types(spec, "party") == {
        "child_name": "string",
        "party_date": "date",
        "deposit_paid": "boolean",
    }
    assert _types(spec, "booking") == {
        "start_time": "datetime",
        "remote": "boolean",
        "status": "string",
        "notes": "text",
    }
    assert [(r.kind, r.target) for r in spec.resource("qualification").relations] == [
        ("many_to_one", "interpreter")
    ]


def test_a_record_is_when_one_thing_does_something_to_another() -> None:
    spec = parse_prompt(
        "Caches have a name. Cachers have a username. "
        "A find is when a cacher logs a cache, with a found at time."
    )
    assert [r.name for r in spec.resources] == ["cache", "cacher", "find"]
    assert [(r.kind, r.target) for r in spec.resource("find").relations] == [
        ("many_to_one", "cacher"),
        ("many_to_one", "cache"),
    ]


def test_numbered_resources_above_indented_typed_bullets() -> None:
    spec = parse_prompt(
        "PARTY-482: Scrap yard data model\n\n"
        "1. Supplier\n"
        "   - name: string\n"
        "   - id_document_number: string, unique  (legal requirement)\n"
        "2. Payment\n"
        "   - method: enum(bank_transfer, cheque)   -- no cash, it's illegal now\n"
        "   - each payment is for one supplier\n"
        "Payments should come back sorted by date. Story points: 5"
    )
    assert [r.name for r in spec.resources] == ["supplier", "payment"]
    assert _types(spec, "supplier") == {"name": "string", "id_document_number": "string"}
    assert _types(spec, "payment") == {"method": "enum"}
    assert [(r.kind, r.target) for r in spec.resource("payment").relations] == [
        ("many_to_one", "supplier")
    ]


def test_a_passive_link_during_another_thing() -> None:
    spec = parse_prompt(
        "Port calls have an arrival time. Containers have a number. "
        "A container is unloaded during a port call."
    )
    assert [(r.kind, r.target) for r in spec.resource("container").relations] == [
        ("many_to_one", "port_call")
    ]


def test_a_slip_of_the_keyboard_keeps_the_longer_spelling() -> None:
    spec = parse_prompt(
        "skaters have a name. sesions have a start time. "
        "each booking belongs to a skater and a session and has a paid flag."
    )
    assert [r.name for r in spec.resources] == ["skater", "session", "booking"]


def test_resources_described_in_a_chat_message_are_never_dropped() -> None:
    spec = parse_prompt(
        "hey @priya quick one - can you spin up a tiny api for the office lunch orders? we just "
        "need menu items (name, price) and orders (employee name, quantity). each order is for a "
        "menu item."
    )
    assert [r.name for r in spec.resources] == ["menu_item", "order"]
    assert _types(spec, "order") == {"employee_name": "string", "quantity": "integer"}


def test_a_typed_arrow_with_a_remark_is_a_reference() -> None:
    spec = parse_prompt(
        "Beach\n  name: string\n\nCleanup\n  date: date\n"
        "  beach -> Beach (each cleanup happens at one beach)"
    )
    assert [(r.kind, r.target) for r in spec.resource("cleanup").relations] == [
        ("many_to_one", "beach")
    ]


def test_a_definition_under_a_heading_is_not_a_field() -> None:
    spec = parse_prompt(
        "## Finders\nThe members of the public who bring animals in.\n- full name\n- phone\n"
        "## Animals\n- species\n- given at (date + time)"
    )
    assert [f.name for f in spec.resource("finder").fields] == ["full_name", "phone"]
    assert _types(spec, "animal") == {"species": "string", "given_at": "datetime"}


def test_clauses_nested_without_end_get_a_clear_error() -> None:
    with pytest.raises(GenerationError, match="nests more than 8 clauses"):
        parse_prompt("open with " * 2000)


@pytest.mark.parametrize("word", ["x" * 19_000, "-per" * 4000, "7" * 101])
def test_an_overlong_word_is_refused(word: str) -> None:
    with pytest.raises(GenerationError, match=r"is a single word of \d+ characters"):
        parse_prompt(f"Books: title, {word}")


def test_a_long_rule_under_a_heading_is_not_a_word() -> None:
    spec = parse_prompt("Books: title\n" + "-" * 300 + "\nMembers: name")
    assert [r.name for r in spec.resources] == ["book", "member"]


@pytest.mark.parametrize(
    "unit",
    ["books emailname and ", "members borrow books, ", "date who\n", "a ", "required, "],
)
def test_words_said_over_and_over_are_read_or_refused_clearly(unit: str) -> None:
    prompt = (unit * 20_000)[:20_000]  # once took minutes or overflowed the stack
    try:
        spec = parse_prompt(prompt)
    except GenerationError as error:
        assert str(error)
        return
    assert spec.resources


@pytest.mark.parametrize(
    ("prompt", "record", "relations"),
    [
        ("a library API with books, members and loans", "loan", ["book", "member"]),
        (
            "hotel reservation system - rooms, guests, reservations",
            "reservation",
            ["room", "guest"],
        ),
        ("car rental backend - cars, customers, rentals", "rental", ["car", "customer"]),
        # a teacher groups courses: not what a student enrolls in
        (
            "a school with students, teachers, courses and enrollments",
            "enrollment",
            ["course", "student"],
        ),
        ("shop: products, customers, orders and order items", "order", ["customer"]),
        ("shop: products, customers, orders and order items", "order_item", ["order", "product"]),
    ],
)
def test_a_bare_record_is_between_the_one_person_and_the_one_thing(
    prompt: str, record: str, relations: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert sorted(relations_of(spec, record)) == sorted(
        f"many_to_one {target} {target}_id" for target in relations
    )


def test_a_bare_record_linked_by_guess_keeps_its_usual_fields() -> None:
    spec = parse_prompt("a library API with books, members and loans")
    assert [f.name for f in spec.resource("loan").fields] == ["due_date"]


@pytest.mark.parametrize(
    ("prompt", "record", "relations"),
    [
        ("a clinic with doctors, nurses, patients and appointments", "appointment", []),
        ("Applications have a position. Tickets have a title.", "ticket", []),  # nobody
        ("Rooms, guests and bookings. A booking is for a room.", "booking", ["room"]),
    ],
)
def test_no_link_is_guessed_when_the_record_or_its_parties_are_not_clear(
    prompt: str, record: str, relations: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, record) == [f"many_to_one {t} {t}_id" for t in relations]


def test_one_and_many_of_two_things_are_two_links() -> None:
    spec = parse_prompt(
        "A movie has a title and one director and many actors. Directors and actors have a name."
    )
    assert relations_of(spec, "movie") == [
        "many_to_one director director_id",
        "many_to_many actor actor_ids",
    ]
    assert [f.name for f in spec.resource("director").fields] == ["name"]
    assert [f.name for f in spec.resource("actor").fields] == ["name"]


@pytest.mark.parametrize(
    "prompt",
    [
        "build me a scalable, secure REST API with auth and good performance",
        "make me a fast, secure api with good docs pls",
        "I need a REST API, scalable, with auth and pagination. should be production ready",
        "build me a scalable microservice backend, production ready, with docker and CI",
    ],
)
def test_wishes_about_the_api_name_no_resource(prompt: str) -> None:
    with pytest.raises(GenerationError, match="could not find any resources"):
        parse_prompt(prompt)


def test_a_todo_api_lists_its_things_and_serves_todos() -> None:
    spec = parse_prompt("todo app backend pls - users, lists, todos")
    assert [r.name for r in spec.resources] == ["user", "list", "todo"]
    assert spec.resource("todo").plural == "todos"


def test_things_with_fields_inside_a_list_are_resources_of_their_own() -> None:
    spec = parse_prompt(
        "warehouses with name and location, items with sku (unique), name and quantity"
    )
    assert [f.name for f in spec.resource("warehouse").fields] == ["name", "location"]
    assert [f.name for f in spec.resource("item").fields] == ["sku", "name", "quantity"]


@pytest.mark.parametrize(
    ("prompt", "resource", "relations"),
    [
        ("attendees buy tickets for events. events have a name.", "ticket", ["attendee", "event"]),
        (
            "agents list properties and clients schedule viewings of properties",
            "property",
            ["agent"],
        ),
        (
            "agents list properties and clients schedule viewings of properties",
            "viewing",
            ["client", "property"],
        ),
    ],
)
def test_everyday_verbs_make_records_of_their_subjects(
    prompt: str, resource: str, relations: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert sorted(relations_of(spec, resource)) == [f"many_to_one {t} {t}_id" for t in relations]


@pytest.mark.parametrize(
    ("prompt", "resource", "relations"),
    [
        ("music streaming backend with artists, albums, songs and playlists", "song", ["album"]),
        ("music streaming backend with artists, albums, songs and playlists", "album", ["artist"]),
        ("Posts (title, body) and comments (body)", "comment", ["post"]),  # nothing is linked
        ("blog: posts, comments, tags. Posts have many tags.", "comment", ["post"]),  # bare
        # the writer links what they mean to: comments with a body stay unlinked
        ("Posts (title) have many tags (name). Comments (body).", "comment", []),
    ],
)
def test_a_thing_linked_to_nothing_is_part_of_what_it_usually_is(
    prompt: str, resource: str, relations: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, resource) == [f"many_to_one {t} {t}_id" for t in relations]
    assert spec.resource(resource).fields  # "albums" alone still have a title


@pytest.mark.parametrize(
    "prompt",
    [
        "An API to manage a gym: members (name), classes (title), and bookings linking members "
        "to classes.",
        "members (name) book classes (title), a booking links one member to one class",
    ],
)
def test_a_record_linking_two_things_inside_a_list_or_after_an_action(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, "booking") == [
        "many_to_one member member_id",
        "many_to_one class class_id",
    ]


def test_an_api_to_manage_a_place_is_named_after_it() -> None:
    assert parse_prompt("An API to manage a gym: members (name), trainers (name)").name == "gym"


@pytest.mark.parametrize(
    "prompt",
    [
        "inventory api: warehouses, items with sku (unique), quantity and price, and stock "
        "movements",
        "Simple inventory: warehouses, items with sku (unique), quantity and price, and stock "
        "movements",
    ],
)
def test_a_title_over_things_some_with_fields(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert [r.name for r in spec.resources] == ["warehouse", "item", "stock_movement"]
    assert [f.name for f in spec.resource("item").fields] == ["sku", "quantity", "price"]


def test_user_stories_said_with_can_see_and_be_assigned() -> None:
    spec = parse_prompt(
        "Helpdesk API. Agents have a name.\n"
        "As a customer I can open a ticket with a subject and description.\n"
        "As an agent I want to see the tickets assigned to me.\n"
        "As anyone I want to add comments to a ticket."
    )
    assert [f.name for f in spec.resource("ticket").fields] == ["subject", "description"]
    assert relations_of(spec, "ticket") == ["many_to_one agent agent_id"]
    assert relations_of(spec, "comment") == ["many_to_one ticket ticket_id"]


def test_a_story_being_assigned_things_links_them_to_the_role() -> None:
    spec = parse_prompt(
        "Tickets have a title. Agents have a name. As an agent I can be assigned tickets."
    )
    assert relations_of(spec, "ticket") == ["many_to_one agent agent_id"]


@pytest.mark.parametrize(
    "prompt",
    [
        "clinic api. patients (name, email), doctors (name, specialty), appointments between a "
        "patient and a doctor with a start time and notes",
        "Appointments are between a patient and a doctor with a start time and notes. Patients "
        "have a name. Doctors have a name.",
    ],
)
def test_records_between_two_things_in_a_list_or_a_sentence(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, "appointment") == [
        "many_to_one patient patient_id",
        "many_to_one doctor doctor_id",
    ]
    assert [f.name for f in spec.resource("appointment").fields] == ["start_time", "notes"]


def test_a_title_typed_without_an_article_before_where() -> None:
    spec = parse_prompt("marketplace where sellers list products and buyers place orders")
    assert spec.name == "marketplace"
    assert relations_of(spec, "order") == ["many_to_one buyer buyer_id"]


def test_a_story_role_who_enrolls_is_kept_and_added_lessons_are_the_courses() -> None:
    spec = parse_prompt(
        "As an instructor, I can create a course with a title.\n"
        "As an instructor, I can add lessons to my course, each with a title.\n"
        "As a student, I can enroll in many courses."
    )
    assert relations_of(spec, "lesson") == ["many_to_one course course_id"]
    assert relations_of(spec, "student") == ["many_to_many course course_ids"]


@pytest.mark.parametrize(
    "prompt",
    [
        "Customers place orders, each with a date.",
        "A customer can place many orders, each with a date.",
    ],
)
def test_an_action_then_each_with_gives_the_objects_their_fields(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert [r.name for r in spec.resources] == ["customer", "order"]
    assert [f.name for f in spec.resource("order").fields] == ["date"]
    assert relations_of(spec, "order") == ["many_to_one customer customer_id"]


@pytest.mark.parametrize(
    "sentence",
    ["Bugs have many comments with a body.", "Bugs also have lots of comments with a body."],
)
def test_many_things_with_fields_are_the_owners(sentence: str) -> None:
    spec = parse_prompt(f"Bugs have a title. {sentence}")
    assert relations_of(spec, "comment") == ["many_to_one bug bug_id"]


@pytest.mark.parametrize(
    "sentence",
    [
        "orders contain products with a quantity",
        "Each order contains many products, each with a quantity.",
    ],
)
def test_products_held_with_a_quantity_are_order_items(sentence: str) -> None:
    spec = parse_prompt(f"Orders have a date. Products have a name. {sentence}")
    assert [f.name for f in spec.resource("order_item").fields] == ["quantity"]
    assert relations_of(spec, "order_item") == [
        "many_to_one order order_id",
        "many_to_one product product_id",
    ]


def test_fields_labelled_with_the_things_name() -> None:
    spec = parse_prompt(
        "departments have many employees. employee fields: first name, email (unique)"
    )
    assert [r.name for r in spec.resources] == ["department", "employee"]
    assert [f.name for f in spec.resource("employee").fields] == ["first_name", "email"]


def test_users_who_comment_on_posts_write_comments() -> None:
    spec = parse_prompt("users write posts with some content, and other users can comment on posts")
    assert relations_of(spec, "comment") == ["many_to_one user user_id", "many_to_one post post_id"]
    assert [f.name for f in spec.resource("post").fields] == ["content"]


def test_a_header_over_actions_is_the_api_not_a_list_of_things() -> None:
    spec = parse_prompt("helpdesk api: customers open tickets, agents get assigned to tickets")
    assert spec.name == "helpdesk"
    assert [r.name for r in spec.resources] == ["customer", "ticket", "agent"]


def test_bare_tags_tag_what_is_usually_tagged() -> None:
    spec = parse_prompt("blog api with posts, comments and tags")
    assert relations_of(spec, "post") == ["many_to_many tag tag_ids"]
    assert relations_of(spec, "comment") == ["many_to_one post post_id"]


def test_two_things_written_by_the_same_people() -> None:
    spec = parse_prompt(
        "threads have a title. replies have a body. threads and replies are written by users."
    )
    assert relations_of(spec, "thread") == ["many_to_one user user_id"]
    assert relations_of(spec, "reply") == ["many_to_one user user_id"]


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("salary min", "decimal"),
        ("age max", "integer"),
        ("question text", "text"),
        ("cover letter", "text"),
    ],
)
def test_types_from_a_bound_after_the_name_and_from_text_words(phrase: str, kind: str) -> None:
    spec = parse_prompt(f"Jobs have a title and a {phrase}.")
    assert spec.resource("job").fields[1].type == kind


def test_a_thing_listed_beside_a_longer_name_is_its_own() -> None:
    spec = parse_prompt("notes app with notebooks and notes. notes have a title and a body.")
    assert [r.name for r in spec.resources] == ["notebook", "note"]
    assert [f.name for f in spec.resource("note").fields] == ["title", "body"]


@pytest.mark.parametrize(
    ("prompt", "resource", "relations"),
    [
        ("categories: name. threads: title, in a category", "thread", ["category"]),
        (
            "Drivers have a name. Each trip is made by a driver and records a start time, "
            "an end time and a distance.",
            "trip",
            ["driver"],
        ),
    ],
)
def test_a_place_in_a_field_list_and_what_a_record_records(
    prompt: str, resource: str, relations: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, resource) == [f"many_to_one {t} {t}_id" for t in relations]
    assert spec.resource(resource).fields


def test_a_plural_subject_and_its_verb_never_name_a_thing() -> None:
    spec = parse_prompt("Surveys have a title. Respondents submit responses to a survey.")
    assert [r.name for r in spec.resources] == ["survey", "respondent", "response"]
    assert sorted(relations_of(spec, "response")) == [
        "many_to_one respondent respondent_id",
        "many_to_one survey survey_id",
    ]


def test_a_plural_subject_and_its_verb_are_a_statement_not_a_name() -> None:
    spec = parse_prompt("Companies post jobs (title, salary).")
    assert [r.name for r in spec.resources] == ["company", "job"]
    assert relations_of(spec, "job") == ["many_to_one company company_id"]


def test_a_statement_after_fields_in_one_sentence() -> None:
    spec = parse_prompt(
        "products have a name, price and stock, customers place orders and each order has many "
        "order items with a quantity"
    )
    assert [f.name for f in spec.resource("product").fields] == ["name", "price", "stock"]
    assert relations_of(spec, "order") == [
        "one_to_many order_item order_id",
        "many_to_one customer customer_id",
    ]


@pytest.mark.parametrize(
    ("prompt", "resource", "relations"),
    [
        (
            "bookstore: books (title), customers and orders. an order has many order items, each "
            "with a book and a quantity",
            "order",
            ["customer"],
        ),
        ("cinema: movies, screenings, seats, tickets", "screening", ["movie"]),
        ("blog api - posts, authors, comments", "post", ["author"]),
        ("Threads have a title. Replies belong to threads and users.", "reply", ["thread", "user"]),
    ],
)
def test_everyday_links_said_or_usual(prompt: str, resource: str, relations: list[str]) -> None:
    spec = parse_prompt(prompt)
    belongs = [r for r in relations_of(spec, resource) if r.startswith("many_to_one")]
    assert belongs == [f"many_to_one {t} {t}_id" for t in relations]


def test_a_title_heading_keeps_no_fields() -> None:
    spec = parse_prompt("# Project tracker\n- Project: name, description\n- Task: title\n")
    assert spec.name == "project_tracker"
    assert [r.name for r in spec.resources] == ["project", "task"]


def test_a_bare_list_of_a_library_links_books_authors_and_loans() -> None:
    spec = parse_prompt("Library system: books, authors, members, loans.")
    assert relations_of(spec, "book") == ["many_to_one author author_id"]
    assert "author" not in [f.name for f in spec.resource("book").fields]
    assert sorted(relations_of(spec, "loan")) == [
        "many_to_one book book_id",
        "many_to_one member member_id",
    ]


def test_a_supplier_said_once_in_a_passive_is_linked() -> None:
    spec = parse_prompt(
        "Products have a name. Each product belongs to a category and is supplied by a supplier."
    )
    assert relations_of(spec, "product") == [
        "many_to_one category category_id",
        "many_to_one supplier supplier_id",
    ]


def test_something_built_with_a_stack_names_no_resource() -> None:
    with pytest.raises(GenerationError, match="could not find any resources"):
        parse_prompt("build something cool with fastapi and postgres, production ready")


def test_a_collection_for_someone_then_a_statement() -> None:
    spec = parse_prompt(
        "Expense tracker for my team: users submit expenses with amount, currency and an "
        "approved flag"
    )
    assert spec.name == "expense_tracker"
    assert [f.name for f in spec.resource("expense").fields] == ["amount", "currency", "approved"]
    assert relations_of(spec, "expense") == ["many_to_one user user_id"]


@pytest.mark.parametrize(
    ("prompt", "resource", "relations"),
    [
        (
            "Members have a name. Desks have a number. bookings link members to desks for a date",
            "booking",
            ["member", "desk"],
        ),
        (
            "Events have a title. Attendees have a name and an email, and they buy tickets "
            "for events.",
            "ticket",
            ["event", "attendee"],
        ),
    ],
)
def test_links_for_a_date_and_by_a_pronoun(
    prompt: str, resource: str, relations: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert relations_of(spec, resource) == [f"many_to_one {t} {t}_id" for t in relations]


def test_a_moment_after_a_place_is_a_field() -> None:
    spec = parse_prompt("Rooms have a name. A talk is held in a room at a start time.")
    assert relations_of(spec, "talk") == ["many_to_one room room_id"]
    assert [f.name for f in spec.resource("talk").fields] == ["start_time"]


def test_order_items_of_the_one_product() -> None:
    spec = parse_prompt(
        "products have a name and a price, customers place orders and each order has many "
        "order items with a quantity"
    )
    assert relations_of(spec, "order_item") == [
        "many_to_one order order_id",
        "many_to_one product product_id",
    ]


def test_candidates_who_apply_to_jobs_make_applications() -> None:
    spec = parse_prompt(
        "Jobs have a title. Candidates apply to jobs; an application has a status and a date."
    )
    assert sorted(relations_of(spec, "application")) == [
        "many_to_one candidate candidate_id",
        "many_to_one job job_id",
    ]


def test_a_pet_shop_sells_pets_to_customers() -> None:
    spec = parse_prompt("pet shop with pets (name, price), customers and sales")
    assert relations_of(spec, "pet") == []
    assert sorted(relations_of(spec, "sale")) == [
        "many_to_one customer customer_id",
        "many_to_one pet pet_id",
    ]


def test_booking_for_dates_names_no_dates_resource() -> None:
    spec = parse_prompt("Hotels have rooms. Guests book rooms for dates.")
    assert sorted(r.name for r in spec.resources) == ["guest", "hotel", "room"]


def test_users_who_rate_recipes_leave_ratings_with_the_range() -> None:
    spec = parse_prompt("Recipes have a title. Users can rate recipes from 1 to 5.")
    assert field(spec, "recipe", "title")["type"] == "string"
    assert field(spec, "rating", "score")["minimum"] == 1
    assert sorted(relations_of(spec, "rating")) == [
        "many_to_one recipe recipe_id",
        "many_to_one user user_id",
    ]


def test_a_gym_has_classes() -> None:
    spec = parse_prompt("gym api: members, trainers, classes, bookings linking members to classes")
    assert [r.name for r in spec.resources] == ["member", "trainer", "class", "booking"]
    assert spec.resource("class").path == "/classes"


@pytest.mark.parametrize(
    ("prompt", "fields"),
    [
        (
            "Vets see pets in appointments, which have a scheduled time and a reason.",
            ["scheduled_time", "reason"],
        ),
        (
            "vets see pets in appointments (scheduled at, reason, notes)",
            ["scheduled_at", "reason", "notes"],
        ),
        ("Vets (name, specialty) see pets in appointments.", []),
    ],
)
def test_records_where_two_things_meet(prompt: str, fields: list[str]) -> None:
    spec = parse_prompt(f"Owners (name) have many pets. {prompt}")
    assert [r.name for r in spec.resources] == ["owner", "pet", "vet", "appointment"]
    assert [f.name for f in spec.resource("appointment").fields][: len(fields)] == fields
    assert relations_of(spec, "appointment") == ["many_to_one vet vet_id", "many_to_one pet pet_id"]


def test_records_in_a_place_are_no_meeting() -> None:
    with pytest.raises(GenerationError, match="'Users keep files in folders'"):
        parse_prompt("Users (name) and folders (name). Users keep files in folders.")


@pytest.mark.parametrize(
    "prompt",
    [
        "helpdesk: customers open tickets, agents get assigned tickets",
        "customers (name) open tickets (subject). agents (name) are assigned tickets.",
    ],
)
def test_who_is_assigned_things(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert sorted(relations_of(spec, "ticket")) == [
        "many_to_one agent agent_id",
        "many_to_one customer customer_id",
    ]


def test_who_does_the_work_on_a_record() -> None:
    spec = parse_prompt(
        "Orders have a total. Couriers (name) deliver orders; agents handle tickets."
    )
    assert relations_of(spec, "order") == ["many_to_one courier courier_id"]
    assert relations_of(spec, "ticket") == ["many_to_one agent agent_id"]


def test_a_link_then_what_the_linked_thing_has() -> None:
    spec = parse_prompt(
        "Donors make donations (amount). Each donation goes to a campaign, which has a title, "
        "a goal amount and an end date."
    )
    assert relations_of(spec, "donation") == [
        "many_to_one donor donor_id",
        "many_to_one campaign campaign_id",
    ]
    assert [f.name for f in spec.resource("campaign").fields] == [
        "title",
        "goal_amount",
        "end_date",
    ]


def test_fields_then_many_things_after_a_comma() -> None:
    spec = parse_prompt(
        "Each team has a name and a city, and has many players. Players have a name."
    )
    assert [f.name for f in spec.resource("team").fields] == ["name", "city"]
    assert relations_of(spec, "player") == ["many_to_one team team_id"]


@pytest.mark.parametrize(
    "prompt",
    [
        "Matches are played between a home team and an away team on a match date.",
        "Matches have a home team, an away team and a match date.",
    ],
)
def test_two_links_to_one_thing_are_named_by_role(prompt: str) -> None:
    spec = parse_prompt(f"Teams have a name. {prompt}")
    assert [f.name for f in spec.resource("match").fields] == ["match_date"]
    assert relations_of(spec, "match") == [
        "many_to_one team home_team_id",
        "many_to_one team away_team_id",
    ]


def test_a_word_both_singular_and_plural_after_fields_is_a_field() -> None:
    spec = parse_prompt(
        "As a shelter worker I want to add animals with a name, species, breed and age."
    )
    assert [r.name for r in spec.resources] == ["animal"]
    assert [f.name for f in spec.resource("animal").fields] == ["name", "species", "breed", "age"]


@pytest.mark.parametrize(
    ("prompt", "api", "resources"),
    [
        (
            "Animals have a name. As an adopter I want to submit an adoption application for an "
            "animal, with a message.",
            "animal",
            ["animal", "adoption_application"],
        ),
        ("library web application: books (title), members (name)", "library", ["book", "member"]),
    ],
)
def test_an_application_is_a_record_unless_it_is_software(
    prompt: str, api: str, resources: list[str]
) -> None:
    spec = parse_prompt(prompt)
    assert (spec.name, [r.name for r in spec.resources]) == (api, resources)


def test_a_heading_over_things_described_below_is_the_title() -> None:
    spec = parse_prompt("Car rental:\n* Cars - make, model\n* Customers - name")
    assert (spec.name, [r.name for r in spec.resources]) == ("car_rental", ["car", "customer"])
    spec = parse_prompt("Book:\n- title\n- author")
    assert [f.name for f in spec.resource("book").fields] == ["title", "author"]


@pytest.mark.parametrize(
    "prompt",
    [
        "Tickets (subject). Agents (name) are assigned to tickets.",
        "Helpdesk API: customers (name) open tickets (subject) and agents (name) are assigned to "
        "tickets.",
    ],
)
def test_people_assigned_to_work_each_piece_has_its_person(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert "many_to_one agent agent_id" in relations_of(spec, "ticket")
    assert relations_of(spec, "agent") == []


def test_things_that_have_comments_have_comment_records() -> None:
    spec = parse_prompt("tickets (subject) have comments")
    assert relations_of(spec, "comment") == ["many_to_one ticket ticket_id"]
    assert [f.name for f in parse_prompt("tasks have a title and notes").resources[0].fields] == [
        "title",
        "notes",
    ]


@pytest.mark.parametrize(
    "act",
    [
        "a customer rents a car from a pickup date to a return date, with a total price",
        "customers rent cars with a pickup date, a return date and a total price",
    ],
)
def test_what_follows_an_act_describes_its_record(act: str) -> None:
    spec = parse_prompt(f"cars (make), customers (name). {act}")
    assert [f.name for f in spec.resource("rental").fields] == [
        "pickup_date",
        "return_date",
        "total_price",
    ]
    assert sorted(relations_of(spec, "rental")) == [
        "many_to_one car car_id",
        "many_to_one customer customer_id",
    ]


def test_a_story_told_in_the_present_and_an_application_for_a_job() -> None:
    spec = parse_prompt(
        "Jobs have a title.\n- As a candidate I sign up with a name and email.\n"
        "- As a candidate I can apply to a job with a cover letter."
    )
    assert [f.name for f in spec.resource("candidate").fields] == ["name", "email"]
    assert [f.name for f in spec.resource("application").fields] == ["cover_letter"]
    assert relations_of(spec, "application") == [
        "many_to_one candidate candidate_id",
        "many_to_one job job_id",
    ]


def test_a_thing_and_its_typed_fields_after_a_dash() -> None:
    spec = parse_prompt(
        "laundry api\ncustomer - name: string, phone: string\n"
        "service - name: string, price: decimal"
    )
    assert [(r.name, [f.name for f in r.fields]) for r in spec.resources] == [
        ("customer", ["name", "phone"]),
        ("service", ["name", "price"]),
    ]


def test_records_scheduled_by_people_not_yet_described() -> None:
    spec = parse_prompt("properties (address). viewings are scheduled by clients for a property.")
    assert relations_of(spec, "viewing") == [
        "many_to_one client client_id",
        "many_to_one property property_id",
    ]


def test_payments_of_bookings_in_a_bare_list() -> None:
    spec = parse_prompt("Hotel booking backend: rooms, guests, bookings, payments")
    assert sorted(relations_of(spec, "booking")) == [
        "many_to_one guest guest_id",
        "many_to_one room room_id",
    ]
    assert relations_of(spec, "payment") == ["many_to_one booking booking_id"]


def test_a_short_bio_is_a_bio() -> None:
    spec = parse_prompt("Tutors have a name and a short bio. Links have a short code.")
    bio = field(spec, "tutor", "bio")
    assert (bio["type"], bio["required"]) == ("text", False)
    assert [f.name for f in spec.resource("link").fields] == ["short_code"]


@pytest.mark.parametrize(
    "prompt",
    [
        "I need a fast, secure REST API with pagination, rate limiting and good error messages.",
        "Generate a clean, well-documented API with pagination and Docker support.",
    ],
)
def test_tools_and_error_messages_name_no_resource(prompt: str) -> None:
    with pytest.raises(GenerationError, match="could not find any resources"):
        parse_prompt(prompt)


def test_a_bare_gym_books_classes_run_by_trainers() -> None:
    spec = parse_prompt("Gym management backend - members, trainers, classes and bookings")
    assert relations_of(spec, "class") == ["many_to_one trainer trainer_id"]
    assert sorted(relations_of(spec, "booking")) == [
        "many_to_one class class_id",
        "many_to_one member member_id",
    ]


def test_a_bare_cinema_shows_movies_on_screens() -> None:
    spec = parse_prompt("movie theater api - movies, screens, showtimes, tickets")
    assert relations_of(spec, "showtime") == [
        "many_to_one movie movie_id",
        "many_to_one screen screen_id",
    ]
    assert relations_of(spec, "ticket") == ["many_to_one showtime showtime_id"]


def test_a_story_of_making_a_booking_links_the_member_described_later() -> None:
    spec = parse_prompt(
        "- As a member, I can make a booking for a desk on a given date.\n"
        "- As an admin, I can add desks with a unique code.\n"
        "- As an admin, I can see members with their name, email and plan (basic or pro)."
    )
    assert sorted(relations_of(spec, "booking")) == [
        "many_to_one desk desk_id",
        "many_to_one member member_id",
    ]
    assert [f.name for f in spec.resource("member").fields] == ["name", "email", "plan"]


def test_people_who_send_applications_are_no_resource() -> None:
    spec = parse_prompt(
        "Animals have a name. People send adoption applications for an animal with their "
        "name, email and a short message."
    )
    assert [r.name for r in spec.resources] == ["animal", "adoption_application"]
    assert [f.name for f in spec.resource("adoption_application").fields] == [
        "name",
        "email",
        "message",
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "restaurants have dishes with a name and price.",
        "restaurants have many dishes with a name and price.",
    ],
)
def test_the_fields_after_many_things_with_are_theirs(prompt: str) -> None:
    spec = parse_prompt(prompt)
    assert [f.name for f in spec.resource("dish").fields] == ["name", "price"]
    assert relations_of(spec, "dish") == ["many_to_one restaurant restaurant_id"]


def test_an_act_and_then_each_thing_is_two_statements() -> None:
    spec = parse_prompt(
        "Students (name) enroll in courses, and each course is taught by one teacher. "
        "Courses have a title. Teachers have a name."
    )
    assert relations_of(spec, "course") == ["many_to_one teacher teacher_id"]
    assert relations_of(spec, "student") == ["many_to_many course course_ids"]


def test_leases_signed_for_an_apartment_and_shifts_signed_up_for() -> None:
    spec = parse_prompt(
        "Apartments have an address. Tenants (name) sign leases for an apartment; a lease has "
        "a start date. Volunteers (name) sign up for many shifts (starts at)."
    )
    assert sorted(relations_of(spec, "lease")) == [
        "many_to_one apartment apartment_id",
        "many_to_one tenant tenant_id",
    ]
    assert relations_of(spec, "volunteer") == ["many_to_many shift shift_ids"]
    # "sign language" is no act of signing
    spec = parse_prompt("Interpreters have a name and a sign language (british, american).")
    assert [r.name for r in spec.resources] == ["interpreter"]
    assert [f.name for f in spec.resources[0].fields] == ["name", "sign_language"]


def test_a_user_who_signed_up_logs_their_own_records() -> None:
    spec = parse_prompt(
        "As a user I sign up with a username and an email.\n"
        "As a user I log workouts with a distance and the date.\n"
        "As a user I set goals with a target distance and a deadline."
    )
    assert relations_of(spec, "workout") == ["many_to_one user user_id"]
    assert relations_of(spec, "goal") == ["many_to_one user user_id"]


def test_things_carried_many_at_a_time_and_comments_giving_a_name() -> None:
    spec = parse_prompt(
        "- As a writer I can publish posts with a title and a body.\n"
        "- As a visitor I can comment on a post, giving my name and a message.\n"
        "- Posts can carry many tags, and the same tag can be used on many posts."
    )
    assert [r.name for r in spec.resources] == ["post", "comment", "tag"]
    assert [f.name for f in spec.resource("comment").fields] == ["name", "message"]
    assert relations_of(spec, "post") == ["many_to_many tag tag_ids"]


@pytest.mark.parametrize(
    ("prompt", "record", "links"),
    [
        (
            "Donors (name) give donations to campaigns. Campaigns have a title.",
            "donation",
            ["many_to_one campaign campaign_id", "many_to_one donor donor_id"],
        ),
        ("customers (name) drop off orders (total)", "order", ["many_to_one customer customer_id"]),
        (
            "Films have a title. Every film is directed by one director, and actors appear in "
            "many films.",
            "film",
            ["many_to_one director director_id"],
        ),
    ],
)
def test_more_everyday_verbs(prompt: str, record: str, links: list[str]) -> None:
    assert sorted(relations_of(parse_prompt(prompt), record)) == links


@pytest.mark.parametrize(
    ("prompt", "record", "links"),
    [
        (
            "hair salon api with stylists, clients, services (name, price) and appointments",
            "appointment",
            [
                "many_to_one stylist stylist_id",
                "many_to_one client client_id",
                "many_to_one service service_id",
            ],
        ),
        (
            "dental clinic: patients, dentists, appointments",
            "appointment",
            ["many_to_one patient patient_id", "many_to_one dentist dentist_id"],
        ),
        (
            "gym: members, trainers, classes, bookings",
            "booking",
            ["many_to_one member member_id", "many_to_one class class_id"],
        ),
    ],
)
def test_a_bare_service_record_is_with_the_one_who_serves(
    prompt: str, record: str, links: list[str]
) -> None:
    assert relations_of(parse_prompt(prompt), record) == links


def test_an_api_for_peoples_things_keeps_the_things() -> None:
    spec = parse_prompt(
        "Backend for volunteer shifts. Each shift has a title and a start time. Volunteers have "
        "a name, and they can sign up for many shifts."
    )
    assert (spec.name, [r.name for r in spec.resources]) == (
        "volunteer_shifts",
        ["shift", "volunteer"],
    )


def test_an_order_that_contains_products_after_a_comma() -> None:
    spec = parse_prompt(
        "customers place orders, and an order contains products with a quantity. products have "
        "a name"
    )
    assert sorted(relations_of(spec, "order_item")) == [
        "many_to_one order order_id",
        "many_to_one product product_id",
    ]


def test_an_act_before_a_colon_and_what_it_makes_after() -> None:
    spec = parse_prompt(
        "movies have a title. users can review movies: a review has a rating from 1 to 10 "
        "and a comment"
    )
    assert sorted(relations_of(spec, "review")) == [
        "many_to_one movie movie_id",
        "many_to_one user user_id",
    ]


def test_records_logged_for_known_things() -> None:
    spec = parse_prompt(
        "Companies have a name. We log deals for companies with a value and an expected close date."
    )
    assert relations_of(spec, "deal") == ["many_to_one company company_id"]
    assert [f.name for f in spec.resource("deal").fields] == ["value", "expected_close_date"]


def test_a_record_of_which_thing_did_what_where() -> None:
    spec = parse_prompt(
        "vehicles (plate), spots (label). a session records which vehicle parked in which spot, "
        "the entry time and exit time (empty while still parked)"
    )
    assert relations_of(spec, "session") == [
        "many_to_one vehicle vehicle_id",
        "many_to_one spot spot_id",
    ]
    assert field(spec, "session", "exit_time")["required"] is False


def test_applications_that_staff_approve_or_reject() -> None:
    spec = parse_prompt(
        "Animals have a name. People who want to adopt fill out an application for a specific "
        "animal with their name and email. Staff can approve or reject applications."
    )
    assert [r.name for r in spec.resources] == ["animal", "application"]
    assert relations_of(spec, "application") == ["many_to_one animal animal_id"]
    status = field(spec, "application", "status")
    assert (status["enum"], status["default"]) == (["pending", "approved", "rejected"], "pending")


def test_guests_appear_on_many_episodes() -> None:
    spec = parse_prompt("Episode: title\nGuest: name, bio\nAn episode can have several guests.")
    assert relations_of(spec, "episode") == ["many_to_many guest guest_ids"]


def test_line_items_that_point_to_a_product() -> None:
    spec = parse_prompt(
        "products (name). orders (date). every order has line items that point to a product "
        "with a quantity and a unit price."
    )
    assert sorted(relations_of(spec, "line_item")) == [
        "many_to_one order order_id",
        "many_to_one product product_id",
    ]
    assert sorted(f.name for f in spec.resource("line_item").fields) == ["quantity", "unit_price"]


def test_a_landlord_lists_apartments_and_marks_applications() -> None:
    spec = parse_prompt(
        "Landlords and tenants each have a name and email.\n"
        "- As a landlord I can list apartments with an address and a monthly rent.\n"
        "- As a tenant I can apply for an apartment with my monthly income.\n"
        "- As a landlord I can mark an application as pending, approved or rejected."
    )
    assert relations_of(spec, "apartment") == ["many_to_one landlord landlord_id"]
    assert field(spec, "application", "monthly_income")["type"] == "decimal"
    assert field(spec, "application", "status")["enum"] == ["pending", "approved", "rejected"]


def test_booking_an_appointment_with_a_doctor_makes_the_appointment() -> None:
    spec = parse_prompt(
        "As a receptionist I can register patients with their name.\n"
        "As a receptionist I can add doctors with a name and a specialty.\n"
        "As a patient I can book an appointment with a doctor, giving a start time and an "
        "optional reason."
    )
    assert [r.name for r in spec.resources] == ["patient", "doctor", "appointment"]
    assert [f.name for f in spec.resource("appointment").fields] == ["start_time", "reason"]
    assert relations_of(spec, "appointment") == [
        "many_to_one patient patient_id",
        "many_to_one doctor doctor_id",
    ]


def test_an_appt_is_an_appointment() -> None:
    spec = parse_prompt(
        "patients (name), dentists (name) and appointments - each appt is for one patient with "
        "one dentist, has a start time"
    )
    assert [r.name for r in spec.resources] == ["patient", "dentist", "appointment"]
    assert [f.name for f in spec.resource("appointment").fields] == ["start_time"]


def test_two_things_that_only_need_fields() -> None:
    spec = parse_prompt("movies (title). directors and actors only need a name and a birth date.")
    for resource in ("director", "actor"):
        assert [f.name for f in spec.resource(resource).fields] == ["name", "birth_date"]


def test_things_belonging_to_another_then_their_fields() -> None:
    spec = parse_prompt("- shows: title, host\n- episodes belong to a show: title, audio url")
    assert [f.name for f in spec.resource("episode").fields] == ["title", "audio_url"]
    assert relations_of(spec, "episode") == ["many_to_one show show_id"]


def test_one_who_does_each_and_menu_items_ordered() -> None:
    spec = parse_prompt(
        "restaurants have many menu items (name, price). customers place orders from a "
        "restaurant and a courier delivers each order. an order has a status that starts as "
        "pending (then preparing, delivered). Orders contain menu items with a quantity."
    )
    assert "many_to_one courier courier_id" in relations_of(spec, "order")
    assert field(spec, "order", "status")["enum"] == ["pending", "preparing", "delivered"]
    assert sorted(relations_of(spec, "order_item")) == [
        "many_to_one menu_item menu_item_id",
        "many_to_one order order_id",
    ]


def test_agents_manage_properties_and_clients_book_viewings() -> None:
    spec = parse_prompt(
        "Agents (name) manage properties. A property has an address. Clients book viewings of "
        "properties; a viewing has a date."
    )
    assert relations_of(spec, "property") == ["many_to_one agent agent_id"]
    assert sorted(relations_of(spec, "viewing")) == [
        "many_to_one client client_id",
        "many_to_one property property_id",
    ]


def test_things_named_like_a_verb_of_keeping() -> None:
    spec = parse_prompt("Tracks have a title and a track number. Stores have a name.")
    assert [r.name for r in spec.resources] == ["track", "store"]


def test_a_teacher_teaches_courses_of_their_own_but_shares_styles() -> None:
    spec = parse_prompt("teachers (name), courses (title). a teacher teaches many courses.")
    assert relations_of(spec, "course") == ["many_to_one teacher teacher_id"]
    spec = parse_prompt("instructors (name), styles (name). an instructor can teach many styles.")
    assert relations_of(spec, "instructor") == ["many_to_many style style_ids"]
