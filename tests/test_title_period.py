"""The years a plan's title names, as a table, and what any title gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caicach.authoring.title_period import TitleYears, title_years

TITLES: dict[str, TitleYears | None] = {
    "Kế hoạch cải cách hành chính năm 2024 tỉnh Quảng Ngãi": TitleYears(2024, 2024),
    "Kế hoạch cải cách hành chính năm 2025": TitleYears(2025, 2025),
    "KẾ HOẠCH NÂNG CAO NĂNG LỰC CÁN BỘ GIAI ĐOẠN 2026 - 2030": TitleYears(2026, 2030),
    "Kế hoạch bồi dưỡng công chức giai đoạn 2026-2030": TitleYears(2026, 2030),
    "Chương trình cải cách hành chính 2021 – 2025": TitleYears(2021, 2025),
    "Kế hoạch chuyển đổi số từ năm 2026 đến năm 2030": TitleYears(2026, 2030),
    "Kế hoạch phát triển thời kỳ 2021-2030": TitleYears(2021, 2030),
    "Kế hoạch chuyển đổi số đến năm 2030": TitleYears(None, 2030),  # from the day of issue
    "Kế hoạch thực hiện Đề án đến hết năm 2027": TitleYears(None, 2027),
    # a horizon is not the plan's time
    "Chiến lược giai đoạn 2026 - 2030, tầm nhìn đến năm 2045": TitleYears(2026, 2030),
    "Kế hoạch đến năm 2025 và định hướng đến năm 2030": TitleYears(None, 2025),
    # a year of a programme of several years is the plan's year
    "Kế hoạch năm 2025 thực hiện Chương trình giai đoạn 2021 - 2025": TitleYears(2025, 2025),
    # a year beside a range is joined to it
    "Kế hoạch năm 2025 và giai đoạn 2026 - 2030": TitleYears(2025, 2030),
    # days of the documents a title cites are not the plan's
    "Kế hoạch thực hiện Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm 2025": None,
    "Kế hoạch thực hiện Nghị quyết ngày 22/12/2024 của Bộ Chính trị": None,
    "Kế hoạch thực hiện chuyển đổi số trên địa bàn tỉnh": None,
    "Kế hoạch số 14-2025": None,
    "Kế hoạch giai đoạn 2030 - 2026": None,  # backwards: not a period
    "Kế hoạch năm 1800": None,  # outside the years a plan can be about
}


@pytest.mark.parametrize(("title", "expected"), TITLES.items())
def test_title(title: str, expected: TitleYears | None) -> None:
    assert title_years(title) == expected


RANGES = ["giai đoạn {a} - {b}", "GIAI ĐOẠN {a}-{b}", "{a} – {b}", "từ năm {a} đến năm {b}",
          "giai đoạn {a} - {b}, tầm nhìn đến năm {c}", "các năm {a}—{b}"]  # fmt: skip
WORDS = st.text(st.sampled_from("abcdeghiklmnopqrstuvxyàáạảãâầấăđêôơư ,"), max_size=40)


@given(st.integers(1990, 2080), st.integers(1, 20), st.sampled_from(RANGES), WORDS, WORDS)
def test_any_range_in_a_title_reads_back(
    a: int, length: int, phrase: str, before: str, after: str
) -> None:
    b = a + length
    title = f"Kế hoạch {before} {phrase.format(a=a, b=b, c=b + 15)} {after}"
    assert title_years(title) == TitleYears(a, b)


@given(st.integers(1990, 2100), WORDS)
def test_a_year_in_a_title_reads_back(year: int, words: str) -> None:
    assert title_years(f"Kế hoạch {words} năm {year} {words}") == TitleYears(year, year)


@given(st.text(max_size=120))
def test_any_title_gives_years_it_names_or_nothing(title: str) -> None:
    found = title_years(title)
    if found is None:
        return
    named = {int(y) for y in re.findall(r"\d{4}", title)}
    assert found.last in named
    assert found.first is None or (found.first in named and found.first <= found.last)
