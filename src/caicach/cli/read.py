"""Commands that read: list, overdue, due, show, log. Each parses its options, asks the core for
a view and hands it to the renderer of the format asked for."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from caicach.load.loader import Workspace

from caicach.cli.options import (
    AgencyOpt,
    AreaOpt,
    AsOfOpt,
    DirectOpt,
    Format,
    FormatOpt,
    ItemArg,
    PlanOpt,
    PlansOpt,
    RoleOpt,
    RoleOption,
    StatusHelp,
    date_option,
    item_workspace,
    today,
    workspace,
)


def list_cmd(
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    direct: DirectOpt = False,
    area: AreaOpt = None,
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
    from caicach.render import renderer
    from caicach.tracking.views import Ask, item_list

    ask = Ask(agency, role.value, plan, area, due_before, due_after, direct)
    view = item_list(workspace(plans), ask, as_of or today(), status)
    renderer(fmt, sys.stdout).items(view)


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
    direct: DirectOpt = False,
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
    from caicach.render import renderer
    from caicach.tracking.views import Ask, overdue_list

    ask = Ask(agency, role.value, plan, direct=direct)
    ws, day = workspace(plans), as_of or today()
    _hint_if_ended(ws, day, agency)
    renderer(fmt, sys.stdout).items(overdue_list(ws, ask, day, status))


def _hint_if_ended(ws: Workspace, day: date, agency: str | None = None) -> None:
    """On stderr: every plan has ended by the day; the agency asked for had ended by then, or
    was not yet formed."""
    from caicach.render.safe import printable
    from caicach.tracking.views import agency_hint, ended

    for hint in (ended(ws, day), agency_hint(ws, agency, day)):
        if hint:
            print(printable(f"caicach: {hint}"), file=sys.stderr)


def due_cmd(
    within: Annotated[int, typer.Option("--within", min=0, help="Số ngày tới.")] = 14,
    as_of: AsOfOpt = None,
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    direct: DirectOpt = False,
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
    from caicach.render import renderer
    from caicach.tracking.views import Ask, due_list

    ask = Ask(agency, role.value, plan, direct=direct)
    ws, day = workspace(plans), as_of or today()
    _hint_if_ended(ws, day, agency)
    renderer(fmt, sys.stdout).due(due_list(ws, ask, day, within))


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
    from caicach.render import renderer
    from caicach.tracking.views import item_detail

    day = as_of or today()
    view = item_detail(item_workspace(plans, item_id, day), item_id, day)
    renderer(fmt, sys.stdout).item(view)


def log_cmd(
    item_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Mã nhiệm vụ; bỏ trống để xem cả nhật ký.")
    ] = None,
    plan: PlanOpt = None,
    as_of: Annotated[
        date | None,
        date_option(
            "--as-of",
            "Mã nhiệm vụ không kèm kế hoạch là của kế hoạch có hiệu lực ngày này (mặc định: "
            "hôm nay).",
        ),
    ] = None,
    plans: PlansOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Nhật ký tiến độ: những gì đã ghi cho một nhiệm vụ, hoặc cho tất cả, theo ngày.

    Ví dụ:

    \b
      caicach log 2.a
      caicach log 2.a --as-of 2018-07-01
      caicach log --plan qd-1879-2024 -f csv > nhat-ky.csv
    """
    from caicach.render import renderer
    from caicach.tracking.views import log_view

    view = log_view(workspace(plans), item_id, plan, as_of or today())
    renderer(fmt, sys.stdout).log(view)
