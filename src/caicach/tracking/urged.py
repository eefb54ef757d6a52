"""Recording a notice in the progress log: one `urged` entry per agency, item and milestone it
lists, so that the next notice counts each milestone's rounds. A notice issued again the same
day to the same agency about the same milestone replaces the earlier entry (`corrects`), and
one already recorded as it is is not written twice."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from caicach.dates import vn_date
from caicach.errors import UsageError
from caicach.load import yaml_source
from caicach.load.loader import Workspace
from caicach.load.progress_log import log_path
from caicach.plan.items import Record, TrackedItem
from caicach.tracking.lock import LOCK_WAIT
from caicach.tracking.notice import Combined, Notice, code
from caicach.tracking.record import Written, append_many, check_day
from caicach.tracking.status import effective

_NUMBER = re.compile(r"^Công văn số [^/]*/\S+")


def evidence(n: Notice | Combined) -> str:
    """`Công văn số 126/SNV-CCHC ngày 05/02/2024 của Sở Nội vụ`, and for one công văn to many
    its addressees: every entry of one notice says the same, so that they read as one."""
    said = f"Công văn số {n.code} ngày {vn_date(n.day)} của {n.office.name}"
    if isinstance(n, Combined):
        said += f" gửi {'; '.join(n.addressees)}"
    return said


def record_notice(
    plans: Path,
    ws: Workspace,
    notice: Notice | Combined,
    now: datetime,
    wait: float = LOCK_WAIT,
) -> list[Written]:
    """The entries of a notice really sent (not a dry run), in each plan's log."""
    said = evidence(notice)
    found = notice.notices if isinstance(notice, Combined) else (notice,)
    entries: list[tuple[TrackedItem, dict[str, Any]]] = []
    for n in found:
        for owed in (*n.overdue, *n.due_soon):
            for m, r in zip(owed.milestones, owed.rounds, strict=True):
                entries.append((owed.item, _entry(ws, n, owed.item, m.number, said, r, now)))
    if entries:
        check_day(entries[0][0], notice.day, now.date())
    return _append(plans, ws, entries, wait)


def _entry(
    ws: Workspace,
    n: Notice,
    item: TrackedItem,
    number: int,
    said: str,
    round_: int,
    now: datetime,
) -> dict[str, Any]:
    chosen = item.milestones[number - 1]
    return {
        "item": item.id,
        "milestone": chosen.period if chosen.recurs else number,
        "agency": n.agency_name,
        "kind": "urged",
        "date": n.day,
        "evidence": said,
        "note": f"đôn đốc lần {round_}",
        "recorded": now.isoformat(timespec="seconds"),
    }


def _append(
    plans: Path, ws: Workspace, entries: Sequence[tuple[TrackedItem, dict[str, Any]]], wait: float
) -> list[Written]:
    by_plan: dict[str, list[tuple[TrackedItem, dict[str, Any]]]] = {}
    for item, e in entries:
        earlier = _same(ws, item, e)
        if earlier is not None and earlier.evidence == e["evidence"]:
            continue  # recorded already, as it is
        if earlier is not None:
            e = {**e, "corrects": True}
            e["recorded"] = e.pop("recorded")  # keep `recorded` last, as other entries have it
        by_plan.setdefault(item.plan.id, []).append((item, e))
    written = []
    for plan_id, pairs in by_plan.items():
        path = log_path(plans, plan_id)
        line = append_many(path, plan_id, [e for _, e in pairs], wait=wait)
        for item, e in pairs:
            written.append(Written(path, line, item, None, e))
            line += yaml_source.dump_entry(e).count("\n")
    return written


def _same(ws: Workspace, item: TrackedItem, e: dict[str, Any]) -> Record | None:
    """The urged entry in force of that day, agency and milestone, if any."""
    agency = ws.registry.resolve(e["agency"])
    number = _number(item, e["milestone"])
    for r in reversed(effective(ws.history(item))):
        if (
            r.kind == "urged"
            and r.date == e["date"]
            and agency is not None
            and r.agency == agency.id
            and r.milestone == number
        ):
            return r
    return None


def _number(item: TrackedItem, milestone: int | str) -> int:
    if isinstance(milestone, int):
        return milestone
    return next(k for k, m in enumerate(item.milestones, 1) if m.period == milestone)


def record_number(
    plans: Path,
    ws: Workspace,
    number: str,
    day: date,
    agencies: Sequence[str] | None,
    now: datetime,
    wait: float = LOCK_WAIT,
) -> list[Written]:
    """Put the number of a notice already issued on the day into the log: each urged entry of
    that day (of those agencies) in force is replaced by the same one with the number."""
    assert ws.office is not None
    wanted = code(number, ws.office)
    entries: list[tuple[TrackedItem, dict[str, Any]]] = []
    for item in ws.items:
        for r in effective(ws.history(item)):
            if r.kind != "urged" or r.date != day or r.agency is None:
                continue
            if agencies is not None and r.agency not in agencies:
                continue
            said = _NUMBER.sub(f"Công văn số {wanted}", r.evidence or "", count=1)
            if said == r.evidence or not _NUMBER.match(said):
                continue
            chosen = item.milestones[(r.milestone or 1) - 1]
            entry: dict[str, Any] = {"item": item.id}
            if r.milestone is not None:
                entry["milestone"] = chosen.period if chosen.recurs else r.milestone
            entry |= {
                "agency": ws.registry.name_of(r.agency),
                "kind": "urged",
                "date": day,
                "evidence": said,
                "note": r.note,
                "corrects": True,
                "recorded": now.isoformat(timespec="seconds"),
            }
            entries.append((item, entry))
    if not entries:
        raise UsageError(
            f"không có công văn đôn đốc nào ngày {vn_date(day)} chưa mang số {wanted} trong nhật "
            "ký; kiểm tra --on và --agency"
        )
    return _append(plans, ws, entries, wait)
