"""`caicach urge`: the công văn read back from the .docx, as an office would check it."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from caicach.render.text.notice_words import place_and_date
from tests.conftest import ROOT, Run

AS_OF = "2024-04-15"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2024, 4, 15), "Quảng Ngãi, ngày 15 tháng 4 năm 2024"),
        (date(2024, 2, 5), "Quảng Ngãi, ngày 05 tháng 02 năm 2024"),
        (date(2024, 1, 31), "Quảng Ngãi, ngày 31 tháng 01 năm 2024"),
        (date(2024, 12, 4), "Quảng Ngãi, ngày 04 tháng 12 năm 2024"),
    ],
)
def test_the_date_line_follows_decree_30(day: date, text: str) -> None:
    assert place_and_date("Quảng Ngãi", day) == text


def _notice(run: Run, plans: Path, out: Path, *extra: str) -> None:
    args = ("urge", "-a", "Sở Xây dựng", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    result = run(*args, *extra)
    assert result.code == 0, result.err


def test_the_notice_reads_back_as_a_cong_van(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "dd.docx"
    _notice(run, plans, out, "--number", "125")
    doc = Document(str(out))
    section = doc.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height)]  # type: ignore[union-attr]
    assert mm == [210, 297]
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(x.mm) for x in margins] == [30, 15, 20, 20]  # type: ignore[union-attr]
    heading = doc.tables[0]
    left = [p.text for p in heading.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in heading.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND TỈNH QUẢNG NGÃI", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    body, parent = heading.cell(0, 0).paragraphs[1], heading.cell(0, 0).paragraphs[0]
    assert (body.style.font.bold, parent.style.font.bold) == (True, False)
    assert [p.style.font.bold for p in heading.cell(0, 1).paragraphs if p.text] == [True, True]
    number = [p.text for p in heading.cell(1, 0).paragraphs]
    assert number == [
        "Số: 125/SNV-CCHC",
        "V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính năm 2024",
    ]
    dated = heading.cell(1, 1).paragraphs[0]
    assert dated.text == "Quảng Ngãi, ngày 15 tháng 4 năm 2024"
    assert dated.style.font.italic is True
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[0] == "Kính gửi: Sở Xây dựng."
    assert texts[1].startswith(  # both plans it owes items of, the oldest overdue first
        "Thực hiện Thông báo số 185/TB-UBND ngày 19/06/2018 của UBND tỉnh Quảng Ngãi ban hành "
        "kết luận của đồng chí Trần Ngọc Căng, Chủ tịch UBND tỉnh Trưởng ban Chỉ đạo cải cách "
        "hành chính và nâng cao chỉ số năng lực cạnh tranh tỉnh Quảng Ngãi; Quyết định số "
        "1879/QĐ-UBND ngày 15/12/2023 của Chủ tịch UBND tỉnh Quảng Ngãi ban hành kế hoạch cải "
        "cách hành chính năm 2024 tỉnh Quảng Ngãi; qua theo dõi, tính đến ngày 15/04/2024, Sở "
        "Xây dựng còn 9 nhiệm vụ đã quá hạn"
    )
    assert texts[2].endswith(
        "về Sở Nội vụ trước ngày 22/04/2024 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy "
        "định./."
    )
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert all(p.style.font.size in (Pt(13), Pt(14)) for p in doc.paragraphs if p.text)
    signature = doc.tables[-1]
    recipients = [p.text for p in signature.cell(0, 0).paragraphs]
    assert recipients == [
        "Nơi nhận:",
        "- Như trên;",
        "- Chủ tịch, các PCT UBND tỉnh (b/c);",
        "- Giám đốc Sở (b/c);",
        "- Lưu: VT, CCHC.",
    ]
    heading_font = signature.cell(0, 0).paragraphs[0].style.font
    assert (heading_font.bold, heading_font.italic, heading_font.size) == (True, True, Pt(12))
    assert [p.text for p in signature.cell(0, 1).paragraphs if p.text] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ]


def test_the_table_lists_what_overdue_lists(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "dd.docx"
    _notice(run, plans, out, "--dry-run")
    table = Document(str(out)).tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["STT", "Nhiệm vụ", "Thời hạn", "Số ngày quá hạn", "Đôn đốc"]
    late = json.loads(
        run(
            "overdue",
            "-a",
            "Sở Xây dựng",
            "--role",
            "lead",
            "--as-of",
            AS_OF,
            "-f",
            "json",
            "--plans",
            str(plans),
        ).out
    )
    assert [r[3] for r in rows[1:]] == [str(i["days_overdue"]) for i in late]
    assert [r[0] for r in rows[1:]] == [str(k) for k in range(1, len(late) + 1)]
    assert rows[1][1:3] == [  # cited as printed, with the plan: two plans are cited
        "Điểm d khoản 4 (TB 185): Chậm nhất đến ngày 31/12/2018, các sở, ban ngành và địa "
        "phương phải chấm dứt hợp đồng làm công tác chuyên môn nghiệp vụ trong cơ quan hành "
        "chính.",
        "31/12/2018",
    ]
    assert rows[2][2] == "tháng 01/2024; tháng 02/2024; tháng 03/2024"  # 2.d, monthly
    assert rows[7][1].startswith("Điểm d khoản 4 (QĐ 1879): ")  # another 4.d


def test_a_second_notice_counts_the_first(run: Run, plans: Path, tmp_path: Path) -> None:
    _notice(run, plans, tmp_path / "1.docx", "--number", "125")
    logged = json.loads(run("log", "2.d", "-f", "json", "--plans", str(plans)).out)
    assert [(e["kind"], e["agency"], e["milestone"], e["note"]) for e in logged] == [
        ("urged", "so-xay-dung", k, "đôn đốc lần 1")
        for k in (1, 2, 3)  # one a milestone
    ]
    assert logged[0]["evidence"] == "Công văn số 125/SNV-CCHC ngày 15/04/2024 của Sở Nội vụ"
    again = run(
        "urge", "-a", "Sở Xây dựng", "--as-of", "2024-04-22", "-f", "json", "--plans", str(plans)
    )
    second = json.loads(again.out)
    assert second["round"] == 2
    assert second["subject"].endswith("năm 2024 (lần 2)")
    assert {o["round"] for o in second["overdue"]} == {2}


def test_a_dry_run_records_nothing(run: Run, plans: Path, tmp_path: Path) -> None:
    _notice(run, plans, tmp_path / "dd.docx", "--dry-run")
    assert not (plans / "progress" / "qd-1879-2024.yaml").exists()


def test_separate_writes_one_notice_per_late_agency(run: Run, plans: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tuan16"
    args = ("urge", "--all", "--separate", "--as-of", AS_OF, "-o", str(folder), "--dry-run")
    result = run(*args, "--plans", str(plans))
    assert result.code == 0, result.err
    m = json.loads(run("matrix", "--as-of", AS_OF, "-f", "json", "--plans", str(plans)).out)
    late = {c["agency"] for c in m["cells"] if c["status"] == "qua-han"}
    # a notice goes to an agency in being: UBND huyện Tây Trà (until 2020) is late on 185's
    # points, and gets none; nor does the office (Sở Nội vụ) write to itself
    agencies = run("agencies", "--as-of", AS_OF, "-f", "json", "--plans", str(plans)).out
    in_being = {a["id"] for a in json.loads(agencies)}
    assert "ubnd-tay-tra" in late - in_being
    assert "so-noi-vu" in late
    assert {p.stem for p in folder.iterdir()} == (late & in_being) - {"so-noi-vu"}
    assert all(p.suffix == ".docx" for p in folder.iterdir())


def test_the_text_form_says_the_same(run: Run, plans: Path) -> None:
    result = run(
        "urge",
        "-a",
        "Sở Xây dựng",
        "--as-of",
        AS_OF,
        "-f",
        "text",
        "--dry-run",
        "--plans",
        str(plans),
    )
    lines = result.out.splitlines()
    assert lines[:4] == [
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ NỘI VỤ",
        "Số:       /SNV-CCHC",
        "V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính năm 2024",
    ]
    assert "Kính gửi: Sở Xây dựng." in lines
    assert lines[-1] == "- Lưu: VT, CCHC."


def test_a_notice_citing_one_plan_gives_its_ids_alone(run: Run, plans: Path) -> None:
    (plans / "tb-185-2018.yaml").unlink()
    args = ("urge", "-a", "Sở Xây dựng", "--as-of", AS_OF, "-f", "text", "--dry-run")
    rows = [line for line in run(*args, "--plans", str(plans)).out.splitlines() if line[:1] == "1"]
    assert rows[0].startswith("1. Điểm d khoản 2: Thực hiện các giải pháp")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-a", "Sở Xây dựng", "-o", "x.pdf"],
            "caicach: x.pdf: công văn dạng docx ghi vào tệp .docx\n",
        ),
        (
            ["--all", "-o", "tuan16.pdf"],
            "caicach: tuan16.pdf: một công văn chung dạng docx ghi vào tệp .docx\n",
        ),
        (
            ["--all", "-o", "tuan16"],
            "caicach: tuan16: một công văn chung dạng docx ghi vào tệp .docx (vd. tuan16.docx); "
            "muốn mỗi cơ quan một tệp trong thư mục tuan16, thêm --separate\n",
        ),
        ([], "caicach: dùng --agency X (một hay nhiều lần), hoặc --all\n"),
        (
            ["-a", "Sở Xây dựng", "--all"],
            "caicach: dùng --agency X (một hay nhiều lần), hoặc --all\n",
        ),
        (
            ["--all", "--separate", "--number", "1"],
            "caicach: --number dành cho một công văn: bỏ --separate\n",
        ),
    ],
)
def test_bad_requests_exit_2(run: Run, plans: Path, args: list[str], message: str) -> None:
    result = run("urge", *args, "--as-of", AS_OF, "--dry-run", "--plans", str(plans))
    assert (result.code, result.err) == (2, message)


def test_without_office_settings_it_says_what_to_add(run: Run, plans: Path) -> None:
    (plans / "office.yaml").unlink()
    result = run("urge", "-a", "Sở Xây dựng", "--as-of", AS_OF, "--dry-run", "--plans", str(plans))
    assert result.code == 2
    assert result.err.startswith("caicach: chưa có thông tin cơ quan gửi: thêm plans/office.yaml")


def test_a_table_numbered_past_999_has_room_for_four_digits(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UBND cấp xã's notice in a province of 7,000 items lists over a thousand late items: its
    STT column is wide enough for "1042" on one line (in 12 mm LibreOffice broke it after "104");
    a smaller notice keeps its columns, and both tables are the page's 165 mm."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate = __import__("generate").generate
    sys.modules.pop("generate", None)
    folder = tmp_path / "plans"
    generate(7000, folder)
    widths = {}
    for agency in ("ubnd cap xa", "ubnd phuong cam thanh"):
        out = tmp_path / f"{agency}.docx"
        args = ("urge", "-a", agency, "--dry-run", "--as-of", "2026-12-03", "-o", str(out))
        result = run(*args, "--plans", str(folder))
        assert result.code == 0, result.err
        table = Document(str(out)).tables[1]
        numbers = [r.cells[0].text for r in table.rows[1:]]
        assert numbers == [str(k) for k in range(1, len(numbers) + 1)]
        widths[len(numbers)] = [round(c.width.mm) for c in table.columns]
    (many, wide), (few, narrow) = sorted(widths.items(), reverse=True)
    assert many >= 1000 > few
    assert wide == [15, 82, 30, 19, 19]
    assert narrow == [12, 85, 30, 19, 19]
