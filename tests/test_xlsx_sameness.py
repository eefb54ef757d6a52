"""The workbook and the report form, written through a streaming (write-only) worksheet, read back
through openpyxl exactly as the normal worksheet wrote them: the values, styles, merged ranges,
validations, print settings and protection of representative cells and of every sheet. Each
expected value below is what the normal writer gave for the shipped plans on 15/04/2024."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from caicach.render.xlsx import fit, layout
from tests.conftest import Run

AS_OF = "2024-04-15"
GRID = ("thin", "808080")


def _look(cell: Cell | MergedCell) -> tuple[Any, ...]:
    """What a reader sees of a cell's style, colours by their last six digits."""
    f, a = cell.font, cell.alignment
    fill = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None
    b = cell.border.left
    side = (b.style, b.color.rgb[-6:]) if b is not None and b.style else None
    return (
        f.name,
        f.sz,
        bool(f.b),
        bool(f.i),
        f.color.rgb[-6:] if f.color is not None else None,
        fill,
        side,
        a.horizontal,
        a.vertical,
        bool(a.wrap_text),
        a.text_rotation,
        cell.number_format,
        cell.protection.locked,
        cell.style,
    )


TNR = "Times New Roman"
HEADER = (TNR, 11, True, False, None, "DDEBF7", GRID, "center", "center", True, 0, "General")
TEXT = (TNR, 11, False, False, None, None, GRID, None, "top", True, 0, "General")
INT = (TNR, 11, False, False, None, None, GRID, "center", "top", False, 0, "0")
DATE = (TNR, 11, False, False, None, None, GRID, "center", "top", False, 0, "dd/mm/yyyy")
PCT = (TNR, 11, False, False, None, None, GRID, "center", "top", False, 0, "0.0%")


@pytest.fixture
def book(run: Run, plans: Path, tmp_path: Path) -> Workbook:
    out = tmp_path / "bc.xlsx"
    result = run("report", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    return load_workbook(out)


def _sheet(wb: Workbook, title: str) -> Worksheet:
    ws = wb[title]
    assert isinstance(ws, Worksheet)
    return ws


def test_every_sheet_prints_as_before(book: Workbook) -> None:
    assert book.sheetnames == [
        "Tổng hợp",
        "Chi tiết",
        "Quá hạn",
        "Theo cơ quan",
        "Ma trận",
        "Trong tuần",
        "Theo tuần",
        "Chỉ tiêu",
    ]
    frozen = {"Tổng hợp": "B10", "Ma trận": "C6", "Trong tuần": "A6", "Theo tuần": "A6"}
    for ws in book.worksheets:
        top = 9 if ws.title == "Tổng hợp" else 5
        assert ws.freeze_panes == frozen.get(ws.title, "C6" if ws.title != "Theo cơ quan" else "B6")
        assert ws.print_title_rows == f"${top}:${top}", ws.title
        assert ws.auto_filter.ref is not None
        assert ws.auto_filter.ref.startswith(f"A{top}:")
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape",
            9,
            1,
            0,
        )
        fitted = ws.sheet_properties.pageSetUpPr
        assert fitted is not None
        assert fitted.fitToPage is (ws.title != "Ma trận")
        assert ws.print_options.horizontalCentered is True
        m = ws.page_margins
        assert (m.left, m.right, m.top, m.bottom, m.header, m.footer) == (
            0.4,
            0.4,
            0.6,
            0.7,
            0.3,
            0.3,
        )
        footer = ws.oddFooter.center
        assert (footer.text, footer.font) == ("Trang &P / &N", TNR)
        assert ws.protection.sheet is False
        assert ws.sheet_state == "visible"
    charts = {ws.title: len(ws._charts) for ws in book.worksheets}
    assert charts == {t: int(t in ("Tổng hợp", "Theo tuần")) for t in book.sheetnames}
    props = book.properties
    assert props.creator == props.lastModifiedBy == "Sở Nội vụ"
    assert props.title == (
        "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH: "
        "Số liệu tính đến ngày 15/04/2024 (tuần 16 năm 2024)"
    )


def test_the_summary_keeps_its_heading_table_and_total(book: Workbook) -> None:
    ws = _sheet(book, "Tổng hợp")
    assert ws.dimensions == "A1:K33"
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    assert merged == sorted(
        [
            "A1",
            "A2",
            "A31",
            "A33",
            "A5:K5",
            "A6:K6",
            "A7:K7",
            "A28:K28",  # the note under the table, across it
            "B1:K1",
            "B2:K2",
            "B3:K3",
            "B31:K31",
            "B32:K32",
            "B33:K33",
        ]
    )
    assert ws["A1"].value == "UBND TỈNH QUẢNG NGÃI"
    office = (TNR, 12, False, False, None, None, None, "center", "center", True, 0, "General")
    assert _look(ws["A1"]) == (*office, True, "office")
    assert ws["B1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _look(ws["A9"]) == (*HEADER, True, "header")
    assert ws["A9"].value == "Lĩnh vực"
    total = next(r for r in range(10, ws.max_row) if ws.cell(r, 1).value == "Tổng cộng")
    assert total == 26
    bold = (TNR, 11, True)
    assert _look(ws.cell(total, 1))[:3] == bold
    assert _look(ws.cell(total, 1))[-1] == "text"
    assert _look(ws.cell(total, 2)) == (*bold, *INT[3:], True, "int")
    assert _look(ws.cell(total, 10)) == (*bold, *PCT[3:], True, "pct")
    assert ws.cell(total, 2).value == 57
    note = _look(ws["A28"])
    italic = (TNR, 11, False, True, None, None, None, "left", "top", True, 0, "General")
    assert note == (*italic, True, "note")
    assert ws["A28"].value.startswith("Đã đến hạn: 25 nhiệm vụ")
    # wrapped in the table's width, on the lines its text takes there: not past the page
    assert ws.row_dimensions[28].height == pytest.approx(fit.height(2))
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJK"]
    assert fit.lines(ws["A28"].value, fit.across(widths)) == 2
    # the heading names both plans: two lines across the table (it ran off the printed page)
    assert ws["A6"].value.startswith("Kế hoạch cải cách hành chính năm 2024")
    assert ws.row_dimensions[6].height == pytest.approx(fit.height(2))
    assert ws.row_dimensions[7].height is None  # "Số liệu tính đến …": one line, as it was


def test_the_details_keep_bands_widths_heights_and_formats(book: Workbook) -> None:
    ws = _sheet(book, "Chi tiết")
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJK"]
    assert widths == [5, 6, 43, 17, 21, 14, 10, 12, 8, 10, 10]
    assert ws.row_dimensions[5].height == pytest.approx(28.8)
    assert ws.row_dimensions[7].height == pytest.approx(106.2)
    assert "A6:K6" in {str(r) for r in ws.merged_cells.ranges}
    band = ws["A6"]
    assert band.value == "1879/QĐ-UBND: 1. Cải cách thể chế"
    bold = (TNR, 11, True, *TEXT[3:])
    assert _look(band) == (*bold, True, "total")
    assert _look(ws["A7"]) == (*INT, True, "int")
    assert ws["A7"].value == 1
    assert _look(ws["C7"]) == (*TEXT, True, "text")
    assert ws["G7"].value == datetime(2024, 12, 31)
    assert _look(ws["G7"]) == (*DATE, True, "date")
    for r in range(7, ws.max_row + 1):  # every item row as high as its tallest cell
        values = [ws.cell(r, c).value for c in range(1, 12)]
        if isinstance(values[0], int):
            text = [v if isinstance(v, str) else None for v in values]
            assert ws.row_dimensions[r].height == pytest.approx(fit.row_height(widths, text))


def test_overdue_rows_stay_red_and_the_matrix_prints_by_pages(book: Workbook) -> None:
    ws = _sheet(book, "Quá hạn")
    late = [ws.cell(r, 3) for r in range(6, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert len(late) == 25
    assert {_look(c)[5] for c in late} == {"FFC7CE"}
    assert {c.style for c in late} == {"text-late"}
    m = _sheet(book, "Ma trận")
    assert m.print_title_cols == "$A:$B"
    assert (m.page_setup.scale, m.page_setup.pageOrder) == (100, "overThenDown")
    assert [b.id for b in m.col_breaks.brk] == [17, 23, 37]
    assert m["C5"].alignment.text_rotation == 90
    assert m["C5"].style == "header-vertical"
    assert m.row_dimensions[5].height == 160


@pytest.fixture
def form(run: Run, plans: Path, tmp_path: Path) -> Workbook:
    out = tmp_path / "phieu.xlsx"
    args = ("forms", "-a", "Sở Xây dựng", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    result = run(*args)
    assert result.code == 0, result.err
    return load_workbook(out)


def test_the_form_keeps_its_locks_drop_downs_and_print_settings(form: Workbook) -> None:
    assert form.sheetnames == ["Phiếu báo cáo", "caicach"]
    ws = _sheet(form, "Phiếu báo cáo")
    assert ws.dimensions == "A1:K46"
    p = ws.protection
    assert (p.sheet, p.formatColumns, p.formatRows, p.formatCells) == (True, False, False, True)
    assert ws.freeze_panes == "E8"
    assert ws.auto_filter.ref is None
    assert ws.print_title_rows == "$7:$7"
    # the guide, wrapped across the form, as high as its lines there (it had a guessed 48 points)
    widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJK"]
    guide = ws["A5"].value
    assert guide.startswith("Cách điền:")
    assert fit.lines(guide, fit.across(widths)) == 2
    assert ws.row_dimensions[5].height == pytest.approx(fit.height(2))
    merged = sorted(str(r) for r in ws.merged_cells.ranges)
    assert merged == [
        *(f"A{n}:K{n}" for n in range(1, 6)),
        *("B41:E41", "B42:E42", "B46:E46", "H40:K40", "H41:K41", "H42:K42", "H46:K46"),
    ]
    title = (TNR, 14, True, False, None, None, None, "center", None, False, 0, "General")
    assert _look(ws["A1"]) == (*title, True, "title")
    late = (*TEXT[:5], "FFC7CE", *TEXT[6:])
    assert _look(ws["D8"]) == (*late, True, "text-late")  # overdue on 15/04/2024
    fill = (TNR, 11, False, False, "1F3864", None, GRID, None, "top", True, 0)
    assert _look(ws["H8"]) == (*fill, "@", False, "fill")
    assert _look(ws["I8"]) == (*fill, "dd/mm/yyyy", False, "fill-date")
    assert _look(ws["B46"])[-2:] == (False, "signature-name")
    rules = sorted(
        (str(v.sqref), v.type, v.operator, v.formula1) for v in ws.data_validations.dataValidation
    )
    assert rules == [
        ("H8:H38", "list", None, '"Hoàn thành,Đang thực hiện,Chưa thực hiện"'),
        ("I8:I38", "date", "greaterThanOrEqual", "DATE(2018,6,19)"),
    ]
    ids = _sheet(form, "caicach")
    assert ids.sheet_state == "veryHidden"
    assert ids.protection.sheet is True
    assert ids["A1"].style == "Normal"


VALUES = [1, 2.5, True, date(2024, 4, 15), datetime(2024, 4, 15, 8, 30), "  lề  ", "a\nb"]
VALUES += ["=1+1", "+84 255", "#N/A", "", None, "Sở Xây dựng"]


def _normal(path: Path) -> None:
    """The same cells through openpyxl's normal worksheet, set as `layout.put` set them."""
    wb = Workbook()
    layout.styles(wb)
    ws = wb.active
    assert isinstance(ws, Worksheet)
    for r, value in enumerate(VALUES, start=1):
        ws.cell(r, 1, value)
        cell = ws.cell(r, 2, value)
        cell.style = "text-late"
        if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
            cell.data_type = "s"
            cell.quotePrefix = True
    ws.merge_cells("C1:D2")
    wb.save(path)


def _streamed(path: Path) -> None:
    wb = layout.new_workbook()
    layout.styles(wb)
    ws = layout.sheet(wb, "Sheet")
    for r, value in enumerate(VALUES, start=1):
        layout.put(ws, r, 1, value, None)
        layout.put(ws, r, 2, value, "text-late")
    layout.merge(ws, 1, 3, 2, 4)
    path.write_bytes(layout.workbook_bytes(wb))


def test_the_streaming_sheet_writes_each_kind_of_value_as_the_normal_one(tmp_path: Path) -> None:
    _normal(tmp_path / "normal.xlsx")
    _streamed(tmp_path / "streamed.xlsx")
    seen = []
    for name in ("normal.xlsx", "streamed.xlsx"):
        ws = load_workbook(tmp_path / name).active
        assert isinstance(ws, Worksheet)
        cells = [
            (c.coordinate, c.value, c.data_type, c.quotePrefix, _look(c))
            for row in ws.iter_rows(min_col=1, max_col=2)
            for c in row
        ]
        seen.append((cells, ws.dimensions, sorted(str(r) for r in ws.merged_cells.ranges)))
    assert seen[0] == seen[1]
    cells = {c[0]: c[1:4] for c in seen[1][0]}
    assert cells["A8"] == ("=1+1", "f", False)  # a formula where no style said text
    assert cells["B8"] == ("=1+1", "s", True)  # text, as every table cell is
    assert cells["B10"] == ("#N/A", "e", False)
    assert cells["A4"][:2] == (datetime(2024, 4, 15), "d")


def _book(stream: bool) -> bytes:
    """A short sheet, then a table that streams (or not), then another short sheet."""
    wb = layout.new_workbook()
    layout.styles(wb)
    first = layout.sheet(wb, "Một")
    layout.put(first, 1, 1, "tổng", "header")
    layout.put(first, 2, 1, 3, "int")
    first.embolden(2)
    table = layout.sheet(wb, "Hai")
    columns = [layout.Column("Mã", 6), layout.Column("Việc", 30), layout.Column("Hạn", 10, "date")]
    last = layout.table(table, 1, columns, [])
    layout.page(table, 1, last + 20, len(columns), freeze="B2")
    if stream:
        table.stream(last + 20, len(columns))
    for n in range(1, 21):
        values = [n, f"việc {n} " * n, date(2024, 1, n)]
        layout.row(table, last + n, columns, values, late=n % 3 == 0)
        if n % 7 == 0:
            table.send(last + n)
    layout.put(layout.sheet(wb, "Ba"), 1, 1, "=ghi chú", "note")
    return layout.workbook_bytes(wb)


def test_a_streamed_sheet_is_the_same_as_one_kept_whole() -> None:
    import io
    import zipfile

    whole, streamed = (zipfile.ZipFile(io.BytesIO(_book(s))) for s in (False, True))
    parts = [n for n in whole.namelist() if n != "docProps/core.xml"]  # core: the time made
    assert parts == [n for n in streamed.namelist() if n != "docProps/core.xml"]
    assert "xl/worksheets/sheet2.xml" in parts
    for name in parts:
        assert whole.read(name) == streamed.read(name), name
    ws = load_workbook(io.BytesIO(_book(True)))["Hai"]
    assert ws.dimensions == "A1:C21"
    assert ws["B4"].fill.fgColor.rgb[-6:] == "FFC7CE"  # the third row, late
    assert ws.row_dimensions[21].height == pytest.approx(
        fit.row_height([6, 30, 10], [None, "việc 20 " * 20, None])
    )
