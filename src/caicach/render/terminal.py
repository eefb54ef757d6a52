"""Tables for people, with Vietnamese labels; they wrap to the terminal (80 columns when piped)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from caicach.agencies import Registry
from caicach.queries import AgencyCount, Due, Row, Score, Tally
from caicach.render.labels import KIND, LEVEL, ROLE, SHORT_STATUS, vn_date
from caicach.resolve import Assignee, TrackedItem
from caicach.status import ItemStatus, Record
from caicach.text import sort_key

_LEVEL_ORDER = {"tinh": 0, "huyen": 1, "xa": 2, "trung-uong": 3}
_ENTRY_KIND = {
    "done": "hoàn thành",
    "progress": "đang thực hiện",
    "note": "ghi chú",
    "cancelled": "hủy",
}


def _console(out: TextIO) -> Console:
    # markup off: plan text may hold "[...]" that rich would read as styling.
    return Console(file=out, highlight=False, markup=False)


def _names(assignees: Sequence[Assignee]) -> str:
    return "; ".join(dict.fromkeys(a.name for a in assignees))


def _label(i: TrackedItem, many_plans: bool) -> str:
    return i.qualified_id if many_plans else i.id


def _match(r: Row, registry: Registry) -> str:
    if r.match is None:
        return ""
    text = ROLE[r.match.role]
    if r.match.via:
        text += f"\n(qua «{registry.name_of(r.match.via)}»)"
    return text


def _short(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _dues(item: TrackedItem) -> str:
    """All due dates of an item, compactly: a run of recurring dates as its range."""
    recurring = [m.due for m in item.dated if m.kind == "recurring" and m.due]
    once = [vn_date(m.due) for m in item.dated if m.kind != "recurring"]
    if recurring:
        once.append(f"{len(recurring)} mốc {recurring[0]:%d/%m}–{vn_date(recurring[-1])}")
    return "\n".join(once) or "không xác định"


def _status(s: ItemStatus) -> str:
    return SHORT_STATUS[s.detail or s.status]


def items(
    rows: Sequence[Row],
    out: TextIO,
    *,
    registry: Registry,
    title: str = "",
    overdue: bool = False,
    **_: Any,
) -> None:
    console = _console(out)
    many = len({r.item.plan.id for r in rows}) > 1
    with_match = any(r.match is not None for r in rows)
    with_status = any(r.status is not None for r in rows) and not overdue
    table = Table(title=title or None, show_lines=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Nhiệm vụ", ratio=3, overflow="fold")
    table.add_column("Chủ trì", ratio=2, overflow="fold")
    if with_match:
        table.add_column("Vai trò", ratio=1)
    due_title = "Hạn, tình trạng" if with_status else "Hạn"
    table.add_column("Hạn trễ nhất" if overdue else due_title, no_wrap=True)
    if overdue:
        table.add_column("Quá hạn", justify="right", no_wrap=True)
    for r in rows:
        cells = [_label(r.item, many), _short(r.item.task), _names(r.item.lead)]
        if with_match:
            cells.append(_match(r, registry))
        if overdue and r.status is not None:
            cells += _late(r.status)
        elif with_status and r.status is not None:
            cells.append(f"{_dues(r.item)}\n{_status(r.status)}")
        else:
            cells.append(_dues(r.item))
        table.add_row(*cells)
    if rows:
        console.print(table)
    console.print(
        f"{len(rows)} nhiệm vụ"
        + (f" — {title}" if title and not rows else "")
        + (" (đầy đủ: caicach show <mã>)" if rows else "")
    )


def _late(s: ItemStatus) -> list[str]:
    missed = s.overdue
    if not missed:  # asked for with --status: done late, or not overdue at all
        return [vn_date(s.due), _status(s)]
    first = min(m.milestone.due for m in missed if m.milestone.due is not None)
    count = f"\n({len(missed)} mốc)" if len(missed) > 1 else ""
    return [vn_date(first) + count, f"{s.days_overdue} ngày"]


def item(
    r: Row, out: TextIO, *, registry: Registry, history: Sequence[Record] = (), **_: Any
) -> None:
    console = _console(out)
    i = r.item
    lines = [
        f"{i.id}  ({i.plan.number}, kế hoạch {i.plan.id})",
        f"Lĩnh vực: {i.area.printed} {i.area.title}",
    ]
    if i.parent_task:
        lines.append(f"Thuộc nhiệm vụ: {i.parent_task}")
    lines.append(f"Nhiệm vụ: {i.task}")
    lines += _parties("Cơ quan chủ trì", i.lead, registry)
    lines += _parties("Cơ quan phối hợp", i.co, registry)
    if i.products:
        lines += ["Sản phẩm:", *(f"  - {p}" for p in i.products)]
    lines.append(f"Thời gian thực hiện: {i.deadline or '(không ghi)'}")
    if r.status is not None:
        lines.append(
            f"Tình trạng ngày {vn_date(r.status.as_of)}: {r.status.label}"
            + (" (đã có báo cáo tiến độ)" if r.status.detail == "dang-thuc-hien" else "")
        )
    for line in lines:
        console.print(line)
    console.print(_milestones(r, registry))
    for note in i.notes:
        console.print(f"Ghi chú: {note}")
    if history:
        console.print(_history(history, {i.qualified_id: i}, registry, title="Nhật ký"))
    console.print(f"Nguồn: {i.path}:{i.line}", style="dim")


def _milestones(r: Row, registry: Registry) -> Table:
    table = Table(title="Các mốc")
    table.add_column("#", justify="right")
    table.add_column("Nội dung", overflow="fold")
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Tình trạng", overflow="fold")
    statuses = {m.number: m for m in r.status.milestones} if r.status else {}
    for n, m in enumerate(r.item.milestones, start=1):
        label = m.label or "hoàn thành"
        if m.period and m.kind == "recurring":
            label += f" ({m.period})"
        if m.note:
            label += f"\n({m.note})"
        state = KIND[m.kind]
        if n in statuses:
            st = statuses[n]
            state = SHORT_STATUS[st.status]
            if st.completed_on:
                state += f" {vn_date(st.completed_on)}"
            if st.reported:
                state += "\nĐã báo cáo: " + ", ".join(registry.name_of(a) for a in st.reported)
            if st.waiting:
                state += "\nChưa báo cáo: " + ", ".join(registry.name_of(a) for a in st.waiting)
        table.add_row(str(n), label, vn_date(m.due), state)
    return table


def _parties(title: str, assignees: Sequence[Assignee], registry: Registry) -> list[str]:
    if not assignees:
        return [f"{title}: (không ghi)"]
    lines = [f"{title}:"]
    for a in assignees:
        official = registry.name_of(a.agency_id)
        resolved = "" if official.casefold() == a.name.casefold() else f" → {official}"
        lines.append(f"  - {a.name}{resolved}" + (f": {a.role}" if a.role else ""))
    return lines


def agencies(counts: Sequence[AgencyCount], registry: Registry, out: TextIO) -> None:
    console = _console(out)
    by_id = {c.id: c for c in counts}
    table = Table(title="Cơ quan", caption="Số nhiệm vụ: tổng (trong đó được nêu tên trực tiếp)")
    table.add_column("Mã", no_wrap=True)
    table.add_column("Tên", overflow="fold", ratio=1)
    table.add_column("Cấp")
    table.add_column("Chủ trì", justify="right", no_wrap=True)
    table.add_column("Phối hợp", justify="right", no_wrap=True)
    ordered = sorted(
        registry.agencies.values(), key=lambda a: (_LEVEL_ORDER[a.level], sort_key(a.name))
    )
    for a in ordered:
        c = by_id[a.id]
        table.add_row(
            a.id,
            a.name,
            LEVEL[a.level],
            f"{c.lead_total} ({c.lead_direct})",
            f"{c.co_total} ({c.co_direct})",
        )
    console.print(table)
    groups = Table(title="Nhóm cơ quan")
    groups.add_column("Mã", no_wrap=True)
    groups.add_column("Tên", overflow="fold", ratio=1)
    groups.add_column("Thành viên", justify="right")
    groups.add_column("Chủ trì", justify="right")
    groups.add_column("Phối hợp", justify="right")
    for cls in registry.classes.values():
        c = by_id[cls.id]
        members = "—" if cls.members is None else str(len(registry.members(cls.id)))
        groups.add_row(cls.id, cls.name, members, str(c.lead_total), str(c.co_total))
    console.print(groups)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


_SUMMARY_COLUMNS = ("Tổng", "ĐH", "TrH", "ĐTH", "CTH", "QH", "KXĐ", "%HT", "%ĐH")
_SUMMARY_LEGEND = (
    "Tổng: nhiệm vụ có thời hạn; ĐH: hoàn thành đúng hạn; TrH: hoàn thành trễ hạn; "
    "ĐTH / CTH: chưa hoàn thành, trong hạn, đang / chưa thực hiện; QH: quá hạn; "
    "KXĐ: không xác định thời hạn (ngoài Tổng); %HT, %ĐH: tỷ lệ hoàn thành, hoàn thành đúng "
    "hạn trên số nhiệm vụ đã đến hạn."
)


def summary(
    groups: Sequence[Tally],
    total: Tally,
    out: TextIO,
    *,
    as_of: date,
    by: str,
    score: Score | None = None,
    **_: Any,
) -> None:
    console = _console(out)
    heading = {"area": "Lĩnh vực", "agency": "Cơ quan chủ trì", "plan": "Kế hoạch"}[by]
    table = Table(title=f"Tình hình thực hiện đến ngày {vn_date(as_of)}")
    table.add_column(heading, overflow="fold", ratio=1, min_width=16)
    for name in _SUMMARY_COLUMNS:
        table.add_column(name, justify="right", no_wrap=True)
    for t in [*groups, total]:
        c = t.counts
        table.add_row(
            t.label,
            str(t.dated),
            str(c["dung-han"]),
            str(c["tre-han"]),
            str(c["dang-thuc-hien"]),
            str(c["chua-thuc-hien"]),
            str(c["qua-han"]),
            str(c["khong-xac-dinh"]),
            _percent(t.completion_rate),
            _percent(t.on_time_rate),
            end_section=bool(groups) and t is groups[-1],
        )
    console.print(table)
    console.print(_SUMMARY_LEGEND, style="dim")
    console.print(
        f"Đã đến hạn: {total.due_by} nhiệm vụ; đã hoàn thành {total.done_due_by}, "
        f"trong đó đúng hạn {total.on_time_due_by}."
    )
    if total.counts["da-huy"]:
        console.print(f"Đã hủy theo quyết định điều chỉnh: {total.counts['da-huy']} nhiệm vụ.")
    if score is not None:
        example = " THANG VÍ DỤ, không phải thang chính thức." if score.scale.example else ""
        console.print(
            f"Điểm «{score.scale.name}»: {score.points:g}/{score.scale.max_points:g} "
            f"với tỷ lệ hoàn thành {_percent(score.percent / 100)}, theo "
            f"{score.scale.source}.{example}"
        )


def due(dues: Sequence[Due], out: TextIO, *, as_of: date, within: int, **_: Any) -> None:
    console = _console(out)
    table = Table(title=f"Đến hạn từ {vn_date(as_of)} trong {within} ngày", show_lines=True)
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Còn", justify="right", no_wrap=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Mốc", overflow="fold", ratio=2)
    table.add_column("Chủ trì", overflow="fold", ratio=2)
    for d in dues:
        m = d.milestone.milestone
        label = (m.label or _short(d.row.item.task, 60)) + (f" ({m.period})" if m.period else "")
        table.add_row(
            vn_date(m.due), f"{d.days_left} ngày", d.row.item.id, label, _names(d.row.item.lead)
        )
    if dues:
        console.print(table)
    console.print(f"{len(dues)} mốc")


def log(
    records: Sequence[Record],
    out: TextIO,
    *,
    items: dict[str, TrackedItem],
    registry: Registry,
    **_: Any,
) -> None:
    console = _console(out)
    if records:
        console.print(_history(records, items, registry, title="Nhật ký tiến độ"))
    console.print(f"{len(records)} mục")


def _history(
    records: Sequence[Record], items: dict[str, TrackedItem], registry: Registry, title: str
) -> Table:
    table = Table(title=title, show_lines=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Mốc", overflow="fold")
    table.add_column("Loại")
    table.add_column("Nội dung", overflow="fold", ratio=2)
    for r in records:
        item = items.get(r.item)
        milestone = "cả nhiệm vụ"
        if r.milestone is not None and item is not None:
            m = item.milestones[r.milestone - 1]
            milestone = f"{r.milestone}" + (f" ({m.period})" if m.period else "")
        text = [x for x in (r.evidence, r.note) if x]
        if r.agency:
            text.insert(0, registry.name_of(r.agency))
        table.add_row(
            vn_date(r.date),
            r.item.rpartition(":")[2],
            milestone,
            _ENTRY_KIND[r.kind],
            "\n".join(text),
        )
    return table
