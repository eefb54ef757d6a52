"""The registry, summary and matrix tables of the terminal renderer."""

from __future__ import annotations

from rich.table import Table

from caicach.dates import vn_date
from caicach.plan.registry import Registry
from caicach.plan.words import LEVEL, SHORT_STATUS
from caicach.render.safe import printable
from caicach.render.terminal.grid import Column, Spec
from caicach.render.text.figures import mark, percent
from caicach.text import sort_key
from caicach.tracking.matrix import Matrix
from caicach.tracking.status import ItemStatus
from caicach.tracking.summary import Tally
from caicach.tracking.targets import STATE as TARGET_STATE
from caicach.tracking.targets import TargetList, threshold_text, value_text
from caicach.tracking.trend import Trend, sparkline
from caicach.tracking.views import AgencyTable, SummaryView

_LEVEL_ORDER = {"tinh": 0, "huyen": 1, "xa": 2, "trung-uong": 3}


def add_row(table: Table | Spec, *cells: str, end_section: bool = False) -> None:
    """A row of text from plans, made printable, to a table rich draws or one `grid` draws."""
    if isinstance(table, Spec):
        table.rows.append([printable(c) for c in cells])
    else:
        table.add_row(*(printable(c) for c in cells), end_section=end_section)


def agency_tables(view: AgencyTable) -> list[Table]:
    registry = view.registry
    by_id = {c.id: c for c in view.counts}
    table = Table(title="Cơ quan", caption="Số nhiệm vụ: tổng (trong đó được nêu tên trực tiếp)")
    table.add_column("Mã", no_wrap=True)
    table.add_column("Tên", overflow="fold", ratio=1)
    table.add_column("Cấp")
    table.add_column("Chủ trì", justify="right", no_wrap=True)
    table.add_column("Phối hợp", justify="right", no_wrap=True)
    ordered = sorted(
        (a for a in registry.agencies.values() if a.id in by_id),
        key=lambda a: (_LEVEL_ORDER[a.level], sort_key(a.name)),
    )
    for a in ordered:
        c = by_id[a.id]
        lead, co = f"{c.lead_total} ({c.lead_direct})", f"{c.co_total} ({c.co_direct})"
        add_row(table, a.id, a.name, LEVEL[a.level], lead, co)
    groups = Table(title="Nhóm cơ quan")
    groups.add_column("Mã", no_wrap=True)
    groups.add_column("Tên", overflow="fold", ratio=1)
    for title in ("Thành viên", "Chủ trì", "Phối hợp"):
        groups.add_column(title, justify="right")
    for cls in registry.classes.values():
        if cls.id not in by_id:
            continue  # no member in being on the day asked
        c = by_id[cls.id]
        members = "—" if c.members is None else str(c.members)
        add_row(groups, cls.id, cls.name, members, str(c.lead_total), str(c.co_total))
    return [table, groups]


_SUMMARY_COLUMNS = ("Tổng", "ĐH", "TrH", "ĐTH", "CTH", "QH", "KXĐ", "%HT", "%ĐH")
_SUMMARY_LEGEND = (
    "Tổng: nhiệm vụ có thời hạn; ĐH: hoàn thành đúng hạn; TrH: hoàn thành trễ hạn; "
    "ĐTH / CTH: chưa hoàn thành, trong hạn, đang / chưa thực hiện; QH: quá hạn; "
    "KXĐ: không xác định thời hạn (ngoài Tổng); %HT, %ĐH: tỷ lệ hoàn thành, hoàn thành đúng "
    "hạn trên số nhiệm vụ đã đến hạn."
)
_HEADING = {"area": "Lĩnh vực", "agency": "Cơ quan chủ trì", "plan": "Kế hoạch"}
_BOX_COLUMNS = ("dung-han", "tre-han", "dang-thuc-hien", "chua-thuc-hien", "qua-han")


def _cells(t: Tally) -> list[str]:
    boxes = [str(t.counts[b]) for b in _BOX_COLUMNS]
    rates = [percent(t.completion_rate), percent(t.on_time_rate)]
    return [t.label, str(t.dated), *boxes, str(t.counts["khong-xac-dinh"]), *rates]


def summary_table(view: SummaryView) -> Table:
    table = Table(title=f"Tình hình thực hiện đến ngày {vn_date(view.as_of)}")
    table.add_column(_HEADING[view.by], overflow="fold", ratio=1, min_width=16)
    for name in _SUMMARY_COLUMNS:
        table.add_column(name, justify="right", no_wrap=True)
    for t in view.groups:
        add_row(table, *_cells(t), end_section=t is view.groups[-1])
    add_row(table, *_cells(view.total))
    return table


def summary_lines(view: SummaryView) -> list[tuple[str, str | None]]:
    """The legend and the sentences under the summary table, each with its style."""
    total = view.total
    lines: list[tuple[str, str | None]] = [
        (_SUMMARY_LEGEND, "dim"),
        (
            f"Đã đến hạn: {total.due_by} nhiệm vụ; đã hoàn thành {total.done_due_by}, "
            f"trong đó đúng hạn {total.on_time_due_by}.",
            None,
        ),
    ]
    if total.counts["da-huy"]:
        lines.append(
            (f"Đã hủy theo quyết định điều chỉnh: {total.counts['da-huy']} nhiệm vụ.", None)
        )
    if view.trend is not None:
        lines.append((trend_line(view.trend), None))
    score = view.score
    if score is not None:
        example = " THANG VÍ DỤ, không phải thang chính thức." if score.scale.example else ""
        lines.append(
            (
                f"Điểm «{score.scale.name}»: {score.points:g}/{score.scale.max_points:g} "
                f"với tỷ lệ hoàn thành {percent(score.percent / 100)}, theo "
                f"{score.scale.source}.{example}",
                None,
            )
        )
    return lines


def matrix_tables(view: Matrix, width: int) -> list[Spec]:
    """The matrix, cut into tables of as many item columns as the terminal's width holds."""
    first = min(28, max(16, width // 4))
    per_table = max(1, (width - first - 4) // 8)
    tables = []
    names = {a: printable(view.registry.name_of(a)) for a in view.agencies}  # once, not per table
    for start in range(0, len(view.items), per_table):
        chunk = view.items[start : start + per_table]
        span = f"{chunk[0].id}–{chunk[-1].id}" if len(chunk) > 1 else chunk[0].id
        columns = [Column("Cơ quan", overflow="fold", max_width=first)]
        columns += [Column(printable(i.id), justify="center", no_wrap=True) for i in chunk]
        table = Spec(
            columns, title=printable(f"Ma trận giao việc ngày {vn_date(view.as_of)} ({span})")
        )
        shares = [view.shares(i) for i in chunk]
        for agency in view.agencies:  # a mark is ours ("✗ 12"): nothing in it to make printable
            table.rows.append(
                [names[agency], *[mark(s) if (s := row.get(agency)) else "—" for row in shares]]
            )
        tables.append(table)
    return tables


def shares_lines(status: ItemStatus, registry: Registry) -> list[str]:
    """Each agency's share of an item, grouped by status, for `show`."""
    shares = status.assignments
    if not shares:
        return []
    by_status: dict[str, list[str]] = {}
    for s in shares:
        if s.assignment is not None:
            label = SHORT_STATUS[s.detail or s.status]
            by_status.setdefault(label, []).append(registry.name_of(s.assignment.agency))
    lines = [f"Phần việc của từng cơ quan chủ trì ({len(shares)}):"]
    lines += [f"  {label} ({len(names)}): {', '.join(names)}" for label, names in by_status.items()]
    return lines


def trend_line(t: Trend) -> str:
    """ "Theo tuần năm 2024 (mốc đến hạn đã hoàn thành): ▁▁▂▃… tuần 1–16; tuần 16: 25 đến hạn, 1
    đã hoàn thành": progress over time in one line."""
    if not t.weeks:
        return f"Theo tuần năm {t.year}: chưa có tuần nào đến ngày {vn_date(t.as_of)}."
    last = t.weeks[-1]
    return (
        f"Theo tuần năm {t.year} (tỷ lệ mốc đến hạn đã hoàn thành): {sparkline(t)} tuần "
        f"{t.weeks[0].number}–{last.number}; tuần {last.number}: {last.due} mốc đến hạn, "
        f"{last.done_of_due} đã hoàn thành."
    )


def targets_table(view: TargetList) -> Table:
    sources = ", ".join(dict.fromkeys(s.source.number for s in view.statuses))
    table = Table(
        title=f"Chỉ tiêu ({sources}), số liệu đến năm {view.year}",
        caption="Đạt / Chưa đạt theo số liệu công bố mới nhất; (năm) là năm phải đạt",
    )
    table.add_column("Mã", overflow="fold", max_width=14)
    table.add_column("Chỉ tiêu", overflow="fold", ratio=1, min_width=12)
    table.add_column("Ngưỡng (năm)", overflow="fold", max_width=12)
    table.add_column("Số liệu", overflow="fold", max_width=12)
    table.add_column("Tình trạng", overflow="fold", max_width=10)
    for s in view.statuses:
        t = s.target
        text = f"{t.point} {t.text}"
        text = text if len(text) <= 100 else text[:99] + "…"  # whole in -f json
        goal = f"{threshold_text(t)} ({t.year})"
        add_row(table, t.id, text, goal, value_text(s), TARGET_STATE[s.state])
    return table
