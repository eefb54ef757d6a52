"""The progress log: one YAML file per plan under `plans/progress/`, owned by caicach, open to hand
edits. Entries are appended and never rewritten: under a lock, through a temporary file renamed into
place, so a crash leaves the previous file whole and comments and hand edits survive."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caicach.atomic import write_atomically
from caicach.errors import CaicachError, Problem, ProblemsError, UsageError
from caicach.load import yaml_source
from caicach.load.progress_log import log_path
from caicach.plan.items import (
    TrackedItem,
    choices,
    find_item,
    match,
    milestone_number,
    not_concerned,
)
from caicach.plan.model import ProgressEntry, ProgressFile
from caicach.plan.registry import Registry
from caicach.plan.words import EntryKind

_ENTRY_START = re.compile(r"^( *)- ", re.MULTILINE)


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
        entry["agency"] = registry.name_of(_reporting_agency(item, agency, registry))
    entry["kind"] = kind
    entry["date"] = day
    for key, value in (("evidence", evidence), ("note", note)):
        if value:
            entry[key] = value
    entry["recorded"] = now.isoformat(timespec="seconds")
    path = log_path(plans, item.plan.id)
    line = append(path, item.plan.id, entry)
    return Written(path, line, item, number, entry)


def _reporting_agency(item: TrackedItem, name: str, registry: Registry) -> str:
    resolved = registry.resolve(name)
    if resolved is None:
        raise UsageError(registry.unknown(name))
    if match(item, resolved.id, registry) is None:
        raise UsageError(not_concerned(item, resolved.id, registry))
    return resolved.id


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
