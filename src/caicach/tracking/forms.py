"""A report form (phiếu báo cáo), as data: the open milestones of an agency's own shares on a day,
each named so that the agency's answer can be read back without guessing. No file format here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caicach.load.loader import Workspace
from caicach.plan.items import TrackedItem
from caicach.plan.model import PlanInfo
from caicach.plan.office import Office
from caicach.tracking.matrix import matrix
from caicach.tracking.owner import addressable, in_being
from caicach.tracking.status import MilestoneStatus
from caicach.tracking.views import Ask, filters, rows_as_of

WITHIN = 31  # recurring milestones listed: those due within this many days (the next month's)


@dataclass(frozen=True)
class FormRow:
    """One open milestone of the agency's share: what it is, and how it stands today."""

    item: TrackedItem
    number: int  # 1-based milestone number
    status: MilestoneStatus

    @property
    def milestone_ref(self) -> str:
        """How the log names the milestone: the period of a recurring one, else its number."""
        m = self.item.milestones[self.number - 1]
        return m.period if m.recurs and m.period else str(self.number)


@dataclass(frozen=True)
class Form:
    agency: str  # registry id
    agency_name: str
    day: date  # the state the form shows, and its date
    reply_by: date
    plans: tuple[PlanInfo, ...]
    rows: tuple[FormRow, ...]
    office: Office | None

    @property
    def file_stem(self) -> str:
        return f"phieu-bao-cao-{self.agency}-{self.day.isoformat()}"

    @property
    def folder_name(self) -> str:
        return f"phieu-bao-cao-{self.day.isoformat()}"


def form(ws: Workspace, agency: str, day: date, within: int = WITHIN) -> Form:
    """The agency's form: every open milestone of its own lead shares (a class it belongs to
    included), overdue first; recurring milestones only as far as `within` days ahead."""
    f = filters(ws, Ask(agency, "lead"))
    assert f.agency is not None
    addressable(ws, f.agency, day)
    rows: list[FormRow] = []
    for r in rows_as_of(ws, f, day):
        assert r.status is not None  # assessed
        for m in r.status.milestones:
            if _open(m, day, within):
                rows.append(FormRow(r.item, m.number, m))
    rows.sort(key=lambda x: (-(x.status.days_overdue or 0), x.status.milestone.due or date.max))
    plans = tuple({x.item.plan.id: x.item.plan for x in rows}.values())
    reply_days = ws.office.reply_days if ws.office is not None else 7
    name = ws.registry.name_of(f.agency)
    return Form(
        f.agency, name, day, day + timedelta(days=reply_days), plans, tuple(rows), ws.office
    )


def _open(m: MilestoneStatus, day: date, within: int) -> bool:
    if m.status not in ("qua-han", "trong-han"):
        return False  # done, or cancelled
    due = m.milestone.due
    if m.milestone.recurs and due is not None:
        return (due - day).days <= within
    return True


def forms(ws: Workspace, agency: str | None, day: date, within: int = WITHIN) -> list[Form]:
    """The form of one agency, or (agency None) of every agency with an open share, in
    registry order; only forms that list something."""
    if agency is not None:
        found = [form(ws, agency, day, within)]
    else:
        m = matrix(ws, Ask(), day)
        found = [form(ws, a, day, within) for a in in_being(ws.registry, m.agencies, day)]
    return [f for f in found if f.rows]
