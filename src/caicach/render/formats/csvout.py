"""CSV output, one row per item (or group, milestone, entry); lists are joined with "; "."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from caicach.render.formats import data
from caicach.tracking.matrix import Matrix
from caicach.tracking.missing import missing
from caicach.tracking.queries import Due, Row
from caicach.tracking.targets import TargetList
from caicach.tracking.views import AgencyTable, DueList, ItemDetail, ItemList, LogView, SummaryView

COLUMNS = (
    "id",
    "plan",
    "area",
    "task",
    "lead",
    "co",
    "products",
    "deadline",
    "milestones",
    "status",
    "status_label",
    "completed_on",
    "days_overdue",
)


# A cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection"):
# a leading apostrophe makes it text, which Excel and LibreOffice show without the apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _as_is(value: Any) -> Any:
    return value


# Excel on Windows reads a CSV as the system's code page unless it starts with a UTF-8 BOM.
BOM = "\ufeff"


def _write(
    out: TextIO,
    columns: Sequence[str],
    records: Iterable[Mapping[str, Any]],
    *,
    bom: bool = False,
    raw: bool = False,
) -> None:
    # Lines end in CRLF, as RFC 4180 has it: a CR inside a field is then quoted with it.
    if bom:
        out.write(BOM)
    cell = _as_is if raw else safe_cell
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({k: cell(v) for k, v in r.items()} for r in records)


def _flat(record: Mapping[str, Any]) -> dict[str, Any]:
    flat = dict(record)
    for key in ("lead", "co", "products"):
        flat[key] = "; ".join(record[key])
    flat["milestones"] = "; ".join(
        f"{m['due'] or 'không xác định'}" + (f" {m['label']}" if m["label"] else "")
        for m in record["milestones"]
    )
    return flat


_DUE_COLUMNS = ("due", "days_left", "id", "plan", "milestone", "label", "task", "lead")
_LOG_COLUMNS = (
    "date",
    "item",
    "plan",
    "milestone",
    "milestone_label",
    "milestone_name",
    "agency",
    "kind",
    "evidence",
    "note",
    "recorded",
    "corrects",
    "superseded",
    "source",
)


def _due(d: Due) -> dict[str, Any]:
    return {
        "due": d.milestone.milestone.due,
        "days_left": d.days_left,
        "id": d.row.item.id,
        "plan": d.row.item.plan.id,
        "milestone": d.milestone.number,
        "label": d.milestone.milestone.label,
        "task": d.row.item.task,
        "lead": "; ".join(a.name for a in d.row.item.lead),
    }


# On the overdue list, an item given to a class names its members still waiting, every one.
_OVERDUE_COLUMNS = (*COLUMNS, "waiting", "waiting_count", "shares")


def _with_waiting(r: Row, view: ItemList) -> dict[str, Any]:
    flat = _flat(data.row(r))
    found = missing(r.status)
    if found is not None:
        flat["waiting"] = "; ".join(view.registry.name_of(a) for a in found.waiting)
        flat["waiting_count"], flat["shares"] = len(found.waiting), found.shares
    return flat


class CsvRenderer:
    """`csv`: cells a spreadsheet would run as formulas start with an apostrophe; `csv-excel`:
    the same with a UTF-8 BOM, for Excel on Windows; `csv-raw`: every cell exactly as it is."""

    def __init__(self, out: TextIO, *, bom: bool = False, raw: bool = False) -> None:
        self.out = out
        self.bom, self.raw = bom, raw

    def _write(self, columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> None:
        _write(self.out, columns, records, bom=self.bom, raw=self.raw)

    def items(self, view: ItemList) -> None:
        if view.overdue:
            self._write(_OVERDUE_COLUMNS, (_with_waiting(r, view) for r in view.rows))
            return
        self._write(COLUMNS, (_flat(data.row(r)) for r in view.rows))

    def item(self, view: ItemDetail) -> None:
        self._write(COLUMNS, [_flat(data.row(view.row))])

    def agencies(self, view: AgencyTable) -> None:
        rows = [data.agency_count(c, view.registry) for c in view.counts]
        self._write(list(rows[0]) if rows else ["id"], rows)

    def summary(self, view: SummaryView) -> None:
        rows = [data.tally(t) for t in [*view.groups, view.total]]
        self._write(list(rows[0]), rows)

    def due(self, view: DueList) -> None:
        self._write(_DUE_COLUMNS, (_due(d) for d in view.dues))

    def log(self, view: LogView) -> None:
        rows = [data.record(r, view.items.get(r.item), view.superseded) for r in view.records]
        self._write(_LOG_COLUMNS, rows)

    def matrix(self, view: Matrix) -> None:
        """One row per agency, one column per item, each cell the share's status code."""
        many = len({i.plan.id for i in view.items}) > 1  # 1.a of two plans: say whose
        label = {i.qualified_id: i.qualified_id if many else i.id for i in view.items}
        columns = ["agency", "name", *label.values()]
        rows = []
        for a in view.agencies:
            row: dict[str, Any] = {"agency": a, "name": view.registry.name_of(a)}
            for i in view.items:
                cell = view.cell(i, a)
                row[label[i.qualified_id]] = cell.status if cell is not None else ""
            rows.append(row)
        self._write(columns, rows)

    def targets(self, view: TargetList) -> None:
        rows = [{k: v for k, v in data.target(s).items() if k != "values"} for s in view.statuses]
        self._write(list(rows[0]) if rows else ["id"], rows)
