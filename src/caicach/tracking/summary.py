"""The four official boxes, completion and on-time rates, scores, and counts per agency."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from caicach.plan.items import TrackedItem, match
from caicach.plan.model import Scoring
from caicach.plan.registry import Registry
from caicach.tracking.queries import Row
from caicach.tracking.status import ItemStatus

# The boxes in the order reports print them; the third box is split in two.
BOXES = (
    "dung-han",
    "tre-han",
    "dang-thuc-hien",
    "chua-thuc-hien",
    "qua-han",
    "khong-xac-dinh",
    "da-huy",
)


@dataclass
class Tally:
    """Counts of items in the official boxes; rates over the items due by the day."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BOXES, 0))
    due_by: int = 0
    done_due_by: int = 0
    on_time_due_by: int = 0

    def add(self, s: ItemStatus) -> None:
        self.counts[s.detail or s.status] += 1
        if s.is_due:
            self.due_by += 1
            self.done_due_by += s.status in ("dung-han", "tre-han")
            self.on_time_due_by += s.status == "dung-han"

    @property
    def dated(self) -> int:
        """Items with a date: the four boxes."""
        return sum(self.counts[b] for b in BOXES[:5])

    @property
    def completion_rate(self) -> float | None:
        return self.done_due_by / self.due_by if self.due_by else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time_due_by / self.due_by if self.due_by else None

    @property
    def overdue_rate(self) -> float | None:
        return self.counts["qua-han"] / self.due_by if self.due_by else None


By = Literal["area", "agency", "plan"]


def summarize(rows: Sequence[Row], by: By, registry: Registry) -> tuple[list[Tally], Tally]:
    groups: dict[str, Tally] = {}
    total = Tally("", "Tổng cộng")
    for r in rows:
        if r.status is None:
            continue
        total.add(r.status)
        for key, label, status in _groups(r.item, r.status, by, registry):
            groups.setdefault(key, Tally(key, label)).add(status)
    order = _group_order(by, registry)
    return sorted(groups.values(), key=lambda t: order(t.key)), total


@dataclass(frozen=True)
class Score:
    points: float
    scale: Scoring
    percent: float


def score(rate: float | None, scale: Scoring) -> Score | None:
    """Points for a completion rate by the first band that admits it; none without a rate."""
    if rate is None:
        return None
    percent = rate * 100
    band = next((b for b in scale.bands if b.admits(percent)), None)
    return Score(band.points if band else 0, scale, percent)


def _groups(
    item: TrackedItem, status: ItemStatus, by: By, registry: Registry
) -> list[tuple[str, str, ItemStatus]]:
    """The groups an item counts in, each with the status it counts with: by agency, every
    agency owing a share, with the status of its own share."""
    if by == "area":
        return [(str(item.area.id), f"{item.area.printed} {item.area.title}", status)]
    if by == "plan":
        return [(item.plan.id, f"{item.plan.number}: {item.plan.title}", status)]
    shares = [(s.assignment, s) for s in status.assignments]
    return [(a.agency, registry.name_of(a.agency), s) for a, s in shares if a is not None]


def _group_order(by: By, registry: Registry) -> Callable[[str], tuple[Any, ...]]:
    if by == "area":
        return lambda key: (int(key),)
    if by == "plan":
        return lambda key: (key,)
    entities = list(registry.agencies) + list(registry.classes)
    return lambda key: (entities.index(key) if key in entities else len(entities), key)


@dataclass(frozen=True)
class AgencyCount:
    id: str
    lead_direct: int
    lead_total: int
    co_direct: int
    co_total: int


def agency_counts(items: Sequence[TrackedItem], registry: Registry) -> list[AgencyCount]:
    counts: list[AgencyCount] = []
    for entity_id in (*registry.agencies, *registry.classes):
        lead = [match(i, entity_id, registry, "lead") for i in items]
        co = [match(i, entity_id, registry, "co") for i in items]
        counts.append(
            AgencyCount(
                entity_id,
                sum(1 for m in lead if m and m.via is None),
                sum(1 for m in lead if m),
                sum(1 for m in co if m and m.via is None),
                sum(1 for m in co if m),
            )
        )
    return counts
