from __future__ import annotations

import re
from datetime import date

import pytest

from caicach.errors import UsageError
from caicach.load.loader import Workspace, load
from caicach.plan.items import Match, canonical_id, find_item, match
from caicach.tracking import owner
from caicach.tracking.queries import (
    Filters,
    Row,
    assess_rows,
    overdue,
    resolve_agency,
    select,
)
from tests.conftest import PLANS

DAY = date(2024, 4, 15)  # 1879 is in force: its ids, whatever other plans are loaded


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load([PLANS])


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("1.dd", "1.đ"),
        ("1.DD", "1.đ"),
        ("1.đ", "1.đ"),
        ("qd-1879-2024:4.dd", "qd-1879-2024:4.đ"),
        ("2.k.1", "2.k.1"),
    ],
)
def test_canonical_id(typed: str, canonical: str) -> None:
    assert canonical_id(typed) == canonical


@pytest.mark.parametrize("typed", ["so tu phap", "SỞ TƯ PHÁP", "Sở Tư pháp", "STP"])
def test_agency_names_resolve_without_case_or_diacritics(ws: Workspace, typed: str) -> None:
    assert resolve_agency(ws.registry, typed) == "so-tu-phap"


@pytest.mark.parametrize(
    ("typed", "agency"),
    [
        ("Sở TT&TT", "so-thong-tin-truyen-thong"),
        ("so tt&tt", "so-thong-tin-truyen-thong"),
        ("VP UBND tỉnh", "vp-ubnd-tinh"),
        ("VPUB", "vp-ubnd-tinh"),
        ("Sở KH&ĐT", "so-ke-hoach-dau-tu"),
        ("ubnd huyen ba to", "ubnd-ba-to"),
        ("Ủy ban nhân dân cấp huyện", "ubnd-cap-huyen"),
        ("Phòng Nội vụ cấp huyện", "ubnd-cap-huyen"),
    ],
)
def test_abbreviations_aliases_and_sub_units(ws: Workspace, typed: str, agency: str) -> None:
    assert resolve_agency(ws.registry, typed) == agency


def test_unknown_agency_suggests(ws: Workspace) -> None:
    with pytest.raises(UsageError, match="có phải 'Sở Tư pháp'"):
        resolve_agency(ws.registry, "so tu fap")


def test_membership_of_classes(ws: Workspace) -> None:
    reg = ws.registry
    assert reg.is_member("so-tu-phap", "cac-so-ban-nganh")
    assert reg.is_member("ubnd-ly-son", "ubnd-cap-huyen")
    assert not reg.is_member("ubnd-ly-son", "cac-so-ban-nganh")
    assert not reg.is_member("vp-doan-dbqh-hdnd-tinh", "cac-so-ban-nganh")
    assert reg.members("co-quan-lien-quan") == []
    assert len(reg.members("ubnd-cap-huyen")) == 14  # with huyện Tây Trà, until 01/02/2020
    assert len(reg.members("ubnd-cap-huyen", 2024)) == 13
    assert "ubnd-tay-tra" in {a.id for a in reg.members("ubnd-cap-huyen", 2018)}


def test_split_names_rejoins_names_with_commas(ws: Workspace) -> None:
    assert ws.registry.split_names(
        "Sở Tư pháp và các sở, ban ngành, UBND cấp huyện; UBND cấp xã."
    ) == ["Sở Tư pháp", "các sở, ban ngành", "UBND cấp huyện", "UBND cấp xã"]
    assert ws.registry.split_names("Sở Kế hoạch và Đầu tư, Sở Nội vụ") == [
        "Sở Kế hoạch và Đầu tư",
        "Sở Nội vụ",
    ]


def test_match_direct_or_through_a_class(ws: Workspace) -> None:
    item = find_item(ws.items, "1.a", DAY)
    assert match(item, "so-tu-phap", ws.registry) == Match("lead", None)
    assert match(item, "so-y-te", ws.registry) == Match("lead", "cac-so-ban-nganh")
    assert match(item, "ubnd-son-ha", ws.registry) == Match("lead", "ubnd-cap-huyen")
    assert match(find_item(ws.items, "3.e", DAY), "so-tu-phap", ws.registry) is None


def test_role_filter(ws: Workspace) -> None:
    day = date(2024, 4, 15)
    lead = {h.item.id for h in owner.held(ws, "so-noi-vu", day, "lead")}
    co = {h.item.id for h in owner.held(ws, "so-noi-vu", day, "co")}
    assert {"4.b", "8.b"} <= lead
    assert "1.c" in co
    assert "1.c" not in lead
    assert {"3.a"} <= co & lead  # named as co-agency, and a sở among the leads


def test_due_window_is_inclusive(ws: Workspace) -> None:
    rows = select(ws.items, Filters(due_after=date(2024, 1, 31), due_before=date(2024, 1, 31)))
    assert [r.item.id for r in rows] == ["1.d", "2.d", "5.b"]


def _overdue(ws: Workspace, day: date) -> list[Row]:
    return overdue(assess_rows(select(ws.items, Filters()), ws.history, day))


def _late(ws: Workspace, day: date) -> dict[str, int | None]:
    return {r.item.qualified_id: r.status.days_overdue for r in _overdue(ws, day) if r.status}


# Thông báo 185/TB-UBND's three dated points, open since 2018: overdue on every day of 2024
TB185 = {"tb-185-2018:7.a": 2051, "tb-185-2018:3.a": 1857, "tb-185-2018:4.d": 1857}


def test_overdue_counts_the_due_day_whole(ws: Workspace) -> None:
    assert _late(ws, date(2024, 1, 31)) == TB185  # 1879's first due day: none of it late yet
    assert _late(ws, date(2024, 2, 1)) == {
        **{item: days + 1 for item, days in TB185.items()},
        "qd-1879-2024:1.d": 1,
        "qd-1879-2024:2.d": 1,
        "qd-1879-2024:5.b": 1,
    }


def test_overdue_lists_the_oldest_first(ws: Workspace) -> None:
    rows = _overdue(ws, date(2024, 4, 15))
    days = [r.status.days_overdue for r in rows if r.status]
    assert days == sorted(days, reverse=True)
    monthly = next(r.status for r in rows if r.item.id == "2.d")
    assert monthly is not None
    assert [m.milestone.period for m in monthly.overdue] == ["2024-01", "2024-02", "2024-03"]


def test_items_without_a_date_are_never_overdue(ws: Workspace) -> None:
    rows = _overdue(ws, date(2030, 1, 1))
    undated = {i.qualified_id for i in ws.items if not i.dated}
    assert {"qd-1879-2024:2.h", "qd-1879-2024:2.m", "tb-185-2018:1.a"} <= undated
    assert undated.isdisjoint(r.item.qualified_id for r in rows)
    assert len(rows) == len(ws.items) - len(undated) == 54 + 3


def test_unknown_and_split_items(ws: Workspace) -> None:
    with pytest.raises(UsageError, match=re.escape("không có nhiệm vụ '9.z'")):
        find_item(ws.items, "9.z", DAY)
    split = "được chia thành các nhiệm vụ con: 2.k.1, 2.k.2"
    with pytest.raises(UsageError, match=re.escape(split)):
        find_item(ws.items, "2.k", DAY)


def test_bare_ids_need_a_plan_when_two_plans_in_force_share_them(tmp_path: object) -> None:
    from pathlib import Path

    d = Path(str(tmp_path))
    (d / "agencies.yaml").write_bytes((PLANS / "agencies.yaml").read_bytes())
    (d / "a.yaml").write_bytes((PLANS / "qd-1879-2024.yaml").read_bytes())
    text = (PLANS / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    (d / "b.yaml").write_text(text.replace("id: qd-1879-2024", "id: ban-sao"), encoding="utf-8")
    items = load([d]).items
    with pytest.raises(UsageError) as exc:
        find_item(items, "1.a", DAY)
    assert str(exc.value) == (
        "nhiệm vụ '1.a' có ở 2 kế hoạch cùng có hiệu lực ngày 15/04/2024 (1879/QĐ-UBND, "
        "1879/QĐ-UBND); hãy ghi rõ kế hoạch: ban-sao:1.a, qd-1879-2024:1.a"
    )
    assert find_item(items, "ban-sao:1.dd", DAY).qualified_id == "ban-sao:1.đ"


def test_agency_counts_say_what_match_says_of_every_agency_and_item(ws: Workspace) -> None:
    counts = {c.id: c for c in owner.agency_counts(ws)}
    assert list(counts) == [*ws.registry.agencies, *ws.registry.classes]
    for entity, c in counts.items():
        lead = [m for i in ws.items if (m := match(i, entity, ws.registry, "lead"))]
        co = [m for i in ws.items if (m := match(i, entity, ws.registry, "co"))]
        direct = (sum(m.via is None for m in lead), sum(m.via is None for m in co))
        assert (c.lead_direct, c.lead_total, c.co_direct, c.co_total) == (
            direct[0],
            len(lead),
            direct[1],
            len(co),
        ), entity
    tư_pháp = counts["so-tu-phap"]
    assert tư_pháp.lead_total > tư_pháp.lead_direct > 0  # named, and through "các sở, ban ngành"
