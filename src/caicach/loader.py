"""Files → validated, resolved plans. Every problem in every file is collected, then raised."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from caicach import progress, yaml_source
from caicach.agencies import Registry
from caicach.errors import Problem, ProblemsError, UsageError
from caicach.model import (
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
    ReportingFile,
    ReportingPeriod,
    Scoring,
    ScoringFile,
)
from caicach.resolve import TrackedItem, resolve_plan
from caicach.status import Record

PATTERNS = ("*.yaml", "*.yml")


@dataclass
class Workspace:
    registry: Registry
    items: list[TrackedItem] = field(default_factory=list)
    plans: dict[str, Path] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    scoring: Scoring | None = None
    reporting: dict[str, ReportingPeriod] | None = None

    def history(self, item: TrackedItem) -> list[Record]:
        """The progress records of an item, in the order they happened."""
        return self._by_item.get(item.qualified_id, [])

    @functools.cached_property
    def _by_item(self) -> dict[str, list[Record]]:
        by_item: dict[str, list[Record]] = {}
        for r in sorted(self.records, key=lambda r: (r.date, r.recorded or "", r.line)):
            by_item.setdefault(r.item, []).append(r)
        return by_item


def _yaml_in(folder: Path) -> list[Path]:
    return sorted(f for pattern in PATTERNS for f in folder.glob(pattern))


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and the YAML files of the folders named and of their `progress/`."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(_yaml_in(path) + _yaml_in(path / progress.FOLDER))
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return files


def load(paths: Iterable[Path], registry_dirs: Iterable[Path] = ()) -> Workspace:
    """Load plan and registry files. The registry is the one among `paths`, else the first
    `agencies.yaml` found beside a plan file or in `registry_dirs`."""
    files = plan_files(paths)
    problems: list[Problem] = []
    docs: list[yaml_source.Document] = []
    for path in files:
        try:
            docs.append(yaml_source.load(path))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    registry_docs = [d for d in docs if _kind(d.data) == "registry"]
    plan_docs = [d for d in docs if _kind(d.data) == "plan"]
    log_docs = [d for d in docs if _kind(d.data) == "progress"]
    scoring_docs = [d for d in docs if _kind(d.data) == "scoring"]
    reporting_docs = [d for d in docs if _kind(d.data) == "reporting"]
    if not registry_docs:
        registry_docs = _find_registry(files, registry_dirs, problems)
    registry = _load_registry(registry_docs, problems)
    plans = [(doc, plan) for doc in plan_docs if (plan := _validate(doc, PlanFile, problems))]
    if registry is None:  # already reported; agencies cannot be checked without it
        raise ProblemsError(problems)
    workspace = Workspace(registry)
    for doc, plan in plans:
        _add_plan(doc, plan, workspace, problems)
    for doc in scoring_docs[:1]:
        config = _validate(doc, ScoringFile, problems)
        workspace.scoring = config.scoring if config else None
    for doc in reporting_docs[:1]:
        calendar = _validate(doc, ReportingFile, problems)
        workspace.reporting = dict(calendar.reporting) if calendar else None
    for doc in log_docs:
        _add_log(doc, workspace, problems)
    if problems:
        raise ProblemsError(problems)
    return workspace


def _kind(data: Any) -> str:
    """What a file is, by its first-level keys: a registry, a progress log, a scoring scale, a
    reporting calendar, or else a plan."""
    for key in ("registry", "progress", "scoring", "reporting"):
        if isinstance(data, dict) and key in data:
            return key
    return "plan"


def _find_registry(
    files: list[Path], dirs: Iterable[Path], problems: list[Problem]
) -> list[yaml_source.Document]:
    candidates = [f.parent / "agencies.yaml" for f in files] + [d / "agencies.yaml" for d in dirs]
    for candidate in candidates:
        if candidate.is_file():
            try:
                return [yaml_source.load(candidate)]
            except ProblemsError as exc:
                problems.extend(exc.problems)
                return []
    where = ", ".join(sorted({str(c.parent) for c in candidates})) or "."
    problems.append(
        Problem(where, 0, 0, "no agency registry (agencies.yaml with a `registry:` key)")
    )
    return []


def _load_registry(docs: list[yaml_source.Document], problems: list[Problem]) -> Registry | None:
    for extra in docs[1:]:
        problems.append(
            extra.problem(
                ("registry",), f"a second agency registry (first: {docs[0].path})", key=True
            )
        )
    if not docs:
        return None
    data = _validate(docs[0], RegistryFile, problems)
    if data is None:
        return None
    registry = Registry(data)
    seen: set[str] = set()
    for kind in ("agencies", "classes"):
        for i, entity in enumerate(getattr(data, kind)):
            if entity.id in seen:
                problems.append(docs[0].problem((kind, i, "id"), f"id {entity.id!r} is used twice"))
            seen.add(entity.id)
    for name, first, second in registry.conflicts():
        problems.append(
            Problem(
                str(docs[0].path),
                0,
                0,
                f"the name {name!r} is claimed by both {first!r} and {second!r}",
            )
        )
    return registry


def _add_plan(
    doc: yaml_source.Document, plan: PlanFile, workspace: Workspace, problems: list[Problem]
) -> None:
    if plan.plan.id in workspace.plans:
        problems.append(
            doc.problem(
                ("plan", "id"),
                f"plan id {plan.plan.id!r} is also used by {workspace.plans[plan.plan.id]}",
            )
        )
        return
    workspace.plans[plan.plan.id] = doc.path
    items, found = resolve_plan(plan, workspace.registry, doc)
    problems.extend(found)
    workspace.items.extend(items)


def _add_log(doc: yaml_source.Document, workspace: Workspace, problems: list[Problem]) -> None:
    """Each entry is checked on its own, so that one bad entry hides none of the others."""
    header = _validate(doc, ProgressFile, problems, data={**doc.data, "entries": []})
    raw = doc.data.get("entries") or []
    if header is None or not isinstance(raw, list):
        if header is not None:
            problems.append(doc.problem(("entries",), "`entries` must be a list"))
        return
    entries = [
        (n, entry)
        for n, item in enumerate(raw)
        if (entry := _validate(doc, ProgressEntry, problems, data=item, at=("entries", n)))
    ]
    records, found = progress.resolve_entries(
        doc, header.progress, entries, workspace.items, workspace.registry
    )
    workspace.records.extend(records)
    problems.extend(found)


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
        )
        for name in model.model_fields
    }
)


_FILE: Any = object()  # marker: validate the whole file
_SHAPES: dict[type[BaseModel], str] = {
    PlanFile: "a plan file is a mapping with the keys `plan`, `areas` and `items`",
    RegistryFile: "an agency registry is a mapping with `registry`, `agencies` and `classes`",
    ProgressFile: "a progress log is a mapping with `progress` (the plan id) and `entries`",
}


def _validate(
    doc: yaml_source.Document,
    model: type[M],
    problems: list[Problem],
    *,
    data: Any = _FILE,
    at: tuple[str | int, ...] = (),
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


def _located(doc: yaml_source.Document, error: Any, at: tuple[str | int, ...] = ()) -> Problem:
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
