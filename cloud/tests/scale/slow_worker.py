"""`apigen-cloud worker` whose generator first waits: `python slow_worker.py SECONDS`.

The tests need a job to be running for a while in a real worker process, to kill
or stop that process mid-job. The worker is the product's own `run_worker`, with
the settings from the environment as `apigen-cloud worker` reads them; only the
generator is wrapped: it sleeps, then returns what the real one generates. (A
test-only option in the product's CLI would be the alternative; this keeps the
CLI free of it, as `create_app(generator=...)` does for the API tests.)
"""

from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import dataclass

from apigen_cloud.core.config import get_settings
from apigen_cloud.generator.factory import build_generator
from apigen_cloud.generator.interfaces import GeneratedProject, Generator
from apigen_cloud.jobs.distributed import run_worker


@dataclass
class SlowGenerator:
    seconds: float
    inner: Generator

    async def generate(self, prompt: str, name: str | None = None) -> GeneratedProject:
        await asyncio.sleep(self.seconds)
        return await self.inner.generate(prompt, name)


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = get_settings()
    generator = SlowGenerator(float(sys.argv[1]), build_generator(settings))
    asyncio.run(run_worker(settings, generator=generator))


if __name__ == "__main__":
    main()
