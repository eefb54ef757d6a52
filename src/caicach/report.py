"""What the weekly status sheet and the periodic CCHC report hold, as data. Pure: the workbook is
drawn by render/excel.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from caicach.agencies import Registry
from caicach.deadlines import Milestone
from caicach.errors import UsageError
from caicach.model import ReportingPeriod
from caicach.queries import Due, Row, Tally, due_within, summarize
from caicach.status import ItemStatus, MilestoneStatus

# Bộ Nội vụ guidance 581/BNV-CCHC: data windows and due days of the periodic CCHC reports.
# A province sets its own in plans/reporting.yaml.
BNV_PERIODS: dict[str, ReportingPeriod] = {
    "q1": ReportingPeriod(
        label="Quý I", start="12-15", start_previous_year=True, end="03-14", due="03-20"
    ),
    "6m": ReportingPeriod(
        label="6 tháng", start="12-15", start_previous_year=True, end="06-14", due="06-20"
    ),
    "q3": ReportingPeriod(label="Quý III", start="06-15", end="09-14", due="09-20"),
    "year": ReportingPeriod(
        label="Năm", start="12-15", start_previous_year=True, end="12-14", due="12-20"
    ),
}


@dataclass(frozen=True)
class Window:
    key: str
    label: str
    year: int
    start: date
    end: date
    due: date


def window(periods: dict[str, ReportingPeriod], key: str, year: int) -> Window:
    if key not in periods:
        raise UsageError(f"no reporting period {key!r}; known: {', '.join(periods)}")
    p = periods[key]
    start_year = year - 1 if p.start_previous_year else year
    return Window(
        key, p.label, year, _day(start_year, p.start), _day(year, p.end), _day(year, p.due)
    )


def _day(year: int, month_day: str) -> date:
    month, day = (int(x) for x in month_day.split("-"))
    return date(year, month, day)


def week_monday(text: str) -> date:
    """`2024-W16` → Monday 15/04/2024, the day the weekly sheet is made."""
    try:
        year, week = text.upper().split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        raise UsageError(f"{text!r} is not a week; write it as 2024-W16") from None


@dataclass(frozen=True)
class Event:
    """A milestone that changed in the week: completed, or fell overdue."""

    row: Row
    milestone: MilestoneStatus


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    as_of: date
    scope: str | None
    rows: list[Row]
    areas: tuple[list[Tally], Tally]
    agencies: tuple[list[Tally], Tally]
    overdue: list[Row]
    week_start: date
    completed: list[Event]
    fell_overdue: list[Event]
    due_next: list[Due]
    window: Window | None = None

    @property
    def week(self) -> tuple[int, int]:
        iso = self.as_of.isocalendar()
        return iso.year, iso.week


def build(
    rows: Sequence[Row],
    registry: Registry,
    as_of: date,
    *,
    title: str,
    subtitle: str,
    scope: str | None = None,
    period: Window | None = None,
) -> Report:
    """The report on assessed rows. With a period, only items with a milestone due in its data
    window are counted, assessed at the window's last day."""
    if period is not None:
        rows = [r for r in rows if _due_in(r.item.milestones, period.start, period.end)]
    rows = list(rows)
    # The week is the 7 days ending on the day of the sheet; a milestone falls overdue the day
    # after its due day.
    week_start = as_of - timedelta(days=6)
    statuses = [(r, r.status) for r in rows if r.status is not None]
    completed = [
        Event(r, m)
        for r, s in statuses
        for m in s.milestones
        if m.completed_on is not None and week_start <= m.completed_on <= as_of
    ]
    fell = [
        Event(r, m)
        for r, s in statuses
        for m in s.overdue
        if m.milestone.due is not None
        and week_start <= m.milestone.due + timedelta(days=1) <= as_of
    ]
    overdue = sorted(
        (r for r, s in statuses if s.status == "qua-han"),
        key=lambda r: -(r.status.days_overdue or 0) if r.status else 0,
    )
    return Report(
        title=title,
        subtitle=subtitle,
        as_of=as_of,
        scope=scope,
        rows=rows,
        areas=summarize(rows, "area", registry),
        agencies=summarize(rows, "agency", registry),
        overdue=overdue,
        week_start=week_start,
        completed=sorted(completed, key=lambda e: e.milestone.completed_on or as_of),
        fell_overdue=sorted(fell, key=lambda e: e.milestone.milestone.due or as_of),
        due_next=due_within(rows, as_of, 6),
        window=period,
    )


def _due_in(milestones: Sequence[Milestone], start: date, end: date) -> bool:
    return any(m.due is not None and start <= m.due <= end for m in milestones)


def next_open(s: ItemStatus) -> date | None:
    """The due day of the first milestone not yet done (the last one when all are done)."""
    open_ = [
        m.milestone.due
        for m in s.milestones
        if m.milestone.due is not None and m.status in ("trong-han", "qua-han")
    ]
    return min(open_) if open_ else s.due


def evidence(s: ItemStatus) -> str:
    return "; ".join(dict.fromkeys(m.evidence for m in s.milestones if m.evidence))
