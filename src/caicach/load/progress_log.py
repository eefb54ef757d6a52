"""Reading a progress log: one YAML file per plan under `plans/progress/`, each entry checked on
its own against the plan it names, so that one bad entry hides none of the others."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from caicach.dates import vn_date
from caicach.errors import Problem
from caicach.plan.items import (
    Record,
    TrackedItem,
    canonical_id,
    inherited_shares,
    match,
    milestone_number,
    not_concerned,
)
from caicach.plan.model import PlanInfo, ProgressEntry
from caicach.plan.registry import Registry

if TYPE_CHECKING:
    from caicach.load.yaml_source import Document

FOLDER = "progress"


def log_path(plans: Path, plan_id: str) -> Path:
    return plans / FOLDER / f"{plan_id}.yaml"


@dataclass(frozen=True)
class Tail:
    """Where a log takes its next entry, for the file as it was read: a writer that finds the
    same text under the lock need not read it again."""

    indent: int  # the column of the list's dashes, less one
    text: str = field(repr=False)


def tail(doc: Document) -> int:
    """The indent of the next entry of a log. ValueError when an entry cannot be appended and
    read back: `entries:` must be the file's last key, and a block list or nothing."""
    refusal = "`entries:` phải là khóa cuối cùng của tệp và là danh sách dạng khối"
    data = doc.data
    if not isinstance(data, dict) or not data or list(data)[-1] != "entries":
        raise ValueError(refusal)
    lines = doc.text.splitlines()
    if data["entries"]:
        line, col = doc.locate(("entries",))
        if lines[line - 1][col - 1 : col] != "-":
            raise ValueError(refusal)
        return col - 1
    line, col = doc.locate(("entries",), key=True)
    after = lines[line - 1][col - 1 :].split(":", 1)[1].split("#", 1)[0].strip()
    if after:  # `entries: []`, `entries: null`: a dash below would not continue it
        raise ValueError(refusal)
    return 0


class _EntryError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def resolve_entries(
    doc: Document,
    plan_id: str,
    entries: Sequence[tuple[int, ProgressEntry]],
    items: Sequence[TrackedItem],
    registry: Registry,
    today: date | None = None,
) -> tuple[list[Record], list[Problem]]:
    """Check entries (with their positions in the file) against the plan the log names: each
    names an item and milestone of it, an agency concerned by it, and a day from the plan's
    issue to `today`."""
    plan_items = {i.id: i for i in items if i.plan.id == plan_id}
    if not plan_items:
        return [], [doc.problem(("progress",), f"không kế hoạch nào đã nạp có mã {plan_id!r}")]
    plan = next(iter(plan_items.values())).plan
    records: list[Record] = []
    problems: list[Problem] = []
    for n, entry in entries:
        try:
            _check_day(entry, plan, today)
            records.append(_record(doc, n, entry, plan_items, registry))
        except _EntryError as exc:
            problems.append(doc.problem(("entries", n, exc.field), exc.message))
    return records, problems


def _check_day(entry: ProgressEntry, plan: PlanInfo, today: date | None) -> None:
    if today is not None and entry.date > today:
        raise _EntryError(
            "date",
            f"{vn_date(entry.date)} là sau hôm nay ({vn_date(today)}): báo cáo không thể "
            "ghi ngày trong tương lai",
        )
    if entry.date < plan.date:
        raise _EntryError(
            "date",
            f"{vn_date(entry.date)} là trước ngày ban hành kế hoạch ({plan.number} ngày "
            f"{vn_date(plan.date)})",
        )


def _item(entry: ProgressEntry, items: dict[str, TrackedItem]) -> TrackedItem:
    wanted = canonical_id(entry.item).rpartition(":")[2]
    item = items.get(wanted)
    if item is None:
        near = difflib.get_close_matches(wanted, list(items), n=1)
        hint = f"; có phải {near[0]!r}?" if near else ""
        plan_id = next(iter(items.values())).plan.id
        raise _EntryError(
            "item", f"không có nhiệm vụ {entry.item!r} trong kế hoạch {plan_id}{hint}"
        )
    return item


def _agency(
    entry: ProgressEntry, item: TrackedItem, registry: Registry
) -> tuple[str | None, tuple[str, ...]]:
    """The reporting agency, and the predecessors whose shares its report speaks for."""
    if entry.agency is None:
        return None, ()
    resolved = registry.resolve(entry.agency)
    if resolved is None:
        raise _EntryError("agency", registry.unknown(entry.agency))
    also = inherited_shares(item, resolved.id, registry, entry.date)
    if match(item, resolved.id, registry) is None and not also:
        raise _EntryError("agency", not_concerned(item, resolved.id, registry))
    return resolved.id, also


def _record(
    doc: Document, n: int, entry: ProgressEntry, items: dict[str, TrackedItem], registry: Registry
) -> Record:
    item = _item(entry, items)
    try:
        number = milestone_number(item, entry.milestone)
    except ValueError as exc:
        raise _EntryError("milestone", str(exc)) from None
    agency, also = _agency(entry, item, registry)
    return Record(
        item.qualified_id,
        number,
        agency,
        entry.kind,
        entry.date,
        entry.evidence,
        entry.note,
        entry.recorded.isoformat() if entry.recorded else None,
        str(doc.path),
        doc.locate(("entries", n))[0],
        entry.corrects,
        also,
    )
