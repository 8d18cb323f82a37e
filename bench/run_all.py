"""Run every benchmark and print one table (`make bench`).

Each benchmark prints its rows as a JSON list with `--json` (its progress goes
to stderr); a row is one measured case, its other keys the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apigen_cloud.localserver import docker_works

BENCH = Path(__file__).resolve().parent
BENCHMARKS: list[tuple[str, list[str]]] = [
    ("generate", [sys.executable, str(BENCH / "generate.py"), "--json"]),
    ("parse_stall", [sys.executable, str(BENCH / "parse_stall.py"), "--json"]),
    ("status_poll", [sys.executable, str(BENCH / "status_poll.py"), "--json"]),
    ("verify", ["node", str(BENCH / "verify.js"), "--json"]),
]
# Runs the Cloud's container stack (deploy/): only where a Docker engine answers.
LOAD = ("load", [sys.executable, str(BENCH / "load.py"), "--json"])


def run(command: list[str]) -> list[dict[str, object]]:
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        return [{"case": "FAILED", "exit_code": done.returncode}]
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def main() -> None:
    table: list[tuple[str, str, str]] = []
    benchmarks = list(BENCHMARKS)
    if docker_works():
        benchmarks.append(LOAD)
    else:
        table.append((LOAD[0], "skipped", "docker is not available"))
    for name, command in benchmarks:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for row in run(command):
            figures = ", ".join(f"{key} {value}" for key, value in row.items() if key != "case")
            table.append((name, str(row.get("case", "")), figures))
    widths = [max(len(cells[i]) for cells in table) for i in range(2)]
    print(f"\n{'benchmark':<{widths[0]}}  {'case':<{widths[1]}}  figures")
    for name, case, figures in table:
        print(f"{name:<{widths[0]}}  {case:<{widths[1]}}  {figures}")


if __name__ == "__main__":
    main()
