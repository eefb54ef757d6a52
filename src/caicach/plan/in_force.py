"""Which of several plans a day looks at, when an office keeps every year's plan and the same
item id is in several of them: the plan in force on the day; when none is, the latest begun by
then (the one just ended); when none has begun, the first to begin. Pure: a plan here is
anything with a first and a last day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, Protocol, TypeVar

Why = Literal["in-force", "ended", "not-begun"]


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


def nearest(plans: Sequence[P], day: date) -> Nearest[P]:
    """The plans a day looks at (`plans` must not be empty). Only plans equally placed tie:
    several in force on the day, or, when none is, several begun on the same day."""
    in_force = tuple(p for p in plans if p.starts <= day <= p.ends)
    if in_force:
        return Nearest(in_force, "in-force")
    begun = [p for p in plans if p.starts <= day]
    if begun:
        last = max(p.starts for p in begun)
        return Nearest(tuple(p for p in begun if p.starts == last), "ended")
    first = min(p.starts for p in plans)
    return Nearest(tuple(p for p in plans if p.starts == first), "not-begun")
