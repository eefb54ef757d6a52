"""Plans laid out as other provinces lay them out, each a small text of our own in the same
shape, read by `caicach import -f json` as an official would read them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.conftest import Run

LETTERHEAD = (
    "ỦY BAN NHÂN DÂN TỈNH AN BÌNH -------\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
    "Hạnh phúc ---------------\n"
    "Số: 77/KH-UBND\tAn Bình, ngày 05 tháng 11 năm 2025\n"
    "KẾ HOẠCH\n"
    "THỰC HIỆN CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "1. Mục đích\n"
    "- Nâng cao hiệu quả quản lý nhà nước.\n"
)
SIGNATURE = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\tTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH\n"

FIELD_BLOCKS = (
    LETTERHEAD
    + (
        "II. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Rà soát đội ngũ làm công tác pháp chế\n"
        "- Thường xuyên rà soát, kiện toàn đội ngũ làm công tác pháp chế.\n"
        "Đơn vị chủ trì thực hiện: Các Sở, ngành, đơn vị, UBND cấp xã.\n"
        "Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp.\n"
        "Thời gian thực hiện: Thường xuyên.\n"
        "2. Ứng dụng công nghệ số\n"
        "- Xây dựng trợ lý ảo hỗ trợ tra cứu pháp luật.\n"
        "- Công bố trợ lý ảo trên Cổng thông tin điện tử tỉnh.\n"
        "Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ.\n"
        "Đơn vị phối hợp thực hiện: Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan.\n"
        "Thời gian thực hiện: Tháng 11 - 12/2025.\n"
        "- Thực hiện chính sách hỗ trợ người làm công tác pháp chế.\n"
        "Đơn vị chủ trì: Các cơ quan, đơn vị theo quy định.\n"
        "Thời gian thực hiện: Từ 01/7/2025.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Tài chính chủ trì, phối hợp với các Sở, ban, ngành bố trí kinh phí thực hiện.\n"
        "2. Giao Sở Tư pháp theo dõi, đôn đốc và báo cáo UBND tỉnh trước ngày 15/12/2025.\n"
        "Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan phản ánh về Sở Tư pháp.\n"
    )
    + SIGNATURE
)

LETTERED_FIELDS = (
    LETTERHEAD
    + (
        "II. NHIỆM VỤ\n"
        "1. Về dữ liệu\n"
        "1.1. Xây dựng chiến lược dữ liệu:\n"
        "a) Nhiệm vụ: Tham mưu UBND tỉnh ban hành Chiến lược dữ liệu của tỉnh.\n"
        "b) Cơ quan thực hiện:\n"
        "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n"
        "- Đơn vị phối hợp: Các Sở, ban, ngành.\n"
        "c) Thời gian thực hiện: Hoàn thành trong năm 2025.\n"
        "1.2. Chuẩn hóa dữ liệu:\n"
        "a) Nhiệm vụ:\n"
        "- Rà soát, chuẩn hóa cơ sở dữ liệu chuyên ngành.\n"
        "- Kết nối cơ sở dữ liệu với nền tảng dùng chung của tỉnh.\n"
        "b) Cơ quan thực hiện: Công an tỉnh chủ trì, phối hợp với Sở Khoa học và Công nghệ.\n"
        "c) Thời gian thực hiện: Quí IV-2025.\n"
    )
    + SIGNATURE
)

AGENCY_HEADINGS = (
    LETTERHEAD
    + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "1. Sở Tài chính - Cơ quan thường trực\n"
        "- Hướng dẫn các đơn vị thực hiện kiểm kê tài sản.\n"
        "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc kiểm kê.\n"
        "- Tổng hợp, báo cáo kết quả kiểm kê. Thời gian hoàn thành: Trước ngày 31/5/2026.\n"
        "2. Ủy ban nhân dân các xã, phường, đặc khu\n"
        "a) Chủ trì, phối hợp với các cơ quan liên quan\n"
        "- Tuyên truyền, phổ biến quy định về quản lý tài sản công.\n"
        "- Thường xuyên kiểm tra việc sử dụng tài sản.\n"
        "3. Trách nhiệm của đối tượng kiểm kê:\n"
        "- Thành lập Tổ kiểm kê.\n"
        "Thời hạn hoàn thành: Trước ngày 30/11/2025.\n"
        "4. Đề nghị: Hội Nông dân tỉnh, Liên minh Hợp tác xã tỉnh\n"
        "Vận động hội viên tham gia kiểm kê.\n"
    )
    + SIGNATURE
)

TABLE_ROWS = [
    ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["I. NÂNG CAO NHẬN THỨC"],
    [
        "1",
        "Tổ chức tập huấn kỹ năng số cho doanh nghiệp.",
        "Sở KH&CN",
        "Các sở, ban, ngành",
        "2025",
    ],
    ["2", "Biểu dương doanh nghiệp chuyển đổi số tiêu biểu.", "Sở Nội vụ", "", "Thường xuyên"],
    ["II. HẠ TẦNG"],
    [
        "3",
        "Triển khai hạ tầng 5G trong các khu công nghiệp.",
        "Sở Xây dựng",
        "Sở Công Thương",
        "Quí IV-2025",
    ],
    ["4", "Duy trì hệ thống giám sát an toàn thông tin.", "", "Công an tỉnh", "Hằng năm"],
]
TABLE_TEXT = (
    LETTERHEAD.replace("II.", "X.")
    + "II. NỘI DUNG\nChi tiết tại Phụ lục kèm theo.\n"
    + SIGNATURE
    + "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n"
    + "".join("\t".join(r) + "\n" for r in TABLE_ROWS)
)  # fmt: skip


def _preview(run: Run, path: Path) -> dict[str, Any]:
    result = run("import", str(path), "-f", "json")
    assert result.err == ""
    data: dict[str, Any] = json.loads(result.out)
    assert (result.code == 1) == bool(data["problems"])
    return data


def _write(tmp_path: Path, text: str, name: str = "ke-hoach.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _shape(data: dict[str, Any]) -> list[tuple[str, str, list[str], list[str], list[str | None]]]:
    return [
        (i["printed"], i["task"][:40], i["lead"], i["co"], [m["due"] for m in i["milestones"]])
        for i in data["items"]
    ]


def test_the_letterhead_gives_the_plan(run: Run, tmp_path: Path) -> None:
    data = _preview(run, _write(tmp_path, FIELD_BLOCKS))
    assert data["plan"] == {
        "number": "77/KH-UBND",
        "date": "2025-11-05",
        "issuer": "UBND tỉnh An Bình",
        "period": None,  # the title names no years: the plan's year is the year of issue
        "year": 2025,
        "title": "Kế hoạch Thực hiện chuyển đổi số trên địa bàn tỉnh",
    }


def test_unbulleted_field_blocks_follow_their_task(run: Run, tmp_path: Path) -> None:
    data = _preview(run, _write(tmp_path, FIELD_BLOCKS))
    assert _shape(data) == [
        ("II.1•1", "Thường xuyên rà soát, kiện toàn đội ngũ ",
         ["Các Sở, ngành, đơn vị", "UBND cấp xã"], ["Sở Nội vụ", "Sở Tư pháp"], ["2025-12-31"]),
        ("II.2•1", "Xây dựng trợ lý ảo hỗ trợ tra cứu pháp l", ["Sở Khoa học và Công nghệ"],
         ["Sở Tư pháp", "các cơ quan, đơn vị, địa phương liên quan"], ["2025-12-31"]),
        ("II.2•3", "Thực hiện chính sách hỗ trợ người làm cô",
         ["Các cơ quan, đơn vị theo quy định"], [], [None]),  # "Từ 01/7/2025": a start, no end
        ("III.1", "Sở Tài chính chủ trì, phối hợp với các S", ["Sở Tài chính"],
         ["các Sở, ban, ngành"], [None]),
        ("III.2", "Giao Sở Tư pháp theo dõi, đôn đốc và báo", ["Sở Tư pháp"], [], ["2025-12-14"]),
    ]  # fmt: skip
    assert data["items"][3]["core"] is False  # "Tổ chức thực hiện"
    # the closing sentence gives no one a duty: skipped with its line and why, never dropped,
    # and not a problem (a perfect import exits 0)
    assert data["problems"] == []
    assert [(s["line"], s["text"][:30], s["reason"][:34]) for s in data["skipped"]] == [
        (26, "Trong quá trình thực hiện, nếu", "không giao việc cho cơ quan nào (m"),
    ]


def test_lettered_fields_and_an_executing_agency(run: Run, tmp_path: Path) -> None:
    data = _preview(run, _write(tmp_path, LETTERED_FIELDS))
    assert _shape(data) == [
        ("II.1.1", "Xây dựng chiến lược dữ liệu: Tham mưu UB", ["Sở Khoa học và Công nghệ"],
         ["Các Sở, ban, ngành"], ["2025-12-31"]),
        ("II.1.2", "Chuẩn hóa dữ liệu Rà soát, chuẩn hóa cơ ", ["Công an tỉnh"],
         ["Sở Khoa học và Công nghệ"], ["2025-12-31"]),
    ]  # fmt: skip
    assert data["problems"] == []


def test_tasks_under_agency_headings(run: Run, tmp_path: Path) -> None:
    data = _preview(run, _write(tmp_path, AGENCY_HEADINGS))
    assert _shape(data) == [
        ("II.1•1", "Hướng dẫn các đơn vị thực hiện kiểm kê t", ["Sở Tài chính"], [], [None]),
        ("II.1•2", "Tổng hợp, báo cáo kết quả kiểm kê.", ["Sở Tài chính"], [], ["2026-05-30"]),
        ("II.2.a•1", "Tuyên truyền, phổ biến quy định về quản ",
         ["Ủy ban nhân dân các xã, phường, đặc khu"], [], [None]),
        ("II.2.a•2", "Thường xuyên kiểm tra việc sử dụng tài s",
         ["Ủy ban nhân dân các xã, phường, đặc khu"], [], ["2025-12-31"]),
        ("II.3•1", "Thành lập Tổ kiểm kê.", ["Đối tượng kiểm kê"], [], ["2025-11-29"]),
        ("II.4•1", "Vận động hội viên tham gia kiểm kê.",
         ["Hội Nông dân tỉnh", "Liên minh Hợp tác xã tỉnh"], [], [None]),
    ]  # fmt: skip


def _docx(path: Path) -> Path:
    doc = Document()
    for line in TABLE_TEXT.split("PHỤ LỤC")[0].splitlines():
        doc.add_paragraph(line.replace("\t", " "))
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ")
    table = doc.add_table(rows=len(TABLE_ROWS), cols=5)
    for r, row in enumerate(TABLE_ROWS):
        if len(row) == 1:
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            merged.text = row[0]
            continue
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(str(path))
    return path


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_task_table_in_an_appendix(run: Run, tmp_path: Path, kind: str) -> None:
    path = _write(tmp_path, TABLE_TEXT) if kind == "txt" else _docx(tmp_path / "ke-hoach.docx")
    data = _preview(run, path)
    assert _shape(data) == [
        ("PL.I.1", "Tổ chức tập huấn kỹ năng số cho doanh ng", ["Sở KH&CN"],
         ["Các sở, ban, ngành"], ["2025-12-31"]),
        ("PL.I.2", "Biểu dương doanh nghiệp chuyển đổi số ti", ["Sở Nội vụ"], [], ["2025-12-31"]),
        ("PL.II.3", "Triển khai hạ tầng 5G trong các khu công", ["Sở Xây dựng"],
         ["Sở Công Thương"], ["2025-12-31"]),
        # an empty lead cell under a merged one: the lead above, in its section
        ("PL.II.4", "Duy trì hệ thống giám sát an toàn thông ", ["Sở Xây dựng"],
         ["Công an tỉnh"], ["2025-12-31"]),
    ]  # fmt: skip


def test_a_plan_imported_from_another_layout_validates(run: Run, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    assert run("init", str(tmp_path / "repo"), "--install", "caicach").code == 0
    plans = tmp_path / "repo" / "plans"
    out = plans / "kh-77-2025.yaml"
    result = run(
        "import", str(_write(tmp_path, LETTERED_FIELDS)), "-o", str(out), "--plans", str(plans)
    )
    assert result.code == 0, result.err
    assert result.err.splitlines()[-1] == (
        f"Đã thêm 1 cơ quan vào {plans / 'agencies.yaml'} (giao chung, cần xác nhận): Công an tỉnh"
    )
    check = run("validate", "--plans", str(plans))
    assert check.code == 0, check.out + check.err
    args = ("overdue", "--plan", "kh-77-2025", "--as-of", "2026-01-05", "-f", "json")
    overdue = run(*args, "--plans", str(plans))
    assert [(i["id"], i["lead"]) for i in json.loads(overdue.out)] == [
        ("1.a", ["Sở Khoa học và Công nghệ"]),
        ("1.b", ["Công an tỉnh"]),
    ]


def test_two_plans_of_different_years_load_and_filter_together(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    """Thông báo 185/TB-UBND (2018), imported beside 1879 (2024), as an office would do it (the
    repository ships it corrected by hand: imported afresh here)."""
    notice = Path(__file__).parent / "data" / "tb-185-2018.txt"
    out = plans / "tb-185-2018.yaml"
    out.unlink()
    result = run("import", str(notice), "-o", str(out), "--plans", str(plans))
    assert result.code == 0  # two closing sentences give no one a duty: skipped, counted
    assert "Đã ghi" in result.err
    assert f"{notice}: bỏ qua 2 đoạn không giao việc cho cơ quan nào" in result.err
    assert "# Bỏ qua 2 đoạn không giao việc cho cơ quan nào" in out.read_text(encoding="utf-8")
    # the letterhead names no issuer: the plan file says where, and a person fills it in
    check = run("validate", "--plans", str(plans))
    assert f"{out}:" in check.err
    assert "thiếu khóa 'issuer' trong plan" in check.err
    text = out.read_text(encoding="utf-8")
    out.write_text(text.replace("plan:\n", "plan:\n  issuer: UBND tỉnh Quảng Ngãi\n", 1), "utf-8")
    check = run("validate", "--plans", str(plans))
    assert check.code == 0, check.err
    assert check.err.startswith("OK: 2 kế hoạch, 77 nhiệm vụ")
    p = ("--plans", str(plans))
    both = json.loads(run("list", "--agency", "Sở Nội vụ", "--role", "lead", "-f", "json", *p).out)
    assert {i["plan"] for i in both} == {"qd-1879-2024", "tb-185-2018"}
    only = json.loads(run("list", "--plan", "tb-185-2018", "-f", "json", *p).out)
    assert len(only) == 21
    assert {i["plan"] for i in only} == {"tb-185-2018"}
    late = json.loads(run("overdue", "--as-of", "2019-01-02", "-f", "json", *p).out)
    assert [(i["plan"], i["task"][:28], i["milestones"][0]["due"]) for i in late] == [
        ("tb-185-2018", "UBND tỉnh đã thống nhất tiếp", "2018-06-20"),  # "trước ngày 21/6/2018"
        ("tb-185-2018", "Chậm nhất đến ngày 31/12/201", "2018-12-31"),  # 1879 is not issued yet
    ]
    # both have a 2.a: a bare id is the one of the plan in force on the day looked at
    then = run("show", "2.a", "--as-of", "2018-07-01", *p)
    assert then.out.splitlines()[0] == "2.a  (185/TB-UBND, kế hoạch tb-185-2018)"
    now = run("show", "2.a", "--as-of", "2024-04-15", *p)
    assert now.out.splitlines()[0] == "2.a  (1879/QĐ-UBND, kế hoạch qd-1879-2024)"
    named = run("show", "tb-185-2018:2.a", "--as-of", "2024-04-15", *p)
    assert named.out.splitlines()[0] == "2.a  (185/TB-UBND, kế hoạch tb-185-2018)"


def _five_years(title: str) -> str:
    """A plan in the shape of a province's five-year plan (our own text), dated 20/11/2025."""
    return (
        (
            LETTERHEAD.split("\n")[0]  # the province's letterhead
            + "\nSố: 90/KH-UBND\tAn Bình, ngày 20 tháng 11 năm 2025\n"
            f"KẾ HOẠCH\n{title}\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n"
            "- Nâng cao chất lượng đội ngũ làm công tác xây dựng pháp luật.\n"
            "II. NHIỆM VỤ, GIẢI PHÁP\n"
            "1. Kiện toàn đội ngũ\n"
            "- Thường xuyên rà soát, kiện toàn đội ngũ làm công tác pháp chế.\n"
            "Đơn vị chủ trì thực hiện: Sở Nội vụ.\n"
            "Đơn vị phối hợp: Sở Tư pháp.\n"
            "Thời gian thực hiện: Thường xuyên.\n"
            "2. Trao đổi nghiệp vụ\n"
            "- Tổ chức hội nghị trao đổi kinh nghiệm xây dựng pháp luật.\n"
            "Đơn vị chủ trì thực hiện: Sở Tư pháp.\n"
            "Thời gian thực hiện: Hằng năm.\n"
            "3. Ứng dụng công nghệ số\n"
            "- Đưa vào sử dụng hệ thống tra cứu văn bản pháp luật.\n"
            "Đơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ.\n"
            "Thời gian thực hiện: Tháng 6/2026.\n"
        )
        + SIGNATURE
    )


def test_a_plan_of_five_years_imports_with_its_period(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    source = _write(
        tmp_path, _five_years("NÂNG CAO NĂNG LỰC ĐỘI NGŨ PHÁP CHẾ GIAI ĐOẠN 2026 - 2030")
    )
    data = _preview(run, source)
    assert data["plan"] == {
        "number": "90/KH-UBND",
        "date": "2025-11-20",
        "issuer": "UBND tỉnh An Bình",
        "period": "2026-2030",
        "year": None,
        "title": "Kế hoạch Nâng cao năng lực đội ngũ pháp chế giai đoạn 2026 - 2030",
    }
    years = [f"{y}-12-31" for y in range(2026, 2031)]
    assert _shape(data) == [
        ("II.1•1", "Thường xuyên rà soát, kiện toàn đội ngũ ", ["Sở Nội vụ"], ["Sở Tư pháp"],
         years),
        ("II.2•1", "Tổ chức hội nghị trao đổi kinh nghiệm xâ", ["Sở Tư pháp"], [], years),
        ("II.3•1", "Đưa vào sử dụng hệ thống tra cứu văn bản", ["Sở Khoa học và Công nghệ"], [],
         ["2026-06-30"]),
    ]  # fmt: skip
    out = plans / "kh-90-2025.yaml"
    result = run("import", str(source), "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    header = out.read_text(encoding="utf-8").split("areas:")[0]
    assert "\n  id: kh-90-2025\n" in header  # numbered in the year it was issued
    assert "\n  period: 2026-2030\n" in header
    assert "year:" not in header
    check = run("validate", "--plans", str(plans))
    assert check.err.startswith("OK: 3 kế hoạch, 80 nhiệm vụ, 139 cơ quan")  # 1879, 185 and it
    p = ("--plans", str(plans), "--plan", "kh-90-2025")
    assert json.loads(run("overdue", "--as-of", "2026-01-15", "-f", "json", *p).out) == []
    shown = json.loads(run("show", "kh-90-2025:2.a", "-f", "json", "--plans", str(plans)).out)
    assert [m["due"] for m in shown["milestones"]] == years


def test_a_plan_until_a_year_runs_from_its_issue(run: Run, plans: Path, tmp_path: Path) -> None:
    source = _write(tmp_path, _five_years("CHUYỂN ĐỔI SỐ TRONG CÔNG TÁC PHÁP CHẾ ĐẾN NĂM 2030"))
    data = _preview(run, source)
    assert (data["plan"]["period"], data["plan"]["year"]) == (
        {"from": "2025-11-20", "to": "2030-12-31"},
        None,
    )
    # the year of issue is part of the plan: its yearly work falls due at its end too
    assert _shape(data)[1][4] == [f"{y}-12-31" for y in range(2025, 2031)]
    out = plans / "kh-90-2025.yaml"
    assert run("import", str(source), "-o", str(out), "--plans", str(plans)).code == 0
    header = out.read_text(encoding="utf-8").split("areas:")[0]
    assert "\n  period:\n    from: 2025-11-20\n    to: 2030-12-31\n" in header
    assert run("validate", "--plans", str(plans)).code == 0


def test_check_compares_the_plans_time(run: Run, plans: Path, tmp_path: Path) -> None:
    five = _write(tmp_path, _five_years("BỒI DƯỠNG CÔNG CHỨC PHÁP CHẾ GIAI ĐOẠN 2026 - 2030"))
    out = plans / "kh-90-2025.yaml"
    assert run("import", str(five), "-o", str(out), "--plans", str(plans)).code == 0
    same = run("import", str(five), "--check", str(out), "--plans", str(plans))
    assert (same.code, same.out, same.err) == (0, "", f"Không có khác biệt giữa {five} và {out}.\n")
    until = _write(tmp_path, _five_years("BỒI DƯỠNG CÔNG CHỨC PHÁP CHẾ ĐẾN NĂM 2030"), "sua.txt")
    changed = run("import", str(until), "--check", str(out), "--plans", str(plans))
    assert (changed.code, changed.out.splitlines()) == (
        1,
        [
            "plan: title: «Kế hoạch Bồi dưỡng công chức pháp chế giai đoạn 2026 - 2030» → "
            "«Kế hoạch Bồi dưỡng công chức pháp chế đến năm 2030»",
            "plan: period: «giai đoạn 2026 - 2030» → «từ 20/11/2025 đến 31/12/2030»",
        ],
    )
