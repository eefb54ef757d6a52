"""The progress log: one YAML file per plan under `plans/progress/`, owned by caicach, open to hand
edits. Entries are appended and never rewritten: under a lock, through a temporary file renamed into
place, so a crash leaves the previous file whole and comments and hand edits survive."""

from __future__ import annotations

import contextlib
import difflib
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caicach import yaml_source
from caicach.agencies import Registry
from caicach.atomic import write_atomically
from caicach.errors import CaicachError, Problem, ProblemsError, UsageError
from caicach.model import EntryKind, ProgressEntry, ProgressFile
from caicach.queries import canonical_id, find_item
from caicach.resolve import TrackedItem
from caicach.status import Record
from caicach.text import fold

FOLDER = "progress"
_ENTRY_START = re.compile(r"^( *)- ", re.MULTILINE)


def log_path(plans: Path, plan_id: str) -> Path:
    return plans / FOLDER / f"{plan_id}.yaml"


def header(plan_id: str) -> str:
    return (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        f"# Nhật ký tiến độ của kế hoạch {plan_id}.\n"
        "# caicach ghi thêm vào cuối tệp (caicach done | progress | cancel) và không viết lại gì;\n"
        "# có thể sửa tay. Mỗi mục: item, milestone (số thứ tự, kỳ như 2024-03, hoặc nội dung),\n"
        "# agency (cơ quan báo cáo, nếu có), kind (done | progress | note | cancelled), date,\n"
        "# evidence, note, recorded (lúc ghi).\n"
        f"progress: {plan_id}\n"
        "entries:\n"
    )


# --- reading -------------------------------------------------------------------------------------


def milestone_number(item: TrackedItem, ref: int | str | None) -> int | None:
    """A milestone by 1-based number, period (`2024-03`) or label; None is the whole item."""
    if ref is None:
        return None
    count = len(item.milestones)
    text = str(ref).strip()
    by_period = [n for n, m in enumerate(item.milestones, 1) if m.period == text]
    if by_period:
        return by_period[0]
    if text.isdigit():
        number = int(text)
        if 1 <= number <= count:
            return number
        raise ValueError(f"item {item.id} has {count} milestone(s); there is no milestone {number}")
    wanted = fold(text)
    labels = [(n, fold(m.label or "")) for n, m in enumerate(item.milestones, 1)]
    exact = [n for n, label in labels if label == wanted]
    partial = [n for n, label in labels if wanted and wanted in label]
    if len(exact) == 1 or (not exact and len(partial) == 1):
        return (exact or partial)[0]
    raise ValueError(f"item {item.id} has no milestone {text!r}; {choices(item)}")


def choices(item: TrackedItem) -> str:
    shown = [
        f"{n} ({m.period or m.label or 'hoàn thành'})" for n, m in enumerate(item.milestones, 1)
    ]
    return "its milestones are " + ", ".join(shown)


def concerned(item: TrackedItem, agency_id: str, registry: Registry) -> bool:
    ids = {a.agency_id for a in (*item.lead, *item.co)}
    return agency_id in ids or bool(ids & set(registry.classes_of(agency_id)))


def resolve_entries(
    doc: yaml_source.Document,
    plan_id: str,
    entries: Sequence[tuple[int, ProgressEntry]],
    items: Sequence[TrackedItem],
    registry: Registry,
) -> tuple[list[Record], list[Problem]]:
    """Check entries (with their positions in the file) against the plan the log names."""
    plan_items = [i for i in items if i.plan.id == plan_id]
    if not plan_items:
        return [], [doc.problem(("progress",), f"no loaded plan has the id {plan_id!r}")]
    records: list[Record] = []
    problems: list[Problem] = []
    for n, entry in entries:
        try:
            records.append(_record(doc, n, entry, plan_items, registry))
        except _EntryError as exc:
            problems.append(doc.problem(("entries", n, exc.field), exc.message))
    return records, problems


class _EntryError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _record(
    doc: yaml_source.Document,
    n: int,
    entry: ProgressEntry,
    items: Sequence[TrackedItem],
    registry: Registry,
) -> Record:
    wanted = canonical_id(entry.item).rpartition(":")[2]
    item = next((i for i in items if i.id == wanted), None)
    if item is None:
        near = difflib.get_close_matches(wanted, [i.id for i in items], n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise _EntryError("item", f"no item {entry.item!r} in plan {items[0].plan.id}{hint}")
    try:
        number = milestone_number(item, entry.milestone)
    except ValueError as exc:
        raise _EntryError("milestone", str(exc)) from None
    agency = None
    if entry.agency is not None:
        resolved = registry.resolve(entry.agency)
        if resolved is None:
            raise _EntryError(
                "agency", f"unknown agency {entry.agency!r}{registry.did_you_mean(entry.agency)}"
            )
        if not concerned(item, resolved.id, registry):
            raise _EntryError(
                "agency", f"{entry.agency!r} is neither a lead nor a co-agency of item {item.id}"
            )
        agency = resolved.id
    recorded = entry.recorded.isoformat() if entry.recorded else None
    line = doc.locate(("entries", n))[0]
    return Record(
        item.qualified_id,
        number,
        agency,
        entry.kind,
        entry.date,
        entry.evidence,
        entry.note,
        recorded,
        str(doc.path),
        line,
    )


# --- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    path: Path
    line: int
    item: TrackedItem
    milestone: int | None
    entry: dict[str, Any]


def record(
    plans: Path,
    items: Sequence[TrackedItem],
    registry: Registry,
    item_text: str,
    kind: EntryKind,
    day: date,
    now: datetime,
    *,
    milestone: str | None = None,
    agency: str | None = None,
    evidence: str | None = None,
    note: str | None = None,
) -> Written:
    """Check a new entry against the plan, then append it to the plan's log."""
    item = find_item(items, item_text)
    number = _milestone_for(item, kind, milestone)
    entry: dict[str, Any] = {"item": item.id}
    if number is not None:
        chosen = item.milestones[number - 1]
        entry["milestone"] = chosen.period if chosen.kind == "recurring" else number
    if agency is not None:
        resolved = registry.resolve(agency)
        if resolved is None:
            raise UsageError(f"unknown agency {agency!r}{registry.did_you_mean(agency)}")
        if not concerned(item, resolved.id, registry):
            raise UsageError(
                f"{registry.name_of(resolved.id)} is neither a lead nor a co-agency "
                f"of item {item.id}"
            )
        entry["agency"] = registry.name_of(resolved.id)
    entry["kind"] = kind
    entry["date"] = day
    for key, value in (("evidence", evidence), ("note", note)):
        if value:
            entry[key] = value
    entry["recorded"] = now.isoformat(timespec="seconds")
    path = log_path(plans, item.plan.id)
    line = append(path, item.plan.id, entry)
    return Written(path, line, item, number, entry)


def _milestone_for(item: TrackedItem, kind: EntryKind, ref: str | None) -> int | None:
    if ref is not None and ref.strip().lower() in ("all", "tat-ca", "tất cả"):
        return None
    try:
        number = milestone_number(item, ref)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if number is None and kind == "done" and len(item.milestones) > 1:
        raise UsageError(
            f"item {item.id} has {len(item.milestones)} milestones: say which with --milestone "
            f"(or --milestone all); {choices(item)}"
        )
    if number is None and kind == "done":
        return 1
    return number


def append(path: Path, plan_id: str, entry: dict[str, Any]) -> int:
    """Append one entry; returns its line. Refuses, writing nothing, if the result would not read
    back as the same log plus this entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        old = path.read_text(encoding="utf-8") if path.exists() else header(plan_id)
        if old and not old.endswith("\n"):
            old += "\n"
        before = _entries(path, old)
        indents = _ENTRY_START.findall(old)
        new = old + yaml_source.dump_entry(entry, indent=len(indents[-1]) if indents else 0)
        try:
            after: tuple[ProgressEntry, ...] | None = _entries(path, new)
        except ProblemsError:  # the entry would not read back where it was put
            after = None
        if after is None or len(after) != len(before) + 1 or after[:-1] != before:
            raise CaicachError(
                f"{path}: cannot append safely: `entries:` must be the file's last key and a "
                "block list; nothing was written"
            )
        try:
            write_atomically(path, new)
        except OSError as exc:
            raise CaicachError(
                f"{path}: cannot write ({exc.strerror or exc}); the log is "
                "unchanged, nothing was written"
            ) from None
    return old.count("\n") + 1


def _entries(path: Path, text: str) -> tuple[ProgressEntry, ...]:
    doc = yaml_source.parse(path, text)
    try:
        return ProgressFile.model_validate(doc.data).entries
    except ValidationError:
        raise ProblemsError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "the progress log has problems; fix them "
                    "first (caicach validate), nothing was written",
                )
            ]
        ) from None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on a file beside the log. The lock file stays, so that every writer
    locks the same file whatever the log's renames."""
    with open(path.with_name(f".{path.name}.lock"), "a+") as lock:
        if sys.platform == "win32":
            import msvcrt

            lock.seek(0)
            msvcrt.locking(lock.fileno(), msvcrt.LK_LOCK, 1)  # retries for 10 s, then fails
            try:
                yield
            finally:
                lock.seek(0)
                msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
