"""Prompt -> `ApiSpec`: spec documents, the offline English parser and the LLM parser."""

from __future__ import annotations

from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing.document import load_document, parse_document
from apigen_cloud.generator.parsing.llm import LlmSpecParser, build_model
from apigen_cloud.generator.parsing.offline import parse_prose
from apigen_cloud.generator.spec import ApiSpec

MAX_PROMPT_CHARS = 20_000


def parse_prompt(text: str, name: str | None = None) -> ApiSpec:
    """A spec from a JSON/YAML spec document or an English description (no network).

    Raises GenerationError with a message for the user when it cannot.
    """
    if not text or not text.strip():
        raise GenerationError(
            "The description is empty: describe the things your API manages, e.g. "
            "'books (title, author) and members (name, email)'"
        )
    if len(text) > MAX_PROMPT_CHARS:
        raise GenerationError(
            f"The description is too long ({len(text)} characters, at most {MAX_PROMPT_CHARS})"
        )
    document = load_document(text)
    if document is not None:
        return parse_document(document, name)
    return parse_prose(text, name)


__all__ = ["GenerationError", "LlmSpecParser", "build_model", "parse_prompt"]
