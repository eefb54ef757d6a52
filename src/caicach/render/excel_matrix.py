"""The workbook's matrix sheet: agencies × items, each cell one agency's share, coloured as
offices colour them (green done, red overdue)."""

from __future__ import annotations

from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from caicach.plan.words import MATRIX_LEGEND
from caicach.render import xlsx_layout as layout
from caicach.render.data import mark
from caicach.render.xlsx_layout import Column
from caicach.tracking.matrix import Matrix

_FILLS = {
    "dung-han": PatternFill("solid", fgColor="C6EFCE"),
    "tre-han": PatternFill("solid", fgColor="FFEB9C"),
    "qua-han": PatternFill("solid", fgColor=layout.LATE_FILL),
}


def sheet(ws: Worksheet, m: Matrix, heading: list[tuple[str, str]]) -> None:
    columns = [Column("Cơ quan chủ trì", 34), *(Column(i.id, 7) for i in m.items)]
    top = layout.title(ws, [("MA TRẬN GIAO VIỆC", "title"), *heading], len(columns))
    rows = [
        [m.registry.name_of(a), *(mark(s) if (s := m.cell(i, a)) else "—" for i in m.items)]
        for a in m.agencies
    ]
    last = layout.table(ws, top, columns, rows)
    for r, agency in enumerate(m.agencies, start=top + 1):
        for c, item in enumerate(m.items, start=2):
            share = m.cell(item, agency)
            if share is not None and share.status in _FILLS:
                ws.cell(row=r, column=c).fill = _FILLS[share.status]
    layout.put(ws, last + 2, 1, MATRIX_LEGEND, "note")
    layout.page(ws, top, last, len(columns), freeze=f"B{top + 1}")
