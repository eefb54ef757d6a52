"""Figures as every medium writes them: a rate as "83,3%" and a matrix cell as "✗ 12"."""

from __future__ import annotations

from caicach.plan.words import MATRIX_MARK
from caicach.tracking.status import ItemStatus


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def mark(s: ItemStatus) -> str:
    """A share as the matrix shows it: ✓, ✓ trễ, ✗ 12, ○, ?, hủy."""
    text = MATRIX_MARK[s.status]
    return f"{text} {s.days_overdue}" if s.status == "qua-han" else text
