"""What became of the agencies of 1879 in 2025: successors named beside the plan's own words, on
and after the day the work passed to them, and never before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from caicach.load.folders import find_plans, load_workspace
from tests.conftest import Run


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2025-02-28", "  - Sở Kế hoạch và Đầu tư"),
        ("2025-03-01", "  - Sở Kế hoạch và Đầu tư → Sở Tài chính từ 01/03/2025"),
    ],
)
def test_a_lead_that_merged_is_shown_with_its_successor(run: Run, day: str, said: str) -> None:
    lines = run("show", "7.a", "--as-of", day).out.splitlines()
    assert lines[lines.index("Cơ quan chủ trì:") + 1] == said


def test_the_successor_is_in_json(run: Run) -> None:
    item = json.loads(run("show", "7.a", "--as-of", "2025-06-01", "-f", "json").out)
    assert item["lead"] == ["Sở Kế hoạch và Đầu tư"]  # the plan's words stay
    assert [(s["successor"], s["from"], s["part"]) for s in item["lead_successors"]] == [
        ("so-tai-chinh", "2025-03-01", None),
        ("vp-ubnd-tinh", "2025-03-01", "Trung tâm Xúc tiến đầu tư"),
    ]
    before = json.loads(run("show", "7.a", "--as-of", "2025-02-01", "-f", "json").out)
    assert before["lead_successors"] == []


def _lead_ids(run: Run, day: str) -> set[str]:
    args = ("overdue", "--agency", "Sở Tài chính", "--role", "lead", "--as-of", day, "-f", "json")
    return {i["id"] for i in json.loads(run(*args).out)}


def test_the_successor_carries_the_open_work_of_its_predecessor(run: Run) -> None:
    led_by_kh_dt = {"7.a", "7.b", "7.c", "7.d"}
    assert not _lead_ids(run, "2025-02-28") & led_by_kh_dt
    assert _lead_ids(run, "2025-03-01") >= led_by_kh_dt


def test_agencies_of_a_day(run: Run) -> None:
    def ids(day: str) -> set[str]:
        return {a["id"] for a in json.loads(run("agencies", "--as-of", day, "-f", "json").out)}

    before, after = ids("2024-06-01"), ids("2025-06-01")
    gone = {"so-ke-hoach-dau-tu", "so-lao-dong-tbxh", "so-giao-thong-van-tai"}
    gone |= {"so-nong-nghiep-ptnt", "so-tai-nguyen-moi-truong", "so-thong-tin-truyen-thong"}
    assert gone <= before
    assert not gone & after
    assert "so-nong-nghiep-moi-truong" in after - before


def test_a_class_of_2024_counts_only_the_agencies_of_2024(run: Run) -> None:
    cells = json.loads(run("matrix", "--as-of", "2024-04-15", "-f", "json").out)["cells"]
    owing = {c["agency"] for c in cells}
    assert "so-ke-hoach-dau-tu" in owing  # a member of "các sở, ban ngành" in 2024
    assert "so-nong-nghiep-moi-truong" not in owing  # formed on 01/03/2025


def test_the_workbook_names_the_successor(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "bc.xlsx"
    args = ("report", "--as-of", "2025-06-01", "-o", str(out), "--plans", str(plans))
    assert run(*args).code == 0
    ws = load_workbook(out)["Chi tiết"]
    row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "7.a")
    assert str(row[3]).startswith("Sở Kế hoạch và Đầu tư → Sở Tài chính từ 01/03/2025")


def test_a_successor_not_in_the_registry_is_located(run: Run, plans: Path) -> None:
    path = plans / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- agency: so-xay-dung", "- agency: so-giao-thong", 1), encoding="utf-8"
    )
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    line = text.split("\n").index("      - agency: so-xay-dung") + 1
    assert result.err.splitlines()[0] == (
        f"{path}:{line}:17: cơ quan kế nhiệm 'so-giao-thong' không có trong danh mục"
    )


def test_the_merged_province_has_its_96_commune_level_units(run: Run) -> None:
    units = [
        a
        for a in json.loads(run("agencies", "--as-of", "2025-07-01", "-f", "json").out)
        if a["level"] == "xa" and not a["class"]
    ]
    assert len(units) == 96
    assert {u["code"] for u in units} >= {"21211", "21548", "23293"}  # Tịnh Khê, Lý Sơn, Kon Tum
    after = json.loads(run("agencies", "--as-of", "2025-07-01", "-f", "json").out)
    assert not [a for a in after if a["level"] == "huyen" and not a["class"]]  # districts ended


def test_a_district_names_the_communes_on_its_land() -> None:
    registry = load_workspace(find_plans(None)).registry
    assert registry.successor_note("ubnd-ba-to", date(2025, 6, 30)) is None
    note = registry.successor_note("ubnd-ba-to", date(2025, 7, 1))
    assert note is not None
    assert note.startswith("8 cơ quan từ 01/07/2025: UBND xã Ba Vì, UBND xã Ba Tô,")


def test_names_that_differ_only_by_their_marks() -> None:
    registry = load_workspace(find_plans(None)).registry
    ha, ha_ = registry.resolve("Xã Sơn Hà"), registry.resolve("Xã Sơn Hạ")
    assert ha is not None
    assert ha_ is not None
    assert (ha.id, ha_.id) == ("ubnd-xa-son-ha-21289", "ubnd-xa-son-ha-21292")
    assert registry.resolve("xa son ha") is None
    assert registry.unknown("xa son ha") == (
        "'xa son ha' có thể là 'Xã Sơn Hạ' hay 'Xã Sơn Hà': tên chỉ khác nhau ở dấu; "
        "hãy viết đủ dấu"
    )
