"""Rows as plain data: the stable JSON contract, shared by the JSON and CSV renderers."""

from __future__ import annotations

from typing import Any

from caicach.plan.items import Assignee, Record, TrackedItem
from caicach.plan.milestone import Milestone
from caicach.plan.registry import Registry
from caicach.plan.words import STATUS
from caicach.render.formats.shapes import (
    AssessedRow,
    AssigneeData,
    Concerned,
    ItemData,
    ItemHead,
    ItemTail,
    MatrixCell,
    MatrixData,
    MilestoneData,
    MilestoneStatusData,
    RecordData,
    ReportData,
    ScoreData,
    ShareData,
    TallyData,
)
from caicach.tracking.matrix import Matrix
from caicach.tracking.owner import AgencyCount
from caicach.tracking.queries import Due, Row
from caicach.tracking.status import ItemStatus, MilestoneStatus, Reported
from caicach.tracking.summary import Score, Tally
from caicach.tracking.targets import STATE as TARGET_STATE
from caicach.tracking.targets import TargetStatus


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def milestone(m: Milestone) -> MilestoneData:
    return {
        "label": m.label,
        "name": m.name,
        "due": _iso(m.due),
        "kind": m.kind,
        "period": m.period,
        "note": m.note,
    }


def report(r: Reported) -> ReportData:
    return {
        "agency": r.agency,
        "date": r.date.isoformat(),
        "evidence": r.evidence,
        "summary": r.summary,
    }


def milestone_status(m: MilestoneStatus) -> MilestoneStatusData:
    return {
        "number": m.number,
        **milestone(m.milestone),
        "status": m.status,
        "status_label": STATUS[m.status],
        "completed_on": _iso(m.completed_on),
        "evidence": m.evidence,
        "days_overdue": m.days_overdue,
        "reported": list(m.reported),
        "waiting": list(m.waiting),
        "reports": [report(r) for r in m.reports],
    }


def _ids(assignees: tuple[Assignee, ...]) -> list[str]:
    return list(dict.fromkeys(a.agency_id for a in assignees))


def _details(assignees: tuple[Assignee, ...]) -> list[AssigneeData]:
    return [{"name": a.name, "agency": a.agency_id, "role": a.role} for a in assignees]


def _head(i: TrackedItem) -> ItemHead:
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
    }


def _tail(i: TrackedItem) -> ItemTail:
    return {"notes": list(i.notes), "source": f"{i.path}:{i.line}"}


def _concerned(r: Row) -> Concerned:
    if r.match is None:
        return {}
    return {
        "match": {
            "role": r.match.role,
            "via": r.match.via,
            "of": r.match.of,  # the predecessor whose share passed to the agency
            "since": _iso(r.match.since),
        }
    }


def item(r: Row) -> ItemData:
    """The item as the plan gives it, not assessed."""
    i = r.item
    return {
        **_head(i),
        "milestones": [milestone(m) for m in i.milestones],
        **_tail(i),
        **_concerned(r),
    }


def assessed(r: Row) -> AssessedRow:
    """The item and its status on the day: what list, overdue and show print."""
    s = r.status
    assert s is not None  # the commands print assessed rows
    listed = [milestone_status(m) for m in s.milestones]
    by_status = {id(m): d for m, d in zip(s.milestones, listed, strict=True)}
    return {
        **_head(r.item),
        "milestones": listed,
        **_tail(r.item),
        **_concerned(r),
        "as_of": s.as_of.isoformat(),
        "status": s.status,
        "status_label": s.label,
        "status_detail": s.detail,
        "progress_reported": s.progressed,
        "due": _iso(s.due),
        "completed_on": _iso(s.completed_on),
        "days_overdue": s.days_overdue,
        "overdue_milestones": [by_status[id(m)] for m in s.overdue],
    }


def row(r: Row) -> ItemData | AssessedRow:
    return item(r) if r.status is None else assessed(r)


def due(d: Due) -> dict[str, Any]:
    return {
        "id": d.row.item.id,
        "plan": d.row.item.plan.id,
        "task": d.row.item.task,
        "lead": [a.name for a in d.row.item.lead],
        "milestone": milestone_status(d.milestone),
        "days_left": d.days_left,
    }


def tally(t: Tally) -> TallyData:
    return {
        "key": t.key,
        "label": t.label,
        "items_with_date": t.dated,
        "dung_han": t.counts["dung-han"],
        "tre_han": t.counts["tre-han"],
        "dang_thuc_hien": t.counts["dang-thuc-hien"],
        "chua_thuc_hien": t.counts["chua-thuc-hien"],
        "qua_han": t.counts["qua-han"],
        "khong_xac_dinh": t.counts["khong-xac-dinh"],
        "da_huy": t.counts["da-huy"],
        "due_by_as_of": t.due_by,
        "completed_of_due": t.done_due_by,
        "completed_on_time_of_due": t.on_time_due_by,
        "completion_rate": t.completion_rate,
        "on_time_rate": t.on_time_rate,
    }


def record(
    r: Record, item: TrackedItem | None, superseded: frozenset[tuple[str, int]] = frozenset()
) -> RecordData:
    label = name = None
    if item is not None and r.milestone is not None:
        label = item.milestones[r.milestone - 1].label
        name = item.milestones[r.milestone - 1].name
    return {
        "item": r.item.rpartition(":")[2],
        "plan": r.item.rpartition(":")[0],
        "milestone": r.milestone,
        "milestone_label": label,
        "milestone_name": name,
        "agency": r.agency,
        "kind": r.kind,
        "date": r.date.isoformat(),
        "evidence": r.evidence,
        "note": r.note,
        "recorded": r.recorded,
        "corrects": r.corrects,
        "superseded": (r.path, r.line) in superseded,
        "source": f"{r.path}:{r.line}",
    }


def agency_count(c: AgencyCount, registry: Registry) -> dict[str, Any]:
    agency = registry.agencies.get(c.id)
    return {
        "id": c.id,
        "name": registry.name_of(c.id),
        "class": c.id in registry.classes,
        "level": agency.level if agency else None,
        "code": agency.code if agency else None,
        "from": _iso(agency.valid_from) if agency else None,
        "until": _iso(agency.until) if agency else None,
        "lead": c.lead_total,
        "lead_direct": c.lead_direct,
        "co": c.co_total,
        "co_direct": c.co_direct,
        "members": c.members,
    }


def score(s: Score) -> ScoreData:
    return {
        "points": s.points,
        "max_points": s.scale.max_points,
        "percent": s.percent,
        "scale": s.scale.name,
        "source": s.scale.source,
        "example": s.scale.example,
    }


def matrix(m: Matrix) -> MatrixData:
    cells: list[MatrixCell] = [
        {
            "item": i.id,
            "plan": i.plan.id,
            "agency": a,
            "status": s.status,
            "status_label": s.label,
            "days_overdue": s.days_overdue,
            "completed_on": _iso(s.completed_on),
        }
        for i in m.items
        for a in m.agencies
        if (s := m.cell(i, a)) is not None
    ]
    return {
        "as_of": m.as_of.isoformat(),
        "items": [{"id": i.id, "plan": i.plan.id, "task": i.task} for i in m.items],
        "agencies": [{"id": a, "name": m.registry.name_of(a)} for a in m.agencies],
        "cells": cells,
    }


def share(s: ItemStatus, registry: Registry) -> ShareData:
    """One agency's share of an item, for `show -f json`."""
    a = s.assignment
    assert a is not None  # a share's status has its assignment
    return {
        "agency": a.agency,
        "name": registry.name_of(a.agency),
        "via": a.via,
        "collective": a.collective,
        "status": s.status,
        "status_label": s.label,
        "milestones": [
            {
                "number": m.number,
                "due": _iso(m.milestone.due),
                "status": m.status,
                "completed_on": _iso(m.completed_on),
                "evidence": [r.evidence for r in m.reports if r.evidence],
            }
            for m in s.milestones
        ],
    }


def target(s: TargetStatus) -> dict[str, Any]:
    t = s.target
    return {
        "id": t.id,
        "source": s.source.number,
        "point": t.point,
        "also": f"{s.also.number} {t.also}" if s.also is not None and t.also else None,
        "text": t.text,
        "measure": t.measure,
        "comparator": t.comparator,
        "threshold": t.threshold,
        "out_of": t.out_of,
        "year": t.year,
        "each_year": t.each_year,
        "state": s.state,
        "state_label": TARGET_STATE[s.state],
        "final": s.final,
        "value": None if s.value is None else s.value.value,
        "value_year": None if s.value is None else s.value.year,
        "value_source": None if s.value is None else s.value.source,
        "values": [
            {"year": v.year, "value": v.value, "out_of": v.out_of, "source": v.source}
            for v in t.values
        ],
    }
