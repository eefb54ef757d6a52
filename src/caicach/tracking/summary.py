"""The four official boxes, completion and on-time rates, scores, and counts per agency."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from caicach.plan.items import TrackedItem
from caicach.plan.model import Scoring
from caicach.plan.registry import Registry
from caicach.tracking.matrix import Matrix
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


def summarize(
    rows: Sequence[Row], by: By, registry: Registry, shares: Matrix | None = None
) -> tuple[list[Tally], Tally]:
    """The boxes by area or plan, each item counted once; by agency, each agency's own shares as
    the owner of shares holds them (`shares`: the matrix of the same items and day)."""
    total = Tally("", "Tổng cộng")
    shared = _shared_areas(rows) if by == "area" else frozenset()
    for r in rows:
        if r.status is not None:
            total.add(r.status)
    if by == "agency":
        assert shares is not None, "counts by agency are the owner's: pass the matrix"
        return _by_agency(shares, {r.item.qualified_id for r in rows}), total
    groups: dict[str, Tally] = {}
    for r in rows:
        if r.status is None:
            continue
        key, label = _group(r.item, by, shared)
        groups.setdefault(key, Tally(key, label)).add(r.status)
    order = _group_order(by)
    return sorted(groups.values(), key=lambda t: order(t.key)), total


def _by_agency(m: Matrix, items: set[str]) -> list[Tally]:
    columns: dict[str, list[ItemStatus]] = {agency: [] for agency in m.agencies}
    for qid, row in m.rows.items():  # one pass over the grid, not one per agency
        if qid in items:
            for agency, share in row.items():
                columns[agency].append(share)
    return agency_tallies(columns, m.registry, m.as_of)


def agency_tallies(
    columns: dict[str, list[ItemStatus]], registry: Registry, day: date
) -> list[Tally]:
    """A tally per agency with something to count (in the order given), named as on the day: an
    agency that had ended with its end and who carries its work."""
    groups = []
    for agency, statuses in columns.items():
        tally = Tally(agency, registry.ended_note(agency, day) or registry.name_of(agency))
        for s in statuses:
            tally.add(s)
        if statuses:
            groups.append(tally)
    return groups


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


def _shared_areas(rows: Sequence[Row]) -> frozenset[int]:
    """The area ids that every plan among the rows numbers and names alike (a year's copy of a
    plan): one area across plans. Any other area is its own plan's: area 2 of Thông báo 185 is
    not area 2 of 1879."""
    seen: dict[int, set[tuple[str, str]]] = {}
    for r in rows:
        seen.setdefault(r.item.area.id, set()).add((r.item.area.printed, r.item.area.title))
    return frozenset(area for area, names in seen.items() if len(names) == 1)


def _group(item: TrackedItem, by: By, shared: frozenset[int]) -> tuple[str, str]:
    if by == "plan":
        return item.plan.id, f"{item.plan.number}: {item.plan.title}"
    label = f"{item.area.printed} {item.area.title}"
    if item.area.id in shared:
        return str(item.area.id), label
    return f"{item.plan.id}:{item.area.id}", f"{item.plan.number}: {label}"


def _group_order(by: By) -> Callable[[str], tuple[Any, ...]]:
    if by == "area":  # "3", or "tb-185-2018:3" for an area of one plan only
        return lambda key: (key.rpartition(":")[0], int(key.rpartition(":")[2]))
    return lambda key: (key,)
