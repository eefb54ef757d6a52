"""Report forms: written for an agency, filled with openpyxl as the agency would in Excel, read
back by `caicach collect`, and seen in `overdue` and the matrix."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.conftest import Run

AS_OF = "2024-04-15"
AGENCY = "Sở Xây dựng"
SHEET = "Phiếu báo cáo"
HEADER = 7  # the header row; the first milestone is on row 8


def _form(run: Run, plans: Path, out: Path) -> Path:
    result = run("forms", "-a", AGENCY, "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    said = f"Đã lập {out}: {AGENCY}, 31 mốc chưa xong (phiếu 2024-04-15-so-xay-dung"
    assert result.out == ""  # after the key it may have made, on stderr too
    assert result.err.splitlines()[-1].startswith(said)  # 185/TB-UBND's 4.d too
    return out


PLAN_IDS = {"1879/QĐ-UBND": "qd-1879-2024", "185/TB-UBND": "tb-185-2018"}


def _rows(path: Path) -> dict[str, dict[str, Any]]:
    """The form's rows by `kế-hoạch:mã mốc`, as the agency sees them."""
    ws = load_workbook(path)[SHEET]
    header = [c.value for c in ws[HEADER]]
    rows = {}
    for cells in ws.iter_rows(min_row=HEADER + 1, values_only=True):
        row = dict(zip(header, cells, strict=True))
        if not isinstance(row["STT"], int):
            break  # the table ends; the signatures follow
        rows[f"{PLAN_IDS[row['Kế hoạch']]}:{row['Mã']} {row['Mốc']}"] = row
    return rows


def _row_of(path: Path, item: str, milestone: str) -> int:
    ws = load_workbook(path)[SHEET]
    for n in range(HEADER + 1, ws.max_row + 1):
        if (ws.cell(n, 3).value, ws.cell(n, 5).value) == (item, milestone):
            return n
    raise AssertionError(f"{item} {milestone} not in the form")


def _fill(path: Path, out: Path, cells: dict[str, Any]) -> Path:
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb[SHEET][ref] = value
    wb.save(out)
    return out


def _overdue(run: Run, plans: Path) -> dict[str, list[int]]:
    args = ("overdue", "-a", AGENCY, "--role", "lead", "--as-of", AS_OF, "-f", "json")
    result = run(*args, "--plans", str(plans))
    rows = json.loads(result.out)
    return {r["qualified_id"]: [m["number"] for m in r["overdue_milestones"]] for r in rows}


def _matrix_cell(run: Run, plans: Path, item: str) -> str:
    args = ("matrix", "-a", AGENCY, "--as-of", AS_OF, "-f", "json", "--plans", str(plans))
    cells = json.loads(run(*args).out)["cells"]
    return next(c["status"] for c in cells if c["item"] == item)


def test_the_form_lists_the_agencys_open_milestones(run: Run, plans: Path, tmp_path: Path) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    wb = load_workbook(form)
    assert wb.sheetnames == [SHEET, "caicach"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "veryHidden"]
    ws = wb[SHEET]
    assert ws["A2"].value == "Cơ quan báo cáo: Sở Xây dựng"
    assert ws["A4"].value == (
        "Tình hình đến ngày 15/04/2024. Đề nghị gửi lại phiếu này cho Sở Nội vụ trước ngày "
        "22/04/2024."
    )
    assert [c.value for c in ws[HEADER]] == [
        "STT", "Kế hoạch", "Mã", "Nhiệm vụ", "Mốc", "Hạn", "Theo dõi đến ngày lập phiếu",
        "Tình trạng (chọn)", "Ngày hoàn thành", "Văn bản minh chứng (số, ký hiệu, ngày)",
        "Ghi chú, khó khăn, vướng mắc",
    ]  # fmt: skip
    rows = _rows(form)
    oldest = rows["tb-185-2018:4.d hoàn thành"]  # open since 2018
    assert (oldest["STT"], oldest["Kế hoạch"], oldest["Hạn"].date()) == (
        1,
        "185/TB-UBND",
        date(2018, 12, 31),
    )
    assert oldest["Theo dõi đến ngày lập phiếu"] == "Quá hạn 1932 ngày"
    first = rows["qd-1879-2024:2.d 2024-01"]
    assert (first["STT"], first["Kế hoạch"], first["Hạn"].date()) == (
        2,
        "1879/QĐ-UBND",
        date(2024, 1, 31),
    )
    assert first["Theo dõi đến ngày lập phiếu"] == "Quá hạn 75 ngày"
    overdue = {k for k, r in rows.items() if r["Theo dõi đến ngày lập phiếu"].startswith("Quá hạn")}
    owed = _overdue(run, plans)
    assert {k.split()[0] for k in overdue} == set(owed)  # the same items as `overdue --agency`
    assert sum(len(v) for v in owed.values()) == len(overdue)


def test_only_the_agencys_columns_can_be_changed(run: Run, plans: Path, tmp_path: Path) -> None:
    ws = load_workbook(_form(run, plans, tmp_path / "phieu.xlsx"))[SHEET]
    assert ws.protection.sheet
    locked = {c: ws[f"{c}8"].protection.locked for c in "ABCDEFGHIJK"}
    assert locked == {c: c < "H" for c in "ABCDEFGHIJK"}
    lists = [v for v in ws.data_validations.dataValidation if v.type == "list"]
    assert [(str(v.sqref), v.formula1) for v in lists] == [
        ("H8:H38", '"Hoàn thành,Đang thực hiện,Chưa thực hiện"')
    ]
    assert ws.print_title_rows == "$7:$7"


def test_a_filled_form_is_collected_and_changes_overdue_and_the_matrix(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    assert _overdue(run, plans)["qd-1879-2024:1.e"] == [1]
    assert _matrix_cell(run, plans, "1.e") == "qua-han"
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    doing = _row_of(form, "2.b", "ban hành kế hoạch")
    filled = _fill(
        form,
        tmp_path / "da-dien.xlsx",
        {
            f"H{row}": "Hoàn thành",
            f"I{row}": date(2024, 4, 10),
            f"J{row}": "Kế hoạch 12/KH-SXD ngày 10/4/2024",
            f"H{doing}": "đang thực hiện",  # typed by hand, without the list: still read
            f"K{doing}": "Đang lấy ý kiến các phòng",
        },
    )
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert (
        lines[0]
        == f"{filled}: Sở Xây dựng, phiếu ngày 15/04/2024: 2 mục mới, 0 đã có trong nhật ký"
    )
    assert f"H{row}  1.e mốc 1 (ban hành kế hoạch): hoàn thành 10/04/2024" in lines[1]
    assert "(Kế hoạch 12/KH-SXD ngày 10/4/2024)" in lines[1]
    assert "2.b mốc 1 (ban hành kế hoạch): đang thực hiện" in lines[2]
    assert len(lines) == 3  # the preview is data; what was written is said on stderr
    assert result.err.startswith(f"Đã ghi 2 mục từ {filled} vào ")
    assert "qd-1879-2024:1.e" not in _overdue(run, plans)
    assert _matrix_cell(run, plans, "1.e") != "qua-han"
    log = run("log", "1.e", "-f", "json", "--plans", str(plans))
    entries = json.loads(log.out)
    assert [(e["kind"], e["agency"], e["date"], e["evidence"]) for e in entries] == [
        ("done", "so-xay-dung", "2024-04-10", "Kế hoạch 12/KH-SXD ngày 10/4/2024")
    ]


def test_a_form_collected_twice_records_nothing_new(run: Run, plans: Path, tmp_path: Path) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    filled = _fill(form, tmp_path / "f.xlsx", {f"H{row}": "Hoàn thành", f"I{row}": "10/04/2024"})
    assert run("collect", str(filled), "-y", "--plans", str(plans)).code == 0
    log = plans / "progress" / "qd-1879-2024.yaml"
    before = log.read_bytes()
    again = run("collect", str(filled), "-y", "--plans", str(plans))
    assert again.code == 0, again.err
    assert (
        again.out
        == f"{filled}: Sở Xây dựng, phiếu ngày 15/04/2024: 0 mục mới, 1 đã có trong nhật ký\n"
    )
    assert log.read_bytes() == before


def test_without_yes_nothing_is_written(run: Run, plans: Path, tmp_path: Path) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    filled = _fill(form, tmp_path / "f.xlsx", {f"H{row}": "Hoàn thành", f"I{row}": "10/04/2024"})
    result = run("collect", str(filled), "--plans", str(plans))
    assert result.code == 0
    assert result.err.splitlines()[-1] == "Chưa ghi gì: thêm --yes để ghi 1 mục vào nhật ký."
    assert not (plans / "progress").exists()


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"H": "Hoàn thành"}, "I", "Hoàn thành: ghi ngày hoàn thành (dd/mm/yyyy)"),
        ({"H": "xong rồi"}, "H", "Tình trạng 'xong rồi': chọn Hoàn thành, Đang thực hiện, "
         "Chưa thực hiện"),
        ({"H": "Hoàn thành", "I": "31/04/2024"}, "I", "Ngày hoàn thành: '31/04/2024': không "
         "có ngày này trên lịch"),
        ({"H": "Hoàn thành", "I": date(2099, 1, 1)}, "I", "01/01/2099 là sau hôm nay"),
        ({"H": "Hoàn thành", "I": date(2023, 1, 1)}, "I", "01/01/2023 là trước ngày ban "
         "hành kế hoạch (1879/QĐ-UBND ngày 15/12/2023); hãy sửa Ngày hoàn thành"),
        ({"I": "10/04/2024"}, "H", "có ghi ngày nhưng chưa chọn Tình trạng"),
    ],
)  # fmt: skip
def test_a_bad_row_is_reported_at_its_cell_and_nothing_is_written(
    run: Run, plans: Path, tmp_path: Path, cells: dict[str, Any], column: str, message: str
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    good = _row_of(form, "2.b", "ban hành kế hoạch")
    values = {f"{c}{row}": v for c, v in cells.items()}
    values |= {f"H{good}": "Hoàn thành", f"I{good}": date(2024, 4, 1)}  # a good row beside it
    filled = _fill(form, tmp_path / "f.xlsx", values)
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{filled}:{SHEET}!{column}{row}: {message}" in result.err
    assert not (plans / "progress").exists()


def test_a_done_already_recorded_otherwise_is_a_conflict(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    args = ("done", "1.e", "-m", "1", "-a", AGENCY, "--on", "2024-04-02", "--plans", str(plans))
    assert run(*args).code == 0
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    filled = _fill(form, tmp_path / "f.xlsx", {f"H{row}": "Hoàn thành", f"I{row}": "10/04/2024"})
    result = run("collect", str(filled), "--yes", "--plans", str(plans))
    assert result.code == 1
    said = "1.e mốc 1 (ban hành kế hoạch) của Sở Xây dựng đã được ghi hoàn thành"
    assert f"{filled}:{SHEET}!H{row}: {said}" in result.err


@pytest.mark.parametrize(
    ("sheet", "ref", "value"),
    [
        ("caicach", "C8", "1.a"),  # the hidden item of the first row
        ("caicach", "B3", "so-tu-phap"),  # the form's agency
        (SHEET, "C8", "1.a"),  # the visible Mã, changed after lifting the protection
    ],
)
def test_a_tampered_form_is_refused(
    run: Run, plans: Path, tmp_path: Path, sheet: str, ref: str, value: str
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    wb = load_workbook(form)
    wb[sheet][ref] = value
    wb[SHEET]["H8"] = "Hoàn thành"
    wb[SHEET]["I8"] = "10/04/2024"
    wb.save(tmp_path / "sua.xlsx")
    result = run("collect", str(tmp_path / "sua.xlsx"), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert "phiếu đã bị sửa ở chỗ không được sửa" in result.err
    assert not (plans / "progress").exists()


def test_a_file_that_is_not_a_form_is_refused(run: Run, plans: Path, tmp_path: Path) -> None:
    text = tmp_path / "a.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    other = tmp_path / "b.xlsx"
    assert run("report", "--as-of", AS_OF, "-o", str(other), "--plans", str(plans)).code == 0
    result = run("collect", str(text), str(other), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{text}: không phải tệp Excel (.xlsx) mà caicach đọc được" in result.err
    said = "không phải phiếu báo cáo của caicach (thiếu các trang của phiếu)"
    assert f"{other}: {said}" in result.err
    assert "Traceback" not in result.err


def test_forms_for_every_agency_go_into_a_folder(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "phieu"
    result = run("forms", "--all", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    names = sorted(p.name for p in out.iterdir())
    assert "phieu-bao-cao-so-xay-dung-2024-04-15.xlsx" in names
    made = [line for line in result.err.splitlines() if line.startswith(f"Đã lập {out}/")]
    assert (result.out, len(names)) == ("", len(made))
    assert len(made) > 10
    district = _rows(out / "phieu-bao-cao-ubnd-ba-to-2024-04-15.xlsx")
    assert district  # work given to "UBND cấp huyện" is each district's own share


def test_one_good_and_one_bad_form_write_the_good_one(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    good = _fill(form, tmp_path / "good.xlsx", {f"H{row}": "Hoàn thành", f"I{row}": "10/04/2024"})
    bad = _fill(form, tmp_path / "bad.xlsx", {f"H{row}": "Hoàn thành"})
    result = run("collect", str(bad), str(good), "--yes", "--plans", str(plans))
    assert result.code == 1
    assert f"{bad}: phiếu có lỗi, không ghi gì từ phiếu này" in result.err
    assert "1/2 phiếu có lỗi; không ghi gì từ các phiếu đó" in result.err
    assert "qd-1879-2024:1.e" not in _overdue(run, plans)


def test_a_question_left_unanswered_writes_nothing(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = _form(run, plans, tmp_path / "phieu.xlsx")
    row = _row_of(form, "1.e", "ban hành kế hoạch")
    filled = _fill(form, tmp_path / "f.xlsx", {f"H{row}": "Hoàn thành", f"I{row}": "10/04/2024"})
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)  # as on a terminal, then Ctrl-D
    monkeypatch.setattr("sys.stdin.readline", lambda *a: "")
    result = run("collect", str(filled), "--plans", str(plans))
    asked = "Ghi 1 mục vào nhật ký? [y/N]:"  # on stderr, beside the notices: stdout is the preview
    said = f"{asked}caicach: đã hủy, không ghi gì"
    assert (result.code, result.err.splitlines()[-1]) == (1, said)
    assert asked not in result.out
    assert not (plans / "progress").exists()
