"""What the commands share: option types, reading dates, loading the plans, the common glue."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from caicach.errors import UsageError

if TYPE_CHECKING:
    from caicach.loader import Workspace
    from caicach.queries import Filters, Row

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def as_date(text: str) -> date:
    """`2024-04-15` or `15/04/2024` (also `15.4.2024`)."""
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = m.groups()
    elif m := _VN.match(text):
        d, mo, y = m.groups()
    else:
        raise typer.BadParameter(f"{text!r} is not a date; write 2024-04-15 or 15/04/2024")
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a day of the calendar") from None


def date_option(flag: str, text: str) -> Any:
    return typer.Option(
        flag, parser=as_date, metavar="DATE", help=f"{text} Ngày dạng 2024-04-15 hoặc 15/04/2024."
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
        help="Thư mục kế hoạch (các tệp YAML, agencies.yaml, progress/).",
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
PlanOpt = Annotated[str | None, typer.Option("--plan", help="Mã kế hoạch, vd. qd-1879-2024.")]
AsOfOpt = Annotated[date | None, date_option("--as-of", "Ngày xét (mặc định: hôm nay).")]
StatusHelp = (
    "Tình trạng, một hoặc nhiều, cách nhau bằng dấu phẩy: dung-han, tre-han, trong-han "
    "(dang-thuc-hien, chua-thuc-hien), qua-han, khong-xac-dinh, da-huy; nhóm: hoan-thanh, "
    "chua-hoan-thanh."
)
ItemArg = Annotated[
    str,
    typer.Argument(metavar="ID", help="Mã nhiệm vụ: 1.đ (hoặc 1.dd), 2.k.1, qd-1879-2024:1.a."),
]


def load_workspace(plans: Path, paths: list[Path] | None = None) -> Workspace:
    from caicach.loader import load

    if paths is None and not plans.is_dir():
        raise UsageError(
            f"no plans directory {str(plans)!r}: run inside a plan repository, "
            "or give --plans DIR (or set CAICACH_PLANS)"
        )
    return load(paths or [plans], registry_dirs=[plans])


def filters(
    workspace: Workspace,
    *,
    agency: str | None = None,
    role: RoleOpt = RoleOpt.any,
    plan: str | None = None,
    **rest: Any,
) -> Filters:
    from caicach import queries

    queries.check_plan(workspace.plans, plan)
    agency_id = queries.resolve_agency(workspace.registry, agency) if agency else None
    return queries.Filters(agency=agency_id, role=role.value, plan=plan, **rest)


def rows_as_of(workspace: Workspace, f: Filters, as_of: date) -> list[Row]:
    """The selected items, each with its status on the day."""
    from caicach import queries

    rows = queries.select(workspace.items, workspace.registry, f)
    return queries.assess_rows(rows, workspace.history, as_of)
