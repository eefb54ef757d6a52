"""Recording a notice in the progress log: one `urged` entry per item it lists."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from caicach.dates import vn_date
from caicach.load import yaml_source
from caicach.load.loader import Workspace
from caicach.load.progress_log import log_path
from caicach.plan.items import TrackedItem
from caicach.tracking.lock import LOCK_WAIT
from caicach.tracking.notice import Notice
from caicach.tracking.record import Written, append_many, check_day


def record_notice(
    plans: Path, ws: Workspace, notice: Notice, now: datetime, wait: float = LOCK_WAIT
) -> list[Written]:
    """One `urged` entry per item the notice lists, in each plan's log, so that `log` shows the
    notice and the next one counts it."""
    check_day(notice.overdue[0].item if notice.overdue else ws.items[0], notice.day, now.date())
    number = f"số {notice.code}"
    by_plan: dict[str, list[tuple[TrackedItem, dict[str, Any]]]] = {}
    for owed in dict.fromkeys(o.item for o in (*notice.overdue, *notice.due_soon)):
        rounds = [o.round for o in (*notice.overdue, *notice.due_soon) if o.item == owed]
        entry = {
            "item": owed.id,
            "agency": notice.agency_name,
            "kind": "urged",
            "date": notice.day,
            "evidence": f"Công văn {number} ngày {vn_date(notice.day)} của {notice.office.name}",
            "note": f"đôn đốc lần {max(rounds)}",
            "recorded": now.isoformat(timespec="seconds"),
        }
        by_plan.setdefault(owed.plan.id, []).append((owed, entry))
    written = []
    for plan_id, pairs in by_plan.items():
        path = log_path(plans, plan_id)
        line = append_many(path, plan_id, [e for _, e in pairs], wait=wait)
        for item, e in pairs:
            written.append(Written(path, line, item, None, e))
            line += yaml_source.dump_entry(e).count("\n")
    return written
