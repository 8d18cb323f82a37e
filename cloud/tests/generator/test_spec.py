"""The API spec model: what a hand-written spec document may leave out."""

from __future__ import annotations

import pytest

from apigen_cloud.generator.spec import ApiSpec, plural, singular


def _links(spec: ApiSpec, resource: str) -> list[tuple[str, str, str, str | None]]:
    return [(r.name, r.kind, r.target, r.field) for r in spec.resource(resource).relations]


def test_a_relation_without_a_name_is_named_after_its_field_or_target() -> None:
    named = {"name": "name", "type": "string"}
    spec = ApiSpec.model_validate(
        {
            "name": "library",
            "resources": [
                {
                    "name": "book",
                    "fields": [named],
                    "relations": [
                        {"kind": "many_to_one", "target": "authors"},
                        {"kind": "many_to_one", "target": "member", "field": "borrower_id"},
                        {"kind": "many_to_many", "target": "tags"},
                    ],
                },
                {
                    "name": "author",
                    "fields": [named],
                    "relations": [{"kind": "one_to_many", "target": "book"}],
                },
                {"name": "member", "fields": [named]},
                {"name": "tag", "fields": [named]},
            ],
        }
    )
    assert _links(spec, "book") == [
        ("author", "many_to_one", "author", "author_id"),
        ("borrower", "many_to_one", "member", "borrower_id"),
        ("tags", "many_to_many", "tag", "tag_ids"),
    ]
    assert _links(spec, "author") == [("books", "one_to_many", "book", "author_id")]


def test_a_keyword_names_a_resource_but_no_field() -> None:
    named = {"name": "title", "type": "string"}
    spec = ApiSpec.model_validate(
        {
            "name": "gym",
            "resources": [
                {"name": "classes", "fields": [named]},
                {
                    "name": "pass",
                    "fields": [named],
                    "relations": [{"kind": "many_to_one", "target": "class"}],
                },
            ],
        }
    )
    assert [(r.name, r.path) for r in spec.resources] == [
        ("class", "/classes"),
        ("pass", "/passes"),
    ]
    assert _links(spec, "pass") == [("class", "many_to_one", "class", "class_id")]
    for document in (
        {
            "name": "gym",
            "resources": [{"name": "class", "fields": [{"name": "class", "type": "string"}]}],
        },
        {"name": "gym", "resources": [{"name": "metadata", "fields": [named]}]},
    ):
        with pytest.raises(ValueError, match="cannot be used as a"):
            ApiSpec.model_validate(document)


@pytest.mark.parametrize(
    ("word", "one"),
    [
        ("dns_records", "dns_record"),
        ("dns", "dns"),
        ("gps", "gps"),
        ("status", "status"),
        ("analysis", "analysis"),
        ("areas", "area"),
        ("boxes", "box"),
        ("specimens", "specimen"),
        ("specimen", "specimen"),
        ("firemen", "fireman"),
        ("taxa", "taxon"),
    ],
)
def test_singular_keeps_words_that_only_look_plural(word: str, one: str) -> None:
    assert singular(word) == one


@pytest.mark.parametrize("word", ["", "items_", "_"])
def test_no_last_word_is_left_as_it_is(word: str) -> None:
    assert singular(word) == word
    assert plural(word) == word
