"""The generator and fixer the Cloud's jobs use, chosen from the settings."""

from __future__ import annotations

import asyncio

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.fixer import LlmFixer, OfflineFixer
from apigen_cloud.generator.interfaces import Fixer, GeneratedProject, GenerationError, Generator
from apigen_cloud.generator.render import RenderOptions, render_project
from apigen_cloud.generator.spec import ApiSpec


class SpecGenerator:
    """Prompt -> ApiSpec (offline parser or LLM) -> rendered project."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._options = RenderOptions.from_settings(settings)

    async def generate(self, prompt: str, name: str | None = None) -> GeneratedProject:
        spec = await self._parse(prompt, name)
        # Rendering is CPU-bound; keep the event loop free for other requests.
        return await asyncio.to_thread(render_project, spec, self._options)

    async def _parse(self, prompt: str, name: str | None) -> ApiSpec:
        # Imported here: the parsing package is built separately from the renderer.
        from apigen_cloud.generator import parsing

        try:
            if self._settings.llm_provider == "none":
                # CPU-bound like rendering: a 20,000-character prompt must not stall requests.
                return await asyncio.to_thread(parsing.parse_prompt, prompt, name)
            from apigen_cloud.generator.parsing.llm import LlmSpecParser

            return await LlmSpecParser(self._settings).parse(prompt, name)
        except GenerationError:
            raise
        except ValueError as error:  # includes pydantic's ValidationError
            raise GenerationError(f"The API description is not valid: {error}") from error


def build_generator(settings: Settings) -> Generator:
    return SpecGenerator(settings)


def build_fixer(settings: Settings) -> Fixer:
    if settings.llm_provider == "none":
        return OfflineFixer(RenderOptions.from_settings(settings))
    return LlmFixer(settings)
