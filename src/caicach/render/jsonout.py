"""JSON output: the contract documented in README.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from caicach.agencies import Registry
from caicach.queries import AgencyCount, Due, Row, Score, Tally
from caicach.render import data
from caicach.resolve import TrackedItem
from caicach.status import Record


def _dump(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def items(rows: Sequence[Row], out: TextIO, **_: Any) -> None:
    _dump([data.row(r) for r in rows], out)


def item(r: Row, out: TextIO, *, history: Sequence[Record] = (), **_: Any) -> None:
    _dump({**data.row(r), "history": [data.record(h, r.item) for h in history]}, out)


def agencies(counts: Sequence[AgencyCount], registry: Registry, out: TextIO) -> None:
    _dump([data.agency_count(c, registry) for c in counts], out)


def summary(
    groups: Sequence[Tally],
    total: Tally,
    out: TextIO,
    *,
    as_of: date,
    by: str,
    score: Score | None = None,
    **_: Any,
) -> None:
    result: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "by": by,
        "groups": [data.tally(t) for t in groups],
        "total": data.tally(total),
    }
    if score is not None:
        result["score"] = {
            "points": score.points,
            "max_points": score.scale.max_points,
            "percent": score.percent,
            "scale": score.scale.name,
            "source": score.scale.source,
            "example": score.scale.example,
        }
    _dump(result, out)


def due(dues: Sequence[Due], out: TextIO, **_: Any) -> None:
    _dump([data.due(d) for d in dues], out)


def log(records: Sequence[Record], out: TextIO, *, items: dict[str, TrackedItem], **_: Any) -> None:
    _dump([data.record(r, items.get(r.item)) for r in records], out)
