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

from caicach.load import yaml_source
from caicach.load.loader import load
from caicach.plan.model import ITEM_LETTERS
from caicach.render.formats.jsonout import JsonRenderer
from caicach.tracking.queries import Filters, assess_rows, overdue, select
from caicach.tracking.views import ItemList

ROOT = Path(__file__).resolve().parent.parent
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
AS_OF = date(2024, 4, 15)


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


def measure(label: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    """Time one run untraced (tracing slows it several times), then trace another for the peak
    of Python allocations. Returns the first run's result and its seconds."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<44} {seconds:7.2f} s   peak {peak / 2**20:7.1f} MiB (traced)")
    return result, seconds


def startup(runs: int = 7) -> None:
    cmd = [sys.executable, "-m", "caicach", "overdue", "--as-of", "2024-04-15"]
    for fmt in ("json", "table"):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([*cmd, "-f", fmt], cwd=ROOT, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        print(
            f"{'caicach overdue -f ' + fmt + ' (shipped plan)':<44} "
            f"{statistics.median(times):8.3f} s   median of {runs}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--no-startup", action="store_true", help="skip the CLI start-up runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_plan(args.items, folder)
        size = (folder / "bench.yaml").stat().st_size
        print(f"plan of {args.items} items, {size / 2**20:.1f} MiB of YAML")
        text = (folder / "bench.yaml").read_text(encoding="utf-8")
        measure("YAML, plain C loader (reference)", lambda: yaml.load(text, Loader=_LOADER))
        measure("YAML with positions", lambda: yaml_source.load(folder / "bench.yaml"))
        ws, _ = measure("load + validate + resolve", lambda: load([folder]))
        rows, _ = measure(
            "statuses + overdue as of 15/04/2024",
            lambda: overdue(assess_rows(select(ws.items, Filters()), ws.history, AS_OF)),
        )
        measure(
            "render JSON", lambda: JsonRenderer(io.StringIO()).items(ItemList(rows, ws.registry))
        )
    print(
        f"{'max resident memory of this process':<44} "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:8.1f} MiB"
    )
    if not args.no_startup:
        startup()


if __name__ == "__main__":
    main()
