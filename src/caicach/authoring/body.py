"""A decision's tasks section: areas ("1. …"), items ("a) …"), their fields ("- Cơ quan chủ
trì: …") and sub-items, each with the numbers of its lines; what fits none is kept as lost."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from caicach.authoring.sources import Line
from caicach.text import fold_chars

_AREA = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_ITEM = re.compile(r"^([a-zđ])[).]\s+(\S.*)$")
_BULLET = re.compile(r"^([-+])\s*(\S.*)$")
_ROMAN = re.compile(r"^[IVX]+\.\s+\S")
_LABELS = (  # folded label before ":" → field
    (re.compile(r"^(?:co quan|don vi) (?:chu tri|thuc hien)"), "lead"),
    (re.compile(r"^(?:co quan|don vi) phoi hop"), "co"),
    (re.compile(r"^san pham"), "products"),
    (re.compile(r"^thoi (?:gian|han)"), "deadline"),
)


def _body(lines: list[Line]) -> list[Line]:
    """The lines of the tasks section (the Roman-numbered section about "nhiệm vụ")."""
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if _ROMAN.match(line.text) and "nhiem vu" in fold_chars(line.text)
        ),
        None,
    )
    if start is None:
        return []
    # It ends at the next Roman-numbered section, or at the list of recipients ("Nơi nhận").
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if _ROMAN.match(lines[i].text) or lines[i].text.startswith("Nơi nhận")
        ),
        len(lines),
    )
    return lines[start + 1 : end]


def _field(text: str) -> tuple[str, str] | None:
    m = _BULLET.match(text)
    if not m or ":" not in m[2]:
        return None
    label, _, value = m[2].partition(":")
    folded = fold_chars(label.strip())
    for rx, name in _LABELS:
        if rx.match(folded):
            return name, value.strip()
    return None


def _starts_entry(text: str) -> bool:
    if _AREA.match(text) or _ITEM.match(text) or _field(text):
        return True
    m = _BULLET.match(text)  # "- 2023 …" or "- ngân sách …" is a wrapped line, not a bullet
    return m is not None and not m[2][:1].isdigit() and not m[2][:1].islower()


def _logical(lines: list[Line]) -> Iterator[Line]:
    """Join wrapped lines: a line that starts no entry continues the one before when that one
    does not end a sentence, or when it begins in lower case. Across a blank line (a page break
    in a converted document) only a line in lower case continues. Parts are gathered and joined
    once, so that a long wrapped paragraph costs its length, not its length squared."""
    first: Line | None = None
    parts: list[str] = []
    after_blank = False
    for line in lines:
        if not line.text:
            after_blank = True
            continue
        lower = line.text[:1].islower()
        unfinished = bool(parts) and not parts[-1].endswith((".", ":"))
        joins = (
            first is not None
            and not _starts_entry(line.text)
            and (lower or (unfinished and not after_blank))
        )
        after_blank = False
        if joins:
            parts.append(line.text)
            continue
        if first is not None:
            yield Line(first.number, " ".join(parts))
        first, parts = line, [line.text]
    if first is not None:
        yield Line(first.number, " ".join(parts))


@dataclass
class Draft:
    id: str
    task: str
    lines: list[int]
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    bulleted: set[str] = field(default_factory=set)  # fields whose values are "+" lines
    subs: list[Draft] = field(default_factory=list)
    last: str | None = None


@dataclass
class _Body:
    """Reading the body line by line: the area and item being read, and the draft (an item or
    a sub-item) that fields go to."""

    areas: list[dict[str, Any]] = field(default_factory=list)
    items: list[Draft] = field(default_factory=list)
    lost: list[tuple[int, str, str]] = field(default_factory=list)
    item: Draft | None = None
    target: Draft | None = None

    def read(self, line: Line) -> None:
        if m := _AREA.match(line.text):
            self.areas.append({"id": len(self.areas) + 1, "printed": f"{m[1]}.", "title": m[2]})
            self.item = self.target = None
        elif (m := _ITEM.match(line.text)) and self.areas:
            self.item = self.target = Draft(f"{len(self.areas)}.{m[1]}", m[2], [line.number])
            self.items.append(self.item)
        elif (found := _field(line.text)) and self.target is not None:
            self._field(self.target, line, *found)
        elif (m := _BULLET.match(line.text)) and self.target is not None:
            self._bullet(self.target, line, m[1], m[2])
        else:
            self.lost.append((line.number, line.text, "không phải lĩnh vực, nhiệm vụ hay trường"))

    def _field(self, target: Draft, line: Line, name: str, value: str) -> None:
        target.fields[name] = [(line.number, value)] if value else []
        if not value:
            target.bulleted.add(name)
        target.last = name
        target.lines.append(line.number)

    def _bullet(self, target: Draft, line: Line, mark: str, text: str) -> None:
        item = self.item
        if mark == "+" and target.last in target.bulleted:
            target.fields[target.last].append((line.number, text))
            target.lines.append(line.number)
        elif mark == "-" and item is not None and (not item.fields or item.subs):
            sub = Draft(f"{item.id}.{len(item.subs) + 1}", text, [line.number])
            item.subs.append(sub)
            self.target = sub
        else:
            self.lost.append((line.number, line.text, "gạch đầu dòng ngoài mọi trường"))


def body(
    lines: list[Line],
) -> tuple[list[dict[str, Any]], list[Draft], list[tuple[int, str, str]]]:
    reader = _Body()
    for line in _logical(_body(lines)):
        reader.read(line)
    return reader.areas, reader.items, reader.lost
