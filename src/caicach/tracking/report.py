"""What the weekly status sheet and the periodic CCHC report hold, as data. Pure: the workbook is
drawn by render/xlsx/workbook.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from caicach.dates import check_year, vn_date
from caicach.errors import UsageError
from caicach.load.loader import Workspace
from caicach.plan.model import ReportingPeriod
from caicach.plan.office import Office
from caicach.plan.registry import Registry
from caicach.tracking.matrix import Matrix, matrix, owing
from caicach.tracking.queries import Due, Filters, Row, due_within, most_overdue_first
from caicach.tracking.status import ItemStatus, MilestoneStatus
from caicach.tracking.summary import Tally, summarize
from caicach.tracking.targets import TargetList, targets
from caicach.tracking.trend import Trend, trend
from caicach.tracking.views import (
    Ask,
    filters,
    matrix_in_period,
    rows_as_of,
    rows_in_period,
)

TITLE = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"

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
        raise UsageError(f"không có kỳ báo cáo {key!r}; các kỳ có: {', '.join(periods)}")
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
        check_year(int(year), text)
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError as exc:
        hint = str(exc) if "năm phải" in str(exc) else f"{text!r} không phải một tuần"
        raise UsageError(f"{hint}; viết dạng 2024-W16") from None


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
    file_stem: str = "bao-cao"
    matrix: Matrix | None = None  # who owes what, for the items of the report
    office: Office | None = None  # who issues it: the heading and signatures when printed
    made: date | None = None  # the day it is made, in its date line
    trend: Trend | None = None  # milestones due and done by week of the plans' year
    targets: TargetList | None = None  # the targets (chỉ tiêu) by the report's year

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
    file_stem: str = "bao-cao",
    matrix: Matrix,
    office: Office | None = None,
    made: date | None = None,
    targets: TargetList | None = None,
) -> Report:
    """The report on assessed rows. With a period, every item is in it, assessed at the window's
    last day by the milestones due by then (see `in_period`). `matrix`: every agency's shares of
    the same items on the day, the owner's, which Theo cơ quan counts."""
    if period is not None:
        rows = rows_in_period(list(rows), period.end)
        matrix = matrix_in_period(matrix, period.end)
    rows = list(rows)
    matrix = _only(matrix, rows)
    # The week is the 7 days ending on the day of the sheet; a milestone falls overdue the day
    # after its due day.
    week_start = as_of - timedelta(days=6)
    overdue = most_overdue_first(r for r in rows if r.status and r.status.status == "qua-han")
    return Report(
        title=title,
        subtitle=subtitle,
        as_of=as_of,
        scope=scope,
        rows=rows,
        areas=summarize(rows, "area", registry),
        agencies=summarize(rows, "agency", registry, matrix),
        overdue=overdue,
        week_start=week_start,
        completed=_completed(rows, week_start, as_of),
        fell_overdue=_fell_overdue(rows, week_start, as_of),
        due_next=due_within(rows, as_of, 6),
        window=period,
        file_stem=file_stem,
        matrix=matrix,
        office=office,
        made=made,
        targets=targets,
        trend=trend(
            rows, max((r.item.plan.period.year_of(as_of) for r in rows), default=as_of.year), as_of
        ),
    )


def _only(m: Matrix, rows: Sequence[Row]) -> Matrix:
    """The matrix of the report's items only (a periodic report counts those due in it)."""
    wanted = {r.item.qualified_id for r in rows}
    items = [i for i in m.items if i.qualified_id in wanted]
    grid = {item: row for item, row in m.rows.items() if item in wanted}
    owed = owing(grid)
    agencies = [a for a in m.agencies if a in owed]
    return Matrix(m.as_of, items, agencies, grid, m.registry, m.passed)


def _completed(rows: Sequence[Row], start: date, end: date) -> list[Event]:
    """Milestones completed in the week, in the order they were."""
    found = [
        Event(r, m)
        for r in rows
        for m in (r.status.milestones if r.status else ())
        if m.completed_on is not None and start <= m.completed_on <= end
    ]
    return sorted(found, key=lambda e: e.milestone.completed_on or end)


def _fell_overdue(rows: Sequence[Row], start: date, end: date) -> list[Event]:
    """Milestones that fell overdue in the week: the day after their due day is in it."""
    found = [
        Event(r, m)
        for r in rows
        for m in (r.status.overdue if r.status else ())
        if m.milestone.due is not None and start <= m.milestone.due + timedelta(days=1) <= end
    ]
    return sorted(found, key=lambda e: e.milestone.milestone.due or end)


def completed_in_window(report: Report) -> list[Event]:
    """The milestones of a periodic report completed in its data window, in the order they
    were (the milestones it counts: those due by the window's last day)."""
    assert report.window is not None, "a periodic report has a window"
    return _completed(report.rows, report.window.start, report.window.end)


@dataclass(frozen=True)
class PlanLine:
    """A plan the report is about, as its section on the year's plan names it."""

    number: str
    issued: date
    issuer: str
    title: str
    items: int
    areas: int


def plan_lines(report: Report) -> list[PlanLine]:
    plans: dict[str, list[Row]] = {}
    for r in report.rows:
        plans.setdefault(r.item.plan.id, []).append(r)
    lines = []
    for rows in plans.values():
        p = rows[0].item.plan
        areas = len({r.item.area.id for r in rows})
        lines.append(PlanLine(p.number, p.date, p.issuer, p.title, len(rows), areas))
    return lines


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


@dataclass(frozen=True)
class When:
    """The day a report is about, as asked: a day, an ISO week, or a reporting period."""

    as_of: date | None = None
    week: str | None = None
    period: str | None = None
    year: int | None = None


def plan_report(ws: Workspace, ask: Ask, when: When, today: date) -> Report:
    """The weekly status sheet (or a periodic report) of the plans, for one agency or all."""
    if when.week and when.as_of:
        raise UsageError("dùng --week hoặc --as-of, không dùng cả hai")
    f = filters(ws, ask)
    period = None
    if when.period is not None:
        period = period_window(ws, ask, when.period, when.year, today)
        day = period.end
    else:
        day = week_monday(when.week) if when.week else (when.as_of or today)
    rows = rows_as_of(ws, f, day)
    plan_ids = sorted({r.item.plan.id for r in rows}) or sorted(ws.plans)
    return build(
        rows,
        ws.registry,
        day,
        title=TITLE,
        subtitle=_subtitle(ws, plan_ids),
        scope=ws.registry.name_of(f.agency) if f.agency else None,
        period=period,
        file_stem=_file_stem(plan_ids, day, period, f.agency),
        # For all agencies the report's rows are the matrix's: assessed once.
        matrix=matrix(ws, ask, day, rows if f.agency is None else None),
        office=ws.office,
        made=today,
        targets=targets(ws, day.year) if ws.targets else None,
    )


def period_window(ws: Workspace, ask: Ask, key: str, year: int | None, today: date) -> Window:
    """The data window of a periodic report (`--period`, `--year`): the province's calendar
    or 581/BNV-CCHC's, in the year given or the plans' own (see `_plan_year`)."""
    calendar = ws.reporting or BNV_PERIODS
    return window(calendar, key, year or _plan_year(ws, filters(ws, ask), today))


def _plan_year(ws: Workspace, f: Filters, today: date) -> int:
    """The year a periodic report is about when none is given: the plans' (the latest one's),
    in a plan of several years the one of today (or its first or last, before or after it)."""
    years = [
        i.plan.period.year_of(today) for i in ws.items if f.plan is None or i.plan.id == f.plan
    ]
    return max(years) if years else today.year


def _subtitle(ws: Workspace, plan_ids: list[str]) -> str:
    infos = {i.plan.id: i.plan for i in ws.items}
    return "; ".join(
        f"{infos[p].title} ({infos[p].number} ngày {vn_date(infos[p].date)})"
        for p in plan_ids
        if p in infos
    )


def _file_stem(plan_ids: list[str], day: date, period: Window | None, agency: str | None) -> str:
    """bao-cao-tien-do-<plan>-<year>-W<week>[-<agency>], or bao-cao-cchc-<plan>-<year>-<period>."""
    plan = plan_ids[0] if len(plan_ids) == 1 else "tat-ca"
    who = f"-{agency}" if agency else ""
    if period is not None:
        return f"bao-cao-cchc-{plan}-{period.year}-{period.key}{who}"
    year, week, _ = day.isocalendar()
    return f"bao-cao-tien-do-{plan}-{year}-W{week:02d}{who}"
