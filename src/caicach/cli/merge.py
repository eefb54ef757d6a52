"""`caicach merge-log`: git's merge driver for progress logs (see load.merge_log)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

DRIVER = "caicach-log"  # the name .gitattributes gives: `plans/progress/*.yaml merge=caicach-log`


def merge_log_cmd(
    base: Annotated[Path, typer.Argument(help="Bản chung của hai nhánh (%O của git).")],
    ours: Annotated[Path, typer.Argument(help="Bản của nhánh này (%A); kết quả ghi vào đây.")],
    theirs: Annotated[Path, typer.Argument(help="Bản của nhánh được gộp (%B).")],
    shown: Annotated[
        str | None, typer.Argument(help="Đường dẫn của nhật ký trong kho (%P), để báo lỗi.")
    ] = None,
) -> None:
    """Gộp hai nhánh của một nhật ký tiến độ theo từng mục, cho git.

    Mọi mục mới của hai nhánh được giữ, theo thứ tự lúc ghi; mục sửa ở một nhánh lấy bản sửa;
    cùng một mục (hay phần đầu tệp) sửa khác nhau ở hai nhánh là xung đột: giữ cả hai giữa các
    dấu <<<<<<< ======= >>>>>>>, thoát 1 để người sửa tay.

    Git gọi lệnh này khi gộp nhánh; đăng ký một lần trong mỗi bản sao của kho (caicach init đã
    ghi .gitattributes).

    Ví dụ:

    \b
      git config merge.caicach-log.name "caicach: gộp nhật ký tiến độ"
      git config merge.caicach-log.driver "caicach merge-log %O %A %B %P"

    Ví dụ: (git tự gọi khi gộp; gọi tay để thử trên ba bản của một nhật ký)

    \b
      caicach merge-log chung.yaml cua-toi.yaml cua-ban.yaml
    """
    from caicach.atomic import write_atomically
    from caicach.load.merge_log import merge_files
    from caicach.render.safe import printable

    merged = merge_files(base, ours, theirs, shown)
    write_atomically(ours, merged.text)
    where = shown or str(ours)
    for reason in merged.unreadable:
        print(printable(f"{reason}: giữ nguyên cả hai bản để sửa tay"), file=sys.stderr)
    if merged.conflicts:
        print(
            printable(
                f"{where}: {merged.conflicts} chỗ hai nhánh sửa khác nhau, giữ cả hai giữa các "
                "dấu <<<<<<< / >>>>>>>; hãy sửa tay rồi chạy caicach validate"
            ),
            file=sys.stderr,
        )
        raise typer.Exit(1)
