"""Plans of several years: a plan of 2026–2030 read in its period, not in the year it was issued."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from caicach.load.loader import load
from caicach.plan.model import PlanInfo
from caicach.plan.period import Period
from caicach.tracking.report import When, plan_report
from caicach.tracking.views import Ask
from tests.conftest import DATA, PLANS, Run

FIVE_YEARS = DATA / "period" / "kh-90-2025.yaml"
YEAR_ENDS = [f"{y}-12-31" for y in range(2026, 2031)]


@pytest.fixture
def five(tmp_path: Path) -> Path:
    """A plans folder holding the registry and the plan of 2026–2030 only."""
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(PLANS / "agencies.yaml", folder)
    shutil.copy(FIVE_YEARS, folder)
    return folder


def _json(run: Run, *args: str) -> Any:
    result = run(*args, "-f", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _info(**time: Any) -> PlanInfo:
    base = {"id": "x", "number": "1/KH-UBND", "date": "2025-11-20", "issuer": "UBND", "title": "t"}
    return PlanInfo.model_validate({**base, **time})


@pytest.mark.parametrize(
    ("time", "starts", "ends", "year", "text"),
    [
        ({"year": 2024}, "2024-01-01", "2024-12-31", 2024, "năm 2024"),
        ({"period": "2026-2030"}, "2026-01-01", "2030-12-31", 2026, "giai đoạn 2026 - 2030"),
        ({"period": "2026 – 2030", "year": 2027}, "2026-01-01", "2030-12-31", 2027,
         "giai đoạn 2026 - 2030"),
        ({"period": 2025}, "2025-01-01", "2025-12-31", 2025, "năm 2025"),
        ({"period": {"from": "20/11/2025", "to": "2030-12-31"}}, "2025-11-20", "2030-12-31", 2025,
         "từ 20/11/2025 đến 31/12/2030"),
    ],
)  # fmt: skip
def test_a_plan_has_a_period(
    time: dict[str, Any], starts: str, ends: str, year: int, text: str
) -> None:
    info = _info(**time)
    assert (info.starts.isoformat(), info.ends.isoformat(), info.year) == (starts, ends, year)
    assert info.period == Period(info.starts, info.ends)
    assert info.period.text == text


def test_the_plan_of_1879_is_the_year_2024_as_before() -> None:
    ws = load([PLANS])
    info = next(i.plan for i in ws.items if i.plan.id == "qd-1879-2024")
    assert (info.year, info.starts, info.ends) == (2024, date(2024, 1, 1), date(2024, 12, 31))
    assert info.period.text == "năm 2024"


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2025, 6, 1), 2026), (date(2026, 1, 15), 2026), (date(2028, 7, 1), 2028),
     (date(2031, 2, 1), 2030)],
)  # fmt: skip
def test_the_plans_year_of_a_day_stays_in_the_period(day: date, year: int) -> None:
    assert Period.of_years(2026, 2030).year_of(day) == year
    assert Period.of_years(2024).year_of(day) == 2024  # a one-year plan: always its year


def test_two_weeks_into_five_years_nothing_is_overdue(run: Run, five: Path) -> None:
    p = ("--plans", str(five))
    assert run("validate", *p).err == (
        "OK: 1 kế hoạch, 6 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ\n"
    )
    result = run("overdue", "--as-of", "2026-01-15", *p)
    assert (result.code, result.out, result.err) == (
        0,
        "0 nhiệm vụ — Quá hạn tính đến ngày 15/01/2026\n",
        "",
    )
    assert _json(run, "overdue", "--as-of", "2026-01-15", *p) == []
    summary = _json(run, "summary", "--as-of", "2026-01-15", *p)
    assert (summary["total"]["qua_han"], summary["total"]["due_by_as_of"]) == (0, 0)


def test_yearly_and_continuous_work_falls_due_each_31_12_of_the_period(
    run: Run, five: Path
) -> None:
    p = ("--plans", str(five), "--as-of", "2026-01-15")
    yearly = _json(run, "show", "1.b", *p)["milestones"]
    assert [(m["due"], m["kind"], m["period"], m["name"]) for m in yearly] == [
        (d, "recurring", d[:4], d[:4]) for d in YEAR_ENDS
    ]
    continuous = _json(run, "show", "1.a", *p)["milestones"]
    assert [(m["due"], m["kind"], m["name"]) for m in continuous] == [
        (d, "continuous", d[:4]) for d in YEAR_ENDS
    ]
    report = _json(run, "show", "3.a", *p)["milestones"]  # "Trước ngày 15/12 hằng năm"
    assert [m["due"] for m in report] == [f"{y}-12-14" for y in range(2026, 2031)]
    quarterly = _json(run, "show", "2.b", *p)["milestones"]
    assert [m["period"] for m in quarterly][:5] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
                                                    "2027-Q1"]  # fmt: skip
    assert len(quarterly) == 20
    dated = _json(run, "show", "2.a", *p)["milestones"]
    assert [(m["due"], m["kind"]) for m in dated] == [("2026-06-30", "once")]
    assert [m["due"] for m in _json(run, "show", "3.b", *p)["milestones"]] == ["2030-12-31"]


def test_a_year_of_the_period_falls_overdue_after_its_end(run: Run, five: Path) -> None:
    late = _json(run, "overdue", "--as-of", "2027-01-15", "--plans", str(five))
    assert sorted(r["id"] for r in late) == ["1.a", "1.b", "2.a", "2.b", "3.a"]


def test_a_year_of_the_work_is_recorded_by_its_year(run: Run, five: Path) -> None:
    p = ("--plans", str(five))
    done = run("done", "1.b", "-m", "2027", "--on", "2026-01-10", "-e", "Báo cáo 1/BC", *p)
    assert done.err.startswith(
        "Đã ghi hoàn thành 1.b mốc 2 (2027), hạn 31/12/2027, ngày 10/01/2026"
    )
    agency = ("--agency", "Sở Nội vụ", "-e", "Báo cáo 2/BC")
    continuous = run("done", "1.a", "-m", "2026", "--on", "2026-01-12", *agency, *p)
    assert continuous.err.startswith("Đã ghi hoàn thành 1.a mốc 1 (2026), hạn 31/12/2026")
    log = (five / "progress" / "kh-90-2025.yaml").read_text(encoding="utf-8")
    assert "- item: 1.b\n  milestone: '2027'\n" in log
    assert "- item: 1.a\n  milestone: '2026'\n  agency: Sở Nội vụ\n" in log
    shown = _json(run, "show", "1.b", "--as-of", "2026-01-15", *p)["milestones"]
    assert [m["status"] for m in shown] == ["trong-han", "dung-han", *["trong-han"] * 3]


def test_the_plan_ends_with_its_period(run: Run, five: Path) -> None:
    p = ("--plans", str(five))
    assert run("due", "--as-of", "2030-12-31", *p).err == ""
    assert run("due", "--as-of", "2031-01-15", *p).err == (
        "caicach: Kế hoạch 90/KH-UBND (giai đoạn 2026 - 2030) đã kết thúc ngày 31/12/2030; dùng "
        "--as-of 2030-12-31 để xem tình hình lúc kết thúc, hoặc nạp kế hoạch của năm nay.\n"
    )


def test_the_plan_of_2024_still_ends_on_31_12_2024(run: Run) -> None:
    assert run("due", "--as-of", "2025-01-15").err == (
        "caicach: Kế hoạch 1879/QĐ-UBND (năm 2024), 185/TB-UBND (năm 2018) đã kết thúc ngày "
        "31/12/2024; dùng --as-of 2024-12-31 để xem tình hình lúc kết thúc, hoặc nạp kế hoạch "
        "của năm nay.\n"
    )


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (date(2027, 5, 2), date(2026, 12, 15), date(2027, 3, 14)),  # this year's
        (date(2025, 12, 1), date(2025, 12, 15), date(2026, 3, 14)),  # not begun: the first
        (date(2032, 5, 2), date(2029, 12, 15), date(2030, 3, 14)),  # ended: the last
    ],
)
def test_a_periodic_report_is_about_the_year_of_the_period_it_is_made_in(
    five: Path, today: date, start: date, end: date
) -> None:
    report = plan_report(load([five]), Ask(), When(period="q1"), today)
    assert report.window is not None
    assert (report.window.start, report.window.end) == (start, end)


def test_a_periodic_report_of_a_one_year_plan_is_about_its_year() -> None:
    report = plan_report(load([PLANS]), Ask(), When(period="q1"), date(2026, 5, 2))
    assert report.window is not None
    assert (report.window.year, report.window.end) == (2024, date(2024, 3, 14))


def test_class_members_are_those_of_the_period(run: Run, five: Path) -> None:
    """Sở Thông tin và Truyền thông ended on 01/03/2025, before the plan begins: it owes none of
    "các sở, ban ngành"; Sở Khoa học và Công nghệ does."""
    p = ("--plans", str(five), "--as-of", "2026-01-15")
    shares = {a["agency"] for a in _json(run, "show", "1.a", *p)["assignments"]}
    assert "so-khoa-hoc-cong-nghe" in shares
    assert "so-thong-tin-truyen-thong" not in shares
