"""JSON output: the contract documented in README.md."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from caicach.agencies import Registry
from caicach.queries import AgencyCount, Row
from caicach.render import data
from caicach.resolve import TrackedItem


def _dump(value: Any, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2)
    out.write("\n")


def items(rows: Sequence[Row], out: TextIO, **_: Any) -> None:
    _dump([data.row(r) for r in rows], out)


def item(i: TrackedItem, out: TextIO, **_: Any) -> None:
    _dump(data.item(i), out)


def agencies(counts: Sequence[AgencyCount], registry: Registry, out: TextIO) -> None:
    _dump(
        [
            {
                "id": c.id,
                "name": registry.name_of(c.id),
                "class": c.id in registry.classes,
                "lead": c.lead_total,
                "lead_direct": c.lead_direct,
                "co": c.co_total,
                "co_direct": c.co_direct,
            }
            for c in counts
        ],
        out,
    )
