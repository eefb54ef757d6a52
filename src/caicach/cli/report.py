"""`caicach report`: the weekly Excel status sheet and the periodic CCHC report tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caicach.cli.options import (
    AgencyOpt,
    PlanOpt,
    PlansOpt,
    RoleOpt,
    RoleOption,
    date_option,
    filters,
    load_workspace,
    rows_as_of,
)
from caicach.errors import UsageError

if TYPE_CHECKING:
    from caicach.loader import Workspace
    from caicach.report import Report

TITLE = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"


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
    year: Annotated[int | None, typer.Option("--year", help="Năm của báo cáo định kỳ.")] = None,
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    plan: PlanOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Tệp .xlsx (mặc định: bao-cao-tien-do-<kế hoạch>-<tuần>.xlsx)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
) -> None:
    """Sổ Excel tình hình thực hiện: Tổng hợp, Chi tiết, Quá hạn, Theo cơ quan, Trong tuần.

    Ví dụ:

    \b
      caicach report --as-of 2024-04-15
      caicach report --week 2024-W16 -o tuan16.xlsx
      caicach report --agency "Sở Tư pháp" --as-of 2024-04-15
      caicach report --period q1 --year 2024
    """
    from caicach import report
    from caicach.render import excel

    if week and as_of:
        raise UsageError("give --week or --as-of, not both")
    workspace = load_workspace(plans)
    f = filters(workspace, agency=agency, role=role, plan=plan)
    window = None
    if period is not None:
        calendar = workspace.reporting or report.BNV_PERIODS
        window = report.window(calendar, period, year or (as_of or date.today()).year)
        day = window.end
    else:
        day = report.week_monday(week) if week else (as_of or date.today())
    rows = rows_as_of(workspace, f, day)
    plan_ids = sorted({r.item.plan.id for r in rows}) or sorted(workspace.plans)
    scope = workspace.registry.name_of(f.agency) if f.agency else None
    built = report.build(
        rows,
        workspace.registry,
        day,
        title=TITLE,
        subtitle=_subtitle(workspace, plan_ids),
        scope=scope,
        period=window,
    )
    path = output or Path(_file_name(plan_ids, built, f.agency))
    if path.exists() and not force:
        raise UsageError(f"{path} exists; add --force to replace it, or choose -o")
    excel.write(built, workspace.registry, path)
    print(f"Đã ghi {path}: {len(built.rows)} nhiệm vụ, {len(built.overdue)} quá hạn")


def _subtitle(workspace: Workspace, plan_ids: list[str]) -> str:
    from caicach.render.labels import vn_date

    infos = {i.plan.id: i.plan for i in workspace.items}
    return "; ".join(
        f"{infos[p].title} ({infos[p].number} ngày {vn_date(infos[p].date)})"
        for p in plan_ids
        if p in infos
    )


def _file_name(plan_ids: list[str], built: Report, agency: str | None) -> str:
    plan = plan_ids[0] if len(plan_ids) == 1 else "tat-ca"
    who = f"-{agency}" if agency else ""
    if built.window is not None:
        return f"bao-cao-cchc-{plan}-{built.window.year}-{built.window.key}{who}.xlsx"
    year, week = built.week
    return f"bao-cao-tien-do-{plan}-{year}-W{week:02d}{who}.xlsx"
