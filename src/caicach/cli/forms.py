"""`caicach forms` and `caicach collect`: report forms out to the agencies, and back again."""

from __future__ import annotations

import sys
from datetime import date
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
from caicach.errors import CaicachError, UsageError

if TYPE_CHECKING:
    from caicach.tracking.collect import Collected
    from caicach.tracking.forms import Form


def forms_cmd(
    agency: AgencyOpt = None,
    every: Annotated[
        bool, typer.Option("--all", help="Mọi cơ quan còn nhiệm vụ chưa xong, mỗi cơ quan một tệp.")
    ] = False,
    as_of: AsOfOpt = None,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            min=0,
            max=366,
            help="Mốc định kỳ (báo cáo tháng, quý) đến hạn trong N ngày tới; các mốc khác chưa "
            "xong đều có trong phiếu.",
        ),
    ] = 31,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp .xlsx (với --agency) hoặc thư mục (với --all); mặc định "
            "phieu-bao-cao-<cơ quan>-<ngày>.xlsx, thư mục phieu-bao-cao-<ngày>.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    pending: Annotated[
        bool,
        typer.Option(
            "--pending",
            help="Liệt kê theo cơ quan các phiếu đã gửi mà chưa nhận lại (đến --as-of), số ngày "
            "từ khi gửi.",
        ),
    ] = False,
    rotate_key: Annotated[
        bool,
        typer.Option(
            "--rotate-key",
            help="Tạo khoá ký phiếu mới; phiếu đã gửi ký bằng khoá cũ vẫn đọc được.",
        ),
    ] = False,
    plans: PlansOpt = None,
) -> None:
    """Lập phiếu báo cáo (Excel) gửi cơ quan: các nhiệm vụ chủ trì chưa xong, cột Tình trạng
    chọn trong danh sách, Ngày hoàn thành, Văn bản minh chứng, Ghi chú. Cơ quan điền rồi gửi lại;
    `caicach collect` đọc phiếu vào nhật ký tiến độ.

    Các ô do cơ quan theo dõi ghi được khoá; mã kế hoạch, nhiệm vụ và mốc nằm trong một trang ẩn,
    nên phiếu đọc lại không phải đoán, và phiếu bị sửa chỗ không được sửa sẽ bị từ chối.

    Ví dụ:

    \b
      caicach forms --agency "Sở Xây dựng" --as-of 2024-04-15
      caicach forms --all --as-of 2024-04-15 -o phieu-tuan-16
      caicach forms --pending
      caicach forms --rotate-key
    """
    if rotate_key:
        return _rotate(plans, agency, every, pending)
    if pending:
        if agency is not None or every:
            raise UsageError("--pending liệt kê mọi cơ quan: bỏ --agency / --all")
        return _pending(plans, as_of or today())
    if every == (agency is not None):
        raise UsageError("dùng --agency X, hoặc --all (hoặc --pending, --rotate-key)")
    _make(plans, agency, every, as_of or today(), within, output, force)


def _make(
    plans: Path | None,
    agency: str | None,
    every: bool,
    day: date,
    within: int,
    output: Path | None,
    force: bool,
) -> None:
    from caicach.load.form_key import signing_key
    from caicach.render.safe import printable
    from caicach.render.xlsx.form import form_bytes
    from caicach.tracking.forms import append_register, forms, new_id, register, sent_entry

    folder = plans_folder(plans, writing=True)
    ws = load(folder)
    found = forms(ws, agency, day, within)
    if not found:
        who = f"{agency}: " if agency else ""
        print(
            f"{who}không còn nhiệm vụ chưa xong ngày {day:%d/%m/%Y}; không lập phiếu.",
            file=sys.stderr,
        )
        return
    key, made = signing_key(folder.folder)
    if made is not None:
        print(
            f"caicach: đã tạo khoá ký phiếu {made} (thư mục của nó không vào git); giữ một bản "
            "sao an toàn: mất khoá thì phiếu đã gửi không đọc lại được",
            file=sys.stderr,
        )
    taken = list(register(folder.folder))
    for f, target in zip(found, _targets(found, output, every), strict=True):
        form_id = new_id(taken, f.agency, f.day)
        save_new(form_bytes(f, form_id, key), target, force)
        append_register(folder.folder, [sent_entry(form_id, f)], lock_wait())
        taken.append(form_id)
        print(
            printable(
                f"Đã lập {target}: {f.agency_name}, {len(f.rows)} mốc chưa xong (phiếu {form_id})"
            ),
            file=sys.stderr,
        )


def _pending(plans: Path | None, day: date) -> None:
    from caicach.render.safe import printable
    from caicach.tracking.forms import pending

    folder = plans_folder(plans)
    found = pending(load(folder), folder.folder, day)
    if not found:
        print(
            f"Không còn phiếu nào đã gửi mà chưa nhận lại đến ngày {day:%d/%m/%Y}.",
            file=sys.stderr,
        )
        return
    count = sum(len(p.forms) for p in found)
    print(f"{count} phiếu đã gửi chưa nhận lại, {len(found)} cơ quan, đến ngày {day:%d/%m/%Y}:")
    for p in found:
        print(printable(f"{p.name}:"))
        for sent, days in p.forms:
            print(
                printable(
                    f"  {sent.id}  gửi {sent.day:%d/%m/%Y}, {days} ngày trước, {sent.rows} mốc"
                )
            )


def _rotate(plans: Path | None, agency: str | None, every: bool, pending: bool) -> None:
    from caicach.load.form_key import rotate

    if agency is not None or every or pending:
        raise UsageError("--rotate-key dùng một mình")
    folder = plans_folder(plans, writing=True)
    key, kept = rotate(folder.folder)
    print(
        f"Đã tạo khoá ký phiếu mới {key.id} trong {key.origin}: phiếu lập từ nay ký bằng khoá "
        f"này; {kept} khoá cũ vẫn đọc được phiếu đã gửi (xoá dòng của khoá cũ để thôi nhận).",
        file=sys.stderr,
    )


def _targets(found: list[Form], output: Path | None, every: bool) -> list[Path]:
    if every:
        folder = output or Path(found[0].folder_name)
        folder.mkdir(parents=True, exist_ok=True)
        return [folder / f"{f.file_stem}.xlsx" for f in found]
    target = output or Path(f"{found[0].file_stem}.xlsx")
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"{target}: phiếu là tệp Excel; hãy đặt tên ….xlsx")
    return [target]


def collect_cmd(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE…", help="Phiếu báo cáo đã điền (.xlsx).")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Ghi luôn, không hỏi lại.")] = False,
    plans: PlansOpt = None,
) -> None:
    """Đọc phiếu báo cáo cơ quan đã điền vào nhật ký tiến độ: Hoàn thành thành mục done (ngày,
    văn bản minh chứng), Đang thực hiện thành mục progress, ghi chú thành mục note.

    Trước hết in ra những gì sẽ ghi, từng dòng; chỉ ghi khi có --yes hoặc khi được đồng ý. Mỗi
    dòng được kiểm tra như lệnh done/progress (ngày, trùng lặp, đúng phần việc của cơ quan); dòng
    sai được báo theo ô (phieu.xlsx:Phiếu báo cáo!I12: …) và phiếu đó không ghi gì. Dòng đã có
    trong nhật ký thì bỏ qua: đọc một phiếu hai lần không ghi thêm gì.

    Ví dụ:

    \b
      caicach collect phieu-bao-cao-so-xay-dung-2024-04-15.xlsx
      caicach collect phieu-tuan-16/*.xlsx --yes
    """
    from caicach.errors import CheckResult, ProblemsError
    from caicach.load.form_key import keys
    from caicach.load.form_sheet import read_form
    from caicach.render import reporter
    from caicach.render.safe import printable
    from caicach.tracking.collect import Batch, check_form, record_form
    from caicach.tracking.forms import append_register, register, returned_entry

    folder = plans_folder(plans, writing=True)
    ws = load(folder)
    known = keys(folder.folder)
    good: list[Collected] = []
    batch: Batch = {}
    seen: set[str] = set()
    bad = 0
    for path in files:
        try:
            c = check_form(ws, read_form(path, known), now(), batch)
        except ProblemsError as exc:
            reporter("text", sys.stdout, sys.stderr).report(CheckResult(tuple(exc.problems)))
            print(printable(f"{path}: phiếu có lỗi, không ghi gì từ phiếu này"), file=sys.stderr)
            bad += 1
            continue
        good.append(c)
        for warning in c.warnings:
            print(printable(warning), file=sys.stderr)
    sent = register(folder.folder)
    returns = []
    for c in good:
        form_id = c.form.header.id
        if form_id in sent and sent[form_id].returned is None and form_id not in seen:
            returns.append(returned_entry(form_id, c.form.replied(now().date())))
            seen.add(form_id)
    count = sum(len(c.new) for c in good)
    for c in good:
        _preview(c)
    if (count or returns) and _confirmed(yes, count, len(returns)):
        with interrupts.deferred():
            for c in good:
                if c.new:
                    written = record_form(folder.folder, ws, c, lock_wait())
                    if written:
                        print(
                            f"Đã ghi {len(written)} mục từ {c.form.path} vào {written[0].path}",
                            file=sys.stderr,
                        )
            append_register(folder.folder, returns, lock_wait())
    if bad:
        raise CaicachError(f"{bad}/{len(files)} phiếu có lỗi; không ghi gì từ các phiếu đó")


def _preview(c: Collected) -> None:
    from caicach.load.form_sheet import STATE, cell_name
    from caicach.render.safe import printable
    from caicach.tracking.collect import describe

    head = f"{c.form.path}: {c.agency_name}, phiếu ngày {c.form.day:%d/%m/%Y}"
    logged = len(c.already) - c.repeated
    repeated = f", {c.repeated} trùng với phiếu trước" if c.repeated else ""
    print(printable(f"{head}: {len(c.new)} mục mới, {logged} đã có trong nhật ký{repeated}"))
    for row, p in c.new:
        print(printable(f"  {cell_name(STATE, row.ids.row):>5}  {describe(p)}"))


def _confirmed(yes: bool, count: int, returns: int) -> bool:
    if yes:
        return True
    what = f"ghi {count} mục vào nhật ký" if count else f"ghi nhận {returns} phiếu đã nhận lại"
    if not sys.stdin.isatty():
        print(f"Chưa ghi gì: thêm --yes để {what}.", file=sys.stderr)
        return False
    return typer.confirm(f"{what[0].upper()}{what[1:]}?", default=False, err=True)
