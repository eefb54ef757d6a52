"""Whether the plans' targets (chỉ tiêu) are met: each target's latest published value by a year,
against its threshold. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from caicach.load.loader import Workspace
from caicach.plan.model import MeasuredValue, Target, TargetSource

State = Literal["dat", "chua-dat", "chua-co-so-lieu"]
STATE: dict[State, str] = {
    "dat": "Đạt",
    "chua-dat": "Chưa đạt",
    "chua-co-so-lieu": "Chưa có số liệu",
}


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    source: TargetSource
    also: TargetSource | None
    value: MeasuredValue | None  # the latest value published for a year up to the one asked
    state: State

    @property
    def final(self) -> bool:
        """The value is for the target's own year (or later): the verdict will not change."""
        return self.value is not None and self.value.year >= self.target.year


@dataclass(frozen=True)
class TargetList:
    year: int
    statuses: list[TargetStatus]


def met(target: Target, value: float) -> bool:
    if target.comparator == "at-least":
        return value >= target.threshold
    if target.comparator == "at-most":
        return value <= target.threshold
    return value == target.threshold


def status(
    target: Target, source: TargetSource, also: TargetSource | None, year: int
) -> TargetStatus:
    known = [v for v in target.values if v.year <= year]
    latest = max(known, key=lambda v: v.year) if known else None
    state: State = "chua-co-so-lieu"
    if latest is not None:
        state = "dat" if met(target, latest.value) else "chua-dat"
    return TargetStatus(target, source, also, latest, state)


def targets(ws: Workspace, year: int) -> TargetList:
    """Every target of the loaded target files, in their order, judged by `year`."""
    return TargetList(
        year,
        [status(t, f.targets, f.also, year) for f in ws.targets for t in f.items],
    )


def threshold_text(t: Target) -> str:
    """ "≤ 30/63", "≥ 80 %", "có": the threshold as people read it."""
    sign = {"at-least": "≥", "at-most": "≤", "equals": "="}[t.comparator]
    if t.measure == "rank":
        return f"hạng {sign} {t.threshold:g}" + (f"/{t.out_of}" if t.out_of else "")
    if t.measure == "percent":
        return f"{sign} {t.threshold:g} %"
    if t.measure == "yes-no":
        return "hoàn thành" if t.threshold else "không"
    return f"{sign} {t.threshold:g}"


def value_text(s: TargetStatus) -> str:
    v = s.value
    if v is None:
        return "—"
    t = s.target
    if t.measure == "rank":
        shown = f"hạng {v.value:g}" + (f"/{v.out_of or t.out_of}" if (v.out_of or t.out_of) else "")
    elif t.measure == "percent":
        shown = f"{v.value:g} %".replace(".", ",")
    elif t.measure == "yes-no":
        shown = "hoàn thành" if v.value else "chưa"
    else:
        shown = f"{v.value:g}"
    return f"{shown} (năm {v.year})"
