"""The commands. Each one parses options, calls the core and renders; errors go up to `main`."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from caicach import __version__
from caicach.cli.options import as_date, load_workspace

app = typer.Typer(
    name="caicach",
    help=(
        "Theo dõi kế hoạch cải cách hành chính (CCHC): nhiệm vụ, cơ quan, thời hạn.\n\n"
        "Ví dụ:\n\n"
        "  caicach overdue --as-of 2024-04-15\n\n"
        '  caicach list --agency "so tu phap"\n\n'
        "  caicach show 1.đ\n\n"
        "  caicach validate"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class RoleOpt(StrEnum):
    lead = "lead"
    co = "co"
    any = "any"


PlansOpt = Annotated[
    Path,
    typer.Option(
        "--plans",
        envvar="CAICACH_PLANS",
        show_default=True,
        help="Thư mục kế hoạch (các tệp YAML và agencies.yaml).",
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Dạng in ra.")]
AgencyOpt = Annotated[
    str | None,
    typer.Option(
        "--agency",
        "-a",
        help='Tên cơ quan, viết tắt hoặc không dấu ("so tu phap", "Sở TT&TT"); gồm cả nhiệm vụ '
        'giao cho nhóm mà cơ quan thuộc về ("các sở, ban ngành", "UBND cấp huyện").',
    ),
]
RoleOption = Annotated[
    RoleOpt, typer.Option("--role", help="lead: chủ trì; co: phối hợp; any: cả hai.")
]


def date_option(flag: str, text: str) -> Any:
    return typer.Option(
        flag, parser=as_date, metavar="DATE", help=f"{text} Ngày dạng 2024-04-15 hoặc 15/04/2024."
    )


def _version(value: bool) -> None:
    if value:
        print(f"caicach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """Theo dõi kế hoạch cải cách hành chính (CCHC)."""


@app.command("validate")
def validate_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Tệp hoặc thư mục cần kiểm tra (mặc định: thư mục --plans)."),
    ] = None,
    plans: PlansOpt = Path("plans"),
) -> None:
    """Kiểm tra các tệp kế hoạch; mỗi lỗi in ra dạng path:line:col: message.

    Thoát 0 khi không có lỗi, 1 khi có lỗi (in hết ra stderr), 2 khi dùng sai lệnh.

    Ví dụ:

    \b
      caicach validate
      caicach validate plans/qd-1879-2024.yaml
    """
    workspace = load_workspace(plans, paths or None)
    print(
        f"OK: {len(workspace.plans)} kế hoạch, {len(workspace.items)} nhiệm vụ, "
        f"{len(workspace.registry.agencies)} cơ quan, {len(workspace.registry.classes)} nhóm"
    )


@app.command("list")
def list_cmd(
    agency: AgencyOpt = None,
    role: RoleOption = RoleOpt.any,
    area: Annotated[int | None, typer.Option("--area", help="Số lĩnh vực trong mã (1…8).")] = None,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Mã kế hoạch, vd. qd-1879-2024.")
    ] = None,
    due_before: Annotated[
        date | None,
        date_option("--due-before", "Chỉ nhiệm vụ có mốc đến hạn vào hoặc trước ngày này."),
    ] = None,
    due_after: Annotated[
        date | None,
        date_option("--due-after", "Chỉ nhiệm vụ có mốc đến hạn vào hoặc sau ngày này."),
    ] = None,
    plans: PlansOpt = Path("plans"),
    fmt: FormatOpt = Format.table,
) -> None:
    """Liệt kê nhiệm vụ, lọc theo cơ quan, lĩnh vực, kế hoạch, thời hạn.

    Ví dụ:

    \b
      caicach list --agency "so tu phap" --role lead
      caicach list --area 2 --due-before 2024-06-30
      caicach list --plan qd-1879-2024 -f json
    """
    from caicach import queries
    from caicach.render import renderer

    workspace = load_workspace(plans)
    queries.check_plan(workspace.plans, plan)
    filters = queries.Filters(
        agency=queries.resolve_agency(workspace.registry, agency) if agency else None,
        role=role.value,
        area=area,
        plan=plan,
        due_before=due_before,
        due_after=due_after,
    )
    rows = queries.select(workspace.items, workspace.registry, filters)
    renderer(fmt.value).items(rows, sys.stdout, registry=workspace.registry)


@app.command("overdue")
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
    plans: PlansOpt = Path("plans"),
    fmt: FormatOpt = Format.table,
) -> None:
    """Nhiệm vụ có mốc đến hạn trước ngày xét, quá hạn lâu nhất lên đầu.

    Chưa ghi nhận tiến độ: mọi mốc đã qua đều được tính là chưa hoàn thành.

    Ví dụ:

    \b
      caicach overdue --as-of 2024-04-15
      caicach overdue --as-of 15/04/2024 --agency "Sở Nội vụ" --role lead
      caicach overdue -f csv > qua-han.csv
    """
    from caicach import queries
    from caicach.render import labels, renderer

    day = as_of or date.today()
    workspace = load_workspace(plans)
    filters = queries.Filters(
        agency=queries.resolve_agency(workspace.registry, agency) if agency else None,
        role=role.value,
    )
    rows = queries.overdue(queries.select(workspace.items, workspace.registry, filters), day)
    renderer(fmt.value).items(
        rows,
        sys.stdout,
        registry=workspace.registry,
        title=f"Quá hạn tính đến ngày {labels.vn_date(day)}",
    )


@app.command("show")
def show_cmd(
    item_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="Mã nhiệm vụ: 1.đ (hoặc 1.dd), 2.k.1, qd-1879-2024:1.a."),
    ],
    plans: PlansOpt = Path("plans"),
    fmt: FormatOpt = Format.table,
) -> None:
    """Toàn bộ một nhiệm vụ: cơ quan, sản phẩm, thời hạn và các mốc.

    Ví dụ:

    \b
      caicach show 1.đ
      caicach show 1.dd
      caicach show 2.d -f json
    """
    from caicach import queries
    from caicach.render import renderer

    workspace = load_workspace(plans)
    item = queries.find_item(workspace.items, item_id)
    renderer(fmt.value).item(item, sys.stdout, registry=workspace.registry)


@app.command("agencies")
def agencies_cmd(
    plans: PlansOpt = Path("plans"),
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
    renderer(fmt.value).agencies(counts, workspace.registry, sys.stdout)
