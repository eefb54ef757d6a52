"""The shape of plan and registry files: frozen pydantic models, no I/O."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from caicach.dates import FIRST_YEAR, LAST_YEAR, check_year, parse_day, vn_date
from caicach.plan.milestone import Kind
from caicach.plan.period import Period
from caicach.plan.words import EntryKind, entry_kind

# Item letters in Vietnamese alphabet order, as plans number them: there is đ, there is no f or j.
ITEM_LETTERS = [*"abcd", "đ", *"eghiklmnopqrstuvxy"]
ITEM_ID = re.compile(r"^(?P<area>[1-9]\d*)\.(?P<letter>[a-zđ])(?:\.(?P<sub>[1-9]\d*))?$")
SLUG = r"^[a-z0-9][a-z0-9-]*$"

Level = Literal["trung-uong", "tinh", "huyen", "xa"]
AgencyKind = Literal[
    "so",
    "ban",
    "van-phong",
    "thanh-tra",
    "ubnd",
    "hdnd",
    "don-vi-su-nghiep",
    "bao-chi",
    "bo-nganh",
    "to-cong-tac",  # a leader's working group (Tổ công tác của Chủ tịch UBND tỉnh): in no class
]
Text = Annotated[str, Field(min_length=1)]
# An address as the registry and office.yaml write it: local@domain, no display name, no blanks
# (a typo such as "snv@quangngai,gov.vn" is refused where it is written, not at the mail server).
Email = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$",
        max_length=254,
    ),
]


def _addresses(value: object) -> object:
    """`email: a@b` and `email: [a@b, c@d]` both say an agency's addresses."""
    return (value,) if isinstance(value, str) else value


def _day(value: object) -> object:
    """Hand-written files say 31/01/2024 as often as 2024-01-31: both are read, by the reader
    the command line uses. YAML's own dates arrive as strings (see load/yaml_source.py)."""
    return parse_day(value) if isinstance(value, str) else value


Day = Annotated[dt.date, BeforeValidator(_day, json_schema_input_type=str)]


class Frozen(BaseModel):
    # defer_build: a validator is built when first used, so a run answered from the cache (which
    # validates nothing) does not pay for building them all (20 ms of every start-up).
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, defer_build=True)


# --- the agency registry ------------------------------------------------------------------------


class Succession(Frozen):
    """Where an agency's work went when it was merged, split or renamed: the agency that took it
    (or a part of it), from which day, and what decided or reports it."""

    agency: Annotated[str, Field(pattern=SLUG)] = Field(description="the successor's registry id")
    date: Day | None = Field(default=None, description="from this day; null when unverified")
    part: str | None = Field(default=None, description="the part of the work, when split")
    act: str | None = Field(default=None, description="the decision, when known")
    source: Text = Field(description="where this is published")


class Agency(Frozen):
    model_config = ConfigDict(populate_by_name=True)  # merged with Frozen's

    id: Annotated[str, Field(pattern=SLUG)]
    name: Text
    abbreviations: tuple[Text, ...] = ()
    aliases: tuple[Text, ...] = ()
    kind: AgencyKind
    level: Level
    note: str | None = None
    code: str | None = Field(default=None, description="official code (mã đơn vị hành chính)")
    valid_from: Day | None = Field(default=None, alias="from", description="it exists from")
    until: Day | None = Field(default=None, description="it no longer exists from this day")
    successors: tuple[Succession, ...] = ()
    email: Annotated[
        tuple[Email, ...],
        BeforeValidator(_addresses, json_schema_input_type=Email | list[Email]),
    ] = Field(default=(), description="where reminders are sent (caicach remind --send)")


class Membership(Frozen):
    """Which registry agencies belong to a class: all of the given level and kinds."""

    level: Level
    kinds: tuple[AgencyKind, ...]


class AgencyClass(Frozen):
    """A class of agencies a plan names as one ("các sở, ban ngành", "UBND cấp huyện").
    `members: null` is a class that names nobody in particular ("các cơ quan có liên quan")."""

    id: Annotated[str, Field(pattern=SLUG)]
    name: Text
    aliases: tuple[Text, ...] = ()
    members: Membership | None
    sub_units: tuple[Text, ...] = Field(
        default=(), description="units of every member, named as one (Phòng Tư pháp cấp huyện)"
    )
    note: str | None = None


class RegistryInfo(Frozen):
    province: Text
    valid_for: Text
    sources: tuple[Text, ...] = ()


class RegistryFile(Frozen):
    registry: RegistryInfo
    agencies: tuple[Agency, ...]
    classes: tuple[AgencyClass, ...] = ()


# --- plans --------------------------------------------------------------------------------------


class Party(Frozen):
    """An agency as the plan writes it, with the part it plays when the plan says ("+" bullets)."""

    name: Text
    role: str | None = None


def _parties(value: object) -> object:
    if isinstance(value, str):  # `lead: Sở Tư pháp` names one agency
        value = [value]
    if isinstance(value, list):
        return [{"name": v} if isinstance(v, str) else v for v in value]
    return value


_PartiesInput = str | list[str | Party]


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


class MilestoneSpec(Frozen):
    """A milestone written out in the plan file, for dates the deadline text leaves open."""

    label: str | None = None
    due: Day | None
    kind: Kind = "once"
    reason: str | None = None

    @model_validator(mode="after")
    def _undated_needs_reason(self) -> MilestoneSpec:
        if self.due is None and not self.reason:
            raise ValueError("mốc không có `due` cần có `reason` (lý do)")
        if (self.due is None) != (self.kind == "undated"):
            raise ValueError("`kind: undated` đi với `due: null`, và chỉ với nó")
        return self


# An item's id becomes a page name (site) and is typed on command lines: no blank, line break or
# control character (an id ending in a newline passed and became a page name), no / \ or `:`
# (a path, or the `plan:id` separator).
_NOT_IN_ID = re.compile(r"[\s\x00-\x1f\x7f/\\:]")


def _item_id(value: str) -> str:
    if _NOT_IN_ID.search(value):
        raise ValueError(
            "mã nhiệm vụ không được chứa dấu cách, xuống dòng, ký tự điều khiển, /, \\ hay :"
        )
    return value


ItemId = Annotated[str, Field(min_length=1), AfterValidator(_item_id)]


class Item(Frozen):
    id: ItemId
    task: Text
    lead: tuple[Party, ...] = ()
    lead_text: str | None = None
    co: tuple[Party, ...] = ()
    co_text: str | None = None
    products: tuple[Text, ...] = ()
    deadline: str | None = None
    milestones: tuple[MilestoneSpec, ...] | None = None
    notes: tuple[Text, ...] = ()
    subitems: tuple[Item, ...] = ()

    @field_validator("lead", "co", mode="before", json_schema_input_type=_PartiesInput)
    @classmethod
    def _short_parties(cls, value: object) -> object:
        return _parties(value)

    @field_validator("products", "notes", mode="before", json_schema_input_type=str | list[str])
    @classmethod
    def _short_lists(cls, value: object) -> object:
        return _one_or_many(value)

    @field_validator("id")
    @classmethod
    def _id_form(cls, value: str) -> str:
        m = ITEM_ID.match(value)
        if not m or m["letter"] not in ITEM_LETTERS:
            raise ValueError(
                f"mã nhiệm vụ {value!r} phải có dạng <lĩnh vực>.<chữ cái>[.<số>] với chữ cái tiếng "
                f"Việt ({' '.join(ITEM_LETTERS)}), vd. 1.a, 1.đ, 2.k.1"
            )
        return value

    @model_validator(mode="after")
    def _leaf_or_parent(self) -> Item:
        if self.subitems:
            if self.lead or self.deadline or self.milestones is not None:
                raise ValueError(
                    "nhiệm vụ có `subitems` ghi cơ quan chủ trì và thời hạn ở các nhiệm vụ con"
                )
        else:
            if not self.lead:
                raise ValueError("nhiệm vụ cần có `lead` (cơ quan chủ trì)")
            if self.deadline is None and self.milestones is None:
                raise ValueError(
                    "nhiệm vụ cần có `deadline` (thời hạn như văn bản ghi) hoặc `milestones`"
                )
        return self


class Area(Frozen):
    id: Annotated[int, Field(ge=1)]
    printed: Text = Field(description="the number as printed in the decision, e.g. '7.'")
    title: Text


class PlanPeriod(Frozen):
    """The time a plan covers as its file writes it, first and last day included."""

    model_config = ConfigDict(populate_by_name=True)  # merged with Frozen's

    starts: Day = Field(alias="from", description="the first day")
    ends: Day = Field(alias="to", description="the last day")

    @model_validator(mode="after")
    def _in_order(self) -> PlanPeriod:
        if self.ends < self.starts:
            raise ValueError(
                f"thời gian của kế hoạch kết thúc ({vn_date(self.ends)}) trước khi bắt đầu "
                f"({vn_date(self.starts)})"
            )
        return self


_YEARS = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
YearsText = Annotated[str, Field(pattern=_YEARS.pattern)]


def _period(value: object) -> object:
    """`period: 2026-2030` is whole years, first to last; `period: 2024` one year; a mapping
    `{from: 2025-11-20, to: 2030-12-31}` gives the days."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value}-{value}"
    if not isinstance(value, str):
        return value
    m = _YEARS.match(value)
    if not m:
        raise ValueError(
            f"{value!r}: ghi năm đầu - năm cuối (2026-2030) hoặc "
            "{from: 2026-01-01, to: 2030-12-31}"
        )
    for year in m.groups():
        check_year(int(year), value)
    return {"from": dt.date(int(m[1]), 1, 1), "to": dt.date(int(m[2]), 12, 31)}


PeriodInput = Annotated[
    PlanPeriod, BeforeValidator(_period, json_schema_input_type=YearsText | Year | PlanPeriod)
]


def _not_null(schema: dict[str, Any]) -> None:
    """An optional key is left out, never written as null: so the schema says (editors then
    suggest a value, not null)."""
    kinds = [k for k in schema.pop("anyOf", []) if k != {"type": "null"}]
    schema.update(kinds[0] if len(kinds) == 1 else {"anyOf": kinds})


class PlanInfo(Frozen):
    """A plan's header. Its time is `year` (one year) or `period` (several years, or two days);
    with both, the year lies in the period."""

    model_config = ConfigDict(  # merged with Frozen's
        json_schema_extra={"anyOf": [{"required": ["year"]}, {"required": ["period"]}]}
    )

    id: Annotated[str, Field(pattern=SLUG)]
    number: Text
    date: Day
    issuer: Text
    signer: str | None = None
    # Declared before `year`, so that the year is checked against it.
    written_period: PeriodInput | None = Field(
        default=None,
        alias="period",
        json_schema_extra=_not_null,
        description="the years (2026-2030) or days ({from: …, to: …}) the plan covers",
    )
    written_year: Year | None = Field(
        default=None,
        alias="year",
        json_schema_extra=_not_null,
        description="the plan's year; beside `period`, one of the period's years",
    )
    title: Text
    items_in: Text | None = Field(
        default=None,
        description="the part of the document whose numbered areas hold the items, as printed "
        "('Mục II'): a notice cites 1.đ as 'điểm đ khoản 1 Mục II'",
    )
    based_on: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()

    @field_validator("written_year")
    @classmethod
    def _year_in_period(cls, year: int | None, info: ValidationInfo) -> int | None:
        span = info.data.get("written_period")
        if year is not None and span is not None and not span.starts.year <= year <= span.ends.year:
            shown = Period(span.starts, span.ends).text
            raise ValueError(f"năm {year} nằm ngoài thời gian của kế hoạch ({shown})")
        return year

    @model_validator(mode="after")
    def _has_a_time(self) -> PlanInfo:
        if self.written_year is None and self.written_period is None:
            raise ValueError("kế hoạch cần `year` (vd. 2024) hoặc `period` (vd. 2026-2030)")
        return self

    @property
    def period(self) -> Period:
        """The time the plan covers: its `period`, else the whole of its `year`."""
        if self.written_period is not None:
            return Period(self.written_period.starts, self.written_period.ends)
        assert self.written_year is not None  # _has_a_time
        return Period.of_years(self.written_year)

    @property
    def starts(self) -> dt.date:
        return self.period.starts

    @property
    def ends(self) -> dt.date:
        return self.period.ends

    @property
    def year(self) -> int:
        """The plan's year: the one written, else the first of its period (where a deadline
        without a year falls). For the year a given day belongs to, see `period.year_of`."""
        if self.written_year is not None:
            return self.written_year
        return self.period.starts.year


class PlanFile(Frozen):
    plan: PlanInfo
    areas: tuple[Area, ...]
    items: tuple[Item, ...]


# --- progress logs ------------------------------------------------------------------------------


class ProgressEntry(Frozen):
    """One report about an item: done, in progress, a note, or cancelled by a later decision.

    `milestone` is a 1-based index, a period (`2024-03`, `2024-Q1`) or a label; none means
    the item as a whole. `agency` is the reporting agency (for items shared by several)."""

    item: Text
    milestone: int | Text | None = None
    agency: Text | None = None
    kind: EntryKind
    date: Day
    evidence: str | None = None
    note: str | None = None
    corrects: bool = Field(
        default=False,
        description="supersedes the earlier done / cancelled entries of its milestone and agency",
    )
    recorded: dt.datetime | None = None

    @field_validator("kind", mode="before", json_schema_input_type=EntryKind | str)
    @classmethod
    def _kind_in_vietnamese(cls, value: object) -> object:
        """`kind: hoàn thành` in a hand-written entry means `done`."""
        return entry_kind(value) if isinstance(value, str) else value


class ProgressFile(Frozen):
    progress: Annotated[str, Field(pattern=SLUG, description="the plan id this log is about")]
    entries: tuple[ProgressEntry, ...] = ()

    @field_validator("entries", mode="before", json_schema_input_type=list[ProgressEntry] | None)
    @classmethod
    def _empty_list(cls, value: object) -> object:
        return () if value is None else value


# --- scoring ------------------------------------------------------------------------------------


class Band(Frozen):
    """Points for a completion rate: `above` is exclusive, `at_least` inclusive (percent)."""

    above: Annotated[float, Field(ge=0, le=100)] | None = None
    at_least: Annotated[float, Field(ge=0, le=100)] | None = None
    points: float

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if (self.above is None) == (self.at_least is None):
            raise ValueError("mỗi mức ghi đúng một trong `above` hoặc `at_least`")
        return self

    def admits(self, percent: float) -> bool:
        if self.above is not None:
            return percent > self.above
        return self.at_least is not None and percent >= self.at_least


class Scoring(Frozen):
    name: Text
    source: Text
    example: bool = False
    max_points: float
    bands: tuple[Band, ...] = Field(min_length=1)


class ScoringFile(Frozen):
    scoring: Scoring


# --- reporting calendar -------------------------------------------------------------------------

MonthDay = Annotated[str, Field(pattern=r"^\d\d-\d\d$", description="MM-DD, e.g. 03-14")]


class ReportingPeriod(Frozen):
    """A periodic report: its data window (start may fall in the previous year) and due day."""

    label: Text
    start: MonthDay
    start_previous_year: bool = False
    end: MonthDay
    due: MonthDay

    @field_validator("start", "end", "due")
    @classmethod
    def _real_day(cls, value: str) -> str:
        month, day = (int(x) for x in value.split("-"))
        dt.date(2024, month, day)  # a leap year, so 02-29 passes; ValueError otherwise
        return value


class ReportingFile(Frozen):
    reporting: dict[Annotated[str, Field(pattern=SLUG)], ReportingPeriod]


# --- targets (chỉ tiêu) -------------------------------------------------------------------------

Measure = Literal["rank", "percent", "count", "yes-no"]
Comparator = Literal["at-least", "at-most", "equals"]


class TargetSource(Frozen):
    """The act that sets targets: its number, date and issuer, and the part that lists them."""

    number: Text
    date: Day
    issuer: Text
    part: Text = Field(description="where in the act the targets are, e.g. Điều 1, mục I.3")


class MeasuredValue(Frozen):
    """A published figure for a target: the year it is about, the value, where it was published."""

    year: Annotated[int, Field(ge=1990, le=2100)]
    value: float
    out_of: int | None = Field(default=None, description="for a rank: how many were ranked")
    source: Text


class Target(Frozen):
    """One measurable target (chỉ tiêu): its text as the act writes it, what is measured and how it
    is met, the year it is for, and the values published so far."""

    id: Annotated[str, Field(pattern=SLUG)]
    point: Text = Field(description="the point of the act, e.g. a) or 3.a")
    also: str | None = Field(default=None, description="the same target in another act")
    text: Text = Field(description="the target as the act writes it")
    measure: Measure
    comparator: Comparator
    threshold: float
    out_of: int | None = Field(default=None, description="for a rank: of how many, e.g. 63")
    year: Annotated[int, Field(ge=1990, le=2100)] = Field(description="the year it is due")
    each_year: bool = Field(default=False, description="to be met every year up to `year`")
    values: tuple[MeasuredValue, ...] = ()
    notes: tuple[Text, ...] = ()


class TargetFile(Frozen):
    targets: TargetSource
    also: TargetSource | None = None
    items: tuple[Target, ...]
