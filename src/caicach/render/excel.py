"""The status workbook. The only module that imports openpyxl; it is imported when a workbook is
written, never at start-up.

Office conventions: Times New Roman, real dates shown dd/mm/yyyy, frozen header rows, autofilter,
wrapped text, A4 landscape one page wide with the header repeated and page numbers, overdue rows
highlighted. Text from plan files never becomes a formula."""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from caicach.atomic import replace_atomically
from caicach.dates import vn_date
from caicach.plan.milestone import numbered
from caicach.plan.registry import Registry
from caicach.plan.words import STATUS
from caicach.tracking.queries import Row
from caicach.tracking.report import Event, Report, evidence, next_open
from caicach.tracking.summary import Tally

FONT = "Times New Roman"
LATE_FILL = "FFC7CE"  # the light red offices use for "quá hạn"
HEADER_FILL = "DDEBF7"
SHEETS = ("Tổng hợp", "Chi tiết", "Quá hạn", "Theo cơ quan", "Trong tuần")
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str = "text"  # text | date | int | pct


def _styles(wb: Workbook) -> None:
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
                    name=_style(kind, late),
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
            alignment=Alignment(horizontal="left"),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="total", font=Font(name=FONT, size=11, bold=True), border=border, alignment=wrap
        )
    )


def _style(kind: str, late: bool = False) -> str:
    return f"{kind}-late" if late else kind


# Assigning a named style by name searches the workbook's list each time; copying the style
# array of a cell already styled is the same result, several times faster on large sheets.
_TEMPLATES: weakref.WeakKeyDictionary[Workbook, dict[str, Any]] = weakref.WeakKeyDictionary()


def _put(ws: Worksheet, row: int, col: int, value: Any, style: str) -> None:
    if isinstance(value, str):  # control characters pasted from Word are not allowed in XML
        value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
    cell = ws.cell(row=row, column=col, value=value)
    templates = _TEMPLATES.setdefault(ws.parent, {})  # type: ignore[arg-type]  # never None here
    if style in templates:
        cell._style = StyleArray(templates[style])
    else:
        cell.style = style
        templates[style] = StyleArray(cell._style)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        cell.data_type = "s"  # a task or evidence starting with "=" stays text
        cell.quotePrefix = True


def _title(ws: Worksheet, lines: Sequence[tuple[str, str]], width: int) -> int:
    for n, (text, style) in enumerate(lines, start=1):
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
        _put(ws, n, 1, text, style)
    return len(lines) + 2


def _table(
    ws: Worksheet,
    top: int,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    late: Callable[[int], bool] = lambda _: False,
) -> int:
    """A header row at `top`, then the rows; returns the last row written."""
    for c, column in enumerate(columns, start=1):
        _put(ws, top, c, column.title, "header")
        ws.column_dimensions[get_column_letter(c)].width = column.width
    _fit_height(ws, top, columns, [c.title for c in columns])
    for r, values in enumerate(rows, start=top + 1):
        is_late = late(r - top - 1)
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            _put(ws, r, c, value, _style(column.kind, is_late))
        _fit_height(ws, r, columns, values)
    return top + len(rows)


def _fit_height(ws: Worksheet, row: int, columns: Sequence[Column], values: Sequence[Any]) -> None:
    """Spreadsheet programs do not grow rows for wrapped text on their own when printing:
    give each row the height of its longest cell."""
    lines = 1
    for column, value in zip(columns, values, strict=True):
        if not isinstance(value, str):
            continue
        per_line = column.width * 1.25  # a little short of what fits: no clipping
        if len(value) > per_line * lines or "\n" in value:
            wanted = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, wanted)
    ws.row_dimensions[row].height = 14 * lines + 3


def _page(
    ws: Worksheet, header: int, last_row: int, width: int, *, freeze: str | None = None
) -> None:
    ws.freeze_panes = freeze or f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(width)}{max(last_row, header)}"
    ws.print_title_rows = f"{header}:{header}"
    _print(ws)


def _print(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    footer = ws.oddFooter.center if ws.oddFooter is not None else None
    assert footer is not None  # every new sheet has an (empty) footer
    footer.text, footer.font = "Trang &P / &N", FONT


# --- sheets --------------------------------------------------------------------------------------


def _heading(report: Report) -> list[tuple[str, str]]:
    lines = [(report.title, "title"), (report.subtitle, "note")]
    if report.window is not None:
        w = report.window
        lines.append(
            (
                f"Báo cáo {w.label} năm {w.year}: số liệu từ {vn_date(w.start)} đến "
                f"{vn_date(w.end)}; hạn gửi báo cáo {vn_date(w.due)}",
                "note",
            )
        )
    else:
        year, week = report.week
        lines.append(
            (f"Số liệu tính đến ngày {vn_date(report.as_of)} (tuần {week} năm {year})", "note")
        )
    if report.scope:
        lines.append((f"Cơ quan: {report.scope}", "note"))
    return lines


# HT đúng hạn, HT trễ hạn, đang thực hiện, chưa thực hiện, quá hạn.
_BOX_COLOURS = ("70AD47", "FFC000", "5B9BD5", "BFBFBF", "E04848")
_BOX_COLUMNS = (
    Column("Tổng số (có thời hạn)", 11, "int"),
    Column("HT đúng hạn", 10, "int"),
    Column("HT trễ hạn", 10, "int"),
    Column("Đang thực hiện", 11, "int"),
    Column("Chưa thực hiện", 11, "int"),
    Column("Chưa HT quá hạn", 11, "int"),
    Column("Không xác định thời hạn", 12, "int"),
    Column("Tỷ lệ HT", 10, "pct"),
    Column("Tỷ lệ HT đúng hạn", 11, "pct"),
)


def _box_values(t: Tally) -> list[Any]:
    c = t.counts
    return [
        t.dated,
        c["dung-han"],
        c["tre-han"],
        c["dang-thuc-hien"],
        c["chua-thuc-hien"],
        c["qua-han"],
        c["khong-xac-dinh"],
        t.completion_rate,
        t.on_time_rate,
    ]


def _summary(ws: Worksheet, report: Report) -> None:
    ws.title = SHEETS[0]
    columns = [Column("Lĩnh vực", 42), *_BOX_COLUMNS]
    top = _title(ws, _heading(report), len(columns))
    groups, total = report.areas
    last = _table(ws, top, columns, [[t.label, *_box_values(t)] for t in [*groups, total]])
    for c in range(1, len(columns) + 1):
        ws.cell(row=last, column=c).font = Font(name=FONT, size=11, bold=True)
    _put(
        ws,
        last + 2,
        1,
        f"Đã đến hạn: {total.due_by} nhiệm vụ; đã hoàn thành "
        f"{total.done_due_by}, trong đó đúng hạn {total.on_time_due_by}. "
        "Tỷ lệ tính trên số nhiệm vụ đã đến hạn.",
        "note",
    )
    if total.counts["da-huy"]:
        _put(
            ws, last + 3, 1, f"Đã hủy theo quyết định điều chỉnh: {total.counts['da-huy']}", "note"
        )
    if groups:
        ws.add_chart(_chart(ws, top, len(groups)), f"A{last + 4}")
    _page(ws, top, last, len(columns), freeze=f"B{top + 1}")


def _chart(ws: Worksheet, header: int, count: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal: the long names of the areas read along the axis
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Tình trạng nhiệm vụ theo lĩnh vực"
    chart.y_axis.title = "Số nhiệm vụ"
    chart.legend.position = "r"
    data = Reference(ws, min_col=3, max_col=7, min_row=header, max_row=header + count)
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


_DETAIL_COLUMNS = (
    Column("STT", 5, "int"),
    Column("Mã", 7),
    Column("Lĩnh vực", 14),
    Column("Nhiệm vụ", 42),
    Column("Cơ quan chủ trì", 20),
    Column("Cơ quan phối hợp", 20),
    Column("Sản phẩm", 26),
    Column("Thời gian thực hiện", 22),
    Column("Hạn", 11, "date"),
    Column("Tình trạng", 14),
    Column("Số ngày quá hạn", 9, "int"),
    Column("Ngày hoàn thành", 11, "date"),
    Column("Minh chứng", 18),
)


def _names(row: Row, lead: bool) -> str:
    return "; ".join(dict.fromkeys(a.name for a in (row.item.lead if lead else row.item.co)))


def _detail_values(n: int, row: Row) -> list[Any]:
    s = row.status
    assert s is not None
    i = row.item
    return [
        n,
        i.id,
        f"{i.area.printed} {i.area.title}",
        i.task,
        _names(row, True),
        _names(row, False),
        "\n".join(i.products),
        i.deadline or "",
        next_open(s),
        STATUS[s.status],
        s.days_overdue,
        s.completed_on,
        evidence(s),
    ]


def _details(ws: Worksheet, report: Report, rows: Sequence[Row], title: str) -> None:
    top = _title(ws, [(title, "title"), *_heading(report)[1:]], len(_DETAIL_COLUMNS))
    values = [_detail_values(n, r) for n, r in enumerate(rows, start=1)]
    late = [r.status is not None and r.status.status == "qua-han" for r in rows]
    last = _table(ws, top, _DETAIL_COLUMNS, values, late=lambda k: late[k])
    _page(ws, top, last, len(_DETAIL_COLUMNS), freeze=f"C{top + 1}")


_AGENCY_COLUMNS = (
    Column("Cơ quan chủ trì", 40),
    Column("Tổng số", 9, "int"),
    Column("HT đúng hạn", 10, "int"),
    Column("HT trễ hạn", 10, "int"),
    Column("Chưa HT trong hạn", 11, "int"),
    Column("Chưa HT quá hạn", 11, "int"),
    Column("Tỷ lệ HT đúng hạn", 11, "pct"),
    Column("Tỷ lệ HT trễ hạn", 11, "pct"),
    Column("Tỷ lệ chưa HT quá hạn", 11, "pct"),
    Column("Ghi chú", 30),
)


def _agency_values(t: Tally, registry: Registry) -> list[Any]:
    c = t.counts
    share = (lambda n: n / t.dated) if t.dated else (lambda n: None)
    notes = []
    if t.key in registry.classes:
        notes.append("nhóm cơ quan (giao chung)")
    if c["khong-xac-dinh"]:
        notes.append(f"{c['khong-xac-dinh']} nhiệm vụ không xác định thời hạn")
    if c["da-huy"]:
        notes.append(f"{c['da-huy']} nhiệm vụ đã hủy")
    in_time = c["dang-thuc-hien"] + c["chua-thuc-hien"]
    return [
        t.label,
        t.dated,
        c["dung-han"],
        c["tre-han"],
        in_time,
        c["qua-han"],
        share(c["dung-han"]),
        share(c["tre-han"]),
        share(c["qua-han"]),
        "; ".join(notes),
    ]


def _by_agency(ws: Worksheet, report: Report, registry: Registry) -> None:
    title = "TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ"
    top = _title(ws, [(title, "title"), *_heading(report)[1:]], len(_AGENCY_COLUMNS))
    groups, total = report.agencies
    rows = [_agency_values(t, registry) for t in groups]
    last = _table(ws, top, _AGENCY_COLUMNS, rows, late=lambda k: bool(groups[k].counts["qua-han"]))
    _put(
        ws,
        last + 2,
        1,
        "Một nhiệm vụ giao cho nhiều cơ quan được tính cho từng cơ quan; giao "
        "cho nhóm («các sở, ban ngành», «UBND cấp huyện») thì tính cho nhóm. "
        f"Tổng số nhiệm vụ có thời hạn: {total.dated}.",
        "note",
    )
    _page(ws, top, last, len(_AGENCY_COLUMNS), freeze=f"B{top + 1}")


_WEEK_COLUMNS = (
    Column("Mã", 7),
    Column("Nhiệm vụ", 50),
    Column("Mốc", 26),
    Column("Hạn", 11, "date"),
    Column("Ngày hoàn thành / số ngày quá hạn", 14),
    Column("Cơ quan chủ trì", 28),
    Column("Minh chứng", 26),
)


def _milestone_name(e: Event) -> str:
    return numbered(e.milestone.number, e.milestone.milestone)


def _event_row(e: Event, state: str, evidence: str | None = None) -> list[Any]:
    return [
        e.row.item.id,
        e.row.item.task,
        _milestone_name(e),
        e.milestone.milestone.due,
        state,
        _names(e.row, True),
        evidence or "",
    ]


def _always(answer: bool) -> Callable[[int], bool]:
    return lambda _row: answer


def _week(ws: Worksheet, report: Report) -> None:
    until = vn_date(report.as_of)
    top = _title(ws, [("DIỄN BIẾN TRONG TUẦN", "title"), *_heading(report)[1:]], len(_WEEK_COLUMNS))
    since = f"từ {vn_date(report.week_start)} đến {until}"
    next_week = f"từ {vn_date(report.as_of)} đến {vn_date(report.as_of + timedelta(days=6))}"
    sections: list[tuple[str, list[list[Any]], bool]] = [
        (
            f"Hoàn thành {since}",
            [
                _event_row(e, vn_date(e.milestone.completed_on), e.milestone.evidence)
                for e in report.completed
            ],
            False,
        ),
        (
            f"Trở thành quá hạn {since}",
            [_event_row(e, f"{e.milestone.days_overdue} ngày") for e in report.fell_overdue],
            True,
        ),
        (
            f"Đến hạn trong 7 ngày, {next_week}",
            [
                _event_row(Event(d.row, d.milestone), f"còn {d.days_left} ngày")
                for d in report.due_next
            ],
            False,
        ),
    ]
    row = top
    for heading, values, late in sections:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_WEEK_COLUMNS))
        _put(ws, row, 1, f"{heading}: {len(values)}", "total")
        row = _table(ws, row + 1, _WEEK_COLUMNS, values, late=_always(late)) + 2
    ws.freeze_panes = f"A{top}"
    _print(ws)


# --- the file -------------------------------------------------------------------------------------


def workbook(report: Report, registry: Registry) -> Workbook:
    wb = Workbook()
    _styles(wb)
    first = wb.active
    assert isinstance(first, Worksheet)  # a new workbook opens on one worksheet
    _summary(first, report)
    _details(wb.create_sheet(SHEETS[1]), report, report.rows, "CHI TIẾT TIẾN ĐỘ CÁC NHIỆM VỤ")
    _details(wb.create_sheet(SHEETS[2]), report, report.overdue, "CÁC NHIỆM VỤ QUÁ HẠN")
    _by_agency(wb.create_sheet(SHEETS[3]), report, registry)
    _week(wb.create_sheet(SHEETS[4]), report)
    return wb


def write(report: Report, registry: Registry, path: Path) -> None:
    """Write through a temporary file beside `path`, renamed into place when complete."""
    wb = workbook(report, registry)
    replace_atomically(path, wb.save)
