"""Commands about the whole: validate, summary, agencies."""

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
    AreaOpt,
    AsOfOpt,
    DirectOpt,
    FiguresRoleOption,
    Format,
    FormatOpt,
    PlanOpt,
    PlansOpt,
    cache,
    date_option,
    figures_role,
    plans_folder,
    today,
    workspace,
)
from caicach.dates import FIRST_YEAR, LAST_YEAR
from caicach.errors import UsageError


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
    tệp:dòng:cột: lỗi (vd. plans/qd-1879-2024.yaml:16:5: …).

    Thoát 0 khi không có lỗi, 1 khi có lỗi (in hết), 2 khi dùng sai lệnh.

    Ví dụ:

    \b
      caicach validate
      caicach validate plans/qd-1879-2024.yaml
      caicach validate --format github
    """
    from caicach.errors import CheckResult, ProblemsError
    from caicach.load.folders import check
    from caicach.render import reporter

    if fmt is None:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        fmt = CheckFormat.github if in_actions else CheckFormat.text
    try:  # a repository without its plans/ is a problem to report like any other
        found = plans_folder(plans)
    except ProblemsError as exc:
        result = CheckResult(tuple(exc.problems))
    else:
        result = check(found, paths or None, today=today(), cache=cache())
    reporter(fmt.value, sys.stdout, sys.stderr).report(result)
    if not result.ok:
        raise typer.Exit(1)


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
    role: FiguresRoleOption = None,
    direct: DirectOpt = False,
    plan: PlanOpt = None,
    score: Annotated[
        bool,
        typer.Option(
            "--score", help="In điểm theo thang trong plans/scoring.yaml (tệp mẫu là VÍ DỤ)."
        ),
    ] = False,
    trend: Annotated[
        bool,
        typer.Option(
            "--trend",
            help="Thêm tiến độ theo tuần của năm kế hoạch: một dòng (bảng) hoặc `trend` (JSON).",
        ),
    ] = False,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Số liệu của báo cáo định kỳ q1, 6m, q3, year: tính đến ngày cuối khoảng số "
            "liệu, theo các mốc đến hạn trong đó (như report --period).",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", min=FIRST_YEAR, max=LAST_YEAR, help="Năm của báo cáo định kỳ."),
    ] = None,
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
      caicach summary --as-of 2024-04-15 --trend
      caicach summary --agency "Sở Y tế" --as-of 2024-04-15   # phần chủ trì, như Theo cơ quan
      caicach summary --agency "Sở Y tế" --role any           # cả nhiệm vụ phối hợp
      caicach summary --period q1 --year 2024 -f json          # số liệu báo cáo Quý I
    """
    from caicach.render import renderer
    from caicach.tracking.report import period_window
    from caicach.tracking.views import Ask, summary_view

    if period is None and year is not None:
        raise UsageError("--year đi cùng --period (vd. --period q1 --year 2024)")
    if period is not None and as_of is not None:
        raise UsageError("dùng --period hoặc --as-of, không dùng cả hai")
    ask = Ask(agency, figures_role(role, agency).value, plan=plan, direct=direct)
    ws = workspace(plans)
    day = as_of or today()
    if period is not None:
        day = period_window(ws, ask, period, year, today()).end
    view = summary_view(ws, ask, day, by.value, score, trend, period=period is not None)
    renderer(fmt, sys.stdout).summary(view)


def agencies_cmd(
    as_of: Annotated[
        date | None,
        date_option("--as-of", "Chỉ các cơ quan còn tồn tại ngày này (sau sắp xếp năm 2025)."),
    ] = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Danh mục cơ quan và nhóm cơ quan, với số nhiệm vụ chủ trì / phối hợp.

    Ví dụ:

    \b
      caicach agencies
      caicach agencies -f csv > co-quan.csv
      caicach agencies --as-of 2025-06-01
    """
    from caicach.render import renderer
    from caicach.tracking.views import agency_table

    renderer(fmt, sys.stdout).agencies(agency_table(workspace(plans), as_of))


def matrix_cmd(
    as_of: AsOfOpt = None,
    agency: AgencyOpt = None,
    area: AreaOpt = None,
    plan: PlanOpt = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Ma trận giao việc: mỗi cơ quan chủ trì × mỗi nhiệm vụ, ô là tình trạng phần việc của
    cơ quan đó (✓ đúng hạn, ✓ trễ, ✗ N ngày quá hạn, ○ chưa đến hạn, — không được giao).

    Nhiệm vụ giao cho nhóm («các sở, ban ngành», «UBND cấp huyện») là một phần việc của mỗi
    thành viên; báo cáo của một cơ quan chỉ hoàn thành phần của cơ quan đó.

    Ví dụ:

    \b
      caicach matrix --as-of 2024-04-15 --area 1
      caicach matrix --agency "UBND cấp huyện" --as-of 2024-04-15
      caicach matrix -f csv > ma-tran.csv
    """
    from caicach.render import renderer
    from caicach.tracking.matrix import matrix
    from caicach.tracking.views import Ask

    view = matrix(workspace(plans), Ask(agency, plan=plan, area=area), as_of or today())
    renderer(fmt, sys.stdout).matrix(view)


def targets_cmd(
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=FIRST_YEAR,
            max=LAST_YEAR,
            help="Xét theo số liệu công bố đến năm này (mặc định: năm nay).",
        ),
    ] = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Chỉ tiêu (plans/targets/): ngưỡng, năm mục tiêu, số liệu công bố mới nhất và tình trạng:
    đạt, chưa đạt, chưa có số liệu.

    Mỗi chỉ tiêu giữ nguyên câu chữ của văn bản đặt ra nó (vd. Nghị quyết 93/NQ-HĐND); số liệu
    đo được ghi kèm nguồn công bố trong tệp chỉ tiêu.

    Ví dụ:

    \b
      caicach targets
      caicach targets --year 2024 -f json
    """
    from caicach.render import renderer
    from caicach.tracking.targets import targets

    renderer(fmt, sys.stdout).targets(targets(workspace(plans), year or today().year))
