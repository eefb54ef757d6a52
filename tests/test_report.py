"""The workbook, opened and read back as an office would see it."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from caicach.load.loader import load
from caicach.plan.items import match
from caicach.render.text.notice_words import place_and_date
from caicach.tracking.status import assess
from tests.conftest import DATA, PLANS, Run

DETAIL_HEADERS = [
    "STT",
    "Mã",
    "Nhiệm vụ",
    "Cơ quan chủ trì (phối hợp)",
    "Sản phẩm",
    "Thời gian thực hiện",
    "Hạn",
    "Tình trạng",
    "Số ngày quá hạn",
    "Ngày hoàn thành",
    "Minh chứng",
]
AGENCY_HEADERS = [
    "Cơ quan chủ trì",
    "Tổng số (có thời hạn)",
    "Đã đến hạn",
    "HT đúng hạn",
    "HT trễ hạn",
    "Chưa HT trong hạn",
    "Chưa HT quá hạn",
    "Tỷ lệ HT / đã đến hạn",
    "Tỷ lệ HT đúng hạn / đã đến hạn",
    "Tỷ lệ quá hạn / đã đến hạn",
    "Ghi chú",
]
TITLE = "BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"


def _header_row(ws: Worksheet, first: str) -> int:
    return next(c.row for c in ws["A"] if c.value == first)


def _table(ws: Worksheet, first: str) -> list[list[object]]:
    """The table's rows under its header, band rows (an area, a section) left out."""
    top = _header_row(ws, first)
    rows = []
    for row in ws.iter_rows(min_row=top + 1, values_only=True):
        if row[0] is None:
            break
        if row[1] is not None:
            rows.append(list(row))
    return rows


def _titles(ws: Worksheet) -> list[str]:
    """The title lines: column A from the report's title to the table's header."""
    column = [c.value for c in ws["A"]]
    start = column.index(TITLE)
    return [str(v) for v in column[start : column.index(None, start)]]


@pytest.fixture
def plans(plans: Path) -> Path:
    """The workbook of one plan, 1879, read back cell by cell (of two plans: the last test)."""
    (plans / "tb-185-2018.yaml").unlink()
    return plans


@pytest.fixture
def workbook_path(run: Run, plans: Path, tmp_path: Path) -> Path:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "Quyết định 50/QĐ-UBND", *p).code == 0
    assert run("done", "2.d", "-m", "2024-03", "--on", "2024-04-10", *p).code == 0
    out = tmp_path / "tuan16.xlsx"
    result = run("report", "--as-of", "2024-04-15", "-o", str(out), *p)
    assert result.code == 0, result.err
    assert result.err == f"Đã ghi {out}: 56 nhiệm vụ, 21 quá hạn\n"
    return out


def test_sheets_and_headers(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Chi tiết",
        "Quá hạn",
        "Theo cơ quan",
        "Ma trận",
        "Trong tuần",
        "Theo tuần",
        "Chỉ tiêu",
    ]
    detail = wb["Chi tiết"]
    top = _header_row(detail, "STT")
    assert [c.value for c in detail[top]] == DETAIL_HEADERS
    agencies = wb["Theo cơ quan"]
    assert [c.value for c in agencies[_header_row(agencies, "Cơ quan chủ trì")]] == AGENCY_HEADERS
    assert _titles(wb["Tổng hợp"])[2] == "Số liệu tính đến ngày 15/04/2024 (tuần 16 năm 2024)"


def test_detail_cells_have_real_types(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path)["Chi tiết"]
    top = _header_row(ws, "STT")
    rows = {r[1]: r for r in _table(ws, "STT")}
    assert len(rows) == 56
    first = rows["1.d"]
    assert first[:2] == [4, "1.d"]
    assert first[5] == "Chậm nhất là ngày 31/01/2024."
    assert first[6] == datetime(2024, 1, 31)
    assert first[7:9] == ["Chưa hoàn thành, quá hạn", 75]
    assert rows["5.b"][7:11] == [
        "Hoàn thành đúng hạn",
        None,
        datetime(2024, 1, 31),
        "Quyết định 50/QĐ-UBND",
    ]
    assert rows["2.d"][6] == datetime(2024, 1, 31)  # the first milestone still open
    assert rows["1.đ"][3] == (
        "Sở Tư pháp; Văn phòng UBND tỉnh\n"
        "(Phối hợp: Các sở, ban ngành; UBND cấp huyện; UBND cấp xã)"
    )
    hạn = ws.cell(row=top + 5, column=7)
    assert (hạn.is_date, hạn.number_format) == (True, "dd/mm/yyyy")
    assert ws.cell(row=top + 2, column=3).font.name == "Times New Roman"
    band = [c.value for c in ws[top + 1]]
    assert band == ["1. Cải cách thể chế", *[None] * 10]  # the area above its items
    bands = [r for r in ws.merged_cells.ranges if r.min_row > top]
    assert len(bands) == 8  # one for each of the plan's eight areas, across the table
    assert {(r.min_col, r.max_col) for r in bands} == {(1, 11)}
    assert all(r.min_row == r.max_row for r in bands)
    printed = [ws.cell(r.min_row, 1).value[:2] for r in sorted(bands, key=lambda r: r.min_row)]
    assert printed == ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "7."]  # "7." twice, as printed


def test_overdue_rows_match_the_overdue_command(run: Run, plans: Path, workbook_path: Path) -> None:
    overdue = json.loads(
        run("overdue", "--as-of", "2024-04-15", "-f", "json", "--plans", str(plans)).out
    )
    wb = load_workbook(workbook_path)
    rows = _table(wb["Quá hạn"], "STT")
    assert [r[1] for r in rows] == [o["id"] for o in overdue]
    assert [r[8] for r in rows] == [o["days_overdue"] for o in overdue]
    detail = wb["Chi tiết"]
    top = _header_row(detail, "STT")
    for row in detail.iter_rows(min_row=top + 1, max_row=detail.max_row):
        if row[1].value is None:
            continue  # an area's band row
        late = row[7].value == "Chưa hoàn thành, quá hạn"
        assert row[2].fill.fgColor.rgb[-6:] == ("FFC7CE" if late else "000000"), row[1].value


def test_summary_agrees_with_the_summary_command(
    run: Run, plans: Path, workbook_path: Path
) -> None:
    summary = json.loads(
        run("summary", "--as-of", "2024-04-15", "-f", "json", "--plans", str(plans)).out
    )
    rows = _table(load_workbook(workbook_path)["Tổng hợp"], "Lĩnh vực")
    expected = [
        [
            g["label"],
            g["items_with_date"],
            g["due_by_as_of"],
            g["dung_han"],
            g["tre_han"],
            g["dang_thuc_hien"],
            g["chua_thuc_hien"],
            g["qua_han"],
            g["khong_xac_dinh"],
            g["completion_rate"],
            g["on_time_rate"],
        ]
        for g in [*summary["groups"], summary["total"]]
    ]
    assert [r[:9] for r in rows] == [e[:9] for e in expected]
    assert [r[9:] for r in rows] == [pytest.approx(e[9:]) for e in expected]
    assert rows[-1][:8] == ["Tổng cộng", 54, 22, 1, 0, 0, 32, 21]


def test_by_agency_counts_each_agency_for_its_own_share(workbook_path: Path, plans: Path) -> None:
    rows = {
        r[0]: r for r in _table(load_workbook(workbook_path)["Theo cơ quan"], "Cơ quan chủ trì")
    }
    # Sở Tài chính owes a share of every item that names it as lead, or names "các sở, ban
    # ngành" as lead; with only summary reports recorded, each share has its item's status.
    ws = load([plans])
    mine = [i for i in ws.items if match(i, "so-tai-chinh", ws.registry, "lead") is not None]
    statuses = [assess(i, ws.history(i), date(2024, 4, 15)).status for i in mine]
    dated = [s for s in statuses if s not in ("khong-xac-dinh", "da-huy")]
    expected = [
        len(dated),
        rows["Sở Tài chính"][2],
        dated.count("dung-han"),
        dated.count("tre-han"),
        dated.count("trong-han"),
        dated.count("qua-han"),
    ]
    assert [expected[0], expected[2]] == [
        27,
        1,
    ]  # 5.b, reported for the whole item, counts for every lead
    assert rows["Sở Tài chính"][1:7] == expected
    assert rows["Sở Tài chính"][10] == "2 nhiệm vụ không xác định thời hạn"
    # UBND cấp xã has no members in the registry: it owes its shares as one.
    assert rows["UBND cấp xã"][10].startswith("nhóm cơ quan (giao chung)")
    assert "Các sở, ban ngành" not in rows


def test_week_sheet(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path)["Trong tuần"]
    titles = [c.value for c in ws["A"] if isinstance(c.value, str) and ": " in c.value]
    assert titles == [
        "Hoàn thành từ 09/04/2024 đến 15/04/2024: 1",
        "Trở thành quá hạn từ 09/04/2024 đến 15/04/2024: 0",
        "Đến hạn trong 7 ngày, từ 15/04/2024 đến 21/04/2024: 0",
    ]
    done_row = _header_row(ws, "Mã") + 2  # under the section's band row
    assert [c.value for c in ws[done_row]][:5] == [
        "2.d",
        ws[done_row][1].value,
        "3 (2024-03)",
        datetime(2024, 3, 31),
        "10/04/2024",
    ]


def test_office_conventions(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    firsts = {"Tổng hợp": "Lĩnh vực", "Theo cơ quan": "Cơ quan chủ trì", "Trong tuần": "Mã"}
    for name in ("Tổng hợp", "Chi tiết", "Quá hạn", "Theo cơ quan", "Trong tuần"):
        ws = wb[name]
        first = firsts.get(name, "STT")
        top = _header_row(ws, first)
        assert ws.freeze_panes is not None
        assert ws.freeze_panes.endswith(str(top + 1))
        assert ws.auto_filter.ref is not None
        assert ws.auto_filter.ref.startswith(f"A{top}:")
        # Tổng hợp's table fits its first page: no header repeated over the chart's page
        repeated = None if name == "Tổng hợp" else f"${top}:${top}"
        assert ws.print_title_rows == repeated, name
    for ws in wb.worksheets:
        assert (ws.page_setup.orientation, ws.page_setup.paperSize) == ("landscape", 9), ws.title
        if ws.title == "Ma trận":  # full size across several pages: see test_report_print
            continue
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.oddFooter.center.text == "Trang &P / &N"
    assert len(wb["Tổng hợp"]._charts) == 1


def test_text_never_becomes_a_formula(run: Run, plans: Path, tmp_path: Path) -> None:
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    hostile = text.replace("task: Ban hành kế hoạch.", 'task: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
    (plans / "qd-1879-2024.yaml").unlink()
    (plans / "mau.yaml").write_text(hostile, encoding="utf-8")
    p = ("--plans", str(plans))
    assert run("done", "1.a", "--on", "2025-01-10", "-e", "+1 then -1 @all", *p).code == 0
    out = tmp_path / "x.xlsx"
    assert run("report", "--as-of", "2025-02-01", "-o", str(out), *p).code == 0
    ws = load_workbook(out)["Chi tiết"]
    row = _header_row(ws, "STT") + 1
    task, proof = ws.cell(row=row + 1, column=3), ws.cell(row=row + 1, column=11)
    assert (task.value, task.data_type, task.quotePrefix) == (
        '=HYPERLINK("http://x","y")',
        "s",
        True,
    )
    assert (proof.value, proof.data_type, proof.quotePrefix) == ("+1 then -1 @all", "s", True)


def test_default_name_and_no_silent_overwrite(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = run("report", "--week", "2024-W16", "--plans", str(plans))
    name = tmp_path / "bao-cao-tien-do-qd-1879-2024-2024-W16.xlsx"
    assert first.err == f"Đã ghi {name.name}: 56 nhiệm vụ, 22 quá hạn\n"
    before = name.read_bytes()
    again = run("report", "--as-of", "2024-04-15", "--plans", str(plans))
    assert again.code == 2
    assert "đã có; thêm --force" in again.err
    assert name.read_bytes() == before
    forced = run("report", "--as-of", "2024-04-15", "--force", "--plans", str(plans))
    assert forced.err == f"Đã ghi {name.name}: 56 nhiệm vụ, 22 quá hạn\n"


def test_agency_sheet(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("report", "--agency", "Sở Tư pháp", "--as-of", "2024-04-15", "--plans", str(plans))
    name = "bao-cao-tien-do-qd-1879-2024-2024-W16-so-tu-phap.xlsx"
    # its own lead shares, as Theo cơ quan counts them (the 29 of `summary --agency`); with
    # --role any, the items it joins too: every item but 3.e, 3.g, 8.c, 8.d and 8.g, whose
    # co-agencies are unnamed
    assert result.err == f"Đã ghi {name}: 29 nhiệm vụ, 10 quá hạn\n"
    every = ("report", "--agency", "Sở Tư pháp", "--role", "any", "--as-of", "2024-04-15")
    result = run(*every, "--force", "--plans", str(plans))
    assert result.err == f"Đã ghi {name}: 51 nhiệm vụ, 19 quá hạn\n"
    assert _titles(load_workbook(tmp_path / name)["Tổng hợp"])[3] == "Cơ quan: Sở Tư pháp"


def test_periodic_report_holds_the_whole_plan(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    p = ("--plans", str(plans))
    assert run("done", "2.d", "-m", "2024-01", "--on", "2024-02-05", *p).code == 0
    assert run("done", "2.d", "-m", "2024-02", "--on", "2024-02-28", *p).code == 0
    assert run("done", "1.đ", "-m", "1", "--on", "2024-03-05", *p).code == 0
    result = run("report", "--period", "q1", *p)  # the plan's year, not this year
    name = tmp_path / "bao-cao-cchc-qd-1879-2024-2024-q1.xlsx"
    # every item, as of 14/03/2024 by the milestones due by then: 1.d (31/01) and 5.b (31/01)
    # overdue; 2.d and 1.đ completed late; the rest not yet due
    assert result.err == f"Đã ghi {name.name}: 56 nhiệm vụ, 2 quá hạn\n"
    wb = load_workbook(name)
    assert "Trong tuần" not in wb.sheetnames
    assert _titles(wb["Tổng hợp"])[2].startswith(
        "Báo cáo Quý I năm 2024: số liệu từ 15/12/2023 đến 14/03/2024; hạn gửi báo cáo 20/03/2024."
    )
    rows = {r[1]: r for r in _table(wb["Chi tiết"], "STT")}
    assert len(rows) == 56
    assert rows["2.d"][7] == "Hoàn thành trễ hạn"
    assert rows["1.đ"][7] == "Hoàn thành trễ hạn"
    assert rows["3.a"][7] == "Chưa hoàn thành, trong hạn"  # due 31/03: not yet due on 14/03
    total = _table(wb["Tổng hợp"], "Lĩnh vực")[-1]
    assert total[:8] == ["Tổng cộng", 54, 4, 0, 2, 0, 50, 2]  # 4 due in the period, 50 not yet
    year = run("report", "--period", "year", *p)
    assert "56 nhiệm vụ" in year.err
    assert _titles(
        load_workbook(tmp_path / "bao-cao-cchc-qd-1879-2024-2024-year.xlsx")["Tổng hợp"]
    )[2].startswith("Báo cáo năm 2024: số liệu từ 15/12/2023 đến 14/12/2024")


def test_control_characters_from_word_do_not_break_the_workbook(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "Văn bản\x0bsố 12\x07", *p).code == 0
    out = tmp_path / "x.xlsx"
    assert run("report", "--as-of", "2024-04-15", "-o", str(out), *p).code == 0
    rows = {r[1]: r for r in _table(load_workbook(out)["Chi tiết"], "STT")}
    assert rows["5.b"][10] == "Văn bản số 12 "


def test_a_province_sets_its_own_reporting_calendar(run: Run, plans: Path, tmp_path: Path) -> None:
    (plans / "reporting.yaml").write_text(
        'reporting:\n  q1: {label: Quý I, start: "12-10", start_previous_year: true, '
        'end: "01-31", due: "02-05"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "q1.xlsx"
    result = run(
        "report", "--period", "q1", "--year", "2024", "-o", str(out), "--plans", str(plans)
    )
    assert result.err == f"Đã ghi {out}: 56 nhiệm vụ, 0 quá hạn\n"  # 1.d, 2.d, 5.b due 31/01
    assert _titles(load_workbook(out)["Tổng hợp"])[2].startswith(
        "Báo cáo Quý I năm 2024: số liệu từ 10/12/2023 đến 31/01/2024; hạn gửi báo cáo 05/02/2024."
    )
    unknown = run("report", "--period", "q3", "--year", "2024", "--plans", str(plans))
    assert (unknown.code, "không có kỳ báo cáo 'q3'; các kỳ có: q1" in unknown.err) == (2, True)


def test_a_missing_folder_is_said_plainly(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "x.xlsx"
    result = run("report", "--as-of", "2024-04-15", "-o", str(out), "--plans", str(plans))
    assert (result.code, result.err) == (
        1,
        f"caicach: {out.parent}: không có thư mục này; chưa ghi gì\n",
    )


def test_the_summary_sheet_is_an_office_document(workbook_path: Path) -> None:
    wb = load_workbook(workbook_path)
    ws = wb["Tổng hợp"]
    assert [ws["A1"].value, ws["B1"].value] == [
        "UBND TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert [ws["A2"].value, ws["B2"].value] == ["SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"]
    assert (ws["A2"].font.bold, ws["B2"].font.underline, ws["B3"].font.italic) == (
        True,
        "single",
        True,
    )
    assert ws["B3"].value == place_and_date("Quảng Ngãi", date.today())
    column_a = [c.value for c in ws["A"]]
    column_b = [c.value for c in ws["B"]]
    at = column_a.index("NGƯỜI LẬP BIỂU")
    assert column_b[at : at + 3] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "(Ký, ghi rõ họ tên, đóng dấu)",
    ]
    assert wb.properties.creator == "Sở Nội vụ"
    assert wb.properties.title.startswith("BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH")
    series = ws._charts[0].series
    assert [s.tx.strRef.f for s in series] == [
        f"'Tổng hợp'!{c}{_header_row(ws, 'Lĩnh vực')}" for c in "DEFGH"
    ]


@pytest.mark.parametrize("name", ["bc.xls", "bc", "bc.csv"])
def test_the_workbook_is_named_xlsx(run: Run, plans: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = run("report", "--as-of", "2024-04-15", "-o", str(out), "--plans", str(plans))
    assert result.code == 2
    better = Path(name).with_suffix(".xlsx").name
    assert result.err == f"caicach: {out}: sổ tính là tệp Excel .xlsx; hãy đặt tên {better}\n"
    assert not out.exists()


def test_the_weekly_sheet_draws_progress_by_week(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path)["Theo tuần"]
    rows = _table(ws, "Tuần")
    assert [r[0] for r in rows] == list(range(1, 17))  # weeks 1 to 16 of 2024, to 15/04
    assert rows[4] == [5, datetime(2024, 2, 4), 3, 1, 1]  # 5.b done 31/01; 1.d and 2.d late
    assert rows[-1][1] == datetime(2024, 4, 15)  # the week in progress ends on the day
    assert len(ws._charts) == 1


def test_the_targets_sheet_weighs_the_published_ranks(workbook_path: Path) -> None:
    ws = load_workbook(workbook_path)["Chỉ tiêu"]
    rows = {r[0]: r for r in _table(ws, "Mã")}
    assert len(rows) == 30
    par = rows["par-index-2025"]
    assert par[1:2] == ["a)"]
    assert par[3:7] == ["hạng ≤ 30/63", 2025, "hạng 43/63 (năm 2024)", "Chưa đạt"]  # the 2024 rank
    assert rows["pci-2025"][5:7] == ["—", "Chưa có số liệu"]


def test_one_workbook_for_two_plans(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped plans, 1879 and Thông báo 185 (2018): one sheet of both, each area under a
    band naming its plan, as `summary --by area` names it."""
    both = tmp_path / "plans"
    shutil.copytree(PLANS, both, ignore=shutil.ignore_patterns("progress"))
    monkeypatch.chdir(tmp_path)
    result = run("report", "--as-of", "2024-04-15", "--plans", str(both))
    name = "bao-cao-tien-do-tat-ca-2024-W16.xlsx"
    assert result.err == f"Đã ghi {name}: 77 nhiệm vụ, 25 quá hạn\n"
    ws = load_workbook(tmp_path / name)["Chi tiết"]
    top = _header_row(ws, "STT")
    bands = sorted((r for r in ws.merged_cells.ranges if r.min_row > top), key=lambda r: r.min_row)
    named = [str(ws.cell(r.min_row, 1).value) for r in bands]
    assert len(named) == 16
    assert named[0] == "1879/QĐ-UBND: 1. Cải cách thể chế"
    assert named[8] == "185/TB-UBND: 1. Nhiệm vụ, giải pháp trọng tâm 06 tháng cuối năm 2018"
    summary = json.loads(
        run("summary", "--as-of", "2024-04-15", "-f", "json", "--plans", str(both)).out
    )
    areas = [g["label"] for g in summary["groups"]]
    assert [n for n in named] == areas
