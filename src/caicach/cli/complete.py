"""Completion of what users type (Tab in bash, zsh, fish): item ids, agency names, plan ids,
statuses and periods. The plans are read as any command reads them, through the cache, without
a word on stderr (a note there would land in the middle of the user's prompt); plans that cannot
be read complete nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typer._click.core import Context, Parameter
from typer._click.shell_completion import CompletionItem

from caicach.errors import CaicachError
from caicach.text import fold, sort_key

if TYPE_CHECKING:
    from caicach.load.loader import Workspace

Completer = Callable[[Context, Parameter, str], list[CompletionItem]]

STATUSES = {
    "dung-han": "Hoàn thành đúng hạn",
    "tre-han": "Hoàn thành trễ hạn",
    "trong-han": "Chưa hoàn thành, trong hạn",
    "dang-thuc-hien": "Trong hạn, đang thực hiện",
    "chua-thuc-hien": "Trong hạn, chưa thực hiện",
    "qua-han": "Chưa hoàn thành, quá hạn",
    "khong-xac-dinh": "Không xác định thời hạn",
    "da-huy": "Đã hủy theo quyết định điều chỉnh",
    "hoan-thanh": "Hoàn thành (đúng hạn và trễ hạn)",
    "chua-hoan-thanh": "Chưa hoàn thành (trong hạn và quá hạn)",
}


def _plans_given(ctx: Context) -> Path | None:
    """--plans as typed so far, after the command name or before it."""
    at: Context | None = ctx
    while at is not None:
        if isinstance(at.params.get("plans"), Path):
            return Path(at.params["plans"])
        at = at.parent
    return None


def _workspace(ctx: Context) -> Workspace | None:
    from caicach.cli import options
    from caicach.load.folders import find_plans

    try:
        return options.load(find_plans(_plans_given(ctx)), dated=False)
    except (CaicachError, OSError):
        return None


def items(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """Item ids: bare where one plan has the id, `plan:id` where several do or where the plan
    is typed."""
    ws = _workspace(ctx)
    if ws is None:
        return []
    plans_of: dict[str, int] = {}
    for item in ws.items:
        plans_of[item.id] = plans_of.get(item.id, 0) + 1
    found = []
    for item in ws.items:
        qualified = plans_of[item.id] > 1 or ":" in incomplete  # as typed: `tb-185-2018:7`
        value = item.qualified_id if qualified else item.id
        if any(_begins(name, incomplete) for name in (item.id, item.qualified_id)):
            found.append(CompletionItem(value, help=_short(item.task)))
    return found


def agencies(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """Agency and class names whose name, abbreviation or alias begins with what is typed,
    folded: `so tu` offers "Sở Tư pháp", `stp` too where the registry gives that abbreviation."""
    from caicach.plan.registry import key

    ws = _workspace(ctx)
    if ws is None:
        return []
    typed = key(incomplete)
    names = []
    for entity in ws.registry.entities():
        written = [entity.name, *getattr(entity, "abbreviations", ()), *entity.aliases]
        if any(key(name).startswith(typed) for name in written):
            names.append(entity.name)
    return [CompletionItem(name) for name in sorted(set(names), key=sort_key)]


def plans(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    ws = _workspace(ctx)
    if ws is None:
        return []
    return [CompletionItem(p) for p in sorted(ws.plans) if p.startswith(incomplete)]


def statuses(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """A status after the commas already typed: `qua-han,tr` offers `qua-han,tre-han`, …"""
    done, _, last = incomplete.rpartition(",")
    before = f"{done}," if done else ""
    typed = fold(last)
    return [
        CompletionItem(before + code, help=label)
        for code, label in STATUSES.items()
        if code.startswith(typed) and code not in done.split(",")
    ]


def periods(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """The periodic reports: the plans' own calendar (plans/reporting.yaml) or Bộ Nội vụ's."""
    from caicach.tracking.report import BNV_PERIODS

    ws = _workspace(ctx)
    calendar: dict[str, Any] = (ws.reporting if ws is not None else None) or BNV_PERIODS
    return [
        CompletionItem(k, help=p.label) for k, p in calendar.items() if k.startswith(incomplete)
    ]


def _begins(name: str, typed: str) -> bool:
    """`1.d` (typed without marks) begins `1.đ` and `1.d`; `1.đ` only `1.đ`."""
    if fold(typed) == typed.casefold():
        return fold(name).startswith(fold(typed))
    return name.casefold().startswith(typed.casefold())


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# The parameters completed, by their name in the commands' signatures.
BY_PARAMETER: dict[str, Completer] = {
    "item_id": items,
    "agency": agencies,
    "plan": plans,
    "status": statuses,
    "period": periods,
}
