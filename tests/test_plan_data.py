"""The shipped 2024 plan matches Quyết định 1879/QĐ-UBND word for word."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from caicach.load.loader import load
from caicach.load.yaml_source import load as load_yaml
from caicach.plan.items import TrackedItem
from caicach.plan.model import ITEM_LETTERS, Item, PlanFile
from tests.conftest import PLANS, SEED

PLAN = PLANS / "qd-1879-2024.yaml"
FIELD = re.compile(r"^[-+] (?:Cơ quan chủ trì|Cơ quan phối hợp|Sản phẩm|Thời gian)[^:]*:\s*")


def _seed_blocks() -> dict[str, list[str]]:
    """The decision's section II cut into item blocks, each line stripped of its field label."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("II. NHIỆM VỤ"))
    end = next(i for i, line in enumerate(lines) if line.startswith("III. TỔ CHỨC"))
    blocks: dict[str, list[str]] = {}
    area = 0
    current: list[str] = []
    for raw in lines[start + 1 : end]:
        line = raw.strip()
        if re.match(r"^\d+\. ", line):
            area += 1  # counted, not read: the second "7." is area 8
        elif m := re.match(r"^([a-zđ])\) (.*)$", line):
            current = blocks.setdefault(f"{area}.{m[1]}", [m[2]])
        elif line:
            value = FIELD.sub("", line)
            if value:
                current.append(re.sub(r"^[-+] ", "", value))
    return blocks


def _fields(item: Item) -> list[str]:
    if item.subitems:
        return [item.task, *(f for sub in item.subitems for f in _fields(sub))]
    texts = [item.lead_text or "", item.co_text or ""]
    lines = [re.sub(r"^\+ ", "", line) for text in texts for line in text.splitlines() if line]
    return [item.task, *lines, *item.products, item.deadline or ""]


def _items() -> dict[str, TrackedItem]:
    """The trackable items of 1879 by id (other shipped plans have ids of their own)."""
    return {i.id: i for i in load([PLANS]).items if i.plan.id == "qd-1879-2024"}


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return PlanFile.model_validate(load_yaml(PLAN).data)


def test_all_55_items_in_8_areas(plan: PlanFile) -> None:
    assert len(plan.items) == 55
    assert [(a.id, a.printed) for a in plan.areas] == [
        (1, "1."),
        (2, "2."),
        (3, "3."),
        (4, "4."),
        (5, "5."),
        (6, "6."),
        (7, "7."),
        (8, "7."),
    ]
    assert plan.areas[7].title == "Công tác chỉ đạo, điều hành cải cách hành chính"


def test_every_item_matches_the_decision_word_for_word(plan: PlanFile) -> None:
    blocks = _seed_blocks()
    assert [i.id for i in plan.items] == list(blocks)
    for item in plan.items:
        assert _fields(item) == [line.rstrip() for line in blocks[item.id]], item.id


def test_letters_follow_the_vietnamese_alphabet(plan: PlanFile) -> None:
    for area in plan.areas:
        letters = [i.id.split(".")[1] for i in plan.items if i.id.startswith(f"{area.id}.")]
        assert letters == ITEM_LETTERS[: len(letters)], area.id


def test_metadata(plan: PlanFile) -> None:
    info = plan.plan
    assert (info.id, info.number, info.date.isoformat(), info.year, info.signer) == (
        "qd-1879-2024",
        "1879/QĐ-UBND",
        "2023-12-15",
        2024,
        "Đặng Văn Minh",
    )
    assert len(info.based_on) == 4


def test_2k_is_two_trackable_sub_items() -> None:
    items = _items()
    assert len(items) == 56
    assert "2.k" not in items
    assert (items["2.k.1"].milestones[0].due, items["2.k.2"].milestones[0].due) == (
        date(2024, 6, 30),
        date(2024, 9, 30),
    )
    assert items["2.k.1"].parent_task == items["2.k.2"].parent_task


def test_items_without_a_fixed_date_are_flagged() -> None:
    items = _items()
    undated = sorted(i.id for i in items.values() if not i.dated)
    assert undated == ["2.h", "2.m"]


def test_roles_of_sub_bullets_are_kept() -> None:
    items = _items()
    vp = items["2.d"].lead[0]
    assert (vp.name, vp.agency_id) == ("Văn phòng UBND tỉnh", "vp-ubnd-tinh")
    assert vp.role is not None
    assert vp.role.startswith("chủ trì, phối hợp")
    assert [a.agency_id for a in items["2.g"].lead] == [
        "cac-so-ban-nganh",
        "so-thong-tin-truyen-thong",
    ]


def test_plan_files_name_their_schema_for_editors() -> None:
    lines = Path(PLAN).read_text(encoding="utf-8").splitlines()
    assert lines[:2] == [
        "# yaml-language-server: $schema=../schemas/plan.schema.json",
        "# Kế hoạch cải cách hành chính năm 2024 tỉnh Quảng Ngãi",
    ]
