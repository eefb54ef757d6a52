"""Time and memory of loading, checking and querying a large plan.

    python benchmarks/bench_load.py [--items 10000]

Builds a synthetic plan of N items from the shipped 2024 items (same texts, deadlines and
agencies, fresh ids), then measures each stage and the CLI's start-up on the shipped plan.
Numbers are printed, not asserted: compare them across changes."""

from __future__ import annotations

import argparse
import copy
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from caicach import yaml_source
from caicach.loader import load
from caicach.model import ITEM_LETTERS
from caicach.queries import Filters, overdue, select
from caicach.render import jsonout

ROOT = Path(__file__).resolve().parent.parent
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def build_plan(n: int, target: Path) -> None:
    source = yaml.safe_load((ROOT / "plans" / "qd-1879-2024.yaml").read_text(encoding="utf-8"))
    leaves = [i for i in source["items"] if "subitems" not in i]
    per_area = len(ITEM_LETTERS)
    items = []
    for k in range(n):
        item = copy.deepcopy(leaves[k % len(leaves)])
        item["id"] = f"{k // per_area + 1}.{ITEM_LETTERS[k % per_area]}"
        items.append(item)
    areas = [
        {"id": a + 1, "printed": f"{a + 1}.", "title": f"Lĩnh vực {a + 1}"}
        for a in range((n + per_area - 1) // per_area)
    ]
    plan = {**source, "areas": areas, "items": items}
    plan["plan"] = {**source["plan"], "id": "bench"}
    (target / "bench.yaml").write_text(
        yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    (target / "agencies.yaml").write_bytes((ROOT / "plans" / "agencies.yaml").read_bytes())


def measure(label: str, fn: Callable[[], Any]) -> Any:
    """Time one run, then trace a second one for its peak of Python allocations."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<42} {seconds:8.3f} s   peak {peak / 2**20:7.1f} MiB")
    return result


def startup(runs: int = 7) -> None:
    cmd = [sys.executable, "-m", "caicach", "overdue", "--as-of", "2024-04-15"]
    for fmt in ("json", "table"):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*cmd, "-f", fmt], cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        print(
            f"{'caicach overdue -f ' + fmt + ' (shipped plan)':<42} "
            f"{statistics.median(times):8.3f} s   median of {runs}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_plan(args.items, folder)
        size = (folder / "bench.yaml").stat().st_size
        print(f"plan of {args.items} items, {size / 2**20:.1f} MiB of YAML")
        text = (folder / "bench.yaml").read_text(encoding="utf-8")
        measure("YAML, plain C loader (reference)", lambda: yaml.load(text, Loader=_LOADER))
        measure("YAML with positions", lambda: yaml_source.load(folder / "bench.yaml"))
        ws = measure("load + validate + resolve", lambda: load([folder]))
        rows = measure(
            "overdue as of 15/04/2024",
            lambda: overdue(select(ws.items, ws.registry, Filters()), date(2024, 4, 15)),
        )
        measure("render JSON", lambda: jsonout.items(rows, io.StringIO()))
    print(
        f"{'max resident memory of this process':<42} "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.1f} MiB"
    )
    startup()


if __name__ == "__main__":
    main()
