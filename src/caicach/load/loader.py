"""Files → validated, resolved plans. Every problem in every file is collected, then raised."""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from caicach.errors import Loc, Problem, ProblemsError, UsageError
from caicach.load import progress_log
from caicach.load.cache import Cache, digest
from caicach.load.files import decode, read_regular
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

if TYPE_CHECKING:
    from caicach.load.yaml_source import Document

PATTERNS = ("*.yaml", "*.yml")
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


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
    paths: Iterable[Path],
    registry_dirs: Iterable[Path] = (),
    *,
    today: date | None = None,
    cache: Cache | None = None,
) -> Workspace:
    """Load plan and registry files. The registry is the one among `paths`, else the first
    `agencies.yaml` found beside a plan file or in `registry_dirs`. With `today`, a progress
    entry dated after it is a problem (one dated before its plan always is). With `cache`, what
    an unchanged file gave last time is taken from there (see `load.cache`)."""
    # Loading builds many objects and frees none: the cyclic collector would walk them again and
    # again (full collections 2 → 17 → 70 from 1,000 to 50,000 items), so it waits until the end.
    # Unpickling from the cache is the same: a third of its time went to the collector.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(paths, registry_dirs, today, cache)
    finally:
        if collecting:
            gc.enable()


class _Source:
    """A file as read: its bytes, their digest, and its document, parsed only when needed (an
    unchanged file found in the cache is never parsed)."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path, self.raw = path, raw
        self.digest = digest(raw)
        self._doc: Document | None = None
        self.refused = False  # YAML refused it: said once, never parsed again

    @property
    def doc(self) -> Document:  # raises ProblemsError for a file YAML refuses
        if self._doc is None:
            from caicach.load import yaml_source  # not imported when every file was cached

            self._doc = yaml_source.parse(self.path, decode(self.path, self.raw))
        return self._doc

    def release(self) -> None:
        """Let the parsed document go (its positions weigh more than the items made from it);
        parsed again only to place a problem found later."""
        self._doc = None

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.path.resolve()), self.digest)


class _Run:
    """One load: the problems found, and the cache (or none) behind every step."""

    def __init__(self, cache: Cache | None) -> None:
        self.cache = cache
        self.problems: list[Problem] = []
        self._by_plan: dict[str, list[TrackedItem]] | None = None
        self.plan_digests: dict[str, str] = {}  # plan id → digest of the file that has it

    def read(self, path: Path) -> _Source | None:
        try:
            return _Source(path, read_regular(path))
        except ProblemsError as exc:
            self.problems.extend(exc.problems)
            return None

    def doc(self, source: _Source) -> Document | None:
        """The parsed file, or None when YAML refuses it (its problems said the first time)."""
        if source.refused:
            return None
        try:
            return source.doc
        except ProblemsError as exc:
            source.refused = True
            self.problems.extend(exc.problems)
            return None

    def items_of(self, workspace: Workspace, plan_id: str) -> list[TrackedItem]:
        """The items of one plan (each log is checked against its own plan's)."""
        if self._by_plan is None:
            self._by_plan = {}
            for item in workspace.items:
                self._by_plan.setdefault(item.plan.id, []).append(item)
        return self._by_plan.get(plan_id, [])

    def cached(self, kind: type[T], step: str, *key: str) -> T | None:
        return self.cache.get(kind, step, *key) if self.cache is not None else None

    def keep(self, value: object, step: str, *key: str) -> None:
        if self.cache is not None:
            self.cache.put(value, step, *key)

    def step(
        self, kind: type[T], step: str, key: tuple[str, ...], build: Callable[[], T | None]
    ) -> T | None:
        """The cached value of a step, or `build()`'s, kept when it found no problem."""
        found = self.cached(kind, step, *key)
        if found is not None:
            return found
        before = len(self.problems)
        value = build()
        if value is not None and len(self.problems) == before:
            self.keep(value, step, *key)
        return value


def _load(
    paths: Iterable[Path], registry_dirs: Iterable[Path], today: date | None, cache: Cache | None
) -> Workspace:
    run = _Run(cache)
    files = plan_files(paths)
    sources = [s for f in files if (s := run.read(f)) is not None]
    kinds = _by_kind(sources, run)
    registry_sources = kinds["registry"] or _find_registry(files, registry_dirs, run)
    registry = _load_registry(registry_sources, run)
    if registry is None:  # already reported; agencies cannot be checked without it
        for source in kinds["plan"]:  # the plans' own mistakes are said as well
            if (doc := run.doc(source)) is not None:
                validate(doc, PlanFile, run.problems)
        raise ProblemsError(run.problems)
    workspace = Workspace(registry)
    against = registry_sources[0].digest
    for source in kinds["plan"]:
        _add_plan(source, against, workspace, run)
    _add_settings(kinds, workspace, run)
    for source in kinds["progress"]:
        _add_log(source, against, workspace, run, today)
    if run.problems:
        raise ProblemsError(run.problems)
    if cache is not None and cache.wrote:
        cache.prune()
    return workspace


def _by_kind(sources: list[_Source], run: _Run) -> dict[str, list[_Source]]:
    """Each file by what it is. What sits in progress/ is a log, whatever it holds, and is checked
    as one; any other file is what its first-level keys say (parsed only when not cached)."""
    kinds: dict[str, list[_Source]] = {k: [] for k in (*_KINDS, "plan")}
    for source in sources:
        if source.path.parent.name == progress_log.FOLDER:
            kinds["progress"].append(source)
            continue
        kind = run.cached(str, "kind", *source.key)
        if kind is None:
            doc = run.doc(source)
            if doc is None:
                continue
            kind = _kind(doc.data)
            run.keep(kind, "kind", *source.key)
        kinds[kind].append(source)
    return kinds


def _add_settings(kinds: dict[str, list[_Source]], workspace: Workspace, run: _Run) -> None:
    """The scoring scale, the reporting calendar and the office: the first of each, when there is
    one; and every file of targets."""
    for source in kinds["scoring"][:1]:
        config = _validated(source, ScoringFile, run)
        workspace.scoring = config.scoring if config else None
    for source in kinds["reporting"][:1]:
        calendar = _validated(source, ReportingFile, run)
        workspace.reporting = dict(calendar.reporting) if calendar else None
    for source in kinds["office"][:1]:
        settings = _validated(source, OfficeFile, run)
        workspace.office = settings.office if settings else None
    for source in kinds["targets"]:
        found = _validated(source, TargetFile, run)
        if found is not None:
            _add_targets(source, found, workspace, run)


def _validated(source: _Source, model: type[M], run: _Run) -> M | None:
    def build() -> M | None:
        doc = run.doc(source)
        return validate(doc, model, run.problems) if doc is not None else None

    return run.step(model, model.__name__, source.key, build)


def _add_targets(source: _Source, found: TargetFile, workspace: Workspace, run: _Run) -> None:
    """A file of targets; an id used twice, here or in another file, is refused where it is."""
    seen = {t.id for f in workspace.targets for t in f.items}
    for i, target in enumerate(found.items):
        if target.id in seen and (doc := run.doc(source)) is not None:
            run.problems.append(
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


def _find_registry(files: list[Path], dirs: Iterable[Path], run: _Run) -> list[_Source]:
    candidates = [f.parent / "agencies.yaml" for f in files] + [d / "agencies.yaml" for d in dirs]
    for candidate in candidates:
        if candidate.is_file():
            source = run.read(candidate)
            return [source] if source is not None else []
    where = ", ".join(sorted({str(c.parent) for c in candidates})) or "."
    run.problems.append(
        Problem(where, 0, 0, "không có danh mục cơ quan (agencies.yaml với khóa `registry:`)")
    )
    return []


def _load_registry(sources: list[_Source], run: _Run) -> Registry | None:
    for extra in sources[1:]:
        if (doc := run.doc(extra)) is not None:
            said = f"danh mục cơ quan thứ hai (danh mục thứ nhất: {sources[0].path})"
            run.problems.append(doc.problem(("registry",), said, key=True))
    if not sources:
        return None
    return run.step(Registry, "registry", sources[0].key, lambda: _registry(sources[0], run))


def _registry(source: _Source, run: _Run) -> Registry | None:
    doc = run.doc(source)
    data = validate(doc, RegistryFile, run.problems) if doc is not None else None
    if doc is None or data is None:
        return None
    problems = run.problems
    registry = Registry(data)
    seen: set[str] = set()
    for kind in ("agencies", "classes"):
        for i, entity in enumerate(getattr(data, kind)):
            if entity.id in seen:
                problems.append(doc.problem((kind, i, "id"), f"mã {entity.id!r} bị dùng hai lần"))
            seen.add(entity.id)
    for name, first, second in registry.conflicts():
        message = f"tên {name!r} vừa thuộc {first!r} vừa thuộc {second!r}"
        problems.append(doc.problem(_name_at(data, second, name), message))
    for i, agency in enumerate(data.agencies):
        for j, moved in enumerate(agency.successors):
            if moved.agency not in registry.agencies:
                at = ("agencies", i, "successors", j, "agency")
                said = f"cơ quan kế nhiệm {moved.agency!r} không có trong danh mục"
                problems.append(doc.problem(at, said))
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


@dataclass(frozen=True)
class _Resolved:
    """What a plan file gives, once read, validated and resolved against a registry."""

    plan_id: str
    items: list[TrackedItem]


def _add_plan(source: _Source, registry_digest: str, workspace: Workspace, run: _Run) -> None:
    def build() -> _Resolved | None:
        from caicach.plan.resolve import resolve_plan  # deadlines and all: only on a miss

        doc = run.doc(source)
        plan = validate(doc, PlanFile, run.problems) if doc is not None else None
        if doc is None or plan is None:
            return None
        items, found = resolve_plan(plan, workspace.registry, doc)
        run.problems.extend(found)
        return _Resolved(plan.plan.id, items)

    resolved = run.step(_Resolved, "plan", (*source.key, registry_digest), build)
    source.release()
    if resolved is None:
        return
    if resolved.plan_id in workspace.plans:
        if (doc := run.doc(source)) is not None:
            first = workspace.plans[resolved.plan_id]
            said = f"mã kế hoạch {resolved.plan_id!r} đã dùng ở {first}"
            run.problems.append(doc.problem(("plan", "id"), said))
        return
    workspace.plans[resolved.plan_id] = source.path
    run.plan_digests[resolved.plan_id] = source.digest
    workspace.items.extend(resolved.items)


@dataclass(frozen=True)
class _Log:
    """What a progress log gives: its records, where it takes the next entry, its last day."""

    records: list[Record]
    tail: progress_log.Tail | None
    latest: date | None


def _add_log(
    source: _Source, registry_digest: str, workspace: Workspace, run: _Run, today: date | None
) -> None:
    """Each entry is checked on its own, so that one bad entry hides none of the others. A log
    depends on the registry and on the plan it names (an edit of another plan leaves it cached);
    one kept from a later day is read again, since an entry dated after today is refused."""
    plan_id = run.cached(str, "log-plan", *source.key)
    if plan_id is None and (doc := run.doc(source)) is not None:
        named = doc.data.get("progress") if isinstance(doc.data, dict) else None
        plan_id = named if isinstance(named, str) else None
        if plan_id is not None:
            run.keep(plan_id, "log-plan", *source.key)
    plan_digest = run.plan_digests.get(plan_id or "")
    key = (*source.key, registry_digest, plan_digest or "")
    log = run.cached(_Log, "log", *key) if plan_digest is not None else None
    if log is not None and today is not None and log.latest is not None and log.latest > today:
        log = None
    if log is None:
        before = len(run.problems)
        log = _read_log(source, workspace, run, today)
        source.release()
        if log is None:
            return
        if len(run.problems) == before and plan_digest is not None:
            run.keep(log, "log", *key)
    if log.tail is not None:
        workspace.tails[source.path.resolve()] = log.tail
    workspace.records.extend(log.records)


def _read_log(source: _Source, workspace: Workspace, run: _Run, today: date | None) -> _Log | None:
    doc = run.doc(source)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):  # says what a log must look like
        validate(doc, ProgressFile, run.problems)
        return None
    header = validate(doc, ProgressFile, run.problems, data={**doc.data, "entries": []})
    raw = doc.data.get("entries") or []
    if header is None or not isinstance(raw, list):
        if header is not None:
            run.problems.append(doc.problem(("entries",), "`entries` phải là một danh sách"))
        return None
    entries = [
        (n, entry)
        for n, item in enumerate(raw)
        if (entry := validate(doc, ProgressEntry, run.problems, data=item, at=("entries", n)))
    ]
    plan_items = run.items_of(workspace, header.progress)
    records, found = progress_log.resolve_entries(
        doc, header.progress, entries, plan_items, workspace.registry, today
    )
    run.problems.extend(found)
    tail = None
    with contextlib.suppress(ValueError):  # a log that takes no entry is said when appending
        tail = progress_log.Tail(progress_log.tail(doc), doc.text)
    latest = max((r.date for r in records), default=None)
    return _Log(records, tail, latest)
