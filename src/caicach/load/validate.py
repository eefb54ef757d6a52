"""Validating YAML data against the models, every pydantic error turned into a located problem
with a hint."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from caicach.errors import Loc, Problem
from caicach.plan.model import (
    Agency,
    AgencyClass,
    Area,
    Item,
    MeasuredValue,
    Membership,
    MilestoneSpec,
    Party,
    PlanFile,
    PlanInfo,
    PlanPeriod,
    ProgressEntry,
    ProgressFile,
    RegistryFile,
    RegistryInfo,
    Target,
    TargetFile,
    TargetSource,
)
from caicach.plan.office import Office, OfficeFile

if TYPE_CHECKING:
    from caicach.load.yaml_source import Document

M = TypeVar("M", bound=BaseModel)
_KNOWN_KEYS = sorted(
    {
        name
        for model in (
            PlanFile,
            PlanInfo,
            PlanPeriod,
            ProgressEntry,
            ProgressFile,
            Area,
            Item,
            Party,
            MilestoneSpec,
            RegistryFile,
            RegistryInfo,
            Agency,
            AgencyClass,
            Membership,
            Office,
            OfficeFile,
            TargetFile,
            TargetSource,
            Target,
            MeasuredValue,
        )
        for key, field in model.model_fields.items()
        for name in [field.alias or key]  # as files write it: `period`, not `written_period`
    }
)


_FILE: Any = object()  # marker: validate the whole file
_SHAPES: dict[type[BaseModel], str] = {
    PlanFile: "tệp kế hoạch là một bảng khóa với `plan`, `areas` và `items`",
    RegistryFile: "danh mục cơ quan là một bảng khóa với `registry`, `agencies` và `classes`",
    ProgressFile: "nhật ký tiến độ là một bảng khóa với `progress` (mã kế hoạch) và `entries`",
    OfficeFile: "thông tin cơ quan là một bảng khóa với một khóa `office`",
    TargetFile: "tệp chỉ tiêu là một bảng khóa với `targets` (văn bản đặt chỉ tiêu) và `items`",
}
# What pydantic says, in the words of this tool: by the error's type, with its context.
_SAID: dict[str, str] = {
    "string_type": "phải là chữ",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "date_type": "phải là một ngày (2024-04-15 hoặc 15/04/2024)",
    "date_parsing": "phải là một ngày (2024-04-15 hoặc 15/04/2024)",
    "date_from_datetime_parsing": "phải là một ngày (2024-04-15 hoặc 15/04/2024)",
    "datetime_type": "phải là ngày giờ (2024-04-15T08:00:00+07:00)",
    "datetime_parsing": "phải là ngày giờ (2024-04-15T08:00:00+07:00)",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
    "string_too_short": "không được để trống",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "nhiều nhất {max_length} mục",
    "string_too_long": "dài nhất {max_length} ký tự",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than": "phải nhỏ hơn {lt}",
    "string_pattern_mismatch": "không đúng dạng (mẫu {pattern})",
    "list_type": "phải là một danh sách",
    "tuple_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "model_attributes_type": "phải là một bảng khóa: giá trị",
    "none_required": "phải để trống (null)",
}


def validate(
    doc: Document,
    model: type[M],
    problems: list[Problem],
    *,
    data: Any = _FILE,
    at: Loc = (),
) -> M | None:
    """Validate the file's data (or `data`, found at `at` in the file) as `model`."""
    if data is _FILE:
        data = doc.data
        if not isinstance(data, dict):
            kinds = {"list": "một danh sách", "str": "một chuỗi", "int": "một số"}
            name = type(data).__name__
            found = "tệp trống" if data is None else f"gặp {kinds.get(name, name)}"
            shape = _SHAPES.get(model, "cần một bảng khóa: giá trị")
            problems.append(doc.problem((), f"{shape}; {found}"))
            return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_located(doc, error, at))
        return None


def _located(doc: Document, error: Any, at: Loc = ()) -> Problem:
    """A pydantic error as a problem at its place: the keys from the root, list positions
    counted from 1, the value as the user wrote it, in Vietnamese."""
    loc = (*at, *error["loc"])
    where = _where(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(str(loc[-1]), _KNOWN_KEYS, n=1)
        did_you_mean = f"; có phải {hint[0]!r}?" if hint else ""
        return doc.problem(loc, f"khóa lạ {loc[-1]!r}{did_you_mean}", key=True)
    if kind == "missing":
        inside = f" trong {_where(loc[:-1])}" if loc[:-1] else ""
        return doc.problem(loc[:-1], f"thiếu khóa {loc[-1]!r}{inside}")
    if kind in {"value_error", "assertion_error"}:
        message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    else:
        context = {k: _shown(v) for k, v in (error.get("ctx") or {}).items()}
        said = _SAID.get(kind)
        message = said.format(**context) if said else f"giá trị không hợp lệ ({error['msg']})"
        if not isinstance(error.get("input"), (dict, list, tuple)):
            message += f" (đang ghi: {_written(doc, loc, error.get('input'))})"
    return doc.problem(loc, f"{where}: {message}" if where else message)


def _where(loc: Loc) -> str:
    """`entries[3].date`: keys by name, list positions counted from 1, as people count."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _shown(value: Any) -> str:
    return str(value).replace("'", "").replace(" or ", " hoặc ")


def _written(doc: Document, loc: Loc, value: Any) -> str:
    """The value as it stands in the file, not as YAML or pydantic turned it."""
    line, col = doc.locate(loc)
    lines = doc.text.splitlines()
    if doc.text and 0 < line <= len(lines) and col > 0:
        raw = lines[line - 1][col - 1 :].split(" #")[0].strip()
        if raw:
            return raw[:60] + ("…" if len(raw) > 60 else "")
    return repr(value)
