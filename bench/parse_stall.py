"""Benchmark: prompts at the 20,000-character limit, built to be hard on the parser.

For each, the parse time and the longest stall of the event loop while the Cloud's
generator works on it (a ticker sleeps 1 ms at a time and records the longest gap).
The baseline, measured in the same run, is the longest gap of the idle loop over
the same time: the ratio says how much a hostile prompt delays other requests.
Usage: python bench/parse_stall.py [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import string
import time

from apigen_cloud.core.config import Settings
from apigen_cloud.generator import parsing
from apigen_cloud.generator.factory import build_generator
from apigen_cloud.generator.interfaces import GenerationError

LIMIT = parsing.MAX_PROMPT_CHARS
WORDS = ["books", "have", "a", "title", "and", "each", "many", "with", "of", "belongs", "to"]


def hostile_prompts() -> dict[str, str]:
    rng = random.Random(7)
    salad = " ".join(rng.choice([*WORDS, ",", ":", "(", ")", "-", "\n"]) for _ in range(LIMIT))
    return {
        "one long word": "x" * LIMIT,
        "one long number": "7" * LIMIT,
        "a word repeated": ("a " * LIMIT)[:LIMIT],
        "a list repeated": ("required, " * LIMIT)[:LIMIT],
        "random characters": "".join(rng.choice(string.printable) for _ in range(LIMIT)),
        "parser words at random": salad[:LIMIT],
    }


async def longest_gap(task: asyncio.Future[object]) -> float:
    """The longest time between ticks of a 1 ms sleep loop until `task` is done."""
    gap = 0.0
    last = time.perf_counter()
    while not task.done():
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
    return gap


async def settle(prompt: str) -> None:
    # A clear refusal is a fine answer to a hostile prompt.
    with contextlib.suppress(GenerationError):
        await build_generator(Settings(llm_provider="none")).generate(prompt)


async def measure(case: str, prompt: str) -> dict[str, object]:
    start = time.perf_counter()
    task = asyncio.ensure_future(settle(prompt))
    stall = await longest_gap(task)
    elapsed = time.perf_counter() - start
    idle = asyncio.ensure_future(asyncio.sleep(elapsed))
    idle_stall = await longest_gap(idle)
    return {
        "case": case,
        "parse_ms": round(elapsed * 1000),
        "max_stall_ms": round(stall * 1000, 1),
        "idle_max_stall_ms": round(idle_stall * 1000, 1),
        "ratio": round(stall / idle_stall, 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = [await measure(case, prompt) for case, prompt in hostile_prompts().items()]
    if args.json:
        print(json.dumps(rows))
        return
    print(f"hostile prompts of {LIMIT} characters; baseline: the idle loop's longest gap")
    for row in rows:
        print(", ".join(f"{key} {value}" for key, value in row.items()))


if __name__ == "__main__":
    asyncio.run(main())
