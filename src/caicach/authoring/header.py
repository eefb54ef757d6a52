"""A decision's header: its number, date, issuer, title, year or period, signer, legal bases."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from caicach.authoring.sources import Line
from caicach.authoring.title_period import title_years
from caicach.plan.period import Period


def header(lines: list[Line]) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    text = "\n".join(line.text for line in lines)
    warnings: list[tuple[int, str]] = []
    info: dict[str, Any] = {}
    top: dict[str, Any] = {}
    _letterhead(lines, top)  # "Số: …", "<place>, ngày …" at the top of the document
    attached = re.search(
        r"(?:kèm theo|ban hành kèm)[^\n]*?Quyết định số:? (\S+) ngày "
        r"(\d{1,2})/(\d{1,2})/(\d{4})(?: của ([^)\n]+))?",
        text,
    )
    # A plan attached to a decision names the decision; a document with its own number at the
    # top may cite other decisions "kèm theo" in its text: those are not its own.
    if attached and top.get("number", attached[1]) == attached[1]:
        info["number"] = attached[1]
        info["date"] = date(int(attached[4]), int(attached[3]), int(attached[2]))
        if attached[5]:
            info["issuer"] = attached[5].strip()
    title = re.search(r"Ban hành kèm theo Quyết định này (.+?)\.?\n", text)
    if title:
        info["title"] = title[1].strip()
    for key, value in top.items():
        info.setdefault(key, value)
    if "number" not in info and (named := _APPENDIX_OF.search(text)):
        # no letterhead: the appendix names its document ("Kèm theo Công văn số 12/CV-BCĐ …")
        try:
            info["date"] = date(int(named[4]), int(named[3]), int(named[2]))
        except ValueError:
            pass
        else:
            info["number"] = named[1].rstrip(".,;")
            info.setdefault("issuer", named[5].strip())
    _time(info)
    signer = _signer(lines)
    if signer:
        info["signer"] = signer
    info["based_on"] = [
        line.text.removeprefix("Căn cứ ").rstrip(";.")
        for line in lines
        if line.text.startswith(("Căn cứ ", "Theo đề nghị"))
    ]
    number = re.match(r"(\d+)(?:/(KH|QĐ|TB|CT))?", info.get("number", ""))
    issued = info["date"].year if isinstance(info.get("date"), date) else None
    if number and (year := info.get("year", issued)):
        kind = {"KH": "kh", "TB": "tb", "CT": "ct"}.get(number[2] or "", "qd")
        info["id"] = f"{kind}-{number[1]}-{year}"  # a plan of several years: the year of issue
    for key in ("id", "number", "date", "issuer", "year", "title"):
        if key not in info and not (key == "year" and "period" in info):
            warnings.append((1, f"không tìm thấy {key} của văn bản; hãy điền tay"))
    order = ("id", "number", "date", "issuer", "signer", "period", "year", "title", "based_on")
    return {k: info[k] for k in order if k in info}, warnings


def _time(info: dict[str, Any]) -> None:
    """`year` for a one-year plan, `period` for several (from the title). A title that says
    nothing gives the year of issue; "đến năm 2030" with no day of issue, 2030 (as before)."""
    said = title_years(info.get("title", ""))
    issued = info.get("date") if isinstance(info.get("date"), date) else None
    if said is None:
        if issued is not None:
            info["year"] = issued.year
    elif said.first is None:  # "đến năm 2030": from the day it is issued
        if issued is not None and issued.year <= said.last:
            # a day of its own, not the `date` object: YAML would write the same one as an alias
            starts = date.fromordinal(issued.toordinal())
            info["period"] = {"from": starts, "to": date(said.last, 12, 31)}
        else:
            info["year"] = said.last
    elif said.first == said.last:
        info["year"] = said.first
    else:
        info["period"] = f"{said.first}-{said.last}"


def plan_period(info: dict[str, Any], default_year: int) -> Period:
    """The time the header gives the plan (`default_year` when it gives none), as its deadlines
    are read."""
    written = info.get("period")
    if isinstance(written, str):
        first, last = written.split("-")
        return Period.of_years(int(first), int(last))
    if isinstance(written, dict):
        return Period(written["from"], written["to"])
    return Period.of_years(info.get("year", default_year))


def _signer(lines: list[Line]) -> str | None:
    heading = next((i for i, line in enumerate(lines) if line.text == "KẾ HOẠCH"), len(lines))
    for line in reversed(lines[:heading]):
        words = line.text.split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words):
            return line.text
    return None


_NUMBER = re.compile(r"^Số:\s*(\S+)")
_APPENDIX_OF = re.compile(
    r"\(Kèm theo (?:Công văn|Chỉ thị|Thông báo|Công điện|Kế hoạch) số:? (\S+) ngày (\d{1,2}) "
    r"tháng (\d{1,2}) năm (\d{4}) của ([^)\n]+)\)",
    re.IGNORECASE,
)
_DATED = re.compile(r"^([^\t,]{2,40}), ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
_KIND_TITLE = re.compile(r"^(?:THÔNG BÁO|CHỈ THỊ|CÔNG ĐIỆN|KẾ HOẠCH) \S")
_TITLES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "THÔNG BÁO", "CHƯƠNG TRÌNH", "CHỈ THỊ")


def _letterhead(lines: list[Line], info: dict[str, Any]) -> None:
    """What the top of any document says: "Số: 141/KH-UBND", "Bắc Ninh, ngày 20 tháng 11 năm
    2025", the issuing body, and the title under the kind of document."""
    for k, line in enumerate(lines[:40]):
        for cell in line.text.split("\t"):
            cell = cell.strip()
            if (m := _NUMBER.match(cell)) and "number" not in info:
                info["number"] = m[1].rstrip(".,;")
            if (m := _DATED.match(cell)) and "date" not in info:
                try:
                    info["date"] = date(int(m[4]), int(m[3]), int(m[2]))
                except ValueError:
                    continue
        if line.text.strip() in _TITLES and "title" not in info and k + 1 < len(lines):
            title = lines[k + 1].text.strip().strip("*").strip()
            info["title"] = f"{line.text.strip().capitalize()} {title[:1]}{title[1:].lower()}"
        elif _KIND_TITLE.match(line.text) and "title" not in info and line.text.isupper():
            # "THÔNG BÁO KẾT LUẬN CỦA …" on one line
            info["title"] = line.text[:1] + line.text[1:].lower()
    if "issuer" not in info and lines:
        body = re.split(r"\s*-{3,}|\t", lines[0].text)[0].strip()
        if body.upper() == body and len(body.split()) >= 3:
            info["issuer"] = _issuer(body)


def _issuer(body: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" → "UBND tỉnh Bắc Ninh"."""
    text = re.sub(r"^(?:ỦY|UỶ) BAN NHÂN DÂN\b", "UBND", body.strip())
    words = text.split()
    out = [words[0]] + [
        w.lower() if w.lower() in ("tỉnh", "thành", "phố", "huyện", "xã") else w.capitalize()
        for w in words[1:]
    ]
    return " ".join(out)
