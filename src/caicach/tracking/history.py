"""What became of the agencies a plan names: a lead that no longer exists on the day assessed is
named with the agency that carries its work ("Sở Kế hoạch và Đầu tư → Sở Tài chính từ
01/03/2025"). The plan's text is never changed. Pure."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

from caicach.plan.items import Assignee
from caicach.plan.registry import Registry

# pydantic reads TypedDicts only from typing_extensions before Python 3.12: the JSON Schema of
# the output (`caicach schema --output list`) is made from this type.
if sys.version_info >= (3, 12):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict

# "from" is a keyword: the functional form.
Successor = TypedDict(
    "Successor",
    {
        "agency": str,
        "successor": str,
        "name": str,
        "from": str | None,
        "part": str | None,
        "source": str,
    },
)


def named(assignees: Sequence[Assignee], registry: Registry, day: date | None) -> str:
    """The agencies as the plan writes them, each followed by its successor on `day`."""
    out: list[str] = []
    for a in assignees:
        note = registry.successor_note(a.agency_id, day) if day is not None else None
        text = f"{a.name} → {note}" if note else a.name
        if text not in out:
            out.append(text)
    return "; ".join(out)


def successors(assignees: Sequence[Assignee], registry: Registry, day: date) -> list[Successor]:
    """The successions in force on `day` of the agencies named, as data."""
    return [
        {
            "agency": a.agency_id,
            "successor": s.agency,
            "name": registry.name_of(s.agency),
            "from": s.date.isoformat() if s.date else None,
            "part": s.part,
            "source": s.source,
        }
        for a in assignees
        for s in registry.successions(a.agency_id, day)
    ]
