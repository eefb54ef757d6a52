"""Documents that assign work in prose (công văn, chỉ thị, công điện, thông báo kết luận), each a
small text of our own in the shape of the genre, read by `caicach import` as an official would
read them; and the grammar they are read with (`authoring.prose`), table by table."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from caicach.authoring.importer import years_end
from caicach.authoring.prose import addressee, closing, find_actor, looks_like_task, pieces
from tests.conftest import Run

DATA = Path(__file__).parent / "data" / "prose"


def _preview(run: Run, path: Path) -> dict[str, Any]:
    result = run("import", str(path), "-f", "json")
    data: dict[str, Any] = json.loads(result.out)
    assert result.code == (1 if data["problems"] else 0), result.err
    return data


def _shape(data: dict[str, Any]) -> list[tuple[str, str, list[str], list[str], list[str | None]]]:
    return [
        (
            i["printed"],
            i["task"][:30].rstrip(),
            i["lead"],
            i["co"],
            [m["due"] for m in i["milestones"]],
        )
        for i in data["items"]
    ]


def _skipped(data: dict[str, Any]) -> list[tuple[int, str]]:
    return [(s["line"], " ".join(s["text"].split()[:4])) for s in data["skipped"]]


COMMISSION = [  # cong-van.txt as an official reads it
    ("1.1", "Đối với 42 thủ tục hành chính", ["các Sở, ban, ngành"], [], ["2025-12-20"]),
    ("1.2", "Đối với 6 thủ tục cần phân cấp",
     ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"], [], ["2025-12-09"]),
    ("2.1", "Trên cơ sở kết quả rà soát, Sở", ["Sở Tư pháp"], ["Văn phòng UBND tỉnh"], [None]),
    # no one named: the addressees of the letter act
    ("2.2", "Khẩn trương giải quyết các kiế",
     ["các đồng chí Giám đốc Sở", "Thủ trưởng cơ quan ngang Sở"], [], ["2025-12-24"]),
    # the appendix has no date column: directive 2.2 introduces it with its deadline
    ("PL.1", "Đề nghị hướng dẫn thủ tục cấp", ["Sở Xây dựng"], [], ["2025-12-24"]),
    ("PL.2", "Đề nghị bố trí kinh phí số hóa", ["Sở Tài chính", "Sở Tư pháp"], [], ["2025-12-24"]),
]  # fmt: skip


def _commission_docx(path: Path) -> Path:
    """cong-van.txt as Word keeps it: paragraphs, and the appendix as a real table whose first
    row's cell holds a line break."""
    lines = (DATA / "cong-van.txt").read_text(encoding="utf-8").splitlines()
    doc = Document()
    for line in lines[: lines.index("PHỤ LỤC") + 3]:
        doc.add_paragraph(line.replace("\t", " "))
    rows = [line.split("\t") for line in lines[lines.index("PHỤ LỤC") + 3 :]]
    rows[1][2] += " " + rows[2][0]  # the text .txt wrote on the next line
    rows[1].append(rows[2][1])
    del rows[2]
    table = doc.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(str(path))
    return path


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_cong_van_with_numbered_directives_and_an_appendix(
    run: Run, tmp_path: Path, kind: str
) -> None:
    path = DATA / "cong-van.txt" if kind == "txt" else _commission_docx(tmp_path / "cv.docx")
    data = _preview(run, path)
    assert _shape(data) == COMMISSION
    assert data["problems"] == []
    # no letterhead: the appendix names the document
    assert data["plan"] == {
        "number": "15/CV-BCĐ",
        "date": "2025-12-02",
        "issuer": "Ban Chỉ đạo cải cách hành chính tỉnh",
        "period": None,
        "year": 2025,
        "title": None,
    }
    # who the letter addresses, and the headings: structure, neither tasks nor skipped
    assert _skipped(data) == []


def test_an_appendix_row_says_whose_deadline_it_takes(run: Run, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shipped = Path(__file__).parents[1] / "plans" / "agencies.yaml"
    (plans / "agencies.yaml").write_bytes(shipped.read_bytes())
    out = plans / "cv.yaml"
    result = run("import", str(DATA / "cong-van.txt"), "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert (
        "Thời hạn lấy từ mục 2.2, nơi giao phụ lục này: «hoàn thành trước ngày 25/12/2025»" in text
    )
    assert text.splitlines()[1].startswith("# Tạo bởi `caicach import` từ cong-van.txt.")


def test_a_chi_thi_gives_each_agency_heading_its_lettered_duties(run: Run) -> None:
    data = _preview(run, DATA / "chi-thi.txt")
    both = ["Thủ trưởng các sở, ban, ngành tỉnh", "Chủ tịch UBND các xã, phường"]
    assert _shape(data) == [
        ("1.a", "Công khai đầy đủ thủ tục hành", both, [], [None]),
        ("1.b", "Chủ trì, phối hợp với Sở Khoa", both, [], [None]),
        ("2.a", "Theo dõi, kiểm tra việc chấp h", ["Sở Nội vụ"], [], [None]),
        ("2.b", "Tổng hợp kết quả đánh giá, báo", ["Sở Nội vụ"], [], ["2025-12-31"]),
    ]
    assert data["problems"] == []
    # the title, the preamble and the closing words give no one a duty: skipped, with why
    assert _skipped(data) == [
        (3, "CHỈ THỊ"),
        (4, "VỀ VIỆC NÂNG CAO"),
        (5, "Thời gian qua, công"),
        (13, "Chủ tịch UBND tỉnh"),
    ]
    assert {s["reason"] for s in data["skipped"]} == {
        "không giao việc cho cơ quan nào (mục tiêu, giải pháp, kinh phí, lời dẫn…)"
    }


def test_a_cong_dien_paragraph_giving_two_bodies_two_actions(run: Run) -> None:
    data = _preview(run, DATA / "cong-dien.txt")
    assert _shape(data) == [
        ("1", "Thanh tra tỉnh khẩn trương hoà", ["Thanh tra tỉnh"], [], ["2025-11-27"]),
        # "Thời hạn hoàn thành: …" closes the paragraph: both bodies' deadline
        ("2(a)", "Giám đốc các Sở chủ trì, phối", ["Giám đốc các Sở"], ["Thanh tra tỉnh"],
         ["2025-12-04"]),
        ("2(b)", "UBND phường Đông Hải khẩn trươ", ["UBND phường Đông Hải"], [], ["2025-12-04"]),
        ("3", "Giao Sở Tài chính - Cơ quan th",
         ["Sở Tài chính - Cơ quan thường trực Tổ công tác"], [], [None]),
    ]  # fmt: skip
    assert data["problems"] == []


def test_a_thong_bao_ket_luan_with_bullets_under_its_addressee(run: Run) -> None:
    data = _preview(run, DATA / "thong-bao.txt")
    heads = ["Thủ trưởng các sở, ban, ngành tỉnh"]
    assert _shape(data) == [
        # "các nhiệm vụ được giao trong năm 2025" says which tasks, not when
        ("1•1", "Rà soát các nhiệm vụ được giao", heads, [], [None]),
        ("1•2(a)", "Hoàn thiện báo cáo kết quả chu", heads, [], ["2025-11-30"]),
        ("1•2(b)", "Trên cơ sở đó, Sở Khoa học và",
         ["Sở Khoa học và Công nghệ"], [], ["2025-12-07"]),
        ("2", "Trên cơ sở đề nghị của các sở,", ["Sở Tài chính"], [], [None]),
    ]  # fmt: skip
    assert data["plan"]["title"] == (
        "Thông báo kết luận của phó chủ tịch ubnd tỉnh tại cuộc họp về chuyển đổi số"
    )
    assert _skipped(data) == [(3, "THÔNG BÁO KẾT LUẬN"), (9, "Văn phòng UBND tỉnh")]


def test_the_text_output_counts_what_it_skipped_and_exits_0(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "ct.txt"
    source.write_bytes((DATA / "chi-thi.txt").read_bytes())
    result = run("import", str(source))
    assert result.code == 0, result.err
    assert (
        f"{source}: bỏ qua 4 đoạn không giao việc cho cơ quan nào (mục tiêu, giải pháp, kinh "
        "phí…); xem từng đoạn với -f json"
    ) in result.err.splitlines()
    assert "# Bỏ qua 4 đoạn không giao việc cho cơ quan nào" in result.out
    assert "NOT COMPLETE" not in result.out
    assert "Made by" not in result.out


def test_a_line_that_looks_like_a_task_but_is_not_read_is_a_problem(
    run: Run, tmp_path: Path
) -> None:
    text = (DATA / "cong-dien.txt").read_text(encoding="utf-8")
    asks = "Đề nghị khẩn trương hoàn thành việc đối chiếu hồ sơ.\nNơi nhận:"  # asks whom?
    source = tmp_path / "cd.txt"
    source.write_text(text.replace("Nơi nhận:", asks), encoding="utf-8")
    data = _preview(run, source)
    assert [(p["line"], p["message"]) for p in data["problems"]] == [
        (5, "không hiểu được (không có cơ quan hay khối trường nói ai làm): " + asks[:52])
    ]


# The grammar, table by table.

ACTORS = [  # a directive → (who acts, the duty's first words)
    ("Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ rà soát.", "Sở Tư pháp", "chủ trì"),
    ("Giao Sở Xây dựng hướng dẫn các xã.", "Sở Xây dựng", "hướng dẫn"),
    ("Đối với 12 hồ sơ tồn đọng, các Sở, ban, ngành khẩn trương xử lý.",
     "các Sở, ban, ngành", "khẩn trương"),
    ("Trên cơ sở báo cáo của các xã, phường, Sở Tài chính tổng hợp, trình UBND tỉnh.",
     "Sở Tài chính", "tổng hợp"),
    ("Căn cứ chức năng, nhiệm vụ, các cơ quan, đơn vị tổ chức thực hiện.",
     "các cơ quan, đơn vị", "tổ chức"),
    ("Ban Chỉ đạo đề nghị các đồng chí Giám đốc Sở quan tâm chỉ đạo.",
     "các đồng chí Giám đốc Sở", "quan tâm"),
    ("Đối với 3 thủ tục, yêu cầu các Bộ: Tài chính; Xây dựng; Y tế xây dựng phương án.",
     "Bộ Tài chính; Bộ Xây dựng; Bộ Y tế", "xây dựng"),
    ("Các đồng chí Giám đốc Sở theo chức năng, nhiệm vụ được giao triển khai.",
     "Các đồng chí Giám đốc Sở", "theo chức năng"),
]  # fmt: skip
ACTORS += [
    ("UBND tỉnh giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát.", "Sở Nội vụ", "chủ trì"),
    ("Chỉ đạo UBND các xã, phường rà soát hồ sơ.", "UBND các xã, phường", "rà soát"),
]
NO_ACTOR = [
    "Nâng cao chất lượng phục vụ người dân và doanh nghiệp.",  # an objective
    "Kinh phí thực hiện từ ngân sách nhà nước, bao gồm chi thường xuyên.",  # funding
    "Rà soát, chuẩn hóa các mẫu đơn, tờ khai điện tử.",  # a duty, no one named
    "Đẩy mạnh truyền thông, bảo trì và quản trị dữ liệu số.",  # "bảo …" is no Báo
    "Chủ tịch UBND tỉnh yêu cầu:",  # an introduction
]


@pytest.mark.parametrize(("text", "who", "duty"), ACTORS)
def test_who_acts_in_a_directive(text: str, who: str, duty: str) -> None:
    found = find_actor(text)
    assert found is not None
    assert (found[0], found[1][: len(duty)]) == (who, duty)


@pytest.mark.parametrize("text", NO_ACTOR)
def test_a_line_naming_no_one_who_acts(text: str) -> None:
    assert find_actor(text) is None
    assert not looks_like_task(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kính gửi: Các đồng chí Giám đốc Sở", "Các đồng chí Giám đốc Sở"),
        ("…, Ban Chỉ đạo yêu cầu các Sở, ngành khẩn trương thực hiện các nội dung sau:",
         "các Sở, ngành"),
        ("Chủ tịch UBND tỉnh yêu cầu:", None),  # the addressees are in the headings
        ("Sở Tư pháp chủ trì thực hiện.", None),  # a directive, not an introduction
    ],
)  # fmt: skip
def test_whom_a_document_addresses(text: str, expected: str | None) -> None:
    assert addressee(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chủ tịch UBND tỉnh yêu cầu các cơ quan nghiêm túc thực hiện Chỉ thị này.", True),
        ("Văn phòng thông báo để các cơ quan biết, thực hiện.", True),
        ("Trên cơ sở Kế hoạch này, các sở tổ chức thực hiện nhiệm vụ được giao.", False),
        ("Sở Tài chính đôn đốc triển khai Công điện này.", True),
    ],
)
def test_closing_words(text: str, expected: bool) -> None:
    assert closing(text) is expected


def test_a_later_sentence_of_another_body_is_its_own_piece() -> None:
    text = (
        "Các sở rà soát hồ sơ. Các báo cáo gửi Sở Nội vụ trước ngày 01/12/2025. Trên cơ sở đó, "
        "Sở Nội vụ tổng hợp. Bố trí cán bộ đúng vị trí việc làm."
    )
    got = [(p.lead, p.text[:20]) for p in pieces(text, None)]
    assert got == [("Các sở", "Các sở rà soát hồ sơ"), ("Sở Nội vụ", "Trên cơ sở đó, Sở Nộ")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-2027", date(2027, 12, 31)),
        ("Giai đoạn 2026 - 2030", date(2030, 12, 31)),
        ("năm 2026–2028.", date(2028, 12, 31)),
        ("2026", None),  # one year: the deadline reader's
        ("2030-2026", None),
        ("Quý IV/2025", None),
    ],
)
def test_a_span_of_years_is_due_at_its_end(text: str, expected: date | None) -> None:
    assert years_end(text) == expected


# Properties.

_AGENCIES = st.sampled_from(
    ["Sở Tư pháp", "Sở Nội vụ", "UBND phường Đông Hải", "Thanh tra tỉnh", "Sở Tài chính"]
)
_LEAD_INS = st.sampled_from(
    ["Đối với các hồ sơ tồn đọng", "Trên cơ sở kết quả rà soát, đánh giá", "Căn cứ chức năng"]
)
_DUTIES = st.sampled_from(["chủ trì rà soát", "tổng hợp, báo cáo", "hướng dẫn các xã"])


@given(_LEAD_INS, _AGENCIES, _DUTIES)
def test_who_acts_after_any_lead_in_clause(lead_in: str, agency: str, duty: str) -> None:
    assert find_actor(f"{lead_in}, {agency} {duty}.") == (agency, f"{duty}.")


@given(st.lists(st.tuples(_AGENCIES, _DUTIES), min_size=1, max_size=4))
def test_pieces_keep_every_sentence_in_order(said: list[tuple[str, str]]) -> None:
    text = " ".join(f"{who} {duty}." for who, duty in said)
    got = pieces(text, None)
    assert " ".join(p.text for p in got) == text
    # a new piece begins exactly where another body than the one before acts
    changes = [said[0][0]] + [b for (a, _), (b, _) in itertools.pairwise(said) if a != b]
    assert [p.lead for p in got] == changes


@given(st.integers(2000, 2090), st.integers(0, 20), st.sampled_from(["-", " -", "–"]))
def test_any_span_of_years_ends_on_its_last_day(first: int, length: int, dash: str) -> None:
    assert years_end(f"{first}{dash}{first + length}") == date(first + length, 12, 31)


def test_an_appendix_table_that_lost_its_cells_is_a_problem(run: Run, tmp_path: Path) -> None:
    """A PDF converted to text writes a cell a line: the table cannot be read, and the import
    says so (exit 1) instead of dropping its rows in silence."""
    text = (DATA / "cong-van.txt").read_text(encoding="utf-8")
    body, appendix = text.split("PHỤ LỤC\n")
    cells = "\n".join(c for row in appendix.splitlines() for c in row.split("\t"))
    source = tmp_path / "cv.wrapped.txt"
    source.write_text(f"{body}PHỤ LỤC\n{cells}\n", encoding="utf-8")
    data = _preview(run, source)
    assert [(p["line"], p["message"]) for p in data["problems"]] == [
        (18, "không hiểu được (bảng nhiệm vụ của phụ lục mất ranh giới ô): Cơ quan phụ trách "
         "tiếp nhận, xử lý")
    ]  # fmt: skip


def test_every_way_a_sentence_gives_its_deadline(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "cd.txt"
    source.write_text(
        "Chủ tịch UBND tỉnh yêu cầu:\n"
        "1. Sở Tư pháp rà soát hồ sơ, hoàn thành xong trước 20/12/2025.\n"
        "2. Sở Nội vụ báo cáo kết quả, thời hạn trước 15/12/2025.\n"
        "3. Sở Y tế tổng hợp số liệu trong tháng 12 năm 2025.\n"
        "4. Sở Xây dựng hướng dẫn các xã chậm nhất ngày 10/12/2025.\n"
        "5. Chỉ đạo UBND các xã, phường rà soát hồ sơ đất đai. Thời hạn: 31/12/2025.\n",
        encoding="utf-8",
    )
    data = _preview(run, source)
    got = [
        (i["printed"], i["lead"], i["deadline"], i["milestones"][0]["due"]) for i in data["items"]
    ]
    assert got == [
        ("1", ["Sở Tư pháp"], "hoàn thành xong trước 20/12/2025", "2025-12-19"),
        ("2", ["Sở Nội vụ"], "thời hạn trước 15/12/2025", "2025-12-14"),
        ("3", ["Sở Y tế"], "trong tháng 12 năm 2025", "2025-12-31"),
        ("4", ["Sở Xây dựng"], "chậm nhất ngày 10/12/2025", "2025-12-10"),
        ("5", ["UBND các xã, phường"], "31/12/2025.", "2025-12-31"),
    ]  # fmt: skip
