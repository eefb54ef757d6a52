"""The shares of an item, told without a status per share (`ItemStatus.standing`, what the
overdue table's "still waiting" reads), say what `assignments` says of each share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caicach.load.loader import load
from caicach.tracking.missing import missing
from caicach.tracking.status import ItemStatus, assess, in_period

# Reports of every kind a class's shares meet: a summary, a member's own, a class's (lead
# class), a co-agency's note, a correction, and one for a single milestone.
LOG = """progress: qd-1879-2024
entries:
  - {item: 1.a, kind: done, date: 2024-02-01}
  - {item: 1.b, kind: done, agency: so-tu-phap, date: 2024-02-02}
  - {item: 1.c, kind: progress, date: 2024-02-03}
  - {item: 2.a, kind: done, agency: so-noi-vu, date: 2024-03-01}
  - {item: 2.a, kind: done, agency: so-noi-vu, date: 2024-03-05, corrects: true}
  - {item: 3.a, kind: done, milestone: 1, date: 2024-01-20}
  - {item: 5.b, kind: done, agency: so-tu-phap, date: 2024-05-01}
"""


def _shares(s: ItemStatus) -> list[tuple[str, str, tuple[object, ...], bool]]:
    return [(a.agency, x.status, x.milestones, x.progressed) for a, x in s.standing()]


def _assigned(s: ItemStatus) -> list[tuple[str, str, tuple[object, ...], bool]]:
    told = []
    for x in s.assignments:
        assert x.assignment is not None
        told.append((x.assignment.agency, x.status, x.milestones, x.progressed))
    return told


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2024, 4, 15), date(2025, 1, 1)])
def test_standing_says_what_assignments_says(plans: Path, day: date) -> None:
    (plans / "progress").mkdir()
    (plans / "progress" / "qd-1879-2024.yaml").write_text(LOG, encoding="utf-8")
    ws = load([plans], [plans])
    shared = 0
    for item in ws.items:
        whole = assess(item, ws.history(item), day)
        for s in (whole, in_period(whole, date(2024, 6, 30))):
            assert _shares(s) == _assigned(s), item.qualified_id
            shared += len(s.assignments) > 1
        for one in whole.assignments:  # one share's own status stands for itself alone
            assert _shares(one) == _assigned(one)
    assert shared > 10  # items given to classes were among those compared


def test_the_waiting_members_are_those_whose_own_share_is_late(plans: Path) -> None:
    (plans / "progress").mkdir()
    (plans / "progress" / "qd-1879-2024.yaml").write_text(LOG, encoding="utf-8")
    ws = load([plans], [plans])
    day = date(2024, 12, 31)
    told = 0
    for item in ws.items:
        s = assess(item, ws.history(item), day)
        found = missing(s)
        if found is None:
            continue
        told += 1
        late = {m.number for m in s.overdue}
        expected = [
            x.assignment.agency
            for x in s.assignments
            if x.assignment is not None
            and any(m.number in late and m.status == "qua-han" for m in x.milestones)
        ]
        if not all(m.reported for m in s.overdue):
            assert found.waiting == tuple(dict.fromkeys(expected)), item.qualified_id
    assert told > 0
