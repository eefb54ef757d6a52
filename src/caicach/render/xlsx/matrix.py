"""The workbook's matrix sheet: one row per item, one column per agency owing a share (names
written upwards, as offices print such grids), each cell that agency's share, coloured green
when done, yellow when done late, red when overdue. A blank cell: no share.

Printed at full size, not shrunk to one page wide (40 agencies were 5-point text): the agencies
are grouped by level (provincial, district, commune, then the classes owed as one), each group
begins a new page across, a group wider than a page is split, and the task columns and the
header row repeat on every page."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from caicach.plan.words import MATRIX_LEGEND
from caicach.render.text.figures import mark
from caicach.render.xlsx import fit, layout
from caicach.render.xlsx.layout import Sheet
from caicach.tracking.matrix import Matrix

_FIXED = (("Mã", 7), ("Nhiệm vụ", 40))
_SHARE = 6  # the width of an agency's column
_LEVELS = ("trung-uong", "tinh", "huyen", "xa")


def _group(m: Matrix, agency: str) -> int:
    found = m.registry.agencies.get(agency)
    return _LEVELS.index(found.level) if found is not None else len(_LEVELS)  # a class: last


def column_pages(m: Matrix) -> list[list[str]]:
    """The agencies page by page across: a level a page, split when wider than a page."""
    room = fit.A4_LANDSCAPE[0] - 2 * fit.MARGIN_SIDE - sum(fit.column_points(w) for _, w in _FIXED)
    per_page = max(1, int(room // fit.column_points(_SHARE)))
    pages: list[list[str]] = []
    previous = None
    for agency in m.agencies:
        group = _group(m, agency)
        if group != previous or len(pages[-1]) == per_page:
            pages.append([])
        pages[-1].append(agency)
        previous = group
    return pages


def _short(text: str, limit: int = 80) -> str:
    """What fits two lines of the task column."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def sheet(ws: Sheet, m: Matrix, heading: list[tuple[str, str]]) -> None:
    pages = column_pages(m)
    agencies = [a for page in pages for a in page]
    width = len(_FIXED) + len(agencies)
    top = layout.title(ws, [("MA TRẬN GIAO VIỆC", "title"), *heading], min(width, 12))
    for c, (text, size) in enumerate(_FIXED, start=1):
        layout.put(ws, top, c, text, "header")
        ws.column_dimensions[get_column_letter(c)].width = size
    for c, agency in enumerate(agencies, start=len(_FIXED) + 1):
        layout.put(ws, top, c, m.registry.name_of(agency), "header-vertical")
        ws.column_dimensions[get_column_letter(c)].width = _SHARE
    ws.row_dimensions[top].height = 160
    column = {agency: c for c, agency in enumerate(agencies, start=len(_FIXED) + 1)}
    last = top + len(m.items)
    # Set before the rows, so that they are written as they come (`Sheet.stream`); the
    # legend is two rows under the last item.
    layout.page(ws, top, last, width, freeze=f"C{top + 1}")
    _print_by_pages(ws, pages)
    ws.stream(last + 2, width)
    for r, item in enumerate(m.items, start=top + 1):
        layout.put(ws, r, 1, item.id, "text")
        layout.put(ws, r, 2, _short(item.task), "text")  # whole on the Chi tiết sheet
        ws.row_dimensions[r].height = 30
        for agency, share in m.shares(item).items():
            if (at := column.get(agency)) is not None:
                style = f"mark-{share.status}" if share.status in layout.MARK_FILLS else "mark"
                layout.put(ws, r, at, mark(share), style)
        if r % _SEND_EVERY == 0:
            ws.send(r)
    layout.note(
        ws,
        last + 2,
        min(width, 12),  # as the title
        MATRIX_LEGEND.replace("—: không được giao", "ô trống: không được giao"),
    )


_SEND_EVERY = 500  # rows the sheet keeps before it writes them


def _print_by_pages(ws: Sheet, pages: list[list[str]]) -> None:
    """Full size, a page break after each page's last agency, Mã and Nhiệm vụ on each page."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_setup.scale = 100
    ws.print_title_cols = f"A:{get_column_letter(len(_FIXED))}"
    ws.page_setup.pageOrder = "overThenDown"  # a row of items across its pages, then the next
    end = len(_FIXED)
    for page in pages[:-1]:
        end += len(page)
        ws.col_breaks.append(Break(id=end))
