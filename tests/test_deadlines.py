"""Every deadline phrase of 1879/QĐ-UBND and every reading in the domain notes, as a table."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caicach.plan.deadlines import DeadlineError, month_end, parse, quarter_end
from caicach.plan.milestone import Milestone
from caicach.plan.period import Period
from tests.conftest import SEED

Expect = list[tuple[str | None, str | None, str]]

M = [("", f"2024-{m:02d}", "") for m in range(1, 13)]

PHRASES_1879: dict[str, Expect] = {
    "Thường xuyên trong năm 2024.": [(None, "2024-12-31", "continuous")],
    "Chậm nhất là ngày 31/01/2024.": [(None, "2024-01-31", "once")],
    "Quyết định công bố chậm nhất ngày 01/3/2024; Báo cáo kết quả hệ thống hóa chậm nhất ngày "
    "20/3/2024.": [
        ("Quyết định công bố", "2024-03-01", "once"),
        ("Báo cáo kết quả hệ thống hóa", "2024-03-20", "once"),
    ],
    "Quý I năm 2024 ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện theo quy định.": [
        ("ban hành kế hoạch", "2024-03-31", "once"),
        ("định kỳ báo cáo kết quả thực hiện theo quy định", None, "undated"),
    ],
    "Quý I năm 2024 ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện.": [
        ("ban hành kế hoạch", "2024-03-31", "once"),
        ("định kỳ báo cáo kết quả thực hiện", None, "undated"),
    ],
    "Quý I năm 2024 ban hành các Kế hoạch; định kỳ báo cáo kết quả thực hiện.": [
        ("ban hành các Kế hoạch", "2024-03-31", "once"),
        ("định kỳ báo cáo kết quả thực hiện", None, "undated"),
    ],
    "Quý I năm 2024, ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện theo quy định.": [
        ("ban hành kế hoạch", "2024-03-31", "once"),
        ("định kỳ báo cáo kết quả thực hiện theo quy định", None, "undated"),
    ],
    "Thường xuyên trong năm, theo Kế hoạch rà soát, đơn giản hóa TTHC nội bộ trong hệ thống "
    "cơ quan "
    "hành chính nhà nước giai đoạn 2022 - 2025 trên địa bàn tỉnh ban hành kèm theo Quyết định số "
    "1648/QĐ-UBND ngày 30/11/2022 của Chủ tịch UBND tỉnh.": [(None, "2024-12-31", "continuous")],
    "Định kỳ hàng tháng trong năm 2024.": [
        (None, month_end(2024, m).isoformat(), "recurring") for m in range(1, 13)
    ],
    "Theo Kế hoạch số 140/KH-UBND ngày 14/10/2021 của UBND tỉnh đối với những nhiệm vụ giao thực "
    "hiện trong năm 2024.": [(None, None, "undated")],
    "Thường xuyên trong năm 2024; định kỳ báo cáo kết quả thực hiện.": [
        (None, "2024-12-31", "continuous"),
        ("định kỳ báo cáo kết quả thực hiện", None, "undated"),
    ],
    "Quý II năm 2024.": [(None, "2024-06-30", "once")],
    "Quý III năm 2024.": [(None, "2024-09-30", "once")],
    "Theo quy định của Chính phủ và hướng dẫn của Sở Thông tin và Truyền thông.": [
        (None, None, "undated")
    ],
    "Quý I năm 2024, ban hành kế hoạch kiểm tra; tổ chức kiểm tra theo kế hoạch, kiểm tra đột xuất "
    "trong năm 2024.": [
        ("ban hành kế hoạch kiểm tra", "2024-03-31", "once"),
        ("tổ chức kiểm tra theo kế hoạch, kiểm tra đột xuất", "2024-12-31", "once"),
    ],
    "Quý I năm 2024 ban hành Kế hoạch; báo cáo kết quả thực hiện vào Quý IV năm 2024.": [
        ("ban hành Kế hoạch", "2024-03-31", "once"),
        ("báo cáo kết quả thực hiện", "2024-12-31", "once"),
    ],
    "Hoàn thành trong Quý I năm 2024.": [(None, "2024-03-31", "once")],
    "Quý I năm 2024 ban hành kế hoạch và triển khai trong năm; định kỳ báo cáo kết quả thực hiện "
    "về Bộ Nội vụ.": [
        ("ban hành kế hoạch", "2024-03-31", "once"),
        ("triển khai", "2024-12-31", "once"),
        ("định kỳ báo cáo kết quả thực hiện về Bộ Nội vụ", None, "undated"),
    ],
    "Quý I năm 2024 ban hành kế hoạch và triển khai trong năm 2024.": [
        ("ban hành kế hoạch", "2024-03-31", "once"),
        ("triển khai", "2024-12-31", "once"),
    ],
    "Quý I năm 2024 ban hành kế hoạch và triển khai trong năm; báo cáo kết quả thực hiện sau "
    "thanh tra, kiểm tra về UBND tỉnh (qua Sở Nội vụ).": [
        ("ban hành kế hoạch", "2024-03-31", "once"),
        ("triển khai", "2024-12-31", "once"),
        (
            "báo cáo kết quả thực hiện sau thanh tra, kiểm tra về UBND tỉnh (qua Sở Nội vụ)",
            None,
            "undated",
        ),
    ],
    "Quý I năm 2024 ban hành Kế hoạch; tháng 12 năm 2024 báo cáo kết quả thực hiện về UBND tỉnh "
    "(qua Sở Nội vụ).": [
        ("ban hành Kế hoạch", "2024-03-31", "once"),
        ("báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Nội vụ)", "2024-12-31", "once"),
    ],
    "Quý I năm 2024, ban hành kế hoạch kiểm tra; tổ chức kiểm tra theo kế hoạch, kiểm tra đột xuất "
    "trong năm 2024 theo thẩm quyền.": [
        ("ban hành kế hoạch kiểm tra", "2024-03-31", "once"),
        ("tổ chức kiểm tra theo kế hoạch, kiểm tra đột xuất", "2024-12-31", "once"),
    ],
    "Tháng 1 năm 2024.": [(None, "2024-01-31", "once")],
    "Quý III, năm 2024.": [(None, "2024-09-30", "once")],
    "Thường xuyên trong năm 2024 và theo kế hoạch.": [(None, "2024-12-31", "continuous")],
    "Quý I năm 2024.": [(None, "2024-03-31", "once")],
    "Quý IV năm 2024 ban hành Kế hoạch.": [("ban hành Kế hoạch", "2024-12-31", "once")],
    "Trong năm 2024.": [(None, "2024-12-31", "once")],
    "Hàng quý (Theo Chương trình công tác của UBND tỉnh).": [
        (None, quarter_end(2024, q).isoformat(), "recurring") for q in range(1, 5)
    ],
    "Quý I năm 2024 (theo yêu cầu của Bộ Nội vụ).": [(None, "2024-03-31", "once")],
    "Tháng 12 năm 2024.": [(None, "2024-12-31", "once")],
}

# The one phrase of 1879 that names no date for a clause: the plan file pins it (8.c).
NEEDS_MILESTONES = (
    "Quý I năm 2024 ban hành Kế hoạch và triển khai thực hiện theo kế hoạch; báo cáo kết quả kiểm "
    "tra về UBND tỉnh."
)

DOMAIN_READINGS: dict[str, Expect] = {
    "Chậm nhất đến ngày 31/12/2018": [(None, "2018-12-31", "once")],
    "trước ngày 30/10/2021": [(None, "2021-10-29", "once")],
    "trước ngày 01/3/2024": [(None, "2024-02-29", "once")],
    "tháng 12 năm 2024": [(None, "2024-12-31", "once")],
    "Tháng 2 năm 2025": [(None, "2025-02-28", "once")],
    "tháng 12/2024": [(None, "2024-12-31", "once")],
    "Quý II/2024": [(None, "2024-06-30", "once")],
    "Quý 2 năm 2024": [(None, "2024-06-30", "once")],
    "quý iv, năm 2023": [(None, "2023-12-31", "once")],
    "Quý I": [(None, "2024-03-31", "once")],
    "Thường xuyên trong năm": [(None, "2024-12-31", "continuous")],
    "Thường xuyên": [(None, "2024-12-31", "continuous")],
    "Hằng tháng": [(None, month_end(2024, m).isoformat(), "recurring") for m in range(1, 13)],
    "định kỳ hằng quý trong năm 2025": [
        (None, quarter_end(2025, q).isoformat(), "recurring") for q in range(1, 5)
    ],
    "6 tháng đầu năm 2024": [(None, "2024-06-30", "once")],
    "06 tháng cuối năm": [(None, "2024-12-31", "once")],
    "ngày 01 tháng 7 năm 2025": [(None, "2025-07-01", "once")],
    "20.7.2020": [(None, "2020-07-20", "once")],
    "1/5/2025": [(None, "2025-05-01", "once")],
    "Chậm nhất ngày 15/3": [(None, "2024-03-15", "once")],
    "cuối năm 2024": [(None, "2024-12-31", "once")],
    "Năm 2025": [(None, "2025-12-31", "once")],
    "quy i nam 2024 ban hanh ke hoach": [("ban hanh ke hoach", "2024-03-31", "once")],
    "Theo quy định": [(None, None, "undated")],
}


def _shape(milestones: tuple[Milestone, ...]) -> Expect:
    return [(m.label, m.due.isoformat() if m.due else None, m.kind) for m in milestones]


@pytest.mark.parametrize(("phrase", "expected"), [*PHRASES_1879.items(), *DOMAIN_READINGS.items()])
def test_phrase(phrase: str, expected: Expect) -> None:
    assert _shape(parse(phrase, 2024)) == expected


def test_table_covers_every_deadline_phrase_of_the_plan() -> None:
    text = SEED.read_text(encoding="utf-8")
    phrases = set(re.findall(r"Thời gian (?:thực hiện|hoàn thành): (.+)", text))
    assert phrases == {*PHRASES_1879, NEEDS_MILESTONES}


def test_a_clause_without_date_or_reason_is_an_error() -> None:
    with pytest.raises(DeadlineError, match="báo cáo kết quả kiểm tra về UBND tỉnh"):
        parse(NEEDS_MILESTONES, 2024)


@pytest.mark.parametrize("phrase", ["31/02/2024", "Chậm nhất ngày 30/02/2024", "tháng 13 năm 2024"])
def test_impossible_dates_are_errors(phrase: str) -> None:
    with pytest.raises(DeadlineError):
        parse(phrase, 2024)


@pytest.mark.parametrize("phrase", ["", "   ", "khi có yêu cầu"])
def test_phrases_without_any_time_are_errors(phrase: str) -> None:
    with pytest.raises(DeadlineError):
        parse(phrase, 2024)


def test_cited_document_dates_are_not_deadlines() -> None:
    phrase = "Chậm nhất ngày 15/3/2024 theo Quyết định số 1648/QĐ-UBND ngày 30/11/2022"
    (m,) = parse(phrase, 2024)
    assert (m.due, m.note) == (date(2024, 3, 15), "theo Quyết định số 1648/QĐ-UBND ngày 30/11/2022")


def test_notes_keep_what_qualifies_a_date() -> None:
    (m,) = parse("Quý I năm 2024 (theo yêu cầu của Bộ Nội vụ).", 2024)
    assert m.note == "theo yêu cầu của Bộ Nội vụ"


def test_recurring_months_carry_their_period() -> None:
    periods = [m.period for m in parse("Định kỳ hàng tháng trong năm 2024.", 2024)]
    assert periods == [f"2024-{m:02d}" for m in range(1, 13)]


@given(st.text(max_size=200))
def test_any_text_parses_or_raises_the_parsers_own_error(text: str) -> None:
    try:
        milestones = parse(text, 2024)
    except DeadlineError:
        return
    assert all(isinstance(m, Milestone) for m in milestones)


@given(st.integers(1900, 2100), st.integers(1, 12))
def test_month_end_is_the_last_day(year: int, month: int) -> None:
    end = month_end(year, month)
    assert end.month == month
    assert (end + timedelta(days=1)).day == 1


@given(st.integers(1990, 2100))
def test_monthly_recurrence_lands_on_every_last_day(year: int) -> None:
    dues = [m.due for m in parse(f"Định kỳ hằng tháng trong năm {year}", 2000)]
    assert len(dues) == 12
    for month, due in enumerate(dues, start=1):
        assert due is not None
        assert (due.month, (due + timedelta(days=1)).day) == (month, 1)


@given(st.integers(1990, 2100), st.sampled_from(["I", "II", "III", "IV", "1", "2", "3", "4"]))
def test_quarter_ends_are_last_days_of_quarter_months(year: int, quarter: str) -> None:
    (m,) = parse(f"Quý {quarter} năm {year}", 2000)
    assert m.due is not None
    assert m.due.month in (3, 6, 9, 12)
    assert (m.due + timedelta(days=1)).day == 1


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)), st.sampled_from(["/", "."]))
def test_any_calendar_date_reads_back(day: date, sep: str) -> None:
    (m,) = parse(f"Chậm nhất là ngày {day.day}{sep}{day.month}{sep}{day.year}", 2000)
    assert m.due == day


OTHER_DOCUMENTS: dict[str, Expect] = {
    "Trước ngày 15 hằng tháng": [
        (None, date(2024, m, 14).isoformat(), "recurring") for m in range(1, 13)
    ],
    "Định kỳ 6 tháng một lần": [
        (None, "2024-06-30", "recurring"),
        (None, "2024-12-31", "recurring"),
    ],
    "Hằng năm": [(None, "2024-12-31", "recurring")],
    "Giai đoạn 2021 - 2025": [(None, "2025-12-31", "once")],
    "Đến hết năm 2025": [(None, "2025-12-31", "once")],
    "Từ tháng 1 đến tháng 6 năm 2024": [(None, "2024-06-30", "once")],
    "từ ngày 01/3/2024 đến ngày 30/4/2024": [(None, "2024-04-30", "once")],
    "Hoàn thành trước 30-6-2024": [(None, "2024-06-29", "once")],
    "2024-05-31": [(None, "2024-05-31", "once")],
    "Quý 4/2024": [(None, "2024-12-31", "once")],
    "Trước ngày 31 tháng 12 năm 2024": [(None, "2024-12-30", "once")],
    "Quý III năm 2024 (chậm nhất ngày 15/9/2024)": [(None, "2024-09-15", "once")],
    "Tháng 12 hằng năm": [(None, "2024-12-31", "recurring")],  # each year of the plan
    "trước ngày 15/12 hằng năm": [(None, "2024-12-14", "recurring")],  # one day, not two
    "Quí IV-2025": [(None, "2025-12-31", "once")],
    "2025": [(None, "2025-12-31", "once")],
    "Năm 2026 và các năm tiếp theo": [("các năm tiếp theo", "2026-12-31", "once")],
    "Tháng 11 - 12/2025": [(None, "2025-12-31", "once")],  # a span of months: its end
    "Thường xuyên, hằng năm": [(None, "2024-12-31", "continuous")],
    "Trong quý I và quý II năm 2024": [(None, "2024-03-31", "once"), (None, "2024-06-30", "once")],
    "Từ ngày 01/01/2024 đến hết ngày 31/12/2024": [(None, "2024-12-31", "once")],
    "Từ 01/7/2025": [("Từ 01/7/2025", None, "undated")],  # a start, no end
    "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê": [
        ("Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê", None, "undated")
    ],
    "Tháng 10/2024 trình UBND tỉnh; tháng 12/2024 ban hành": [
        ("trình UBND tỉnh", "2024-10-31", "once"),
        ("ban hành", "2024-12-31", "once"),
    ],
    "Cuối quý II/2024": [(None, "2024-06-30", "once")],
    "chậm nhất trong thời hạn 3 tháng": [("chậm nhất trong thời hạn 3 tháng", None, "undated")],
}


@pytest.mark.parametrize(("phrase", "expected"), OTHER_DOCUMENTS.items())
def test_phrasings_of_other_documents(phrase: str, expected: Expect) -> None:
    assert _shape(parse(phrase, 2024)) == expected


def test_day_of_every_month_falls_back_to_the_last_day() -> None:
    dues = [m.due for m in parse("ngày 31 hằng tháng", 2024)]
    assert [d.day for d in dues if d] == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


# --- plans of several years --------------------------------------------------------------------

FIVE = Period.of_years(2026, 2030)
YEARS = range(2026, 2031)

IN_FIVE_YEARS: dict[str, Expect] = {
    "Thường xuyên.": [(None, f"{y}-12-31", "continuous") for y in YEARS],
    "Thường xuyên trong năm": [(None, f"{y}-12-31", "continuous") for y in YEARS],
    "Hằng năm.": [(None, f"{y}-12-31", "recurring") for y in YEARS],
    "Hàng năm": [(None, f"{y}-12-31", "recurring") for y in YEARS],
    "Thường xuyên, hằng năm": [(None, f"{y}-12-31", "continuous") for y in YEARS],
    "Hằng quý": [
        (None, quarter_end(y, q).isoformat(), "recurring") for y in YEARS for q in (1, 2, 3, 4)
    ],
    "Hàng quý (theo yêu cầu của Sở Nội vụ)": [
        (None, quarter_end(y, q).isoformat(), "recurring") for y in YEARS for q in (1, 2, 3, 4)
    ],
    "Định kỳ hàng tháng": [
        (None, month_end(y, m).isoformat(), "recurring") for y in YEARS for m in range(1, 13)
    ],
    "Trước ngày 15/12 hằng năm": [(None, f"{y}-12-14", "recurring") for y in YEARS],
    "Hằng năm, trước ngày 15/12": [(None, f"{y}-12-14", "recurring") for y in YEARS],
    "ngày 20 tháng 12 hằng năm": [(None, f"{y}-12-20", "recurring") for y in YEARS],
    "Tháng 12 hằng năm": [(None, f"{y}-12-31", "recurring") for y in YEARS],
    # dates given stay as they are, in the period or not
    "Thường xuyên trong năm 2027": [(None, "2027-12-31", "continuous")],
    "Định kỳ hàng tháng trong năm 2026": [
        (None, month_end(2026, m).isoformat(), "recurring") for m in range(1, 13)
    ],
    "Chậm nhất ngày 30/6/2026": [(None, "2026-06-30", "once")],
    "Tháng 12/2025": [(None, "2025-12-31", "once")],
    "Giai đoạn 2026-2030 và những năm tiếp theo.": [("những năm tiếp theo", "2030-12-31", "once")],
    # a day without a year: in the first year of the period
    "Quý I": [(None, "2026-03-31", "once")],
    "Trong năm": [(None, "2026-12-31", "once")],
    "Theo kế hoạch công tác tư pháp hàng năm.": [(None, None, "undated")],
}


@pytest.mark.parametrize(("phrase", "expected"), IN_FIVE_YEARS.items())
def test_phrases_in_a_plan_of_five_years(phrase: str, expected: Expect) -> None:
    assert _shape(parse(phrase, FIVE)) == expected


def test_each_year_of_continuous_work_is_named_by_its_year() -> None:
    named = [(m.name, m.period, m.recurs) for m in parse("Thường xuyên", FIVE)]
    assert named == [(str(y), str(y), True) for y in YEARS]
    # in a one-year plan it stays the item's single end, as before
    (once,) = parse("Thường xuyên", 2024)
    assert (once.name, once.period, once.recurs) == ("hoàn thành", "2024", False)


SINCE_ISSUE = Period(date(2025, 11, 20), date(2027, 6, 30))  # "đến giữa năm 2027", from its issue

IN_A_PERIOD_OF_DAYS: dict[str, list[str]] = {
    "Hằng quý": ["2025-12-31", "2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31",
                 "2027-03-31", "2027-06-30"],
    "Thường xuyên": ["2025-12-31", "2026-12-31", "2027-06-30"],  # the last year: by the plan's end
    "Hằng năm": ["2025-12-31", "2026-12-31", "2027-06-30"],
    "Tháng 12 hằng năm": ["2025-12-31", "2026-12-31"],  # December 2027 is after the plan
    "Trước ngày 15/12 hằng năm": ["2025-12-14", "2026-12-14"],  # 14/12/2027 is after it
    "Quý I": ["2026-03-31"],  # the first one the plan covers
    "Chậm nhất ngày 15/12": ["2025-12-15"],
}  # fmt: skip


@pytest.mark.parametrize(("phrase", "dues"), IN_A_PERIOD_OF_DAYS.items())
def test_phrases_in_a_period_of_days(phrase: str, dues: list[str]) -> None:
    assert [m.due.isoformat() for m in parse(phrase, SINCE_ISSUE) if m.due] == dues


def test_a_recurring_phrase_with_no_occurrence_in_the_period_is_an_error() -> None:
    with pytest.raises(DeadlineError, match="không có kỳ nào trong thời gian từ 02/11/2026"):
        parse("Hằng quý", Period(date(2026, 11, 2), date(2026, 12, 15)))


@given(
    st.integers(1990, 2090),
    st.integers(0, 10),
    st.sampled_from(["Hằng năm", "Hàng năm", "Thường xuyên"]),
)
def test_yearly_work_falls_due_at_the_end_of_every_year_of_the_period(
    first: int, length: int, phrase: str
) -> None:
    years = range(first, first + length + 1)
    milestones = parse(phrase, Period.of_years(first, first + length))
    assert [m.due for m in milestones] == [date(y, 12, 31) for y in years]
    assert [m.period for m in milestones] == [str(y) for y in years]


RECURRING = [
    "Hằng quý", "Định kỳ hàng tháng", "Thường xuyên", "Hằng năm", "Trước ngày 15 hằng tháng",
    "Trước ngày 15/12 hằng năm", "Định kỳ 6 tháng một lần", "Tháng 6 hằng năm",
]  # fmt: skip


@given(
    st.dates(date(1990, 1, 1), date(2094, 12, 31)),
    st.integers(0, 6 * 366),
    st.sampled_from(RECURRING),
)
def test_recurring_days_fall_within_the_period(starts: date, days: int, phrase: str) -> None:
    span = Period(starts, starts + timedelta(days=days))
    try:
        milestones = parse(phrase, span)
    except DeadlineError:
        return  # no occurrence in a short period: said, never an empty item
    dues = [m.due for m in milestones]
    assert dues
    assert all(d is not None and d in span for d in dues)
    assert dues == sorted(set(dues), key=lambda d: d or date.min)


@given(
    st.integers(1990, 2100), st.sampled_from([*PHRASES_1879, *DOMAIN_READINGS, *OTHER_DOCUMENTS])
)
def test_a_one_year_period_reads_as_its_year(year: int, phrase: str) -> None:
    assert parse(phrase, Period.of_years(year)) == parse(phrase, year)
