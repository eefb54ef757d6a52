"""An urging notice (công văn đôn đốc), as data: what an agency owes by a day, for how long, and
how many times it has been urged for each item. No file format here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caicach.dates import vn_date
from caicach.errors import UsageError
from caicach.load.loader import Workspace
from caicach.plan.items import Match, TrackedItem
from caicach.plan.model import PlanInfo
from caicach.plan.office import Office
from caicach.tracking.matrix import matrix
from caicach.tracking.owner import addressable, in_being
from caicach.tracking.status import MilestoneStatus
from caicach.tracking.views import Ask, filters, rows_as_of


@dataclass(frozen=True)
class Owed:
    """An agency's share of an item, with its milestones overdue (or falling due soon)."""

    item: TrackedItem
    milestones: tuple[MilestoneStatus, ...]
    round: int  # this is the round-th notice to the agency about the item
    # "phần việc của Sở Kế hoạch và Đầu tư, chuyển sang từ 01/03/2025": a predecessor's share
    passed: str | None = None

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
    day: date  # the notice's date, and the day assessed
    plans: tuple[PlanInfo, ...]
    overdue: tuple[Owed, ...]
    due_soon: tuple[Owed, ...]
    within: int | None
    reply_by: date
    number: str | None  # the number given; None leaves it to be filled in

    @property
    def code(self) -> str:
        """`Số: 12/SNV-CCHC`, or a space to write the number in."""
        return f"{self.number or '      '}/{self.office.unit}"

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


def notice(
    ws: Workspace, agency: str, day: date, within: int | None = None, number: str | None = None
) -> Notice:
    """What `agency` owes on `day` of its own shares, and (with `within`) what falls due in
    that many days; said from the office in plans/office.yaml."""
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
    for r in rows_as_of(ws, f, day):
        assert r.status is not None  # assessed
        rounds = 1 + _urged_before(ws, r.item, f.agency, day)
        of = _passed(ws, r.match)
        if r.status.overdue:
            overdue.append(Owed(r.item, r.status.overdue, rounds, of))
        coming = tuple(m for m in r.status.milestones if _soon(m, day, within))
        if coming:
            soon.append(Owed(r.item, coming, rounds, of))
    overdue.sort(key=lambda o: -o.days_overdue)  # the order of `caicach overdue`
    soon.sort(key=lambda o: o.due or day)
    plans = tuple({o.item.plan.id: o.item.plan for o in (*overdue, *soon)}.values())
    plans = plans or tuple({i.plan.id: i.plan for i in ws.items}.values())
    reply_by = day + timedelta(days=ws.office.reply_days)
    name = ws.registry.name_of(f.agency)
    return Notice(
        ws.office, f.agency, name, day, plans, tuple(overdue), tuple(soon), within, reply_by, number
    )


def _passed(ws: Workspace, how: Match | None) -> str | None:
    if how is None or how.of is None or how.since is None:
        return None
    return f"phần việc của {ws.registry.name_of(how.of)}, chuyển sang từ {vn_date(how.since)}"


def _urged_before(ws: Workspace, item: TrackedItem, agency: str, day: date) -> int:
    """How many notices the agency has had about the item by the day."""
    return sum(
        1 for h in ws.history(item) if h.kind == "urged" and h.agency == agency and h.date <= day
    )


def _soon(m: MilestoneStatus, day: date, within: int | None) -> bool:
    due = m.milestone.due
    if within is None or due is None:
        return False
    return m.status == "trong-han" and 0 <= (due - day).days <= within


def owing(ws: Workspace, day: date) -> list[str]:
    """The agencies with an overdue share on the day, in registry order: whom to urge."""
    m = matrix(ws, Ask(), day)
    late = {a for row in m.rows.values() for a, s in row.items() if s.status == "qua-han"}
    return in_being(ws.registry, [a for a in m.agencies if a in late], day)


def notices(
    ws: Workspace,
    agency: str | None,
    day: date,
    within: int | None = None,
    number: str | None = None,
) -> list[Notice]:
    """The notice to one agency, or (agency None) to every agency with an overdue share; only
    notices that list something."""
    if agency is not None:
        found = [notice(ws, agency, day, within, number)]
    else:
        found = [notice(ws, a, day, within) for a in owing(ws, day)]
    return [n for n in found if n.overdue or n.due_soon]
