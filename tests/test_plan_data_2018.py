"""The shipped Thông báo 185/TB-UBND (2018) matches the notice word for word: its points, who
acts, the three times it gives, nothing added."""

from __future__ import annotations

import re
from datetime import date

import pytest

from caicach.load.loader import Workspace, load
from caicach.load.yaml_source import load as load_yaml
from caicach.plan.items import TrackedItem
from caicach.plan.model import Item, PlanFile
from tests.conftest import DATA, PLANS

NOTICE = DATA / "tb-185-2018.txt"
PLAN = PLANS / "tb-185-2018.yaml"


def _flat(text: str) -> str:
    """Blanks and line breaks as one space: the copy breaks sentences across pages."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def plan() -> PlanFile:
    return PlanFile.model_validate(load_yaml(PLAN).data)


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load([PLANS])


@pytest.fixture(scope="module")
def items(ws: Workspace) -> dict[str, TrackedItem]:
    return {i.id: i for i in ws.items if i.plan.id == "tb-185-2018"}


def test_metadata(plan: PlanFile) -> None:
    info = plan.plan
    assert (info.id, info.number, info.date, info.issuer, info.year, info.signer) == (
        "tb-185-2018",
        "185/TB-UBND",
        date(2018, 6, 19),
        "UBND tỉnh Quảng Ngãi",  # "Số: 185/TB-UBND"; "thông báo kết luận … của Chủ tịch UBND tỉnh"
        2018,
        "Nguyễn Quốc Việt",
    )
    assert (info.starts, info.ends) == (date(2018, 1, 1), date(2018, 12, 31))


def _leaves(item: Item) -> list[Item]:
    return [leaf for sub in item.subitems for leaf in _leaves(sub)] if item.subitems else [item]


def test_every_point_of_section_ii_and_nothing_else(plan: PlanFile) -> None:
    ids = [leaf.id for item in plan.items for leaf in _leaves(item)]
    assert ids == [
        "1.a",
        *("2.a", "2.b", "2.c"),
        *("3.a", "3.b"),
        *("4.a", "4.b", "4.c", "4.d"),
        "5.a",
        *(f"6.a.{n}" for n in range(1, 7)),
        *("6.b", "6.c"),
        "7.a",
        "8.a",
    ]
    assert [(a.id, a.printed) for a in plan.areas] == [(n, f"{n}.") for n in range(1, 9)]


def test_every_text_is_the_notices_word_for_word(plan: PlanFile) -> None:
    notice = _flat(NOTICE.read_text(encoding="utf-8"))
    for item in plan.items:
        for leaf in [item, *_leaves(item)]:
            for text in (leaf.task, leaf.lead_text, leaf.co_text, leaf.deadline):
                if text is not None:
                    assert _flat(text) in notice, f"{leaf.id}: {text!r}"
    for area in plan.areas:
        assert area.title in notice
    assert _flat(plan.plan.title) in notice


def test_every_line_of_section_ii_is_in_an_item(plan: PlanFile) -> None:
    lines = NOTICE.read_text(encoding="utf-8").splitlines()
    start = lines.index("II. Nhiệm vụ, giải pháp trọng tâm 06 tháng cuối năm 2018")
    end = next(n for n, line in enumerate(lines) if line.startswith("Nay thông báo"))
    tasks = " ".join(_flat(leaf.task) for item in plan.items for leaf in _leaves(item))
    headings = re.compile(r"^(?:\d+\. Về công tác .*:|a\) Giao Sở Thông tin và Truyền thông:)$")
    for line in lines[start + 1 : end]:
        text = re.sub(r"^(?:\d+\.|[a-zđ]\)|-) ", "", line.strip())
        if text and not headings.match(line.strip()):
            assert text in tasks, line


LEADS = {
    "1.a": ["cac-so-ban-nganh", "ubnd-cap-huyen"],  # "Các sở, ban ngành và địa phương"
    "2.a": ["cac-so-ban-nganh", "ubnd-cap-huyen", "ubnd-cap-xa"],  # Thủ trưởng …, Chủ tịch …
    "2.b": ["to-cong-tac-chu-tich-ubnd-tinh"],
    "2.c": ["co-quan-lien-quan"],  # "các cơ quan, đơn vị được kiểm tra, thanh tra": nobody named
    "3.a": ["so-ke-hoach-dau-tu"],
    "4.b": ["so-noi-vu"],
    "4.c": ["ubnd-cap-huyen"],
    "5.a": ["so-tai-chinh"],
    "6.a.6": ["so-thong-tin-truyen-thong"],
    "6.b": ["vp-ubnd-tinh"],
    "7.a": ["ubnd-tp-quang-ngai", "ubnd-tx-duc-pho", "ubnd-son-ha"],
    "8.a": ["co-quan-lien-quan"],
}


@pytest.mark.parametrize(("item_id", "lead"), LEADS.items())
def test_who_leads(items: dict[str, TrackedItem], item_id: str, lead: list[str]) -> None:
    assert [a.agency_id for a in items[item_id].lead] == lead


def test_who_joins(items: dict[str, TrackedItem]) -> None:
    assert [a.agency_id for a in items["3.a"].co] == [
        "so-tai-chinh",
        "cuc-thue-tinh",
        "co-quan-lien-quan",
    ]
    assert [a.agency_id for a in items["6.a.6"].co] == [
        "so-xay-dung",
        "so-ke-hoach-dau-tu",
        "so-tai-chinh",
    ]


def test_the_shares_are_those_of_2018(items: dict[str, TrackedItem]) -> None:
    shares = {a.agency for a in items["4.d"].assignments}
    assert len(shares) == 20 + 14  # the sở, and 14 districts: Tây Trà joined Trà Bồng in 2020
    assert {"ubnd-tay-tra", "ubnd-tra-bong", "ubnd-tx-duc-pho"} <= shares
    assert "so-nong-nghiep-moi-truong" not in shares  # formed in 2025
    (commune,) = [a for a in items["2.a"].assignments if a.agency == "ubnd-cap-xa"]
    assert commune.collective  # no commune of 2018 is listed: owed as one
    assert items["2.c"].assignments == items["8.a"].assignments == ()


def test_only_three_points_give_a_time(items: dict[str, TrackedItem]) -> None:
    dated = {i.id: [m.due for m in i.milestones] for i in items.values() if i.dated}
    assert dated == {
        "3.a": [date(2018, 12, 31)],  # "phấn đấu từ nay đến cuối năm 2018"
        "4.d": [date(2018, 12, 31)],  # "Chậm nhất đến ngày 31/12/2018"
        "7.a": [date(2018, 6, 20)],  # "(hoạt động trước ngày 21/6/2018)"
    }
    undated = [i for i in items.values() if not i.dated]
    assert len(undated) == 18
    assert all(m.note for i in undated for m in i.milestones)  # each says why


def test_the_file_names_its_schema_for_editors() -> None:
    first = PLAN.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/plan.schema.json"
