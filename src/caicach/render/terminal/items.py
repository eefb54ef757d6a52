"""Tables for people, with Vietnamese labels; they wrap to the terminal (80 columns when piped).
Every cell passes through `printable`: plan text never reaches the terminal as a control code."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import TextIO

from rich.console import Console
from rich.table import Table

from caicach.dates import vn_date
from caicach.plan.items import Assignee, Record, TrackedItem
from caicach.plan.milestone import numbered
from caicach.plan.registry import Registry
from caicach.plan.words import ENTRY_KIND, MATRIX_LEGEND, MILESTONE_KIND, ROLE, SHORT_STATUS
from caicach.render.safe import printable
from caicach.render.terminal.grid import Column, Spec, draw, layout
from caicach.render.terminal.tables import (
    add_row,
    agency_tables,
    matrix_tables,
    shares_lines,
    summary_lines,
    summary_table,
    targets_table,
)
from caicach.render.text.waiting import waiting_text
from caicach.tracking.history import named
from caicach.tracking.matrix import Matrix
from caicach.tracking.missing import missing
from caicach.tracking.queries import Row
from caicach.tracking.status import ItemStatus
from caicach.tracking.targets import STATE as TARGET_STATE
from caicach.tracking.targets import TargetList
from caicach.tracking.views import (
    AgencyTable,
    DueList,
    ItemDetail,
    ItemList,
    LogView,
    SummaryView,
)


def to_rich(spec: Spec) -> Table:
    table = Table(title=spec.title, show_lines=spec.show_lines)
    for c in spec.columns:
        table.add_column(
            c.header,
            no_wrap=c.no_wrap,
            overflow=c.overflow,
            justify=c.justify,
            ratio=c.ratio,
            max_width=c.max_width,
        )
    for row in spec.rows:
        table.add_row(*row)
    return table


def names(assignees: Sequence[Assignee]) -> str:
    return "; ".join(dict.fromkeys(a.name for a in assignees))


def _match(r: Row, registry: Registry) -> str:
    if r.match is None:
        return ""
    text = ROLE[r.match.role]
    if r.match.via:
        text += f"\n(qua «{registry.name_of(r.match.via)}»)"
    if r.match.of and r.match.since:
        text += f"\n(kế thừa «{registry.name_of(r.match.of)}» từ {r.match.since:%d/%m/%Y})"
    return text


def short(text: str, limit: int = 100) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _dues(item: TrackedItem) -> str:
    """All due dates of an item, compactly: a run of recurring dates as its range."""
    recurring = [m.due for m in item.dated if m.recurs and m.due]
    once = [vn_date(m.due) for m in item.dated if not m.recurs]
    if recurring:
        first, last = recurring[0], recurring[-1]  # over several years, the first with its year
        shown = f"{first:%d/%m}" if first.year == last.year else vn_date(first)
        once.append(f"{len(recurring)} mốc {shown}–{vn_date(last)}")
    return "\n".join(once) or "không xác định"


def _status(s: ItemStatus) -> str:
    return SHORT_STATUS[s.detail or s.status]


def _late(s: ItemStatus) -> list[str]:
    missed = s.overdue
    if not missed:  # asked for with --status: done late, or not overdue at all
        return [vn_date(s.due), _status(s)]
    first = min(m.milestone.due for m in missed if m.milestone.due is not None)
    count = f"\n({len(missed)} mốc)" if len(missed) > 1 else ""
    return [vn_date(first) + count, f"{s.days_overdue} ngày"]


def _when(r: Row, view: ItemList, with_status: bool) -> list[str]:
    if view.overdue and r.status is not None:
        return _late(r.status)
    if with_status and r.status is not None:
        return [f"{_dues(r.item)}\n{_status(r.status)}"]
    return [_dues(r.item)]


def _items_table(view: ItemList) -> Spec:
    rows = view.rows
    many = len({r.item.plan.id for r in rows}) > 1
    with_match = any(r.match is not None for r in rows)
    with_status = any(r.status is not None for r in rows) and not view.overdue
    columns = [
        Column("Mã", no_wrap=True),
        Column("Nhiệm vụ", ratio=3, overflow="fold"),
        Column("Chủ trì", ratio=2, overflow="fold"),
    ]
    if with_match:
        columns.append(Column("Vai trò", ratio=1))
    if view.overdue:
        columns.append(Column("Hạn trễ nhất", no_wrap=True))
        columns.append(Column("Quá hạn", justify="right", no_wrap=True))
    else:
        columns.append(Column("Hạn, tình trạng" if with_status else "Hạn", no_wrap=True))
    table = Spec(columns, title=view.title or None, show_lines=True)
    for r in rows:
        label = r.item.qualified_id if many else r.item.id
        cells = [label, short(r.item.task), _leads(r, view)]
        cells += [_match(r, view.registry)] if with_match else []
        add_row(table, *cells, *_when(r, view, with_status))
    return table


_NAMED_WAITING = 3  # a table cell names the first few still waiting, and counts the rest


def _leads(r: Row, view: ItemList) -> str:
    """The leads as the plan writes them; on the overdue list, a class's members still waiting."""
    day = r.status.as_of if r.status is not None else None
    text = named(r.item.lead, view.registry, day)
    found = missing(r.status) if view.overdue else None
    return f"{text}\n{waiting_text(found, view.registry, _NAMED_WAITING)}" if found else text


def _parties(
    title: str, assignees: Sequence[Assignee], registry: Registry, day: date | None = None
) -> list[str]:
    if not assignees:
        return [f"{title}: (không ghi)"]
    lines = [f"{title}:"]
    for a in assignees:
        official = registry.name_of(a.agency_id)
        resolved = "" if official.casefold() == a.name.casefold() else f" → {official}"
        moved = registry.successor_note(a.agency_id, day) if day is not None else None
        resolved += f" → {moved}" if moved else ""
        lines.append(f"  - {a.name}{resolved}" + (f": {a.role}" if a.role else ""))
    return lines


def _item_lines(r: Row, registry: Registry) -> list[str]:
    i = r.item
    lines = [
        f"{i.id}  ({i.plan.number}, kế hoạch {i.plan.id})",
        f"Lĩnh vực: {i.area.printed} {i.area.title}",
    ]
    if i.parent_task:
        lines.append(f"Thuộc nhiệm vụ: {i.parent_task}")
    lines.append(f"Nhiệm vụ: {i.task}")
    day = r.status.as_of if r.status is not None else None
    lines += _parties("Cơ quan chủ trì", i.lead, registry, day)
    lines += _parties("Cơ quan phối hợp", i.co, registry, day)
    if i.products:
        lines += ["Sản phẩm:", *(f"  - {p}" for p in i.products)]
    lines.append(f"Thời gian thực hiện: {i.deadline or '(không ghi)'}")
    if r.status is not None:
        lines.append(
            f"Tình trạng ngày {vn_date(r.status.as_of)}: {r.status.label}"
            + (" (đã có báo cáo tiến độ)" if r.status.detail == "dang-thuc-hien" else "")
        )
    return lines


def _milestones(r: Row, registry: Registry) -> Table:
    table = Table(title="Các mốc")
    table.add_column("#", justify="right")
    table.add_column("Nội dung", overflow="fold")
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Tình trạng", overflow="fold")
    statuses = {m.number: m for m in r.status.milestones} if r.status else {}
    for n, m in enumerate(r.item.milestones, start=1):
        label = m.name + (f"\n({m.note})" if m.note else "")
        state = MILESTONE_KIND[m.kind]
        if n in statuses:
            st = statuses[n]
            state = SHORT_STATUS[st.status]
            if st.completed_on:
                state += f" {vn_date(st.completed_on)}"
            for rep in st.reports:
                who = registry.name_of(rep.agency) if rep.agency else ""
                who += " (báo cáo chung)" if rep.summary else ""
                state += f"\n{rep.date:%d/%m} {who.strip()}"
                state += f": {rep.evidence}" if rep.evidence else ""
            if st.waiting:
                state += "\nChưa báo cáo: " + ", ".join(registry.name_of(a) for a in st.waiting)
        add_row(table, str(n), label, vn_date(m.due), state)
    return table


def _kind(r: Record, superseded: frozenset[tuple[str, int]]) -> str:
    text = ENTRY_KIND[r.kind]
    if r.corrects:
        text += " (sửa)"
    if (r.path, r.line) in superseded:
        text += "\n(đã được sửa)"
    return text


def _history(
    records: Sequence[Record],
    items: dict[str, TrackedItem],
    registry: Registry,
    title: str,
    superseded: frozenset[tuple[str, int]],
) -> Spec:
    columns = [
        Column("Ngày", no_wrap=True),
        Column("Mã", no_wrap=True),
        Column("Mốc", overflow="fold"),
        Column("Loại"),
        Column("Nội dung", overflow="fold", ratio=2),
    ]
    table = Spec(columns, title=title, show_lines=True)
    for r in records:
        item = items.get(r.item)
        milestone = "cả nhiệm vụ"
        if r.milestone is not None and item is not None:
            milestone = numbered(r.milestone, item.milestones[r.milestone - 1])
        text = [x for x in (r.evidence, r.note) if x]
        if r.agency:
            text.insert(0, registry.name_of(r.agency))
        add_row(
            table,
            vn_date(r.date),
            r.item.rpartition(":")[2],
            milestone,
            _kind(r, superseded),
            "\n".join(text),
        )
    return table


def _due_table(view: DueList) -> Spec:
    columns = [
        Column("Hạn", no_wrap=True),
        Column("Còn", justify="right", no_wrap=True),
        Column("Mã", no_wrap=True),
        Column("Mốc", overflow="fold", ratio=2),
        Column("Chủ trì", overflow="fold", ratio=2),
    ]
    title = f"Đến hạn từ {vn_date(view.as_of)} trong {view.within} ngày"
    table = Spec(columns, title=title, show_lines=True)
    for d in view.dues:
        m = d.milestone.milestone
        item = d.row.item
        label = m.name if m.label else short(item.task, 60) + (f" ({m.period})" if m.period else "")
        add_row(table, vn_date(m.due), f"{d.days_left} ngày", item.id, label, names(item.lead))
    return table


class TableRenderer:
    def __init__(self, out: TextIO) -> None:
        # markup off: plan text may hold "[...]" that rich would read as styling.
        # emoji off too: ":x:" in a plan's text is text, not an emoji code.
        self.console = Console(file=out, highlight=False, markup=False, emoji=False)

    def _say(self, text: str, style: str | None = None) -> None:
        self.console.print(printable(text), style=style)

    def _table(self, spec: Spec) -> None:
        """Drawn by `grid`: rich's lines, in a time that stays small at 10,000 rows (rich takes
        about 1 ms a row). Only on a terminal too narrow for every column is rich asked."""
        sizes = layout(spec, self.console.width)
        if sizes is None:
            self.console.print(to_rich(spec))
            return
        styled = self.console.is_terminal and not self.console.no_color
        lines = draw(spec, sizes, styled=styled)
        # Written a thousand lines at a time: few writes, and never the whole table in memory
        # twice (as text and as the bytes it is encoded to: 20 MB at 10,000 items).
        while batch := list(itertools.islice(lines, 1000)):
            self.console.file.write("\n".join(batch) + "\n")

    def items(self, view: ItemList) -> None:
        if view.rows:
            self._table(_items_table(view))
        count = len(view.rows)
        tail = (
            " (đầy đủ: caicach show <mã>)" if count else (f" — {view.title}" if view.title else "")
        )
        self._say(f"{count} nhiệm vụ{tail}")

    def item(self, view: ItemDetail) -> None:
        r = view.row
        for line in _item_lines(r, view.registry):
            self._say(line)
        self.console.print(_milestones(r, view.registry))
        if r.status is not None:
            for line in shares_lines(r.status, view.registry):
                self._say(line)
        for note in r.item.notes:
            self._say(f"Ghi chú: {note}")
        if view.history:
            items = {r.item.qualified_id: r.item}
            table = _history(view.history, items, view.registry, "Nhật ký", view.superseded)
            self._table(table)
        self._say(f"Nguồn: {r.item.path}:{r.item.line}", style="dim")

    def agencies(self, view: AgencyTable) -> None:
        for table in agency_tables(view):
            self.console.print(table)

    def summary(self, view: SummaryView) -> None:
        self.console.print(summary_table(view))
        for text, style in summary_lines(view):
            self._say(text, style)

    def due(self, view: DueList) -> None:
        if view.dues:
            self._table(_due_table(view))
        self._say(f"{len(view.dues)} mốc")

    def log(self, view: LogView) -> None:
        if view.records:
            title = "Nhật ký tiến độ"
            table = _history(view.records, view.items, view.registry, title, view.superseded)
            self._table(table)
        self._say(f"{len(view.records)} mục")

    def targets(self, view: TargetList) -> None:
        if view.statuses:
            self.console.print(targets_table(view))
        counts = {k: sum(1 for s in view.statuses if s.state == k) for k in TARGET_STATE}
        said = ", ".join(f"{TARGET_STATE[k].lower()} {n}" for k, n in counts.items())
        self._say(f"{len(view.statuses)} chỉ tiêu: {said}")

    def matrix(self, view: Matrix) -> None:
        for table in matrix_tables(view, self.console.width):
            self._table(table)
        self._say(MATRIX_LEGEND, style="dim")
        self._say(f"{len(view.agencies)} cơ quan × {len(view.items)} nhiệm vụ")
