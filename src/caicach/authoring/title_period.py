"""The years a plan's title says it covers: "năm 2024", "giai đoạn 2026 - 2030", "đến năm 2030".

Pure: a table of patterns matched on a case- and diacritic-folded copy of the title, each claiming
its text before the next looks (so "giai đoạn 2026 - 2030" is not also read as "năm 2026"), then
one rule to combine what was found."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from caicach.dates import FIRST_YEAR, LAST_YEAR
from caicach.text import fold_chars

Said = Literal["years", "until", "vision"]


@dataclass(frozen=True)
class TitleYears:
    """`first` to `last`, both included; `first` is None for "đến năm 2030": from the day the
    plan is issued."""

    first: int | None
    last: int


_FIRST = r"(?<![\w/.-])(?P<first>\d{4})(?![\w/])"
_LAST = r"(?<![\w/.])(?P<last>\d{4})(?![\w/])"
_TO = r"\s*(?:[-–—]|\bden(?:\s+het)?(?:\s+nam)?\b)\s*"

_TABLE: list[tuple[str, str, Said]] = [
    # "tầm nhìn đến năm 2045", "định hướng đến năm 2035": a horizon, not the plan's time
    ("tầm nhìn", rf"\b(?:tam nhin|dinh huong)(?:\s+den)?(?:\s+nam)?\s+{_LAST}", "vision"),
    (
        "giai đoạn 2026 - 2030",  # also "thời kỳ", "từ năm 2026 đến năm 2030", "các năm …"
        rf"\b(?:giai doan|thoi ky|(?:tu\s+)?(?:cac\s+)?nam|tu)\s+{_FIRST}{_TO}{_LAST}",
        "years",
    ),
    ("2021 – 2025", rf"{_FIRST}\s*[-–—]\s*{_LAST}", "years"),
    ("đến năm 2030", rf"\bden(?:\s+het)?\s+nam\s+{_LAST}", "until"),
    ("năm 2024", rf"\bnam\s+{_LAST}", "years"),
]
PATTERNS = tuple((name, re.compile(rx), said) for name, rx, said in _TABLE)
# A day in a title belongs to a document it cites ("Nghị quyết … ngày 30 tháng 4 năm 2025").
_DAYS = re.compile(
    r"\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
)


def title_years(title: str) -> TitleYears | None:
    """What the title says of the plan's time, or None when it says nothing.

    A year within a range is the plan's year ("năm 2025" of a programme "giai đoạn 2021 -
    2025"); otherwise years and ranges are joined ("năm 2025 và giai đoạn 2026 - 2030" is
    2025–2030); "đến năm …" counts only when nothing else is said."""
    found = list(_found(title))
    spans = [(first, last) for said, first, last in found if said == "years"]
    if not spans:
        untils = [last for said, _, last in found if said == "until"]
        return TitleYears(None, max(untils)) if untils else None
    single = [first for first, last in spans if first == last]
    ranges = [(first, last) for first, last in spans if first < last]
    if single and ranges and all(any(a <= y <= b for a, b in ranges) for y in single):
        return TitleYears(min(single), max(single))
    return TitleYears(min(f for f, _ in spans), max(last for _, last in spans))


def _found(title: str) -> Iterator[tuple[Said, int, int]]:
    taken = _DAYS.sub(lambda m: "#" * len(m[0]), fold_chars(title))
    for _name, rx, said in PATTERNS:
        for m in rx.finditer(taken):
            taken = taken[: m.start()] + "#" * (m.end() - m.start()) + taken[m.end() :]
            last = int(m["last"])
            first = int(m["first"]) if "first" in rx.groupindex else last
            if FIRST_YEAR <= first <= last <= LAST_YEAR and said != "vision":
                yield said, first, last
