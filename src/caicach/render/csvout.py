"""CSV output, one row per item (or group, milestone, entry); lists are joined with "; "."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from caicach.agencies import Registry
from caicach.queries import AgencyCount, Due, Row, Tally
from caicach.render import data
from caicach.resolve import TrackedItem
from caicach.status import Record

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
    "status",
    "status_label",
    "completed_on",
    "days_overdue",
)


def _write(out: TextIO, columns: Sequence[str], records: Iterable[dict[str, Any]]) -> None:
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)


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
    _write(out, COLUMNS, (_flat(data.row(r)) for r in rows))


def item(r: Row, out: TextIO, **_: Any) -> None:
    items([r], out)


def agencies(counts: Sequence[AgencyCount], registry: Registry, out: TextIO) -> None:
    rows = [data.agency_count(c, registry) for c in counts]
    _write(out, list(rows[0]) if rows else ["id"], rows)


def summary(groups: Sequence[Tally], total: Tally, out: TextIO, **_: Any) -> None:
    rows = [data.tally(t) for t in [*groups, total]]
    _write(out, list(rows[0]), rows)


def due(dues: Sequence[Due], out: TextIO, **_: Any) -> None:
    _write(
        out,
        ("due", "days_left", "id", "plan", "milestone", "label", "task", "lead"),
        (
            {
                "due": d.milestone.milestone.due,
                "days_left": d.days_left,
                "id": d.row.item.id,
                "plan": d.row.item.plan.id,
                "milestone": d.milestone.number,
                "label": d.milestone.milestone.label,
                "task": d.row.item.task,
                "lead": "; ".join(a.name for a in d.row.item.lead),
            }
            for d in dues
        ),
    )


def log(records: Sequence[Record], out: TextIO, *, items: dict[str, TrackedItem], **_: Any) -> None:
    rows = [data.record(r, items.get(r.item)) for r in records]
    _write(
        out,
        (
            "date",
            "item",
            "plan",
            "milestone",
            "milestone_label",
            "agency",
            "kind",
            "evidence",
            "note",
            "recorded",
            "source",
        ),
        rows,
    )
