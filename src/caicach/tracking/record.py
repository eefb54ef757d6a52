"""The progress log: one YAML file per plan under `plans/progress/`, owned by caicach, open to hand
edits. Entries are appended and never rewritten: under a lock, through a temporary file renamed into
place, so a crash leaves the previous file whole and comments and hand edits survive."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caicach.atomic import writable_target, write_atomically
from caicach.dates import vn_date
from caicach.errors import CaicachError, Problem, ProblemsError, UsageError
from caicach.load import files, yaml_source
from caicach.load.loader import Workspace
from caicach.load.progress_log import Tail, log_path, resolve_entries, tail
from caicach.plan.items import (
    Record,
    TrackedItem,
    choices,
    find_item,
    inherited_shares,
    match,
    milestone_number,
    not_concerned,
)
from caicach.plan.milestone import numbered
from caicach.plan.model import ProgressEntry, ProgressFile
from caicach.plan.registry import Registry
from caicach.plan.words import EntryKind
from caicach.tracking.entry import Entry
from caicach.tracking.lock import LOCK_WAIT, locked
from caicach.tracking.status import effective


def header(plan_id: str) -> str:
    return (
        "# yaml-language-server: $schema=../../schemas/progress.schema.json\n"
        f"# Nhật ký tiến độ của kế hoạch {plan_id}.\n"
        "# caicach ghi thêm vào cuối tệp (caicach done | progress | cancel) và không viết lại gì;\n"
        "# có thể sửa tay. Mỗi mục: item, milestone (số thứ tự, kỳ như 2024-03, hoặc nội dung),\n"
        "# agency (cơ quan báo cáo, nếu có), kind (done | progress | note | cancelled | urged),\n"
        "# date, evidence, note, recorded (lúc ghi).\n"
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
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """An entry checked against the plan, ready to be checked against the log and written."""

    asked: Entry
    item: TrackedItem
    milestone: int | None
    agency: str | None  # registry id
    entry: dict[str, Any]


def prepare(ws: Workspace, asked: Entry, now: datetime) -> Prepared:
    """The entry `asked` for, checked against the plan: its item, day, milestone and agency.
    `now` is the real time: a report cannot be dated after it."""
    item = find_item(ws.items, asked.item, asked.day)  # the plan in force on the entry's day
    check_day(item, asked.day, now.date())
    number = _milestone_for(item, asked.kind, asked.milestone)
    agency = _reporting_agency(item, asked, ws.registry)
    entry: dict[str, Any] = {"item": item.id}
    if number is not None:
        chosen = item.milestones[number - 1]
        entry["milestone"] = chosen.period if chosen.recurs else number
    if agency is not None:
        entry["agency"] = ws.registry.name_of(agency)
    entry["kind"] = asked.kind
    entry["date"] = asked.day
    for key, value in (("evidence", asked.evidence), ("note", asked.note)):
        if value:
            entry[key] = value
    if asked.correct:
        entry["corrects"] = True
    entry["recorded"] = now.isoformat(timespec="seconds")
    return Prepared(asked, item, number, agency, entry)


def check_history(p: Prepared, history: Sequence[Record], registry: Registry) -> None:
    """Refuse an entry that repeats or contradicts one in force, unless it is a correction."""
    _check_history(p.item, history, p.asked, p.milestone, p.agency, registry)


def resolver(ws: Workspace, items: Sequence[TrackedItem]) -> Resolve:
    """Reads the log as another writer left it: its records of these items."""

    def resolve(doc: yaml_source.Document, entries: tuple[ProgressEntry, ...]) -> list[Record]:
        plan = items[0].plan.id
        found, _ = resolve_entries(doc, plan, list(enumerate(entries)), list(items), ws.registry)
        return found

    return resolve


def known(ws: Workspace, path: Path, items: Sequence[TrackedItem]) -> Known | None:
    """The log as the workspace read it, with the records of these items, if it exists."""
    seen = ws.tails.get(writable_target(path).resolve()) if path.exists() else None
    if seen is None:
        return None
    return Known(seen, [r for i in items for r in ws.history(i)])


def record(
    plans: Path, ws: Workspace, asked: Entry, now: datetime, wait: float = LOCK_WAIT
) -> Written:
    """Check a new entry against the plan and the log so far, then append it to the plan's log.
    `now` is the real time: a report cannot be dated after it."""
    p = prepare(ws, asked, now)
    path = log_path(plans, p.item.plan.id)
    line = append(
        path,
        p.item.plan.id,
        p.entry,
        check=lambda records: check_history(p, records, ws.registry),
        resolve=resolver(ws, [p.item]),
        known=known(ws, path, [p.item]),
        wait=wait,
    )
    warnings = () if asked.evidence or asked.kind != "done" else (_NO_EVIDENCE,)
    return Written(path, line, p.item, p.milestone, p.entry, warnings)


_NO_EVIDENCE = (
    'chưa có minh chứng: nêu văn bản cho thấy đã hoàn thành (--evidence "Kế hoạch 23/KH-UBND '
    'ngày 31/01/2024"), nếu không báo cáo này sau không kiểm tra được'
)


def check_day(
    item: TrackedItem, day: date, today: date, hint: str = "ghi ngày việc xảy ra bằng --on"
) -> None:
    if day > today:
        raise UsageError(
            f"{vn_date(day)} là sau hôm nay ({vn_date(today)}): báo cáo không thể ghi ngày trong "
            f"tương lai; {hint}"
        )
    if day < item.plan.date:
        raise UsageError(
            f"{vn_date(day)} là trước ngày ban hành kế hoạch ({item.plan.number} ngày "
            f"{vn_date(item.plan.date)}); {hint}"
        )


def _reporting_agency(item: TrackedItem, asked: Entry, registry: Registry) -> str | None:
    """The reporting agency's registry id; one that owes no share may send a note, not a report
    of work done or cancelled; one that did not exist on the entry's day reports nothing."""
    if asked.agency is None:
        return None
    resolved = registry.resolve(asked.agency)
    if resolved is None:
        raise UsageError(registry.unknown(asked.agency))
    _existed(resolved.id, asked.day, registry)
    if inherited_shares(item, resolved.id, registry, asked.day):
        return resolved.id  # reports on the share of an agency whose work passed to it
    found = match(item, resolved.id, registry)
    if found is None:
        raise UsageError(not_concerned(item, resolved.id, registry))
    if found.role == "co" and asked.kind in ("done", "cancelled"):
        raise UsageError(
            f"{registry.name_of(resolved.id)} là cơ quan phối hợp của nhiệm vụ {item.id}, không "
            f"chủ trì: báo cáo của cơ quan này là ghi chú, không hoàn thành phần việc nào; ghi "
            f"bằng `caicach "
            f'progress {item.id} --agency "{registry.name_of(resolved.id)}" --note …`'
        )
    return resolved.id


def _existed(entity: str, day: date, registry: Registry) -> None:
    """An agency reports only on a day it exists: after its end its successor does; a class
    reports only while it has members."""
    name = registry.name_of(entity)
    ended = registry.ended_note(entity, day)
    if ended is not None:
        heir = registry.successor_note(entity, day)
        hint = "; ghi báo cáo với --agency là cơ quan kế thừa" if heir else ""
        raise UsageError(f"ngày {vn_date(day)} {name} không còn: {ended}{hint}")
    if not registry.valid_on(entity, day):
        raise UsageError(
            f"ngày {vn_date(day)} {name} chưa có ({registry.dates_of(entity)}); kiểm tra --on "
            "hoặc --agency"
        )
    if registry.emptied(entity, day):
        raise UsageError(
            f"ngày {vn_date(day)} nhóm «{name}» không còn cơ quan nào (các cơ quan thuộc nhóm đã "
            "kết thúc); ghi báo cáo với --agency là cơ quan kế thừa"
        )


def _check_history(
    item: TrackedItem,
    history: Sequence[Record],
    asked: Entry,
    number: int | None,
    agency: str | None,
    registry: Registry,
) -> None:
    """Refuse an entry that repeats or contradicts one in force, unless it is a correction."""
    live = effective(history)
    same = [
        r
        for r in live
        if r.milestone == number and r.agency == agency and r.kind in ("done", "cancelled")
    ]
    what = item.id + (f" mốc {numbered(number, item.milestones[number - 1])}" if number else "")
    if asked.correct:
        if not same:
            raise UsageError(f"không có gì để sửa: chưa có mục hoàn thành hay hủy của {what}")
        return
    cancelled = [r for r in live if r.kind == "cancelled" and r.milestone in (number, None)]
    if cancelled:
        raise UsageError(_earlier(f"{what} đã bị hủy", cancelled[0], registry))
    if asked.kind == "done":
        _not_done_twice(what, same, agency, registry)


def _not_done_twice(
    what: str, same: Sequence[Record], agency: str | None, registry: Registry
) -> None:
    done = [r for r in same if r.kind == "done"]
    if done:
        who = f" của {registry.name_of(agency)}" if agency else ""
        raise UsageError(_earlier(f"{what}{who} đã được ghi hoàn thành", done[0], registry))


def _earlier(what: str, r: Record, registry: Registry) -> str:
    evidence = f" ({r.evidence})" if r.evidence else ""
    return (
        f"{what} ngày {vn_date(r.date)}{evidence}, ở {r.path}:{r.line}; nếu mục đó sai, ghi "
        "mục đúng với --correct"
    )


def _milestone_for(item: TrackedItem, kind: EntryKind, ref: str | None) -> int | None:
    if ref is not None and ref.strip().lower() in ("all", "tat-ca", "tất cả"):
        return None
    try:
        number = milestone_number(item, ref)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if number is None and kind == "done" and len(item.milestones) > 1:
        raise UsageError(
            f"nhiệm vụ {item.id} có {len(item.milestones)} mốc: chỉ rõ mốc nào bằng --milestone "
            f"(hoặc --milestone all); {choices(item)}"
        )
    if number is None and kind == "done":
        return 1
    return number


Resolve = Callable[[yaml_source.Document, tuple[ProgressEntry, ...]], Sequence[Record]]


@dataclass(frozen=True)
class Known:
    """The log as the workspace read it, and the records it gave for the item being written."""

    tail: Tail
    records: Sequence[Record]


def append(
    path: Path,
    plan_id: str,
    entry: dict[str, Any],
    *,
    check: Callable[[Sequence[Record]], None] | None = None,
    resolve: Resolve | None = None,
    known: Known | None = None,
    wait: float = LOCK_WAIT,
) -> int:
    """Append one entry; returns its line (see `append_many`)."""
    return append_many(path, plan_id, [entry], check=check, resolve=resolve, known=known, wait=wait)


def append_many(
    path: Path,
    plan_id: str,
    entries: Sequence[dict[str, Any]],
    *,
    check: Callable[[Sequence[Record]], None] | None = None,
    resolve: Resolve | None = None,
    known: Known | None = None,
    wait: float = LOCK_WAIT,
) -> int:
    """Append entries in one write; returns the line of the first. Under the lock, `check` sees
    the records of the log as it is (`known` ones while the file is still as the workspace read
    it, else read again and `resolve`d) and may refuse them. They are written only if they read
    back as themselves where they are put."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path = writable_target(path)  # a log that links to a shared file is appended to there
    with locked(path, wait):
        old = _read(path) if path.exists() else header(plan_id)
        eol = "\r\n" if "\r\n" in old else "\n"  # the log keeps its own line endings
        if old and not old.endswith("\n"):
            old += eol
        if known is not None and known.tail.text == old:
            indent, records = known.tail.indent, known.records
        else:
            doc, before = _entries(path, old)
            indent = _indent(doc, path)
            records = resolve(doc, before) if resolve is not None else ()
        if check is not None:
            check(records)
        added = "".join(yaml_source.dump_entry(e, indent=indent) for e in entries)
        _reads_back(path, added, entries)
        new = old + added.replace("\n", eol)
        if _starts_with_bom(path):  # an editor's BOM stays where it was
            new = "\ufeff" + new
        try:
            write_atomically(path, new)
        except OSError as exc:
            raise CaicachError(
                f"{path}: không ghi được ({exc.strerror or exc}); nhật ký giữ nguyên, chưa ghi gì"
            ) from None
    return old.count("\n") + 1


def _indent(doc: yaml_source.Document, path: Path) -> int:
    # New entries sit where the list's dashes are, found from the parsed file: a "- " inside a
    # multi-line note is text, not an entry.
    try:
        return tail(doc)
    except ValueError as exc:
        raise CaicachError(f"{path}: không ghi thêm an toàn được: {exc}; chưa ghi gì") from None


def _reads_back(path: Path, added: str, entries: Sequence[dict[str, Any]]) -> None:
    """The new lines, read under `entries:`, give these entries and nothing else."""
    try:
        got = yaml_source.parse(path, "entries:\n" + added).data["entries"]
        same = [ProgressEntry.model_validate(g) for g in got] == [
            ProgressEntry.model_validate(e) for e in entries
        ]
    except (ProblemsError, ValidationError, TypeError, KeyError):
        same = False
    if not same:
        raise CaicachError(f"{path}: mục mới sẽ không đọc lại đúng như đã ghi; chưa ghi gì")


def _starts_with_bom(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(3) == b"\xef\xbb\xbf"
    except FileNotFoundError:
        return False


def _read(path: Path) -> str:
    """The log as written, line endings included."""
    return files.decode(path, files.read_regular(path))


def _entries(path: Path, text: str) -> tuple[yaml_source.Document, tuple[ProgressEntry, ...]]:
    doc = yaml_source.parse(path, text)
    try:
        return doc, ProgressFile.model_validate(doc.data).entries
    except ValidationError:
        raise ProblemsError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "nhật ký tiến độ có lỗi; hãy sửa trước (caicach validate), chưa ghi gì",
                )
            ]
        ) from None
