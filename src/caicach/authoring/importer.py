"""A plan decision's text (UTF-8 text or .docx) → plan data. Pure but for reading the source.

Every non-blank line of the plan body ends up in the output, in `not_understood` (it looks like a
task and could not be read) or in `skipped` (it gives no one a duty), with its line number.
Agencies the registry does not know are kept as written and listed as warnings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from caicach.authoring import outline, tables
from caicach.authoring.body import Draft, body
from caicach.authoring.header import header, plan_period
from caicach.authoring.names import split_agencies
from caicach.authoring.outline import Found
from caicach.authoring.prose import looks_like_task
from caicach.authoring.sources import Line, lines_of, read_source
from caicach.errors import Problem, ProblemsError
from caicach.load.yaml_source import dump_document
from caicach.plan.deadlines import UNSTATED, DeadlineError, read_leniently
from caicach.plan.milestone import Milestone
from caicach.plan.model import ITEM_LETTERS
from caicach.plan.period import Period
from caicach.plan.registry import Registry
from caicach.text import fold


@dataclass
class ImportResult:
    plan: dict[str, Any]
    not_understood: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # Every task read, trackable or not, as the preview shows it (`caicach import -f json`).
    preview: list[dict[str, Any]] = field(default_factory=list)
    # Paragraphs that give nobody a duty (objectives, solutions, funding): not problems.
    skipped: list[tuple[int, str, str]] = field(default_factory=list)


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


def _leaf(draft: Draft, period: Period, registry: Registry, result: ImportResult) -> dict[str, Any]:
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
                    f"cơ quan {u!r} chưa có trong danh mục; thêm cơ quan hoặc tên gọi khác "
                    "vào agencies.yaml",
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
        milestones, unreadable = read_leniently(deadline, period)
    except DeadlineError as exc:
        result.warnings.append((number, f"deadline: {exc}"))
        return item
    if unreadable:
        item["milestones"] = [_spec(m) for m in milestones]
        result.warnings += [
            (
                number,
                f"không có ngày trong «{c}»: ghi thành `milestones:` với phần đó không xác định "
                "thời hạn; hãy kiểm tra",
            )
            for c in unreadable
        ]
    return item


def _spec(m: Milestone) -> dict[str, Any]:
    spec: dict[str, Any] = {"label": m.label, "due": m.due, "kind": m.kind}
    if m.due is None:
        spec["reason"] = m.note or UNSTATED
    return spec


def import_file(path: Path, registry: Registry, default_year: int) -> ImportResult:
    """A decision file read into plan data; an error, writing nothing, when it holds no task."""
    result = import_text(read_source(path), registry, default_year)
    if result.plan["items"]:
        return result
    # nothing was read: every line is reported, those that seemed to give no duty too
    unread = sorted(
        [*result.not_understood, *((n, t, outline.NO_ACTOR) for n, t, _ in result.skipped)]
    )
    lost = [
        Problem(str(path), n, 1, f"không hiểu được ({reason}): {text}")
        for n, text, reason in unread
    ]
    nothing = (
        "không tìm thấy nhiệm vụ nào của kế hoạch (một khối trường như 'Cơ quan chủ trì:', một "
        "đề mục ghi tên cơ quan, một câu nêu ai làm, hay một bảng nhiệm vụ)"
    )
    raise ProblemsError([*lost, Problem(str(path), 0, 0, f"{nothing}; chưa ghi gì")])


def preview(path: Path, registry: Registry, default_year: int) -> dict[str, Any]:
    """What an import would read, as data: the plan's header, every task (trackable or not),
    and every problem with its line. Nothing is written."""
    try:
        result = import_text(read_source(path), registry, default_year)
    except ProblemsError as exc:
        return {"plan": {}, "items": [], "problems": [_problem(p) for p in exc.problems]}
    info = result.plan["plan"]
    plan = {k: info.get(k) for k in ("number", "date", "issuer", "period", "year", "title")}
    problems = [
        Problem(str(path), n, 1, f"không hiểu được ({reason}): {text}")
        for n, text, reason in result.not_understood
    ]
    if not result.preview:
        problems.append(Problem(str(path), 0, 0, "không tìm thấy nhiệm vụ nào của kế hoạch"))
    return {
        "plan": plan,
        "items": result.preview,
        "problems": [_problem(p) for p in problems],
        "skipped": [{"line": n, "text": t, "reason": r} for n, t, r in result.skipped],
        "warnings": [{"line": n, "message": m} for n, m in result.warnings],
    }


def _problem(p: Problem) -> dict[str, Any]:
    return {"path": p.path, "line": p.line, "col": p.col, "message": p.message}


def import_text(text: str, registry: Registry, default_year: int) -> ImportResult:
    """Plan data from a decision's text; `default_year` when the text names no year. The layout
    of 1879 (areas, lettered items, "- Cơ quan chủ trì:" fields) is read exactly; any other by
    the general reader (`outline`, `tables`), whichever reads more tasks."""
    lines = lines_of(text)
    info, warnings = header(lines)
    period = plan_period(info, default_year)
    areas, drafts, lost = body(lines)
    result = ImportResult({"plan": info, "areas": areas, "items": []}, lost, list(warnings))
    for draft in drafts:
        _add_draft(draft, period, registry, result)
    if not result.not_understood and result.plan["items"]:
        result.preview = _classic_preview(result)
        return _sorted(result)
    other = general(lines, info, warnings, registry, period)
    if item_count(result) and len(result.not_understood) <= len(other.not_understood):
        return _sorted(result)  # the layout of 1879, read more surely by its own reader
    if item_count(result) >= len(other.preview) > 0 or (item_count(result) and not other.preview):
        return _sorted(result)
    return _sorted(other)


def _sorted(result: ImportResult) -> ImportResult:
    result.not_understood.sort()
    result.skipped.sort()
    result.warnings = sorted(set(result.warnings))
    if not result.preview:
        result.preview = _classic_preview(result)
    return result


def _classic_preview(result: ImportResult) -> list[dict[str, Any]]:
    out = []
    for item in result.plan["items"]:
        for leaf in item.get("subitems") or [item]:
            out.append(
                {
                    "id": leaf["id"],
                    "printed": leaf["id"],
                    "task": leaf["task"] if leaf is item else f"{item['task']}: {leaf['task']}",
                    "lead": [_name(p) for p in leaf.get("lead", [])],
                    "co": [_name(p) for p in leaf.get("co", [])],
                    "deadline": leaf.get("deadline"),
                    "milestones": _milestones_of(leaf, result),
                    "core": True,
                }
            )
    return out


def _name(party: Any) -> str:
    return str(party["name"] if isinstance(party, dict) else party)


def _milestones_of(leaf: dict[str, Any], result: ImportResult) -> list[dict[str, Any]]:
    if "milestones" in leaf:
        return [_spec_json(m) for m in leaf["milestones"]]
    info = result.plan["plan"]
    deadline = leaf.get("deadline")
    if not deadline or not ("year" in info or "period" in info):
        return []
    milestones, _ = read_leniently(deadline, plan_period(info, 0))
    return [_spec_json(_spec(m)) for m in milestones]


def _spec_json(spec: dict[str, Any]) -> dict[str, Any]:
    due = spec.get("due")
    return {
        "label": spec.get("label"),
        "due": due.isoformat() if due else None,
        "kind": spec["kind"],
    }


def general(
    lines: list[Line],
    info: dict[str, Any],
    warnings: list[tuple[int, str]],
    registry: Registry,
    period: Period,
) -> ImportResult:
    """A plan of any layout: tasks by field blocks, agency headings, prose and tables."""
    found, lost = outline.read(lines)
    rows, lost_rows, _ = tables.read(lines)
    found = sorted([*found, *_introduced(rows, found)], key=lambda f: f.lines[0])
    unread = [*lost_rows, *tables.flattened(lines)]
    result = ImportResult({"plan": info, "areas": [], "items": []}, unread, list(warnings))
    for n, text, reason in lost:
        if looks_like_task(text) or reason.startswith("trường"):
            result.not_understood.append((n, text, reason))
        else:
            result.skipped.append((n, text, SKIPPED))
    areas: dict[str, dict[str, Any]] = {}
    letters: dict[str, int] = {}
    for f in found:
        area = areas.get(f.area)
        if area is None or letters[f.area] >= len(ITEM_LETTERS):
            area = {
                "id": len(result.plan["areas"]) + 1,
                "printed": _printed_area(f.area),
                "title": _area_title(f.area),
            }
            result.plan["areas"].append(area)
            areas[f.area], letters[f.area] = area, 0
        item_id = f"{area['id']}.{ITEM_LETTERS[letters[f.area]]}"
        letters[f.area] += 1
        _add_found(item_id, f, period, registry, result)
    return result


_YEARS = re.compile(r"^(?:(?:giai đoạn|năm|từ năm|các năm)\s+)?(\d{4})\s*[-–—]\s*(\d{4})\.?$", re.I)


def years_end(deadline: str) -> date | None:
    """ "2026-2027", "Giai đoạn 2026 - 2030": a span of years given as the time to do a task;
    it is done by 31/12 of the last year (None for any other text)."""
    m = _YEARS.match(deadline.strip())
    if m is None or not int(m[1]) <= int(m[2]) <= int(m[1]) + 20:
        return None
    return date(int(m[2]), 12, 31)


SKIPPED = "không giao việc cho cơ quan nào (mục tiêu, giải pháp, kinh phí, lời dẫn…)"


def _introduced(rows: list[Found], prose: list[Found]) -> list[Found]:
    """Appendix rows with no deadline of their own take the deadline of the directive that
    introduces them ("… các kiến nghị (Phụ lục kèm theo), hoàn thành trước ngày 15/12/2025"),
    when exactly one directive with a deadline names the appendix."""
    naming = [f for f in prose if f.deadline and "phu luc" in fold(f.task)]
    if len(naming) != 1:
        return rows
    source = naming[0]
    return [
        replace(row, deadline=source.deadline, given_by=source.printed)
        if row.deadline is None and row.printed.startswith("PL")
        else row
        for row in rows
    ]


def _printed_area(title: str) -> str:
    mark = title.split(" ", 1)[0]
    return mark if mark.rstrip(".").replace(".", "").isalnum() and len(mark) <= 8 else "—"


def _area_title(title: str) -> str:
    parts = title.split(" ", 1)
    return parts[1] if len(parts) == 2 and _printed_area(title) != "—" else title


def _add_found(
    item_id: str, f: Found, period: Period, registry: Registry, result: ImportResult
) -> None:
    lead = split_agencies(f.lead or "")
    co = split_agencies(f.co or "")
    for name in dict.fromkeys([*lead, *co]):
        if registry.resolve(name) is None:
            result.warnings.append(
                (
                    f.lines[0],
                    f"cơ quan {name!r} chưa có trong danh mục; thêm cơ quan hoặc tên gọi khác "
                    "vào agencies.yaml",
                )
            )
    item: dict[str, Any] = {"id": item_id, "task": f.task, "lead": lead}
    notes_extra: list[str] = []
    if f.lead:
        item["lead_text"] = f.lead
    if co:
        item["co"], item["co_text"] = co, f.co
    if f.products:
        item["products"] = f.products
    if f.deadline:
        item["deadline"] = f.deadline
        milestones, unreadable = read_leniently(f.deadline, period)
        ends = years_end(f.deadline)
        if ends is not None and unreadable:  # "2026-2027": done by the end of its last year
            milestones, unreadable = (Milestone(f.deadline.strip(" ."), ends, "once"),), ()
            notes_extra = [f"«{f.deadline}» đọc là hoàn thành trước hết ngày {ends:%d/%m/%Y}"]
        specs = [_spec(m) for m in milestones]
        if unreadable or any(m.due is None for m in milestones) or ends is not None:
            item["milestones"] = specs
        result.warnings += [
            (
                f.lines[-1],
                f"không có ngày trong «{c}»: nhiệm vụ không xác định thời hạn; hãy kiểm tra",
            )
            for c in unreadable
        ]
    else:
        specs = [{"label": None, "due": None, "kind": "undated", "reason": UNSTATED}]
        item["milestones"] = specs
    notes = [f"Mục {f.printed} của văn bản" + ("" if f.core else f" ({f.section})")]
    notes += notes_extra
    if f.given_by:
        notes.append(f"Thời hạn lấy từ mục {f.given_by}, nơi giao phụ lục này: «{f.deadline}»")
    item["notes"] = notes
    result.preview.append(
        {
            "id": item_id,
            "printed": f.printed,
            "task": f.task,
            "lead": lead,
            "co": co,
            "deadline": f.deadline,
            "milestones": [_spec_json(s) for s in specs],
            "core": f.core,
            "line": f.lines[0],
        }
    )
    if not lead:
        result.not_understood.append(
            (f.lines[0], f.task, "nhiệm vụ không có cơ quan chủ trì: không theo dõi được")
        )
        return
    result.plan["items"].append(item)


def _usable(d: Draft) -> bool:
    return "lead" in d.fields and bool(d.fields.get("deadline"))


def _add_draft(draft: Draft, period: Period, registry: Registry, result: ImportResult) -> None:
    leaves = draft.subs or [draft]
    usable = [d for d in leaves if _usable(d)]
    for d in leaves:
        if d not in usable:
            reason = "thiếu trường 'Cơ quan chủ trì' hoặc 'Thời gian thực hiện'"
            result.not_understood += [
                (n, d.task if n == d.lines[0] else "", reason) for n in d.lines
            ]
    if not usable:
        if draft.subs:
            result.not_understood.append(
                (draft.lines[0], draft.task, "không có nhiệm vụ con dùng được")
            )
        return
    if not draft.subs:
        result.plan["items"].append(_leaf(draft, period, registry, result))
        return
    subitems = [_leaf(d, period, registry, result) for d in usable]
    result.plan["items"].append({"id": draft.id, "task": draft.task, "subitems": subitems})


def item_count(result: ImportResult) -> int:
    return sum(len(i.get("subitems", [])) or 1 for i in result.plan["items"])


def document(source: Path, result: ImportResult) -> str:
    """The plan file to write: a header that says where it came from and what was not read."""
    lines = [
        "# yaml-language-server: $schema=../schemas/plan.schema.json",
        f"# Tạo bởi `caicach import` từ {source.name}. Hãy đối chiếu với văn bản; chỗ nào văn bản",
        "# chưa rõ, giữ nguyên văn và ghi cách hiểu vào `notes`.",
    ]
    if result.not_understood:
        lines.append(f"# CHƯA ĐỦ: {len(result.not_understood)} dòng của văn bản không đọc được:")
        lines += [f"#   dòng {n}: {text[:80]}" for n, text, _ in result.not_understood if text]
    if result.skipped:
        lines.append(
            f"# Bỏ qua {len(result.skipped)} đoạn không giao việc cho cơ quan nào "
            "(mục tiêu, giải pháp, kinh phí…); xem `caicach import -f json`."
        )
    if result.warnings:
        lines.append(f"# {len(result.warnings)} cảnh báo:")
        lines += [f"#   dòng {n}: {message}" for n, message in result.warnings]
    return "\n".join(lines) + "\n" + dump_document(result.plan)


def unknown_agencies(result: ImportResult, registry: Registry) -> list[str]:
    """The names the plan's items give that the registry does not know, in order, once each."""
    names: dict[str, str] = {}  # folded → as first written: one entry for "Các sở" and "các sở"
    for item in result.plan["items"]:
        for leaf in item.get("subitems") or [item]:
            for party in [*leaf.get("lead", []), *leaf.get("co", [])]:
                name = _name(party)
                if registry.resolve(name) is None:
                    names.setdefault(fold(name), name)
    return list(names.values())


def registry_additions(names: list[str], registry: Registry, source: Path) -> str:
    """The unknown agencies as entries of `classes:` in agencies.yaml, each owed as one and
    marked for a person to confirm (and move to `agencies:` with its kind and level)."""
    taken = {*registry.agencies, *registry.classes}
    out = []
    for name in names:
        base = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "co-quan"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        note = f"thêm bởi caicach import từ {source.name}; cần xác nhận"
        out.append(
            f"  - id: {slug}\n"
            f"    name: {json.dumps(name, ensure_ascii=False)}\n"
            f"    note: {json.dumps(note, ensure_ascii=False)}\n"
            "    members: null\n"
        )
    return "".join(out)
