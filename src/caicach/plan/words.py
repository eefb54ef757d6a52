"""The Vietnamese words officials read and write, one table per concept: statuses, entry kinds,
milestone kinds, roles, levels. Renderers show these; readers of hand-written files accept them."""

from __future__ import annotations

from typing import Literal

from caicach.text import fold

Status = Literal["dung-han", "tre-han", "trong-han", "qua-han", "khong-xac-dinh", "da-huy"]
EntryKind = Literal["done", "progress", "note", "cancelled", "urged", "reminded"]

STATUS: dict[Status, str] = {
    "dung-han": "Hoàn thành đúng hạn",
    "tre-han": "Hoàn thành trễ hạn",
    "trong-han": "Chưa hoàn thành, trong hạn",
    "qua-han": "Chưa hoàn thành, quá hạn",
    "khong-xac-dinh": "Không xác định thời hạn",
    "da-huy": "Đã hủy theo quyết định điều chỉnh",
}
# Short forms for narrow table columns; the third box split by whether progress was reported.
SHORT_STATUS = {
    "dung-han": "Đúng hạn",
    "tre-han": "Trễ hạn",
    "trong-han": "Trong hạn",
    "dang-thuc-hien": "Đang thực hiện",
    "chua-thuc-hien": "Chưa thực hiện",
    "qua-han": "Quá hạn",
    "khong-xac-dinh": "Không xác định",
    "da-huy": "Đã hủy",
}

# The rates, one definition each (README, "Rates"): of the items due by the day assessed (their
# last milestone in force is due, or one is overdue), the share completed, completed on time, and
# overdue. Every table, sheet and page labels them with these words.
RATE_LABELS = {
    "completion": "Tỷ lệ HT / đã đến hạn",
    "on_time": "Tỷ lệ HT đúng hạn / đã đến hạn",
    "overdue": "Tỷ lệ quá hạn / đã đến hạn",
}
RATE_NOTE = (
    "Tỷ lệ tính trên số nhiệm vụ đã đến hạn (mốc cuối còn hiệu lực đã đến hạn, hoặc có mốc quá "
    "hạn): HT = hoàn thành (đúng hạn và trễ hạn)."
)

# One share in the agencies × items matrix; overdue cells add the days ("✗ 12").
MATRIX_MARK: dict[Status, str] = {
    "dung-han": "✓",
    "tre-han": "✓ trễ",
    "trong-han": "○",
    "qua-han": "✗",
    "khong-xac-dinh": "?",
    "da-huy": "hủy",
}
MATRIX_LEGEND = (
    "✓ hoàn thành đúng hạn; ✓ trễ: hoàn thành trễ hạn; ✗ N: quá hạn N ngày; ○ chưa đến hạn; "
    "?: không xác định thời hạn; hủy: đã hủy; —: không được giao"
)

ENTRY_KIND: dict[EntryKind, str] = {
    "done": "hoàn thành",
    "progress": "tiến độ",
    "note": "ghi chú",
    "cancelled": "hủy",
    "urged": "đôn đốc",
    "reminded": "nhắc hạn",  # a reminder sent by e-mail (caicach remind --send)
}
# What a hand-written log may say for `kind`, folded (no case, no diacritics).
_ENTRY_KIND_INPUT: dict[str, EntryKind] = {
    **{fold(label): kind for kind, label in ENTRY_KIND.items()},
    "da hoan thanh": "done",
    "xong": "done",
    "dang thuc hien": "progress",
    "da huy": "cancelled",
    "bai bo": "cancelled",
}


def entry_kind(text: str) -> str:
    """`hoàn thành` → `done`; anything else is returned as it is, for the model to refuse."""
    return _ENTRY_KIND_INPUT.get(fold(text).replace("-", " "), text)


MILESTONE_KIND = {
    "once": "một lần",
    "recurring": "định kỳ",
    "continuous": "thường xuyên",
    "undated": "không xác định thời hạn",
}
ROLE = {"lead": "chủ trì", "co": "phối hợp"}
LEVEL = {"trung-uong": "Trung ương", "tinh": "tỉnh", "huyen": "huyện", "xa": "xã"}
