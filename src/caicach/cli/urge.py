"""`caicach urge`: công văn đôn đốc to the agencies that are late, recorded in the log."""

from __future__ import annotations

import gc
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caicach.cli import interrupts
from caicach.cli.options import (
    AsOfOpt,
    PlansOpt,
    load,
    lock_wait,
    now,
    plans_folder,
    save_new,
    today,
)
from caicach.errors import UsageError

if TYPE_CHECKING:
    from caicach.load.loader import Workspace
    from caicach.tracking.notice import Combined, Notice


class NoticeFormat(StrEnum):
    docx = "docx"
    text = "text"
    json = "json"


AgenciesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--agency",
        "-a",
        help="Cơ quan nhận (tên, viết tắt hoặc không dấu); nhắc lại để gửi một công văn chung "
        "cho nhiều cơ quan.",
    ),
]


def urge_cmd(
    agency: AgenciesOpt = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Mọi cơ quan có nhiệm vụ quá hạn, trong một công văn chung."),
    ] = False,
    separate: Annotated[
        bool,
        typer.Option("--separate", help="Mỗi cơ quan một công văn riêng, thay cho công văn chung."),
    ] = False,
    as_of: AsOfOpt = None,
    within: Annotated[
        int | None,
        typer.Option("--within", min=0, max=366, help="Kèm các nhiệm vụ đến hạn trong N ngày tới."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp công văn (thư mục với --separate); mặc định: don-doc-<ngày> hoặc "
            "don-doc-<cơ quan>-<ngày> cho .docx, màn hình cho text và json.",
        ),
    ] = None,
    fmt: Annotated[
        NoticeFormat, typer.Option("--format", "-f", help="docx: công văn Word; text: chữ; json.")
    ] = (NoticeFormat.docx),
    number: Annotated[
        str | None,
        typer.Option("--number", help="Số của công văn, vd. 126 (để trống thì chừa chỗ ghi)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ soạn công văn, không ghi vào nhật ký.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
) -> None:
    """Soạn công văn đôn đốc (Nghị định 30/2020/NĐ-CP) gửi các cơ quan có nhiệm vụ quá hạn, và
    ghi việc đôn đốc vào nhật ký tiến độ, theo từng mốc; lần sau ghi «đôn đốc lần 2».

    Với --all (hoặc nhiều --agency) là một công văn chung: «Kính gửi» các cơ quan như văn thư
    viết (nhóm theo tên chính thức, vd. «UBND các huyện, thị xã, thành phố»), nội dung nêu số
    liệu tổng, Phụ lục liệt kê nhiệm vụ quá hạn của từng cơ quan. Soạn lại cùng ngày (để ghi số)
    thay cho lần trước, không tính thêm một lần đôn đốc. Thông tin cơ quan gửi, lời văn và mẫu
    .docx lấy từ plans/office.yaml.

    Ví dụ:

    \b
      caicach urge --all --as-of 2024-02-05 --number 126
      caicach urge -a "Sở Xây dựng" -a "Sở Tư pháp" --as-of 2024-04-15
      caicach urge --all --separate --as-of 2024-04-15 -o don-doc-tuan-16
      caicach urge --agency "UBND huyện Ba Tơ" -f text --dry-run
    """
    from caicach.tracking.notice import combined, notices, template_of

    if every == bool(agency):
        raise UsageError("dùng --agency X (một hay nhiều lần), hoặc --all")
    if number is not None and separate:
        raise UsageError("--number dành cho một công văn: bỏ --separate")
    day = as_of or today()
    folder = plans_folder(plans, writing=not dry_run)
    ws = load(folder)
    found = notices(ws, agency if agency else None, day, within, number)
    if not found:
        who = f"{'; '.join(agency)}: " if agency else ""
        say = f"{who}không có nhiệm vụ quá hạn ngày {day:%d/%m/%Y}; không soạn công văn."
        print(say, file=sys.stderr)
        return
    template = template_of(ws, folder.folder)
    if separate or (len(found) == 1 and not every):
        each = [replace(n, template=template) for n in found]
        _write_each(each, output, fmt.value, separate, force)
        sent: list[Notice | Combined] = list(each)
    else:
        one = replace(combined(ws, found, number), template=template)
        _write_one(one, output, fmt.value, force)
        sent = [one]
    if not dry_run:
        _record(folder.folder, ws, sent)


def _write_each(
    notes: list[Notice], output: Path | None, fmt: str, separate: bool, force: bool
) -> None:
    from caicach.render import NOTICE_BY_NAME

    extension, draw = NOTICE_BY_NAME[fmt]
    targets = _targets(notes, output, extension, separate, fmt)
    # A Word document's parts and package refer to each other, so a notice written is freed only
    # by a full collection, which a command makes rarely (see `options.load`): 133 notices were
    # all kept till the end. What is built so far is frozen out of the collector's sight, and
    # after each notice a full collection walks only what that notice left. What outlives it
    # (the modules and the base document the first notice brings) is frozen in turn: walked
    # again by each collection, its 11,000 objects cost more than the notice's own.
    gc.freeze()
    for n, target in zip(notes, targets, strict=True):
        _write(draw(n), target, force)
        gc.collect()
        gc.freeze()
        if target is not None:
            say = f"Đã soạn {target}: {n.agency_name}, {len(n.overdue)} nhiệm vụ quá hạn"
            print(say, file=sys.stderr)


def _write_one(c: Combined, output: Path | None, fmt: str, force: bool) -> None:
    from caicach.render import COMBINED_BY_NAME

    extension, draw = COMBINED_BY_NAME[fmt]
    target = output
    if target is None and fmt == "docx":
        target = Path(c.file_stem + extension)
    if target is not None and target.suffix.lower() != extension:
        hint = (
            ""
            if target.suffix
            else (
                f" (vd. {target}{extension}); muốn mỗi cơ quan một tệp trong thư mục {target}, "
                "thêm --separate"
            )
        )
        raise UsageError(f"{target}: một công văn chung dạng {fmt} ghi vào tệp {extension}{hint}")
    _write(draw(c), target, force)
    if target is not None:
        say = (
            f"Đã soạn {target}: một công văn gửi {c.late_agencies} cơ quan, {c.late_items} "
            f"nhiệm vụ quá hạn (Kính gửi: {'; '.join(c.addressees)})"
        )
        print(say, file=sys.stderr)


def _record(plans: Path, ws: Workspace, sent: list[Notice | Combined]) -> None:
    from collections import Counter

    from caicach.tracking.urged import record_notice

    with interrupts.deferred():
        entries = [e for n in sent for e in record_notice(plans, ws, n, now(), lock_wait())]
        by_log = Counter(str(e.path) for e in entries)  # each plan has its own log
        if len(by_log) == 1:
            say = f"Đã ghi {len(entries)} mục đôn đốc vào {entries[0].path}"
        elif by_log:
            logs = ", ".join(f"{path} ({n})" for path, n in by_log.items())
            say = f"Đã ghi {len(entries)} mục đôn đốc vào nhật ký: {logs}"
        else:
            say = "Công văn này đã được ghi vào nhật ký như vậy; không ghi thêm"
        print(say, file=sys.stderr, flush=True)


def urged_cmd(
    number: Annotated[
        str, typer.Option("--number", help="Số của công văn đã phát hành, vd. 126/SNV-CCHC.")
    ],
    on: Annotated[
        str, typer.Option("--on", help="Ngày của công văn (ngày đã ghi khi soạn), vd. 2024-02-05.")
    ],
    agency: AgenciesOpt = None,
    plans: PlansOpt = None,
) -> None:
    """Ghi số của công văn đôn đốc đã phát hành vào nhật ký: các mục đôn đốc ngày đó (của các
    cơ quan nêu, hoặc mọi cơ quan) được thay bằng mục mang số, không tính thêm lần đôn đốc.

    Ví dụ:

    \b
      caicach urged --number 126/SNV-CCHC --on 2024-02-05
      caicach urged --number 127 --on 2024-02-05 -a "Sở Xây dựng"
    """
    from caicach.dates import parse_day
    from caicach.tracking.urged import record_number

    try:
        day = parse_day(on)
    except ValueError as exc:
        raise UsageError(f"--on: {exc}") from None
    folder = plans_folder(plans, writing=True)
    ws = load(folder)
    if ws.office is None:
        raise UsageError("chưa có thông tin cơ quan gửi: thêm plans/office.yaml")
    wanted = None
    if agency:
        wanted = []
        for a in agency:
            resolved = ws.registry.resolve(a)
            if resolved is None:
                raise UsageError(ws.registry.unknown(a))
            wanted.append(resolved.id)
    with interrupts.deferred():
        entries = record_number(folder.folder, ws, number, day, wanted, now(), lock_wait())
    say = (
        f"Đã ghi số công văn vào {len(entries)} mục đôn đốc ngày {day:%d/%m/%Y} ({entries[0].path})"
    )
    print(say, file=sys.stderr, flush=True)


def _targets(
    found: list[Notice], output: Path | None, extension: str, every: bool, fmt: str
) -> list[Path | None]:
    """Where each notice goes: a file, a file per agency in a folder, or stdout (None)."""
    if every:
        folder = output or Path(found[0].folder_name)
        folder.mkdir(parents=True, exist_ok=True)
        return [folder / f"{n.agency}{extension}" for n in found]
    if output is None:
        return [Path(found[0].file_stem + extension)] if fmt == "docx" else [None]
    if output.suffix.lower() != extension:
        raise UsageError(f"{output}: công văn dạng {fmt} ghi vào tệp {extension}")
    return [output]


def _write(data: bytes, target: Path | None, force: bool) -> None:
    if target is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    save_new(data, target, force)
