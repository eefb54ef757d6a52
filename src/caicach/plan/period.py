"""The time a plan covers: one year (2024), several (2026–2030) or two days. Pure values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caicach.dates import vn_date


@dataclass(frozen=True)
class Period:
    starts: date
    ends: date

    @classmethod
    def of_years(cls, first: int, last: int | None = None) -> Period:
        return cls(date(first, 1, 1), date(last or first, 12, 31))

    @property
    def years(self) -> range:
        return range(self.starts.year, self.ends.year + 1)

    @property
    def whole_years(self) -> bool:
        return self == Period.of_years(self.starts.year, self.ends.year)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.starts <= day <= self.ends

    def year_of(self, day: date) -> int:
        """The plan's year a day belongs to: its own within the period, else the nearest end's
        (a one-year plan's year for every day)."""
        return min(max(day.year, self.starts.year), self.ends.year)

    @property
    def text(self) -> str:
        """As documents say it: "năm 2024", "giai đoạn 2026 - 2030", "từ 20/11/2025 đến …"."""
        if not self.whole_years:
            return f"từ {vn_date(self.starts)} đến {vn_date(self.ends)}"
        first, last = self.starts.year, self.ends.year
        return f"năm {first}" if first == last else f"giai đoạn {first} - {last}"
