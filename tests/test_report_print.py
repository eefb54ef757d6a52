"""The workbook as it prints: row heights fitted to the text, the chart kept whole on a page,
the matrix at full size page by page. Read back from the written file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from caicach.render.xlsx import fit, layout
from tests.conftest import Run


@pytest.fixture
def plans(plans: Path) -> Path:
    (plans / "tb-185-2018.yaml").unlink()
    return plans


@pytest.fixture
def book(run: Run, plans: Path, tmp_path: Path) -> Path:
    out = tmp_path / "tuan16.xlsx"
    result = run("report", "--as-of", "2024-04-15", "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    return out


# --- measuring text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Sở Tư pháp; Văn phòng", 21, 1),  # 105.8 pt of 11-point Times: fits 110 pt
        ("Sở Tư pháp; Văn phòng", 20, 2),  # not 104.75 pt: "phòng" goes down
        ("Sở Tư pháp; Văn phòng UBND", 21, 2),
        ("Sở Tư pháp\nVăn phòng", 40, 2),  # a line break in the cell is a line
        ("", 10, 1),
        ("Mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm", 10, 5),  # 258 pt in 52 pt lines: cut
    ],
)
def test_lines_of_wrapped_text(text: str, width: float, expected: int) -> None:
    assert fit.lines(text, width) == expected


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxy ,.;", max_size=300), st.integers(5, 60))
def test_a_wider_column_never_needs_more_lines(text: str, width: int) -> None:
    assert fit.lines(text, width + 1) <= fit.lines(text, width)


def test_widths_are_shared_out_without_widening_the_page() -> None:
    rows = [["x" * 5, "a " * 200, "b"], ["x", "a " * 150, "c c"]]
    widths = fit.share_widths([6, 20, 20], [1, 2], rows)
    assert sum(widths) == 46
    assert widths[0] == 6
    assert widths[1] > 20 > widths[2]  # the long text takes what the short one does not need


# --- the sheets -------------------------------------------------------------------------------


def _widths(ws: Worksheet) -> list[float]:
    return [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]


def test_detail_rows_are_as_high_as_their_text(book: Path) -> None:
    ws = load_workbook(book)["Chi tiết"]
    widths = _widths(ws)
    top = next(c.row for c in ws["A"] if c.value == "STT")
    items = [r for r in ws.iter_rows(min_row=top + 1) if r[1].value is not None]
    assert len(items) == 56
    for r in items:
        values = [c.value for c in r]
        most = max(
            fit.lines(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)
        )
        assert ws.row_dimensions[r[0].row].height == pytest.approx(fit.LINE * most + fit.PAD)
    # the text columns' widths are shared out, the page as wide as the eleven columns were
    assert sum(widths) == 156
    assert fit.scale(widths) > 0.9  # text near 10 points


def test_the_chart_begins_a_page_it_fits_on(book: Path) -> None:
    ws = load_workbook(book)["Tổng hợp"]
    assert ws.print_title_rows is None  # the header is not printed across the chart
    (chart,) = ws._charts
    anchor = chart.anchor._from.row + 1  # 0-based in the file
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks == [anchor - 1]  # the page breaks just above the chart
    rows = [ws.row_dimensions[r].height or 15.0 for r in range(1, anchor)]
    tall = chart.height * 72 / 2.54
    assert sum(rows) + tall > fit.page_room(_widths(ws))  # it would have been cut
    assert tall < fit.page_room(_widths(ws))  # and a page holds it whole


@pytest.mark.parametrize(("rows", "breaks"), [(10, []), (30, [30])])
def test_a_chart_that_fits_below_the_table_stays_there(rows: int, breaks: list[int]) -> None:
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    for r in range(1, rows + 1):
        ws.row_dimensions[r].height = 15
    layout.keep_whole(ws, rows + 1, 255)  # 9 cm: 150 + 255 points fit a page, 450 + 255 not
    assert [b.id for b in ws.row_breaks.brk] == breaks


def test_the_matrix_prints_full_size_a_level_a_page(book: Path, plans: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Ma trận"]
    assert ws.sheet_properties.pageSetUpPr.fitToPage is False
    assert ws.page_setup.scale == 100
    assert ws.print_title_cols == "$A:$B"
    top = next(c.row for c in ws["A"] if c.value == "Mã")
    assert ws.print_title_rows == f"${top}:${top}"
    names = [ws.cell(top, c).value for c in range(3, ws.max_column + 1)]
    breaks = [b.id for b in ws.col_breaks.brk]
    pages = [
        names[a - 2 : b - 2] for a, b in zip([2, *breaks], [*breaks, len(names) + 2], strict=True)
    ]
    per_page = (
        fit.A4_LANDSCAPE[0] - 2 * fit.MARGIN_SIDE - fit.column_points(7) - fit.column_points(40)
    ) // fit.column_points(6)
    assert all(0 < len(p) <= per_page for p in pages)
    assert [p[0] for p in pages] == [
        "Văn phòng UBND tỉnh",
        "Sở Khoa học và Công nghệ",  # the 20 provincial agencies split where a page is full
        "UBND thành phố Quảng Ngãi",  # the districts begin a page
        "UBND cấp xã",  # then the classes owed as one
    ]
    assert sum(len(p) for p in pages) == len(names)
    assert column_index_from_string("C") + len(names) - 1 == ws.max_column
