"""A plan decision's text (UTF-8 text or .docx) → plan data. Pure but for reading the source.

Every non-blank line of the plan body ends up in the output or in `not_understood`, with its line
number. Agencies the registry does not know are kept as written and listed as warnings."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from caicach.agencies import Registry
from caicach.deadlines import UNSTATED, DeadlineError, Milestone, read_leniently
from caicach.errors import Problem, ProblemsError
from caicach.model import ITEM_LETTERS, Item, Party, PlanFile, PlanInfo
from caicach.text import clean, fold_chars, nfc
from caicach.yaml_source import decode

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE
)
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


@dataclass
class Line:
    number: int
    text: str


@dataclass
class ImportResult:
    plan: dict[str, Any]
    not_understood: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


# --- reading the source --------------------------------------------------------------------------


def read_source(path: Path) -> str:
    """The text of a .txt (strict UTF-8, BOM accepted) or .docx (paragraphs of its XML)."""
    try:
        if path.suffix.lower() == ".docx":
            return _docx_text(path)
        return decode(path, path.read_bytes())
    except OSError as exc:
        raise ProblemsError([Problem(str(path), 0, 0, f"cannot read: {exc.strerror}")]) from None
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise ProblemsError([Problem(str(path), 0, 0, "not a Word .docx document")]) from None


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def lines_of(text: str) -> list[Line]:
    """NFC, one space for any run of blanks (tabs, no-break spaces), page numbers dropped."""
    result = []
    for n, raw in enumerate(nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = clean(raw)
        if not _PAGE_NUMBER.match(line):
            result.append(Line(n, line))
    return result


# --- the decision's header -----------------------------------------------------------------------


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


# --- the plan body -------------------------------------------------------------------------------


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
    in a converted document) only a line in lower case continues."""
    current: Line | None = None
    after_blank = False
    for line in lines:
        if not line.text:
            after_blank = True
            continue
        lower = line.text[:1].islower()
        unfinished = current is not None and not current.text.endswith((".", ":"))
        joins = (
            current is not None
            and not _starts_entry(line.text)
            and (lower or (unfinished and not after_blank))
        )
        after_blank = False
        if joins and current is not None:
            current = Line(current.number, f"{current.text} {line.text}")
            continue
        if current:
            yield current
        current = line
    if current:
        yield current


@dataclass
class _Draft:
    id: str
    task: str
    lines: list[int]
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    bulleted: set[str] = field(default_factory=set)  # fields whose values are "+" lines
    subs: list[_Draft] = field(default_factory=list)
    last: str | None = None


def body(
    lines: list[Line],
) -> tuple[list[dict[str, Any]], list[_Draft], list[tuple[int, str, str]]]:
    section = _body(lines)
    areas: list[dict[str, Any]] = []
    items: list[_Draft] = []
    lost: list[tuple[int, str, str]] = []
    item: _Draft | None = None
    target: _Draft | None = None
    for line in _logical(section):
        if m := _AREA.match(line.text):
            areas.append({"id": len(areas) + 1, "printed": f"{m[1]}.", "title": m[2]})
            item = target = None
        elif (m := _ITEM.match(line.text)) and areas:
            item = target = _Draft(f"{len(areas)}.{m[1]}", m[2], [line.number])
            items.append(item)
        elif (found := _field(line.text)) and target is not None:
            name, value = found
            target.fields[name] = [(line.number, value)] if value else []
            if not value:
                target.bulleted.add(name)
            target.last = name
            target.lines.append(line.number)
        elif (m := _BULLET.match(line.text)) and target is not None:
            if m[1] == "+" and target.last in target.bulleted:
                target.fields[target.last].append((line.number, m[2]))
                target.lines.append(line.number)
            elif m[1] == "-" and item is not None and (not item.fields or item.subs):
                sub = _Draft(f"{item.id}.{len(item.subs) + 1}", m[2], [line.number])
                item.subs.append(sub)
                target = sub
            else:
                lost.append((line.number, line.text, "a bullet outside any field"))
        else:
            lost.append((line.number, line.text, "not an area, item or field"))
    return areas, items, lost


# --- from drafts to plan data --------------------------------------------------------------------


def parties(text: str, registry: Registry) -> tuple[list[Any], list[str]]:
    """Agencies named by a field (or a "+" bullet), with the part each plays when the text says.
    Returns the YAML shape (a name, or {name, role}) and the names the registry does not know."""
    names = registry.split_names(text)
    if names and all(registry.resolve(n) for n in names):
        return list(names), []
    if "(" in text and ";" in text:
        result: list[Any] = []
        unknown: list[str] = []
        for chunk in _top_level_split(text.rstrip(".")):
            got, missing = parties(chunk, registry)
            result += got
            unknown += missing
        return result, unknown
    inside = re.match(r"^(.*?)\s*(\(.*\))\.?$", text)
    if inside is not None:
        head, role = inside[1], inside[2]
        if all(registry.resolve(n) for n in registry.split_names(head)):
            return [{"name": n, "role": role} for n in registry.split_names(head)], []
    words = text.rstrip(".").split(" ")
    for k in range(len(words) - 1, 0, -1):
        if not words[k][:1].islower() or words[k - 1].endswith((";", ",")):
            continue  # what an agency does starts with a verb: "chủ trì", "phối hợp", …
        head = registry.split_names(" ".join(words[:k]))
        if head and all(registry.resolve(n) for n in head):
            role = " ".join(words[k:])
            return [{"name": n, "role": role} for n in head], []
    return list(names), [n for n in names if not registry.resolve(n)]


def _top_level_split(text: str) -> list[str]:
    chunks, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == ";" and depth == 0:
            chunks.append(current.strip())
            current = ""
        else:
            current += ch
    return [c for c in [*chunks, current.strip()] if c]


def _leaf(draft: _Draft, year: int, registry: Registry, result: ImportResult) -> dict[str, Any]:
    item: dict[str, Any] = {"id": draft.id, "task": draft.task}
    for role in ("lead", "co"):
        values = draft.fields.get(role)
        if values is None:
            continue
        texts = [v for _, v in values]
        bulleted = role in draft.bulleted
        found: list[Any] = []
        for number, text in values:
            got, unknown = parties(text, registry)
            found += got
            result.warnings += [
                (
                    number,
                    f"agency {u!r} is not in the registry; add it or an alias to agencies.yaml",
                )
                for u in unknown
            ]
        item[role] = found
        if texts:
            item[f"{role}_text"] = "\n".join(f"+ {t}" for t in texts) if bulleted else texts[0]
    if "products" in draft.fields:
        item["products"] = [v for _, v in draft.fields["products"]]
    number, deadline = draft.fields["deadline"][0]
    item["deadline"] = deadline
    try:
        milestones, unreadable = read_leniently(deadline, year)
    except DeadlineError as exc:
        result.warnings.append((number, f"deadline: {exc}"))
        return item
    if unreadable:
        item["milestones"] = [_spec(m) for m in milestones]
        result.warnings += [
            (number, f"no date in «{c}»: written as `milestones:` with that part undated; check it")
            for c in unreadable
        ]
    return item


def _spec(m: Milestone) -> dict[str, Any]:
    spec: dict[str, Any] = {"label": m.label, "due": m.due, "kind": m.kind}
    if m.due is None:
        spec["reason"] = m.note or UNSTATED
    return spec


def import_text(text: str, registry: Registry) -> ImportResult:
    lines = lines_of(text)
    info, warnings = header(lines)
    areas, drafts, lost = body(lines)
    result = ImportResult({"plan": info, "areas": areas, "items": []}, lost, warnings)
    year = info.get("year", date.today().year)
    for draft in drafts:
        leaves = draft.subs or [draft]
        usable = [
            d
            for d in leaves
            if "lead" in d.fields and "deadline" in d.fields and d.fields["deadline"]
        ]
        for d in leaves:
            if d not in usable:
                reason = "no 'Cơ quan chủ trì' or 'Thời gian thực hiện' field"
                result.not_understood += [
                    (n, d.task if n == d.lines[0] else "", reason) for n in d.lines
                ]
        if not usable:
            if draft.subs:
                result.not_understood.append((draft.lines[0], draft.task, "no usable sub-item"))
            continue
        if draft.subs:
            result.plan["items"].append(
                {
                    "id": draft.id,
                    "task": draft.task,
                    "subitems": [_leaf(d, year, registry, result) for d in usable],
                }
            )
        else:
            result.plan["items"].append(_leaf(draft, year, registry, result))
    result.not_understood.sort()
    result.warnings.sort()
    return result


# --- comparing with an existing plan -------------------------------------------------------------

_SKIP = {"notes", "subitems"}  # notes are a reader's, not the decision's


def _flat(items: Iterable[Item]) -> dict[str, Item]:
    flat: dict[str, Item] = {}
    for item in items:
        flat[item.id] = item
        flat.update(_flat(item.subitems))
    return flat


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def differences(old: PlanFile, new: PlanFile) -> list[str]:
    """What the text (`new`) changes in the plan file (`old`), item by item."""
    found = [
        f"plan: {key}: «{_short(getattr(old.plan, key))}» → «{_short(getattr(new.plan, key))}»"
        for key in PlanInfo.model_fields
        if key not in _SKIP and getattr(old.plan, key) != getattr(new.plan, key)
    ]
    old_areas = {a.id: a for a in old.areas}
    for area in new.areas:
        if old_areas.get(area.id) != area:
            found.append(
                f"area {area.id}: «{area.printed} {area.title}»"
                + (" added" if area.id not in old_areas else " changed")
            )
    before, after = _flat(old.items), _flat(new.items)
    for item_id in sorted({*before, *after}, key=_id_key):
        if item_id not in after:
            found.append(f"{item_id}: removed (not in the text)")
        elif item_id not in before:
            found.append(f"{item_id}: added: «{_short(after[item_id].task)}»")
        else:
            for key in Item.model_fields:
                a, b = getattr(before[item_id], key), getattr(after[item_id], key)
                if key not in _SKIP and a != b:
                    found.append(
                        f"{item_id}: changed {key}: «{_short(_plain(a))}» → «{_short(_plain(b))}»"
                    )
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return "; ".join(str(_plain(v)) for v in value)
    if isinstance(value, Party):
        return value.name + (f" ({value.role})" if value.role else "")
    return value


def _id_key(item_id: str) -> tuple[int | str, ...]:
    return tuple(
        int(p) if p.isdigit() else ITEM_LETTERS.index(p) if p in ITEM_LETTERS else p
        for p in item_id.split(".")
    )
