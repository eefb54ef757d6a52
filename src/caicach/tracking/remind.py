"""Reminders before a deadline, as data: for each agency, its own open shares whose milestone
falls due in exactly the days asked (7, 3 and 1 days before, as provincial task systems remind),
and, when asked, those past due; whether each was already sent that day; where it goes. No file
format and no sending here: render/remind_*.py writes the messages, tracking/mailer.py sends."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from caicach.dates import vn_date
from caicach.errors import UsageError
from caicach.load.loader import Workspace
from caicach.plan.items import Match, TrackedItem
from caicach.plan.office import Office
from caicach.tracking import owner
from caicach.tracking.queries import Row, resolve_agency
from caicach.tracking.status import MilestoneStatus
from caicach.tracking.views import Ask, filters, rows_as_of

DAYS = (7, 3, 1)
_MOST_DAYS = 366


def parse_days(text: str) -> tuple[int, ...]:
    """`7,3,1` → (7, 3, 1): days before the due day, each once, most first; 0 is the due day."""
    found: set[int] = set()
    for word in (w.strip() for w in text.split(",")):
        if not word.isdigit() or int(word) > _MOST_DAYS:
            raise UsageError(
                f"--days {text!r}: mỗi số ngày là một số nguyên từ 0 đến {_MOST_DAYS}, cách "
                "nhau bằng dấu phẩy, vd. 7,3,1"
            )
        found.add(int(word))
    return tuple(sorted(found, reverse=True))


@dataclass(frozen=True)
class Reminder:
    """One milestone of an agency's share: falling due in `days` days, or (`days` < 0) that
    many days past due."""

    item: TrackedItem
    milestone: MilestoneStatus
    days: int
    passed: str | None  # "phần việc của Sở Kế hoạch và Đầu tư, chuyển sang từ 01/03/2025"
    sent: bool  # a reminder of this milestone went to the agency on this day already

    @property
    def due(self) -> date:
        assert self.milestone.milestone.due is not None  # only dated milestones are reminded
        return self.milestone.milestone.due

    @property
    def note(self) -> str:
        """What the log says of it: `nhắc trước hạn 3 ngày`, `nhắc quá hạn 5 ngày`."""
        if self.days < 0:
            return f"nhắc quá hạn {-self.days} ngày"
        return "nhắc đúng ngày đến hạn" if self.days == 0 else f"nhắc trước hạn {self.days} ngày"


@dataclass(frozen=True)
class PendingForm:
    """A report form sent to the agency and not yet returned. The seam for the forms that come
    back (`forms --pending`): `remind` lists what its `pending` argument gives."""

    form: str  # the form's id
    sent_on: date
    days: int  # days since sent


Pending = Callable[[Workspace, str, date], Sequence[PendingForm]]


@dataclass(frozen=True)
class Message:
    """What one agency is reminded of on a day, from the office, to its addresses."""

    agency: str  # registry id
    name: str
    addresses: tuple[str, ...]
    day: date
    office: Office | None
    coming: tuple[Reminder, ...]  # soonest first
    overdue: tuple[Reminder, ...]  # most overdue first
    forms: tuple[PendingForm, ...] = ()

    @property
    def reminders(self) -> tuple[Reminder, ...]:
        return (*self.overdue, *self.coming)

    @property
    def unsent(self) -> Message:
        """The message without what was already sent today: what `--send` delivers."""
        return Message(
            self.agency,
            self.name,
            self.addresses,
            self.day,
            self.office,
            tuple(r for r in self.coming if not r.sent),
            tuple(r for r in self.overdue if not r.sent),
            self.forms,
        )

    @property
    def empty(self) -> bool:
        return not (self.coming or self.overdue or self.forms)


def messages(
    ws: Workspace,
    day: date,
    days: Sequence[int] = DAYS,
    *,
    agency: str | None = None,
    overdue: bool = False,
    pending: Pending | None = None,
) -> list[Message]:
    """One message per agency in being on the day (or the one asked; a class asked: each of
    its members) with something to be reminded of, in registry order."""
    wanted = set(days)
    book = _shares(ws, day, agency)
    found = []
    for a, held in book.items():
        coming, late = _reminders(ws, a, held, day, wanted, overdue)
        forms = tuple(pending(ws, a, day)) if pending is not None else ()
        name = ws.registry.name_of(a)
        m = Message(a, name, _addresses(ws, a), day, ws.office, coming, late, forms)
        if not m.empty:
            found.append(m)
    return found


def _shares(ws: Workspace, day: date, agency: str | None) -> dict[str, list[Row]]:
    """Each agency's own lead shares on the day, as the owner of shares says."""
    if agency is None:
        whole = rows_as_of(ws, filters(ws, Ask()), day)
        book = owner.ledger(ws, whole, day)
        being = owner.in_being(ws.registry, ws.registry.agencies, day)
        return {a: book[a] for a in being if a in book}
    found = resolve_agency(ws.registry, agency)
    if found in ws.registry.classes:
        members = [m.id for m in ws.registry.members(found)]
        asked = owner.in_being(ws.registry, members, day)
    else:
        owner.addressable(ws, found, day)
        asked = [found]
    return {a: owner.rows(ws, a, day, "lead") for a in asked}


def _reminders(
    ws: Workspace, agency: str, held: list[Row], day: date, wanted: set[int], overdue: bool
) -> tuple[tuple[Reminder, ...], tuple[Reminder, ...]]:
    coming: list[Reminder] = []
    late: list[Reminder] = []
    for r in held:
        assert r.status is not None  # assessed
        sent = _sent(ws, r.item, agency, day)
        for m in r.status.milestones:
            due = m.milestone.due
            if due is None:
                continue
            left = (due - day).days
            if m.status == "trong-han" and left in wanted:
                coming.append(Reminder(r.item, m, left, _passed(ws, r.match), m.number in sent))
            elif overdue and m.status == "qua-han":
                late.append(Reminder(r.item, m, left, _passed(ws, r.match), m.number in sent))
    coming.sort(key=lambda x: x.days)
    late.sort(key=lambda x: x.days)  # the most days past due first, as `overdue` lists them
    return tuple(coming), tuple(late)


def _sent(ws: Workspace, item: TrackedItem, agency: str, day: date) -> set[int | None]:
    """The milestones of the item the agency was reminded of on the day."""
    return {
        h.milestone
        for h in ws.history(item)
        if h.kind == "reminded" and h.agency == agency and h.date == day
    }


def _passed(ws: Workspace, how: Match | None) -> str | None:
    if how is None or how.of is None or how.since is None:
        return None
    return f"phần việc của {ws.registry.name_of(how.of)}, chuyển sang từ {vn_date(how.since)}"


def _addresses(ws: Workspace, agency: str) -> tuple[str, ...]:
    found = ws.registry.agencies.get(agency)
    return found.email if found is not None else ()
