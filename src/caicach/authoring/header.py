"""A decision's header: its number, date, issuer, title, year, signer and legal bases."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from caicach.authoring.sources import Line


def header(lines: list[Line]) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    text = "\n".join(line.text for line in lines)
    warnings: list[tuple[int, str]] = []
    info: dict[str, Any] = {}
    attached = re.search(
        r"(?:kèm theo|ban hành kèm)[^\n]*?Quyết định số (\S+) ngày "
        r"(\d{1,2})/(\d{1,2})/(\d{4})(?: của ([^)\n]+))?",
        text,
    )
    if attached:
        info["number"] = attached[1]
        info["date"] = date(int(attached[4]), int(attached[3]), int(attached[2]))
        if attached[5]:
            info["issuer"] = attached[5].strip()
    title = re.search(r"Ban hành kèm theo Quyết định này (.+?)\.?\n", text)
    if title:
        info["title"] = title[1].strip()
    year = re.search(r"năm (\d{4})", info.get("title", ""))
    if year:
        info["year"] = int(year[1])
    signer = _signer(lines)
    if signer:
        info["signer"] = signer
    info["based_on"] = [
        line.text.removeprefix("Căn cứ ").rstrip(";.")
        for line in lines
        if line.text.startswith(("Căn cứ ", "Theo đề nghị"))
    ]
    number = re.match(r"(\d+)", info.get("number", ""))
    if number and "year" in info:
        info["id"] = f"qd-{number[1]}-{info['year']}"
    for key in ("id", "number", "date", "issuer", "year", "title"):
        if key not in info:
            warnings.append((1, f"the decision's {key} was not found; fill it in by hand"))
    order = ("id", "number", "date", "issuer", "signer", "year", "title", "based_on")
    return {k: info[k] for k in order if k in info}, warnings


def _signer(lines: list[Line]) -> str | None:
    heading = next((i for i, line in enumerate(lines) if line.text == "KẾ HOẠCH"), len(lines))
    for line in reversed(lines[:heading]):
        words = line.text.split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words):
            return line.text
    return None
