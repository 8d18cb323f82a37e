"""The offline parser: an English description -> ApiSpec (first cut)."""

from __future__ import annotations

import re

from pydantic import ValidationError

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing.document import api_name, describe_validation_error
from apigen_cloud.generator.spec import ApiSpec, singular, to_snake

_NO_RESOURCES = (
    "I could not find any resources in the description: name the things your API manages, "
    "e.g. 'books (title, author) and members (name, email)'"
)


def parse_prose(text: str, name: str | None = None) -> ApiSpec:
    resources: dict[str, list[str]] = {}
    for match in re.finditer(r"(\w[\w ]*?)\s*(?:\(([^)]*)\)|:\s*([^\n.]*))", text):
        noun = singular(to_snake(match.group(1).split()[-1]))
        fields = [to_snake(f) for f in re.split(r",|\band\b", match.group(2) or match.group(3))]
        resources[noun] = [f for f in fields if f]
    if not resources:
        raise GenerationError(_NO_RESOURCES)
    document = {
        "name": api_name(name) if name else next(iter(resources)),
        "resources": [
            {"name": noun, "fields": [{"name": f} for f in fields]}
            for noun, fields in resources.items()
        ],
    }
    try:
        return ApiSpec.model_validate(document)
    except ValidationError as exc:
        raise GenerationError(describe_validation_error(exc, document)) from None
