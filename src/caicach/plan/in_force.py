"""Which of several plans a day looks at, when an office keeps every year's plan and the same
item id is in several of them: the plan in force on the day; when none is, the latest begun by
then (the one just ended, or one issued before its period); when none has begun, the first to
begin. Pure: a plan here is anything with a first and a last day."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, Protocol, TypeVar

Why = Literal["in-force", "begun", "not-begun"]


class Period(Protocol):
    @property
    def starts(self) -> date: ...

    @property
    def ends(self) -> date: ...


P = TypeVar("P", bound=Period)


@dataclass(frozen=True)
class Nearest(Generic[P]):
    """The plans equally near the day, in the order given: one is an answer, more are a tie."""

    plans: tuple[P, ...]
    why: Why


def _first_day(plan: Period) -> date:
    return plan.starts


def nearest(plans: Sequence[P], day: date, begins: Callable[[P], date] = _first_day) -> Nearest[P]:
    """The plans a day looks at (`plans` must not be empty); `begins` says when a plan begins
    (its first day, unless told). Only plans equally placed tie: several in force on the day,
    or, when none is, several begun on the same day."""
    in_force = tuple(p for p in plans if p.starts <= day <= p.ends)
    if in_force:
        return Nearest(in_force, "in-force")
    begun = [p for p in plans if begins(p) <= day]
    if begun:
        last = max(begins(p) for p in begun)
        return Nearest(tuple(p for p in begun if begins(p) == last), "begun")
    first = min(begins(p) for p in plans)
    return Nearest(tuple(p for p in plans if begins(p) == first), "not-begun")
