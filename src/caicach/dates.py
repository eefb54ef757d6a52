"""Days as people write them, one reader for the command line and the files: `2024-04-15`,
`15/04/2024`, `15.4.2024`."""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_day(text: str) -> date:
    """The day `text` names; ValueError, with a message for people, when it names none."""
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = m.groups()
    elif m := _VN.match(text):
        d, mo, y = m.groups()
    else:
        raise ValueError(f"{text!r} is not a date; write 2024-04-15 or 15/04/2024")
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None


def vn_date(day: date | None) -> str:
    """dd/mm/yyyy, as Vietnamese documents write a day; a dash for no day."""
    return day.strftime("%d/%m/%Y") if day else "—"
