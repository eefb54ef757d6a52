"""The building blocks of the workbook's sheets: named styles, cells that never become formulas,
tables with a header row, rows as high as their text, A4 pages. Imported only with openpyxl."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import LXML, Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.compat import safe_string
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile  # lxml's, when LXML

from caicach.render.xlsx import fit

if TYPE_CHECKING:
    from openpyxl.chart._chart import ChartBase
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidationList
    from openpyxl.worksheet.dimensions import ColumnDimension, DimensionHolder, RowDimension
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.page import PageMargins, PrintOptions, PrintPageSetup
    from openpyxl.worksheet.pagebreak import ColBreak, RowBreak
    from openpyxl.worksheet.properties import WorksheetProperties
    from openpyxl.worksheet.protection import SheetProtection
from caicach.text import NOT_XML, xml_text

FONT = "Times New Roman"
LATE_FILL = "FFC7CE"  # the light red offices use for "quá hạn"
HEADER_FILL = "DDEBF7"
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str = "text"  # text | date | int | pct


def styles(wb: Workbook) -> None:
    # The workbook's default font sets the unit of its column widths (the width of a digit):
    # Times New Roman, so that Excel and LibreOffice measure them alike and excel_fit with them.
    wb._fonts = IndexedList([Font(name=FONT, size=11, family=1)])  # type: ignore[attr-defined]
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    formats = {"text": "General", "date": "dd/mm/yyyy", "int": "0", "pct": "0.0%"}
    for late in (False, True):
        fill = PatternFill("solid", fgColor=LATE_FILL) if late else PatternFill()
        for kind, number_format in formats.items():
            align = wrap if kind == "text" else Alignment(vertical="top", horizontal="center")
            wb.add_named_style(
                NamedStyle(
                    name=style(kind, late),
                    font=Font(name=FONT, size=11),
                    border=border,
                    alignment=align,
                    number_format=number_format,
                    fill=fill,
                )
            )
    wb.add_named_style(
        NamedStyle(
            name="header",
            font=Font(name=FONT, size=11, bold=True),
            border=border,
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(wrap_text=True, horizontal="center", vertical="center"),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="title",
            font=Font(name=FONT, size=14, bold=True),
            alignment=Alignment(horizontal="center"),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="note",
            font=Font(name=FONT, size=11, italic=True),
            # across the table, wrapped in it (`note`): a line longer than the table neither
            # runs off the printed page nor makes the page narrower (LibreOffice prints it whole)
            alignment=Alignment(horizontal="left", vertical="top", wrap_text=True),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="total", font=Font(name=FONT, size=11, bold=True), border=border, alignment=wrap
        )
    )
    _matrix_styles(wb, border)


# A share in the matrix sheet, by status: green done on time, yellow done late, red overdue.
MARK_FILLS = {"dung-han": "C6EFCE", "tre-han": "FFEB9C", "qua-han": LATE_FILL}


def _matrix_styles(wb: Workbook, border: Border) -> None:
    centre = Alignment(horizontal="center", vertical="center")
    for status, colour in [("", None), *MARK_FILLS.items()]:
        fill = PatternFill("solid", fgColor=colour) if colour else PatternFill()
        name = f"mark-{status}" if status else "mark"
        font = Font(name=FONT, size=10)
        wb.add_named_style(
            NamedStyle(name=name, font=font, border=border, alignment=centre, fill=fill)
        )
    wb.add_named_style(
        NamedStyle(
            name="header-vertical",
            font=Font(name=FONT, size=10, bold=True),
            border=border,
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(
                text_rotation=90, wrap_text=True, horizontal="center", vertical="bottom"
            ),
        )
    )


def style(kind: str, late: bool = False) -> str:
    return f"{kind}-late" if late else kind


# A cell's style: the named style, made bold (a total row), with a quote prefix (text that
# would read as a formula). None: no style.
StyleKey = tuple[str, bool, bool] | None
_BOLD = Font(name=FONT, size=11, bold=True)


class Sheet(WriteOnlyWorksheet):
    """A streaming (write-only) worksheet whose cells wait as (value, style) until the workbook
    is saved, then go out row by row. What a streaming sheet must know before its first row
    (column widths, frozen panes, fit to page, the sheet's size) can so be set at any time,
    and a cell costs a tuple, not an openpyxl Cell kept until the end (at 100,000 items the
    normal worksheet took 3 GB). The cells written are those the normal worksheet wrote:
    same values, same style arrays (made once per style through a Cell's own setters)."""

    PAPERSIZE_A4 = Worksheet.PAPERSIZE_A4

    if TYPE_CHECKING:  # set by Worksheet._setup, which the stubs do not say of a write-only sheet
        row_dimensions: DimensionHolder[int, RowDimension]
        column_dimensions: DimensionHolder[str, ColumnDimension]
        row_breaks: RowBreak
        col_breaks: ColBreak
        merged_cells: MultiCellRange
        data_validations: DataValidationList
        sheet_state: str
        page_setup: PrintPageSetup
        print_options: PrintOptions
        page_margins: PageMargins
        protection: SheetProtection
        auto_filter: AutoFilter
        sheet_properties: WorksheetProperties
        _writer: Any
        _rows: Any

        def add_chart(self, chart: ChartBase, anchor: str | None = None) -> None: ...

    def __init__(self, parent: Workbook, title: str) -> None:
        super().__init__(parent, title)
        self._grid: dict[int, dict[int, tuple[Any, StyleKey]]] = {}
        self._bounds = [0, 0]  # the last row and column holding a cell or a merged range
        self._size: tuple[int, int] | None = None  # the bounds said before streaming (`stream`)
        self._templates: dict[tuple[str, bool, bool], StyleArray] = {}
        self._ids: dict[tuple[str, bool, bool], str | None] = {}
        self._letters: dict[int, str] = {}
        self._notes: dict[int, int] = {}  # a note's row → the last column it spans (`fit_notes`)

    def stream(self, last_row: int, last_col: int) -> None:
        """Say the sheet's size, and that what is written above its rows (column widths,
        frozen panes, fit to page) is set: `send` then writes the rows done so far, so that a
        long table is not kept whole until the workbook is saved."""
        self._size = (last_row, last_col)

    def send(self, below: int) -> None:
        """Write the rows above row `below` now (they are complete), when the sheet streams."""
        if self._size is not None:
            self._flush(below)

    def set(self, row: int, col: int, value: Any, key: StyleKey) -> None:
        self._grid.setdefault(row, {})[col] = (value, key)
        self._grow(row, col)

    def value(self, row: int, col: int) -> Any:
        found = self._grid.get(row, {}).get(col)
        return found[0] if found is not None else None

    def embolden(self, row: int) -> None:
        cells = self._grid.get(row, {})
        for col, (value, key) in cells.items():
            cells[col] = (value, (key[0], True, key[2]) if key is not None else key)

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        """`merged_cells.add` checks each range against every earlier one (the 1,500 area bands
        of 10,000 items: quadratic); the sheet's ranges never overlap, so each is added as is."""
        merged = CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom)
        self.merged_cells.ranges.add(merged)
        self._grow(bottom, right)

    def note_across(self, row: int, last_col: int) -> None:
        """Row `row` holds one text merged from column A to `last_col`, wrapped in it."""
        self._notes[row] = last_col

    def fit_notes(self) -> None:
        """Give each note's row the height of its wrapped text (a program never grows a merged
        row itself), once the columns under it have their widths."""
        for row, last in sorted(self._notes.items()):
            text = self.value(row, 1)
            widths = [
                self.column_dimensions[self._letter(c)].width or 13.0 for c in range(1, last + 1)
            ]
            across = fit.across(widths)
            count = fit.lines(text, across) if isinstance(text, str) else 1
            if count > 1 and self.row_dimensions[row].height is None:
                self.row_dimensions[row].height = fit.height(count)
        self._notes.clear()

    def _letter(self, c: int) -> str:
        if c not in self._letters:
            self._letters[c] = get_column_letter(c)
        return self._letters[c]

    def _grow(self, row: int, col: int) -> None:
        bounds = self._bounds
        if row > bounds[0]:
            bounds[0] = row
        if col > bounds[1]:
            bounds[1] = col

    @property
    def max_column(self) -> int:
        return max(1, self._bounds[1])

    def calculate_dimension(self) -> str:
        """The `<dimension>` the normal worksheet writes (readers in read-only mode size the
        rows by it): from A1 to the last cell, merged ranges included."""
        rows, cols = self._size or self._bounds
        return f"A1:{get_column_letter(max(1, cols))}{max(1, rows)}"

    def close(self) -> None:
        if self._size is not None and tuple(self._bounds) != self._size:  # a writer's bug
            raise AssertionError(f"{self.title}: {self._bounds} written, {self._size} said")
        self._flush(None)
        super().close()

    def _get_writer(self) -> None:
        if self._writer is None:
            self._writer = _Writer(self) if LXML else WorksheetWriter(self)
            self._writer.write_top()

    def _write_rows(self) -> Generator[None, tuple[int, list[Cell]] | bytes, None]:
        """The streaming sheet's row writer, sent (row number, cells) rather than counting
        rows: as the normal worksheet, rows with nothing in them are not written at all. A
        row comes as openpyxl Cells (written by openpyxl), or rows come as their XML, made by
        `_row_text` with the bytes openpyxl would write, and go into the file as they are."""
        xf = self._writer.xf.send(True)
        with xf.element("sheetData"):
            try:
                while True:
                    rows = yield
                    if isinstance(rows, bytes):
                        xf.flush()  # what lxml holds goes out first: the rows follow it
                        self._writer.file.write(rows)
                    else:
                        self._writer.write_row(xf, rows[1], rows[0])
            except GeneratorExit:
                pass
        self._writer.xf.send(None)

    def _flush(self, below: int | None) -> None:
        """Write the rows kept (those above `below`; all of them with None), in order."""
        if self._rows is None:
            if self._size is not None:  # written before the sheets ahead of it: their styles
                for sheet in self.parent._sheets:  # type: ignore[union-attr]  # take their
                    if sheet is self:  # indexes first, as when every sheet is written in turn
                        break
                    if isinstance(sheet, Sheet) and sheet._rows is None:
                        sheet._index_styles()
            self.fit_notes()  # a note put after the sheet's `page` (the matrix's legend)
            self._get_writer()  # the sheet's top: widths, panes, size, as set by now
            self._rows = self._write_rows()
            next(self._rows)
        grid, dims, templates = self._grid, self.row_dimensions, self._templates
        waiting = grid.keys() | dims.keys()
        texts: list[str] = []  # rows made as text, not yet written
        size = 0  # their characters
        for r in sorted(waiting if below is None else (r for r in waiting if r < below)):
            cells = grid.pop(r, {})
            for c in sorted(cells):  # in the order of the cells, as a normal sheet makes them
                key = cells[c][1]
                if key is not None and key not in templates:
                    templates[key] = self._template(key)
                if c not in self._letters:
                    self._letters[c] = get_column_letter(c)
            text = self._row_text(r, cells, templates, self._ids, self._letters) if LXML else None
            if text is None:
                self._send(texts)
                size = 0
                self._rows.send((r, self._as_cells(r, cells, templates)))
            else:
                texts.append(text)
                size += len(text)
                if size >= _AT_ONCE:
                    self._send(texts)
                    size = 0
            dims.pop(r, None)  # written: nothing reads a row's height again
        self._send(texts)

    def _send(self, texts: list[str]) -> None:
        """Write the rows made as text, in one piece, and empty the list. lxml writes what is
        not ASCII as character references (`&#7841;`): openpyxl opens the sheet's XML without
        an encoding."""
        if texts:
            self._rows.send("".join(texts).encode("ascii", "xmlcharrefreplace"))
            texts.clear()

    def _index_styles(self) -> None:
        """Give the styles of the cells kept their indexes in the workbook, in cell order."""
        wb: Any = self.parent
        for r in sorted(self._grid):
            cells = self._grid[r]
            for c in sorted(cells):
                key = cells[c][1]
                if key is None:
                    continue
                if key not in self._templates:
                    self._templates[key] = self._template(key)
                if key not in self._ids:
                    template = self._templates[key]
                    self._ids[key] = f"{wb._cell_styles.add(template)}" if any(template) else None

    def _as_cells(
        self, r: int, cells: dict[int, tuple[Any, StyleKey]], templates: dict[Any, StyleArray]
    ) -> list[Cell]:
        """A row as openpyxl Cells, for what `_row_element` leaves to openpyxl."""
        out = []
        for c in sorted(cells):
            value, key = cells[c]
            cell = Cell(self, row=r, column=c, value=value)
            if key is not None:
                cell._style = StyleArray(templates[key])  # type: ignore[attr-defined]
                if key[2]:
                    cell.data_type = "s"  # a task or evidence starting with "=" stays text
            out.append(cell)
        return out

    def _row_text(
        self,
        r: int,
        cells: dict[int, tuple[Any, StyleKey]],
        templates: dict[Any, StyleArray],
        ids: dict[Any, str | None],
        letters: dict[int, str],
    ) -> str | None:
        """The row's XML as openpyxl's cell writer writes it (`lxml_write_cell`: inline
        strings, numbers and dates as numbers, a style's index), without making a Cell per
        value; None for a row holding anything else (openpyxl then writes it itself)."""
        attrs = {"r": f"{r}"}
        attrs.update(self.row_dimensions.get(r, {}))
        # a row's dimensions are numbers and flags (`safe_string`): nothing in them to escape
        parts = ["<row", *[f' {k}="{v}"' for k, v in attrs.items()], ">"]
        wb: Any = self.parent  # the workbook's style and date settings (untyped)
        for c in sorted(cells):
            value, key = cells[c]
            if key is None and value is None:
                continue  # an empty cell without a style is not written
            kind = _kind(value, key is None, wb)
            if kind is None:
                return None
            style = ""
            if key is not None:
                if key not in ids:  # the style's index, taken as openpyxl takes it: when used
                    ids[key] = (
                        f"{wb._cell_styles.add(templates[key])}" if any(templates[key]) else None
                    )
                if ids[key] is not None:
                    style = f' s="{ids[key]}"'
            if kind == "d":
                kind, value = "n", to_excel(value, wb.epoch)  # type: ignore[no-untyped-call]
            t = "inlineStr" if kind == "s" else kind
            parts.append(f'<c r="{letters[c]}{r}"{style} t="{t}">')
            if value is None or value == "":
                pass  # <c …></c>, as lxml's streaming writer ends an empty cell
            elif kind == "s":
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(f"<is><t{space}>{_text(value)}</t></is>")
            else:
                parts.append(f"<v>{safe_string(value)}</v>")
            parts.append("</c>")
        parts.append("</row>")  # <row …></row> too when empty, as the streaming writer ends it
        return "".join(parts)

    def _template(self, key: tuple[str, bool, bool]) -> StyleArray:
        """The style array a normal cell ends with, set the way `put` sets it."""
        name, bold, quote = key
        cell = Cell(self)  # type: ignore[call-arg]
        cell.style = name
        if bold:
            cell.font = _BOLD
        if quote:
            cell.quotePrefix = True
        return StyleArray(cell._style)  # type: ignore[attr-defined]


_KINDS = {str: "s", int: "n", float: "n", bool: "b", date: "d", datetime: "d", type(None): "n"}
_AT_ONCE = 1 << 18  # characters of rows made as text written in one piece (a few hundred rows)


def _kind(value: Any, unstyled: bool, wb: Any) -> str | None:
    """The type openpyxl's cell writer gives `value` (s, n, b, d); None for what only openpyxl
    writes as it does: a formula, an error code, a character it refuses, a date with a time
    zone or in an unstyled cell (which takes a date format of its own)."""
    kind = _KINDS.get(type(value))
    if kind == "s":
        # what XML cannot hold (openpyxl refuses its C0 part, lxml the rest): such a row is
        # left to openpyxl, which raises as it always did, not written as text XML cannot hold
        if NOT_XML.search(value) or value in ERROR_CODES:
            return None
        if unstyled and len(value) > 1 and value.startswith("="):
            return None
    elif kind == "d" and (unstyled or wb.iso_dates or getattr(value, "tzinfo", None)):
        return None
    return kind


def _text(value: str) -> str:
    """Text escaped as lxml escapes it in an element (what is not ASCII: see `Sheet._send`)."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


class _Writer(WorksheetWriter):
    """openpyxl's sheet writer, its XML written through a file held here rather than one lxml
    opens by name, so that rows already made as text go into the same file, between lxml's
    writes (`Sheet._write_rows`). The file is still the temporary file openpyxl zips."""

    file: io.BufferedWriter

    def get_stream(self) -> Generator[Any, Any, None]:  # openpyxl's, but for the file
        assert isinstance(self.out, str)
        with (
            open(self.out, "wb") as self.file,
            xmlfile(self.file) as xf,
            xf.element("worksheet", xmlns=SHEET_MAIN_NS),
        ):
            try:
                while True:
                    el = yield
                    if el is True:
                        yield xf
                    elif el is not None:
                        xf.write(el)
            except GeneratorExit:
                pass


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def sheet(wb: Workbook, title: str) -> Sheet:
    ws = Sheet(wb, title)
    wb._add_sheet(ws)  # type: ignore[attr-defined]  # as create_sheet adds a write-only sheet
    return ws


CELL_LIMIT = 32_767  # characters a cell holds in Excel; more is cut, or the file is refused
_CUT = " … [cắt bớt: một ô Excel chứa tối đa 32.767 ký tự; xem toàn văn trong tệp kế hoạch]"


def put(ws: Sheet, row: int, col: int, value: Any, style: str | None) -> None:
    if isinstance(value, str):  # control characters pasted from Word are not allowed in XML
        value = xml_text(value)
        if len(value) > CELL_LIMIT:  # said in the cell, never cut silently
            value = value[: CELL_LIMIT - len(_CUT)] + _CUT
    if style is None:
        ws.set(row, col, value, None)
        return
    quote = isinstance(value, str) and value.startswith(_FORMULA_STARTS)
    ws.set(row, col, value, (style, False, quote))


def merge(ws: Sheet, top: int, left: int, bottom: int, right: int) -> None:
    ws.merge(top, left, bottom, right)


def band(ws: Sheet, row: int, width: int) -> None:
    """Merge row `row` across the table's `width` columns, a row that holds one heading."""
    ws.merge(row, 1, row, width)


def title(ws: Sheet, lines: Sequence[tuple[str, str]], width: int, start: int = 1) -> int:
    """The title lines from row `start`, each across the table (a note wrapped in it);
    returns the header's row."""
    for n, (text, style) in enumerate(lines, start=start):
        ws.merge(n, 1, n, width)
        put(ws, n, 1, text, style)
        if style in _WRAPPED:
            ws.note_across(n, width)
    return start + len(lines) + 1


_WRAPPED = ("note", "guide")  # the styles whose text wraps


def note(ws: Sheet, row: int, width: int, text: str) -> None:
    """A note below a table, across its `width` columns and wrapped in them."""
    title(ws, [(text, "note")], width, row)


def table(
    ws: Sheet,
    top: int,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    late: Callable[[int], bool] = lambda _: False,
) -> int:
    """A header row at `top`, then the rows; returns the last row written."""
    for c, column in enumerate(columns, start=1):
        put(ws, top, c, column.title, "header")
        ws.column_dimensions[get_column_letter(c)].width = column.width
    ws.row_dimensions[top].height = fit.row_height(
        [c.width for c in columns], [c.title for c in columns], fit.BOLD
    )
    for r, values in enumerate(rows, start=top + 1):
        row(ws, r, columns, values, late(r - top - 1))
    return top + len(rows)


def row(ws: Sheet, at: int, columns: Sequence[Column], values: Sequence[Any], late: bool) -> None:
    """One row of a table, as high as its longest cell."""
    for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
        put(ws, at, c, value, style(column.kind, late))
    fit_height(ws, at, columns, values)


def fit_height(ws: Sheet, row: int, columns: Sequence[Column], values: Sequence[Any]) -> None:
    """Spreadsheet programs do not grow rows for wrapped text on their own when printing:
    give each row the height of its longest cell, measured in the font's own widths."""
    ws.row_dimensions[row].height = fit.row_height([c.width for c in columns], values)


def widened(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[Column]:
    """The columns with the width of their text columns shared out over the rows (see
    `excel_fit.share_widths`): the same page width, the fewest lines."""
    flexible = [n for n, c in enumerate(columns) if c.kind == "text" and c.width >= 14]
    widths = fit.share_widths([c.width for c in columns], flexible, rows)
    return [Column(c.title, w, c.kind) for c, w in zip(columns, widths, strict=True)]


def page(
    ws: Sheet,
    header: int,
    last_row: int,
    width: int,
    *,
    freeze: str | None = None,
    repeat: bool = True,
) -> None:
    """Frozen header, autofilter, and the header row printed on every page (`repeat`: the
    table is long enough to need it; a short one above a chart keeps it off the chart's page)."""
    ws.fit_notes()  # the rows' heights, before any page is counted
    ws.freeze_panes = freeze or f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(width)}{max(last_row, header)}"
    if repeat:
        ws.print_title_rows = f"{header}:{header}"
    print_setup(ws)


def print_setup(ws: Sheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    # The margins excel_fit counts a page's room with; the page number sits in the bottom one.
    ws.page_margins.left = ws.page_margins.right = fit.MARGIN_SIDE / 72
    ws.page_margins.top, ws.page_margins.bottom = fit.MARGIN_TOP / 72, fit.MARGIN_BOTTOM / 72
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    assert footer is not None  # every new sheet has an (empty) footer
    footer.text, footer.font = "Trang &P / &N", FONT


DEFAULT_HEIGHT = 15.0  # points: a row whose height the writer leaves to the program


def heights(ws: Worksheet | Sheet, first: int, last: int) -> list[float]:
    """The printed heights of rows first…last, as written."""
    return [ws.row_dimensions[r].height or DEFAULT_HEIGHT for r in range(first, last + 1)]


def fits_page(ws: Worksheet | Sheet, last: int) -> bool:
    """Whether rows 1…last print on one page, so a header need not repeat."""
    widths = column_widths(ws)
    return sum(heights(ws, 1, last)) <= fit.page_room(widths)


def column_widths(ws: Worksheet | Sheet) -> list[float]:
    last = ws.max_column
    return [ws.column_dimensions[get_column_letter(c)].width or 13.0 for c in range(1, last + 1)]


def keep_whole(ws: Worksheet | Sheet, at: int, tall: float) -> None:
    """A chart `tall` points high anchored at row `at` begins a page of its own, unless it and
    everything above it print on the first page: where a later page begins is not known to
    the point (each program lays rows out a little differently; LibreOffice's lines are a
    quarter of a point shorter), and a page begun by a break holds the chart whole."""
    if at > 1 and sum(heights(ws, 1, at - 1)) + tall > fit.page_room(column_widths(ws)):
        ws.row_breaks.append(Break(id=at - 1))  # a break after row at - 1


# The colours of the four boxes and the cancelled, in the order of the chart's series.
_BOX_COLOURS = ("70AD47", "FFC000", "5B9BD5", "BFBFBF", "E04848")


def chart(ws: Sheet, header: int, count: int, first: int) -> BarChart:
    """Stacked bars of the five boxes, in the five columns from `first`, one bar per group."""
    chart = BarChart()
    chart.type = "bar"  # horizontal: the long names of the areas read along the axis
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Tình trạng nhiệm vụ theo lĩnh vực"
    chart.y_axis.title = "Số nhiệm vụ"
    chart.legend.position = "r"
    data = Reference(ws, min_col=first, max_col=first + 4, min_row=header, max_row=header + count)
    chart.add_data(data, titles_from_data=True)
    for series, colour in zip(chart.series, _BOX_COLOURS, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=header + count))
    chart.height, chart.width = 9, 26
    chart.x_axis.scaling.orientation = "maxMin"  # areas top to bottom, as in the table
    chart.x_axis.tickLblSkip = 1  # name every area
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def line_chart(ws: Sheet, header: int, count: int, year: int) -> LineChart:
    """Milestones due and done by week: the two cumulative lines of the Theo tuần sheet."""
    chart = LineChart()
    chart.title = f"Mốc đến hạn và đã hoàn thành theo tuần năm {year}"
    chart.y_axis.title = "Số mốc"
    chart.x_axis.title = "Tuần"
    data = Reference(ws, min_col=3, max_col=4, min_row=header, max_row=header + count)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=header + count))
    for series, colour in zip(chart.series, ("C0392B", "2E7D32"), strict=True):
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28000
        series.smooth = False  # a count by week: straight steps, no curve overshooting them
    chart.height, chart.width = 9, 18
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def _from_lxml(exc: Exception) -> OSError:
    """lxml says a failed write as `IO_EFBIG`, `IO_ENOSPC`: the OS error it stands for."""
    if type(exc).__name__ != "SerialisationError":
        raise exc
    name = str(exc).removeprefix("IO_")
    code = getattr(errno, name, None)
    if code is None:
        return OSError(f"không ghi được sổ tính ({exc})")
    return OSError(code, os.strerror(code))


def _xml_properties(wb: Workbook) -> None:
    """The document's properties (title, author: from plans and office.yaml) cleaned as the
    cells are (`put`), so that no text of the workbook is refused by the XML writer."""
    props = wb.properties
    for name in ("title", "subject", "creator", "lastModifiedBy", "description", "keywords"):
        value = getattr(props, name, None)
        if isinstance(value, str):
            setattr(props, name, xml_text(value))


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook's bytes, made in memory. openpyxl still spools sheets through temporary
    files: when the disk is full, its half-closed writers complain again as they are collected;
    that is the error already raised, said once. Collected only then: a full collection after
    every workbook walked all that a command had loaded (58 % of `forms --all`)."""
    data = io.BytesIO()
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        try:
            _xml_properties(wb)
            wb.save(data)
            error = None
        except OSError as exc:
            error = OSError(exc.errno, exc.strerror)
        except Exception as exc:  # lxml's writer (openpyxl uses it when found); a bug re-raised
            error = _from_lxml(exc)
        if error is not None:  # the half-closed writers complain now, while they are silenced
            gc.collect()
    finally:
        sys.unraisablehook = hook
    if error is not None:
        raise error
    return data.getvalue()
