"""A plan folder of about N items, shaped like a province's: many plan files, each a copy of the
shipped 2024 plan moved to a year between 2019 and 2025 (so its dates and deadline phrases change
with it), a progress log per plan with done, progress and note entries, and the shipped registry.

    python benchmarks/generate.py 10000 /tmp/plans-10k

Every file validates: the benchmark times real loads, not error reports."""

from __future__ import annotations

import argparse
import random
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from caicach.load.loader import load

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "plans"
PLAN_ID = "qd-1879-2024"
YEARS = range(2019, 2026)
TODAY = date(2026, 1, 1)  # every generated entry is dated before it


def _plan_text(k: int, year: int) -> str:
    """The shipped plan moved to `year`: its dates, deadlines and ids follow."""
    text = (SHIPPED / f"{PLAN_ID}.yaml").read_text(encoding="utf-8")
    text = re.sub(r"202[34]", lambda m: str(year - 1 if m[0] == "2023" else year), text)
    return text.replace(f"qd-1879-{year}", f"bench-{k:04d}").replace("1879/", f"{1000 + k}/")


def _entries(items: list[Any], rng: random.Random, year: int) -> list[dict[str, Any]]:
    """About half the dated items done (some late), a fifth in progress, a few notes."""
    entries: list[dict[str, Any]] = []
    for item in items:
        dated = [(n, m) for n, m in enumerate(item.milestones, start=1) if m.due is not None]
        if not dated:
            continue
        n, first = dated[0]
        due = min(first.due, TODAY - timedelta(days=30))
        roll = rng.random()
        if roll < 0.5:
            when = max(date(year, 1, 2), due + timedelta(days=rng.randint(-20, 15)))
            entries.append(
                {"item": item.id, "milestone": n, "kind": "done", "date": when.isoformat(),
                 "evidence": f"Báo cáo số {rng.randint(10, 999)}/BC-UBND"}
            )  # fmt: skip
        elif roll < 0.7:
            when = max(date(year, 1, 2), due - timedelta(days=rng.randint(1, 20)))
            entries.append(
                {"item": item.id, "milestone": n, "kind": "progress", "date": when.isoformat(),
                 "note": "Đang hoàn thiện dự thảo, lấy ý kiến các cơ quan liên quan"}
            )  # fmt: skip
        elif roll < 0.75:
            entries.append(
                {"item": item.id, "kind": "note", "date": f"{year}-06-30",
                 "note": "Cơ quan chủ trì đề nghị gia hạn"}
            )  # fmt: skip
    return entries


def generate(n_items: int, target: Path, seed: int = 2024) -> int:
    """Write the folder; returns how many items it holds."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("agencies.yaml", "scoring.yaml", "office.yaml"):
        shutil.copyfile(SHIPPED / name, target / name)
    # Each plan written is a copy of the 2024 plan alone (the folder ships another beside it)
    per_plan = sum(1 for i in load([SHIPPED]).items if i.plan.id == PLAN_ID)
    plans = max(1, round(n_items / per_plan))
    rng = random.Random(seed)
    (target / "progress").mkdir(exist_ok=True)
    for k in range(1, plans + 1):
        year = YEARS[k % len(YEARS)]
        (target / f"bench-{k:04d}.yaml").write_text(_plan_text(k, year), encoding="utf-8")
    # Logs after the plans, from the items as caicach reads them (so every milestone exists).
    items = load([target]).items
    by_plan: dict[str, list[Any]] = {}
    for item in items:
        by_plan.setdefault(item.plan.id, []).append(item)
    for plan_id, plan_items in by_plan.items():
        entries = _entries(plan_items, rng, plan_items[0].plan.year)
        text = yaml.safe_dump(
            {"progress": plan_id, "entries": entries}, allow_unicode=True, sort_keys=False
        )
        (target / "progress" / f"{plan_id}.yaml").write_text(text, encoding="utf-8")
    return len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", type=int, help="about how many items")
    parser.add_argument("folder", type=Path, help="where to write the plan folder")
    args = parser.parse_args()
    count = generate(args.items, args.folder)
    print(f"{args.folder}: {count} items")


if __name__ == "__main__":
    main()
