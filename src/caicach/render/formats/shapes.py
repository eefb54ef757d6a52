"""The shapes of the JSON that `-f json` prints: the stable contract README documents.

render/formats/data.py and jsonout.py return these, so mypy checks every dict they build against
its shape, and `caicach schema --output COMMAND` makes the JSON Schema of a command's output from
them (output_schema.py). A field added or renamed in one place and not the other fails
mypy or the tests that validate each command's real output against its schema."""

from __future__ import annotations

import sys
from typing import Literal, NotRequired

from caicach.plan.milestone import Kind
from caicach.plan.words import EntryKind, Status
from caicach.tracking.history import Successor

# pydantic reads TypedDicts only from typing_extensions before Python 3.12 (typing's lack what it
# needs); typing_extensions comes with pydantic, a dependency.
if sys.version_info >= (3, 12):
    from typing import TypedDict
else:
    from typing_extensions import TypedDict


class MilestoneData(TypedDict):
    """A milestone as the plan gives it."""

    label: str | None
    name: str
    due: str | None
    kind: Kind
    period: str | None
    note: str | None


class ReportData(TypedDict):
    """A report that counts for a milestone."""

    agency: str | None
    date: str
    evidence: str | None
    summary: bool


class MilestoneStatusData(MilestoneData):
    """A milestone assessed on the day."""

    number: int
    status: Status
    status_label: str
    completed_on: str | None
    evidence: str | None
    days_overdue: int | None
    reported: list[str]
    waiting: list[str]
    reports: list[ReportData]


class AssigneeData(TypedDict):
    """An agency of an item as written, the registry id it resolves to, what it does."""

    name: str
    agency: str
    role: str | None


class MatchData(TypedDict):
    """How an item concerns the agency asked for (`--agency`)."""

    role: Literal["lead", "co"]
    via: str | None
    of: str | None
    since: str | None


class ItemHead(TypedDict):
    """An item as its plan gives it: the fields before its milestones."""

    id: str
    plan: str
    qualified_id: str
    area: int
    area_printed: str
    area_title: str
    task: str
    parent_task: str | None
    lead: list[str]
    lead_agencies: list[str]
    lead_details: list[AssigneeData]
    co: list[str]
    co_agencies: list[str]
    co_details: list[AssigneeData]
    products: list[str]
    deadline: str | None


class ItemTail(TypedDict):
    """The fields after an item's milestones."""

    notes: list[str]
    source: str


class Concerned(TypedDict, total=False):
    """How an item concerns the agency asked for: with `--agency` only."""

    match: MatchData


class StatusData(TypedDict):
    """An item's status on the day."""

    as_of: str
    status: Status
    status_label: str
    status_detail: str | None
    progress_reported: bool
    due: str | None
    completed_on: str | None
    days_overdue: int | None
    overdue_milestones: list[MilestoneStatusData]


class ItemData(ItemHead, ItemTail, Concerned):
    """An item as its plan gives it, not assessed."""

    milestones: list[MilestoneData]


class AssessedRow(ItemHead, ItemTail, Concerned, StatusData):
    """An item and its status on the day, its milestones assessed."""

    milestones: list[MilestoneStatusData]


class ListedRow(AssessedRow):
    """An item as `list` and `overdue` print it."""

    lead_successors: list[Successor]


class ShareMilestoneData(TypedDict):
    """A milestone of one agency's share."""

    number: int
    due: str | None
    status: Status
    completed_on: str | None
    evidence: list[str]


class ShareData(TypedDict):
    """One agency's share of an item."""

    agency: str
    name: str
    via: str | None
    collective: bool
    status: Status
    status_label: str
    milestones: list[ShareMilestoneData]


class RecordData(TypedDict):
    """A progress entry."""

    item: str
    plan: str
    milestone: int | None
    milestone_label: str | None
    milestone_name: str | None
    agency: str | None
    kind: EntryKind
    date: str
    evidence: str | None
    note: str | None
    recorded: str | None
    corrects: bool
    superseded: bool
    source: str


class ShownItem(ListedRow):
    """An item as `show` prints it: with every agency's share and its history."""

    assignments: list[ShareData]
    history: list[RecordData]


class TallyData(TypedDict):
    """Items in the official boxes; rates over the items due by the day (null when none is)."""

    key: str
    label: str
    items_with_date: int
    dung_han: int
    tre_han: int
    dang_thuc_hien: int
    chua_thuc_hien: int
    qua_han: int
    khong_xac_dinh: int
    da_huy: int
    due_by_as_of: int
    completed_of_due: int
    completed_on_time_of_due: int
    completion_rate: float | None
    on_time_rate: float | None


class ScoreData(TypedDict):
    """Points on the scoring scale for the completion rate."""

    points: float
    max_points: float
    percent: float
    scale: str
    source: str
    example: bool


class WeekData(TypedDict):
    """A week of the year's trend."""

    week: int
    end: str
    due: int
    done: int
    done_of_due: int


class SummaryData(TypedDict):
    """`summary`: the boxes by group and in total."""

    as_of: str
    by: str
    groups: list[TallyData]
    total: TallyData
    score: NotRequired[ScoreData]
    trend: NotRequired[list[WeekData]]


class MatrixItem(TypedDict):
    id: str
    plan: str
    task: str


class MatrixAgency(TypedDict):
    id: str
    name: str


class MatrixCell(TypedDict):
    """One agency's share of one item."""

    item: str
    plan: str
    agency: str
    status: Status
    status_label: str
    days_overdue: int | None
    completed_on: str | None


class MatrixData(TypedDict):
    """`matrix`: items by agencies."""

    as_of: str
    items: list[MatrixItem]
    agencies: list[MatrixAgency]
    cells: list[MatrixCell]


class ProblemData(TypedDict):
    """A located problem; `line` and `col` are 1-based, 0 when unknown."""

    path: str
    line: int
    col: int
    message: str


class CheckData(TypedDict):
    """`validate`: whether the files are sound, what was checked (when they are), the problems."""

    ok: bool
    plans: NotRequired[int]
    items: NotRequired[int]
    agencies: NotRequired[int]
    classes: NotRequired[int]
    records: NotRequired[int]
    targets: NotRequired[int]
    problems: list[ProblemData]
