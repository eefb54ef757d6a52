"""Progress by week: each week's counts are those of the milestones counted one by one."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from caicach.tracking.trend import trend

YEAR = 2024
DAYS = st.dates(min_value=date(2023, 11, 1), max_value=date(2025, 2, 1))
MILESTONE = st.tuples(
    st.one_of(st.none(), DAYS),  # due
    st.one_of(st.none(), DAYS),  # completed on
    st.sampled_from(["qua-han", "dung-han", "tre-han", "trong-han", "da-huy"]),
)


def _rows(items: list[list[tuple[date | None, date | None, str]]]) -> list[Any]:
    """Rows as `trend` reads them: each item's status and its milestones' due and done days."""
    return [
        SimpleNamespace(
            status=SimpleNamespace(
                milestones=[
                    SimpleNamespace(milestone=SimpleNamespace(due=d), completed_on=c, status=s)
                    for d, c, s in ms
                ]
            )
        )
        for ms in items
    ]


@given(st.lists(st.lists(MILESTONE, max_size=4), max_size=30), DAYS)
def test_each_week_counts_what_counting_one_by_one_gives(
    items: list[list[tuple[date | None, date | None, str]]], as_of: date
) -> None:
    t = trend(_rows(items), YEAR, as_of)
    dated = [(d, c) for ms in items for d, c, s in ms if d is not None and s != "da-huy"]
    assert t.total == len(dated)
    for w in t.weeks:
        assert w.due == sum(1 for d, _ in dated if d <= w.end)
        assert w.done == sum(1 for _, c in dated if c is not None and c <= w.end)
        assert w.done_of_due == sum(
            1 for d, c in dated if d <= w.end and c is not None and c <= w.end
        )
    if as_of.year >= YEAR:  # weeks from the first Sunday of the year to the day assessed
        last = min(as_of, date(2024, 12, 31))
        assert t.weeks[0].end == min(date(2024, 1, 7), last)  # the year's first Sunday
        assert t.weeks[-1].end == last
        ends = [w.end for w in t.weeks]
        assert all(timedelta(0) < b - a <= timedelta(days=7) for a, b in pairwise(ends))
    else:
        assert t.weeks == ()
