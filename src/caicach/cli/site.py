"""`caicach site`: the status site for leaders' phones, as static files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from caicach.cli.options import AsOfOpt, PlansOpt, RoleOpt, today, workspace


def site_cmd(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Thư mục để ghi trang (tạo nếu chưa có)."),
    ] = Path("site"),
    as_of: AsOfOpt = None,
    role: Annotated[
        RoleOpt,
        typer.Option(
            "--role",
            help="Trang từng cơ quan liệt kê: lead (phần việc chủ trì, như bảng Theo cơ quan), "
            "co (phối hợp) hoặc any (cả hai).",
        ),
    ] = RoleOpt.lead,
    plans: PlansOpt = None,
) -> None:
    """Lập trang tình hình (HTML tĩnh) để lãnh đạo xem trên điện thoại: tổng quan (bốn nhóm,
    tỷ lệ, tiến độ theo tuần), danh sách quá hạn, trang từng cơ quan và từng nhiệm vụ.

    Không cần máy chủ, không tải gì từ nơi khác, không dùng JavaScript; mở được khi không có
    mạng và in được. Quy trình CI do `caicach init` tạo đăng trang này lên GitHub Pages.

    Ví dụ:

    \b
      caicach site -o site --as-of 2024-04-15
      caicach site && xdg-open site/index.html
      caicach site --role any -o site-ca-phoi-hop
    """
    from caicach.render.web.site import write
    from caicach.tracking.site import site

    ws = workspace(plans)
    data = site(ws, as_of or today(), role.value)
    made = write(data, ws.registry, output)
    same = f" ({made.unchanged} tệp không đổi, để nguyên)" if made.unchanged else ""
    print(f"Đã lập {output}/index.html: {len(made.files)} tệp{same}", file=sys.stderr)
