"""The official status of milestones and items as of a day. Pure: no I/O, "today" is a parameter.

The four boxes of government task tracking: hoàn thành đúng hạn, hoàn thành trễ hạn, chưa hoàn
thành trong hạn, chưa hoàn thành quá hạn. Finishing on the due day is on time; a milestone with no
date is never overdue; an item is complete when all its dated milestones are, and its status is
the worst of theirs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from caicach.plan.items import Record, TrackedItem
from caicach.plan.milestone import Milestone
from caicach.plan.words import STATUS, Status

# Worst first: an unfinished milestone makes the item unfinished.
_RANK: dict[Status, int] = {"qua-han": 4, "trong-han": 3, "tre-han": 2, "dung-han": 1}


@dataclass(frozen=True)
class MilestoneStatus:
    number: int
    milestone: Milestone
    status: Status
    completed_on: date | None = None
    evidence: str | None = None
    days_overdue: int | None = None
    reported: tuple[str, ...] = ()  # agencies whose "done" is recorded
    waiting: tuple[str, ...] = ()  # lead agencies not yet reported, when reports name agencies


@dataclass(frozen=True)
class ItemStatus:
    item: TrackedItem
    status: Status
    milestones: tuple[MilestoneStatus, ...]
    progressed: bool  # a "done" or "progress" entry is recorded by the day
    as_of: date

    @property
    def label(self) -> str:
        return STATUS[self.status]

    @property
    def detail(self) -> str | None:
        """The third box split: đang thực hiện (progress reported) or chưa thực hiện."""
        if self.status != "trong-han":
            return None
        return "dang-thuc-hien" if self.progressed else "chua-thuc-hien"

    @property
    def days_overdue(self) -> int | None:
        days = [m.days_overdue for m in self.milestones if m.days_overdue is not None]
        return max(days) if days else None

    @property
    def overdue(self) -> tuple[MilestoneStatus, ...]:
        return tuple(m for m in self.milestones if m.status == "qua-han")

    @property
    def due(self) -> date | None:
        """The last due day of the milestones still in force."""
        dues = [m.milestone.due for m in self._active()]
        return max(d for d in dues if d is not None) if dues else None

    @property
    def is_due(self) -> bool:
        """Due by the day: its last due day has come, or a missed milestone makes it overdue."""
        return self.status == "qua-han" or (self.due is not None and self.due <= self.as_of)

    @property
    def completed_on(self) -> date | None:
        if self.status not in ("dung-han", "tre-han"):
            return None
        return max(m.completed_on for m in self._active() if m.completed_on is not None)

    def _active(self) -> list[MilestoneStatus]:
        return [m for m in self.milestones if m.milestone.due is not None and m.status != "da-huy"]


def assess(item: TrackedItem, records: Sequence[Record], as_of: date) -> ItemStatus:
    """Status of `item` on the day `as_of`, from the records dated on or before it."""
    known = [r for r in records if r.date <= as_of]
    milestones = tuple(
        _milestone(item, n, m, [r for r in known if r.milestone in (n, None)], as_of)
        for n, m in enumerate(item.milestones, start=1)
    )
    progressed = any(r.kind in ("done", "progress") for r in known)
    return ItemStatus(item, _worst(milestones), milestones, progressed, as_of)


def _worst(milestones: Iterable[MilestoneStatus]) -> Status:
    statuses = [m.status for m in milestones]
    dated = [s for s in statuses if s in _RANK]
    if dated:
        return max(dated, key=lambda s: _RANK[s])
    return "da-huy" if statuses and all(s == "da-huy" for s in statuses) else "khong-xac-dinh"


def _milestone(
    item: TrackedItem, number: int, m: Milestone, records: list[Record], as_of: date
) -> MilestoneStatus:
    if any(r.kind == "cancelled" for r in records):
        return MilestoneStatus(number, m, "da-huy")
    done = [r for r in records if r.kind == "done"]
    completed, evidence = _completion(item, done)
    reported = tuple(dict.fromkeys(r.agency for r in done if r.agency))
    waiting = tuple(a for a in _leads(item) if a not in reported) if reported else ()
    if completed is not None:
        waiting = ()
    status: Status
    days = None
    if m.due is None:
        status = "khong-xac-dinh"
    elif completed is not None:
        status = "dung-han" if completed <= m.due else "tre-han"
    elif m.due < as_of:
        status, days = "qua-han", (as_of - m.due).days
    else:
        status = "trong-han"
    return MilestoneStatus(number, m, status, completed, evidence, days, reported, waiting)


def _leads(item: TrackedItem) -> list[str]:
    return list(dict.fromkeys(a.agency_id for a in item.lead))


def _completion(item: TrackedItem, done: list[Record]) -> tuple[date | None, str | None]:
    """A report without an agency completes the milestone; otherwise every lead agency, as the
    plan names it (a class counts as one, reported under its own name), must have reported."""
    whole = sorted((r for r in done if r.agency is None), key=lambda r: r.date)
    if whole:
        return whole[0].date, whole[0].evidence
    first: dict[str, Record] = {}
    for r in sorted(done, key=lambda r: r.date):
        if r.agency is not None:
            first.setdefault(r.agency, r)
    leads = _leads(item)
    if leads and all(a in first for a in leads):
        last = max((first[a] for a in leads), key=lambda r: r.date)
        return last.date, last.evidence
    return None, None
