"""From validated plan models to trackable items: agencies resolved, deadlines read.

Every problem is reported with the location of the value it concerns."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from caicach.errors import Loc, Locator, Problem
from caicach.plan.deadlines import DeadlineError, parse
from caicach.plan.items import Assignee, TrackedItem, assignments
from caicach.plan.milestone import Milestone
from caicach.plan.model import Area, Item, MilestoneSpec, Party, PlanFile
from caicach.plan.period import Period
from caicach.plan.registry import Registry
from caicach.text import fold_words

Report = Callable[[Loc, str], None]
T = TypeVar("T", bound=Hashable)


@dataclass
class _Plan:
    """One plan being resolved: what is found so far, and where to report problems."""

    plan: PlanFile
    registry: Registry
    doc: Locator
    areas: dict[int, Area] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    items: list[TrackedItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    shared: dict[Hashable, Hashable] = field(default_factory=dict)

    def report(self, loc: Loc, message: str) -> None:
        self.problems.append(self.doc.problem(loc, message))

    def same(self, value: T) -> T:
        """One object for equal values of the plan: its items name the same few agencies and
        dates again and again (10,000 items held 19,000 lead entries of 22 values, 10,000 lists
        of shares, most alike). All are frozen, so sharing them changes nothing but the cache:
        each is stored, and read back, once a plan (a quarter of the time a cached plan takes
        to read)."""
        return self.shared.setdefault(value, value)  # type: ignore[return-value]


def resolve_plan(
    plan: PlanFile, registry: Registry, doc: Locator
) -> tuple[list[TrackedItem], list[Problem]]:
    state = _Plan(plan, registry, doc)
    for i, area in enumerate(plan.areas):
        if area.id in state.areas:
            state.report(("areas", i, "id"), f"lĩnh vực {area.id} được liệt kê hai lần")
        state.areas.setdefault(area.id, area)
    for i, item in enumerate(plan.items):
        for leaf, loc, parent_task in _leaves(item, ("items", i), state):
            _add_leaf(state, leaf, loc, parent_task)
    return state.items, state.problems


def _leaves(item: Item, loc: Loc, state: _Plan) -> Iterator[tuple[Item, Loc, str | None]]:
    """The trackable items of a plan item: itself, or its sub-items."""
    if not item.subitems:
        yield item, loc, None
        return
    for k, sub in enumerate(item.subitems):
        sub_loc = (*loc, "subitems", k)
        if not sub.id.startswith(item.id + "."):
            state.report(
                (*sub_loc, "id"), f"mã nhiệm vụ con {sub.id!r} phải bắt đầu bằng {item.id + '.'!r}"
            )
        yield sub, sub_loc, item.task


def _add_leaf(state: _Plan, leaf: Item, loc: Loc, parent_task: str | None) -> None:
    if leaf.id in state.seen:
        state.report((*loc, "id"), f"mã nhiệm vụ {leaf.id!r} dùng hai lần trong kế hoạch này")
        return
    state.seen.add(leaf.id)
    area_id = int(leaf.id.split(".")[0])
    if area_id not in state.areas:
        state.report(
            (*loc, "id"),
            f"nhiệm vụ {leaf.id!r} thuộc lĩnh vực {area_id}, nhưng `areas` không có lĩnh vực này",
        )
        return

    def report(at: Loc, message: str) -> None:
        state.report((*loc, *at), message)

    lead = _assignees(leaf.lead, leaf.lead_text, "lead", state.registry, report)
    co = _assignees(leaf.co, leaf.co_text, "co", state.registry, report)
    milestones = _milestones(leaf, state.plan.plan.period, report)
    if lead is None or co is None or milestones is None:
        return
    lead, co = state.same(tuple(map(state.same, lead))), state.same(tuple(map(state.same, co)))
    period = state.plan.plan.period
    state.items.append(
        TrackedItem(
            state.plan.plan,
            state.areas[area_id],
            leaf.id,
            leaf.task,
            parent_task,
            lead,
            co,
            leaf.products,
            leaf.deadline,
            state.same(tuple(map(state.same, milestones))),
            leaf.notes,
            state.same(str(state.doc.path)),
            state.doc.locate((*loc, "id"))[0],
            state.same(assignments(lead, state.registry, period)),
            state.same(assignments(co, state.registry, period)),
        )
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
            report((field, j), registry.unknown(party.name))
            ok = False
            continue
        if folded_text is not None and fold_words(party.name) not in folded_text:
            report((field, j), f"{party.name!r} không có trong {field}_text")
            ok = False
        result.append(Assignee(party.name, party.role, resolved.id))
    return tuple(result) if ok else None


def _milestones(item: Item, period: Period, report: Report) -> tuple[Milestone, ...] | None:
    if item.milestones is not None:
        return tuple(_from_spec(m) for m in item.milestones)
    assert item.deadline is not None  # the model requires deadline or milestones
    try:
        return parse(item.deadline, period)
    except DeadlineError as exc:
        report(("deadline",), f"deadline: {exc}")
        return None


def _from_spec(spec: MilestoneSpec) -> Milestone:
    return Milestone(spec.label, spec.due, spec.kind, note=spec.reason)
