"""One công văn to many agencies, read back from the .docx; its words; and how urges are recorded
(per milestone, a same-day re-issue replacing, a number given later)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from caicach.load.loader import load
from caicach.render.text import notice_words as words
from tests.conftest import Run

DAY = "2024-02-05"


def _json(run: Run, plans: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run("urge", *args, "--as-of", DAY, "-f", "json", "--dry-run", "--plans", str(plans))
    assert result.code == 0, result.err
    return json.loads(result.out)  # type: ignore[no-any-return]


def test_all_is_one_cong_van_with_a_phu_luc(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "chung.docx"
    result = run("urge", "--all", "--as-of", DAY, "--number", "126", "-o", str(out), "--dry-run",
                 "--plans", str(plans))  # fmt: skip
    assert result.code == 0, result.err
    data = _json(run, plans, "--all", "--number", "126")
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:3] == [
        "Kính gửi:\t- Các sở, ban, ngành tỉnh;",
        "- UBND các huyện, thị xã, thành phố;",
        "- UBND các xã, phường, thị trấn.",
    ]
    assert data["addressees"] == [t.split("- ", 1)[1][:-1] for t in texts[:3]]
    late = sum(len(n["overdue"]) for n in data["notices"])
    assert (data["overdue"], data["agencies"]) == (late, len(data["notices"]))
    assert (
        f"có {len(data['notices']):02d} cơ quan, đơn vị còn {late:02d} nhiệm vụ đã quá hạn"
        in (texts[3])
    )
    assert texts[3].endswith("(chi tiết tại Phụ lục kèm theo).")
    assert "(Kèm theo Công văn số 126/SNV-CCHC ngày 05/02/2024 của Sở Nội vụ)" in texts
    heading = [p.text for p in doc.tables[0].rows[1].cells[0].paragraphs]
    assert heading[0] == "Số: 126/SNV-CCHC"
    annex = doc.tables[-1]
    groups = [r.cells[0].text for r in annex.rows if r.cells[0].text == r.cells[-1].text]
    expected = [
        f"{words.roman(k)}. {n['addressee'].upper()} ({len(n['overdue']):02d} nhiệm vụ)"
        for k, n in enumerate(data["notices"], 1)
    ]
    assert groups == expected
    assert "SỞ NỘI VỤ" not in " ".join(groups)  # the office does not write to itself
    assert groups[-1].startswith(f"{words.roman(len(groups))}. UBND CÁC XÃ, PHƯỜNG, THỊ TRẤN")
    assert len(annex.rows) == 1 + len(groups) + late
    assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    signer = doc.tables[1].rows[0].cells[1]  # the signature before the phụ lục
    assert [p.text for p in signer.paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]


def test_agencies_given_by_name_are_named(run: Run, plans: Path) -> None:
    data = _json(run, plans, "-a", "Sở Tư pháp", "-a", "so tai chinh", "-a", "STP")
    assert data["addressees"] == ["Sở Tư pháp", "Sở Tài chính"]  # two of the class: by name
    assert [n["agency"] for n in data["notices"]] == ["so-tu-phap", "so-tai-chinh"]


def test_a_class_assigned_as_one_is_addressed_by_its_wording(run: Run, plans: Path) -> None:
    data = _json(run, plans, "-a", "UBND cấp xã")
    assert data["addressee"] == "UBND các xã, phường, thị trấn"  # never "UBND cấp xã"
    text = run("urge", "-a", "UBND cấp xã", "--as-of", DAY, "-f", "text", "--dry-run",
               "--plans", str(plans)).out  # fmt: skip
    assert "Kính gửi: UBND các xã, phường, thị trấn." in text.splitlines()


def test_the_office_may_word_a_class_its_own_way(run: Run, plans: Path) -> None:
    office = plans / "office.yaml"
    office.write_text(
        office.read_text("utf-8")
        + "  addressees:\n    - {class: cac-so-ban-nganh, wording: 'Các sở, ngành tỉnh'}\n",
        "utf-8",
    )
    data = _json(run, plans, "--all")
    assert data["addressees"][0] == "Các sở, ngành tỉnh"
    assert "UBND các huyện, thị xã, thành phố" not in data["addressees"]  # named one by one
    assert "UBND huyện Ba Tơ" in data["addressees"]


def test_separate_with_a_number_is_refused(run: Run, plans: Path) -> None:
    result = run("urge", "--all", "--separate", "--number", "1", "--as-of", DAY, "--dry-run",
                 "--plans", str(plans))  # fmt: skip
    assert (result.code, result.err) == (
        2,
        "caicach: --number dành cho một công văn: bỏ --separate\n",
    )


# --- recording ----------------------------------------------------------------------------------


def _urge(run: Run, plans: Path, day: str, *extra: str) -> str:
    result = run("urge", "-a", "Sở Tư pháp", "--as-of", day, "-f", "json", *extra,
                 "--plans", str(plans))  # fmt: skip
    assert result.code == 0, result.err
    return result.err


def _log(run: Run, plans: Path, item: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(run("log", item, "-f", "json", "--plans", str(plans)).out)  # type: ignore[no-any-return]


def test_rounds_are_counted_per_milestone(run: Run, plans: Path) -> None:
    _urge(run, plans, "2024-02-05")  # 2.d: January overdue
    second = json.loads(run("urge", "-a", "Sở Tư pháp", "--as-of", "2024-03-05", "-f", "json",
                            "--dry-run", "--plans", str(plans)).out)  # fmt: skip
    owed = {o["item"]: o for o in second["overdue"]}
    assert owed["2.d"]["rounds"] == [2, 1]  # January urged once before, February never
    assert [m["when"] for m in owed["2.d"]["milestones"]] == ["tháng 01/2024", "tháng 02/2024"]
    text = run("urge", "-a", "Sở Tư pháp", "--as-of", "2024-03-05", "-f", "text", "--dry-run",
               "--plans", str(plans)).out  # fmt: skip
    row = next(line for line in text.splitlines() if "Điểm d khoản 2 (QĐ 1879):" in line)
    assert row.endswith(
        "thời hạn tháng 01/2024; tháng 02/2024 — quá hạn 34 ngày — đôn đốc lần 2 (tháng 01/2024); "
        "lần 1 (tháng 02/2024)"
    )


def test_issuing_again_the_same_day_replaces(run: Run, plans: Path) -> None:
    _urge(run, plans, DAY)
    _urge(run, plans, DAY, "--number", "127")
    said = _urge(run, plans, DAY, "--number", "127")
    assert said.splitlines()[-1] == "Công văn này đã được ghi vào nhật ký như vậy; không ghi thêm"
    logged = [e for e in _log(run, plans, "1.d") if e["agency"] == "so-tu-phap"]
    assert [(e["superseded"], e["evidence"]) for e in logged] == [
        (True, "Công văn số       /SNV-CCHC ngày 05/02/2024 của Sở Nội vụ"),
        (False, "Công văn số 127/SNV-CCHC ngày 05/02/2024 của Sở Nội vụ"),
    ]
    later = _json(run, plans, "-a", "Sở Tư pháp")  # same day: still the first notice
    assert later["round"] == 1
    week = json.loads(run("urge", "-a", "Sở Tư pháp", "--as-of", "2024-02-12", "-f", "json",
                          "--dry-run", "--plans", str(plans)).out)  # fmt: skip
    assert {o["item"]: o["round"] for o in week["overdue"]}["1.d"] == 2


def test_a_number_given_later_is_recorded(run: Run, plans: Path) -> None:
    _urge(run, plans, DAY)
    result = run("urged", "--number", "126/SNV-CCHC", "--on", DAY, "-a", "Sở Tư pháp",
                 "--plans", str(plans))  # fmt: skip
    assert result.code == 0, result.err
    logged = [e for e in _log(run, plans, "2.d") if not e["superseded"]]
    assert [(e["milestone"], e["evidence"], e["note"]) for e in logged] == [
        (1, "Công văn số 126/SNV-CCHC ngày 05/02/2024 của Sở Nội vụ", "đôn đốc lần 1")
    ]
    again = run("urged", "--number", "126/SNV-CCHC", "--on", DAY, "--plans", str(plans))
    assert again.code == 2
    assert again.err.startswith("caicach: không có công văn đôn đốc nào ngày 05/02/2024 chưa")


def test_a_dry_run_is_not_a_round(run: Run, plans: Path) -> None:
    _urge(run, plans, DAY, "--dry-run")
    assert not (plans / "progress" / "qd-1879-2024.yaml").exists()
    later = json.loads(run("urge", "-a", "Sở Tư pháp", "--as-of", "2024-02-12", "-f", "json",
                           "--dry-run", "--plans", str(plans)).out)  # fmt: skip
    assert later["round"] == 1


def test_the_office_template_is_used(run: Run, plans: Path, tmp_path: Path) -> None:
    first = tmp_path / "mau.docx"
    run("urge", "-a", "Sở Tư pháp", "--as-of", DAY, "-o", str(first), "--dry-run",
        "--plans", str(plans))  # fmt: skip
    template = Document(str(first))
    template.styles["ND30 Nội dung"].font.size = 13 * 12700  # 13 pt, in EMU
    template.save(str(plans / "mau-cong-van.docx"))
    office = plans / "office.yaml"
    office.write_text(office.read_text("utf-8") + "  template: mau-cong-van.docx\n", "utf-8")
    out = tmp_path / "theo-mau.docx"
    result = run("urge", "-a", "Sở Tư pháp", "--as-of", DAY, "-o", str(out), "--dry-run",
                 "--plans", str(plans))  # fmt: skip
    assert result.code == 0, result.err
    doc = Document(str(out))
    assert doc.styles["ND30 Nội dung"].font.size.pt == 13
    assert sum(1 for p in doc.paragraphs if p.text.startswith("Kính gửi")) == 1  # its text gone
    office.write_text(office.read_text("utf-8").replace("mau-cong-van", "khong-co"), "utf-8")
    missing = run("urge", "-a", "Sở Tư pháp", "--as-of", DAY, "--dry-run", "--plans", str(plans))
    assert missing.code == 2
    assert "template: không có tệp" in missing.err


# --- words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "said"),
    [
        ("2024-01", "tháng 01/2024"),
        ("2024-12", "tháng 12/2024"),
        ("2024-Q1", "quý I/2024"),
        ("2024-Q4", "quý IV/2024"),
        ("2027", "năm 2027"),
        ("2024-H1", "2024-H1"),  # a shape it does not know is kept as written
    ],
)
def test_periods_in_words(period: str, said: str) -> None:
    assert words.period_words(period) == said


@pytest.mark.parametrize(
    ("item", "cited"),
    [
        ("1.đ", "điểm đ khoản 1 Mục II"),
        ("2.k.1", "gạch đầu dòng thứ nhất điểm k khoản 2 Mục II"),
        ("2.k.2", "gạch đầu dòng thứ hai điểm k khoản 2 Mục II"),
        # the second area printed «7.» is 8 in ids: its printed number, told apart by its title
        ("8.a", "điểm a khoản 7 Mục II (Công tác chỉ đạo, điều hành cải cách hành chính)"),
    ],
)
def test_items_are_cited_as_printed(plans: Path, item: str, cited: str) -> None:
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("\n  based_on:", "\n  items_in: Mục II\n  based_on:", 1), "utf-8")
    found = {i.id: i for i in load([plan]).items}
    assert words.citation(found[item]) == cited
    plan.write_text(text, "utf-8")  # without `items_in`, the part is not named
    found = {i.id: i for i in load([plan]).items}
    assert words.citation(found[item]) == cited.replace(" Mục II", "")


@pytest.mark.parametrize(
    ("k", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (33, "XXXIII")]
)
def test_roman_numerals(k: int, numeral: str) -> None:
    assert words.roman(k) == numeral


def test_the_record_names_each_plans_log(run: Run, plans: Path, tmp_path: Path) -> None:
    """One công văn over two plans writes to both logs, and says so with the count of each."""
    out = tmp_path / "chung.docx"
    result = run("urge", "--all", "--as-of", DAY, "--number", "126", "-o", str(out),
                 "--plans", str(plans))  # fmt: skip
    assert result.code == 0, result.err
    logs = {
        p.name: p.read_text("utf-8").count("kind: urged")
        for p in (plans / "progress").glob("[!.]*.yaml")
    }
    said = ", ".join(
        f"{plans / 'progress' / name} ({n})" for name, n in sorted(logs.items(), reverse=True)
    )
    assert result.err.splitlines()[-1] == (
        f"Đã ghi {sum(logs.values())} mục đôn đốc vào nhật ký: {said}"
    )
    assert len([n for n in logs.values() if n]) == 2
