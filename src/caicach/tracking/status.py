"""The official status of milestones, assignments and items as of a day. Pure: no I/O, "today"
is a parameter.

The four boxes of government task tracking: hoàn thành đúng hạn, hoàn thành trễ hạn, chưa hoàn
thành trong hạn, chưa hoàn thành quá hạn. Finishing on the due day is on time; a milestone with no
date is never overdue. Each lead agency owes its own share of an item (an assignment): a report
naming it completes its share only; a report naming no agency, or a lead class, speaks for every
share it covers; a co-agency's report is a note. A milestone of the item is complete when every
share of it is, on the day the last one was; the item's status is the worst of its milestones'."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from caicach.plan.items import Assignment, Record, TrackedItem
from caicach.plan.milestone import Milestone
from caicach.plan.words import STATUS, Status

# Worst first: an unfinished milestone makes the item unfinished.
_RANK: dict[Status, int] = {"qua-han": 4, "trong-han": 3, "tre-han": 2, "dung-han": 1}


@dataclass(frozen=True)
class Reported:
    """A `done` report that counts for a milestone: who sent it (None: a summary report for the
    item), when, and with what document."""

    agency: str | None
    date: date
    evidence: str | None
    summary: bool  # speaks for every share it covers, not for one agency's own


@dataclass(frozen=True)
class MilestoneStatus:
    number: int
    milestone: Milestone
    status: Status
    completed_on: date | None = None
    days_overdue: int | None = None
    reported: tuple[str, ...] = ()  # agencies whose own "done" is recorded
    waiting: tuple[str, ...] = ()  # agencies owing a share not yet reported, once some have
    reports: tuple[Reported, ...] = ()  # every report that counts, in date order

    @property
    def evidence(self) -> str | None:
        """Every report's evidence, in the order they came, joined."""
        if not self.reports:
            return None
        found = list(dict.fromkeys(r.evidence for r in self.reports if r.evidence))
        return "; ".join(found) or None


@dataclass(frozen=True)
class ItemStatus:
    item: TrackedItem
    status: Status
    milestones: tuple[MilestoneStatus, ...]
    progressed: bool  # a "done" or "progress" entry is recorded by the day
    as_of: date
    scope: tuple[Assignment, ...] | None = None  # the shares assessed; None: the whole item
    records: tuple[Record, ...] = field(default=(), repr=False, compare=False)
    through: date | None = None  # a reporting period's last day: only milestones due by it count

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

    @property
    def assignment(self) -> Assignment | None:
        """The share, when this is the status of one agency's share."""
        return self.scope[0] if self.scope is not None and len(self.scope) == 1 else None

    @functools.cached_property
    def assignments(self) -> tuple[ItemStatus, ...]:
        """Each share's own status, of the shares assessed (computed when first asked for)."""
        if self.assignment is not None:
            return (self,)
        found = []
        for a, s in self.standing():
            if s.assignment is a:  # the first of shares that stand alike
                found.append(s)
                continue
            # dataclasses.replace, without its cost (a quarter of a million)
            same = (s.item, s.status, s.milestones, s.progressed, s.as_of)
            found.append(ItemStatus(*same, (a,), s.records, self.through))
        return tuple(found)

    def standing(self) -> list[tuple[Assignment, ItemStatus]]:
        """Each share assessed, with a status whose milestones and status are that share's own:
        shares that stand alike are given one (whose `scope` is the first of them, or the whole
        item when nothing is reported). What `assignments` tells, without a status per share
        (an overdue table of 4,000 items given to "các sở, ban ngành" asks for 100,000)."""
        shares = self.item.assignments if self.scope is None else self.scope
        if self.assignment is not None:
            return [(shares[0], self)]
        if not self.records:  # nothing reported: every share stands where the item stands
            return [(a, self) for a in shares]
        # Shares that the same reports speak for, none of them its own, stand alike: each such
        # group is assessed once (an item given to "các sở, ban ngành" has 20-odd shares).
        alike: dict[tuple[int, ...], ItemStatus] = {}
        found = []
        keys = self._spoken_by(shares)
        for a in shares:
            key = keys[a.agency]
            s = alike.get(key)
            if s is None:
                # The reports that speak for this share are those of `key`: already in force,
                # dated by the day and counted (see `_speaks_for`), so not sorted and sifted again.
                mine = [self.records[n] for n in key]
                s = _assessed(self.item, mine, self.as_of, (a,), self.records)
                alike[key] = s = in_period(s, self.through) if self.through else s
            found.append((a, s))
        return found

    def _spoken_by(self, shares: Sequence[Assignment]) -> dict[str, tuple[int, ...]]:
        """Each share's agency → the numbers of the records that speak for it: a record is
        looked at once, not once a share (an item of 34 shares and one report)."""
        spoken: dict[str, list[int]] = {a.agency: [] for a in shares}
        for n, agencies in self._speaks_for():
            for agency in spoken if agencies is None else agencies:
                if agency in spoken:
                    spoken[agency].append(n)
        return {agency: tuple(numbers) for agency, numbers in spoken.items()}

    def _speaks_for(self) -> list[tuple[int, frozenset[str] | None]]:
        """Each record's number and the agencies whose shares it speaks for (None: all, a
        summary), as `_covers_any` finds them. A report by a share's own agency speaks for it
        alone, so no other share is spoken for by the same ones."""
        return [
            (n, None if r.agency is None else (_covered(r, self.item.assignments) or frozenset()))
            for n, r in enumerate(self.records)
        ]

    def spoken_for(self, agency: str) -> tuple[int, ...]:
        """The numbers of the records that speak for `agency`'s share: two shares of the item
        with the same ones stand alike on every day (as `assignments` groups them)."""
        return tuple(n for n, found in self._speaks_for() if found is None or agency in found)

    @property
    def notes(self) -> tuple[Record, ...]:
        """Reports by agencies that owe no share of the item (co-agencies): kept, never counted."""
        return tuple(r for r in self.records if _covered(r, self.item.assignments) is None)

    def _active(self) -> list[MilestoneStatus]:
        return [m for m in self.milestones if m.milestone.due is not None and m.status != "da-huy"]


def in_period(s: ItemStatus, end: date) -> ItemStatus:
    """The status a periodic report gives, as of its last day `end`: only the milestones due
    by then count, so one completed late in the period shows as trễ hạn even while later ones
    are open. An item with none due by then keeps its status (chưa đến hạn, or done early)."""
    due = tuple(m for m in s.milestones if m.milestone.due is not None and m.milestone.due <= end)
    if not due:
        return dataclasses.replace(s, through=end)
    return dataclasses.replace(s, status=_worst(due), milestones=due, through=end)


def _happened(r: Record) -> tuple[date, str, int, str]:
    return (r.date, r.recorded or "", r.line, r.path)


def effective(records: Iterable[Record]) -> list[Record]:
    """The records in force: a correction supersedes the earlier `done` and `cancelled` entries
    of its milestone and agency, in the order they were written."""
    records = list(records)
    if not any(r.corrects for r in records):  # most items: nothing corrected, all in force
        return sorted(records, key=_happened) if len(records) > 1 else records
    kept: list[Record] = []
    for r in sorted(records, key=lambda r: (r.path, r.line)):
        if r.corrects:
            kept = [
                k
                for k in kept
                if not (
                    k.milestone == r.milestone
                    and k.agency == r.agency
                    and (
                        k.kind in ("done", "cancelled")
                        # a notice issued again that day (its number put in) replaces it
                        or (k.kind == r.kind == "urged" and k.date == r.date)
                    )
                )
            ]
        kept.append(r)
    return sorted(kept, key=_happened)


def superseded(records: Iterable[Record]) -> frozenset[tuple[str, int]]:
    """Where the entries a later correction supersedes are: (path, line)."""
    records = list(records)
    kept = {(r.path, r.line) for r in effective(records)}
    return frozenset((r.path, r.line) for r in records if (r.path, r.line) not in kept)


def assess(
    item: TrackedItem,
    records: Sequence[Record],
    as_of: date,
    only: Sequence[Assignment] | None = None,
) -> ItemStatus:
    """Status of `item` on the day `as_of`, from the records dated on or before it; with `only`,
    the status of those shares alone (one agency's, or a class's)."""
    shares = tuple(item.assignments if only is None else only)
    # A reminder sent (`remind --send`) says nothing of the work: left out, so that a day's
    # reminders to 33 agencies do not split each item's shares into 33 assessments.
    known = [r for r in effective(records) if r.date <= as_of and r.kind != "reminded"]
    counted = [r for r in known if _counts(r, item.assignments)]
    # Each report counted speaks for some share of the item: for the whole item, all of them.
    mine = counted if only is None else [r for r in counted if _covers_any(r, shares, item)]
    return _assessed(item, mine, as_of, None if only is None else shares, tuple(known))


def _assessed(
    item: TrackedItem,
    mine: list[Record],
    as_of: date,
    scope: tuple[Assignment, ...] | None,
    known: tuple[Record, ...],
) -> ItemStatus:
    """The status from `mine`, the reports in force by the day that speak for the shares of
    `scope` (None: the whole item's); `known` are all the item's in force by the day."""
    shares = item.assignments if scope is None else scope
    if not mine:  # most items of a large plan: nothing reported yet
        milestones = tuple(_dated(n, m, None, as_of) for n, m in enumerate(item.milestones, 1))
        return ItemStatus(item, _worst(milestones), milestones, False, as_of, scope, known)
    milestones = tuple(
        _milestone(n, m, [r for r in mine if r.milestone in (n, None)], shares, as_of)
        for n, m in enumerate(item.milestones, start=1)
    )
    progressed = any(r.kind in ("done", "progress") for r in mine)
    return ItemStatus(item, _worst(milestones), milestones, progressed, as_of, scope, known)


def _speaks_for(r: Record, a: Assignment) -> bool:
    """Whether a report by an agency speaks for the share `a`: its own, its class's, or one it
    took over (`also`)."""
    return r.agency in (a.agency, a.via) or a.agency in r.also


def _covered(r: Record, shares: Sequence[Assignment]) -> frozenset[str] | None:
    """The agencies whose share a report speaks for: all (a summary), one, or a class's
    members; None when it speaks for no share (a co-agency's note)."""
    if r.agency is None:
        return frozenset(a.agency for a in shares)
    own = frozenset(a.agency for a in shares if _speaks_for(r, a))
    return own or None


def _counts(r: Record, shares: Sequence[Assignment]) -> bool:
    """Whether a report speaks for some share (`_covered` is not None), without the set."""
    return r.agency is None or any(_speaks_for(r, a) for a in shares)


def _covers_any(r: Record, shares: Sequence[Assignment], item: TrackedItem) -> bool:
    if r.agency is None:
        return True
    covered = _covered(r, item.assignments) or frozenset()
    return any(a.agency in covered for a in shares)


def _worst(milestones: Iterable[MilestoneStatus]) -> Status:
    statuses = [m.status for m in milestones]
    dated = [s for s in statuses if s in _RANK]
    if dated:
        return max(dated, key=lambda s: _RANK[s])
    return "da-huy" if statuses and all(s == "da-huy" for s in statuses) else "khong-xac-dinh"


def _milestone(
    number: int, m: Milestone, records: list[Record], shares: tuple[Assignment, ...], as_of: date
) -> MilestoneStatus:
    if not records:  # most milestones of a large plan: nothing reported yet
        return _dated(number, m, None, as_of)
    if any(r.kind == "cancelled" for r in records):
        return MilestoneStatus(number, m, "da-huy")
    done = [r for r in records if r.kind == "done"]
    completed = _completion(done, shares)
    reports = tuple(Reported(r.agency, r.date, r.evidence, _is_summary(r, shares)) for r in done)
    own = [r.agency for r in done if r.agency is not None and not _is_summary(r, shares)]
    reported = tuple(dict.fromkeys(own))
    waiting: tuple[str, ...] = ()
    if reported and completed is None:
        finished = _finished(done, shares)
        waiting = tuple(a.agency for a in shares if a.agency not in finished)
    return _dated(number, m, completed, as_of, reported, waiting, reports)


def _is_summary(r: Record, shares: Sequence[Assignment]) -> bool:
    return r.agency is None or all(r.agency != a.agency and a.agency not in r.also for a in shares)


def _finished(done: list[Record], shares: tuple[Assignment, ...]) -> dict[str, date]:
    """The day each share was first reported done."""
    first: dict[str, date] = {}
    for r in sorted(done, key=lambda r: r.date) if len(done) > 1 else done:
        for agency in _covered(r, shares) or ():
            first.setdefault(agency, r.date)
    return first


def _completion(done: list[Record], shares: tuple[Assignment, ...]) -> date | None:
    """The day every share was done: the last of their first reports."""
    if not shares:  # no share to owe: a report for the whole item completes it
        whole = [r.date for r in done if r.agency is None]
        return min(whole) if whole else None
    first = _finished(done, shares)
    if all(a.agency in first for a in shares):
        return max(first[a.agency] for a in shares)
    return None


def _dated(
    number: int,
    m: Milestone,
    completed: date | None,
    as_of: date,
    reported: tuple[str, ...] = (),
    waiting: tuple[str, ...] = (),
    reports: tuple[Reported, ...] = (),
) -> MilestoneStatus:
    due = m.due
    status: Status
    days = None
    if due is None:
        status = "khong-xac-dinh"
    elif completed is not None:
        status = "dung-han" if completed <= due else "tre-han"
    elif due < as_of:
        status, days = "qua-han", (as_of - due).days
    else:
        status = "trong-han"
    return MilestoneStatus(number, m, status, completed, days, reported, waiting, reports)
