"""The sentences of an urging notice, shared by the Word and the text forms: one wording."""

from __future__ import annotations

from datetime import date

from caicach.dates import vn_date
from caicach.tracking.notice import Notice, Owed

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
TABLE_HEAD = ("STT", "Mã", "Nhiệm vụ", "Hạn", "Số ngày quá hạn", "Đôn đốc")
SOON_HEAD = ("STT", "Mã", "Nhiệm vụ", "Hạn", "Còn (ngày)", "Đôn đốc")


def place_and_date(place: str, day: date) -> str:
    """`Quảng Ngãi, ngày 05 tháng 02 năm 2024`: two digits for days below 10 and for months 1
    and 2, as Nghị định 30/2020/NĐ-CP asks."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def subject(n: Notice) -> str:
    again = f" (lần {n.round})" if n.round > 1 else ""
    return f"V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính năm {n.year}{again}"


def opening(n: Notice) -> str:
    cited = "; ".join(
        f"{_kind(p.number)} {p.number} ngày {vn_date(p.date)} của {p.issuer} ban hành "
        f"{_lower_first(p.title)}"
        for p in n.plans
    )
    where = f"tính đến ngày {vn_date(n.day)}"
    if not n.overdue:
        return (
            f"Thực hiện {cited}; qua theo dõi, {where}, {n.agency_name} không có nhiệm vụ quá hạn."
        )
    return (
        f"Thực hiện {cited}; qua theo dõi, {where}, {n.agency_name} còn {len(n.overdue)} nhiệm "
        "vụ đã quá hạn nhưng chưa báo cáo kết quả hoàn thành, cụ thể như sau:"
    )


def soon_intro(n: Notice) -> str:
    return f"Các nhiệm vụ sẽ đến hạn trong {n.within} ngày tới:"


def closing(n: Notice) -> str:
    return (
        f"{n.office.name} đề nghị {n.agency_name} khẩn trương thực hiện các nhiệm vụ nêu trên và "
        f"báo cáo kết quả (kèm văn bản minh chứng) về {n.office.name} trước ngày "
        f"{vn_date(n.reply_by)} để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định./."
    )


def overdue_row(k: int, o: Owed, many: bool = False) -> tuple[str, ...]:
    """STT, mã, nhiệm vụ, hạn (the earliest missed), số ngày quá hạn, lần đôn đốc."""
    return (str(k), _id(o, many), _task(o), _due(o), str(o.days_overdue), f"lần {o.round}")


def soon_row(k: int, o: Owed, day: date, many: bool = False) -> tuple[str, ...]:
    left = (o.due - day).days if o.due else 0
    return (str(k), _id(o, many), _task(o), _due(o), str(left), f"lần {o.round}")


def _id(o: Owed, many: bool) -> str:
    """A notice citing several plans says whose 4.d a row is, by the number it cites, short
    enough for the narrow Mã column ("4.d (TB 185)", not "185/TB-UBND" broken over five lines)."""
    if not many:
        return o.item.id
    number, _, kind = o.item.plan.number.partition("/")
    short = f"{kind.split('-')[0]} {number}" if kind else number
    return f"{o.item.id} ({short})"


def _due(o: Owed) -> str:
    count = f" ({len(o.milestones)} mốc)" if len(o.milestones) > 1 else ""
    return vn_date(o.due) + count


def recipients(n: Notice) -> list[str]:
    """`- Như trên;` … `- Lưu: VT, CCHC.`"""
    return ["- Như trên;", *(f"- {r};" for r in n.office.recipients), f"- Lưu: {n.office.archive}."]


def _task(o: Owed) -> str:
    task = o.item.task if o.passed is None else f"{o.item.task} ({o.passed})"
    if len(o.item.milestones) == 1:
        return task
    return f"{task} (mốc: {', '.join(m.milestone.name for m in o.milestones)})"


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
