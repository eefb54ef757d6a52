"""What the commands share: option types, reading dates, loading the plans, the common glue."""

from __future__ import annotations

import re
import sys
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
    Path | None,
    typer.Option(
        "--plans",
        envvar="CAICACH_PLANS",
        show_default=False,
        help="Thư mục kế hoạch (các tệp YAML, agencies.yaml, progress/); mặc định ./plans, "
        "ngoài kho kế hoạch thì dùng kế hoạch kèm theo caicach.",
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


def bundled_plans() -> Path | None:
    """The plans shipped with caicach: package data in an installed wheel, or the repository's
    own plans/ when running from a source checkout (an editable install)."""
    from importlib.resources import files

    packaged = Path(str(files("caicach"))) / "bundled"
    checkout = Path(__file__).resolve().parents[3] / "plans"
    for folder in (packaged, checkout):
        if (folder / "agencies.yaml").is_file():
            return folder
    return None


def plans_dir(plans: Path | None, *, writing: bool = False) -> Path:
    """--plans (or CAICACH_PLANS, which Typer reads into it), else ./plans, else the bundled
    plans, said on stderr; progress is never written into the bundled plans."""
    if plans is not None:
        return plans
    local = Path("plans")
    if local.is_dir():
        return local
    bundled = bundled_plans()
    if bundled is None or writing:
        raise UsageError(
            "no plans directory here: run inside a plan repository (caicach init "
            "makes one), or give --plans DIR (or set CAICACH_PLANS)"
        )
    print(
        f"caicach: no ./plans here; using the plans shipped with caicach ({bundled})",
        file=sys.stderr,
    )
    return bundled


def load_workspace(
    plans: Path | None, paths: list[Path] | None = None, *, writing: bool = False
) -> Workspace:
    from caicach.loader import load

    if paths is not None:
        folder = plans if plans is not None else Path("plans")
        return load(paths, registry_dirs=[folder])
    folder = plans_dir(plans, writing=writing)
    if not folder.is_dir():
        raise UsageError(
            f"no plans directory {str(folder)!r}: run inside a plan repository, "
            "or give --plans DIR (or set CAICACH_PLANS)"
        )
    return load([folder], registry_dirs=[folder])


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
