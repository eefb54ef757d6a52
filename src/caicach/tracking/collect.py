"""Reading filled report forms into the progress log. Each row is checked as `caicach done` and
`progress` check what they record; a bad row is reported at its cell and nothing from its form
is written. A row already in the log is left alone, so a form collected twice records nothing
new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from caicach.dates import vn_date
from caicach.errors import Problem, UsageError
from caicach.load import form_sheet as fs
from caicach.load import yaml_source
from caicach.load.loader import Workspace
from caicach.load.progress_log import log_path
from caicach.plan.items import Record, TrackedItem, find_item
from caicach.plan.milestone import numbered
from caicach.plan.words import EntryKind
from caicach.tracking.entry import Entry
from caicach.tracking.lock import LOCK_WAIT
from caicach.tracking.record import (
    Prepared,
    Written,
    append_many,
    check_day,
    check_history,
    known,
    prepare,
    resolver,
)
from caicach.tracking.status import effective


@dataclass(frozen=True)
class Collected:
    """A form read and checked: what it will record, the rows already in the log (or given by
    an earlier form of the same batch), and warnings at their cells."""

    form: fs.FilledForm
    agency_name: str
    new: tuple[tuple[fs.FilledRow, Prepared], ...]
    already: tuple[fs.FilledRow, ...]
    warnings: tuple[str, ...] = ()
    repeated: int = 0  # rows of `already` that an earlier form of the batch gives


NO_EVIDENCE = (
    "cảnh báo: chưa có minh chứng: ghi ở cột Văn bản minh chứng văn bản cho thấy đã hoàn thành "
    "(số, ký hiệu, ngày), nếu không báo cáo này sau không kiểm tra được"
)

# What a batch has taken so far: per (item, milestone, agency), the entry and where it is from.
Batch = dict[tuple[str, int | None, str | None], list[tuple[Prepared, str]]]


def check_form(
    ws: Workspace, filled: fs.FilledForm, now: datetime, batch: Batch | None = None
) -> Collected:
    """What the form will record; ProblemsError, every problem at its cell in row order, when
    any row is wrong. `batch` holds what the forms before it in the same command will record:
    the same report again is skipped, a contradicting one refused naming the other form's cell."""
    batch = {} if batch is None else batch
    _check_agency(ws, filled)
    problems: list[tuple[int, int, Problem]] = []
    new: list[tuple[fs.FilledRow, Prepared]] = []
    already: list[fs.FilledRow] = []
    warnings: list[str] = []
    repeated = 0
    for row in filled.rows:
        if not row.readable:
            continue  # its cells' problems are said already
        try:
            asked = _asked(ws, row, ws.registry.name_of(filled.agency), filled, now.date())
            if asked is None:
                continue
            p = prepare(ws, asked, now)
            if _in_log(p, ws.history(p.item)):
                already.append(row)
                continue
            if _in_batch(p, batch, filled.at(row.ids.row, fs.STATE)):
                already.append(row)
                repeated += 1
                continue
            check_history(p, ws.history(p.item), ws.registry)
            new.append((row, p))
            if p.asked.kind == "done" and not p.asked.evidence:
                warnings.append(f"{filled.at(row.ids.row, fs.EVIDENCE)}: {NO_EVIDENCE}")
        except _AtCell as exc:
            at = Problem(filled.at(row.ids.row, exc.column), 0, 0, exc.message)
            problems.append((row.ids.row, exc.column, at))
        except UsageError as exc:
            at = Problem(filled.at(row.ids.row, fs.STATE), 0, 0, _for_forms(str(exc)))
            problems.append((row.ids.row, fs.STATE, at))
    if problems or filled.problems:
        raise fs.CellProblems(_in_row_order(filled, problems))
    for row, p in new:
        key = (p.item.qualified_id, p.milestone, p.agency)
        batch.setdefault(key, []).append((p, filled.at(row.ids.row, fs.STATE)))
    name = ws.registry.name_of(filled.agency)
    return Collected(filled, name, tuple(new), tuple(already), tuple(warnings), repeated)


def _in_row_order(filled: fs.FilledForm, found: list[tuple[int, int, Problem]]) -> list[Problem]:
    """The reading's problems and the checks', one list down the form."""
    return [p for _, _, p in sorted([*filled.problems, *found], key=lambda x: (x[0], x[1]))]


def _check_agency(ws: Workspace, filled: fs.FilledForm) -> None:
    """A form answers for one agency of the registry; for a class only where the class is owed
    as one (no member listed, e.g. "UBND cấp xã" of a 2018 plan), never for its members' shares."""
    at = filled.at(fs.AGENCY_AT, 2, fs.IDS)
    if filled.agency in ws.registry.classes:
        owed = {
            i.qualified_id
            for i in ws.items
            if any(a.agency == filled.agency and a.collective for a in i.assignments)
        }
        if any(f"{r.ids.plan}:{r.ids.item}" not in owed for r in filled.rows):
            said = (
                f"phiếu nêu nhóm cơ quan {ws.registry.name_of(filled.agency)!r} cho nhiệm vụ mà "
                "các cơ quan trong nhóm mỗi cơ quan báo cáo phần của mình: phiếu giả hoặc bị sửa, "
                "hãy lập phiếu mới (caicach forms)"
            )
            raise fs.CellProblems([Problem(at, 0, 0, said)])
        return
    if filled.agency not in ws.registry.agencies:
        said = (
            f"cơ quan của phiếu {filled.agency!r} không còn trong danh mục; hãy lập phiếu mới "
            "(caicach forms)"
        )
        raise fs.CellProblems([Problem(at, 0, 0, said)])


def _in_batch(p: Prepared, batch: Batch, here: str) -> bool:
    """The same report given by an earlier form of the batch: skipped; a done that contradicts
    an earlier form's done of the same share: refused, naming that form's cell."""
    for q, where in batch.get((p.item.qualified_id, p.milestone, p.agency), []):
        a, b = p.asked, q.asked
        same_words = (a.evidence, a.note) == (b.evidence, b.note)
        if a.kind == b.kind and same_words and (a.kind != "done" or a.day == b.day):
            return True
        if a.kind == "done" and b.kind == "done":
            what = describe(q).split(":")[0]
            raise UsageError(
                f"{what} đã được ghi hoàn thành ngày {vn_date(b.day)} ở phiếu {where} trong "
                "cùng lần đọc này; hai phiếu khác nhau về cùng một mốc: hỏi lại cơ quan"
            )
    return False


class _AtCell(Exception):
    def __init__(self, column: int, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _asked(
    ws: Workspace, row: fs.FilledRow, agency: str, filled: fs.FilledForm, today: date
) -> Entry | None:
    """The entry a row asks for (a report with no day of its own is dated the day the form
    was answered); None for a row with nothing new."""
    replied = filled.replied(today)
    ids = row.ids
    try:
        item = find_item(ws.items, f"{ids.plan}:{ids.item}", today)
    except UsageError:
        raise _AtCell(
            fs.ITEM,
            f"nhiệm vụ {ids.item} không còn trong kế hoạch {ids.plan}; phiếu "
            "cũ hơn kế hoạch: hãy lập phiếu mới (caicach forms)",
        ) from None
    kind: EntryKind
    if row.state == fs.DONE:
        if row.day is None:
            raise _AtCell(fs.DAY, "Hoàn thành: ghi ngày hoàn thành (dd/mm/yyyy)")
        kind, day = "done", row.day
    elif row.state == fs.DOING:
        kind, day = "progress", row.day or replied
    elif row.evidence or row.note:  # not started, or no state: what they wrote is a note
        kind, day = "note", row.day or replied
    elif row.day is not None:
        raise _AtCell(fs.STATE, "có ghi ngày nhưng chưa chọn Tình trạng")
    else:
        return None
    milestone = ids.milestone if _has_milestone(item, ids.milestone) else None
    if milestone is None:
        raise _AtCell(
            fs.MILESTONE,
            f"nhiệm vụ {item.id} không còn mốc {ids.milestone}; "
            "phiếu cũ hơn kế hoạch: hãy lập phiếu mới (caicach forms)",
        )
    try:
        check_day(item, day, today, hint="hãy sửa Ngày hoàn thành")
    except UsageError as exc:
        raise _AtCell(fs.DAY, str(exc)) from None
    return Entry(item.qualified_id, kind, day, milestone, agency, row.evidence, row.note)


def _has_milestone(item: TrackedItem, ref: str) -> bool:
    if ref.isdigit():
        return 1 <= int(ref) <= len(item.milestones)
    return any(m.period == ref for m in item.milestones)


def _in_log(p: Prepared, history: Sequence[Record]) -> bool:
    """The same report is in force already: same kind, milestone, agency and words (a done also
    on the same day). A form collected again adds nothing."""
    a = p.asked
    for r in effective(history):
        if (r.kind, r.milestone, r.agency) != (a.kind, p.milestone, p.agency):
            continue
        if (r.evidence, r.note) == (a.evidence, a.note) and (a.kind != "done" or r.date == a.day):
            return True
    return False


def _for_forms(message: str) -> str:
    """A command-line hint, said for a form."""
    return message.replace("ghi mục đúng với --correct", "sửa bằng `caicach done … --correct`")


def record_form(
    plans: Path, ws: Workspace, collected: Collected, wait: float = LOCK_WAIT
) -> list[Written]:
    """Append the form's new rows, one write per plan's log. Under the lock each is checked
    again against the log as it is then: a row another writer recorded meanwhile (the same form
    collected by two processes at once) is dropped, not written twice; a contradiction is
    refused at its cell."""
    by_plan: dict[str, list[tuple[fs.FilledRow, Prepared]]] = {}
    for row, p in collected.new:
        by_plan.setdefault(p.item.plan.id, []).append((row, p))
    written: list[Written] = []
    for plan_id, rows in by_plan.items():
        written.extend(_record_plan(plans, ws, collected.form, plan_id, rows, wait))
    return written


class _Raced(Exception):
    """Under the lock, some rows were found in the log already: write the others."""

    def __init__(self, left: list[tuple[fs.FilledRow, Prepared]]) -> None:
        super().__init__("raced")
        self.left = left


def _record_plan(
    plans: Path,
    ws: Workspace,
    form: fs.FilledForm,
    plan_id: str,
    rows: list[tuple[fs.FilledRow, Prepared]],
    wait: float,
) -> list[Written]:
    path = log_path(plans, plan_id)
    while rows:  # each pass leaves fewer rows, or writes

        def check(
            records: Sequence[Record], rows: list[tuple[fs.FilledRow, Prepared]] = rows
        ) -> None:
            left, problems = [], []
            for row, p in rows:
                history = [r for r in records if r.item == p.item.qualified_id]
                if _in_log(p, history):
                    continue
                try:
                    check_history(p, history, ws.registry)
                except UsageError as exc:
                    at = form.at(row.ids.row, fs.STATE)
                    problems.append(Problem(at, 0, 0, _for_forms(str(exc))))
                left.append((row, p))
            if problems:
                raise fs.CellProblems(problems)
            if len(left) < len(rows):
                raise _Raced(left)

        items = list(dict.fromkeys(p.item for _, p in rows))
        try:
            line = append_many(
                path,
                plan_id,
                [p.entry for _, p in rows],
                check=check,
                resolve=resolver(ws, items),
                known=known(ws, path, items),
                wait=wait,
            )
        except _Raced as raced:
            rows = raced.left
            continue
        written = []
        for _, p in rows:
            written.append(Written(path, line, p.item, p.milestone, p.entry))
            line += yaml_source.dump_entry(p.entry).count("\n")
        return written
    return []


def describe(p: Prepared) -> str:
    """One line of the preview: what will be written."""
    what = {"done": "hoàn thành", "progress": "đang thực hiện", "note": "ghi chú"}[p.asked.kind]
    milestone = ""
    if p.milestone is not None:
        milestone = f" mốc {numbered(p.milestone, p.item.milestones[p.milestone - 1])}"
    extra = "; ".join(x for x in (p.asked.evidence, p.asked.note) if x)
    return f"{p.item.id}{milestone}: {what} {vn_date(p.asked.day)}" + (
        f" ({extra})" if extra else ""
    )
