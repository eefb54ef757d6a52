"""Comparing a decision's text with an existing plan file, item by item."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from caicach.errors import Problem, ProblemsError, UsageError
from caicach.load import yaml_source
from caicach.load.loader import load
from caicach.plan.model import ITEM_LETTERS, Item, Party, PlanFile, PlanInfo

_SKIP = {"notes", "subitems"}  # notes are a reader's, not the decision's
_SKIP |= {"written_period", "written_year"}  # compared as the time they give, `period`


def _flat(items: Iterable[Item]) -> dict[str, Item]:
    flat: dict[str, Item] = {}
    for item in items:
        flat[item.id] = item
        flat.update(_flat(item.subitems))
    return flat


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def differences(old: PlanFile, new: PlanFile) -> list[str]:
    """What the text (`new`) changes in the plan file (`old`), item by item."""
    found = [
        f"plan: {key}: «{_short(getattr(old.plan, key))}» → «{_short(getattr(new.plan, key))}»"
        for key in PlanInfo.model_fields
        if key not in _SKIP and getattr(old.plan, key) != getattr(new.plan, key)
    ]
    if old.plan.period != new.plan.period:  # `year: 2024` and `period: 2024` are one time
        found.append(f"plan: period: «{old.plan.period.text}» → «{new.plan.period.text}»")
    elif old.plan.year != new.plan.year:
        found.append(f"plan: year: «{old.plan.year}» → «{new.plan.year}»")
    old_areas = {a.id: a for a in old.areas}
    for area in new.areas:
        if old_areas.get(area.id) != area:
            found.append(
                f"lĩnh vực {area.id}: «{area.printed} {area.title}»"
                + (" thêm mới" if area.id not in old_areas else " thay đổi")
            )
    before, after = _flat(old.items), _flat(new.items)
    for item_id in sorted({*before, *after}, key=_id_key):
        if item_id not in after:
            found.append(f"{item_id}: bỏ (không có trong văn bản)")
        elif item_id not in before:
            found.append(f"{item_id}: thêm mới: «{_short(after[item_id].task)}»")
        else:
            for key in Item.model_fields:
                a, b = getattr(before[item_id], key), getattr(after[item_id], key)
                if key not in _SKIP and a != b:
                    found.append(
                        f"{item_id}: thay đổi {key}: «{_short(_plain(a))}» → «{_short(_plain(b))}»"
                    )
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return "; ".join(str(_plain(v)) for v in value)
    if isinstance(value, Party):
        return value.name + (f" ({value.role})" if value.role else "")
    return value


def _id_key(item_id: str) -> tuple[int | str, ...]:
    return tuple(
        int(p) if p.isdigit() else ITEM_LETTERS.index(p) if p in ITEM_LETTERS else p
        for p in item_id.split(".")
    )


def compare_with_file(plan: dict[str, Any], source: Path, check: Path, plans: Path) -> list[str]:
    """Differences between plan data read from `source` and the plan file `check`, which is
    first validated as `caicach validate` would, with the registry of the `plans` folder."""
    load([check], registry_dirs=[plans])  # located problems, the same as validate's
    data = yaml_source.load(check).data
    try:
        old = PlanFile.model_validate(data)
    except ValidationError:  # a file load() takes for another kind: the registry, a log
        keys = ", ".join(map(str, data)) if isinstance(data, dict) else type(data).__name__
        raise UsageError(
            f"{check}: không phải tệp kế hoạch (có {keys}); --check cần một tệp kế hoạch"
        ) from None
    try:
        new = PlanFile.model_validate(plan)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = f"những gì đọc được không thành kế hoạch ({where}: {first['msg']}); không so sánh"
        raise ProblemsError([Problem(str(source), 0, 0, message)]) from None
    return differences(old, new)
