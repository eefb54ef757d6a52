"""A plan file → its tracked items, validated and resolved against the registry (deadlines,
agencies), through the cache."""

from __future__ import annotations

from dataclasses import dataclass

from caicach.load.sources import Run, Source
from caicach.load.validate import validate
from caicach.plan.items import TrackedItem
from caicach.plan.model import PlanFile
from caicach.plan.registry import Registry


@dataclass(frozen=True)
class Resolved:
    """What a plan file gives, once read, validated and resolved against a registry."""

    plan_id: str
    items: list[TrackedItem]


def read_plan(
    source: Source, registry: Registry, registry_digest: str, run: Run
) -> Resolved | None:
    """The plan's items, or None when the file has problems (said in `run`). The entry depends
    on the registry too: an edited registry resolves every plan again."""

    def build() -> Resolved | None:
        from caicach.plan.resolve import resolve_plan  # deadlines and all: only on a miss

        doc = run.doc(source)
        plan = validate(doc, PlanFile, run.problems) if doc is not None else None
        if doc is None or plan is None:
            return None
        items, found = resolve_plan(plan, registry, doc)
        run.problems.extend(found)
        return Resolved(plan.plan.id, items)

    resolved = run.step(Resolved, "plan", (*source.key, registry_digest), build)
    source.release()
    return resolved
