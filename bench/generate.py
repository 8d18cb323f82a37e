"""Benchmark: prompt (a JSON spec) -> generated project -> ZIP, for 1, 5 and 20 resources.

Prints the median wall time of repeated runs and the ZIP size. Runs the same
code path as the Cloud's jobs (`build_generator(settings).generate`, offline).
Usage: python bench/generate.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import Any

from apigen_cloud.core.config import Settings
from apigen_cloud.generator.factory import build_generator

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
]


def spec_prompt(resources: int) -> str:
    """A spec of `resources` resources: six typed fields each, linked in a chain."""
    items: list[dict[str, Any]] = []
    for index in range(resources):
        fields = [
            {"name": "name", "type": "string", "max_length": 100},
            {"name": "code", "type": "string", "unique": True, "max_length": 20},
            {"name": "amount", "type": "decimal", "minimum": 0, "required": False},
            {"name": "count", "type": "integer", "minimum": 0},
            {"name": "active", "type": "boolean", "default": True},
            {"name": "status", "type": "enum", "enum": ["new", "done"], "default": "new"},
        ]
        relations = (
            [{"name": WORDS[index - 1], "kind": "many_to_one", "target": WORDS[index - 1]}]
            if index
            else []
        )
        items.append({"name": WORDS[index], "fields": fields, "relations": relations})
    return json.dumps({"name": f"bench_{resources}", "resources": items})


async def measure(resources: int, runs: int) -> tuple[float, int, int]:
    generator = build_generator(Settings(llm_provider="none"))
    prompt = spec_prompt(resources)
    times: list[float] = []
    size = files = 0
    for _ in range(runs):
        start = time.perf_counter()
        project = await generator.generate(prompt)
        archive = project.to_zip()
        times.append(time.perf_counter() - start)
        size, files = len(archive), len(project.files)
    return statistics.median(times), size, files


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"{'resources':>9} {'files':>6} {'median ms':>10} {'zip bytes':>10}   ({runs} runs)")
    for resources in (1, 5, 20):
        median, size, files = await measure(resources, runs)
        print(f"{resources:>9} {files:>6} {median * 1000:>10.1f} {size:>10}")


if __name__ == "__main__":
    asyncio.run(main())
