"""What each reading command shows, as data: the one core function a command calls, and the
typed view a renderer draws. "Today" arrives as a parameter."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from caicach.dates import vn_date
from caicach.errors import UsageError
from caicach.load.loader import Workspace
from caicach.plan.items import Record, TrackedItem, find_item
from caicach.plan.registry import Registry
from caicach.tracking import owner, queries
from caicach.tracking.matrix import Matrix, matrix
from caicach.tracking.owner import AgencyCount

# Ask and filters are asked for here by every command, as before they moved to queries.
from caicach.tracking.queries import Ask as Ask
from caicach.tracking.queries import Due, Filters, Row
from caicach.tracking.queries import filters as filters
from caicach.tracking.status import in_period, superseded
from caicach.tracking.summary import By, Score, Tally, score, summarize
from caicach.tracking.trend import Trend, trend


def rows_as_of(ws: Workspace, f: Filters, as_of: date) -> list[Row]:
    """The selected items, each with its status on the day; with an agency, what the owner of
    shares says it answers for (its own shares, and its predecessors' passed to it by the day)."""
    if f.agency is None:
        return queries.assess_rows(queries.select(ws.items, f), ws.history, as_of)
    kept = [r.item for r in queries.select(ws.items, replace(f, agency=None))]
    return owner.rows(ws, f.agency, as_of, f.role, kept, f.direct)


@dataclass(frozen=True)
class ItemList:
    rows: list[Row]
    registry: Registry
    title: str = ""
    overdue: bool = False


def item_list(ws: Workspace, ask: Ask, as_of: date, statuses: str | None) -> ItemList:
    wanted = queries.parse_statuses(statuses) if statuses else None
    rows = rows_as_of(ws, filters(ws, ask), as_of)
    return ItemList(queries.with_status(rows, wanted), ws.registry)


def overdue_list(ws: Workspace, ask: Ask, as_of: date, statuses: str) -> ItemList:
    wanted = queries.parse_statuses(statuses)
    rows = queries.overdue(rows_as_of(ws, filters(ws, ask), as_of), wanted)
    return ItemList(rows, ws.registry, f"Quá hạn tính đến ngày {vn_date(as_of)}", overdue=True)


@dataclass(frozen=True)
class DueList:
    dues: list[Due]
    as_of: date
    within: int


def due_list(ws: Workspace, ask: Ask, as_of: date, within: int) -> DueList:
    rows = rows_as_of(ws, filters(ws, ask), as_of)
    return DueList(queries.due_within(rows, as_of, within), as_of, within)


@dataclass(frozen=True)
class ItemDetail:
    row: Row
    registry: Registry
    history: list[Record]
    superseded: frozenset[tuple[str, int]] = frozenset()  # (path, line) of corrected entries


def item_detail(ws: Workspace, item_id: str, as_of: date) -> ItemDetail:
    item = find_item(ws.items, item_id, as_of)
    (row,) = queries.assess_rows([Row(item)], ws.history, as_of)
    history = ws.history(item)
    return ItemDetail(row, ws.registry, history, superseded(history))


@dataclass(frozen=True)
class LogView:
    records: list[Record]
    items: dict[str, TrackedItem]
    registry: Registry
    superseded: frozenset[tuple[str, int]] = frozenset()  # (path, line) of corrected entries


def log_view(ws: Workspace, item_id: str | None, plan: str | None, day: date) -> LogView:
    """The history of one item, or of every item (of one plan), in the order it happened. A
    bare id names the item of the plan in force on `day`, or of `plan`."""
    queries.check_plan(ws.plans, plan)
    if item_id is not None:
        mine = [i for i in ws.items if plan in (None, i.plan.id)]
        records = ws.history(find_item(mine, item_id, day))
    else:
        records = [r for i in ws.items if plan in (None, i.plan.id) for r in ws.history(i)]
        records.sort(key=lambda r: (r.date, r.recorded or ""))
    items = {i.qualified_id: i for i in ws.items}
    return LogView(records, items, ws.registry, superseded(records))


@dataclass(frozen=True)
class SummaryView:
    groups: list[Tally]
    total: Tally
    as_of: date
    by: By
    score: Score | None = None
    trend: Trend | None = None  # by week of the plans' year, with --trend


def rows_in_period(rows: list[Row], end: date) -> list[Row]:
    """The rows as a periodic report ending on `end` counts them (see `in_period`)."""
    return [Row(r.item, r.match, in_period(r.status, end)) if r.status else r for r in rows]


def matrix_in_period(m: Matrix, end: date) -> Matrix:
    grid = {item: {a: in_period(s, end) for a, s in row.items()} for item, row in m.rows.items()}
    return Matrix(m.as_of, m.items, m.agencies, grid, m.registry, m.passed)


def summary_view(
    ws: Workspace,
    ask: Ask,
    as_of: date,
    by: By,
    with_score: bool,
    with_trend: bool = False,
    *,
    period: bool = False,
) -> SummaryView:
    """The boxes on the day; with `period`, as the periodic report whose data window ends on
    that day counts them (the milestones due by then), the numbers of `report --period`."""
    f = filters(ws, ask)
    rows = rows_as_of(ws, f, as_of)
    whole = rows if f.agency is None else None  # all items, assessed as a whole: reused
    shares = matrix(ws, ask, as_of, whole) if by == "agency" else None
    if period:
        rows = rows_in_period(rows, as_of)
        shares = matrix_in_period(shares, as_of) if shares is not None else None
    groups, total = summarize(rows, by, ws.registry, shares)
    weeks = None
    if with_trend:
        year = max((r.item.plan.period.year_of(as_of) for r in rows), default=as_of.year)
        weeks = trend(rows, year, as_of)
    points = None
    if with_score:
        if ws.scoring is None:
            raise UsageError(
                "chưa có thang điểm: thêm scoring.yaml vào thư mục kế hoạch (xem README)"
            )
        points = score(total.completion_rate, ws.scoring)
    return SummaryView(groups, total, as_of, by, points, weeks)


@dataclass(frozen=True)
class AgencyTable:
    counts: list[AgencyCount]
    registry: Registry


def agency_table(ws: Workspace, as_of: date | None = None) -> AgencyTable:
    """Every agency and class with its counts; with a day, the agencies that existed on it."""
    return AgencyTable(owner.agency_counts(ws, as_of), ws.registry)


def agency_hint(ws: Workspace, agency: str | None, day: date) -> str | None:
    """The note beside an agency's work on a day it did not exist (see `owner.agency_note`);
    nothing for a name the registry does not know (the command itself says so)."""
    resolved = ws.registry.resolve(agency) if agency else None
    return owner.agency_note(ws, resolved.id, day) if resolved is not None else None


_NAMED_PLANS = 3  # more ended plans than this are counted, not named


def ended(ws: Workspace, day: date) -> str | None:
    """When every loaded plan ended before the day: a one-line hint for the commands that look
    ahead or at what is late, since everything still open would be listed as late for years."""
    plans = {i.plan.id: i.plan for i in ws.items}
    if not plans or any(p.ends >= day for p in plans.values()):
        return None
    last = max(p.ends for p in plans.values())
    if len(plans) <= _NAMED_PLANS:
        plural = ", ".join(f"{p.number} ({p.period.text})" for p in plans.values())
        subject = f"Kế hoạch {plural}"
    else:  # a province's archive: a count and its years, not a paragraph of numbers
        first = min(p.starts.year for p in plans.values())
        subject = f"Cả {len(plans)} kế hoạch (các năm {first}–{last.year})"
    return (
        f"{subject} đã kết thúc ngày {vn_date(last)}; dùng --as-of {last.isoformat()} để xem "
        "tình hình lúc kết thúc, hoặc nạp kế hoạch của năm nay."
    )
