"""The LLM spec parser, driven by scripted models (no language model runs here)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import SecretStr
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.messages import ModelMessage, ModelResponse, ToolCallPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.interfaces import GenerationError
from apigen_cloud.generator.parsing import LlmSpecParser, build_model

SECRET = "sk-test-0123456789abcdef"
SETTINGS = Settings(llm_provider="openai", llm_model="m", llm_api_key=SecretStr(SECRET))
VALID = {"name": "library", "resources": [{"name": "books", "fields": [{"name": "title"}]}]}
INVALID = {
    "name": "library",
    "resources": [
        {
            "name": "book",
            "fields": [{"name": "price", "type": "decimal", "minimum": 5, "maximum": 1}],
        }
    ],
}


def scripted(*answers: dict[str, Any]) -> tuple[FunctionModel, list[int]]:
    """A model answering with `answers` in turn (the last one repeats); counts its calls."""
    calls: list[int] = []

    def answer(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        calls.append(len(messages))
        output = answers[min(len(calls), len(answers)) - 1]
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, json.dumps(output))])

    return FunctionModel(answer), calls


async def test_valid_output_becomes_the_spec() -> None:
    model, calls = scripted(VALID)
    spec = await LlmSpecParser(SETTINGS, model=model).parse("a library with books")
    assert spec.name == "library"
    assert spec.resources[0].name == "book"
    assert len(calls) == 1


async def test_invalid_output_is_retried_then_accepted() -> None:
    model, calls = scripted(INVALID, VALID)
    spec = await LlmSpecParser(SETTINGS, model=model).parse("a library", name="City Library")
    assert spec.name == "city_library"
    assert len(calls) == 2


async def test_always_invalid_output_gives_a_clear_error() -> None:
    model, calls = scripted(INVALID)
    with pytest.raises(GenerationError) as error:
        await LlmSpecParser(SETTINGS, model=model, output_retries=2).parse("a library")
    assert len(calls) == 3
    message = str(error.value)
    assert message.startswith("The language model did not return a valid API spec after 3 tries")
    assert "minimum is greater than maximum" in message


async def test_spec_documents_skip_the_model() -> None:
    model, calls = scripted(VALID)
    spec = await LlmSpecParser(SETTINGS, model=model).parse(
        json.dumps({"resources": [{"name": "task", "fields": [{"name": "title"}]}]})
    )
    assert spec.name == "task"
    assert calls == []


async def test_provider_errors_do_not_leak_the_api_key() -> None:
    def fail(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        raise ModelHTTPError(401, "m", body={"error": f"Incorrect API key provided: {SECRET}"})

    with pytest.raises(GenerationError) as error:
        await LlmSpecParser(SETTINGS, model=FunctionModel(fail)).parse("a library with books")
    assert "could not be reached" in str(error.value)
    assert SECRET not in str(error.value)


async def test_unreachable_server_is_a_generation_error() -> None:
    settings = Settings(
        llm_provider="openai",
        llm_model="m",
        llm_base_url="http://127.0.0.1:9/v1",  # nothing listens on the discard port
        llm_api_key=SecretStr(SECRET),
    )
    with pytest.raises(GenerationError, match="could not be reached") as error:
        await LlmSpecParser(settings).parse("a library with books")
    assert SECRET not in str(error.value)


def test_build_model_without_key_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(GenerationError, match="APIGEN_LLM_API_KEY"):
        build_model(Settings(llm_provider="openai"))


def test_build_model_for_each_provider() -> None:
    openai = build_model(Settings(llm_provider="openai", llm_base_url="http://localhost:11434/v1"))
    anthropic = build_model(Settings(llm_provider="anthropic", llm_api_key=SecretStr(SECRET)))
    assert openai.model_name == "gpt-4o-mini"
    assert anthropic.system == "anthropic"
    with pytest.raises(GenerationError, match="No language model"):
        build_model(Settings(llm_provider="none"))
