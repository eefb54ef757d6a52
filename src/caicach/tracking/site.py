"""What the status site shows, as data: the overview (the boxes, the rates, progress over time),
the overdue list, each agency's shares and each item in full. No HTML here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caicach.load.loader import Workspace
from caicach.plan.items import Record, TrackedItem
from caicach.plan.model import PlanInfo
from caicach.tracking.matrix import Matrix, matrix
from caicach.tracking.queries import Row
from caicach.tracking.status import ItemStatus, superseded
from caicach.tracking.targets import TargetList, targets
from caicach.tracking.trend import Trend, trend
from caicach.tracking.views import Ask, SummaryView, filters, overdue_list, rows_as_of, summary_view


@dataclass(frozen=True)
class ItemPage:
    row: Row
    history: list[Record]
    superseded: frozenset[tuple[str, int]]


@dataclass(frozen=True)
class Site:
    as_of: date
    plans: tuple[PlanInfo, ...]
    summary: SummaryView  # by area, the numbers of `caicach summary`
    by_agency: SummaryView
    overdue: list[Row]  # the rows of `caicach overdue`, most overdue first
    matrix: Matrix
    items: list[ItemPage]
    trend: Trend
    targets: TargetList | None = None

    def shares(self, agency: str) -> list[tuple[TrackedItem, ItemStatus]]:
        """The agency's own shares, in the plan's order."""
        return [(i, s) for i in self.matrix.items if (s := self.matrix.cell(i, agency))]


def site(ws: Workspace, as_of: date) -> Site:
    rows = rows_as_of(ws, filters(ws, Ask()), as_of)
    plans = tuple({r.item.plan.id: r.item.plan for r in rows}.values())
    year = max((p.period.year_of(as_of) for p in plans), default=as_of.year)
    pages = []
    for r in rows:
        history = ws.history(r.item)
        pages.append(ItemPage(r, history, superseded(history)))
    return Site(
        as_of,
        plans,
        summary_view(ws, Ask(), as_of, "area", False),
        summary_view(ws, Ask(), as_of, "agency", False),
        overdue_list(ws, Ask(), as_of, "qua-han").rows,
        matrix(ws, Ask(), as_of),
        pages,
        trend(rows, year, as_of),
        targets(ws, as_of.year) if ws.targets else None,
    )
