"""Which plan a bare item id names on a day: the pure rule (in_force.nearest) and find_item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caicach.errors import UsageError
from caicach.plan.in_force import nearest
from caicach.plan.items import TrackedItem, begins, find_item
from caicach.plan.model import Area, PlanInfo


@dataclass(frozen=True)
class Span:
    name: str
    starts: date
    ends: date


def _span(name: str, first: str, last: str) -> Span:
    return Span(name, date.fromisoformat(first), date.fromisoformat(last))


Y2018 = _span("2018", "2018-01-01", "2018-12-31")
Y2024 = _span("2024", "2024-01-01", "2024-12-31")
Y2024B = _span("2024b", "2024-01-01", "2024-12-31")
Y2021_25 = _span("2021-25", "2021-01-01", "2025-12-31")
Y2026_30 = _span("2026-30", "2026-01-01", "2030-12-31")


@pytest.mark.parametrize(
    ("spans", "day", "chosen", "why"),
    [
        ([Y2018, Y2024], "2018-07-01", ["2018"], "in-force"),
        ([Y2018, Y2024], "2024-04-15", ["2024"], "in-force"),
        ([Y2018, Y2024], "2024-01-01", ["2024"], "in-force"),  # first day in force
        ([Y2018, Y2024], "2018-12-31", ["2018"], "in-force"),  # last day too
        ([Y2018, Y2024], "2020-06-01", ["2018"], "begun"),  # between: the one just ended
        ([Y2018, Y2024], "2026-12-02", ["2024"], "begun"),  # after both: the latest begun
        ([Y2018, Y2024], "2010-01-01", ["2018"], "not-begun"),  # before both: the first
        ([Y2024, Y2018], "2010-01-01", ["2018"], "not-begun"),  # order given does not matter
        ([Y2024, Y2024B], "2024-04-15", ["2024", "2024b"], "in-force"),  # a tie
        ([Y2024, Y2024B, Y2018], "2026-01-01", ["2024", "2024b"], "begun"),  # begun together
        ([Y2024, Y2024B], "2023-06-01", ["2024", "2024b"], "not-begun"),
        ([Y2021_25, Y2024], "2024-04-15", ["2021-25", "2024"], "in-force"),  # overlapping
        ([Y2021_25, Y2024], "2025-06-01", ["2021-25"], "in-force"),
        ([Y2021_25, Y2024, Y2026_30], "2026-01-15", ["2026-30"], "in-force"),
        ([Y2021_25, Y2024], "2027-01-01", ["2024"], "begun"),  # begun latest, not ended last
        ([Y2018], "2030-01-01", ["2018"], "begun"),
    ],
)
def test_the_plan_a_day_looks_at(spans: list[Span], day: str, chosen: list[str], why: str) -> None:
    found = nearest(spans, date.fromisoformat(day))
    assert ([s.name for s in found.plans], found.why) == (chosen, why)


ISSUED = {"2018": date(2018, 6, 19), "2024": date(2023, 12, 15), "2024b": date(2024, 3, 1)}


@pytest.mark.parametrize(
    ("day", "chosen"),
    [
        ("2023-12-28", ["2024"]),  # issued on 15/12/2023 for 2024: begun, though not in force
        ("2023-12-14", ["2018"]),  # the day before it was issued: 2018's, just ended
        ("2018-03-01", ["2018"]),  # in force (its period), before it was even issued
    ],
)
def test_a_plan_issued_before_its_period_has_begun_on_its_issue_day(
    day: str, chosen: list[str]
) -> None:
    spans = [Y2018, Y2024]
    found = nearest(spans, date.fromisoformat(day), begins=lambda s: min(ISSUED[s.name], s.starts))
    assert [s.name for s in found.plans] == chosen


days = st.dates(date(2000, 1, 1), date(2040, 12, 31))


@st.composite
def apart(draw: st.DrawFn) -> list[Span]:
    """Periods that never overlap: each starts after the one before it ends."""
    spans, start = [], draw(days)
    for n in range(draw(st.integers(1, 6))):
        end = start + timedelta(days=draw(st.integers(0, 2000)))
        spans.append(Span(str(n), start, end))
        start = end + timedelta(days=draw(st.integers(1, 1000)))
    return draw(st.permutations(spans))


@given(apart(), days)
def test_never_ambiguous_when_periods_do_not_overlap(spans: list[Span], day: date) -> None:
    assert len(nearest(spans, day).plans) == 1


@st.composite
def any_spans(draw: st.DrawFn) -> list[Span]:
    spans = []
    for n in range(draw(st.integers(1, 6))):
        start = draw(days)
        spans.append(Span(str(n), start, start + timedelta(days=draw(st.integers(0, 2000)))))
    return spans


@given(any_spans(), days, st.data())
def test_the_chosen_are_equally_near_whatever_the_order(
    spans: list[Span], day: date, data: st.DataObject
) -> None:
    found = nearest(spans, day)
    assert set(nearest(data.draw(st.permutations(spans)), day).plans) == set(found.plans)
    in_force = {s for s in spans if s.starts <= day <= s.ends}
    if in_force:
        assert (set(found.plans), found.why) == (in_force, "in-force")
        return
    begun = [s for s in spans if s.starts <= day]
    pool = begun or spans
    best = max(s.starts for s in pool) if begun else min(s.starts for s in pool)
    assert set(found.plans) == {s for s in pool if s.starts == best}
    assert found.why == ("begun" if begun else "not-begun")


# --- find_item ----------------------------------------------------------------------------------


def _plan(plan_id: str, year: int, number: str) -> PlanInfo:
    return PlanInfo(
        id=plan_id,
        number=number,
        date=date(year - 1, 12, 15),
        issuer="UBND tỉnh",
        year=year,
        title=f"Kế hoạch năm {year}",
    )


def _item(plan: PlanInfo, item_id: str) -> TrackedItem:
    area = Area(id=int(item_id.split(".")[0]), printed="1.", title="Lĩnh vực")
    return TrackedItem(plan, area, item_id, "Nhiệm vụ", None, (), (), (), None, (), (), "p", 1)


P2018 = _plan("tb-2018", 2018, "185/TB-UBND")
P2024 = _plan("kh-2024", 2024, "1879/QĐ-UBND")
P2024B = _plan("kh-2024-b", 2024, "12/KH-UBND")
ITEMS = [
    *(_item(P2024, i) for i in ("1.a", "1.đ", "2.a", "2.k.1", "2.k.2", "6.a")),
    *(_item(P2018, i) for i in ("1.a", "2.a", "2.k", "6.a.1", "6.a.2")),
]


@pytest.mark.parametrize(
    ("typed", "day", "found"),
    [
        ("1.a", "2018-07-01", "tb-2018:1.a"),
        ("1.a", "2024-04-15", "kh-2024:1.a"),
        ("1.a", "2021-03-01", "tb-2018:1.a"),  # 2018 had ended, 2024 had not begun
        ("1.a", "2023-12-20", "kh-2024:1.a"),  # issued on 15/12/2023: begun
        ("1.a", "2026-12-02", "kh-2024:1.a"),
        ("1.a", "2017-12-31", "tb-2018:1.a"),
        ("1.dd", "2018-07-01", "kh-2024:1.đ"),  # only one plan has it: that one, any day
        ("6.a.1", "2024-04-15", "tb-2018:6.a.1"),
        ("6.a", "2024-04-15", "kh-2024:6.a"),  # 2018 split its 6.a; 2024's is in force
        ("2.k", "2018-07-01", "tb-2018:2.k"),  # 2.k is 2024's parent, 2018's item
        ("kh-2024:1.a", "2018-07-01", "kh-2024:1.a"),  # a qualified id always names its plan
        ("TB-2018:1.A", "2024-04-15", "tb-2018:1.a"),
    ],
)
def test_a_bare_id_names_the_item_of_the_plan_in_force(typed: str, day: str, found: str) -> None:
    assert find_item(ITEMS, typed, date.fromisoformat(day)).qualified_id == found


@pytest.mark.parametrize(
    ("typed", "day", "message"),
    [
        ("2.k", "2024-04-15", "nhiệm vụ '2.k' được chia thành các nhiệm vụ con: 2.k.1, 2.k.2"),
        ("6.a", "2018-07-01", "nhiệm vụ '6.a' được chia thành các nhiệm vụ con: 6.a.1, 6.a.2"),
        ("9.z", "2018-07-01", "không có nhiệm vụ '9.z' trong các kế hoạch đã nạp"),
        ("tb-2018:1.đ", "2018-07-01", "không có nhiệm vụ 'tb-2018:1.đ' trong các kế hoạch đã nạp"),
    ],
)
def test_what_an_id_names_nothing_says(typed: str, day: str, message: str) -> None:
    with pytest.raises(UsageError, match=f"^{re.escape(message)}$"):
        find_item(ITEMS, typed, date.fromisoformat(day))


TWINS = [*ITEMS, _item(P2024B, "1.a")]


@pytest.mark.parametrize(
    ("day", "when"),
    [
        ("2024-04-15", "cùng có hiệu lực ngày 15/04/2024"),
        ("2025-02-01", "cùng ban hành ngày 15/12/2023, không có hiệu lực ngày 01/02/2025"),
        ("2017-01-01", None),  # before both: 2018 begins first, no tie
    ],
)
def test_ambiguous_only_between_plans_equally_in_force(day: str, when: str | None) -> None:
    if when is None:
        assert find_item(TWINS, "1.a", date.fromisoformat(day)).plan.id == "tb-2018"
        return
    with pytest.raises(UsageError) as exc:
        find_item(TWINS, "1.a", date.fromisoformat(day))
    assert str(exc.value) == (
        f"nhiệm vụ '1.a' có ở 2 kế hoạch {when} (1879/QĐ-UBND, 12/KH-UBND); "
        "hãy ghi rõ kế hoạch: kh-2024:1.a, kh-2024-b:1.a"
    )
    assert find_item(TWINS, "kh-2024-b:1.a", date.fromisoformat(day)).plan.id == "kh-2024-b"


def test_ambiguous_before_plans_that_begin_together() -> None:
    items = [_item(P2024, "1.a"), _item(P2024B, "1.a")]
    with pytest.raises(UsageError, match=re.escape("cùng ban hành ngày 15/12/2023, sau ngày")):
        find_item(items, "1.a", date(2023, 6, 1))


plan_ids = st.sampled_from(["a-2018", "b-2019", "c-2024", "d-2024", "e-2030"])
item_ids = st.sampled_from(["1.a", "1.đ", "2.a", "2.k.1"])


@st.composite
def loaded(draw: st.DrawFn) -> list[TrackedItem]:
    """Some plans, each with some of the same few ids."""
    plans = {p: _plan(p, int(p[-4:]), f"{p}/KH") for p in draw(st.sets(plan_ids, min_size=1))}
    return [
        _item(plan, i)
        for plan in plans.values()
        for i in sorted(draw(st.sets(item_ids, min_size=1)))
    ]


@given(loaded(), days, st.data())
def test_a_qualified_id_always_names_its_plan(
    items: list[TrackedItem], day: date, data: st.DataObject
) -> None:
    wanted = data.draw(st.sampled_from(items))
    assert find_item(items, wanted.qualified_id, day) is wanted


@given(loaded(), days, item_ids)
def test_a_bare_id_is_the_nearest_plans_or_a_tie_that_names_them(
    items: list[TrackedItem], day: date, item_id: str
) -> None:
    having = [i for i in items if i.id == item_id]
    if not having:
        return
    near = nearest([i.plan for i in having], day, begins)
    if len(near.plans) == 1:
        assert find_item(items, item_id, day).plan == near.plans[0]
        return
    with pytest.raises(UsageError) as exc:
        find_item(items, item_id, day)
    for plan in near.plans:
        assert f"{plan.id}:{item_id}" in str(exc.value)
