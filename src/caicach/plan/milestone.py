"""A milestone of an item, and the one way it is named to people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Kind = Literal["once", "recurring", "continuous", "undated"]


@dataclass(frozen=True)
class Milestone:
    label: str | None
    due: date | None
    kind: Kind
    period: str | None = None
    note: str | None = None
    repeats: bool = False  # one of the yearly assessments of continuous work over several years

    @property
    def recurs(self) -> bool:
        """Named and recorded by its period: a recurring milestone, or a year of continuous work
        in a plan of several years ("Thường xuyên" in 2026–2030)."""
        return self.kind == "recurring" or self.repeats

    @property
    def name(self) -> str:
        """What the milestone is called everywhere: its label, the period of a recurring one
        ("báo cáo tháng (2024-03)"), or "hoàn thành" for an item's single end."""
        if self.recurs and self.period:
            return f"{self.label} ({self.period})" if self.label else self.period
        return self.label or "hoàn thành"


def numbered(number: int, m: Milestone) -> str:
    """`2 (ban hành kế hoạch)`: a milestone with its 1-based number, as commands accept it."""
    return f"{number} ({m.name})"
