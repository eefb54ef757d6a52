"""The official status rules at their boundaries, on the items of the shipped plan."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caicach.load.loader import Workspace, load
from caicach.plan.items import Record, TrackedItem, match
from caicach.plan.words import EntryKind
from caicach.tracking.matrix import matrix
from caicach.tracking.queries import Ask, Filters, Row, assess_rows, due_within, select
from caicach.tracking.status import assess
from caicach.tracking.summary import summarize
from tests.conftest import PLANS


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load([PLANS])


def item(ws: Workspace, item_id: str) -> TrackedItem:
    return next(i for i in ws.items if i.id == item_id)


def rec(
    i: TrackedItem,
    day: date,
    milestone: int | None = 1,
    kind: EntryKind = "done",
    agency: str | None = None,
) -> Record:
    return Record(i.qualified_id, milestone, agency, kind, day, None, None, None, "log.yaml", 1)


def test_done_on_the_due_day_is_on_time(ws: Workspace) -> None:
    i = item(ws, "5.b")  # Tháng 1 năm 2024
    assert assess(i, [rec(i, date(2024, 1, 31))], date(2024, 2, 15)).status == "dung-han"
    assert assess(i, [rec(i, date(2024, 2, 1))], date(2024, 2, 15)).status == "tre-han"


def test_not_done_is_in_time_through_the_due_day_then_overdue(ws: Workspace) -> None:
    i = item(ws, "5.b")
    on_due_day = assess(i, [], date(2024, 1, 31))
    day_after = assess(i, [], date(2024, 2, 1))
    assert (on_due_day.status, on_due_day.detail) == ("trong-han", "chua-thuc-hien")
    assert (day_after.status, day_after.days_overdue) == ("qua-han", 1)


def test_reports_after_the_day_are_not_known_yet(ws: Workspace) -> None:
    i = item(ws, "5.b")
    assert assess(i, [rec(i, date(2024, 3, 1))], date(2024, 2, 15)).status == "qua-han"
    assert assess(i, [rec(i, date(2024, 3, 1))], date(2024, 3, 1)).status == "tre-han"


def test_recurring_months_each_have_their_own_status(ws: Workspace) -> None:
    i = item(ws, "2.d")  # Định kỳ hàng tháng trong năm 2024
    records = [rec(i, date(2024, 1, 31), 1), rec(i, date(2024, 3, 5), 2)]
    s = assess(i, records, date(2024, 4, 15))
    assert [m.status for m in s.milestones[:4]] == ["dung-han", "tre-han", "qua-han", "trong-han"]
    assert (s.status, s.days_overdue) == ("qua-han", 15)


def test_continuous_items_are_assessed_at_the_end_of_their_period(ws: Workspace) -> None:
    i = item(ws, "1.a")  # Thường xuyên trong năm 2024
    assert assess(i, [], date(2024, 12, 31)).status == "trong-han"
    assert assess(i, [], date(2025, 1, 1)).status == "qua-han"


def test_items_without_a_date_are_never_overdue(ws: Workspace) -> None:
    s = assess(item(ws, "2.h"), [], date(2030, 1, 1))
    assert (s.status, s.days_overdue, s.is_due) == ("khong-xac-dinh", None, False)


def test_an_item_is_as_bad_as_its_worst_milestone(ws: Workspace) -> None:
    i = item(ws, "3.e")  # Quý I ban hành Kế hoạch; báo cáo vào Quý IV
    late_then_pending = assess(i, [rec(i, date(2024, 4, 2), 1)], date(2024, 6, 1))
    assert late_then_pending.status == "trong-han"
    both = [rec(i, date(2024, 4, 2), 1), rec(i, date(2024, 12, 1), 2)]
    finished = assess(i, both, date(2025, 1, 1))
    assert (finished.status, finished.completed_on) == ("tre-han", date(2024, 12, 1))


def test_a_done_entry_without_milestone_covers_every_milestone(ws: Workspace) -> None:
    i = item(ws, "3.e")
    assert assess(i, [rec(i, date(2024, 3, 1), None)], date(2025, 1, 1)).status == "dung-han"


def test_progress_moves_an_item_to_in_progress(ws: Workspace) -> None:
    i = item(ws, "3.e")
    s = assess(i, [rec(i, date(2024, 3, 20), None, "progress")], date(2024, 3, 25))
    assert (s.status, s.detail, s.progressed) == ("trong-han", "dang-thuc-hien", True)


def test_cancelled_milestones_leave_the_count(ws: Workspace) -> None:
    i = item(ws, "3.e")
    s = assess(
        i, [rec(i, date(2024, 2, 1), 1), rec(i, date(2024, 7, 1), 2, "cancelled")], date(2025, 1, 1)
    )
    assert [m.status for m in s.milestones] == ["dung-han", "da-huy"]
    assert s.status == "dung-han"
    whole = assess(i, [rec(i, date(2024, 1, 5), None, "cancelled")], date(2025, 1, 1))
    assert whole.status == "da-huy"


def test_shared_items_wait_for_every_lead_agency(ws: Workspace) -> None:
    i = item(ws, "1.đ")  # led by Sở Tư pháp and Văn phòng UBND tỉnh
    one = assess(i, [rec(i, date(2024, 2, 20), 1, agency="so-tu-phap")], date(2024, 4, 1))
    first = one.milestones[0]
    assert (first.status, first.reported, first.waiting) == (
        "qua-han",
        ("so-tu-phap",),
        ("vp-ubnd-tinh",),
    )
    both = [
        rec(i, date(2024, 2, 20), 1, agency="so-tu-phap"),
        rec(i, date(2024, 3, 2), 1, agency="vp-ubnd-tinh"),
    ]
    done = assess(i, both, date(2024, 4, 1)).milestones[0]
    assert (done.status, done.completed_on, done.waiting) == ("tre-han", date(2024, 3, 2), ())


def test_an_entry_without_agency_speaks_for_the_whole_item(ws: Workspace) -> None:
    i = item(ws, "1.đ")
    records = [rec(i, date(2024, 2, 20), 1, agency="so-tu-phap"), rec(i, date(2024, 2, 25), 1)]
    assert assess(i, records, date(2024, 4, 1)).milestones[0].status == "dung-han"


def _assessed(ws: Workspace, records: list[Record], day: date) -> list[Row]:
    by_item: dict[str, list[Record]] = {}
    for r in records:
        by_item.setdefault(r.item, []).append(r)
    rows = select(ws.items, Filters())
    return assess_rows(rows, lambda i: by_item.get(i.qualified_id, []), day)


def test_summary_partitions_the_dated_items(ws: Workspace) -> None:
    # 22 items of 1879 are overdue on 15/04 with nothing recorded (and 3 of Thông báo 185, since
    # 2018); 5.b is then done on time, 6.c (due in Quý II) reports progress, and 3.e reports
    # progress too late to save its Quý I milestone.
    done, early, late = item(ws, "5.b"), item(ws, "6.c"), item(ws, "3.e")
    records = [
        rec(done, date(2024, 1, 31)),
        rec(early, date(2024, 3, 20), None, "progress"),
        rec(late, date(2024, 3, 20), None, "progress"),
    ]
    groups, total = summarize(_assessed(ws, records, date(2024, 4, 15)), "area", ws.registry)
    assert total.counts == {
        "dung-han": 1,
        "tre-han": 0,
        "dang-thuc-hien": 1,
        "chua-thuc-hien": 31,
        "qua-han": 21 + 3,
        "khong-xac-dinh": 2 + 18,
        "da-huy": 0,
    }
    assert total.dated == 54 + 3
    assert sum(g.dated for g in groups) == total.dated
    assert (total.due_by, total.done_due_by, total.on_time_due_by) == (22 + 3, 1, 1)
    assert total.completion_rate == pytest.approx(1 / 25)


def test_summary_by_agency_counts_every_share_an_agency_owes(ws: Workspace) -> None:
    rows = _assessed(ws, [], date(2024, 4, 15))
    shares = matrix(ws, Ask(), date(2024, 4, 15), rows)
    groups, _ = summarize(rows, "agency", ws.registry, shares)
    by_key = {g.key: g for g in groups}

    def leads(agency: str) -> int:
        found = [i for i in ws.items if match(i, agency, ws.registry, "lead") and i.dated]
        return len(found)

    # 1879: named, as a sở; 185/TB-UBND: 4.d, as a sở (its other points have no date)
    assert by_key["so-noi-vu"].dated == leads("so-noi-vu") == 8 + 23 + 1
    assert by_key["ubnd-ba-to"].dated == leads("ubnd-ba-to")
    assert by_key["ubnd-cap-xa"].dated == leads("ubnd-cap-xa") == 14  # no members: owed as one
    assert "cac-so-ban-nganh" not in by_key


def test_due_within_lists_open_milestones_soonest_first(ws: Workspace) -> None:
    dues = due_within(_assessed(ws, [], date(2024, 3, 20)), date(2024, 3, 20), 14)
    # 1.đ's report falls due that very day; then the Quý I milestones and March of 2.d.
    assert [(d.row.item.id, d.milestone.number, d.days_left) for d in dues][:3] == [
        ("1.đ", 2, 0),
        ("1.e", 1, 11),
        ("2.a", 1, 11),
    ]
    assert all(d.milestone.milestone.due == date(2024, 3, 31) for d in dues[1:])
    assert len(dues) == 20


_WS = load([PLANS])
_SHARED = [i for i in _WS.items if len(i.assignments) > 3]  # items given to classes


@st.composite
def _reports(draw: st.DrawFn) -> tuple[TrackedItem, list[Record], date]:
    i = draw(st.sampled_from(_SHARED))
    agencies = [a.agency for a in i.assignments] + [a.via for a in i.assignments if a.via]
    agencies += [c.agency_id for c in i.co]
    records = [
        Record(
            i.qualified_id,
            draw(st.none() | st.integers(1, len(i.milestones))),
            draw(st.none() | st.sampled_from(agencies)),
            draw(st.sampled_from(["done", "progress", "cancelled", "note"])),
            date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 365))),
            None,
            None,
            None,
            "log.yaml",
            line,
            draw(st.booleans()),
        )
        for line in range(1, draw(st.integers(0, 8)) + 1)
    ]
    return i, records, date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 400)))


@settings(max_examples=300, deadline=None)
@given(case=_reports())
def test_each_share_is_assessed_as_if_on_its_own(
    case: tuple[TrackedItem, list[Record], date],
) -> None:
    i, records, day = case
    together = assess(i, records, day).assignments
    alone = tuple(assess(i, records, day, [a]) for a in i.assignments)
    assert together == alone
    assert [s.scope for s in together] == [(a,) for a in i.assignments]


def test_summary_by_area_keeps_apart_the_areas_plans_name_differently(tmp_path: Path) -> None:
    """A copy of a plan for another year numbers and names its areas alike: one area each. An
    area another plan names otherwise is that plan's own, keyed and labelled with it."""
    (tmp_path / "agencies.yaml").write_bytes((PLANS / "agencies.yaml").read_bytes())
    text = (PLANS / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    other = text.replace("id: qd-1879-2024", "id: ban-sao").replace(
        "title: Cải cách thủ tục hành chính (TTHC)", "title: Kiểm soát thủ tục hành chính"
    )
    (tmp_path / "b.yaml").write_text(other, encoding="utf-8")
    two = load([tmp_path])
    groups, total = summarize(_assessed(two, [], date(2024, 4, 15)), "area", two.registry)
    assert [(g.key, g.label, g.dated) for g in groups if "2" in g.key or g.key == "1"] == [
        ("1", "1. Cải cách thể chế", 14),
        ("ban-sao:2", "1879/QĐ-UBND: 2. Kiểm soát thủ tục hành chính", 15),
        ("qd-1879-2024:2", "1879/QĐ-UBND: 2. Cải cách thủ tục hành chính (TTHC)", 15),
    ]
    assert [g.key for g in groups] == [
        *"1345678",
        "ban-sao:2",
        "qd-1879-2024:2",
    ]
    assert sum(g.dated for g in groups) == total.dated == 2 * 54
