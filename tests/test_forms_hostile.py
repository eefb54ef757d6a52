"""Report forms against careless and hostile senders: one round of errors, formulas, dates typed
as text, forged and changed forms (the office's HMAC), bounded reading of odd workbooks, forms
collected twice at once, and the register of forms sent (`forms --pending`). Each test writes
real .xlsx files and runs the CLI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from caicach.load import form_sheet as fs
from caicach.load.form_key import keys
from tests.conftest import ROOT, Run
from tests.test_forms import AGENCY, AS_OF, SHEET, _fill, _form, _row_of

LOG = Path("progress") / "qd-1879-2024.yaml"


def _entries(run: Run, plans: Path, item: str = "1.e") -> list[tuple[str, str, str | None]]:
    log = run("log", item, "-f", "json", "--plans", str(plans))
    return [(e["kind"], e["date"], e["evidence"]) for e in json.loads(log.out)]


def _done(form: Path, out: Path, item: str, day: Any, evidence: str | None = "BC 1") -> Path:
    row = _row_of(form, item, "ban hành kế hoạch")
    cells = {f"H{row}": "Hoàn thành", f"I{row}": day}
    if evidence:
        cells[f"J{row}"] = evidence
    return _fill(form, out, cells)


# --- one round of errors ----------------------------------------------------------------------


def test_every_mistake_of_a_form_is_said_at_once_in_row_order(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    a = _row_of(form, "1.e", "ban hành kế hoạch")
    b = _row_of(form, "2.b", "ban hành kế hoạch")
    c = _row_of(form, "2.d", "2024-01")
    assert c < a < b  # 2.d's January is overdue longest among them: it comes first
    filled = _fill(
        form,
        tmp_path / "f.xlsx",
        {
            f"H{c}": "xong",  # read: a state not in the list
            f"H{a}": "Hoàn thành",  # checked: done without its day
            f"H{b}": "Hoàn thành",
            f"I{b}": "31/04/2024",  # read: no such day
            f"J{b}": '=CONCAT("KH ", 12)',  # a formula with no saved result
        },
    )
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 1
    said = [line for line in result.err.splitlines() if f"{filled}:{SHEET}!" in line]
    assert said == [
        f"{filled}:{SHEET}!H{c}: Tình trạng 'xong': chọn Hoàn thành, Đang thực hiện, "
        "Chưa thực hiện",
        f"{filled}:{SHEET}!I{a}: Hoàn thành: ghi ngày hoàn thành (dd/mm/yyyy)",
        f"{filled}:{SHEET}!I{b}: Ngày hoàn thành: '31/04/2024': không có ngày này trên lịch",
        f"{filled}:{SHEET}!J{b}: ô có công thức, hãy ghi văn bản",
    ]
    assert not (plans / "progress").exists()


@pytest.mark.parametrize(
    ("typed", "day"),
    [("20-03-2024", date(2024, 3, 20)), ("2024.03.20", date(2024, 3, 20)),
     ("20/3/24", date(2024, 3, 20)), ("ngày 20 tháng 3 năm 2024", date(2024, 3, 20))],
)  # fmt: skip
def test_a_day_typed_as_text_is_read(
    run: Run, plans: Path, tmp_path: Path, typed: str, day: date
) -> None:
    filled = _done(_form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", typed)
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    assert _entries(run, plans) == [("done", day.isoformat(), "BC 1")]


@pytest.mark.parametrize(
    ("typed", "message"),
    [("03/20/2024", "'03/20/2024': không có tháng 20; ngày ghi trước, tháng sau (03/20 là ngày "
      "20 tháng 3: ghi 20/03/2024)"),
     ("mùng 3", "'mùng 3' không phải là ngày; ghi dạng dd/mm/yyyy, vd. 20/03/2024")],
)  # fmt: skip
def test_a_day_that_cannot_be_read_says_how_to_write_it(
    run: Run, plans: Path, tmp_path: Path, typed: str, message: str
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    filled = _done(form, tmp_path / "f.xlsx", "1.e", typed)
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{filled}:{SHEET}!I{row}: Ngày hoàn thành: {message}" in result.err.splitlines()


@settings(deadline=None)  # a shared machine: the first example imports the readers
@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_any_day_written_day_first_reads_back(day: date, sep: str) -> None:
    assert fs.form_day(f"{day.day}{sep}{day.month}{sep}{day.year}") == day
    assert fs.form_day(f"{day.year}{sep}{day.month:02}{sep}{day.day:02}") == day


def test_a_done_without_evidence_is_recorded_with_a_warning_at_its_cell(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    filled = _done(form, tmp_path / "f.xlsx", "1.e", "10/04/2024", evidence=None)
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    assert f"{filled}:{SHEET}!J{row}: cảnh báo: chưa có minh chứng: " in result.err
    assert _entries(run, plans) == [("done", "2024-04-10", None)]


def test_a_huge_evidence_is_refused_at_its_cell(run: Run, plans: Path, tmp_path: Path) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    filled = _done(form, tmp_path / "f.xlsx", "1.e", "10/04/2024", evidence="x" * 6 * 2**20)
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 1
    said = r"Văn bản minh chứng dài [\d.]+ ký tự; ghi tối đa 2\.000 ký tự"
    assert re.search(rf"^{re.escape(f'{filled}:{SHEET}!J{row}')}: {said}", result.err, re.M)
    assert not (plans / "progress").exists()


# --- the form an agency signs, and what may not be changed ------------------------------------


def test_the_form_has_a_signature_block_below_the_table(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    ws = load_workbook(_form(run, plans, tmp_path / "phieu.xlsx"))[SHEET]
    texts = {c.value: c.coordinate for row in ws.iter_rows(min_row=39) for c in row if c.value}
    assert texts == {
        "……, ngày …… tháng …… năm ……": "H40",
        "NGƯỜI LẬP BIỂU": "B41",
        "(Ký, ghi rõ họ tên)": "B42",
        "THỦ TRƯỞNG ĐƠN VỊ": "H41",
        "(Ký tên, đóng dấu)": "H42",
    }
    assert ws["B46"].protection.locked is False  # the name is typed in


@pytest.mark.parametrize(
    ("column", "value"),
    [("D", "Việc khác"), ("E", "mốc khác"), ("F", date(2030, 1, 1)), ("G", "Trong hạn")],
)
def test_a_protected_cell_changed_is_refused_at_that_cell(
    run: Run, plans: Path, tmp_path: Path, column: str, value: Any
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "2.b", "ban hành kế hoạch")
    filled = _fill(form, tmp_path / "f.xlsx", {f"{column}{row}": value})
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{filled}:{SHEET}!{column}{row}: phiếu đã bị sửa ở chỗ không được sửa: ô " in result.err


def _resign(
    path: Path,
    out: Path,
    plans: Path,
    agency: str | None = None,
    twice: tuple[int, int] | None = None,
) -> Path:
    """A forger who holds the office's key: the hidden sheet rewritten and signed again."""
    wb = load_workbook(path)
    ids, visible = wb[fs.IDS], wb[SHEET]
    if agency is not None:
        ids.cell(fs.AGENCY_AT, 2, agency)
    if twice is not None:  # the milestone of one row named on another
        for c in (2, 3, 4):
            ids.cell(twice[1], c, ids.cell(twice[0], c).value)
    header = fs.Header(
        *(str(ids.cell(n, 2).value) for n in (fs.ID_AT, fs.AGENCY_AT)),
        date.fromisoformat(str(ids.cell(fs.DAY_AT, 2).value)),
        str(ids.cell(fs.KEY_AT, 2).value),
    )
    rows = []
    for n in range(fs.ROWS, ids.max_row + 1):
        r = fs.RowIds(*(ids.cell(n, c).value for c in (1, 2, 3, 4)))
        rows.append((r, [fs.shown_text(visible.cell(r.row, c).value) for c in fs.PROTECTED]))
    heading = [fs.shown_text(visible.cell(n, 1).value) for n in range(1, rows[0][0].row - 1)]
    for n, values in enumerate(fs.ids_sheet(keys(plans)[0], header, heading, rows), 1):
        for c, value in enumerate(values, 1):
            ids.cell(n, c, value)
    wb.save(out)
    return out


def test_a_form_relabelled_without_the_key_is_refused_at_the_agency_cell(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    wb = load_workbook(form)
    wb[fs.IDS]["B3"] = "so-tu-phap"  # and the old fingerprint recomputed: no key, no MAC
    wb.save(tmp_path / "gia.xlsx")
    result = run("collect", str(tmp_path / "gia.xlsx"), "--yes", "--plans", str(plans))
    assert result.code == 1
    said = "phiếu đã bị sửa ở chỗ không được sửa: cơ quan của phiếu ('so-tu-phap')"
    assert f"{tmp_path / 'gia.xlsx'}:caicach!B3: {said}" in result.err
    assert not (plans / "progress").exists()


def test_a_form_signed_with_another_key_is_refused(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("forms", "--rotate-key", "--plans", str(plans)).code == 0  # the office's key
    monkeypatch.setenv("CAICACH_FORM_KEY", "k" * 40)  # a forger's own caicach
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    monkeypatch.delenv("CAICACH_FORM_KEY")
    result = run("collect", str(form), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert re.search(
        rf"{re.escape(str(form))}:caicach!B5: phiếu được ký bằng khoá '\w+', không "
        "phải khoá của cơ quan theo dõi ở đây",
        result.err,
    )


def test_a_form_claiming_a_class_is_refused_even_when_signed(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    forged = _resign(form, tmp_path / "nhom.xlsx", plans, agency="cac-so-ban-nganh")
    result = run("collect", str(forged), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert (
        f"{forged}:caicach!B3: phiếu nêu nhóm cơ quan 'Các sở, ban ngành' cho nhiệm vụ mà "
        in result.err
    )
    assert not (plans / "progress").exists()


def test_a_milestone_named_twice_is_refused_at_the_second_row(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    forged = _resign(form, tmp_path / "hai.xlsx", plans, twice=(fs.ROWS, fs.ROWS + 1))
    result = run("collect", str(forged), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{forged}:{SHEET}!E9: mốc này đã có ở dòng 8: một mốc hai dòng" in result.err


def test_a_form_made_before_the_key_was_rotated_still_reads(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    old = keys(plans)[0].id
    rotated = run("forms", "--rotate-key", "--plans", str(plans))
    assert rotated.code == 0, rotated.err
    new = keys(plans)[0].id
    assert new != old
    assert f"Đã tạo khoá ký phiếu mới {new} " in rotated.err
    assert "1 khoá cũ vẫn đọc được phiếu đã gửi" in rotated.err
    assert run("collect", str(form), "--yes", "--plans", str(plans)).code == 0
    again = tmp_path / "moi.xlsx"
    args = ("forms", "-a", AGENCY, "--as-of", AS_OF, "-o", str(again), "--plans", str(plans))
    assert run(*args).code == 0
    assert load_workbook(again)[fs.IDS]["B5"].value == new


def test_the_key_stays_out_of_git_and_out_of_the_form(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    folder = plans / ".caicach-keys"
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert oct((folder / "forms.key").stat().st_mode & 0o777) == "0o600"
    secret = keys(plans)[0].secret
    with zipfile.ZipFile(form) as z:
        assert not any(secret in z.read(n) for n in z.namelist())


# --- hostile workbooks ------------------------------------------------------------------------


def _rezip(path: Path, out: Path, change: dict[str, bytes], **info: Any) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = change.get(item.filename, src.read(item))
            if item.filename in info.get("members", ()):
                item.compress_type = info["method"]
            dst.writestr(item, data)
    return out


def _sheet_part(path: Path, title: str) -> str:
    with zipfile.ZipFile(path) as z:
        names = re.findall(
            r'<sheet [^>]*name="([^"]+)"[^>]*r:id="(\w+)"', z.read("xl/workbook.xml").decode()
        )
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = dict(names)[title]
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    assert target is not None
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def test_an_extra_sheet_reaching_column_xfd_is_never_read(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    wb = load_workbook(form)
    wb.create_sheet("Phụ lục")["A1"] = "x"
    wb.save(tmp_path / "with-sheet.xlsx")
    part = _sheet_part(tmp_path / "with-sheet.xlsx", "Phụ lục")
    rows = "".join(
        f'<row r="{n}"><c r="XFD{n}" t="n"><v>1</v></c></row>' for n in range(1, 100_001)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><dimension ref="A1:XFD100000"/><sheetData>{rows}'
        "</sheetData></worksheet>"
    )
    bomb = _rezip(tmp_path / "with-sheet.xlsx", tmp_path / "bom.xlsx", {part: xml.encode()})
    assert bomb.stat().st_size < 1_000_000
    limit = 1024 * 2**20  # the whole collect in a GiB; reading the sheet whole asked ≈ 13 GB
    code = (
        "import resource, sys; from caicach.cli import main; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
        "sys.exit(main(sys.argv[1:]))"
    )
    env = {**os.environ, "CAICACH_NO_CACHE": "1"}
    args = [sys.executable, "-c", code, "collect", str(bomb), "--yes", "--plans", str(plans)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]


def test_a_hidden_sheet_declaring_too_small_a_range_reads_whole(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    changed = {}
    for title in (fs.IDS, SHEET):
        part = _sheet_part(form, title)
        with zipfile.ZipFile(form) as z:
            xml = z.read(part).decode()
        changed[part] = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', xml).encode()
    small = _rezip(form, tmp_path / "small.xlsx", changed)
    result = run("collect", str(small), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]


def test_a_macro_workbook_among_good_forms_is_one_line_naming_it(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    good = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    with zipfile.ZipFile(good) as z:
        types = z.read("[Content_Types].xml").replace(
            b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"
        )
    macro = _rezip(good, tmp_path / "macro.xlsx", {"[Content_Types].xml": types})
    result = run("collect", str(macro), str(good), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{macro}: sổ có macro (.xlsm), không phải phiếu caicach lập" in result.err
    assert "Traceback" not in result.err
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]  # the good form still is


@pytest.mark.parametrize("how", ["encrypted", "method"])
def test_an_encrypted_or_oddly_packed_member_is_refused_naming_the_file(
    run: Run, plans: Path, tmp_path: Path, how: str
) -> None:
    form = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    out = tmp_path / "odd.xlsx"
    if how == "method":
        _rezip(form, out, {}, members=("xl/workbook.xml",), method=zipfile.ZIP_BZIP2)
    else:
        raw = bytearray(form.read_bytes())
        for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # the general-purpose flag: bit 0, encrypted
            at = raw.find(sig)
            flag = at + (6 if sig == b"PK\x03\x04" else 8)
            raw[flag] |= 1
        out.write_bytes(bytes(raw))
    result = run("collect", str(out), "--yes", "--plans", str(plans))
    assert result.code == 1
    said = "của tệp được mã hoá" if how == "encrypted" else "được nén theo cách caicach không đọc"
    assert re.search(rf"^{re.escape(str(out))}: phần '[^']+' {said}", result.err, re.M)
    assert "Traceback" not in result.err


def _plan_text(plans: Path, old: str, new: str) -> None:
    path = plans / "qd-1879-2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_plan_number_with_a_control_character_does_not_make_forms_tampered(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    _plan_text(plans, "number: 1879/QĐ-UBND", 'number: "1879/QĐ\\x07-UBND"')
    out = tmp_path / "phieu.xlsx"
    made = run("forms", "-a", AGENCY, "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert made.code == 0, made.err
    filled = _done(out, tmp_path / "f.xlsx", "1.e", "10/04/2024")
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]


def test_noncharacters_and_controls_in_a_task_do_not_break_forms(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    text = (plans / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    start = text.index("task: Triển khai thực hiện có hiệu quả công tác tổ chức thi hành")
    end = text.index("\n  lead:", start)
    (plans / "qd-1879-2024.yaml").write_text(
        text[:start]
        + 'task: "Triển khai\\uFFFE thực hiện\\uFFFF có\\x01 hiệu\\x1b quả"'
        + text[end:],
        encoding="utf-8",
    )
    out = tmp_path / "phieu.xlsx"
    made = run("forms", "-a", AGENCY, "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert made.code == 0, made.err
    row = _row_of(out, "1.e", "ban hành kế hoạch")
    assert load_workbook(out)[SHEET][f"D{row}"].value == "Triển khai  thực hiện  có  hiệu  quả"
    filled = _done(out, tmp_path / "f.xlsx", "1.e", "10/04/2024")
    assert run("collect", str(filled), "--yes", "--plans", str(plans)).code == 0


# --- duplicates, batches, the lock ------------------------------------------------------------


def test_the_same_form_given_twice_in_one_command_records_once(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    filled = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    result = run("collect", str(filled), str(filled), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    assert result.out.splitlines()[2] == (
        f"{filled}: Sở Xây dựng, phiếu ngày 15/04/2024: 0 mục mới, 0 đã có trong nhật ký, 1 trùng "
        "với phiếu trước"
    )
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]


def test_two_forms_of_one_command_that_disagree_refuse_the_second_naming_the_first(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    first = _done(form, tmp_path / "a.xlsx", "1.e", "10/04/2024")
    second = _done(form, tmp_path / "b.xlsx", "1.e", "12/04/2024")
    result = run("collect", str(first), str(second), "--yes", "--plans", str(plans))
    assert result.code == 1
    said = (
        f"{second}:{SHEET}!H{row}: 1.e mốc 1 (ban hành kế hoạch) đã được ghi hoàn thành ngày "
        f"10/04/2024 ở phiếu {first}:{SHEET}!H{row} trong cùng lần đọc này"
    )
    assert said in result.err
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]


def test_a_second_form_for_a_milestone_done_names_the_form_and_its_cell(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    assert (
        run(
            "collect",
            str(_done(form, tmp_path / "a.xlsx", "1.e", "10/04/2024")),
            "-y",
            "--plans",
            str(plans),
        ).code
        == 0
    )
    second = _done(form, tmp_path / "b.xlsx", "1.e", "12/04/2024")
    result = run("collect", str(second), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert (
        f"{second}:{SHEET}!H{row}: 1.e mốc 1 (ban hành kế hoạch) của Sở Xây dựng đã được ghi "
        "hoàn thành ngày 10/04/2024"
    ) in result.err


def test_a_form_collected_by_another_process_meanwhile_is_not_written_twice(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled = _done(
        _form(run, plans, tmp_path / "phieu.xlsx"), tmp_path / "f.xlsx", "1.e", "10/04/2024"
    )
    import caicach.tracking.collect as collect

    real = collect.append_many
    raced: list[int] = []

    def other_first(*args: Any, **kwargs: Any) -> int:
        if not raced:  # this process has checked the form; the other writes it before the lock
            env = {**os.environ, "CAICACH_NO_CACHE": "1"}
            other = [
                sys.executable,
                "-m",
                "caicach",
                "collect",
                str(filled),
                "-y",
                "--plans",
                str(plans),
            ]
            raced.append(subprocess.run(other, cwd=ROOT, env=env, capture_output=True).returncode)
        return real(*args, **kwargs)

    monkeypatch.setattr(collect, "append_many", other_first)
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert raced == [0]
    assert result.code == 0, result.err
    assert _entries(run, plans) == [("done", "2024-04-10", "BC 1")]
    text = (plans / LOG).read_text(encoding="utf-8")
    assert text.count("kind: done") == 1


# --- forms sent and returned -------------------------------------------------------------------


def test_forms_pending_lists_what_was_sent_and_not_collected(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    other = tmp_path / "stp.xlsx"
    args = ("forms", "-a", "Sở Tư pháp", "--as-of", "2024-04-16", "-o", str(other))
    made = run(*args, "--plans", str(plans))
    assert made.code == 0, made.err
    assert made.err.endswith(": Sở Tư pháp, 36 mốc chưa xong (phiếu 2024-04-16-so-tu-phap)\n")
    before = run("forms", "--pending", "--as-of", "2024-04-18", "--plans", str(plans))
    assert before.code == 0, before.err
    assert before.out.splitlines() == [
        "2 phiếu đã gửi chưa nhận lại, 2 cơ quan, đến ngày 18/04/2024:",
        "Sở Tư pháp:",
        "  2024-04-16-so-tu-phap  gửi 16/04/2024, 2 ngày trước, 36 mốc",
        "Sở Xây dựng:",
        "  2024-04-15-so-xay-dung  gửi 15/04/2024, 3 ngày trước, 31 mốc",
    ]
    filled = _fill(form, tmp_path / "f.xlsx", {})  # returned with nothing new: still returned
    got = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert got.code == 0, got.err
    after = run("forms", "--pending", "--plans", str(plans))  # today: it came back today
    assert "so-xay-dung" not in after.out
    assert "2024-04-16-so-tu-phap" in after.out
    then = run("forms", "--pending", "--as-of", "2024-04-18", "--plans", str(plans))
    assert then.out == before.out  # as things stood that day
    early = run("forms", "--pending", "--as-of", "2024-04-15", "--plans", str(plans))
    assert (
        early.out.splitlines()[0] == "1 phiếu đã gửi chưa nhận lại, 1 cơ quan, đến ngày 15/04/2024:"
    )


def test_a_form_made_again_the_same_day_gets_its_own_id(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    _form(run, plans, tmp_path / "a.xlsx")
    args = ("forms", "-a", AGENCY, "--as-of", AS_OF, "-o", str(tmp_path / "b.xlsx"))
    again = run(*args, "--plans", str(plans))
    assert again.err.endswith("(phiếu 2024-04-15-so-xay-dung-2)\n")
    register = (plans / "forms" / "register.yaml").read_text(encoding="utf-8").splitlines()
    tail = '"agency": "so-xay-dung", "sent": "2024-04-15", "rows": 31}'
    assert register[-2:] == [
        f'- {{"id": "2024-04-15-so-xay-dung", {tail}',
        f'- {{"id": "2024-04-15-so-xay-dung-2", {tail}',
    ]


def test_init_makes_the_key_and_git_ignores_it(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach"
    made = run("init", str(target), "--install", "caicach==0.1.0")
    assert made.code == 0, made.err
    key = target / "plans" / ".caicach-keys" / "forms.key"
    assert keys(target / "plans")[0].origin == str(key)
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    ignored = subprocess.run(["git", "-C", str(target), "check-ignore", "-q", str(key)])
    assert ignored.returncode == 0  # never committed, whatever `git add -A` is given


def test_a_formula_is_read_as_its_saved_text(run: Run, plans: Path, tmp_path: Path) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    formula = _fill(
        form,
        tmp_path / "cong-thuc.xlsx",
        {f"H{row}": "Hoàn thành", f"I{row}": "10/04/2024", f"J{row}": '=CONCAT("KH ",12)'},
    )
    part = _sheet_part(formula, SHEET)
    with zipfile.ZipFile(formula) as z:
        xml = z.read(part).decode()
    cell = re.search(rf'<c r="J{row}"([^>]*)><f>(.*?)</f>(<v\s*/>|<v></v>)?</c>', xml)
    assert cell is not None
    saved = f'<c r="J{row}"{cell.group(1)} t="str"><f>{cell.group(2)}</f><v>KH 12/KH-SXD</v></c>'
    cached = _rezip(
        formula, tmp_path / "da-tinh.xlsx", {part: xml.replace(cell.group(0), saved).encode()}
    )
    result = run("collect", str(cached), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    assert _entries(run, plans) == [("done", "2024-04-10", "KH 12/KH-SXD")]
