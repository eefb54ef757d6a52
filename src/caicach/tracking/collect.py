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
from caicach.errors import Problem, ProblemsError, UsageError
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
    """A form read and checked: what it will record, and the rows already in the log."""

    form: fs.FilledForm
    agency_name: str
    new: tuple[tuple[fs.FilledRow, Prepared], ...]
    already: tuple[fs.FilledRow, ...]


def check_form(ws: Workspace, filled: fs.FilledForm, now: datetime) -> Collected:
    """What the form will record; ProblemsError, at the cells, when any row is wrong."""
    if filled.agency not in (*ws.registry.agencies, *ws.registry.classes):
        raise ProblemsError(
            [
                Problem(
                    str(filled.path),
                    0,
                    0,
                    f"cơ quan của phiếu {filled.agency!r} không còn trong "
                    "danh mục; hãy lập phiếu mới (caicach forms)",
                )
            ]
        )
    problems: list[Problem] = []
    new: list[tuple[fs.FilledRow, Prepared]] = []
    already: list[fs.FilledRow] = []
    for row in filled.rows:
        try:
            asked = _asked(ws, row, ws.registry.name_of(filled.agency), filled, now.date())
            if asked is None:
                continue
            p = prepare(ws, asked, now)
            if _in_log(p, ws.history(p.item)):
                already.append(row)
                continue
            check_history(p, ws.history(p.item), ws.registry)
            new.append((row, p))
        except _AtCell as exc:
            problems.append(Problem(filled.at(row.ids.row, exc.column), 0, 0, exc.message))
        except UsageError as exc:
            problems.append(Problem(filled.at(row.ids.row, fs.STATE), 0, 0, _for_forms(str(exc))))
    if problems:
        raise ProblemsError(problems)
    return Collected(filled, ws.registry.name_of(filled.agency), tuple(new), tuple(already))


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
    """Append the form's new rows, one write per plan's log; each checked again under the lock
    against the log as it is then."""
    by_plan: dict[str, list[Prepared]] = {}
    for _, p in collected.new:
        by_plan.setdefault(p.item.plan.id, []).append(p)
    written: list[Written] = []
    for plan_id, prepared in by_plan.items():
        path = log_path(plans, plan_id)
        items = list(dict.fromkeys(p.item for p in prepared))

        def check(records: Sequence[Record], prepared: list[Prepared] = prepared) -> None:
            for p in prepared:
                check_history(p, [r for r in records if r.item == p.item.qualified_id], ws.registry)

        line = append_many(
            path,
            plan_id,
            [p.entry for p in prepared],
            check=check,
            resolve=resolver(ws, items),
            known=known(ws, path, items),
            wait=wait,
        )
        for p in prepared:
            written.append(Written(path, line, p.item, p.milestone, p.entry))
            line += yaml_source.dump_entry(p.entry).count("\n")
    return written


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
