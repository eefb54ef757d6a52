"""What the commands share: option types, reading dates, "today", finding and loading the plans.
No business logic lives here: the commands call the core and render what it returns."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from caicach.dates import parse_day
from caicach.errors import UsageError

if TYPE_CHECKING:
    from caicach.load.cache import Cache
    from caicach.load.folders import Plans
    from caicach.load.loader import Workspace


def today() -> date:
    """The one place caicach asks the clock for the day; the core is always told."""
    return date.today()


def now() -> datetime:
    return datetime.now().astimezone()


def lock_wait() -> float:
    """Seconds to wait for another writer of the same log: CAICACH_LOCK_WAIT, default 10."""
    try:
        return max(0.0, float(os.environ.get("CAICACH_LOCK_WAIT", "10")))
    except ValueError:
        return 10.0


def as_date(text: str) -> date:
    """`2024-04-15` or `15/04/2024` (also `15.4.2024`), read as plan files read them."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def date_option(flag: str, text: str) -> Any:
    return typer.Option(
        flag, parser=as_date, metavar="NGÀY", help=f"{text} Ngày dạng 2024-04-15 hoặc 15/04/2024."
    )


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    csv_excel = "csv-excel"
    csv_raw = "csv-raw"


class RoleOpt(StrEnum):
    lead = "lead"
    co = "co"
    any = "any"


PLANS_HELP = (
    "Thư mục kế hoạch (các tệp YAML, agencies.yaml, progress/); mặc định: --plans trước tên "
    "lệnh, rồi CAICACH_PLANS, rồi plans/ của kho kế hoạch chứa thư mục hiện tại (tìm lên các "
    "thư mục cha, như git); ngoài mọi kho thì dùng kế hoạch mẫu kèm theo caicach."
)
# No envvar here: CAICACH_PLANS is read by the root option, so that `--plans` given before the
# command name wins over the environment as the one given after it does.
PlansOpt = Annotated[Path | None, typer.Option("--plans", show_default=False, help=PLANS_HELP)]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Dạng in ra: table, json, csv (ô bắt đầu bằng = + - @ được thêm dấu ' để bảng tính "
        "không chạy như công thức), csv-excel (như csv, có BOM UTF-8 để Excel trên Windows đọc "
        "đúng tiếng Việt), csv-raw (giữ nguyên từng ô).",
    ),
]
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
FiguresRoleOption = Annotated[
    RoleOpt | None,
    typer.Option(
        "--role",
        show_default=False,
        help="Với --agency: lead (mặc định: phần việc chủ trì, như bảng Theo cơ quan và trang "
        "của cơ quan), co (phối hợp) hoặc any (cả hai).",
    ),
]


def figures_role(role: RoleOpt | None, agency: str | None) -> RoleOpt:
    """An agency's own figures count what it leads, as Theo cơ quan does, unless asked."""
    if role is not None:
        return role
    return RoleOpt.lead if agency else RoleOpt.any


DirectOpt = Annotated[
    bool,
    typer.Option(
        "--direct",
        help="Với --agency: chỉ nhiệm vụ nêu tên chính cơ quan đó, không tính nhiệm vụ giao cho "
        "nhóm mà cơ quan thuộc về.",
    ),
]
AreaOpt = Annotated[int | None, typer.Option("--area", help="Số lĩnh vực trong mã (1…8).")]
PlanOpt = Annotated[str | None, typer.Option("--plan", help="Mã kế hoạch, vd. qd-1879-2024.")]
AsOfOpt = Annotated[date | None, date_option("--as-of", "Ngày xét (mặc định: hôm nay).")]
StatusHelp = (
    "Tình trạng, một hoặc nhiều, cách nhau bằng dấu phẩy: dung-han, tre-han, trong-han "
    "(dang-thuc-hien, chua-thuc-hien), qua-han, khong-xac-dinh, da-huy; nhóm: hoan-thanh, "
    "chua-hoan-thanh."
)
ItemArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="Mã nhiệm vụ: 1.đ (hoặc 1.dd), 2.k.1, qd-1879-2024:1.a. Mã không kèm kế hoạch là "
        "của kế hoạch có hiệu lực vào ngày xét (ngày ghi, với done, progress, cancel).",
    ),
]


SAMPLE_SAID = (
    "caicach: đang đọc kế hoạch mẫu kèm theo caicach, vì ở đây và các thư mục cha không có kho "
    "kế hoạch (plans/); hãy chạy trong một kho kế hoạch (caicach init tạo kho) hoặc chỉ ra "
    "--plans DIR"
)


class _Run:
    """What the root callback sets for this run (`caicach --no-cache --plans DIR …`); reset by
    `cli.main`."""

    caching = True
    plans: Path | None = None  # --plans before the command name, or CAICACH_PLANS


def set_caching(on: bool) -> None:
    _Run.caching = on


def set_plans(folder: Path | None) -> None:
    _Run.plans = folder


def plans_folder(plans: Path | None, *, writing: bool = False) -> Plans:
    """The plans to use: the command's --plans, else the root's (or CAICACH_PLANS), else the
    repository's; says so on stderr when they are the sample shipped with caicach."""
    from caicach.load.folders import find_plans

    found = find_plans(plans if plans is not None else _Run.plans, writing=writing)
    if found.bundled:
        print(SAMPLE_SAID, file=sys.stderr)
    return found


def cache() -> Cache | None:
    """The cache of loaded plans, unless --no-cache or CAICACH_NO_CACHE turned it off."""
    from caicach.load.cache import open_cache

    return open_cache(_Run.caching)


# Middle-generation collections between two full ones once the plans are loaded (Python: 10).
FULL_COLLECTIONS_EVERY = 1000


def workspace(plans: Path | None, *, writing: bool = False) -> Workspace:
    return load(plans_folder(plans, writing=writing))


def item_workspace(plans: Path | None, item: str, day: date) -> Workspace:
    """For a command about one item on `day`: the plan holding it, read alone when the cache
    knows which one it is (else the whole folder, as `workspace`)."""
    from caicach.load.folders import load_item_workspace

    found = plans_folder(plans)
    return _frozen(load_item_workspace(found, item, day, today=today(), cache=cache()))


def load(found: Plans, paths: list[Path] | None = None, *, dated: bool = True) -> Workspace:
    """The plans found (or only `paths` of them), through the cache; with `dated`, a progress
    entry dated after today is a problem."""
    from caicach.load.folders import load_workspace

    return _frozen(load_workspace(found, paths, today=today() if dated else None, cache=cache()))


def _frozen(ws: Workspace) -> Workspace:
    import gc

    # What was loaded lives until the command ends: moved out of the collector's sight, it is
    # not walked again by every full collection the query and the rendering set off (at 10,000
    # items those walks took a third of the time after loading). Full collections are made a
    # hundred times rarer too: what a command builds next (statuses, rows) mostly lives until
    # it ends, and with the workspace frozen each few tens of thousands of new objects set off
    # a full collection over all of them (12 while 29,000 rows of JSON were written: 2.6 s
    # instead of 1.2 s). Young cycles (a page template's) are still collected as before.
    # `cli.main` restores both.
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTIONS_EVERY)
    return ws


def refuse_existing(path: Path, force: bool, *, other: bool = True) -> None:
    """Nothing a user wrote is replaced unless they say so."""
    if path.exists() and not force:
        hint = ", hoặc chọn -o khác" if other else ""
        raise UsageError(f"{path} đã có; thêm --force để ghi đè{hint}")


def save_new(data: bytes, target: Path, force: bool) -> None:
    """A file this command makes, written whole or not at all, never over one without --force."""
    from caicach.atomic import write_bytes_atomically

    refuse_existing(target, force)
    write_bytes_atomically(target, data)
