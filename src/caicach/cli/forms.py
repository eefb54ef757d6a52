"""`caicach forms` and `caicach collect`: report forms out to the agencies, and back again."""

from __future__ import annotations

import sys
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
    """
    from caicach.render.form_xlsx import form_bytes
    from caicach.tracking.forms import forms

    if every == (agency is not None):
        raise UsageError("dùng --agency X, hoặc --all")
    day = as_of or today()
    ws = load(plans_folder(plans))
    found = forms(ws, agency, day, within)
    if not found:
        who = f"{agency}: " if agency else ""
        print(f"{who}không còn nhiệm vụ chưa xong ngày {day:%d/%m/%Y}; không lập phiếu.")
        return
    for f, target in zip(found, _targets(found, output, every), strict=True):
        save_new(form_bytes(f), target, force)
        print(f"Đã lập {target}: {f.agency_name}, {len(f.rows)} mốc chưa xong")


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
    from caicach.load.form_sheet import read_form
    from caicach.render import reporter
    from caicach.tracking.collect import check_form, record_form

    folder = plans_folder(plans, writing=True)
    ws = load(folder)
    good: list[Collected] = []
    bad = 0
    for path in files:
        try:
            good.append(check_form(ws, read_form(path), now()))
        except ProblemsError as exc:
            reporter("text", sys.stdout, sys.stderr).report(CheckResult(tuple(exc.problems)))
            print(f"{path}: phiếu có lỗi, không ghi gì từ phiếu này", file=sys.stderr)
            bad += 1
    count = sum(len(c.new) for c in good)
    for c in good:
        _preview(c)
    if count and _confirmed(yes, count):
        with interrupts.deferred():
            for c in good:
                if c.new:
                    written = record_form(folder.folder, ws, c, lock_wait())
                    print(f"Đã ghi {len(written)} mục từ {c.form.path} vào {written[0].path}")
    if bad:
        raise CaicachError(f"{bad}/{len(files)} phiếu có lỗi; không ghi gì từ các phiếu đó")


def _preview(c: Collected) -> None:
    from caicach.load.form_sheet import STATE, cell_name
    from caicach.render.safe import printable
    from caicach.tracking.collect import describe

    head = f"{c.form.path}: {c.agency_name}, phiếu ngày {c.form.day:%d/%m/%Y}"
    print(printable(f"{head}: {len(c.new)} mục mới, {len(c.already)} đã có trong nhật ký"))
    for row, p in c.new:
        print(printable(f"  {cell_name(STATE, row.ids.row):>5}  {describe(p)}"))


def _confirmed(yes: bool, count: int) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        print(f"Chưa ghi gì: thêm --yes để ghi {count} mục vào nhật ký.")
        return False
    return typer.confirm(f"Ghi {count} mục vào nhật ký tiến độ?", default=False)
