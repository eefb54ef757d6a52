"""Questions asked of loaded plans: find an item, filter by agency or date, what is overdue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from caicach.agencies import Registry
from caicach.deadlines import Milestone
from caicach.errors import UsageError
from caicach.resolve import TrackedItem
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
    overdue: tuple[Milestone, ...] = ()
    days_overdue: int | None = None


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


def overdue(rows: Iterable[Row], as_of: date) -> list[Row]:
    """Items with a milestone due strictly before `as_of` (the due day itself counts whole),
    most overdue first, then in plan order."""
    late: list[Row] = []
    for row in rows:
        missed = tuple(m for m in row.item.milestones if m.due is not None and m.due < as_of)
        if missed:
            days = max((as_of - m.due).days for m in missed if m.due is not None)
            late.append(Row(row.item, row.match, missed, days))
    return sorted(late, key=lambda r: -(r.days_overdue or 0))


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
