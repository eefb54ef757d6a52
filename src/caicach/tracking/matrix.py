"""Who owes what: agencies × items, each cell the status of that agency's own share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from caicach.load.loader import Workspace
from caicach.plan.items import Match, TrackedItem
from caicach.plan.registry import Registry
from caicach.tracking.owner import ledger
from caicach.tracking.queries import Ask, Row, assess_rows, filters, select
from caicach.tracking.status import ItemStatus


@dataclass(frozen=True)
class Matrix:
    as_of: date
    items: list[TrackedItem]
    agencies: list[str]  # registry ids, in registry order: agencies, then classes owed as one
    # item's qualified id → agency → its share: a grid of 10,000 items and 130 agencies has
    # 1.3 million cells, most of them empty; an item's row is found in one step.
    rows: dict[str, dict[str, ItemStatus]]
    registry: Registry
    # (item, agency) → how a share passed to the agency from one whose work it took over
    passed: dict[tuple[str, str], Match] = field(default_factory=dict)

    def cell(self, item: TrackedItem, agency: str) -> ItemStatus | None:
        """The agency's share of the item, or None when it owes none."""
        return self.rows.get(item.qualified_id, {}).get(agency)

    def shares(self, item: TrackedItem) -> dict[str, ItemStatus]:
        """The item's row: each agency owing a share, with it."""
        return self.rows.get(item.qualified_id, {})


def owing(rows: dict[str, dict[str, ItemStatus]]) -> set[str]:
    """The agencies that owe a share in these rows."""
    return {agency for row in rows.values() for agency in row}


def matrix(ws: Workspace, ask: Ask, as_of: date, rows: Sequence[Row] | None = None) -> Matrix:
    """Every agency's lead shares of the selected items as of the day, by the owner of shares
    (an agency in being also holds the open shares of those whose work passed to it); with an
    agency (or a class), only its rows, and only the items where it owes a share. `rows`: those
    items already assessed on the day, as a whole (a report for all agencies has them)."""
    if rows is None:
        f = filters(ws, Ask(None, "any", ask.plan, ask.area, ask.due_before, ask.due_after))
        rows = assess_rows(select(ws.items, f), ws.history, as_of)
    wanted = _wanted(ws, ask)
    grid: dict[str, dict[str, ItemStatus]] = {}
    passed: dict[tuple[str, str], Match] = {}
    for agency, held in ledger(ws, rows, as_of).items():
        if wanted is not None and agency not in wanted:
            continue
        for r in held:
            assert r.status is not None  # the ledger's rows are assessed and matched
            assert r.match is not None
            grid.setdefault(r.item.qualified_id, {})[agency] = r.status
            if r.match.of is not None:
                passed[r.item.qualified_id, agency] = r.match
    order = [*ws.registry.agencies, *ws.registry.classes]
    items = [r.item for r in rows if r.item.qualified_id in grid]
    owed = owing(grid)
    return Matrix(as_of, items, [a for a in order if a in owed], grid, ws.registry, passed)


def _wanted(ws: Workspace, ask: Ask) -> set[str] | None:
    """The agencies whose rows are asked for: one agency, or a class's members and itself."""
    if ask.agency is None:
        return None
    agency = filters(ws, Ask(ask.agency)).agency
    assert agency is not None
    if agency in ws.registry.classes:
        return {agency, *(m.id for m in ws.registry.members(agency))}
    return {agency}
