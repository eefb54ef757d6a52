"""An urging notice (công văn đôn đốc), as data: what an agency owes by a day, for how long, and
how many times it has been urged for each item. No file format here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from caicach.dates import vn_date
from caicach.errors import UsageError
from caicach.load import files
from caicach.load.loader import Workspace
from caicach.plan.items import Match, TrackedItem
from caicach.plan.model import PlanInfo
from caicach.plan.office import DEFAULT_WORDING, Office
from caicach.tracking.owner import Book, addressable, book, in_being
from caicach.tracking.queries import Row
from caicach.tracking.status import MilestoneStatus
from caicach.tracking.views import Ask, filters, rows_as_of


@dataclass(frozen=True)
class Owed:
    """An agency's share of an item, with its milestones overdue (or falling due soon)."""

    item: TrackedItem
    milestones: tuple[MilestoneStatus, ...]
    # for each milestone, this is the n-th notice to the agency about it (2.d's January "lần 2"
    # beside its February "lần 1")
    rounds: tuple[int, ...]
    # "phần việc của Sở Kế hoạch và Đầu tư, chuyển sang từ 01/03/2025": a predecessor's share
    passed: str | None = None

    @property
    def round(self) -> int:
        return max(self.rounds, default=1)

    @property
    def due(self) -> date | None:
        """The earliest due day among the milestones listed."""
        return min((m.milestone.due for m in self.milestones if m.milestone.due), default=None)

    @property
    def days_overdue(self) -> int:
        return max((m.days_overdue or 0 for m in self.milestones), default=0)


@dataclass(frozen=True)
class Notice:
    office: Office
    agency: str  # registry id
    agency_name: str
    addressee: str  # as "Kính gửi" writes it: a class by its wording
    day: date  # the notice's date, and the day assessed
    plans: tuple[PlanInfo, ...]
    overdue: tuple[Owed, ...]
    due_soon: tuple[Owed, ...]
    within: int | None
    reply_by: date
    number: str | None  # the number given; None leaves it to be filled in
    template: bytes | None = None  # the office's .docx template

    @property
    def code(self) -> str:
        """`Số: 12/SNV-CCHC`, or a space to write the number in."""
        return code(self.number, self.office)

    @property
    def round(self) -> int:
        return max((o.round for o in (*self.overdue, *self.due_soon)), default=1)

    @property
    def file_stem(self) -> str:
        """don-doc-<agency>-<day>: the notice's file, when none is named."""
        return f"don-doc-{self.agency}-{self.day.isoformat()}"

    @property
    def folder_name(self) -> str:
        """don-doc-<day>: where the notices of one day go, when no folder is named."""
        return f"don-doc-{self.day.isoformat()}"

    @property
    def year(self) -> int:
        return max(p.period.year_of(self.day) for p in self.plans)


def code(number: str | None, office: Office) -> str:
    """`126/SNV-CCHC` for 126 or 126/SNV-CCHC; a space to write the number in for none."""
    if number and "/" in number:
        return number
    return f"{number or '      '}/{office.unit}"


def notice(
    ws: Workspace,
    agency: str,
    day: date,
    within: int | None = None,
    number: str | None = None,
    held: Sequence[Row] | None = None,
) -> Notice:
    """What `agency` owes on `day` of its own shares, and (with `within`) what falls due in
    that many days; said from the office in plans/office.yaml. `held`: those shares already
    assessed (the ledger's), when every late agency is written to."""
    if ws.office is None:
        raise UsageError(
            "chưa có thông tin cơ quan gửi: thêm plans/office.yaml (caicach init viết một "
            "mẫu; `caicach schema office` mô tả các khóa)"
        )
    f = filters(ws, Ask(agency, "lead"))
    assert f.agency is not None
    addressable(ws, f.agency, day)
    overdue: list[Owed] = []
    soon: list[Owed] = []
    for r in rows_as_of(ws, f, day) if held is None else held:
        assert r.status is not None  # assessed
        of = _passed(ws, r.match)
        if missed := r.status.overdue:  # a property: made once a row
            overdue.append(Owed(r.item, missed, _rounds(ws, r.item, f.agency, missed, day), of))
        if within is None:  # nothing falls due soon (`_soon`)
            continue
        coming = tuple(m for m in r.status.milestones if _soon(m, day, within))
        if coming:
            soon.append(Owed(r.item, coming, _rounds(ws, r.item, f.agency, coming, day), of))
    overdue.sort(key=lambda o: -o.days_overdue)  # the order of `caicach overdue`
    soon.sort(key=lambda o: o.due or day)
    plans = tuple({o.item.plan.id: o.item.plan for o in (*overdue, *soon)}.values())
    plans = plans or tuple({i.plan.id: i.plan for i in ws.items}.values())
    reply_by = day + timedelta(days=ws.office.reply_days)
    name = ws.registry.name_of(f.agency)
    to = addressees(ws, [f.agency], day)[0]
    late, next_ = tuple(overdue), tuple(soon)
    return Notice(ws.office, f.agency, name, to, day, plans, late, next_, within, reply_by, number)


def _passed(ws: Workspace, how: Match | None) -> str | None:
    if how is None or how.of is None or how.since is None:
        return None
    return f"phần việc của {ws.registry.name_of(how.of)}, chuyển sang từ {vn_date(how.since)}"


def _rounds(
    ws: Workspace,
    item: TrackedItem,
    agency: str,
    milestones: tuple[MilestoneStatus, ...],
    day: date,
) -> tuple[int, ...]:
    """For each milestone, 1 + the notices the agency had about it before the day: one a day
    (a notice issued again the same day, to put its number in, is the same notice), an entry
    without a milestone counting for all of them."""
    urged = [h for h in ws.history(item) if h.kind == "urged" and h.agency == agency]
    if not urged:  # the first notice about each
        return (1,) * len(milestones)
    return tuple(
        1 + len({h.date for h in urged if h.date < day and h.milestone in (m.number, None)})
        for m in milestones
    )


def _soon(m: MilestoneStatus, day: date, within: int | None) -> bool:
    due = m.milestone.due
    if within is None or due is None:
        return False
    return m.status == "trong-han" and 0 <= (due - day).days <= within


def template_of(ws: Workspace, plans: Path) -> bytes | None:
    """The office's .docx template (office.yaml `template:`, beside it), if it names one."""
    if ws.office is None or ws.office.template is None:
        return None
    path = plans / ws.office.template
    if not path.is_file():
        raise UsageError(
            f"{plans / 'office.yaml'}: template: không có tệp {path}; xóa khóa này để dùng mẫu "
            "mặc định"
        )
    return files.read_regular(path)


def owing(ws: Workspace, b: Book) -> list[str]:
    """The agencies with an overdue share on the book's day, in registry order: whom to urge."""
    late = [a for a in b.owing(ws.registry) if any(_late(r) for r in b.shares[a])]
    return in_being(ws.registry, late, b.day)


def _late(r: Row) -> bool:
    return r.status is not None and r.status.status == "qua-han"


def notices(
    ws: Workspace,
    agencies: Sequence[str] | None,
    day: date,
    within: int | None = None,
    number: str | None = None,
) -> list[Notice]:
    """The notice to each agency named, or (None) to every agency with an overdue share; only
    notices that list something. `number` is for a notice to one agency."""
    if agencies is not None:
        found = [
            notice(ws, a, day, within, number if len(agencies) == 1 else None) for a in agencies
        ]
    else:
        # the office does not write to itself: its own late work is its own to chase
        me = ws.registry.resolve(ws.office.name) if ws.office is not None else None
        b = book(ws, day)  # every agency's shares, from one assessment
        found = [
            notice(ws, a, day, within, held=b.held(ws, a))
            for a in owing(ws, b)
            if me is None or a != me.id
        ]
    once = {n.agency: n for n in found}  # "-a STP -a 'Sở Tư pháp'" is one addressee
    return [n for n in once.values() if n.overdue or n.due_soon]


@dataclass(frozen=True)
class Combined:
    """One công văn to several agencies: its addressees as the office writes them, and each
    agency's notice, listed under its name in the phụ lục."""

    notices: tuple[Notice, ...]
    addressees: tuple[str, ...]
    number: str | None
    template: bytes | None = None

    @property
    def office(self) -> Office:
        return self.notices[0].office

    @property
    def day(self) -> date:
        return self.notices[0].day

    @property
    def reply_by(self) -> date:
        return self.notices[0].reply_by

    @property
    def code(self) -> str:
        return code(self.number, self.office)

    @property
    def plans(self) -> tuple[PlanInfo, ...]:
        return tuple({p.id: p for n in self.notices for p in n.plans}.values())

    @property
    def year(self) -> int:
        return max(n.year for n in self.notices)

    @property
    def late_items(self) -> int:
        return sum(len(n.overdue) for n in self.notices)

    @property
    def late_agencies(self) -> int:
        return sum(1 for n in self.notices if n.overdue)

    @property
    def file_stem(self) -> str:
        return f"don-doc-{self.day.isoformat()}"


def combined(ws: Workspace, found: Sequence[Notice], number: str | None) -> Combined:
    notes = tuple(replace(n, number=number) for n in found)
    day = found[0].day
    return Combined(notes, tuple(addressees(ws, [n.agency for n in found], day)), number)


def addressees(ws: Workspace, agencies: Sequence[str], day: date) -> list[str]:
    """`Kính gửi` as an office writes it: the members of a class it addresses together (two or
    more of them late, or the class assigned as one) by the class's wording, in the order of the
    wordings; the others by their names, in the order given."""
    assert ws.office is not None
    groups = _groups(ws)
    taken: dict[str, list[str]] = {}
    named: list[str] = []
    for a in agencies:
        wording = next((w for cls, w in groups if a == cls or ws.registry.is_member(a, cls)), None)
        if wording is None:
            named.append(ws.registry.name_of(a))
        else:
            taken.setdefault(wording, []).append(a)
    out = []
    for cls, wording in groups:
        members = taken.get(wording, [])
        if _as_class(ws, cls, members, day):
            out.append(wording)
        else:
            named[:0] = [ws.registry.name_of(a) for a in members]
    return list(dict.fromkeys(out + named))


def _as_class(ws: Workspace, cls: str, addressed: Sequence[str], day: date) -> bool:
    """A class is written as such when it is assigned as one, or when at least half of its
    members in being are addressed (the phụ lục says which): two sở of twenty are named."""
    if any(a in ws.registry.classes for a in addressed):
        return True
    members = in_being(ws.registry, [m.id for m in ws.registry.members(cls)], day)
    return len(addressed) > 1 and 2 * len(addressed) >= len(members)


def _groups(ws: Workspace) -> list[tuple[str, str]]:
    """(class id, wording): the office's, else the usual wording of each registry class whose
    members are of a level and kind it knows."""
    assert ws.office is not None
    if ws.office.addressees:
        return [(g.of, g.wording) for g in ws.office.addressees if g.of in ws.registry.classes]
    out = []
    for cls in ws.registry.classes.values():
        if cls.members is None:
            continue
        for level, kind, wording in DEFAULT_WORDING:
            if cls.members.level == level and kind in cls.members.kinds:
                out.append((cls.id, wording))
                break
    return out
