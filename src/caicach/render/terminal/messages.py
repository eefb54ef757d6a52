"""One-line confirmations of what a command wrote, in Vietnamese."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from caicach.dates import vn_date
from caicach.plan.milestone import numbered
from caicach.plan.words import ENTRY_KIND
from caicach.render.safe import printable

if TYPE_CHECKING:  # the types only: writing a report needs no progress-log machinery
    from caicach.tracking.record import Written
    from caicach.tracking.report import Report


def written(w: Written) -> str:
    """`Đã ghi hoàn thành 2.a mốc 1 (ban hành các Kế hoạch), hạn 31/03/2024, ngày 31/01/2024 → …`"""
    what = w.item.id
    if w.milestone is not None:
        m = w.item.milestones[w.milestone - 1]
        what += f" mốc {numbered(w.milestone, m)}, hạn {vn_date(m.due)},"
    kind = ENTRY_KIND[w.entry["kind"]]
    return printable(f"Đã ghi {kind} {what} ngày {vn_date(w.entry['date'])} → {w.path}:{w.line}")


def report_written(report: Report, path: Path) -> str:
    return f"Đã ghi {path}: {len(report.rows)} nhiệm vụ, {len(report.overdue)} quá hạn"
