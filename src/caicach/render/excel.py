"""The status workbook, sheet by sheet. With xlsx_layout, the only modules that import openpyxl;
they are imported when a workbook is written, never at start-up.

Office conventions: Times New Roman, real dates shown dd/mm/yyyy, frozen header rows, autofilter,
wrapped text, A4 landscape one page wide with the header repeated and page numbers, overdue rows
highlighted. Text from plan files never becomes a formula."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from caicach.atomic import replace_atomically
from caicach.dates import vn_date
from caicach.plan.milestone import numbered
from caicach.plan.registry import Registry
from caicach.plan.words import STATUS
from caicach.render import excel_matrix
from caicach.render import xlsx_layout as layout
from caicach.render.xlsx_layout import FONT, Column
from caicach.tracking.queries import Row
from caicach.tracking.report import Event, Report, evidence, next_open
from caicach.tracking.summary import Tally

SHEETS = ("Tổng hợp", "Chi tiết", "Quá hạn", "Theo cơ quan", "Ma trận", "Trong tuần")


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
    top = layout.title(ws, _heading(report), len(columns))
    groups, total = report.areas
    last = layout.table(ws, top, columns, [[t.label, *_box_values(t)] for t in [*groups, total]])
    for c in range(1, len(columns) + 1):
        ws.cell(row=last, column=c).font = Font(name=FONT, size=11, bold=True)
    layout.put(
        ws,
        last + 2,
        1,
        f"Đã đến hạn: {total.due_by} nhiệm vụ; đã hoàn thành "
        f"{total.done_due_by}, trong đó đúng hạn {total.on_time_due_by}. "
        "Tỷ lệ tính trên số nhiệm vụ đã đến hạn.",
        "note",
    )
    if total.counts["da-huy"]:
        layout.put(
            ws, last + 3, 1, f"Đã hủy theo quyết định điều chỉnh: {total.counts['da-huy']}", "note"
        )
    if groups:
        ws.add_chart(layout.chart(ws, top, len(groups)), f"A{last + 4}")
    layout.page(ws, top, last, len(columns), freeze=f"B{top + 1}")


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
    top = layout.title(ws, [(title, "title"), *_heading(report)[1:]], len(_DETAIL_COLUMNS))
    values = [_detail_values(n, r) for n, r in enumerate(rows, start=1)]
    late = [r.status is not None and r.status.status == "qua-han" for r in rows]
    last = layout.table(ws, top, _DETAIL_COLUMNS, values, late=lambda k: late[k])
    layout.page(ws, top, last, len(_DETAIL_COLUMNS), freeze=f"C{top + 1}")


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
    top = layout.title(ws, [(title, "title"), *_heading(report)[1:]], len(_AGENCY_COLUMNS))
    groups, total = report.agencies
    rows = [_agency_values(t, registry) for t in groups]
    last = layout.table(
        ws, top, _AGENCY_COLUMNS, rows, late=lambda k: bool(groups[k].counts["qua-han"])
    )
    layout.put(
        ws,
        last + 2,
        1,
        "Một nhiệm vụ giao cho nhiều cơ quan được tính cho từng cơ quan; giao "
        "cho nhóm («các sở, ban ngành», «UBND cấp huyện») thì tính cho nhóm. "
        f"Tổng số nhiệm vụ có thời hạn: {total.dated}.",
        "note",
    )
    layout.page(ws, top, last, len(_AGENCY_COLUMNS), freeze=f"B{top + 1}")


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
    top = layout.title(
        ws, [("DIỄN BIẾN TRONG TUẦN", "title"), *_heading(report)[1:]], len(_WEEK_COLUMNS)
    )
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
        layout.put(ws, row, 1, f"{heading}: {len(values)}", "total")
        row = layout.table(ws, row + 1, _WEEK_COLUMNS, values, late=_always(late)) + 2
    ws.freeze_panes = f"A{top}"
    layout.print_setup(ws)


# --- the file -------------------------------------------------------------------------------------


def workbook(report: Report, registry: Registry) -> Workbook:
    wb = Workbook()
    layout.styles(wb)
    first = wb.active
    assert isinstance(first, Worksheet)  # a new workbook opens on one worksheet
    _summary(first, report)
    _details(wb.create_sheet(SHEETS[1]), report, report.rows, "CHI TIẾT TIẾN ĐỘ CÁC NHIỆM VỤ")
    _details(wb.create_sheet(SHEETS[2]), report, report.overdue, "CÁC NHIỆM VỤ QUÁ HẠN")
    _by_agency(wb.create_sheet(SHEETS[3]), report, registry)
    if report.matrix is not None:
        excel_matrix.sheet(wb.create_sheet(SHEETS[4]), report.matrix, _heading(report)[1:])
    _week(wb.create_sheet(SHEETS[5]), report)
    return wb


def write(report: Report, registry: Registry, path: Path) -> None:
    """Write through a temporary file beside `path`, renamed into place when complete."""
    data = layout.workbook_bytes(workbook(report, registry))

    def save(tmp: str) -> None:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())

    replace_atomically(path, save)
