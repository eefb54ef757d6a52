"""Rows as plain data: the stable JSON contract, shared by the JSON and CSV renderers."""

from __future__ import annotations

from typing import Any

from caicach.deadlines import Milestone
from caicach.queries import Row
from caicach.resolve import Assignee, TrackedItem


def milestone(m: Milestone) -> dict[str, Any]:
    return {
        "label": m.label,
        "due": m.due.isoformat() if m.due else None,
        "kind": m.kind,
        "period": m.period,
        "note": m.note,
    }


def _ids(assignees: tuple[Assignee, ...]) -> list[str]:
    return list(dict.fromkeys(a.agency_id for a in assignees))


def _details(assignees: tuple[Assignee, ...]) -> list[dict[str, Any]]:
    return [{"name": a.name, "agency": a.agency_id, "role": a.role} for a in assignees]


def item(i: TrackedItem) -> dict[str, Any]:
    return {
        "id": i.id,
        "plan": i.plan.id,
        "qualified_id": i.qualified_id,
        "area": i.area.id,
        "area_printed": i.area.printed,
        "area_title": i.area.title,
        "task": i.task,
        "parent_task": i.parent_task,
        "lead": [a.name for a in i.lead],
        "lead_agencies": _ids(i.lead),
        "lead_details": _details(i.lead),
        "co": [a.name for a in i.co],
        "co_agencies": _ids(i.co),
        "co_details": _details(i.co),
        "products": list(i.products),
        "deadline": i.deadline,
        "milestones": [milestone(m) for m in i.milestones],
        "notes": list(i.notes),
        "source": f"{i.path}:{i.line}",
    }


def row(r: Row) -> dict[str, Any]:
    data = item(r.item)
    if r.match is not None:
        data["match"] = {"role": r.match.role, "via": r.match.via}
    if r.days_overdue is not None:
        data["days_overdue"] = r.days_overdue
        data["overdue_milestones"] = [milestone(m) for m in r.overdue]
    return data
