"""Questions asked of loaded plans: find an item, filter by agency or date, what is overdue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from caicach.errors import UsageError
from caicach.load.loader import Workspace
from caicach.plan.items import Match, Record, Role, TrackedItem
from caicach.plan.milestone import Milestone
from caicach.plan.registry import Registry
from caicach.plan.words import STATUS
from caicach.tracking.status import ItemStatus, MilestoneStatus, assess


@dataclass(frozen=True)
class Row:
    item: TrackedItem
    match: Match | None = None
    status: ItemStatus | None = None


@dataclass(frozen=True)
class Filters:
    agency: str | None = None  # a registry id (agency or class)
    role: Role = "any"
    area: int | None = None
    plan: str | None = None
    due_before: date | None = None
    due_after: date | None = None
    direct: bool = False  # only items that name the agency itself, not through a class


def resolve_agency(registry: Registry, name: str) -> str:
    resolved = registry.resolve(name)
    if resolved is None:
        raise UsageError(registry.unknown(name))
    return resolved.id


def _in_window(milestones: Iterable[Milestone], after: date | None, before: date | None) -> bool:
    return any(
        m.due is not None
        and (after is None or m.due >= after)
        and (before is None or m.due <= before)
        for m in milestones
    )


def _keeps(item: TrackedItem, f: Filters) -> bool:
    return (
        (f.plan is None or item.plan.id == f.plan)
        and (f.area is None or item.area.id == f.area)
        and (
            not (f.due_before or f.due_after)
            or _in_window(item.milestones, f.due_after, f.due_before)
        )
    )


def select(items: Iterable[TrackedItem], f: Filters) -> list[Row]:
    """The items the plan, area and date filters keep. Which items an agency answers for is the
    owner's to say (tracking/owner.py), never a filter's."""
    return [Row(item) for item in items if _keeps(item, f)]


def assess_rows(
    rows: Iterable[Row], history: Callable[[TrackedItem], Sequence[Record]], as_of: date
) -> list[Row]:
    """Each row with the status of the whole item on the day."""
    return [Row(r.item, r.match, assess(r.item, history(r.item), as_of)) for r in rows]


# --- statuses asked for on the command line ---------------------------------------------

_GROUPS: dict[str, frozenset[str]] = {
    "hoan-thanh": frozenset({"dung-han", "tre-han"}),
    "chua-hoan-thanh": frozenset({"trong-han", "qua-han"}),
}
_DETAILS = ("dang-thuc-hien", "chua-thuc-hien")
STATUS_WORDS = (*STATUS, *_GROUPS, *_DETAILS)


def parse_statuses(text: str) -> frozenset[str]:
    """`qua-han`, or several: `qua-han,tre-han`. Groups: hoan-thanh, chua-hoan-thanh."""
    words = frozenset(w.strip().lower() for w in text.split(",") if w.strip())
    unknown = sorted(words - set(STATUS_WORDS))
    if unknown or not words:
        raise UsageError(
            f"không có tình trạng {', '.join(unknown) or text!r}; "
            f"dùng một hoặc nhiều trong: {', '.join(STATUS_WORDS)}"
        )
    return words


def status_matches(s: ItemStatus, wanted: frozenset[str]) -> bool:
    return any(w in (s.status, s.detail) or s.status in _GROUPS.get(w, ()) for w in wanted)


def with_status(rows: Iterable[Row], wanted: frozenset[str] | None) -> list[Row]:
    if wanted is None:
        return list(rows)
    return [r for r in rows if r.status is not None and status_matches(r.status, wanted)]


def overdue(rows: Iterable[Row], wanted: frozenset[str] = frozenset({"qua-han"})) -> list[Row]:
    """Assessed rows in the wanted statuses (overdue by default), in the overdue order."""
    return most_overdue_first(with_status(rows, wanted))


def most_overdue_first(rows: Iterable[Row]) -> list[Row]:
    """The one overdue order: most days overdue first, then in plan order."""
    return sorted(rows, key=lambda r: -((r.status.days_overdue if r.status else None) or 0))


@dataclass(frozen=True)
class Due:
    row: Row
    milestone: MilestoneStatus
    days_left: int


def due_within(rows: Iterable[Row], as_of: date, days: int) -> list[Due]:
    """Milestones not yet done that fall due from `as_of` to `days` days later, soonest first."""
    found = [
        Due(r, m, (m.milestone.due - as_of).days)
        for r in rows
        if r.status is not None
        for m in r.status.milestones
        if m.status == "trong-han"
        and m.milestone.due is not None
        and 0 <= (m.milestone.due - as_of).days <= days
    ]
    return sorted(found, key=lambda d: d.days_left)


def check_plan(plans: Iterable[str], plan: str | None) -> None:
    known = sorted(plans)
    if plan is not None and plan not in known:
        raise UsageError(
            f"không có kế hoạch {plan!r}; các kế hoạch đã nạp: {', '.join(known) or 'không có'}"
        )


@dataclass(frozen=True)
class Ask:
    """What the user asked for on the command line, before it is checked against the plans."""

    agency: str | None = None
    role: Role = "any"
    plan: str | None = None
    area: int | None = None
    due_before: date | None = None
    due_after: date | None = None
    direct: bool = False


def filters(ws: Workspace, ask: Ask) -> Filters:
    check_plan(ws.plans, ask.plan)
    agency = resolve_agency(ws.registry, ask.agency) if ask.agency else None
    return Filters(agency, ask.role, ask.area, ask.plan, ask.due_before, ask.due_after, ask.direct)
