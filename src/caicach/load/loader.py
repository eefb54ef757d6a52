"""Files → validated, resolved plans. Every problem in every file is collected, then raised."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from caicach.errors import Loc, Problem, ProblemsError, UsageError
from caicach.load import progress_log, yaml_source
from caicach.load.validate import validate
from caicach.plan.items import Record, TrackedItem
from caicach.plan.model import (
    PlanFile,
    ProgressEntry,
    ProgressFile,
    RegistryFile,
    ReportingFile,
    ReportingPeriod,
    Scoring,
    ScoringFile,
    TargetFile,
)
from caicach.plan.office import Office, OfficeFile
from caicach.plan.registry import Registry
from caicach.plan.resolve import resolve_plan

PATTERNS = ("*.yaml", "*.yml")


@dataclass
class Workspace:
    registry: Registry
    items: list[TrackedItem] = field(default_factory=list)
    plans: dict[str, Path] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    scoring: Scoring | None = None
    reporting: dict[str, ReportingPeriod] | None = None
    tails: dict[Path, progress_log.Tail] = field(default_factory=dict)  # logs as read
    office: Office | None = None
    targets: list[TargetFile] = field(default_factory=list)  # plans/targets/*.yaml

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
    """The files named, and the YAML files of the folders named and of their `progress/` and
    `targets/`."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                _yaml_in(path) + _yaml_in(path / progress_log.FOLDER) + _yaml_in(path / TARGETS)
            )
        elif path.exists():
            files.append(path)
        else:
            raise UsageError(f"{path}: không có tệp hay thư mục này")
    return files


def load(
    paths: Iterable[Path], registry_dirs: Iterable[Path] = (), *, today: date | None = None
) -> Workspace:
    """Load plan and registry files. The registry is the one among `paths`, else the first
    `agencies.yaml` found beside a plan file or in `registry_dirs`. With `today`, a progress
    entry dated after it is a problem (one dated before its plan always is)."""
    # Loading builds many objects and frees none: the cyclic collector would walk them again and
    # again (full collections 2 → 17 → 70 from 1,000 to 50,000 items), so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(paths, registry_dirs, today)
    finally:
        if collecting:
            gc.enable()


def _load(paths: Iterable[Path], registry_dirs: Iterable[Path], today: date | None) -> Workspace:
    files = plan_files(paths)
    problems: list[Problem] = []
    docs = _by_kind(_parse_all(files, problems))
    registry_docs = docs["registry"] or _find_registry(files, registry_dirs, problems)
    registry = _load_registry(registry_docs, problems)
    plans = [(d, plan) for d in docs["plan"] if (plan := validate(d, PlanFile, problems))]
    if registry is None:  # already reported; agencies cannot be checked without it
        raise ProblemsError(problems)
    workspace = Workspace(registry)
    for doc, plan in plans:
        _add_plan(doc, plan, workspace, problems)
    _add_settings(docs, workspace, problems)
    for doc in docs["progress"]:
        _add_log(doc, workspace, problems, today)
    if problems:
        raise ProblemsError(problems)
    return workspace


def _parse_all(files: list[Path], problems: list[Problem]) -> list[yaml_source.Document]:
    docs: list[yaml_source.Document] = []
    for path in files:
        try:
            docs.append(yaml_source.load(path))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    return docs


def _by_kind(docs: list[yaml_source.Document]) -> dict[str, list[yaml_source.Document]]:
    kinds: dict[str, list[yaml_source.Document]] = {k: [] for k in (*_KINDS, "plan")}
    for doc in docs:
        # What sits in progress/ is a log, whatever it holds, and is checked as one.
        in_logs = doc.path.parent.name == progress_log.FOLDER
        kinds["progress" if in_logs else _kind(doc.data)].append(doc)
    return kinds


def _add_settings(
    docs: dict[str, list[yaml_source.Document]], workspace: Workspace, problems: list[Problem]
) -> None:
    """The scoring scale and the reporting calendar: the first of each, when there is one."""
    for doc in docs["scoring"][:1]:
        config = validate(doc, ScoringFile, problems)
        workspace.scoring = config.scoring if config else None
    for doc in docs["reporting"][:1]:
        calendar = validate(doc, ReportingFile, problems)
        workspace.reporting = dict(calendar.reporting) if calendar else None
    for doc in docs["office"][:1]:
        settings = validate(doc, OfficeFile, problems)
        workspace.office = settings.office if settings else None
    for doc in docs["targets"]:
        found = validate(doc, TargetFile, problems)
        if found is not None:
            _add_targets(doc, found, workspace, problems)


def _add_targets(
    doc: yaml_source.Document, found: TargetFile, workspace: Workspace, problems: list[Problem]
) -> None:
    """A file of targets; an id used twice, here or in another file, is refused where it is."""
    seen = {t.id for f in workspace.targets for t in f.items}
    for i, target in enumerate(found.items):
        if target.id in seen:
            problems.append(
                doc.problem(("items", i, "id"), f"mã chỉ tiêu {target.id!r} dùng hai lần")
            )
        seen.add(target.id)
    workspace.targets.append(found)


TARGETS = "targets"  # the folder of target files beside the plans
_KINDS = ("registry", "progress", "scoring", "reporting", "office", "targets")


def _kind(data: Any) -> str:
    """What a file is, by its first-level keys: a registry, a progress log, a scoring scale, a
    reporting calendar, or else a plan."""
    for key in _KINDS:
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
        Problem(where, 0, 0, "không có danh mục cơ quan (agencies.yaml với khóa `registry:`)")
    )
    return []


def _load_registry(docs: list[yaml_source.Document], problems: list[Problem]) -> Registry | None:
    for extra in docs[1:]:
        problems.append(
            extra.problem(
                ("registry",),
                f"danh mục cơ quan thứ hai (danh mục thứ nhất: {docs[0].path})",
                key=True,
            )
        )
    if not docs:
        return None
    data = validate(docs[0], RegistryFile, problems)
    if data is None:
        return None
    registry = Registry(data)
    seen: set[str] = set()
    for kind in ("agencies", "classes"):
        for i, entity in enumerate(getattr(data, kind)):
            if entity.id in seen:
                problems.append(
                    docs[0].problem((kind, i, "id"), f"mã {entity.id!r} bị dùng hai lần")
                )
            seen.add(entity.id)
    for name, first, second in registry.conflicts():
        message = f"tên {name!r} vừa thuộc {first!r} vừa thuộc {second!r}"
        problems.append(docs[0].problem(_name_at(data, second, name), message))
    for i, agency in enumerate(data.agencies):
        for j, moved in enumerate(agency.successors):
            if moved.agency not in registry.agencies:
                at = ("agencies", i, "successors", j, "agency")
                said = f"cơ quan kế nhiệm {moved.agency!r} không có trong danh mục"
                problems.append(docs[0].problem(at, said))
    return registry


def _name_at(data: RegistryFile, entity_id: str, name: str) -> Loc:
    """Where an entity of the registry writes `name`: its name, or one of its other names."""
    for kind in ("agencies", "classes"):
        for i, entity in enumerate(getattr(data, kind)):
            if entity.id != entity_id:
                continue
            for key in ("name", "abbreviations", "aliases", "sub_units"):
                value = getattr(entity, key, ())
                if value == name:
                    return (kind, i, key)
                if isinstance(value, tuple) and name in value:
                    return (kind, i, key, value.index(name))
            return (kind, i)
    return ("registry",)


def _add_plan(
    doc: yaml_source.Document, plan: PlanFile, workspace: Workspace, problems: list[Problem]
) -> None:
    if plan.plan.id in workspace.plans:
        problems.append(
            doc.problem(
                ("plan", "id"),
                f"mã kế hoạch {plan.plan.id!r} đã dùng ở {workspace.plans[plan.plan.id]}",
            )
        )
        return
    workspace.plans[plan.plan.id] = doc.path
    items, found = resolve_plan(plan, workspace.registry, doc)
    problems.extend(found)
    workspace.items.extend(items)


def _add_log(
    doc: yaml_source.Document, workspace: Workspace, problems: list[Problem], today: date | None
) -> None:
    """Each entry is checked on its own, so that one bad entry hides none of the others."""
    if not isinstance(doc.data, dict):  # says what a log must look like
        validate(doc, ProgressFile, problems)
        return
    header = validate(doc, ProgressFile, problems, data={**doc.data, "entries": []})
    raw = doc.data.get("entries") or []
    if header is None or not isinstance(raw, list):
        if header is not None:
            problems.append(doc.problem(("entries",), "`entries` phải là một danh sách"))
        return
    entries = [
        (n, entry)
        for n, item in enumerate(raw)
        if (entry := validate(doc, ProgressEntry, problems, data=item, at=("entries", n)))
    ]
    records, found = progress_log.resolve_entries(
        doc, header.progress, entries, workspace.items, workspace.registry, today
    )
    with contextlib.suppress(ValueError):  # a log that takes no entry is said when appending
        tail = progress_log.Tail(progress_log.tail(doc), doc.text)
        workspace.tails[doc.path.resolve()] = tail
    workspace.records.extend(records)
    problems.extend(found)
