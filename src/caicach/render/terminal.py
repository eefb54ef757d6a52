"""Tables for people, with Vietnamese labels; they wrap to the terminal (80 columns when piped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from caicach.agencies import Registry
from caicach.queries import AgencyCount, Row
from caicach.render.labels import KIND, LEVEL, ROLE, vn_date
from caicach.resolve import Assignee, TrackedItem
from caicach.text import sort_key

_LEVEL_ORDER = {"tinh": 0, "huyen": 1, "xa": 2, "trung-uong": 3}


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


def items(
    rows: Sequence[Row], out: TextIO, *, registry: Registry, title: str = "", **_: Any
) -> None:
    console = _console(out)
    many = len({r.item.plan.id for r in rows}) > 1
    is_overdue = any(r.days_overdue is not None for r in rows)
    with_match = any(r.match is not None for r in rows)
    table = Table(title=title or None, show_lines=True, expand=False)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Nhiệm vụ", ratio=3, overflow="fold")
    table.add_column("Chủ trì", ratio=2, overflow="fold")
    if with_match:
        table.add_column("Vai trò", ratio=1)
    table.add_column("Hạn" if not is_overdue else "Hạn trễ nhất", no_wrap=True)
    if is_overdue:
        table.add_column("Quá hạn", justify="right", no_wrap=True)
    for r in rows:
        cells = [_label(r.item, many), _short(r.item.task), _names(r.item.lead)]
        if with_match:
            cells.append(_match(r, registry))
        if is_overdue:
            first = min(m.due for m in r.overdue if m.due is not None)
            missed = f"\n({len(r.overdue)} mốc)" if len(r.overdue) > 1 else ""
            cells += [vn_date(first) + missed, f"{r.days_overdue} ngày"]
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


def item(i: TrackedItem, out: TextIO, *, registry: Registry, **_: Any) -> None:
    console = _console(out)
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
    for line in lines:
        console.print(line)
    table = Table(title="Các mốc", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("Nội dung", overflow="fold")
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Loại")
    for n, m in enumerate(i.milestones, start=1):
        label = m.label or "hoàn thành"
        if m.period and m.kind == "recurring":
            label += f" ({m.period})"
        if m.note:
            label += f"\n({m.note})"
        table.add_row(str(n), label, vn_date(m.due), KIND[m.kind])
    console.print(table)
    for note in i.notes:
        console.print(f"Ghi chú: {note}")
    console.print(f"Nguồn: {i.path}:{i.line}", style="dim")


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
    table.add_column("Tên", overflow="fold")
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
    groups.add_column("Tên", overflow="fold")
    groups.add_column("Thành viên", justify="right")
    groups.add_column("Chủ trì", justify="right")
    groups.add_column("Phối hợp", justify="right")
    for cls in registry.classes.values():
        c = by_id[cls.id]
        members = "—" if cls.members is None else str(len(registry.members(cls.id)))
        groups.add_row(cls.id, cls.name, members, str(c.lead_total), str(c.co_total))
    console.print(groups)
