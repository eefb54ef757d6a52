"""Vietnamese words shown to officials, kept in one place."""

from __future__ import annotations

from datetime import date

KIND = {
    "once": "một lần",
    "recurring": "định kỳ",
    "continuous": "thường xuyên",
    "undated": "không xác định thời hạn",
}
ROLE = {"lead": "chủ trì", "co": "phối hợp"}
LEVEL = {"trung-uong": "Trung ương", "tinh": "tỉnh", "huyen": "huyện", "xa": "xã"}


def vn_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


# Short forms of the official statuses, for narrow table columns; full labels are in status.LABELS.
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
