"""`caicach remind`: a message to each agency whose work falls due in 7, 3 or 1 days (and, with
--overdue, is past due), as text for a chat and as e-mail; --send delivers and records it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

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
from caicach.errors import CaicachError, UsageError

if TYPE_CHECKING:
    from datetime import date

    from caicach.load.folders import Plans
    from caicach.load.loader import Workspace
    from caicach.plan.office import Smtp
    from caicach.tracking.remind import Message, Pending
    from caicach.tracking.reminded import Outcome


def remind_cmd(
    days: Annotated[
        str,
        typer.Option("--days", help="Nhắc trước hạn đúng bấy nhiêu ngày, cách nhau dấu phẩy."),
    ] = "7,3,1",
    as_of: AsOfOpt = None,
    agency: AgencyOpt = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Nhắc cả các mốc đã quá hạn, chưa hoàn thành.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Thư mục ghi mỗi cơ quan một tệp .txt (dán vào tin nhắn) và một tệp .eml (thư); "
            "mặc định: in văn bản ra màn hình.",
        ),
    ] = None,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="Gửi thư qua máy chủ smtp trong plans/office.yaml (mật khẩu: biến môi trường "
            "CAICACH_SMTP_PASSWORD) và ghi việc nhắc vào nhật ký.",
        ),
    ] = False,
    if_configured: Annotated[
        bool,
        typer.Option(
            "--if-configured",
            help="Cùng --send: chưa có khối smtp thì không làm gì (cho lịch chạy tự động).",
        ),
    ] = False,
    forms: Annotated[
        bool,
        typer.Option(
            "--forms",
            help="Kèm các phiếu báo cáo đã gửi (caicach forms) mà cơ quan chưa gửi lại.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
) -> None:
    """Nhắc hạn: mỗi cơ quan một tin nhắn nêu phần việc của chính cơ quan đến hạn sau đúng 7,
    3, 1 ngày (--days), kèm các mốc quá hạn với --overdue.

    Tin nhắn dạng văn bản (dán vào Zalo) và thư điện tử .eml; --send gửi thư tới địa chỉ
    email: của cơ quan trong danh mục và ghi vào nhật ký, nên cùng một mốc không bị nhắc hai
    lần trong một ngày.

    Ví dụ:

    \b
      caicach remind --as-of 2024-03-24
      caicach remind --days 7,3,1 --overdue -o nhac-han
      caicach remind --agency "Sở Xây dựng" --send
      caicach remind --overdue --forms
    """
    from caicach.tracking.remind import messages, parse_days

    if if_configured and not send:
        raise UsageError("--if-configured đi cùng --send")
    wanted = parse_days(days)
    day = as_of or today()
    folder = plans_folder(plans, writing=send)
    ws = load(folder)
    smtp = ws.office.smtp if ws.office is not None else None
    if send and if_configured and smtp is None:
        print("Chưa có khối smtp trong plans/office.yaml: không gửi thư nhắc.", file=sys.stderr)
        return
    pending = _pending(ws, folder.folder, day) if forms else None
    found = messages(ws, day, wanted, agency=agency, overdue=overdue, pending=pending)
    if not found:
        print(f"Không có nhiệm vụ nào cần nhắc ngày {day:%d/%m/%Y}.", file=sys.stderr)
        return
    sender = smtp.sender if smtp is not None else None
    if output is not None:
        _files(found, output, sender, force)
    elif not send:
        _print(found)
    if send:
        _send(folder, found, smtp)


def _pending(ws: Workspace, folder: Path, day: date) -> Pending:
    """The forms each agency was sent and has not returned by the day (`forms --pending`)."""
    from caicach.tracking import forms
    from caicach.tracking.remind import PendingForm

    book = {
        p.agency: tuple(PendingForm(s.id, s.day, days) for s, days in p.forms)
        for p in forms.pending(ws, folder, day)
    }
    return lambda _ws, agency, _day: book.get(agency, ())


def _print(found: list[Message]) -> None:
    from caicach.render.text.remind import text

    rule = "\n" + "—" * 40 + "\n\n"
    sys.stdout.write(rule.join(text(m) for m in found))


def _files(found: list[Message], folder: Path, sender: str | None, force: bool) -> None:
    from caicach.render.text.mail import eml
    from caicach.render.text.remind import text

    folder.mkdir(parents=True, exist_ok=True)
    stamp = now()
    for m in found:
        save_new(text(m).encode("utf-8"), folder / f"{m.agency}.txt", force)
        if sender is not None:
            save_new(eml(m, sender, stamp), folder / f"{m.agency}.eml", force)
    kinds = ".txt và .eml" if sender is not None else ".txt"
    print(f"Đã soạn {len(found)} tin nhắn ({kinds}) trong {folder}", file=sys.stderr)
    if sender is None:
        print(
            "Chưa có smtp.sender trong plans/office.yaml (địa chỉ gửi): chưa soạn thư .eml.",
            file=sys.stderr,
        )


def _send(folder: Plans, found: list[Message], smtp: Smtp | None) -> None:
    """Each agency's message delivered and recorded, or one line saying why not; exit 1 when
    any was not sent."""
    from caicach.render.safe import printable
    from caicach.render.text.mail import message
    from caicach.tracking.mailer import PASSWORD_VARIABLE
    from caicach.tracking.record import check_day
    from caicach.tracking.reminded import send_all

    stamp = now()
    first = next((r.item for m in found for r in m.reminders), None)
    if first is not None:  # the log takes no entry dated after today
        check_day(first, found[0].day, stamp.date(), "bỏ --as-of để gửi")
    password = os.environ.get(PASSWORD_VARIABLE) or None
    sender = smtp.sender if smtp is not None else None
    failed = 0
    # Ctrl-C stays live (a server may take its time to answer): the log is written atomically,
    # so at worst a message delivered just before is sent again next time.
    build = lambda m: message(m, sender, now())  # noqa: E731
    for o in send_all(folder.folder, found, smtp, password, build, stamp, lock_wait()):
        failed += o.state == "failed"
        print(printable(_said(o)), file=sys.stderr, flush=True)
    if failed:
        raise CaicachError(
            f"{failed} cơ quan chưa được gửi thư nhắc; chưa ghi vào nhật ký, lần chạy sau sẽ "
            "gửi lại"
        )


def _said(o: Outcome) -> str:
    m = o.message
    if o.state == "already":
        return f"{m.name}: đã nhắc ngày {m.day:%d/%m/%Y}, không gửi lại."
    if o.state == "failed":
        return f"{m.name}: không gửi được: {o.answer}"
    refused = f"; không nhận: {o.answer}" if o.answer else ""
    return f"Đã gửi {m.name} ({', '.join(m.addresses)}): {len(m.reminders)} mốc{refused}"
