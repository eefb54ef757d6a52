"""The workbook's matrix sheet: one row per item, one column per agency owing a share (names
written upwards, as offices print such grids), each cell that agency's share, coloured green
when done, yellow when done late, red when overdue. A blank cell: no share."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from caicach.plan.words import MATRIX_LEGEND
from caicach.render import xlsx_layout as layout
from caicach.render.data import mark
from caicach.tracking.matrix import Matrix

_FIXED = (("Mã", 7), ("Nhiệm vụ", 40))


def _short(text: str, limit: int = 80) -> str:
    """What fits two lines of the task column."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def sheet(ws: Worksheet, m: Matrix, heading: list[tuple[str, str]]) -> None:
    width = len(_FIXED) + len(m.agencies)
    top = layout.title(ws, [("MA TRẬN GIAO VIỆC", "title"), *heading], min(width, 12))
    for c, (text, size) in enumerate(_FIXED, start=1):
        layout.put(ws, top, c, text, "header")
        ws.column_dimensions[get_column_letter(c)].width = size
    for c, agency in enumerate(m.agencies, start=len(_FIXED) + 1):
        layout.put(ws, top, c, m.registry.name_of(agency), "header-vertical")
        ws.column_dimensions[get_column_letter(c)].width = 6
    ws.row_dimensions[top].height = 160
    column = {agency: c for c, agency in enumerate(m.agencies, start=len(_FIXED) + 1)}
    for r, item in enumerate(m.items, start=top + 1):
        layout.put(ws, r, 1, item.id, "text")
        layout.put(ws, r, 2, _short(item.task), "text")  # whole on the Chi tiết sheet
        ws.row_dimensions[r].height = 30
        for agency, share in m.shares(item).items():
            if (at := column.get(agency)) is not None:
                style = f"mark-{share.status}" if share.status in layout.MARK_FILLS else "mark"
                layout.put(ws, r, at, mark(share), style)
    last = top + len(m.items)
    layout.put(
        ws,
        last + 2,
        1,
        MATRIX_LEGEND.replace("—: không được giao", "ô trống: không được giao"),
        "note",
    )
    layout.page(ws, top, last, width, freeze=f"C{top + 1}")
