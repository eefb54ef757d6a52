"""Validating YAML data against the models, every pydantic error turned into a located problem
with a hint."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from caicach.errors import Loc, Problem
from caicach.load.yaml_source import Document
from caicach.plan.model import (
    Agency,
    AgencyClass,
    Area,
    Item,
    Membership,
    MilestoneSpec,
    Party,
    PlanFile,
    PlanInfo,
    ProgressEntry,
    ProgressFile,
    RegistryFile,
    RegistryInfo,
)
from caicach.plan.office import Office, OfficeFile

M = TypeVar("M", bound=BaseModel)
_KNOWN_KEYS = sorted(
    {
        name
        for model in (
            PlanFile,
            PlanInfo,
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
        )
        for name in model.model_fields
    }
)


_FILE: Any = object()  # marker: validate the whole file
_SHAPES: dict[type[BaseModel], str] = {
    PlanFile: "a plan file is a mapping with the keys `plan`, `areas` and `items`",
    RegistryFile: "an agency registry is a mapping with `registry`, `agencies` and `classes`",
    ProgressFile: "a progress log is a mapping with `progress` (the plan id) and `entries`",
    OfficeFile: "office settings are a mapping with one key, `office`",
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
            found = "the file is empty" if data is None else f"found {type(data).__name__}"
            problems.append(doc.problem((), f"{_SHAPES.get(model, 'expected a mapping')}; {found}"))
            return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_located(doc, error, at))
        return None


def _located(doc: Document, error: Any, at: Loc = ()) -> Problem:
    loc = (*at, *error["loc"])
    where = ".".join(str(part) for part in loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(str(loc[-1]), _KNOWN_KEYS, n=1)
        did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
        return doc.problem(loc, f"unknown key {loc[-1]!r}{did_you_mean}", key=True)
    if kind == "missing":
        return doc.problem(
            loc[:-1],
            f"missing key {loc[-1]!r}"
            + (f" in {'.'.join(map(str, loc[:-1]))}" if loc[:-1] else ""),
        )
    message = error["msg"].removeprefix("Value error, ")
    if kind not in {"value_error", "assertion_error"} and not isinstance(error.get("input"), dict):
        message += f" (got {error.get('input')!r})"
    return doc.problem(loc, f"{where}: {message}" if where else message)
