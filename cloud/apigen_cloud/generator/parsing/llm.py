"""Prompt -> ApiSpec through a language model (structured output with pydantic-ai).

`build_model(settings)` is the one place that turns the `llm_*` settings into a
pydantic-ai model; the fixer reuses it. `LlmSpecParser` asks the model for an
`ApiSpec` directly: pydantic-ai validates the answer against the spec model and
sends validation errors back to the model for another try.
"""

from __future__ import annotations

import re

from pydantic import ValidationError
from pydantic_ai import Agent
from pydantic_ai.exceptions import AgentRunError, UnexpectedModelBehavior, UserError
from pydantic_ai.models import Model

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing.document import (
    api_name,
    describe_validation_error,
    load_document,
    parse_document,
)
from apigen_cloud.generator.spec import ApiSpec

DEFAULT_MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-sonnet-4-5"}
DEFAULT_OUTPUT_RETRIES = 2

INSTRUCTIONS = """\
You design the data model of a REST API from a user's description and answer with an API spec.
Rules:
- Resources are the things the API manages; name them in snake_case singular ("order_item").
- Every resource automatically has `id`, `created_at` and `updated_at`: never add them as fields.
- Field names are snake_case. Types: string (short text), text (long text), integer, float,
  decimal (money), boolean, date, datetime, email, url, uuid, enum (give `enum` values).
- Fields are required unless the description says they are optional. Mark fields the
  description calls unique with unique=true. Put stated limits in min_length/max_length (text)
  or minimum/maximum (numbers) and stated defaults in `default`.
- Links between resources are relations, not fields: many_to_one on the resource that points
  to another ("a loan belongs to a member"), one_to_many on the parent ("an order has many
  order items"), many_to_many when both sides have many ("posts have many tags").
- Only model what the description asks for; do not invent extra resources or fields.
- The API `name` is a short snake_case name for the whole API ("library", "pet_clinic").
"""


def build_model(settings: Settings) -> Model:
    """The pydantic-ai model the `llm_*` settings describe (OpenAI-compatible or Anthropic)."""
    provider = settings.llm_provider
    api_key = settings.llm_api_key.get_secret_value() or None
    base_url = settings.llm_base_url or None
    model_name = settings.llm_model or DEFAULT_MODELS.get(provider, "")
    try:
        if provider == "openai":
            from pydantic_ai.models.openai import OpenAIChatModel
            from pydantic_ai.providers.openai import OpenAIProvider

            # Local OpenAI-compatible servers (Ollama, vLLM) take any key, but the client needs one.
            key = api_key or ("unused" if base_url else None)
            return OpenAIChatModel(
                model_name, provider=OpenAIProvider(base_url=base_url, api_key=key)
            )
        if provider == "anthropic":
            from pydantic_ai.models.anthropic import AnthropicModel
            from pydantic_ai.providers.anthropic import AnthropicProvider

            return AnthropicModel(
                model_name, provider=AnthropicProvider(api_key=api_key, base_url=base_url)
            )
    except UserError:  # the client found no API key
        raise GenerationError(
            f"The language model ({provider}) is not configured: set APIGEN_LLM_API_KEY "
            "(or APIGEN_LLM_BASE_URL for a local OpenAI-compatible server)"
        ) from None
    raise GenerationError(f"No language model is configured (llm_provider is '{provider}')")


class LlmSpecParser:
    """Prompt -> ApiSpec with a language model; spec documents skip the model."""

    def __init__(
        self,
        settings: Settings,
        *,
        model: Model | None = None,
        output_retries: int = DEFAULT_OUTPUT_RETRIES,
    ) -> None:
        """`model` replaces the one the settings describe (tests use a scripted model)."""
        self._agent: Agent[None, ApiSpec] = Agent(
            model or build_model(settings),
            output_type=ApiSpec,
            instructions=INSTRUCTIONS,
            retries={"output": output_retries},
        )
        self._tries = output_retries + 1
        self._secret = settings.llm_api_key.get_secret_value() or None

    async def parse(self, text: str, name: str | None = None) -> ApiSpec:
        """Raises GenerationError with a message for the user when no valid spec comes back."""
        if not text or not text.strip():
            raise GenerationError("The description is empty: describe what your API manages")
        document = load_document(text)
        if document is not None:
            return parse_document(document, name)
        try:
            result = await self._agent.run(text)
        except UnexpectedModelBehavior as exc:
            raise GenerationError(
                f"The language model did not return a valid API spec after {self._tries} "
                f"tries: {_redact(_cause(exc), self._secret)}"
            ) from None
        except (AgentRunError, UserError, OSError) as exc:
            raise GenerationError(
                "The language model could not be reached: "
                f"{type(exc).__name__}: {_redact(str(exc), self._secret)}"
            ) from None
        spec = result.output
        if name is None:
            return spec
        renamed = spec.model_dump(exclude_none=True) | {"name": api_name(name)}
        try:
            return ApiSpec.model_validate(renamed)
        except ValidationError as exc:  # pragma: no cover - a valid spec stays valid renamed
            raise GenerationError(describe_validation_error(exc, renamed)) from None


def _cause(exc: UnexpectedModelBehavior) -> str:
    """The last validation problem, which says more than "exceeded maximum retries"."""
    cause = exc.__cause__
    if isinstance(cause, ValidationError):
        problems = []
        for error in cause.errors(include_url=False)[:5]:
            where = ".".join(str(p) for p in error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        return "; ".join(problems)
    return str(cause or exc.message)[:500]


def _redact(message: str, secret: str | None) -> str:
    """Never show an API key, even when a provider echoes it in an error."""
    if secret:
        message = message.replace(secret, "***")
    return re.sub(r"\b(sk|key|api)[-_][A-Za-z0-9_-]{8,}", "***", message)


__all__ = ["INSTRUCTIONS", "LlmSpecParser", "build_model"]
