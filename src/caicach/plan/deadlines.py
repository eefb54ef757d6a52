"""Reading a Vietnamese deadline phrase ("Thời gian thực hiện") into milestones. Pure: no I/O.

A phrase is split into clauses on ";". In each clause, time expressions are found by a table of
patterns (matched on a case- and diacritic-folded copy, so spans fit the original text); the words
around an expression become its label ("Quý I năm 2024 ban hành kế hoạch" → 31/03, "ban hành kế
hoạch"). A clause without a time expression either says why it has no date ("theo quy định",
"định kỳ báo cáo", "Theo Kế hoạch số …") or is an error the plan author must resolve.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from caicach.plan.milestone import Kind, Milestone
from caicach.plan.period import Period
from caicach.text import clean, fold_chars


class DeadlineError(ValueError):
    """The phrase has a clause that names no readable date and no reason for lacking one."""


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


def monthly(year: int) -> list[tuple[date, str]]:
    """The 12 month-ends of a year, each computed from its own month (never by adding months)."""
    return [(month_end(year, m), f"{year}-{m:02d}") for m in range(1, 13)]


def quarterly(year: int) -> list[tuple[date, str]]:
    return [(quarter_end(year, q), f"{year}-Q{q}") for q in range(1, 5)]


# --- the table of time expressions -------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?P<year>\d{4})"
# "năm 2024", ", năm 2024", "/2024": the year after a month or quarter.
_TAIL_YEAR = rf"(?:\s*,?\s*nam\s+{_YEAR}|\s*[/-]\s*{_YEAR.replace('year', 'year2')})?(?![\w/])"
_WITHIN = r"(?:hoan thanh\s+)?(?:(?:trong|vao|truoc|den het|het|cuoi)\s+)?"
# "chậm nhất (là) ngày", "trước ngày" (strictly before), "đến ngày" … in front of a date.
_PREFIX = (
    r"(?:hoan thanh\s+)?"
    r"(?:(?P<before>truoc)\s+"
    r"|(?:cham nhat|han chot|han cuoi)(?:\s+(?:la|den|vao|truoc))?\s+"
    r"|(?:den|vao|trong)\s+)?"
)
_DAY_MONTH = r"(?P<day>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<month>\d{1,2})"


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    milestones: list[tuple[date, Kind, str | None]]


Dues = list[tuple[date, Kind, str | None]]
Handler = Callable[["re.Match[str]", Period], Dues]


def _written_year(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    raw = groups.get("year") or groups.get("year2")
    return int(raw) if raw else None


def _day(y: int, mo: int, d: int) -> date:
    try:
        return date(y, mo, d)
    except ValueError:
        raise DeadlineError(f"ngày không tồn tại: {d:02d}/{mo:02d}/{y}") from None


def _once(m: re.Match[str], span: Period, day_in: Callable[[int], date]) -> Dues:
    """One day: in the year written, else in the plan's first year whose day is not before the
    plan starts (a one-year plan's own year)."""
    written = _written_year(m)
    if written is not None:
        return [(day_in(written), "once", None)]
    for year in span.years:
        if (day := day_in(year)) >= span.starts:
            return [(day, "once", None)]
    return [(day_in(span.starts.year), "once", None)]


def _each(
    m: re.Match[str], span: Period, per_year: Callable[[int], Dues], by_end: bool = False
) -> Dues:
    """Recurring days: those of the year written, else those of every year of the plan that fall
    within it. With `by_end` (a year's work), the last year's is due by the plan's end when that
    comes before the year's."""
    written = _written_year(m)
    if written is not None:
        return per_year(written)
    dues: Dues = []
    for year in span.years:
        for due, kind, period in per_year(year):
            if by_end and year == span.ends.year and due > span.ends:
                due = span.ends
            if due in span:
                dues.append((due, kind, period))
    if not dues:
        raise DeadlineError(f"thời hạn định kỳ không có kỳ nào trong thời gian {span.text}")
    return dues


def _on_date(m: re.Match[str], span: Period) -> Dues:
    shift = timedelta(days=1 if m["before"] else 0)  # "trước ngày 30/10" means due 29/10
    return _once(m, span, lambda y: _day(y, int(m["month"]), int(m["day"])) - shift)


def _month(m: re.Match[str]) -> int:
    month = int(m["month"])
    if not 1 <= month <= 12:
        raise DeadlineError(f"tháng không tồn tại: {month}")
    return month


def _in_month(m: re.Match[str], span: Period) -> Dues:
    month = _month(m)
    return _once(m, span, lambda y: month_end(y, month))


def _month_each_year(m: re.Match[str], span: Period) -> Dues:
    month = _month(m)
    return _each(m, span, lambda y: [(month_end(y, month), "recurring", str(y))])


def _day_each_year(m: re.Match[str], span: Period) -> Dues:
    """ "(trước) ngày 15/12 hằng năm": that day of every year of the plan."""
    shift = timedelta(days=1 if m["before"] else 0)
    month, day = _month(m), int(m["day"])
    return _each(m, span, lambda y: [(_day(y, month, day) - shift, "recurring", str(y))])


def _in_quarter(m: re.Match[str], span: Period) -> Dues:
    return _once(m, span, lambda y: quarter_end(y, _ROMAN[m["q"]]))


def _half(m: re.Match[str], span: Period) -> Dues:
    month = 6 if m["half"] == "dau" else 12
    return _once(m, span, lambda y: month_end(y, month))


def _in_year(m: re.Match[str], span: Period) -> Dues:
    return _once(m, span, lambda y: date(y, 12, 31))


def _continuous(m: re.Match[str], span: Period) -> Dues:
    """Continuous work is assessed at the end of each year of the plan (DOMAIN.md)."""
    return _each(m, span, lambda y: [(date(y, 12, 31), "continuous", str(y))], by_end=True)


def _day_each_month(m: re.Match[str], span: Period) -> Dues:
    """ "(trước) ngày 15 hằng tháng": that day of every month (the last day in a shorter month)."""
    day = int(m["day"])
    if not 1 <= day <= 31:
        raise DeadlineError(f"ngày không tồn tại: {day}")
    shift = timedelta(days=1 if m["before"] else 0)

    def per_year(year: int) -> Dues:
        return [
            (date(year, end.month, min(day, end.day)) - shift, "recurring", period)
            for end, period in monthly(year)
        ]

    return _each(m, span, per_year)


def _each_half(m: re.Match[str], span: Period) -> Dues:
    def per_year(year: int) -> Dues:
        return [
            (month_end(year, 6), "recurring", f"{year}-H1"),
            (month_end(year, 12), "recurring", f"{year}-H2"),
        ]

    return _each(m, span, per_year)


def _each_year(m: re.Match[str], span: Period) -> Dues:
    return _each(m, span, lambda y: [(date(y, 12, 31), "recurring", str(y))], by_end=True)


def _each_month(m: re.Match[str], span: Period) -> Dues:
    return _each(m, span, lambda y: [(due, "recurring", p) for due, p in monthly(y)])


def _each_quarter(m: re.Match[str], span: Period) -> Dues:
    return _each(m, span, lambda y: [(due, "recurring", p) for due, p in quarterly(y)])


_IN_YEAR = rf"(?:\s+trong\s+nam(?:\s+{_YEAR})?)?"

# Order matters: earlier patterns claim their text first ("hàng tháng" before "tháng 12").
PATTERNS: tuple[tuple[str, re.Pattern[str], Handler], ...] = tuple(
    (name, re.compile(r"(?<![\w])" + rx), handler)
    for name, rx, handler in [
        (
            "ngày … hằng tháng",
            rf"{_PREFIX}ngay\s+(?P<day>\d{{1,2}})\s+hang\s+thang{_IN_YEAR}(?![\w])",
            _day_each_month,
        ),
        ("hằng tháng", rf"(?:dinh ky\s+)?hang\s+thang{_IN_YEAR}(?![\w])", _each_month),
        (
            "6 tháng một lần",
            rf"(?:dinh ky|hang)\s+0?6\s+thang(?:\s+mot\s+lan)?{_IN_YEAR}(?![\w])",
            _each_half,
        ),
        (
            "ngày … hằng năm",  # "trước ngày 15/12 hằng năm": that day of each year
            rf"{_PREFIX}ngay\s+{_DAY_MONTH}\s+(?:hang|moi)\s+nam(?![\w])",
            _day_each_year,
        ),
        (
            "ngày … tháng … hằng năm",
            rf"{_PREFIX}ngay\s+(?P<day>\d{{1,2}})\s+thang\s+(?P<month>\d{{1,2}})\s+(?:hang|moi)\s+nam"
            r"(?![\w])",
            _day_each_year,
        ),
        (
            "hằng năm, trước ngày …",
            rf"(?:dinh ky\s+)?hang\s+nam\s*,?\s*{_PREFIX}ngay\s+{_DAY_MONTH}(?![\w/.])",
            _day_each_year,
        ),
        (
            "tháng … hằng năm",  # this year's occurrence of a yearly month
            rf"{_WITHIN}thang\s+(?P<month>\d{{1,2}})\s+(?:hang|moi)\s+nam(?![\w])",
            _month_each_year,
        ),
        ("hằng năm", rf"(?:dinh ky\s+)?hang\s+nam(?:\s+{_YEAR})?(?![\w])", _each_year),
        (
            "giai đoạn",
            # only as the whole time of a clause: "theo Kế hoạch … giai đoạn 2022 - 2025" is a title
            rf"^(?:(?:trong|den het|den)\s+)?(?:giai doan|nam)\s+\d{{4}}\s*[-–]\s*{_YEAR}(?![\w])",
            _in_year,
        ),
        (
            "yyyy-mm-dd",
            rf"{_PREFIX}(?:ngay\s+)?{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?![\w/])",
            _on_date,
        ),
        ("hằng quý", rf"(?:dinh ky\s+)?hang\s+quy{_IN_YEAR}(?![\w])", _each_quarter),
        (
            "ngày … tháng … năm …",
            rf"{_PREFIX}ngay\s+(?P<day>\d{{1,2}})\s+thang\s+(?P<month>\d{{1,2}})"
            rf"(?:\s*,?\s+nam\s+{_YEAR})?(?![\w/])",
            _on_date,
        ),
        (
            "dd/mm/yyyy",
            rf"{_PREFIX}(?:ngay\s+)?(?<![\w/.]){_DAY_MONTH}\s*(?P=sep)\s*{_YEAR}(?![\w/])",
            _on_date,
        ),
        ("ngày dd/mm", rf"{_PREFIX}ngay\s+{_DAY_MONTH}(?![\w/.])", _on_date),
        (
            "6 tháng",
            rf"{_WITHIN}0?6\s+thang\s+(?P<half>dau|cuoi)\s+nam(?:\s+{_YEAR})?(?![\w])",
            _half,
        ),
        ("quý", rf"{_WITHIN}qu[yi]\s+(?P<q>iv|iii|ii|i|[1-4]){_TAIL_YEAR}", _in_quarter),
        (
            "tháng … - …",  # "Tháng 11 - 12/2025": a span of months ends with the last
            rf"{_WITHIN}thang\s+\d{{1,2}}\s*[-–]\s*(?P<month>\d{{1,2}}){_TAIL_YEAR}",
            _in_month,
        ),
        ("tháng", rf"{_WITHIN}thang\s+(?P<month>\d{{1,2}}){_TAIL_YEAR}", _in_month),
        ("thường xuyên", rf"thuong xuyen(?:\s+trong\s+nam(?:\s+{_YEAR})?)?(?![\w])", _continuous),
        (
            "trong năm",
            rf"(?:hoan thanh\s+)?(?:trong|cuoi|den het|den|het)\s+nam(?:\s+{_YEAR})?(?![\w])",
            _in_year,
        ),
        (
            "năm",  # "Năm 2026", "Năm 2026 và các năm tiếp theo": the first year is the due one
            rf"^nam\s+{_YEAR}(?=$|\s+va\s+(?:cac|nhung)\s+nam\s+(?:tiep theo|sau))",
            _in_year,
        ),
        ("yyyy", rf"^{_YEAR}$", _in_year),
    ]
)

# A cited document ("Quyết định số 1648/QĐ-UBND ngày 30/11/2022") has a date that is no deadline.
_DOCUMENT_REF = re.compile(
    r"(?<![\w/])\d+(?:-[a-z]+)?/(?:\d{4}/)?[a-z][\w-]*"
    r"(?:\s+ngay\s+\d{1,2}\s*[/.]\s*\d{1,2}\s*[/.]\s*\d{4}"
    r"|\s+ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})?"
)
# Why a clause with no date has none.
_NO_DATE_REASONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^theo\s"), "theo văn bản dẫn chiếu, không có ngày cụ thể"),
    (re.compile(r"\bdinh ky\b"), "báo cáo định kỳ theo quy định, không có ngày riêng"),
    (re.compile(r"\btheo (?:quy dinh|yeu cau|huong dan)\b"), "theo quy định, không có ngày cụ thể"),
    (re.compile(r"\bsau (?:khi )?\w"), "tính từ một sự việc («sau …»), không có ngày cụ thể"),
    (
        re.compile(r"\btrong (?:thoi han|vong) \d+ (?:ngay|tuan|thang)"),
        "tính từ một sự việc («trong thời hạn …»), không có ngày cụ thể",
    ),
)
_CLAUSE_SPLIT = re.compile(r";(?![^()]*\))")
_JOINERS = re.compile(r"^(?:va|roi|,|;|:|-|\s)+|(?:\s|,|;|:|-|\bva)+$")
_TRIM = " ,.;:-–"


UNSTATED = "văn bản không nêu thời hạn"


@functools.lru_cache(maxsize=1024)  # plans repeat phrases ("Thường xuyên trong năm 2024.")
def parse(text: str, period: Period | int) -> tuple[Milestone, ...]:
    """Milestones of a deadline phrase in the plan's `period` (a year, for a one-year plan): a
    phrase without a year is read in it, a recurring one ("hằng năm") recurs in each year."""
    span = _span(period)
    return tuple(m for clause in _clauses(text) for m in _parse_clause(clause, span))


def read_leniently(
    text: str, period: Period | int
) -> tuple[tuple[Milestone, ...], tuple[str, ...]]:
    """Like `parse`, but a clause it cannot date becomes an undated milestone (labelled with the
    clause, the reason `UNSTATED`) instead of an error; those clauses are returned too."""
    span = _span(period)
    milestones: list[Milestone] = []
    unreadable: list[str] = []
    for clause in _clauses(text):
        try:
            milestones.extend(_parse_clause(clause, span))
        except DeadlineError:
            milestones.append(Milestone(clause, None, "undated", note=UNSTATED))
            unreadable.append(clause)
    return tuple(milestones), tuple(unreadable)


def _span(period: Period | int) -> Period:
    return Period.of_years(period) if isinstance(period, int) else period


def _clauses(text: str) -> list[str]:
    phrase = clean(text).rstrip(_TRIM)
    if not phrase:
        raise DeadlineError("thời hạn trống")
    return [c.strip(_TRIM) for c in _CLAUSE_SPLIT.split(phrase) if c.strip(_TRIM)]


_UNTIL_EVENT = re.compile(r"\b(?:den khi|cho den khi|den luc)\b")
_START_ONLY = re.compile(r"(?:bat dau\s+)?(?:ke\s+)?tu")
STARTS_ONLY = "chỉ nêu thời điểm bắt đầu, không có hạn hoàn thành"
UNTIL_EVENT = "kéo dài đến một sự việc («đến khi …»), không có ngày cụ thể"


def _parse_clause(clause: str, span: Period) -> list[Milestone]:
    folded = fold_chars(clause)
    if folded.startswith("theo "):
        return [Milestone(None, None, "undated", note=clause)]
    masked = _DOCUMENT_REF.sub(lambda m: "#" * len(m[0]), folded)
    if _UNTIL_EVENT.search(masked):  # "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê"
        return [Milestone(clause, None, "undated", note=UNTIL_EVENT)]
    found = _merge_ranges(masked, list(_find(masked, span)))
    if not found:
        return [_undated(clause, masked)]
    if len(found) == 1 and _START_ONLY.fullmatch(masked[: found[0].start].strip()):
        return [Milestone(clause, None, "undated", note=STARTS_ONLY)]  # "Từ 01/7/2025"
    labels = _labels(clause, found)
    seen: set[date] = set()
    milestones = []
    for f, (label, note) in zip(found, labels, strict=True):
        # continuous work over several years: one assessment a year, each named by its year
        repeats = sum(kind == "continuous" for _, kind, _ in f.milestones) > 1
        for due, kind, period in f.milestones:
            if kind != "once" and due in seen:
                continue  # "Thường xuyên, hằng năm": one end of the year, said twice
            seen.add(due)
            milestones.append(Milestone(label, due, kind, period, note, repeats))
    return milestones


def _undated(clause: str, masked: str) -> Milestone:
    for rx, reason in _NO_DATE_REASONS:
        if rx.search(masked):
            return Milestone(clause, None, "undated", note=reason)
    raise DeadlineError(
        f"không đọc được thời hạn trong «{clause}»: cần một ngày, tháng, quý, năm hoặc lý do "
        "(theo quy định, định kỳ …); có thể ghi rõ `milestones:` cho nhiệm vụ"
    )


# Patterns tried only when the clause says "hằng năm": each costs a scan of every clause.
_YEARLY_DAYS = {"ngày … hằng năm", "ngày … tháng … hằng năm", "hằng năm, trước ngày …"}
_YEARLY = re.compile(r"\b(?:hang|moi) nam\b")


def _find(masked: str, span: Period) -> Iterator[_Found]:
    taken = masked
    hits: list[_Found] = []
    yearly = _YEARLY.search(masked) is not None
    for name, rx, handler in PATTERNS:
        if name in _YEARLY_DAYS and not yearly:
            continue
        for m in rx.finditer(taken):
            if not m[0].strip():
                continue
            hits.append(_Found(m.start(), m.end(), handler(m, span)))
            taken = taken[: m.start()] + "\0" * (m.end() - m.start()) + taken[m.end() :]
    return iter(sorted(hits, key=lambda f: f.start))


_RANGE_JOIN = re.compile(r"^\s*(?:den het|den|toi|-|–)?\s*$")
_RANGE_START = re.compile(r"\btu\s*$")


def _merge_ranges(masked: str, found: list[_Found]) -> list[_Found]:
    """ "từ tháng 1 đến tháng 6 năm 2024" is one deadline: the end of the range; and
    "Quý III (chậm nhất ngày 15/9)" is one too: the day in brackets, more precise."""
    merged: list[_Found] = []
    for f in found:
        between = masked[merged[-1].end : f.start] if merged else ""
        if merged and between.strip() == "(":
            close = masked.find(")", f.end)
            end = close + 1 if close >= 0 and not masked[f.end : close].strip() else f.end
            merged[-1] = _Found(merged[-1].start, end, f.milestones)
            continue
        if merged and _RANGE_JOIN.match(between):
            start = _RANGE_START.search(masked[: merged[-1].start])
            if start:
                merged[-1] = _Found(start.start(), f.end, f.milestones)
                continue
        merged.append(f)
    return merged


def _labels(clause: str, found: list[_Found]) -> list[tuple[str | None, str | None]]:
    """Give the words around each time expression to it: before the first, after the last,
    and between two, split at the last "và" or comma (all to the left one if there is none)."""
    parts: list[list[str]] = [[] for _ in found]
    parts[0].append(clause[: found[0].start])
    for i in range(len(found) - 1):
        between = clause[found[i].end : found[i + 1].start]
        left, right = _split_between(between)
        parts[i].append(left)
        parts[i + 1].insert(0, right)
    tail = clause[found[-1].end :]
    result: list[tuple[str | None, str | None]] = []
    for i, pieces in enumerate(parts):
        note = None
        if i == len(found) - 1:
            tail_clean = _tidy(tail)
            if tail_clean and (fold_chars(tail_clean).startswith("theo ") or tail_clean[0] == "("):
                note = tail_clean.strip("()")
            else:
                pieces.append(tail)
        label = _tidy(" ".join(p.strip() for p in pieces if p.strip()))
        result.append((label or None, note))
    return result


def _split_between(between: str) -> tuple[str, str]:
    folded = fold_chars(between)
    cut = max(folded.rfind(" va "), folded.rfind(", "))
    if cut < 0:
        return between, ""
    return between[:cut], between[cut + 1 :]


def _tidy(text: str) -> str:
    folded = fold_chars(text)
    m = _JOINERS.search(folded)
    start = m.end() if m and m.start() == 0 else 0
    end_match = re.search(r"(?:\s|,|;|:|-|\bva)+$", folded)
    end = end_match.start() if end_match else len(text)
    return text[start:end].strip(_TRIM) if start < end else ""
