"""Questions asked of loaded plans: find an item, filter by agency or date, what is overdue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from caicach.agencies import Registry
from caicach.deadlines import Milestone
from caicach.errors import UsageError
from caicach.model import Scoring
from caicach.resolve import TrackedItem
from caicach.status import LABELS, ItemStatus, MilestoneStatus, Record, assess
from caicach.text import nfc

Role = Literal["lead", "co", "any"]


@dataclass(frozen=True)
class Match:
    """How an item concerns an agency: as lead or co-agency, by name or through a class."""

    role: Literal["lead", "co"]
    via: str | None  # class id when the agency is concerned as a member of a class


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


def canonical_id(text: str) -> str:
    """`1.dd` is how `1.đ` is typed on a keyboard without Vietnamese input."""
    plan, _, item = nfc(text).strip().lower().rpartition(":")
    parts = ["đ" if p == "dd" else p for p in item.split(".")]
    return f"{plan}:{'.'.join(parts)}" if plan else ".".join(parts)


def find_item(items: Sequence[TrackedItem], text: str) -> TrackedItem:
    wanted = canonical_id(text)
    if ":" in wanted:
        found = [i for i in items if i.qualified_id == wanted]
    else:
        found = [i for i in items if i.id == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        choices = ", ".join(i.qualified_id for i in found)
        raise UsageError(f"item {text!r} is in several plans; name one: {choices}")
    parents = [i for i in items if i.id.startswith(wanted + ".")]
    if parents:
        hint = ", ".join(i.id for i in parents)
        raise UsageError(f"item {text!r} is split into sub-items: {hint}")
    raise UsageError(f"no item {text!r} in the loaded plans")


def resolve_agency(registry: Registry, name: str) -> str:
    resolved = registry.resolve(name)
    if resolved is not None:
        return resolved.id
    raise UsageError(
        f"unknown agency {name!r}{registry.did_you_mean(name)} (`caicach agencies` lists them)"
    )


def match(
    item: TrackedItem, agency_id: str, registry: Registry, role: Role = "any"
) -> Match | None:
    classes = set(registry.classes_of(agency_id))
    roles: list[Literal["lead", "co"]] = ["lead", "co"] if role == "any" else [role]
    for which in roles:
        assignees = item.lead if which == "lead" else item.co
        ids = [a.agency_id for a in assignees]
        if agency_id in ids:
            return Match(which, None)
        through = [i for i in ids if i in classes]
        if through:
            return Match(which, through[0])
    return None


def _in_window(milestones: Iterable[Milestone], after: date | None, before: date | None) -> bool:
    return any(
        m.due is not None
        and (after is None or m.due >= after)
        and (before is None or m.due <= before)
        for m in milestones
    )


def select(items: Iterable[TrackedItem], registry: Registry, f: Filters) -> list[Row]:
    rows: list[Row] = []
    for item in items:
        if f.plan is not None and item.plan.id != f.plan:
            continue
        if f.area is not None and item.area.id != f.area:
            continue
        if (f.due_before or f.due_after) and not _in_window(
            item.milestones, f.due_after, f.due_before
        ):
            continue
        found = None
        if f.agency is not None:
            found = match(item, f.agency, registry, f.role)
            if found is None:
                continue
        rows.append(Row(item, found))
    return rows


def assess_rows(
    rows: Iterable[Row], history: Callable[[TrackedItem], Sequence[Record]], as_of: date
) -> list[Row]:
    return [replace(r, status=assess(r.item, history(r.item), as_of)) for r in rows]


# --- statuses asked for on the command line ---------------------------------------------

_GROUPS: dict[str, frozenset[str]] = {
    "hoan-thanh": frozenset({"dung-han", "tre-han"}),
    "chua-hoan-thanh": frozenset({"trong-han", "qua-han"}),
}
_DETAILS = ("dang-thuc-hien", "chua-thuc-hien")
STATUS_WORDS = (*LABELS, *_GROUPS, *_DETAILS)


def parse_statuses(text: str) -> frozenset[str]:
    """`qua-han`, or several: `qua-han,tre-han`. Groups: hoan-thanh, chua-hoan-thanh."""
    words = frozenset(w.strip().lower() for w in text.split(",") if w.strip())
    unknown = sorted(words - set(STATUS_WORDS))
    if unknown or not words:
        raise UsageError(
            f"unknown status {', '.join(unknown) or text!r}; "
            f"use one or more of: {', '.join(STATUS_WORDS)}"
        )
    return words


def status_matches(s: ItemStatus, wanted: frozenset[str]) -> bool:
    return any(w in (s.status, s.detail) or s.status in _GROUPS.get(w, ()) for w in wanted)


def with_status(rows: Iterable[Row], wanted: frozenset[str] | None) -> list[Row]:
    if wanted is None:
        return list(rows)
    return [r for r in rows if r.status is not None and status_matches(r.status, wanted)]


def overdue(rows: Iterable[Row], wanted: frozenset[str] = frozenset({"qua-han"})) -> list[Row]:
    """Assessed rows in the wanted statuses (overdue by default), most overdue first, then in
    plan order."""
    return sorted(
        with_status(rows, wanted),
        key=lambda r: -((r.status.days_overdue if r.status else None) or 0),
    )


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


# --- the four boxes -----------------------------------------------------------------------


# The boxes in the order reports print them; the third box is split in two.
BOXES = (
    "dung-han",
    "tre-han",
    "dang-thuc-hien",
    "chua-thuc-hien",
    "qua-han",
    "khong-xac-dinh",
    "da-huy",
)


@dataclass
class Tally:
    """Counts of items in the official boxes; rates over the items due by the day."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BOXES, 0))
    due_by: int = 0
    done_due_by: int = 0
    on_time_due_by: int = 0

    def add(self, s: ItemStatus) -> None:
        self.counts[s.detail or s.status] += 1
        if s.is_due:
            self.due_by += 1
            self.done_due_by += s.status in ("dung-han", "tre-han")
            self.on_time_due_by += s.status == "dung-han"

    @property
    def dated(self) -> int:
        """Items with a date: the four boxes."""
        return sum(self.counts[b] for b in BOXES[:5])

    @property
    def completion_rate(self) -> float | None:
        return self.done_due_by / self.due_by if self.due_by else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time_due_by / self.due_by if self.due_by else None


By = Literal["area", "agency", "plan"]


def summarize(rows: Sequence[Row], by: By, registry: Registry) -> tuple[list[Tally], Tally]:
    groups: dict[str, Tally] = {}
    total = Tally("", "Tổng cộng")
    for r in rows:
        if r.status is None:
            continue
        total.add(r.status)
        for key, label in _groups(r.item, by, registry):
            groups.setdefault(key, Tally(key, label)).add(r.status)
    order = _group_order(by, registry)
    return sorted(groups.values(), key=lambda t: order(t.key)), total


@dataclass(frozen=True)
class Score:
    points: float
    scale: Scoring
    percent: float


def score(rate: float | None, scale: Scoring) -> Score | None:
    """Points for a completion rate by the first band that admits it; none without a rate."""
    if rate is None:
        return None
    percent = rate * 100
    band = next((b for b in scale.bands if b.admits(percent)), None)
    return Score(band.points if band else 0, scale, percent)


def _groups(item: TrackedItem, by: By, registry: Registry) -> list[tuple[str, str]]:
    if by == "area":
        return [(str(item.area.id), f"{item.area.printed} {item.area.title}")]
    if by == "plan":
        return [(item.plan.id, f"{item.plan.number}: {item.plan.title}")]
    ids = dict.fromkeys(a.agency_id for a in item.lead)  # a class counts for the class
    return [(i, registry.name_of(i)) for i in ids]


def _group_order(by: By, registry: Registry) -> Callable[[str], tuple[Any, ...]]:
    if by == "area":
        return lambda key: (int(key),)
    if by == "plan":
        return lambda key: (key,)
    entities = list(registry.agencies) + list(registry.classes)
    return lambda key: (entities.index(key) if key in entities else len(entities), key)


def check_plan(plans: Iterable[str], plan: str | None) -> None:
    known = sorted(plans)
    if plan is not None and plan not in known:
        raise UsageError(f"no plan {plan!r}; loaded plans: {', '.join(known) or 'none'}")


@dataclass(frozen=True)
class AgencyCount:
    id: str
    lead_direct: int
    lead_total: int
    co_direct: int
    co_total: int


def agency_counts(items: Sequence[TrackedItem], registry: Registry) -> list[AgencyCount]:
    counts: list[AgencyCount] = []
    for entity_id in (*registry.agencies, *registry.classes):
        lead = [match(i, entity_id, registry, "lead") for i in items]
        co = [match(i, entity_id, registry, "co") for i in items]
        counts.append(
            AgencyCount(
                entity_id,
                sum(1 for m in lead if m and m.via is None),
                sum(1 for m in lead if m),
                sum(1 for m in co if m and m.via is None),
                sum(1 for m in co if m),
            )
        )
    return counts
