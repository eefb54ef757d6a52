"""Commands that record progress: done, progress, cancel. Plan files are never touched; entries
are appended to plans/progress/<plan>.yaml."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from caicach.cli import interrupts
from caicach.cli.options import (
    ItemArg,
    PlansOpt,
    date_option,
    load,
    lock_wait,
    now,
    plans_folder,
    today,
)
from caicach.tracking.entry import Entry

MilestoneOpt = Annotated[
    str | None,
    typer.Option(
        "--milestone",
        "-m",
        help="Mốc: số thứ tự (1, 2 …, xem caicach show), kỳ (2024-03, 2024-Q1) hoặc nội dung "
        '("ban hành kế hoạch"); all: mọi mốc.',
    ),
]
OnOpt = Annotated[date | None, date_option("--on", "Ngày xảy ra (mặc định: hôm nay).")]
AgencyOpt = Annotated[
    str | None,
    typer.Option("--agency", "-a", help="Cơ quan báo cáo, với nhiệm vụ giao cho nhiều cơ quan."),
]
EvidenceOpt = Annotated[
    str | None,
    typer.Option(
        "--evidence", "-e", help='Văn bản chứng minh, vd. "Kế hoạch 23/KH-UBND ngày 31/01/2024".'
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", "-n", help="Ghi chú.")]


def _record(plans: Path | None, asked: Entry) -> None:
    from caicach.render.safe import printable
    from caicach.render.terminal.messages import written
    from caicach.tracking.record import record

    folder = plans_folder(plans, writing=True)
    ws = load(folder)
    with interrupts.deferred():  # once written, it is said: a Ctrl-C now changes nothing
        entry = record(folder.folder, ws, asked, now(), lock_wait())
        for warning in entry.warnings:
            print(printable(f"caicach: cảnh báo: {warning}"), file=sys.stderr)
        print(written(entry), file=sys.stderr, flush=True)


CorrectOpt = Annotated[
    bool,
    typer.Option(
        "--correct",
        help="Sửa một mục đã ghi (hoàn thành, hủy) của cùng mốc và cơ quan: mục mới thay mục cũ; "
        "mục cũ vẫn ở trong nhật ký.",
    ),
]


def done_cmd(
    item_id: ItemArg,
    milestone: MilestoneOpt = None,
    on: OnOpt = None,
    evidence: EvidenceOpt = None,
    agency: AgencyOpt = None,
    note: NoteOpt = None,
    correct: CorrectOpt = False,
    plans: PlansOpt = None,
) -> None:
    """Ghi một mốc (hoặc cả nhiệm vụ) đã hoàn thành.

    Hoàn thành đúng ngày đến hạn là đúng hạn. Nhiệm vụ có nhiều mốc phải nói rõ --milestone.

    Ví dụ:

    \b
      caicach done 2.a -m 1 --on 2024-01-31 -e "Kế hoạch 23/KH-UBND ngày 31/01/2024"
      caicach done 2.d --milestone 2024-03 --on 2024-04-05
      caicach done 1.a --agency "Sở Tư pháp" --on 2024-12-20
    """
    _record(
        plans, Entry(item_id, "done", on or today(), milestone, agency, evidence, note, correct)
    )


def progress_cmd(
    item_id: ItemArg,
    note: Annotated[str, typer.Option("--note", "-n", help="Đã làm được gì.")],
    milestone: MilestoneOpt = None,
    on: OnOpt = None,
    evidence: EvidenceOpt = None,
    agency: AgencyOpt = None,
    correct: CorrectOpt = False,
    plans: PlansOpt = None,
) -> None:
    """Ghi tiến độ của một nhiệm vụ chưa xong (nhiệm vụ chuyển sang «đang thực hiện»).

    Ví dụ:

    \b
      caicach progress 3.e --note "Đã xây dựng dự thảo kế hoạch" --on 2024-03-20
    """
    asked = Entry(item_id, "progress", on or today(), milestone, agency, evidence, note, correct)
    _record(plans, asked)


def cancel_cmd(
    item_id: ItemArg,
    evidence: Annotated[
        str, typer.Option("--evidence", "-e", help="Quyết định điều chỉnh kế hoạch.")
    ],
    milestone: MilestoneOpt = None,
    on: OnOpt = None,
    note: NoteOpt = None,
    correct: CorrectOpt = False,
    plans: PlansOpt = None,
) -> None:
    """Ghi một mốc (hoặc cả nhiệm vụ) bị hủy bởi quyết định điều chỉnh kế hoạch.

    Mốc đã hủy không còn tính vào bốn nhóm tình trạng.

    Ví dụ:

    \b
      caicach cancel 7.b --evidence "Quyết định 999/QĐ-UBND ngày 01/7/2024" --on 2024-07-01
    """
    asked = Entry(item_id, "cancelled", on or today(), milestone, None, evidence, note, correct)
    _record(plans, asked)
