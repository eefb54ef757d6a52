"""Trackable items and progress records, resolved against the registry, and the questions every
stage asks of them: which item an id names, which milestone a reference names, whether an
agency is concerned."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from caicach.dates import vn_date
from caicach.errors import UsageError
from caicach.plan.in_force import Nearest, nearest
from caicach.plan.milestone import Milestone, numbered
from caicach.plan.model import Area, PlanInfo
from caicach.plan.period import Period
from caicach.plan.registry import Registry
from caicach.plan.words import EntryKind
from caicach.text import fold, nfc


@dataclass(frozen=True)
class Assignee:
    """An agency of an item as written, and the registry entry it resolved to."""

    name: str
    role: str | None
    agency_id: str


@dataclass(frozen=True)
class Assignment:
    """One agency's own share of an item: a lead agency the plan names, a member of a lead class
    (`via` the class), or a class with no members listed, assigned as one (`collective`)."""

    agency: str  # registry id
    via: str | None = None
    collective: bool = False


@dataclass(frozen=True)
class TrackedItem:
    plan: PlanInfo
    area: Area
    id: str
    task: str
    parent_task: str | None
    lead: tuple[Assignee, ...]
    co: tuple[Assignee, ...]
    products: tuple[str, ...]
    deadline: str | None
    milestones: tuple[Milestone, ...]
    notes: tuple[str, ...]
    path: str
    line: int
    assignments: tuple[Assignment, ...] = ()
    # The co-agencies as agencies: one per agency named, or per member of a class named (that
    # existed in the plan's period). A co-agency owes no share: it joins, and its reports are notes.
    co_agencies: tuple[Assignment, ...] = ()

    @functools.cached_property
    def qualified_id(self) -> str:
        """`plan:id`, made once: it keys every lookup of the item (a report of 10,000 items asks
        for it 600,000 times, and kept 200,000 copies of it)."""
        return f"{self.plan.id}:{self.id}"

    @property
    def dated(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.due is not None)


@dataclass(frozen=True)
class Record:
    """A progress entry resolved against its plan: `milestone` is a 1-based index or None."""

    item: str  # qualified id, plan:id
    milestone: int | None
    agency: str | None  # registry id
    kind: EntryKind
    date: date
    evidence: str | None
    note: str | None
    recorded: str | None
    path: str
    line: int
    corrects: bool = False  # supersedes the earlier entries of its milestone and agency
    # The agencies whose lead shares of the item had passed to the reporting agency by the
    # report's day (Sở Tài chính reporting on Sở Kế hoạch và Đầu tư's share): it speaks for them.
    also: tuple[str, ...] = ()


# --- which item ---------------------------------------------------------------------------------


def canonical_id(text: str) -> str:
    """`1.dd` is how `1.đ` is typed on a keyboard without Vietnamese input."""
    plan, _, item = nfc(text).strip().lower().rpartition(":")
    parts = ["đ" if p == "dd" else p for p in item.split(".")]
    return f"{plan}:{'.'.join(parts)}" if plan else ".".join(parts)


def find_item(items: Sequence[TrackedItem], text: str, day: date) -> TrackedItem:
    """The item an id names on `day`: `plan:id` names that plan's; a bare id the one of the plan
    `day` looks at among those that have it (see in_force.nearest), so that an office keeping
    every year's plan types `2.a` as before. It is ambiguous only between plans equally near."""
    wanted = canonical_id(text)
    plan_id, _, bare = wanted.rpartition(":")
    mine = [i for i in items if i.plan.id == plan_id] if plan_id else list(items)
    leaves = [i for i in mine if i.id == bare]
    parts = [i for i in mine if i.id.startswith(bare + ".")]  # 2.k is 2.k.1 and 2.k.2
    plans = {i.plan.id: i.plan for i in (*leaves, *parts)}
    if len(plans) > 1:
        near = nearest(list(plans.values()), day, begins)
        if len(near.plans) > 1:
            raise UsageError(_ambiguous(text, bare, near, day))
        chosen = near.plans[0].id
        leaves = [i for i in leaves if i.plan.id == chosen]
        parts = [i for i in parts if i.plan.id == chosen]
    if leaves:
        return leaves[0]
    if parts:
        raise UsageError(
            f"nhiệm vụ {text!r} được chia thành các nhiệm vụ con: {', '.join(i.id for i in parts)}"
        )
    raise UsageError(f"không có nhiệm vụ {text!r} trong các kế hoạch đã nạp")


def begins(plan: PlanInfo) -> date:
    """A plan issued before its period (1879 on 15/12/2023, for 2024) has begun on its issue
    day: a report dated 28/12/2023 is about it, not about the plan that ended in 2018."""
    return min(plan.date, plan.starts)


def _ambiguous(text: str, bare: str, near: Nearest[PlanInfo], day: date) -> str:
    plans = sorted(near.plans, key=lambda p: (p.starts, p.id))
    first = plans[0]
    began = (
        f"ban hành ngày {vn_date(first.date)}"
        if first.date < first.starts
        else f"bắt đầu ngày {vn_date(first.starts)}"
    )
    when = {
        "in-force": f"cùng có hiệu lực ngày {vn_date(day)}",
        "begun": f"cùng {began}, không có hiệu lực ngày {vn_date(day)}",
        "not-begun": f"cùng {began}, sau ngày {vn_date(day)}",
    }[near.why]
    numbers = ", ".join(p.number for p in plans)
    ids = ", ".join(f"{p.id}:{bare}" for p in plans)
    return (
        f"nhiệm vụ {text!r} có ở {len(plans)} kế hoạch {when} ({numbers}); "
        f"hãy ghi rõ kế hoạch: {ids}"
    )


# --- which milestone ----------------------------------------------------------------------------


def milestone_number(item: TrackedItem, ref: int | str | None) -> int | None:
    """A milestone by 1-based number, period (`2024-03`) or label; None is the whole item.
    ValueError, naming the milestones there are, when `ref` names none."""
    if ref is None:
        return None
    text = str(ref).strip()
    by_period = [n for n, m in enumerate(item.milestones, 1) if m.period == text]
    if by_period:
        return by_period[0]
    if text.isdigit():
        return _by_number(item, int(text))
    return _by_label(item, text)


def _by_number(item: TrackedItem, number: int) -> int:
    count = len(item.milestones)
    if 1 <= number <= count:
        return number
    raise ValueError(f"nhiệm vụ {item.id} có {count} mốc; không có mốc {number}")


def _by_label(item: TrackedItem, text: str) -> int:
    wanted = fold(text)
    labels = [(n, fold(m.label or "")) for n, m in enumerate(item.milestones, 1)]
    exact = [n for n, label in labels if label == wanted]
    partial = [n for n, label in labels if wanted and wanted in label]
    if len(exact) == 1 or (not exact and len(partial) == 1):
        return (exact or partial)[0]
    raise ValueError(f"nhiệm vụ {item.id} không có mốc {text!r}; {choices(item)}")


def choices(item: TrackedItem) -> str:
    shown = [numbered(n, m) for n, m in enumerate(item.milestones, 1)]
    return "các mốc là " + ", ".join(shown)


# --- which agency -------------------------------------------------------------------------------

Role = Literal["lead", "co", "any"]


@dataclass(frozen=True)
class Match:
    """How an item concerns an agency: as lead or co-agency, by name or through a class, its own
    or (`of`) the share of an agency whose work passed to it on the day `since`."""

    role: Literal["lead", "co"]
    via: str | None  # class id when the agency is concerned as a member of a class
    of: str | None = None  # the predecessor whose share this is
    since: date | None = None  # the day the predecessor's work passed to the agency


@dataclass(frozen=True)
class Concern:
    """What an item asks of one agency (or a class asked as one): how it is concerned, and the
    lead shares it answers for (none for a co-agency, which owes no share)."""

    match: Match
    shares: tuple[Assignment, ...]


def concern(
    item: TrackedItem, entity: str, registry: Registry, role: Role = "any"
) -> Concern | None:
    """The one rule of concern, item by item: an agency is concerned by its own lead share (named,
    or as a member of a lead class that existed in the plan's period), or as a co-agency in the
    same way; lead first. A class asked as one is concerned where the plan names it, and answers
    for its members' shares. Time does not enter here: the plan's period decided the members
    when the plan was read; successors are the workspace's owner's (tracking/owner.py)."""
    roles: list[Literal["lead", "co"]] = ["lead", "co"] if role == "any" else [role]
    if entity in registry.classes:
        return _class_concern(item, entity, registry, roles)
    for which in roles:
        found = _own(item.assignments if which == "lead" else item.co_agencies, entity)
        if found is not None:
            shares = (found,) if which == "lead" else ()
            return Concern(Match(which, found.via), shares)
    return None


def _own(shares: tuple[Assignment, ...], agency: str) -> Assignment | None:
    return next((a for a in shares if a.agency == agency), None)


def _class_concern(
    item: TrackedItem, cls: str, registry: Registry, roles: list[Literal["lead", "co"]]
) -> Concern | None:
    for which in roles:
        if any(a.agency_id == cls for a in (item.lead if which == "lead" else item.co)):
            shares = own_assignments(item, cls, registry) if which == "lead" else ()
            return Concern(Match(which, None), shares)
    return None


def match(
    item: TrackedItem, agency_id: str, registry: Registry, role: Role = "any"
) -> Match | None:
    """How the item concerns the agency, by `concern`'s rule; None when it does not."""
    found = concern(item, agency_id, registry, role)
    return found.match if found is not None else None


def inherited_shares(
    item: TrackedItem, agency: str, registry: Registry, day: date
) -> tuple[str, ...]:
    """The agencies whose lead share of the item had passed to `agency` by `day`: a report the
    agency sends from then on speaks for their shares too."""
    return tuple(
        before
        for before, _since in registry.lineage(agency, day)
        if any(a.agency == before for a in item.assignments)
    )


def not_concerned(item: TrackedItem, agency_id: str, registry: Registry) -> str:
    return f"{registry.name_of(agency_id)} không chủ trì cũng không phối hợp nhiệm vụ {item.id}"


# --- who owes what ------------------------------------------------------------------------------


def assignments(
    lead: Sequence[Assignee], registry: Registry, year: int | Period | None = None
) -> tuple[Assignment, ...]:
    """The lead (or co-) agencies as assignments: a named agency is one; a class is one per
    member the registry lists (that existed in the plan's `year`), or one collective assignment
    when it lists none; a class that names nobody ("các cơ quan có liên quan") is none. An
    agency named and also a member keeps its own."""
    named = {a.agency_id for a in lead if a.agency_id in registry.agencies}
    found: dict[str, Assignment] = {}
    for a in lead:
        if a.agency_id in registry.agencies:
            found.setdefault(a.agency_id, _share(a.agency_id))
            continue
        cls = registry.classes[a.agency_id]
        if cls.members is None:
            continue
        members = registry.members(cls.id, year)
        if not members:
            found.setdefault(cls.id, _share(cls.id, collective=True))
        for m in members:
            if m.id not in named:
                found.setdefault(m.id, _share(m.id, via=cls.id))
    return tuple(found.values())


@functools.cache
def _share(agency: str, via: str | None = None, collective: bool = False) -> Assignment:
    """One object for each share, however many items hold it: an item given to "các sở, ban
    ngành" holds one per member, and 10,000 such items would otherwise hold 400,000 alike (most
    of what the cache stores and reads back)."""
    return Assignment(agency, via, collective)


def own_assignments(item: TrackedItem, entity: str, registry: Registry) -> tuple[Assignment, ...]:
    """What `entity` owes in `item`: an agency its own assignment; a class every assignment of
    its members (or itself, collectively)."""
    if entity in registry.classes:
        return tuple(
            a
            for a in item.assignments
            if a.agency == entity or a.via == entity or registry.is_member(a.agency, entity)
        )
    return tuple(a for a in item.assignments if a.agency == entity)
