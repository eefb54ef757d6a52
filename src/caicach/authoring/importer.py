"""A plan decision's text (UTF-8 text or .docx) → plan data. Pure but for reading the source.

Every non-blank line of the plan body ends up in the output or in `not_understood`, with its line
number. Agencies the registry does not know are kept as written and listed as warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from caicach.authoring.sources import Line, lines_of
from caicach.load.yaml_source import dump_document
from caicach.plan.deadlines import UNSTATED, DeadlineError, read_leniently
from caicach.plan.milestone import Milestone
from caicach.plan.registry import Registry
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


@dataclass
class ImportResult:
    plan: dict[str, Any]
    not_understood: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


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
        return _each_chunk(text, registry)
    found = _role_in_brackets(text, registry) or _role_after(text, registry)
    if found is not None:
        return found, []
    return list(names), [n for n in names if not registry.resolve(n)]


def _known(names: list[str], registry: Registry) -> bool:
    return bool(names) and all(registry.resolve(n) for n in names)


def _each_chunk(text: str, registry: Registry) -> tuple[list[Any], list[str]]:
    """ "A (chủ trì …); B (phối hợp …)": each chunk on its own."""
    result: list[Any] = []
    unknown: list[str] = []
    for chunk in _top_level_split(text.rstrip(".")):
        got, missing = parties(chunk, registry)
        result += got
        unknown += missing
    return result, unknown


def _role_in_brackets(text: str, registry: Registry) -> list[Any] | None:
    """ "Sở Tư pháp (thẩm định)": the agencies, and their part in brackets."""
    inside = re.match(r"^(.*?)\s*(\(.*\))\.?$", text)
    if inside is None:
        return None
    head = registry.split_names(inside[1])
    if not _known(head, registry):
        return None
    return [{"name": n, "role": inside[2]} for n in head]


def _role_after(text: str, registry: Registry) -> list[Any] | None:
    """ "Sở Tư pháp chủ trì thẩm định": what an agency does starts with a lower-case verb."""
    words = text.rstrip(".").split(" ")
    for k in range(len(words) - 1, 0, -1):
        if not words[k][:1].islower() or words[k - 1].endswith((";", ",")):
            continue
        head = registry.split_names(" ".join(words[:k]))
        if _known(head, registry):
            return [{"name": n, "role": " ".join(words[k:])} for n in head]
    return None


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


def import_text(text: str, registry: Registry, default_year: int) -> ImportResult:
    """Plan data from a decision's text; `default_year` when the text names no year."""
    lines = lines_of(text)
    info, warnings = header(lines)
    areas, drafts, lost = body(lines)
    result = ImportResult({"plan": info, "areas": areas, "items": []}, lost, warnings)
    year = info.get("year", default_year)
    for draft in drafts:
        _add_draft(draft, year, registry, result)
    result.not_understood.sort()
    result.warnings.sort()
    return result


def _usable(d: _Draft) -> bool:
    return "lead" in d.fields and bool(d.fields.get("deadline"))


def _add_draft(draft: _Draft, year: int, registry: Registry, result: ImportResult) -> None:
    leaves = draft.subs or [draft]
    usable = [d for d in leaves if _usable(d)]
    for d in leaves:
        if d not in usable:
            reason = "no 'Cơ quan chủ trì' or 'Thời gian thực hiện' field"
            result.not_understood += [
                (n, d.task if n == d.lines[0] else "", reason) for n in d.lines
            ]
    if not usable:
        if draft.subs:
            result.not_understood.append((draft.lines[0], draft.task, "no usable sub-item"))
        return
    if not draft.subs:
        result.plan["items"].append(_leaf(draft, year, registry, result))
        return
    subitems = [_leaf(d, year, registry, result) for d in usable]
    result.plan["items"].append({"id": draft.id, "task": draft.task, "subitems": subitems})


def item_count(result: ImportResult) -> int:
    return sum(len(i.get("subitems", [])) or 1 for i in result.plan["items"])


def document(source: Path, result: ImportResult) -> str:
    """The plan file to write: a header that says where it came from and what was not read."""
    lines = [
        "# yaml-language-server: $schema=../schemas/plan.schema.json",
        f"# Made by `caicach import` from {source.name}. Check it against the decision; where the",
        "# text is ambiguous, keep the text and say how you read it in `notes`.",
    ]
    if result.not_understood:
        lines.append(
            f"# NOT COMPLETE: {len(result.not_understood)} line(s) of the text were not understood:"
        )
        lines += [f"#   line {n}: {text[:80]}" for n, text, _ in result.not_understood if text]
    if result.warnings:
        lines.append(f"# {len(result.warnings)} warning(s):")
        lines += [f"#   line {n}: {message}" for n, message in result.warnings]
    return "\n".join(lines) + "\n" + dump_document(result.plan)
