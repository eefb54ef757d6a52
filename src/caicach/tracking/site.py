"""What the status site shows, as data: the overview (the boxes, the rates, progress over time),
the overdue list, each agency's shares and each item in full. No HTML here."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date

from caicach.load.loader import Workspace
from caicach.plan.items import Match, Record, Role, TrackedItem
from caicach.plan.model import PlanInfo
from caicach.tracking import owner, queries
from caicach.tracking.matrix import Matrix, matrix
from caicach.tracking.queries import Row
from caicach.tracking.status import ItemStatus, superseded
from caicach.tracking.summary import By, agency_tallies, summarize
from caicach.tracking.targets import TargetList, targets
from caicach.tracking.trend import Trend, trend
from caicach.tracking.views import Ask, SummaryView, filters, rows_as_of


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
    role: Role = "lead"
    # With a role other than lead: each agency's items in that role, by the owner of shares.
    by_role: dict[str, list[Row]] | None = None

    def shares(self, agency: str) -> list[tuple[TrackedItem, ItemStatus, Match | None]]:
        """The agency's items (its own lead shares unless another role was asked), in the
        plan's order, each with how it holds it (a predecessor's share is marked)."""
        if self.by_role is not None:
            return [(r.item, r.status, r.match) for r in self.by_role[agency] if r.status]
        passed = self.matrix.passed
        return [(i, s, passed.get((i.qualified_id, agency))) for i, s in self._held.get(agency, [])]

    @functools.cached_property
    def _held(self) -> dict[str, list[tuple[TrackedItem, ItemStatus]]]:
        """The matrix by agency, each agency's shares in the plan's order, made in one pass over
        the items (asking each agency of each item was 1.3 million look-ups at 10,000 items)."""
        held: dict[str, list[tuple[TrackedItem, ItemStatus]]] = {}
        for i in self.matrix.items:
            for agency, s in self.matrix.shares(i).items():
                held.setdefault(agency, []).append((i, s))
        return held

    @property
    def agencies(self) -> list[str]:
        return list(self.by_role) if self.by_role is not None else self.matrix.agencies


def _summary(
    rows: list[Row], by: By, ws: Workspace, as_of: date, shares: Matrix | None = None
) -> SummaryView:
    """`summary_view(ws, Ask(), as_of, by, False)`, from rows already assessed."""
    groups, total = summarize(rows, by, ws.registry, shares)
    return SummaryView(groups, total, as_of, by)


def site(ws: Workspace, as_of: date, role: Role = "lead") -> Site:
    # One assessment of every item and one ledger: the overview, the counts by agency, the
    # overdue list and the matrix are all drawn from them (each used to assess all items again).
    rows = rows_as_of(ws, filters(ws, Ask()), as_of)
    shares = matrix(ws, Ask(), as_of, rows)
    by_agency = _summary(rows, "agency", ws, as_of, shares)
    by_role = None
    if role != "lead":
        candidates = [*ws.registry.agencies, *ws.registry.classes]
        found = {a: owner.rows(ws, a, as_of, role) for a in candidates}
        by_role = {a: found[a] for a in candidates if found[a]}
        columns = {a: [r.status for r in held if r.status] for a, held in by_role.items()}
        groups = agency_tallies(columns, ws.registry, as_of)
        by_agency = replace(by_agency, groups=groups)
    plans = tuple({r.item.plan.id: r.item.plan for r in rows}.values())
    year = max((p.period.year_of(as_of) for p in plans), default=as_of.year)
    pages = []
    for r in rows:
        history = ws.history(r.item)
        pages.append(ItemPage(r, history, superseded(history)))
    return Site(
        as_of,
        plans,
        _summary(rows, "area", ws, as_of),
        by_agency,
        queries.overdue(rows),
        shares,
        pages,
        trend(rows, year, as_of),
        targets(ws, as_of.year) if ws.targets else None,
        role,
        by_role,
    )
