"""Importing a decision's text: the seed round trip, variants of its layout, and nothing lost."""

from __future__ import annotations

import re
import textwrap
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from caicach.authoring.compare import differences
from caicach.authoring.importer import ImportResult, import_text
from caicach.authoring.sources import read_source
from caicach.errors import ProblemsError
from caicach.load.loader import Workspace, load
from caicach.load.yaml_source import load as load_yaml
from caicach.plan.model import PlanFile
from tests.conftest import DATA, PLANS, SEED, Run

TB185 = DATA / "tb-185-2018.txt"


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load([PLANS])


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _plan(result: ImportResult) -> PlanFile:
    return PlanFile.model_validate(result.plan)


def test_the_seed_imports_to_the_curated_plan(ws: Workspace, seed_text: str) -> None:
    result = import_text(seed_text, ws.registry, 2024)
    curated = PlanFile.model_validate(load_yaml(PLANS / "qd-1879-2024.yaml").data)
    assert differences(curated, _plan(result)) == []
    assert result.not_understood == []
    assert result.warnings == [
        (
            323,
            "không có ngày trong «báo cáo kết quả kiểm tra về UBND tỉnh»: ghi thành "
            "`milestones:` với phần đó không xác định thời hạn; hãy kiểm tra",
        )
    ]


def _wrap(text: str) -> str:
    """Wrap the long lines of the plan body at 70 columns, as a converted document might."""
    out = []
    for line in text.split("\n"):
        if len(line) <= 70 or not re.match(r"^([a-zđ]\)|[-+] )", line):
            out.append(line)
            continue
        parts = textwrap.wrap(line, 70, break_long_words=False, break_on_hyphens=False)
        # a wrapper may break anywhere; keep away from a break right after "." or ":", which
        # reads as the end of a sentence (see README)
        if any(p.endswith((".", ":")) for p in parts[:-1]):
            out.append(line)
        else:
            out += parts
    return "\n".join(out)


def _page_numbers(text: str) -> str:
    lines = text.split("\n")
    for n, at in enumerate(range(60, len(lines), 45), start=2):
        lines.insert(at, f"- {n} -" if n % 2 else str(n))
    return "\n".join(lines)


VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "wrapped": _wrap,
    "page-numbers": _page_numbers,
    "a-dot": lambda t: re.sub(r"(?m)^([a-zđ])\) ", r"\1. ", t),
    "tabs-and-nbsp": lambda t: t.replace("Cơ quan chủ trì", "Cơ quan\u00a0chủ\ttrì"),
    "bom-and-trailing-blanks": lambda t: "\ufeff" + t.replace("\n", "  \n"),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_of_the_seed_give_the_same_plan(
    ws: Workspace, seed_text: str, variant: str
) -> None:
    changed = VARIANTS[variant](seed_text)
    assert changed != seed_text
    reference = _plan(import_text(seed_text, ws.registry, 2024))
    result = import_text(changed.lstrip("\ufeff"), ws.registry, 2024)
    assert result.not_understood == []
    assert differences(reference, _plan(result)) == []


def test_wrapping_really_splits_lines(seed_text: str) -> None:
    assert len(_wrap(seed_text).split("\n")) > len(seed_text.split("\n")) + 100


def _docx(text: str, path: Path) -> None:
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
        'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"{paragraphs}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)


def test_a_docx_reads_like_its_text(ws: Workspace, seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    _docx(seed_text, path)
    result = import_text(read_source(path), ws.registry, 2024)
    assert differences(_plan(import_text(seed_text, ws.registry, 2024)), _plan(result)) == []


def test_a_broken_docx_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ProblemsError, match=r"không phải văn bản Word \.docx"):
        read_source(path)


def test_lines_not_understood_are_reported_with_their_numbers(
    ws: Workspace, seed_text: str
) -> None:
    lines = seed_text.split("\n")
    at = lines.index("b) Tham mưu tổ chức thực hiện dự toán ngân sách nhà nước năm 2024.")
    lines.insert(at, "Xem thêm Phụ lục kèm theo.")
    result = import_text("\n".join(lines), ws.registry, 2024)
    assert result.not_understood == [
        (at + 1, "Xem thêm Phụ lục kèm theo.", "không phải lĩnh vực, nhiệm vụ hay trường")
    ]
    assert len(_plan(result).items) == 55


def test_unknown_agencies_are_kept_and_warned(ws: Workspace, seed_text: str) -> None:
    text = seed_text.replace(
        "- Cơ quan chủ trì thực hiện: Sở Y tế.",
        "- Cơ quan chủ trì thực hiện: Sở Y tế; Bệnh viện Đa khoa tỉnh.",
    )
    result = import_text(text, ws.registry, 2024)
    item = next(i for i in result.plan["items"] if i["id"] == "3.e")
    assert item["lead"] == ["Sở Y tế", "Bệnh viện Đa khoa tỉnh"]
    assert any("'Bệnh viện Đa khoa tỉnh' chưa có trong danh mục" in m for _, m in result.warnings)


def test_a_notice_in_prose_imports_as_a_plan(ws: Workspace) -> None:
    """Thông báo 185/TB-UBND gives its tasks as sentences: who acts, then the duty."""
    result = import_text(TB185.read_text(encoding="utf-8"), ws.registry, 2024)
    info = result.plan["plan"]
    assert (info["number"], info["date"].isoformat(), info["year"]) == (
        "185/TB-UBND",
        "2018-06-19",
        2018,
    )
    by_printed = {p["printed"]: p for p in result.preview}
    planning = by_printed["II.3.a"]
    assert planning["lead"] == ["Sở Kế hoạch và Đầu tư"]
    assert planning["co"] == ["Sở Tài chính", "Cục Thuế tỉnh", "các cơ quan, địa phương"]
    assert by_printed["II.4.b"]["lead"] == ["Sở Nội vụ"]
    # "a) Giao Sở Thông tin và Truyền thông:" gives it each "-" line below
    ict = [p for p in result.preview if p["printed"].startswith("II.6.a•")]
    assert len(ict) == 6
    assert {tuple(p["lead"]) for p in ict} == {("Sở Thông tin và Truyền thông",)}
    contracts = next(p for p in result.preview if p["task"].startswith("Chậm nhất đến ngày 31/12"))
    assert contracts["lead"] == ["các sở, ban ngành và địa phương"]
    assert [m["due"] for m in contracts["milestones"]] == ["2018-12-31"]
    # every line of the tasks section is in a task or reported, with its number
    lines = TB185.read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines, 1) if line.startswith("II. "))
    end = next(n for n, line in enumerate(lines, 1) if line.startswith("Nơi nhận"))
    reported = {n for n, _, _ in [*result.not_understood, *result.skipped]}
    read = {p["line"] for p in result.preview}
    headings = {
        n for n in range(start, end) if re.match(r"^(?:\d+\. |[a-z]\) Giao [^:]*:$)", lines[n - 1])
    }
    joined = {64}  # "pháp về cán bộ…" continues line 62 across a page break
    body = {n for n in range(start + 1, end) if lines[n - 1].strip()}
    assert body - headings - joined - read == reported
    assert reported == {84, 86}  # the closing words: no one is named to act
    assert result.not_understood == []  # they give no one a duty: skipped, not problems
    assert [n for n, _, _ in result.skipped] == [84, 86]


def test_import_command_writes_yaml_that_validates(run: Run, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "agencies.yaml").write_bytes((PLANS / "agencies.yaml").read_bytes())
    out = plans / "qd-1879-2024.yaml"
    result = run("import", str(SEED), "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"{SEED}:323: cảnh báo: không có ngày trong «báo cáo kết quả kiểm tra về UBND tỉnh»: "
        "ghi thành `milestones:` với phần đó không xác định thời hạn; hãy kiểm tra",
        f"Đã ghi {out}: 56 nhiệm vụ",
    ]
    assert out.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/plan.schema.json\n"
    )
    assert (
        run("validate", "--plans", str(plans)).err
        == "OK: 1 kế hoạch, 56 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ\n"
    )
    again = run("import", str(SEED), "-o", str(out), "--plans", str(plans))
    assert (again.code, "đã có; thêm --force" in again.err) == (2, True)


def test_a_text_with_no_task_is_refused_with_every_line(run: Run, tmp_path: Path) -> None:
    text = tmp_path / "bao-cao.txt"
    text.write_text(
        "BÁO CÁO\nI. MỤC ĐÍCH\nNâng cao chất lượng.\nII. NHIỆM VỤ\n1. Tăng cường kỷ luật.\n",
        encoding="utf-8",
    )
    out = tmp_path / "tb.yaml"
    result = run("import", str(text), "-o", str(out))
    assert result.code == 1
    said = "không hiểu được (không có cơ quan hay khối trường nói ai làm): "
    assert f"{text}:5:1: {said}" in result.err
    assert result.err.splitlines()[0] == (
        f"{text}: không tìm thấy nhiệm vụ nào của kế hoạch (một khối trường như 'Cơ quan chủ "
        "trì:', một đề mục ghi tên cơ quan, một câu nêu ai làm, hay một bảng nhiệm vụ); chưa ghi "
        "gì"
    )
    assert not out.exists()


def test_an_empty_text_writes_nothing(run: Run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("import", str(empty), "-o", str(tmp_path / "x.yaml"))
    assert (result.code, result.err.splitlines()[0]) == (
        1,
        f"{empty}: không tìm thấy nhiệm vụ nào của kế hoạch (một khối trường như 'Cơ quan chủ "
        "trì:', một đề mục ghi tên cơ quan, một câu nêu ai làm, hay một bảng nhiệm vụ); chưa ghi "
        "gì",
    )
    assert not (tmp_path / "x.yaml").exists()


def test_check_lists_the_differences_per_item(run: Run, tmp_path: Path, seed_text: str) -> None:
    amended = tmp_path / "sua-doi.txt"
    amended.write_text(
        seed_text.replace(
            "- Thời gian thực hiện: Tháng 1 năm 2024.", "- Thời gian thực hiện: Tháng 2 năm 2024."
        ).replace(
            "g) Tham mưu tổ chức Đoàn đi nghiên cứu", "g) Tham mưu tổ chức các Đoàn đi nghiên cứu"
        ),
        encoding="utf-8",
    )
    result = run("import", str(amended), "--check", str(PLANS / "qd-1879-2024.yaml"))
    assert result.code == 1
    assert result.out.splitlines() == [
        "5.b: thay đổi deadline: «Tháng 1 năm 2024.» → «Tháng 2 năm 2024.»",
        "8.g: thay đổi task: «Tham mưu tổ chức Đoàn đi nghiên cứu, học tập kinh nghiệm về cải "
        "cách hành chí…» → «Tham mưu tổ chức các Đoàn đi nghiên cứu, học tập kinh nghiệm về cải "
        "cách hành…»",
    ]
    same = run("import", str(SEED), "--check", str(PLANS / "qd-1879-2024.yaml"))
    assert (same.code, same.out, same.err.splitlines()[-1]) == (
        0,
        "",
        f"Không có khác biệt giữa {SEED} và {PLANS / 'qd-1879-2024.yaml'}.",
    )
