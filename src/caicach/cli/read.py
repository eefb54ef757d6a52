"""Commands that read: validate, list, overdue, due, show, log, summary, agencies."""

from __future__ import annotations

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from caicach.cli.options import (
    AgencyOpt,
    AsOfOpt,
    Format,
    FormatOpt,
    ItemArg,
    PlanOpt,
    PlansOpt,
    RoleOpt,
    RoleOption,
    StatusHelp,
    date_option,
    filters,
    load_workspace,
    rows_as_of,
)


class CheckFormat(StrEnum):
    text = "text"
    github = "github"
    json = "json"


def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Tệp hoặc thư mục cần kiểm tra (mặc định: thư mục --plans)."),
    ] = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text; github: chú thích ::error trên pull request (mặc định khi "
            "chạy trong GitHub Actions); json.",
        ),
    ] = None,
    plans: PlansOpt = None,
) -> None:
    """Kiểm tra kế hoạch, danh mục cơ quan và nhật ký tiến độ; mỗi lỗi in ra dạng
    path:line:col: message.

    Thoát 0 khi không có lỗi, 1 khi có lỗi (in hết), 2 khi dùng sai lệnh.

    Ví dụ:

    \b
      caicach validate
      caicach validate plans/qd-1879-2024.yaml
      caicach validate --format github
    """
    from caicach.errors import ProblemsError
    from caicach.render import problems as report

    if fmt is None:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        fmt = CheckFormat.github if in_actions else CheckFormat.text
    if fmt is CheckFormat.text:
        workspace = load_workspace(plans, paths or None)  # problems go to cli.main
        print(
            f"OK: {len(workspace.plans)} kế hoạch, {len(workspace.items)} nhiệm vụ, "
            f"{len(workspace.registry.agencies)} cơ quan, {len(workspace.registry.classes)} "
            f"nhóm, {len(workspace.records)} mục tiến độ"
        )
        return
    try:
        workspace = load_workspace(plans, paths or None)
    except ProblemsError as exc:
        if fmt is CheckFormat.json:
            report.as_json(exc.problems, sys.stdout, {})
        else:
            report.github(exc.problems, sys.stdout)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        raise typer.Exit(1) from None
    counts = {
        "plans": len(workspace.plans),
        "items": len(workspace.items),
        "agencies": len(workspace.registry.agencies),
        "records": len(workspace.records),
    }
    if fmt is CheckFormat.json:
        report.as_json([], sys.stdout, counts)


def list_cmd(
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    area: Annotated[int | None, typer.Option("--area", help="Số lĩnh vực trong mã (1…8).")] = None,
    plan: PlanOpt = None,
    due_before: Annotated[
        date | None,
        date_option("--due-before", "Chỉ nhiệm vụ có mốc đến hạn vào hoặc trước ngày này."),
    ] = None,
    due_after: Annotated[
        date | None,
        date_option("--due-after", "Chỉ nhiệm vụ có mốc đến hạn vào hoặc sau ngày này."),
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help=StatusHelp)] = None,
    as_of: AsOfOpt = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Liệt kê nhiệm vụ với tình trạng, lọc theo cơ quan, lĩnh vực, kế hoạch, thời hạn.

    Ví dụ:

    \b
      caicach list --agency "so tu phap" --role lead
      caicach list --status qua-han --agency "Sở Nội vụ" --as-of 2024-04-15
      caicach list --area 2 --due-before 2024-06-30 -f json
    """
    from caicach import queries
    from caicach.render import renderer

    wanted = queries.parse_statuses(status) if status else None
    workspace = load_workspace(plans)
    f = filters(
        workspace,
        agency=agency,
        role=role,
        plan=plan,
        area=area,
        due_before=due_before,
        due_after=due_after,
    )
    rows = queries.with_status(rows_as_of(workspace, f, as_of or date.today()), wanted)
    renderer(fmt).items(rows, sys.stdout, registry=workspace.registry)


def overdue_cmd(
    as_of: Annotated[
        date | None,
        date_option(
            "--as-of",
            "Ngày xét (mặc định: hôm nay). Mốc đến hạn đúng ngày này chưa tính là quá hạn.",
        ),
    ] = None,
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    plan: PlanOpt = None,
    status: Annotated[
        str,
        typer.Option(
            "--status",
            help="Mặc định qua-han; thêm tre-han để xem cả việc đã làm trễ. " + StatusHelp,
        ),
    ] = "qua-han",
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Nhiệm vụ chưa hoàn thành có mốc đã qua hạn, quá hạn lâu nhất lên đầu.

    Mốc đã ghi hoàn thành (caicach done) không còn bị tính.

    Ví dụ:

    \b
      caicach overdue --as-of 2024-04-15
      caicach overdue --as-of 15/04/2024 --agency "Sở Nội vụ" --role lead
      caicach overdue --status qua-han,tre-han -f csv > tre-han.csv
    """
    from caicach import queries
    from caicach.render import labels, renderer

    wanted = queries.parse_statuses(status)
    day = as_of or date.today()
    workspace = load_workspace(plans)
    f = filters(workspace, agency=agency, role=role, plan=plan)
    rows = queries.overdue(rows_as_of(workspace, f, day), wanted)
    renderer(fmt).items(
        rows,
        sys.stdout,
        registry=workspace.registry,
        overdue=True,
        title=f"Quá hạn tính đến ngày {labels.vn_date(day)}",
    )


def due_cmd(
    within: Annotated[int, typer.Option("--within", min=0, help="Số ngày tới.")] = 14,
    as_of: AsOfOpt = None,
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    plan: PlanOpt = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Các mốc chưa hoàn thành sẽ đến hạn trong N ngày tới (kể cả hôm nay).

    Ví dụ:

    \b
      caicach due --within 14 --as-of 2024-03-20
      caicach due --within 30 --agency "Sở Tư pháp"
    """
    from caicach import queries
    from caicach.render import renderer

    day = as_of or date.today()
    workspace = load_workspace(plans)
    f = filters(workspace, agency=agency, role=role, plan=plan)
    dues = queries.due_within(rows_as_of(workspace, f, day), day, within)
    renderer(fmt).due(dues, sys.stdout, as_of=day, within=within)


def show_cmd(
    item_id: ItemArg,
    as_of: AsOfOpt = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Toàn bộ một nhiệm vụ: cơ quan, sản phẩm, thời hạn, các mốc với tình trạng, nhật ký.

    Với nhiệm vụ nhiều cơ quan chủ trì, cho biết cơ quan nào đã báo cáo, cơ quan nào chưa.

    Ví dụ:

    \b
      caicach show 1.đ
      caicach show 1.dd --as-of 2024-04-15
      caicach show 2.d -f json
    """
    from caicach import queries
    from caicach.render import renderer

    workspace = load_workspace(plans)
    item = queries.find_item(workspace.items, item_id)
    (row,) = queries.assess_rows([queries.Row(item)], workspace.history, as_of or date.today())
    renderer(fmt).item(
        row, sys.stdout, registry=workspace.registry, history=workspace.history(item)
    )


def log_cmd(
    item_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Mã nhiệm vụ; bỏ trống để xem cả nhật ký.")
    ] = None,
    plan: PlanOpt = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Nhật ký tiến độ: những gì đã ghi cho một nhiệm vụ, hoặc cho tất cả, theo ngày.

    Ví dụ:

    \b
      caicach log 2.a
      caicach log --plan qd-1879-2024 -f csv > nhat-ky.csv
    """
    from caicach import queries
    from caicach.render import renderer

    workspace = load_workspace(plans)
    queries.check_plan(workspace.plans, plan)
    if item_id is not None:
        records = workspace.history(queries.find_item(workspace.items, item_id))
    else:
        records = [
            r for i in workspace.items if plan in (None, i.plan.id) for r in workspace.history(i)
        ]
        records.sort(key=lambda r: (r.date, r.recorded or ""))
    items = {i.qualified_id: i for i in workspace.items}
    renderer(fmt).log(records, sys.stdout, items=items, registry=workspace.registry)


class By(StrEnum):
    area = "area"
    agency = "agency"
    plan = "plan"


def summary_cmd(
    as_of: AsOfOpt = None,
    by: Annotated[
        By,
        typer.Option(
            "--by",
            help="Nhóm theo: area (lĩnh vực), agency (cơ quan chủ trì), plan (kế hoạch).",
        ),
    ] = By.area,
    agency: AgencyOpt = None,
    plan: PlanOpt = None,
    score: Annotated[
        bool,
        typer.Option(
            "--score", help="In điểm theo thang trong plans/scoring.yaml (tệp mẫu là VÍ DỤ)."
        ),
    ] = False,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Số nhiệm vụ theo bốn nhóm chính thức, tỷ lệ hoàn thành và tỷ lệ đúng hạn.

    Nhóm: hoàn thành đúng hạn, hoàn thành trễ hạn, chưa hoàn thành trong hạn (đang thực hiện /
    chưa thực hiện), chưa hoàn thành quá hạn; nhiệm vụ không xác định thời hạn tính riêng.
    Tỷ lệ = số hoàn thành / số nhiệm vụ đã đến hạn tính đến ngày xét.

    Ví dụ:

    \b
      caicach summary --as-of 2024-06-30 --by area
      caicach summary --by agency --score
    """
    from caicach import queries
    from caicach.errors import UsageError
    from caicach.render import renderer

    day = as_of or date.today()
    workspace = load_workspace(plans)
    f = filters(workspace, agency=agency, plan=plan)
    groups, total = queries.summarize(rows_as_of(workspace, f, day), by.value, workspace.registry)
    points = None
    if score:
        if workspace.scoring is None:
            raise UsageError("no scoring scale: add scoring.yaml to the plans folder (README)")
        points = queries.score(total.completion_rate, workspace.scoring)
    renderer(fmt).summary(groups, total, sys.stdout, as_of=day, by=by.value, score=points)


def agencies_cmd(
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Danh mục cơ quan và nhóm cơ quan, với số nhiệm vụ chủ trì / phối hợp.

    Ví dụ:

    \b
      caicach agencies
      caicach agencies -f csv > co-quan.csv
    """
    from caicach import queries
    from caicach.render import renderer

    workspace = load_workspace(plans)
    counts = queries.agency_counts(workspace.items, workspace.registry)
    renderer(fmt).agencies(counts, workspace.registry, sys.stdout)
