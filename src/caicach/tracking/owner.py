"""Who owes what: the one owner of an agency's shares on a day.

An agency holds a share of an item as the plan gives it (named, or as a member of a class that
existed in the plan's period: `plan.items.concern`), and, once the whole work of an agency has
passed to it (merged, renamed), that agency's shares still open on the day of the change, marked
with whose they were and since when. Every command asks here: the lists and their `--agency`,
the counts by agency, the matrix, the notices and the forms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from caicach.errors import UsageError
from caicach.load.loader import Workspace
from caicach.plan.items import Assignment, Concern, Match, Role, TrackedItem, concern
from caicach.plan.registry import Registry
from caicach.tracking.queries import Filters, Row, assess_rows, select
from caicach.tracking.status import ItemStatus, assess

_CLOSED = frozenset({"dung-han", "tre-han", "da-huy"})


@dataclass(frozen=True)
class Held:
    """One item an agency answers for: how it is concerned, and the lead shares it owes."""

    item: TrackedItem
    concern: Concern


def held(
    ws: Workspace,
    agency: str,
    day: date,
    role: Role = "any",
    items: Iterable[TrackedItem] | None = None,
) -> list[Held]:
    """What `agency` (a registry id; a class asked as one) answers for on `day`, in plan order."""
    pool = ws.items if items is None else list(items)
    found: dict[str, Held] = {}
    for item in pool:
        c = concern(item, agency, ws.registry, role)
        if c is not None:
            found[item.qualified_id] = Held(item, c)
    for before, since in ws.registry.lineage(agency, day):
        for item in pool:
            c = concern(item, before, ws.registry, role)
            if c is not None and _open_on(ws, item, c.shares, since):
                mine = found.get(item.qualified_id)
                found[item.qualified_id] = _inherit(item, mine, c, before, since)
    return [found[i.qualified_id] for i in pool if i.qualified_id in found]


def _inherit(
    item: TrackedItem, mine: Held | None, theirs: Concern, before: str, since: date
) -> Held:
    """A predecessor's share joined to what the agency holds of the item: its own lead share
    stays the match, and the status is over both shares."""
    marked = replace(theirs.match, of=before, since=since)
    if mine is None or (mine.concern.match.role == "co" and marked.role == "lead"):
        return Held(item, Concern(marked, theirs.shares))
    shares = (*mine.concern.shares, *(s for s in theirs.shares if s not in mine.concern.shares))
    return Held(item, Concern(mine.concern.match, shares))


def _open_on(ws: Workspace, item: TrackedItem, shares: Sequence[Assignment], since: date) -> bool:
    """Still open the day before the change: work done or cancelled by then stays done."""
    history = ws.history(item)  # in date order
    if not history or history[0].date >= since:
        return True  # nothing recorded by then: neither done nor cancelled
    before = assess(item, history, since - timedelta(days=1), shares or None)
    return before.status not in _CLOSED


def rows(
    ws: Workspace,
    agency: str,
    day: date,
    role: Role = "any",
    items: Iterable[TrackedItem] | None = None,
    direct: bool = False,
) -> list[Row]:
    """The agency's items assessed on the day: a lead's row is the status of the shares it owes,
    a co-agency's the item's. `direct`: only items that name the agency itself."""
    found = []
    for h in held(ws, agency, day, role, items):
        if direct and (h.concern.match.via is not None or h.concern.match.of is not None):
            continue
        status = assess(h.item, ws.history(h.item), day, h.concern.shares or None)
        found.append(Row(h.item, h.concern.match, status))
    return found


# --- every agency at once ----------------------------------------------------------------------

Ledger = dict[str, list[Row]]  # agency → its lead shares, each row the status of its own


def ledger(ws: Workspace, whole: Sequence[Row], day: date) -> Ledger:
    """Every agency's lead shares of the items of `whole` (each assessed as a whole on `day`), in
    one pass: `rows(ws, agency, day, "lead")` for every agency, without asking each (a class's
    members share one assessment where the same reports speak for them)."""
    book: Ledger = {}
    matches: dict[str | None, Match] = {}  # one Match for each class a share comes by: 400,000
    for r in whole:  # shares at 10,000 items, a handful of classes
        assert r.status is not None  # assessed as a whole
        for share in r.status.assignments:
            a = share.assignment
            assert a is not None  # a share's status has its assignment
            match = matches.get(a.via) or matches.setdefault(a.via, Match("lead", a.via))
            book.setdefault(a.agency, []).append(Row(r.item, match, share))
    # Whether a share was still open the day before a change: shares of an item that the same
    # reports speak for stood alike then too, so each such group is asked once (the departments
    # merged on 01/03/2025 each passed on a share of every item given to "các sở, ban ngành").
    was_open: dict[tuple[str, date, tuple[int, ...]], bool] = {}
    heirs = [(a, line) for a in list(ws.registry.agencies) if (line := ws.registry.lineage(a, day))]
    order = {i.qualified_id: n for n, i in enumerate(ws.items)} if heirs else {}  # plan order
    for agency, lineage in heirs:
        _take_over(ws, book, agency, lineage, day, was_open, order)
    return book


@dataclass(frozen=True)
class Book:
    """Every agency's lead shares on a day, from one assessment of the whole workspace: what the
    writers addressed to each agency (forms, notices, reminders, the site) share, instead of
    each agency's file assessing every item again (133 agencies × 10,000 items)."""

    day: date
    whole: list[Row]  # every item, assessed as a whole
    shares: Ledger

    def owing(self, registry: Registry) -> list[str]:
        """The agencies and classes owing a share, in registry order (the matrix's columns)."""
        return [a for a in (*registry.agencies, *registry.classes) if self.shares.get(a)]

    def held(self, ws: Workspace, agency: str) -> list[Row]:
        """What `rows(ws, agency, day, "lead")` says: the ledger's rows of an agency; a class
        asked as one answers for its members' shares too, which the ledger keeps under each
        member, so a class is asked as before (there are a handful)."""
        if agency in ws.registry.classes:
            return rows(ws, agency, self.day, "lead")
        return self.shares.get(agency, [])


def book(ws: Workspace, day: date) -> Book:
    """The ledger of the whole workspace on the day (see `ledger`)."""
    whole = assess_rows(select(ws.items, Filters()), ws.history, day)
    return Book(day, whole, ledger(ws, whole, day))


def _take_over(
    ws: Workspace,
    book: Ledger,
    agency: str,
    lineage: list[tuple[str, date]],
    day: date,
    was_open: dict[tuple[str, date, tuple[int, ...]], bool],
    order: dict[str, int],
) -> None:
    mine = {r.item.qualified_id: r for r in book.get(agency, [])}
    for before, since in lineage:
        for r in book.get(before, []):
            if r.match is None or r.match.of is not None or r.status is None:
                continue  # a predecessor's own shares only: the lineage is already whole
            shares = r.status.scope or ()
            history = ws.history(r.item)  # in date order
            if history and history[0].date < since:  # else nothing was done or cancelled by then
                key = (r.item.qualified_id, since, r.status.spoken_for(before))
                if key not in was_open:
                    was_open[key] = _open_on(ws, r.item, shares, since)
                if not was_open[key]:
                    continue
            held_ = mine.get(r.item.qualified_id)
            if held_ is None:
                mine[r.item.qualified_id] = Row(
                    r.item, replace(r.match, of=before, since=since), r.status
                )
                continue
            assert held_.status is not None
            both = (
                *(held_.status.scope or ()),
                *(s for s in shares if s not in (held_.status.scope or ())),
            )
            status = _alike(held_.status, r.status, both) or assess(r.item, history, day, both)
            mine[r.item.qualified_id] = Row(r.item, held_.match, status)
    book[agency] = sorted(mine.values(), key=lambda r: order[r.item.qualified_id])


def _alike(mine: ItemStatus, theirs: ItemStatus, both: tuple[Assignment, ...]) -> ItemStatus | None:
    """The status of two shares of an item together when the same reports speak for both (most
    shares passed on: nothing reported, or only for the whole class): each share's status, over
    both (`assess` of both would find the same milestones). None when it must be assessed."""
    a, b = mine.assignment, theirs.assignment
    if a is None or b is None or mine.through is not None or theirs.through is not None:
        return None
    if mine.records is not theirs.records:  # not the same day's reports
        return None
    if mine.spoken_for(a.agency) != theirs.spoken_for(b.agency):
        return None
    return ItemStatus(
        mine.item, mine.status, mine.milestones, mine.progressed, mine.as_of, both, mine.records
    )


def in_being(registry: Registry, agencies: Iterable[str], day: date) -> list[str]:
    """The agencies that exist on the day: whom a notice or a form can be sent to (an ended
    agency's open work is its successor's, in the successor's own notice)."""
    return [a for a in agencies if registry.valid_on(a, day) and not registry.emptied(a, day)]


def agency_note(ws: Workspace, agency: str, day: date) -> str | None:
    """What to tell beside an agency's work on a day it did not exist: ended (with its end and
    who carries its work), or not yet formed (so it holds nothing of the plans before)."""
    ended = ws.registry.ended_note(agency, day)
    if ended is not None:
        return ended
    found = ws.registry.agencies.get(agency)
    if found is not None and found.valid_from is not None and day < found.valid_from:
        return (
            f"{found.name} có từ {found.valid_from:%d/%m/%Y}: trước ngày đó cơ quan chưa có "
            "phần việc nào"
        )
    return None


# --- the registry with its counts ---------------------------------------------------------------


@dataclass(frozen=True)
class AgencyCount:
    id: str
    lead_direct: int
    lead_total: int
    co_direct: int
    co_total: int
    members: int | None = None  # a class's members (in being on the day asked); None: not a class


def agency_counts(ws: Workspace, day: date | None = None) -> list[AgencyCount]:
    """For each agency and class, the items it leads and those it joins, named or through a
    class (what `concern` says of each pair, in one pass over the items: an agency by item is 1.4
    million pairs at 10,000 items). With a day: only what is in being then, an agency counting
    what passed to it by then, a class its members of that day."""
    registry = ws.registry
    entities = (*registry.agencies, *registry.classes)
    tally = {entity: [0, 0, 0, 0] for entity in entities}  # lead direct, total; co direct, total
    for item in ws.items:
        for at, parties, shares in (
            (0, item.lead, item.assignments),
            (2, item.co, item.co_agencies),
        ):
            named = {a.agency_id for a in parties}
            for entity in named & tally.keys():
                tally[entity][at] += 1
            for entity in (named | {a.agency for a in shares}) & tally.keys():
                tally[entity][at + 1] += 1
    if day is not None:
        for agency in registry.agencies:
            if registry.lineage(agency, day):
                lead, co = held(ws, agency, day, "lead"), held(ws, agency, day, "co")
                tally[agency] = [*_counted(lead), *_counted(co)]
        entities = tuple(in_being(registry, entities, day))
    return [
        AgencyCount(
            e, tally[e][0], tally[e][1], tally[e][2], tally[e][3], _members(registry, e, day)
        )
        for e in entities
    ]


def _counted(found: list[Held]) -> list[int]:
    """Named, and in all."""
    return [sum(1 for h in found if h.concern.match.via is None), len(found)]


def _members(registry: Registry, entity: str, day: date | None) -> int | None:
    cls = registry.classes.get(entity)
    if cls is None or cls.members is None:
        return None
    members = registry.members(entity)
    return len([m for m in members if day is None or registry.valid_on(m.id, day)])


def addressable(ws: Workspace, agency: str, day: date) -> None:
    """A notice or a form goes to an agency in being: one that had ended, or was not yet formed,
    on the day is refused (exit 2), naming who carries its work."""
    note = agency_note(ws, agency, day)
    if note is None:
        return
    ended = ws.registry.ended_note(agency, day) is not None
    where = (
        "; phần việc còn mở của cơ quan này nằm trong văn bản gửi cơ quan kế thừa"
        if ended and ws.registry.successor_note(agency, day)
        else ""
    )
    raise UsageError(f"chỉ gửi cho cơ quan đang hoạt động ngày {day:%d/%m/%Y}: {note}{where}")
