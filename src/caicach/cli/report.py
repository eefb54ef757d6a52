"""`caicach report`: the weekly Excel status sheet and the periodic CCHC report tables."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from caicach.cli.options import (
    AgencyOpt,
    DirectOpt,
    FiguresRoleOption,
    PlanOpt,
    PlansOpt,
    date_option,
    figures_role,
    load,
    plans_folder,
    refuse_existing,
    save_new,
    today,
)
from caicach.dates import FIRST_YEAR, LAST_YEAR
from caicach.errors import UsageError


def report_cmd(
    as_of: Annotated[date | None, date_option("--as-of", "Ngày xét (mặc định: hôm nay).")] = None,
    week: Annotated[
        str | None,
        typer.Option(
            "--week", metavar="YYYY-Www", help="Tuần báo cáo, vd. 2024-W16: tính đến thứ Hai."
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Báo cáo định kỳ: q1, 6m, q3, year (khoảng số liệu theo 581/BNV-CCHC "
            "hoặc plans/reporting.yaml).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", min=FIRST_YEAR, max=LAST_YEAR, help="Năm của báo cáo định kỳ."),
    ] = None,
    agency: AgencyOpt = None,
    role: FiguresRoleOption = None,
    direct: DirectOpt = False,
    plan: PlanOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Tệp .xlsx (mặc định: bao-cao-tien-do-<kế hoạch>-<tuần>.xlsx)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    docx: Annotated[
        bool,
        typer.Option(
            "--docx",
            help="Với --period: báo cáo Word (Nghị định 30) phần kết quả thực hiện kế hoạch, "
            "kèm các phụ lục; phần hạn chế, nguyên nhân, phương hướng để trống cho cơ quan viết.",
        ),
    ] = False,
    plans: PlansOpt = None,
) -> None:
    """Sổ Excel tình hình thực hiện: Tổng hợp, Chi tiết, Quá hạn, Theo cơ quan, Trong tuần.

    Ví dụ:

    \b
      caicach report --as-of 2024-04-15
      caicach report --week 2024-W16 -o tuan16.xlsx
      caicach report --agency "Sở Tư pháp" --as-of 2024-04-15
      caicach report --period q1 --year 2024
      caicach report --period 6m --year 2024 --docx -o bao-cao-6-thang.docx
    """
    from caicach.render.terminal.messages import report_written
    from caicach.tracking.report import When, plan_report
    from caicach.tracking.views import Ask

    suffix = ".docx" if docx else ".xlsx"
    if docx and period is None:
        raise UsageError("--docx là báo cáo định kỳ: thêm --period q1|6m|q3|year")
    if output is not None and output.suffix.lower() != suffix:
        better = output.with_suffix(suffix).name
        kind = "báo cáo Word là tệp .docx" if docx else "sổ tính là tệp Excel .xlsx"
        raise UsageError(f"{output}: {kind}; hãy đặt tên {better}")
    folder = plans_folder(plans)
    ws = load(folder)
    if docx and ws.office is None:
        raise UsageError(
            "báo cáo Word cần cơ quan ban hành: thêm office.yaml vào thư mục kế hoạch (xem README)"
        )
    built = plan_report(
        ws,
        Ask(agency, figures_role(role, agency).value, plan, direct=direct),
        When(as_of, week, period, year),
        today(),
    )
    path = output or Path(f"{built.file_stem}{suffix}")
    refuse_existing(path, force)
    if docx:
        from caicach.render.word.report import report_bytes
        from caicach.tracking.notice import template_of

        template = template_of(ws, folder.folder)
        save_new(report_bytes(built, ws.registry, template), path, force)
    else:
        from caicach.render.xlsx import workbook as excel

        excel.write(built, ws.registry, path)
    print(report_written(built, path), file=sys.stderr)
