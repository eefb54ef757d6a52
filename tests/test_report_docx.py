"""The periodic report in Word, read back: its numbers are `summary --period`'s, the parts a
person writes are headed and empty, and it is laid out as Nghị định 30 asks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table

from caicach.plan.milestone import Milestone
from caicach.render.word.report import FILL, milestone_words
from tests.conftest import Run


@pytest.fixture
def plans(plans: Path) -> Path:
    (plans / "tb-185-2018.yaml").unlink()
    return plans


@pytest.fixture
def p(plans: Path) -> tuple[str, str]:
    return ("--plans", str(plans))


@pytest.fixture
def docx_path(run: Run, p: tuple[str, str], tmp_path: Path) -> Path:
    assert run("done", "2.d", "-m", "2024-01", "--on", "2024-02-05", *p).code == 0
    assert run("done", "2.d", "-m", "2024-02", "--on", "2024-02-28", *p).code == 0
    evidence = "Quyết định 300/QĐ-UBND ngày 05/3/2024"
    assert run("done", "1.đ", "-m", "1", "--on", "2024-03-05", "-e", evidence, *p).code == 0
    out = tmp_path / "q1.docx"
    result = run("report", "--period", "q1", "--docx", "-o", str(out), *p)
    assert result.code == 0, result.err
    assert result.err == f"Đã ghi {out}: 56 nhiệm vụ, 2 quá hạn\n"
    return out


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _table(doc: Any, first: str, nth: int = 0) -> list[list[str]]:
    found = [t for t in doc.tables if t.rows[0].cells[0].text == first]
    return _rows(found[nth])


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def _expected(g: dict[str, Any]) -> list[str]:
    counts = [
        g["items_with_date"],
        g["due_by_as_of"],
        g["dung_han"],
        g["tre_han"],
        g["dang_thuc_hien"] + g["chua_thuc_hien"],
        g["qua_han"],
    ]
    return [*map(str, counts), _percent(g["completion_rate"]), _percent(g["on_time_rate"])]


def test_the_numbers_are_those_of_summary_for_the_window(
    run: Run, p: tuple[str, str], docx_path: Path
) -> None:
    doc = Document(str(docx_path))
    summary = json.loads(run("summary", "--period", "q1", "-f", "json", *p).out)
    assert summary["as_of"] == "2024-03-14"  # the last day of Quý I's data window
    areas = _table(doc, "Lĩnh vực")
    assert [r[0] for r in areas[1:]] == [*(g["label"] for g in summary["groups"]), "Tổng cộng"]
    for row, group in zip(areas[1:], [*summary["groups"], summary["total"]], strict=True):
        assert row[1:] == _expected(group), row[0]
    assert areas[-1][1:] == ["54", "4", "0", "2", "50", "2", "50,0%", "0,0%"]
    by_agency = json.loads(run("summary", "--period", "q1", "--by", "agency", "-f", "json", *p).out)
    agencies = _table(doc, "Cơ quan chủ trì")  # Phụ lục I
    assert [r[0] for r in agencies[1:]] == [g["label"] for g in by_agency["groups"]]
    for row, group in zip(agencies[1:], by_agency["groups"], strict=True):
        assert row[1:] == _expected(group), row[0]
    total = summary["total"]
    sentence = next(x.text for x in doc.paragraphs if x.text.startswith("Tổng số nhiệm vụ"))
    assert sentence.startswith(
        f"Tổng số nhiệm vụ có thời hạn: {total['items_with_date']} (2 nhiệm vụ không xác định "
        f"thời hạn). Đã đến hạn: {total['due_by_as_of']}; đã hoàn thành "
        f"{total['completed_of_due']} (đúng hạn 0, trễ hạn 2); chưa hoàn thành quá hạn: 2; "
        "chưa đến hạn: 50. Tỷ lệ hoàn thành trên số đã đến hạn: 50,0%"
    )


def test_overdue_and_completed_items_with_agencies_days_and_evidence(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    overdue = _table(doc, "STT", 0)
    assert overdue[0] == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Hạn", "Số ngày quá hạn"]
    assert [(r[1].split(".", 2)[:2], r[2], r[3], r[4]) for r in overdue[1:]] == [
        (
            ["1", "d"],
            "Sở Tư pháp; Phòng Tư pháp cấp huyện; công chức Tư pháp - Hộ tịch cấp xã",
            "31/01/2024",
            "43",
        ),
        (["5", "b"], "Sở Tài chính", "31/01/2024", "43"),
    ]
    done = _table(doc, "STT", 1)
    assert [(r[2], r[3], r[4], r[5]) for r in done[1:]] == [
        ("tháng 01/2024", "31/01/2024", "05/02/2024", "chưa ghi minh chứng"),
        ("tháng 02/2024", "29/02/2024", "28/02/2024", "chưa ghi minh chứng"),
        (
            "Quyết định công bố",
            "01/03/2024",
            "05/03/2024",
            "Quyết định 300/QĐ-UBND ngày 05/3/2024",
        ),
    ]
    assert [r[1].split(".")[0] + "." + r[1].split(".")[1][:1] for r in done[1:]] == [
        "2.d",
        "2.d",
        "1.đ",
    ]
    targets = _table(doc, "Chỉ tiêu")
    assert targets[0] == ["Chỉ tiêu", "Ngưỡng", "Năm phải đạt", "Số liệu mới nhất", "Tình trạng"]
    assert len(targets) > 1
    detail = _table(doc, "STT", 2)  # Phụ lục II: every item
    assert len(detail) == 57


def test_what_a_person_writes_is_headed_and_left_empty(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    texts = [x.text for x in doc.paragraphs]
    start = texts.index("II. HẠN CHẾ, NGUYÊN NHÂN")
    part = [t for t in texts[start:] if t][:12]
    assert part == [
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "1. Hạn chế",
        FILL,
        FILL,
        FILL,
        "2. Nguyên nhân",
        FILL,
        FILL,
        FILL,
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        FILL,
        FILL,
    ]
    assert set(FILL) == {"…"}


def test_laid_out_as_nghi_dinh_30(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    fields = section.header._element.findall(".//" + qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
    heading = _rows(doc.tables[0])
    assert heading[0][0].split("\n")[:2] == ["UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ"]
    assert heading[0][1].split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    texts = [x.text for x in doc.paragraphs]
    assert "Kết quả thực hiện công tác cải cách hành chính Quý I năm 2024" in texts
    for table in doc.tables[1:]:
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    boxes = next(t for t in doc.tables if t.rows[0].cells[0].text == "Lĩnh vực")
    assert boxes.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    annexes = doc.sections[1]  # the phụ lục: landscape, numbered on from the report
    assert (round(annexes.page_width.mm), round(annexes.page_height.mm)) == (297, 210)
    assert not annexes.different_first_page_header_footer
    assert annexes.header.is_linked_to_previous
    signature = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    assert signature.rows[0].cells[0].text.split("\n")[-1] == "- Lưu: VT, CCHC."


@pytest.mark.parametrize(
    ("label", "period", "expected"),
    [
        (None, "2024-03", "tháng 03/2024"),
        (None, "2024-Q3", "quý III/2024"),
        ("Báo cáo", "2027", "Báo cáo năm 2027"),
        ("Ban hành kế hoạch", None, "Ban hành kế hoạch"),
        (None, None, "hoàn thành"),
    ],
)
def test_milestones_in_words(label: str | None, period: str | None, expected: str) -> None:
    kind = "recurring" if period else "once"
    m = Milestone(label, date(2024, 12, 31), kind, period)
    assert milestone_words(m) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--docx",), "--docx là báo cáo định kỳ: thêm --period q1|6m|q3|year"),
        (
            ("--docx", "--period", "q1", "-o", "a.xlsx"),
            "a.xlsx: báo cáo Word là tệp .docx; hãy đặt tên a.docx",
        ),
    ],
)
def test_usage(run: Run, p: tuple[str, str], args: tuple[str, ...], message: str) -> None:
    result = run("report", *args, *p)
    assert result.code == 2
    assert message in result.err
