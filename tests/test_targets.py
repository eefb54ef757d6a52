"""Targets (chỉ tiêu): the data of 93/NQ-HĐND, weighed against the ranks published for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run


def _targets(run: Run, *args: str) -> dict[str, dict[str, object]]:
    result = run("targets", "-f", "json", *args)
    assert result.code == 0, result.err
    return {t["id"]: t for t in json.loads(result.out)["targets"]}


@pytest.mark.parametrize(
    ("year", "value", "state"),
    [
        ("2019", None, "chua-co-so-lieu"),  # nothing published yet
        ("2020", 63, "chua-dat"),  # 63/63 against 30/63
        ("2023", 39, "chua-dat"),  # the 2021 rank is the latest until 2024
        ("2025", 43, "chua-dat"),  # 2024: 43/63; 2025 not published
    ],
)
def test_the_par_index_target_against_the_published_ranks(
    run: Run, year: str, value: int | None, state: str
) -> None:
    par = _targets(run, "--year", year)["par-index-2025"]
    assert (par["value"], par["state"]) == (value, state)
    assert (par["threshold"], par["comparator"], par["out_of"], par["year"]) == (
        30,
        "at-most",
        63,
        2025,
    )
    assert par["also"] == "1256/QĐ-UBND điểm 1"


def test_every_target_keeps_the_words_of_the_act(run: Run) -> None:
    found = _targets(run, "--year", "2024")
    assert len(found) == 30
    seed_words = {
        "qppl-dung-quy-trinh": "Hằng năm, 100% văn bản quy phạm pháp luật",
        "hai-long-phuc-vu-hanh-chinh": "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ",
    }
    for key, start in seed_words.items():
        assert str(found[key]["text"]).startswith(start)
    states = [t["state"] for t in found.values()]
    assert (states.count("chua-dat"), states.count("chua-co-so-lieu")) == (1, 29)


def test_a_target_met_and_one_not(run: Run, plans: Path) -> None:
    path = plans / "targets" / "nq-93-hdnd-2021.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  - id: ho-so-luan-chuyen-dien-tu\n"
    path.write_text(
        text.replace(
            "    measure: percent\n    comparator: at-least\n    threshold: 80\n    year: 2025\n"
            "  - id: tthc-thanh-toan-truc-tuyen",
            "    measure: percent\n    comparator: at-least\n    threshold: 80\n    year: 2025\n"
            "    values:\n      - {year: 2024, value: 85.5, source: Báo cáo thử}\n"
            "  - id: tthc-thanh-toan-truc-tuyen",
        ),
        encoding="utf-8",
    )
    assert marker in text
    found = _targets(run, "--year", "2024", "--plans", str(plans))
    assert found["ho-so-luan-chuyen-dien-tu"]["state"] == "dat"
    table = run("targets", "--year", "2024", "--plans", str(plans))
    assert table.out.splitlines()[-1] == "30 chỉ tiêu: đạt 1, chưa đạt 1, chưa có số liệu 28"


def test_a_broken_target_file_is_located(run: Run, plans: Path) -> None:
    path = plans / "targets" / "nq-93-hdnd-2021.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("comparator: at-most", "comparator: best", 1), encoding="utf-8")
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    line = text.split("\n").index("    comparator: at-most") + 1
    assert result.err.splitlines()[0] == (
        f"{path}:{line}:17: items[1].comparator: phải là một trong: at-least, at-most hoặc "
        "equals (đang ghi: best)"
    )
