"""Assignments: each lead agency's own share. A week of reports replayed, and every view of it
checked against what was worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import Run

AS_OF = "2024-04-15"


@pytest.fixture
def week(run: Run, plans: Path) -> Path:
    """Members of a class report different milestones on different days; a co-agency writes."""
    p = ("--plans", str(plans))
    reports = [
        ("done", "1.đ", "-m", "1", "-a", "Sở Tư pháp", "--on", "2024-02-28", "-e", "QĐ 300/QĐ-STP"),
        ("done", "1.đ", "-m", "2", "-a", "Sở Tư pháp", "--on", "2024-03-20", "-e", "BC 45/BC-STP"),
        ("done", "1.đ", "-m", "1", "-a", "VP UBND tỉnh", "--on", "2024-03-05", "-e", "CV 1000/VP"),
        ("progress", "1.đ", "-a", "Sở Y tế", "--on", "2024-03-06", "-n", "đã rà soát"),
        ("done", "1.e", "-m", "1", "-a", "Sở Xây dựng", "--on", "2024-03-29", "-e", "BC 12/BC-SXD"),
        (
            "done",
            "1.e",
            "-m",
            "1",
            "-a",
            "UBND huyện Ba Tơ",
            "--on",
            "2024-04-02",
            "-e",
            "BC 7/BC-UBND",
        ),
    ]
    for args in reports:
        result = run(*args, *p)
        assert result.code == 0, result.err
    return plans


def _json(run: Run, plans: Path, *args: str) -> object:
    result = run(*args, "-f", "json", "--plans", str(plans))
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_matrix_cells(run: Run, week: Path) -> None:
    m = _json(run, week, "matrix", "--as-of", AS_OF, "--area", "1")
    assert isinstance(m, dict)
    cells = {(c["item"], c["agency"]): c for c in m["cells"]}
    # 1.đ: Sở Tư pháp did both milestones on time; VP UBND tỉnh the first late, not the second.
    assert cells[("1.đ", "so-tu-phap")]["status"] == "dung-han"
    assert (
        cells[("1.đ", "vp-ubnd-tinh")]["status"],
        cells[("1.đ", "vp-ubnd-tinh")]["days_overdue"],
    ) == ("qua-han", 26)
    assert ("1.đ", "so-y-te") not in cells  # a co-agency owes no share
    # 1.e, due 31/03: every sở and district owes its share.
    assert cells[("1.e", "so-xay-dung")]["status"] == "dung-han"
    assert cells[("1.e", "ubnd-ba-to")]["status"] == "tre-han"
    assert (cells[("1.e", "so-noi-vu")]["status"], cells[("1.e", "so-noi-vu")]["days_overdue"]) == (
        "qua-han",
        15,
    )
    assert sum(1 for (item, _) in cells if item == "1.e") == 33  # 20 sở, 13 districts
    assert [a["id"] for a in m["agencies"]][:3] == ["vp-ubnd-tinh", "so-noi-vu", "so-tu-phap"]


def test_matrix_table(run: Run, week: Path) -> None:
    out = run("matrix", "--as-of", AS_OF, "--area", "1", "--plans", str(week)).out
    row = next(line for line in out.splitlines() if "Sở Xây dựng" in line)
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells == ["Sở Xây dựng", "○", "○", "—", "—", "—", "✓", "—"]
    row = next(line for line in out.splitlines() if "UBND huyện Ba Tơ" in line)
    assert [c.strip() for c in row.strip("│").split("│")] == [
        "UBND huyện Ba Tơ",
        "○",
        "—",
        "○",
        "✗ 75",
        "—",
        "✓ trễ",
        "○",
    ]
    # and 1.a of Thông báo 185 (2018), whose districts were 14, with Tây Trà
    assert out.splitlines()[-1] == "35 cơ quan × 8 nhiệm vụ"


def test_overdue_for_a_member_who_reported_and_one_who_did_not(run: Run, week: Path) -> None:
    def overdue(agency: str) -> list[str]:
        rows = _json(run, week, "overdue", "--as-of", AS_OF, "--agency", agency)
        assert isinstance(rows, list)
        return [r["id"] for r in rows]

    assert "1.e" not in overdue("Sở Xây dựng")
    assert "1.e" in overdue("Sở Nội vụ")
    assert "1.e" not in overdue("UBND huyện Ba Tơ")  # done late is done
    assert "1.e" in overdue("UBND huyện Sơn Hà")
    # The matrix row and `overdue --agency` agree, item by item.
    m = _json(run, week, "matrix", "--as-of", AS_OF, "--agency", "Sở Xây dựng")
    assert isinstance(m, dict)
    late = [c["item"] for c in m["cells"] if c["status"] == "qua-han"]
    leads = _json(run, week, "overdue", "--as-of", AS_OF, "-a", "Sở Xây dựng", "--role", "lead")
    assert isinstance(leads, list)
    assert sorted(late) == sorted(r["id"] for r in leads)


def test_show_keeps_every_report_and_every_share(run: Run, week: Path) -> None:
    item = _json(run, week, "show", "1.đ", "--as-of", AS_OF)
    assert isinstance(item, dict)
    first = item["milestones"][0]
    assert [(r["agency"], r["evidence"]) for r in first["reports"]] == [
        ("so-tu-phap", "QĐ 300/QĐ-STP"),
        ("vp-ubnd-tinh", "CV 1000/VP"),
    ]
    assert first["evidence"] == "QĐ 300/QĐ-STP; CV 1000/VP"
    assert (first["status"], first["completed_on"]) == ("tre-han", "2024-03-05")
    assert item["milestones"][1]["waiting"] == ["vp-ubnd-tinh"]
    assert (item["status"], item["days_overdue"]) == ("qua-han", 26)
    shares = {s["agency"]: s for s in item["assignments"]}
    assert list(shares) == ["so-tu-phap", "vp-ubnd-tinh"]  # Sở Y tế's note completes nothing
    assert shares["so-tu-phap"]["status"] == "dung-han"
    assert shares["vp-ubnd-tinh"]["milestones"][0]["evidence"] == ["CV 1000/VP"]
    assert shares["vp-ubnd-tinh"]["milestones"][1]["status"] == "qua-han"
    shown = run("show", "1.đ", "--as-of", AS_OF, "--plans", str(week)).out
    table = " ".join(shown.replace("│", " ").split())
    assert "28/02 Sở Tư pháp: QĐ 300/QĐ-STP" in table
    assert "05/03 Văn phòng UBND tỉnh: CV 1000/VP" in table
    assert "  Quá hạn (1): Văn phòng UBND tỉnh" in shown.splitlines()


def test_summary_of_one_agency_counts_its_own_shares(run: Run, week: Path) -> None:
    mine = _json(run, week, "summary", "--as-of", AS_OF, "--agency", "Sở Xây dựng")
    # An agency's own figures count what it leads, as Theo cơ quan does.
    rows = _json(run, week, "list", "--as-of", AS_OF, "--agency", "Sở Xây dựng", "--role", "lead")
    assert isinstance(mine, dict)
    assert isinstance(rows, list)
    assert mine["total"]["dung_han"] == 1  # 1.e, its own report
    assert mine["total"]["qua_han"] == sum(1 for r in rows if r["status"] == "qua-han")
    everyone = _json(run, week, "summary", "--as-of", AS_OF)
    assert isinstance(everyone, dict)
    assert everyone["total"]["dung_han"] == 0  # 1.e is not done until every share is


def test_workbook_matrix_sheet(run: Run, week: Path, tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"
    assert run("report", "--as-of", AS_OF, "-o", str(out), "--plans", str(week)).code == 0
    ws = load_workbook(out)["Ma trận"]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Mã")
    assert header[:3] == ("Mã", "Nhiệm vụ", "Văn phòng UBND tỉnh")
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["1.e"][header.index("Sở Xây dựng")] == "✓"
    assert rows["1.e"][header.index("UBND huyện Ba Tơ")] == "✓ trễ"
    assert rows["1.e"][header.index("Sở Nội vụ")] == "✗ 15"
    assert rows["1.đ"][header.index("Sở Y tế")] is None  # no share: a blank cell
    fills = {
        text: ws.cell(row=r, column=header.index(agency) + 1).fill.fgColor.rgb
        for r, text, agency in [
            (_row_of(ws, "1.e"), "✓", "Sở Xây dựng"),
            (_row_of(ws, "1.e"), "✗ 15", "Sở Nội vụ"),
        ]
    }
    assert fills == {"✓": "00C6EFCE", "✗ 15": "00FFC7CE"}


def _row_of(ws: Worksheet, item: str) -> int:
    return next(c.row for c in ws["A"] if c.value == item)


def test_direct_keeps_items_that_name_the_agency(run: Run, week: Path) -> None:
    every = _json(run, week, "list", "--agency", "Sở Tư pháp", "--as-of", AS_OF)
    direct = _json(run, week, "list", "--agency", "Sở Tư pháp", "--direct", "--as-of", AS_OF)
    assert isinstance(every, list)
    assert isinstance(direct, list)
    assert {r["match"]["via"] for r in direct} == {None}
    assert len(direct) < len(every)


def test_a_report_naming_a_lead_class_speaks_for_its_members(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    args = ("done", "1.e", "-m", "1", "-a", "UBND cấp huyện", "--on", "2024-03-30", "-e", "BC 1")
    assert run(*args, *p).code == 0
    m = _json(run, plans, "matrix", "--as-of", AS_OF, "--area", "1")
    assert isinstance(m, dict)
    statuses = {c["agency"]: c["status"] for c in m["cells"] if c["item"] == "1.e"}
    districts = {a for a in statuses if a.startswith("ubnd-")}
    assert len(districts) == 13
    assert {statuses[a] for a in districts} == {"dung-han"}
    assert {s for a, s in statuses.items() if a not in districts} == {"qua-han"}
    shown = run("show", "1.e", "--as-of", AS_OF, *p).out
    assert "30/03 UBND cấp huyện (báo cáo chung): BC 1" in " ".join(shown.replace("│", " ").split())
