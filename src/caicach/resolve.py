"""From validated plan models to trackable items: agencies resolved, deadlines read.

Every problem is reported with the location of the value it concerns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from caicach.agencies import Registry
from caicach.deadlines import DeadlineError, Milestone, parse
from caicach.errors import Problem
from caicach.model import Area, Item, MilestoneSpec, Party, PlanFile, PlanInfo
from caicach.text import fold_words

Locate = Callable[[tuple[str | int, ...], str], Problem]


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
    plan: PlanFile, registry: Registry, locate: Locate, path: str
) -> tuple[list[TrackedItem], list[Problem]]:
    problems: list[Problem] = []
    areas: dict[int, Area] = {}
    for i, area in enumerate(plan.areas):
        if area.id in areas:
            problems.append(locate(("areas", i, "id"), f"area {area.id} is listed twice"))
        areas.setdefault(area.id, area)
    items: list[TrackedItem] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(plan.items):
        loc: tuple[str | int, ...] = ("items", i)
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
            seen[leaf.id] = i
            area_id = int(leaf.id.split(".")[0])
            if area_id not in areas:
                problems.append(
                    locate(
                        (*leaf_loc, "id"),
                        f"item {leaf.id!r} is in area {area_id}, which `areas` lacks",
                    )
                )
                continue
            tracked = _track(
                plan,
                areas[area_id],
                leaf,
                parent_task,
                registry,
                _reporter(problems, locate, leaf_loc),
            )
            if tracked is not None:
                line = locate((*leaf_loc, "id"), "").line
                items.append(_with_source(tracked, path, line))
    return items, problems


def _reporter(
    problems: list[Problem], locate: Locate, base: tuple[str | int, ...]
) -> Callable[[tuple[str | int, ...], str], None]:
    def report(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(locate((*base, *loc), message))

    return report


def _with_source(item: TrackedItem, path: str, line: int) -> TrackedItem:
    return TrackedItem(**{**item.__dict__, "path": path, "line": line})


def _track(
    plan: PlanFile,
    area: Area,
    item: Item,
    parent_task: str | None,
    registry: Registry,
    report: Callable[[tuple[str | int, ...], str], None],
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
        "",
        0,
    )


def _assignees(
    parties: tuple[Party, ...],
    text: str | None,
    field: str,
    registry: Registry,
    report: Callable[[tuple[str | int, ...], str], None],
) -> tuple[Assignee, ...] | None:
    result: list[Assignee] = []
    ok = True
    folded_text = fold_words(text) if text is not None else None
    for j, party in enumerate(parties):
        resolved = registry.resolve(party.name)
        if resolved is None:
            hint = registry.suggest(party.name)
            did_you_mean = f"; did you mean {' or '.join(repr(h) for h in hint)}?" if hint else ""
            report(
                (field, j),
                f"unknown agency {party.name!r}{did_you_mean} "
                "(add it, or an alias, to the agency registry)",
            )
            ok = False
            continue
        if folded_text is not None and fold_words(party.name) not in folded_text:
            report((field, j), f"{party.name!r} does not appear in {field}_text")
            ok = False
        result.append(Assignee(party.name, party.role, resolved.id))
    return tuple(result) if ok else None


def _milestones(
    item: Item, year: int, report: Callable[[tuple[str | int, ...], str], None]
) -> tuple[Milestone, ...] | None:
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
