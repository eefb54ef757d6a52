"""The status workbook, sheet by sheet. With xlsx_layout, the only modules that import openpyxl;
they are imported when a workbook is written, never at start-up.

Office conventions: Times New Roman, real dates shown dd/mm/yyyy, frozen header rows, autofilter,
wrapped text, A4 landscape one page wide with the header repeated and page numbers, overdue rows
highlighted. Text from plan files never becomes a formula."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from caicach.atomic import write_bytes_atomically
from caicach.dates import vn_date
from caicach.plan.milestone import numbered
from caicach.plan.registry import Registry
from caicach.plan.words import RATE_LABELS, RATE_NOTE, STATUS
from caicach.render.text.waiting import waiting_text
from caicach.render.xlsx import layout
from caicach.render.xlsx import matrix as excel_matrix
from caicach.render.xlsx import office as excel_office
from caicach.render.xlsx.layout import Column, Sheet
from caicach.tracking.history import named
from caicach.tracking.missing import missing
from caicach.tracking.queries import Row
from caicach.tracking.report import Event, Report, evidence, next_open
from caicach.tracking.summary import Tally
from caicach.tracking.targets import STATE as TARGET_STATE
from caicach.tracking.targets import TargetList, threshold_text, value_text
from caicach.tracking.trend import Trend

SHEETS = (
    "Tổng hợp",
    "Chi tiết",
    "Quá hạn",
    "Theo cơ quan",
    "Ma trận",
    "Trong tuần",
    "Theo tuần",
    "Chỉ tiêu",
)


def _heading(report: Report) -> list[tuple[str, str]]:
    lines = [(report.title, "title"), (report.subtitle, "note")]
    if report.window is not None:
        w = report.window
        name = f"năm {w.year}" if w.label.lower() == "năm" else f"{w.label} năm {w.year}"
        lines.append(
            (
                f"Báo cáo {name}: số liệu từ {vn_date(w.start)} đến {vn_date(w.end)}; hạn gửi "
                f"báo cáo {vn_date(w.due)}. Mỗi nhiệm vụ được xét theo các mốc đến hạn đến "
                f"{vn_date(w.end)}; nhiệm vụ chưa có mốc đến hạn là chưa đến hạn.",
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
    Column("Đã đến hạn", 9, "int"),
    Column("HT đúng hạn", 10, "int"),
    Column("HT trễ hạn", 10, "int"),
    Column("Đang thực hiện", 11, "int"),
    Column("Chưa thực hiện", 11, "int"),
    Column("Chưa HT quá hạn", 11, "int"),
    Column("Không xác định thời hạn", 12, "int"),
    Column(RATE_LABELS["completion"], 11, "pct"),
    Column(RATE_LABELS["on_time"], 12, "pct"),
)


def _box_values(t: Tally) -> list[Any]:
    c = t.counts
    return [
        t.dated,
        t.due_by,
        c["dung-han"],
        c["tre-han"],
        c["dang-thuc-hien"],
        c["chua-thuc-hien"],
        c["qua-han"],
        c["khong-xac-dinh"],
        t.completion_rate,
        t.on_time_rate,
    ]


def _summary(ws: Sheet, report: Report) -> None:
    columns = [Column("Lĩnh vực", 42), *_BOX_COLUMNS]
    start = 1
    if report.office is not None:
        start = excel_office.heading(
            ws, report.office, len(columns), 1, report.made or report.as_of
        )
    top = layout.title(ws, _heading(report), len(columns), start)
    groups, total = report.areas
    last = layout.table(ws, top, columns, [[t.label, *_box_values(t)] for t in [*groups, total]])
    ws.embolden(last)  # the total row
    layout.note(
        ws,
        last + 2,
        len(columns),
        f"Đã đến hạn: {total.due_by} nhiệm vụ; đã hoàn thành {total.done_due_by}, trong đó "
        f"đúng hạn {total.on_time_due_by}; chưa đến hạn: {total.dated - total.due_by}. "
        + RATE_NOTE,
    )
    if total.counts["da-huy"]:
        layout.note(
            ws,
            last + 3,
            len(columns),
            f"Đã hủy theo quyết định điều chỉnh: {total.counts['da-huy']}",
        )
    after = last + 5
    if report.office is not None:
        after = excel_office.signatures(ws, after, report.office, len(columns), 1)
    ws.fit_notes()  # the notes' heights count in whether the table fits a page
    repeat = not layout.fits_page(ws, last)
    layout.page(ws, top, last, len(columns), freeze=f"B{top + 1}", repeat=repeat)
    if groups:
        bars = layout.chart(ws, top, len(groups), first=4)  # HT đúng hạn…
        layout.keep_whole(ws, after, bars.height * _CM)
        ws.add_chart(bars, f"A{after}")


_CM = 72 / 2.54  # points a centimetre (a chart's size is in centimetres)


# Eleven columns about 155 characters wide: one A4 landscape page wide at about 92 %, so the
# text prints near 10 pt; in Chi tiết the area is a band row above its items. The widths of the
# five text columns are then shared out by the rows' own text (layout.widened).
_DETAIL_COLUMNS = (
    Column("STT", 5, "int"),
    Column("Mã", 6),
    Column("Nhiệm vụ", 37),
    Column("Cơ quan chủ trì (phối hợp)", 20),
    Column("Sản phẩm", 18),
    Column("Thời gian thực hiện", 15),
    Column("Hạn", 10, "date"),
    Column("Tình trạng", 12),
    Column("Số ngày quá hạn", 8, "int"),
    Column("Ngày hoàn thành", 10, "date"),
    Column("Minh chứng", 15),
)


def _names(row: Row, lead: bool) -> str:
    return "; ".join(dict.fromkeys(a.name for a in (row.item.lead if lead else row.item.co)))


def _agencies(row: Row, registry: Registry) -> str:
    """The leads as the plan writes them, each with its successor on the day; the co-agencies."""
    co = _names(row, False)
    day = row.status.as_of if row.status is not None else None
    return named(row.item.lead, registry, day) + (f"\n(Phối hợp: {co})" if co else "")


def _detail_values(n: int, row: Row, registry: Registry) -> list[Any]:
    s = row.status
    assert s is not None
    i = row.item
    return [
        n,
        i.id,
        i.task,
        _agencies(row, registry),
        "\n".join(i.products),
        i.deadline or "",
        next_open(s),
        STATUS[s.status],
        s.days_overdue,
        s.completed_on,
        evidence(s),
    ]


def _details(
    ws: Sheet,
    report: Report,
    rows: Sequence[Row],
    title: str,
    registry: Registry,
    *,
    bands: bool,
    waiting: bool = False,
) -> None:
    """The items, one a row; with `bands`, a row naming the area above each area's items (and
    its plan, when the rows are of several: each has its own 4.d)."""
    width = len(_DETAIL_COLUMNS)
    top = layout.title(ws, [(title, "title"), *_heading(report)[1:]], width)
    values = [_detail_values(n, r, registry) for n, r in enumerate(rows, start=1)]
    if waiting:  # the Quá hạn sheet: who of a class is still waiting, before the widths are set
        for v, r in zip(values, rows, strict=True):
            v[3] = _with_waiting(v[3], r, registry)
    columns = layout.widened(_DETAIL_COLUMNS, values)
    last = layout.table(ws, top, columns, [])
    area: tuple[str, int] | None = None
    many = len({r.item.plan.id for r in rows}) > 1
    areas = [(r.item.plan.id, r.item.area.id) for r in rows]
    end = (
        last
        + len(rows)
        + (sum(1 for n, a in enumerate(areas) if not n or a != areas[n - 1]) if bands else 0)
    )
    # Set before the rows, so that they are written as they come (`Sheet.stream`).
    layout.page(ws, top, end, width, freeze=f"C{top + 1}")
    ws.stream(end, width)
    for r, v in zip(rows, values, strict=True):
        if bands and (r.item.plan.id, r.item.area.id) != area:  # a band row: number and title
            area, last = (r.item.plan.id, r.item.area.id), last + 1
            layout.band(ws, last, width)
            named = f"{r.item.area.printed} {r.item.area.title}"
            named = f"{r.item.plan.number}: {named}" if many else named
            layout.put(ws, last, 1, named, "total")
        last += 1
        late = r.status is not None and r.status.status == "qua-han"
        layout.row(ws, last, columns, v, late)
        if last % _SEND_EVERY == 0:
            ws.send(last)


_SEND_EVERY = 500  # rows a streaming sheet keeps before it writes them


_NAMED_WAITING = 5  # the Quá hạn sheet's agencies cell names the first few still waiting


def _with_waiting(agencies: str, r: Row, registry: Registry) -> str:
    """On the Quá hạn sheet, an item given to a class: who of its members is still waiting."""
    found = missing(r.status)
    return f"{agencies}\n{waiting_text(found, registry, _NAMED_WAITING)}" if found else agencies


_AGENCY_COLUMNS = (
    Column("Cơ quan chủ trì", 36),
    Column("Tổng số (có thời hạn)", 9, "int"),
    Column("Đã đến hạn", 9, "int"),
    Column("HT đúng hạn", 9, "int"),
    Column("HT trễ hạn", 9, "int"),
    Column("Chưa HT trong hạn", 10, "int"),
    Column("Chưa HT quá hạn", 10, "int"),
    Column(RATE_LABELS["completion"], 11, "pct"),
    Column(RATE_LABELS["on_time"], 12, "pct"),
    Column(RATE_LABELS["overdue"], 11, "pct"),
    Column("Ghi chú", 24),
)


def _agency_values(t: Tally, registry: Registry) -> list[Any]:
    c = t.counts
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
        t.due_by,
        c["dung-han"],
        c["tre-han"],
        in_time,
        c["qua-han"],
        t.completion_rate,
        t.on_time_rate,
        t.overdue_rate,
        "; ".join(notes),
    ]


def _by_agency(ws: Sheet, report: Report, registry: Registry) -> None:
    title = "TỔNG HỢP THEO CƠ QUAN CHỦ TRÌ"
    top = layout.title(ws, [(title, "title"), *_heading(report)[1:]], len(_AGENCY_COLUMNS))
    groups, total = report.agencies
    rows = [_agency_values(t, registry) for t in groups]
    last = layout.table(
        ws, top, _AGENCY_COLUMNS, rows, late=lambda k: bool(groups[k].counts["qua-han"])
    )
    layout.note(
        ws,
        last + 2,
        len(_AGENCY_COLUMNS),
        "Một nhiệm vụ giao cho nhiều cơ quan được tính cho từng cơ quan; giao "
        "cho nhóm («các sở, ban ngành», «UBND cấp huyện») thì tính cho nhóm. "
        f"Tổng số nhiệm vụ có thời hạn: {total.dated}. " + RATE_NOTE,
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


def _week(ws: Sheet, report: Report) -> None:
    """One table: a band row for each section (completed, fell overdue, due next), its rows
    under it, so the header repeats on every printed page."""
    until = vn_date(report.as_of)
    width = len(_WEEK_COLUMNS)
    top = layout.title(ws, [("DIỄN BIẾN TRONG TUẦN", "title"), *_heading(report)[1:]], width)
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
    last = layout.table(ws, top, _WEEK_COLUMNS, [])
    for heading, values, late in sections:
        last += 1
        layout.band(ws, last, width)
        layout.put(ws, last, 1, f"{heading}: {len(values)}", "total")
        for v in values:
            last += 1
            layout.row(ws, last, _WEEK_COLUMNS, v, late)
    layout.page(ws, top, last, width, freeze=f"A{top + 1}")


_TREND_COLUMNS = (
    Column("Tuần", 8, "int"),
    Column("Đến ngày", 12, "date"),
    Column("Mốc đã đến hạn (lũy kế)", 14, "int"),
    Column("Đã hoàn thành trong số đó", 14, "int"),
    Column("Mốc đã hoàn thành (lũy kế)", 14, "int"),
)


def _trend(ws: Sheet, report: Report, t: Trend) -> None:
    """Progress over time: a row a week of the plans' year, and its line chart."""
    width = len(_TREND_COLUMNS)
    title = f"TIẾN ĐỘ THEO TUẦN NĂM {t.year}"
    top = layout.title(ws, [(title, "title"), *_heading(report)[1:]], width)
    values = [[w.number, w.end, w.due, w.done_of_due, w.done] for w in t.weeks]
    last = layout.table(ws, top, _TREND_COLUMNS, values)
    layout.page(ws, top, last, width)
    line = layout.line_chart(ws, top, len(values), t.year)
    layout.keep_whole(ws, top, line.height * _CM)
    ws.add_chart(line, f"G{top}")


_TARGET_COLUMNS = (
    Column("Mã", 14),
    Column("Điểm", 8),
    Column("Chỉ tiêu", 48),
    Column("Ngưỡng", 12),
    Column("Năm phải đạt", 8, "int"),
    Column("Số liệu mới nhất", 14),
    Column("Tình trạng", 12),
    Column("Nguồn số liệu; ghi chú", 30),
)


def _targets(ws: Sheet, report: Report, view: TargetList) -> None:
    """The targets the plans serve, each against its latest published value."""
    width = len(_TARGET_COLUMNS)
    sources = ", ".join(dict.fromkeys(f"{s.source.number}" for s in view.statuses))
    title = f"CHỈ TIÊU ({sources}) — SỐ LIỆU ĐẾN NĂM {view.year}"
    top = layout.title(ws, [(title, "title"), *_heading(report)[1:]], width)
    rows = [
        [
            s.target.id,
            s.target.point,
            s.target.text,
            threshold_text(s.target),
            s.target.year,
            value_text(s),
            TARGET_STATE[s.state],
            "; ".join(x for x in (s.value.source if s.value else None, *s.target.notes) if x),
        ]
        for s in view.statuses
    ]
    late = [s.state == "chua-dat" for s in view.statuses]
    last = layout.table(ws, top, _TARGET_COLUMNS, rows, late=lambda k: late[k])
    layout.page(ws, top, last, width, freeze=f"C{top + 1}")


# --- the file -------------------------------------------------------------------------------------


def workbook(report: Report, registry: Registry) -> Workbook:
    wb = layout.new_workbook()
    layout.styles(wb)
    excel_office.styles(wb)
    _summary(layout.sheet(wb, SHEETS[0]), report)
    detail, overdue = layout.sheet(wb, SHEETS[1]), layout.sheet(wb, SHEETS[2])
    _details(detail, report, report.rows, "CHI TIẾT TIẾN ĐỘ CÁC NHIỆM VỤ", registry, bands=True)
    title = "CÁC NHIỆM VỤ QUÁ HẠN"
    _details(overdue, report, report.overdue, title, registry, bands=False, waiting=True)
    _by_agency(layout.sheet(wb, SHEETS[3]), report, registry)
    if report.matrix is not None:
        excel_matrix.sheet(layout.sheet(wb, SHEETS[4]), report.matrix, _heading(report)[1:])
    if report.window is None:  # a periodic report has no week of its own
        _week(layout.sheet(wb, SHEETS[5]), report)
    if report.trend is not None and report.trend.weeks:
        _trend(layout.sheet(wb, SHEETS[6]), report, report.trend)
    if report.targets is not None:
        _targets(layout.sheet(wb, SHEETS[7]), report, report.targets)
    wb.properties.title = f"{report.title}: {_heading(report)[2][0].split(':')[0]}"
    wb.properties.subject = report.subtitle
    wb.properties.creator = report.office.name if report.office is not None else "caicach"
    wb.properties.lastModifiedBy = wb.properties.creator
    return wb


def write(report: Report, registry: Registry, path: Path) -> None:
    """Write through a temporary file beside `path`, renamed into place when complete."""
    write_bytes_atomically(path, layout.workbook_bytes(workbook(report, registry)))
