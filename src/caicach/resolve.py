"""From validated plan models to trackable items: agencies resolved, deadlines read.

Every problem is reported with the location of the value it concerns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from caicach.agencies import Registry
from caicach.deadlines import DeadlineError, Milestone, parse
from caicach.errors import Problem
from caicach.model import Area, Item, MilestoneSpec, Party, PlanFile, PlanInfo
from caicach.text import fold_words

if TYPE_CHECKING:
    from caicach.yaml_source import Document, Loc

Report = Callable[["Loc", str], None]


@dataclass(frozen=True)
class Assignee:
    """An agency of an item as written, and the registry entry it resolved to."""

    name: str
    role: str | None
    agency_id: str


@dataclass(frozen=True)
class TrackedItem:
    plan: PlanInfo
    area: Area
    id: str
    task: str
    parent_task: str | None
    lead: tuple[Assignee, ...]
    co: tuple[Assignee, ...]
    products: tuple[str, ...]
    deadline: str | None
    milestones: tuple[Milestone, ...]
    notes: tuple[str, ...]
    path: str
    line: int

    @property
    def qualified_id(self) -> str:
        return f"{self.plan.id}:{self.id}"

    @property
    def dated(self) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.due is not None)


def resolve_plan(
    plan: PlanFile, registry: Registry, doc: Document
) -> tuple[list[TrackedItem], list[Problem]]:
    problems: list[Problem] = []
    locate = doc.problem
    areas: dict[int, Area] = {}
    for i, area in enumerate(plan.areas):
        if area.id in areas:
            problems.append(locate(("areas", i, "id"), f"area {area.id} is listed twice"))
        areas.setdefault(area.id, area)
    items: list[TrackedItem] = []
    seen: set[str] = set()
    for i, item in enumerate(plan.items):
        loc: Loc = ("items", i)
        leaves = (
            [(item, loc, None)]
            if not item.subitems
            else [(sub, (*loc, "subitems", k), item.task) for k, sub in enumerate(item.subitems)]
        )
        for k, sub in enumerate(item.subitems):
            if not sub.id.startswith(item.id + "."):
                problems.append(
                    locate(
                        (*loc, "subitems", k, "id"),
                        f"sub-item id {sub.id!r} must start with {item.id + '.'!r}",
                    )
                )
        for leaf, leaf_loc, parent_task in leaves:
            if leaf.id in seen:
                problems.append(
                    locate((*leaf_loc, "id"), f"item id {leaf.id!r} is used twice in this plan")
                )
                continue
            seen.add(leaf.id)
            area_id = int(leaf.id.split(".")[0])
            if area_id not in areas:
                problems.append(
                    locate(
                        (*leaf_loc, "id"),
                        f"item {leaf.id!r} is in area {area_id}, which `areas` lacks",
                    )
                )
                continue
            source = (str(doc.path), doc.locate((*leaf_loc, "id"))[0])
            report = _reporter(problems, doc, leaf_loc)
            tracked = _track(plan, areas[area_id], leaf, parent_task, registry, report, source)
            if tracked is not None:
                items.append(tracked)
    return items, problems


def _reporter(problems: list[Problem], doc: Document, base: Loc) -> Report:
    def report(loc: Loc, message: str) -> None:
        problems.append(doc.problem((*base, *loc), message))

    return report


def _track(
    plan: PlanFile,
    area: Area,
    item: Item,
    parent_task: str | None,
    registry: Registry,
    report: Report,
    source: tuple[str, int],
) -> TrackedItem | None:
    lead = _assignees(item.lead, item.lead_text, "lead", registry, report)
    co = _assignees(item.co, item.co_text, "co", registry, report)
    milestones = _milestones(item, plan.plan.year, report)
    if lead is None or co is None or milestones is None:
        return None
    return TrackedItem(
        plan.plan,
        area,
        item.id,
        item.task,
        parent_task,
        lead,
        co,
        item.products,
        item.deadline,
        milestones,
        item.notes,
        *source,
    )


def _assignees(
    parties: tuple[Party, ...],
    text: str | None,
    field: str,
    registry: Registry,
    report: Report,
) -> tuple[Assignee, ...] | None:
    result: list[Assignee] = []
    ok = True
    folded_text = fold_words(text) if text is not None else None
    for j, party in enumerate(parties):
        resolved = registry.resolve(party.name)
        if resolved is None:
            report(
                (field, j),
                f"unknown agency {party.name!r}{registry.did_you_mean(party.name)} "
                "(add it, or an alias, to the agency registry)",
            )
            ok = False
            continue
        if folded_text is not None and fold_words(party.name) not in folded_text:
            report((field, j), f"{party.name!r} does not appear in {field}_text")
            ok = False
        result.append(Assignee(party.name, party.role, resolved.id))
    return tuple(result) if ok else None


def _milestones(item: Item, year: int, report: Report) -> tuple[Milestone, ...] | None:
    if item.milestones is not None:
        return tuple(_from_spec(m) for m in item.milestones)
    assert item.deadline is not None  # the model requires deadline or milestones
    try:
        return parse(item.deadline, year)
    except DeadlineError as exc:
        report(("deadline",), f"deadline: {exc}")
        return None


def _from_spec(spec: MilestoneSpec) -> Milestone:
    return Milestone(spec.label, spec.due, spec.kind, note=spec.reason)
