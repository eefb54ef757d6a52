"""CSV output, one row per item; lists are joined with "; ". Opens in a spreadsheet as UTF-8."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any, TextIO

from caicach.agencies import Registry
from caicach.queries import AgencyCount, Row
from caicach.render import data
from caicach.resolve import TrackedItem

COLUMNS = (
    "id",
    "plan",
    "area",
    "task",
    "lead",
    "co",
    "products",
    "deadline",
    "milestones",
    "days_overdue",
)


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    flat = dict(record)
    for key in ("lead", "co", "products"):
        flat[key] = "; ".join(record[key])
    flat["milestones"] = "; ".join(
        f"{m['due'] or 'không xác định'}" + (f" {m['label']}" if m["label"] else "")
        for m in record["milestones"]
    )
    return flat


def items(rows: Sequence[Row], out: TextIO, **_: Any) -> None:
    writer = csv.DictWriter(out, COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(_flat(data.row(r)))


def item(i: TrackedItem, out: TextIO, **_: Any) -> None:
    items([Row(i)], out)


def agencies(counts: Sequence[AgencyCount], registry: Registry, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "class", "lead", "lead_direct", "co", "co_direct"])
    for c in counts:
        writer.writerow(
            [
                c.id,
                registry.name_of(c.id),
                c.id in registry.classes,
                c.lead_total,
                c.lead_direct,
                c.co_total,
                c.co_direct,
            ]
        )
