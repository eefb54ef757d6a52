"""`caicach urge`: công văn đôn đốc to the agencies that are late, recorded in the log."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caicach.cli import interrupts
from caicach.cli.options import (
    AgencyOpt,
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
    from caicach.tracking.notice import Notice


class NoticeFormat(StrEnum):
    docx = "docx"
    text = "text"
    json = "json"


def urge_cmd(
    agency: AgencyOpt = None,
    every: Annotated[
        bool, typer.Option("--all", help="Mọi cơ quan có nhiệm vụ quá hạn, mỗi cơ quan một tệp.")
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
            help="Tệp (với --agency) hoặc thư mục (với --all); mặc định: don-doc-<cơ quan>-<ngày> "
            "cho .docx, màn hình cho text và json.",
        ),
    ] = None,
    fmt: Annotated[
        NoticeFormat, typer.Option("--format", "-f", help="docx: công văn Word; text: chữ; json.")
    ] = (NoticeFormat.docx),
    number: Annotated[
        str | None, typer.Option("--number", help="Số của công văn (để trống thì chừa chỗ ghi).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ soạn công văn, không ghi vào nhật ký.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
) -> None:
    """Soạn công văn đôn đốc (Nghị định 30/2020/NĐ-CP) gửi cơ quan có nhiệm vụ quá hạn, và ghi
    việc đôn đốc vào nhật ký tiến độ; lần sau ghi «đôn đốc lần 2».

    Công văn liệt kê phần việc của chính cơ quan đó (kể cả nhiệm vụ giao cho nhóm mà cơ quan
    thuộc về) đã quá hạn; thông tin cơ quan gửi lấy từ plans/office.yaml.

    Ví dụ:

    \b
      caicach urge --agency "Sở Xây dựng" --as-of 2024-04-15 --number 125
      caicach urge --all --as-of 2024-04-15 --within 14 -o don-doc-tuan-16
      caicach urge --agency "UBND huyện Ba Tơ" -f text --dry-run
    """
    from caicach.render import NOTICE_BY_NAME
    from caicach.tracking.notice import notices
    from caicach.tracking.urged import record_notice

    if every == (agency is not None):
        raise UsageError("dùng --agency X, hoặc --all")
    if number is not None and every:
        raise UsageError("--number dành cho một công văn: dùng cùng --agency")
    day = as_of or today()
    folder = plans_folder(plans, writing=not dry_run)
    ws = load(folder)
    found = notices(ws, agency, day, within, number)
    if not found:
        who = f"{agency}: " if agency else ""
        say = f"{who}không có nhiệm vụ quá hạn ngày {day:%d/%m/%Y}; không soạn công văn."
        print(say, file=sys.stderr)
        return
    extension, draw = NOTICE_BY_NAME[fmt.value]
    targets = _targets(found, output, extension, every, fmt.value)
    for n, target in zip(found, targets, strict=True):
        _write(draw(n), target, force)
        if target is not None:
            say = f"Đã soạn {target}: {n.agency_name}, {len(n.overdue)} nhiệm vụ quá hạn"
            print(say, file=sys.stderr)
    if dry_run:
        return
    with interrupts.deferred():
        entries = [
            e for n in found for e in record_notice(folder.folder, ws, n, now(), lock_wait())
        ]
        if entries:
            say = f"Đã ghi {len(entries)} mục đôn đốc vào {entries[0].path}"
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
