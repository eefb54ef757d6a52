"""Days as people write them, one reader for the command line and the files: `2024-04-15`,
`15/04/2024`, `15.4.2024`."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
# The years a plan can be about (a plan's `year` has the same bounds): outside them a day is a
# typing mistake, and reports a week or a quarter away would overflow the calendar.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def parse_day(text: str) -> date:
    """The day `text` names; ValueError, with a message for people, when it names none."""
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = m.groups()
    elif m := _VN.match(text):
        d, mo, y = m.groups()
    else:
        raise ValueError(f"{text!r} không phải là ngày; viết 2024-04-15 hoặc 15/04/2024")
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        raise ValueError(f"{text!r}: không có ngày này trên lịch") from None
    check_year(day.year, text)
    return day


def check_year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{text!r}: năm phải từ {FIRST_YEAR} đến {LAST_YEAR}")


def vn_date(day: date | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write a day; a dash for no day."""
    return day.strftime("%d/%m/%Y") if day else "—"
