"""Benchmark: prompt (a JSON spec) -> generated project -> ZIP, for 1, 5 and 20 resources.

Prints the median wall time of repeated runs and the ZIP size. Runs the same
code path as the Cloud's jobs (`build_generator(settings).generate`, offline).
The baseline, measured in the same run, is zipping the same files alone: the
ratio says how much parsing and rendering cost on top of packaging.
Usage: python bench/generate.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from dataclasses import dataclass
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


@dataclass
class Measurement:
    resources: int
    files: int
    zip_bytes: int
    median_s: float
    zip_only_median_s: float

    def row(self) -> dict[str, object]:
        return {
            "case": f"{self.resources} resources",
            "files": self.files,
            "zip_bytes": self.zip_bytes,
            "median_ms": round(self.median_s * 1000, 2),
            "zip_only_ms": round(self.zip_only_median_s * 1000, 2),
            "ratio": round(self.median_s / self.zip_only_median_s, 1),
        }


async def measure(resources: int, runs: int) -> Measurement:
    generator = build_generator(Settings(llm_provider="none"))
    prompt = spec_prompt(resources)
    times: list[float] = []
    zip_times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        project = await generator.generate(prompt)
        archive = project.to_zip()
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        project.to_zip()
        zip_times.append(time.perf_counter() - start)
    return Measurement(
        resources,
        len(project.files),
        len(archive),
        statistics.median(times),
        statistics.median(zip_times),
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = [(await measure(resources, args.runs)).row() for resources in (1, 5, 20)]
    if args.json:
        print(json.dumps(rows))
        return
    print(f"prompt -> ZIP, median of {args.runs} runs; baseline: zipping the same files")
    for row in rows:
        print(", ".join(f"{key} {value}" for key, value in row.items()))


if __name__ == "__main__":
    asyncio.run(main())
