"""The sentences of an urging notice, shared by the Word and the text forms: one wording."""

from __future__ import annotations

import functools
from datetime import date

from caicach.dates import vn_date
from caicach.plan.items import TrackedItem
from caicach.tracking.notice import Combined, Notice, Owed
from caicach.tracking.status import MilestoneStatus

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TABLE_HEAD = ("STT", "Nhiệm vụ", "Thời hạn", "Số ngày quá hạn", "Đôn đốc")
SOON_HEAD = ("STT", "Nhiệm vụ", "Thời hạn", "Còn (ngày)", "Đôn đốc")


def place_and_date(place: str, day: date) -> str:
    """`Quảng Ngãi, ngày 05 tháng 02 năm 2024`: two digits for days below 10 and for months 1
    and 2, as Nghị định 30/2020/NĐ-CP asks."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def subject(n: Notice | Combined) -> str:
    again = f" (lần {n.round})" if isinstance(n, Notice) and n.round > 1 else ""
    return f"V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính năm {n.year}{again}"


def _cited(n: Notice | Combined) -> str:
    return "; ".join(
        f"{_kind(p.number)} {p.number} ngày {vn_date(p.date)} của {p.issuer} ban hành "
        f"{_lower_first(p.title)}"
        for p in n.plans
    )


def opening(n: Notice) -> str:
    where = f"tính đến ngày {vn_date(n.day)}"
    if not n.overdue:
        return (
            f"Thực hiện {_cited(n)}; qua theo dõi, {where}, {n.addressee} không có nhiệm vụ quá "
            "hạn."
        )
    return (
        f"Thực hiện {_cited(n)}; qua theo dõi, {where}, {n.addressee} còn {len(n.overdue)} "
        "nhiệm vụ đã quá hạn nhưng chưa báo cáo kết quả hoàn thành, cụ thể như sau:"
    )


def opening_all(c: Combined) -> str:
    """The totals: how many agencies, how many late items, where they are listed."""
    soon = sum(len(n.due_soon) for n in c.notices)
    coming = f"; {soon} nhiệm vụ sẽ đến hạn trong {c.notices[0].within} ngày tới" if soon else ""
    return (
        f"Thực hiện {_cited(c)}; qua theo dõi, tính đến ngày {vn_date(c.day)}, có "
        f"{c.late_agencies:02d} cơ quan, đơn vị còn {c.late_items:02d} nhiệm vụ đã quá hạn nhưng "
        f"chưa báo cáo kết quả hoàn thành{coming} (chi tiết tại Phụ lục kèm theo)."
    )


def soon_intro(n: Notice) -> str:
    return f"Các nhiệm vụ sẽ đến hạn trong {n.within} ngày tới:"


def closing(n: Notice | Combined) -> str:
    who = n.addressee if isinstance(n, Notice) else "các cơ quan, đơn vị có tên tại Phụ lục"
    office = n.office
    return (
        f"{office.name} đề nghị {who} {office.request} về {office.name} trước ngày "
        f"{vn_date(n.reply_by)} {office.purpose}./."
    )


def annex_title(c: Combined) -> tuple[str, str, str]:
    return (
        "PHỤ LỤC",
        "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÁ HẠN CHƯA HOÀN THÀNH",
        f"(Kèm theo Công văn số {c.code} ngày {vn_date(c.day)} của {c.office.name})",
    )


def group_title(k: int, n: Notice) -> str:
    """`I. SỞ TƯ PHÁP (03 nhiệm vụ)`: an agency heading its rows in the phụ lục."""
    count = len(n.overdue) + len(n.due_soon)
    return f"{roman(k)}. {n.addressee.upper()} ({count:02d} nhiệm vụ)"


def roman(k: int) -> str:
    out = ""
    for value, mark in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while k >= value:
            out, k = out + mark, k - value
    return out


def overdue_row(k: int, o: Owed, many: bool = False) -> tuple[str, ...]:
    """STT, nhiệm vụ (cited as the decision prints it), thời hạn, số ngày quá hạn, lần đôn đốc."""
    return (str(k), _task(o, many), _due(o), str(o.days_overdue), _rounds(o))


def soon_row(k: int, o: Owed, day: date, many: bool = False) -> tuple[str, ...]:
    left = (o.due - day).days if o.due else 0
    return (str(k), _task(o, many), _due(o), str(left), _rounds(o))


_ORDINAL = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")


def citation(item: TrackedItem) -> str:
    """The item as the decision prints it: `điểm đ khoản 1 Mục II`, the printed number of its area
    (two areas printed «7.» are told apart by the title), `gạch đầu dòng thứ nhất điểm k
    khoản 2` for a sub-task. An id of another shape is cited as it is."""
    parts = item.id.split(".")
    if len(parts) not in (2, 3) or not parts[1].isalpha():
        return item.id
    number = item.area.printed.rstrip(". ")
    cited = f"điểm {parts[1]} khoản {number}"
    if len(parts) == 3 and parts[2].isdigit() and 0 < int(parts[2]) <= len(_ORDINAL):
        cited = f"gạch đầu dòng thứ {_ORDINAL[int(parts[2]) - 1]} {cited}"
    if item.plan.items_in:
        cited += f" {item.plan.items_in}"
    if str(item.area.id) != number:
        cited += f" ({item.area.title})"
    return cited


def period_words(period: str) -> str:
    """`tháng 01/2024`, `quý I/2024`, `năm 2024`: a recurring milestone as an official writes it."""
    year, _, part = period.partition("-")
    if not part:
        return f"năm {year}"
    if part[:1] in "Qq" and part[1:] in ("1", "2", "3", "4"):
        return f"quý {('I', 'II', 'III', 'IV')[int(part[1:]) - 1]}/{year}"
    if part.isdigit():
        return f"tháng {int(part):02d}/{year}"
    return period


def milestone_words(m: MilestoneStatus, several: bool) -> str:
    """A milestone in words: its period for a recurring one, else its day, named by its label
    when the item has several."""
    ms = m.milestone
    if ms.recurs and ms.period:
        return period_words(ms.period)
    day = _day(ms.due)
    return f"{ms.label}: {day}" if several and ms.label else day


# a due day in words, made once per day: 61,927 rows of 113 notices name a few hundred days
_day = functools.lru_cache(maxsize=1 << 12)(vn_date)


def recipients(n: Notice | Combined) -> list[str]:
    """`- Như trên;` … `- Lưu: VT, CCHC.`"""
    return ["- Như trên;", *(f"- {r};" for r in n.office.recipients), f"- Lưu: {n.office.archive}."]


def _task(o: Owed, many: bool) -> str:
    """`Điểm đ khoản 1 (QĐ 1879): <task>`: the plan named when the notice cites several."""
    cited = citation(o.item)
    if many:
        cited += f" ({_short(o.item.plan.number)})"
    task = o.item.task if o.passed is None else f"{o.item.task} ({o.passed})"
    return f"{cited[:1].upper()}{cited[1:]}: {task}"


def _short(number: str) -> str:
    """`QĐ 1879` for 1879/QĐ-UBND: short enough beside the point it cites."""
    n, _, kind = number.partition("/")
    return f"{kind.split('-')[0]} {n}" if kind else n


def _due(o: Owed) -> str:
    several = len(o.item.milestones) > 1
    return "; ".join(milestone_words(m, several) for m in o.milestones)


def _rounds(o: Owed) -> str:
    """`lần 2`, or per milestone when they differ: `lần 2 (tháng 01/2024); lần 1 (…)`."""
    if len(set(o.rounds)) <= 1:
        return f"lần {o.round}"
    several = len(o.item.milestones) > 1
    return "; ".join(
        f"lần {r} ({milestone_words(m, several)})"
        for r, m in zip(o.rounds, o.milestones, strict=True)
    )


def _kind(number: str) -> str:
    """What a document's number says it is: 1879/QĐ-UBND is a Quyết định."""
    for mark, kind in (
        ("/QĐ-", "Quyết định số"),
        ("/KH-", "Kế hoạch số"),
        ("/TB-", "Thông báo số"),
    ):
        if mark in number:
            return kind
    return "văn bản số"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
