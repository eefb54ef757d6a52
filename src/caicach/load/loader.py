"""Files → validated, resolved plans: which file is what, and the workspace assembled from what
each gives (registry, plans, settings, logs). Every problem in every file is collected, then
raised."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from caicach.errors import ProblemsError, UsageError
from caicach.load import progress_log
from caicach.load.cache import Cache, digest
from caicach.load.extras import read_extras
from caicach.load.logs import read_log
from caicach.load.plans import read_plan
from caicach.load.registries import find_registry, load_registry
from caicach.load.sources import Run, Source
from caicach.load.validate import validate
from caicach.plan.in_force import nearest
from caicach.plan.items import Record, TrackedItem, canonical_id
from caicach.plan.model import PlanFile, ReportingPeriod, Scoring, TargetFile
from caicach.plan.office import Office
from caicach.plan.registry import Registry

PATTERNS = ("*.yaml", "*.yml")
TARGETS = "targets"  # the folder of target files beside the plans
_KINDS = ("registry", "progress", "scoring", "reporting", "office", "targets")


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
        return _load(list(paths), list(registry_dirs), today, cache)
    finally:
        if collecting:
            gc.enable()


def _load(
    paths: Iterable[Path], registry_dirs: Iterable[Path], today: date | None, cache: Cache | None
) -> Workspace:
    run = Run(cache)
    files = plan_files(paths)
    sources = [s for f in files if (s := run.read(f)) is not None]
    # The folder's index, kept by the last load of these very bytes, says what each file is
    # and which plan each log names: one entry read instead of two a file.
    index_key = _index_key(sources, registry_dirs)
    index = run.cached(Index, *index_key) if cache is not None else None
    if index is not None:
        run.log_plans.update(index.logs)
    kinds = _by_kind(sources, run, index)
    registry_sources = kinds["registry"] or find_registry(files, registry_dirs, run)
    registry = load_registry(registry_sources, run)
    if registry is None:  # already reported; agencies cannot be checked without it
        for source in kinds["plan"]:  # the plans' own mistakes are said as well
            if (doc := run.doc(source)) is not None:
                validate(doc, PlanFile, run.problems)
        raise ProblemsError(run.problems)
    workspace = Workspace(registry)
    against = registry_sources[0].digest
    for source in kinds["plan"]:
        _add_plan(source, against, workspace, run)
    extras = read_extras(kinds, run)
    workspace.scoring, workspace.reporting = extras.scoring, extras.reporting
    workspace.office, workspace.targets = extras.office, extras.targets
    latest: date | None = None
    for source in kinds["progress"]:
        log = read_log(source, registry, against, workspace.items, run, today)
        if log is not None and log.tail is not None:
            workspace.tails[Path(source.key[0])] = log.tail
        if log is not None:
            workspace.records.extend(log.records)
            if log.latest is not None and (latest is None or log.latest > latest):
                latest = log.latest
    if run.problems:
        raise ProblemsError(run.problems)
    if cache is not None:
        if index is None:
            _keep_index(index_key, against, kinds, workspace, run, latest)
        if cache.wrote:
            cache.prune()
    return workspace


# --- one item's plan: `show ID` reads the plan that holds the item, not the whole folder ------


@dataclass(frozen=True)
class Span:
    """A plan's id and time, all `find_item` weighs between plans (see `in_force.nearest`)."""

    id: str
    starts: date
    ends: date
    issued: date


def _begins(plan: Span) -> date:
    return min(plan.issued, plan.starts)  # as `items.begins`: a plan issued early has begun


@dataclass(frozen=True)
class Index:
    """What a whole load of a folder found, kept in the cache under the paths and digests of all
    its files (any byte changed anywhere, and it is not found): each file's kind, each plan's
    file, header and item ids, each log's plan, and the last day any log records. Only a load
    that found no problem keeps one, so every file it names is known to load cleanly."""

    registry: str  # the digest of the registry the plans were checked against
    kinds: dict[str, str]  # a file's resolved path → its kind
    plans: dict[str, tuple[str, Span, frozenset[str]]]  # plan id → path, time, item ids
    logs: dict[str, str]  # a log's resolved path → the plan id it names
    latest: date | None  # the last day recorded: a later today reads the folder again


def _index_key(sources: list[Source], registry_dirs: Iterable[Path]) -> tuple[str, ...]:
    listed = [f"{path}\0{sha}" for path, sha in (s.key for s in sources)]
    listed += [f"registry-dir\0{Path(d).resolve()}" for d in registry_dirs]
    return ("index", digest("\n".join(listed).encode()))


def _keep_index(
    key: tuple[str, ...],
    against: str,
    kinds: dict[str, list[Source]],
    workspace: Workspace,
    run: Run,
    latest: date | None,
) -> None:
    """The index of a folder loaded whole without a problem (none was found for it)."""
    resolved = {s.path: s.key[0] for s in kinds["plan"]}
    ids: dict[str, set[str]] = {}
    headers: dict[str, Span] = {}
    for item in workspace.items:
        ids.setdefault(item.plan.id, set()).add(item.id)
        if item.plan.id not in headers:
            plan = item.plan
            headers[plan.id] = Span(plan.id, plan.starts, plan.ends, plan.date)
    plans = {
        plan_id: (resolved[path], headers[plan_id], frozenset(ids[plan_id]))
        for plan_id, path in workspace.plans.items()
        if plan_id in headers  # a plan of no item cannot hold the one asked for
    }
    by_path = {s.key[0]: kind for kind, found in kinds.items() for s in found}
    run.keep(Index(against, by_path, plans, dict(run.log_plans), latest), *key)


def load_item_plan(
    paths: Iterable[Path],
    registry_dirs: Iterable[Path] = (),
    *,
    item: str,
    day: date,
    today: date | None = None,
    cache: Cache | None = None,
) -> Workspace:
    """What `load` gives, for a command about one item (`item` as typed, on `day`): the registry
    and only the plan that holds the item, with its logs, when the cache holds the folder's
    index (see `Index`); else the whole folder, as `load` reads it (and the index is kept)."""
    paths, registry_dirs = list(paths), list(registry_dirs)
    collecting = gc.isenabled()
    gc.disable()
    try:
        found = _load_plan_of(paths, registry_dirs, item, day, today, cache)
        return found if found is not None else _load(paths, registry_dirs, today, cache)
    finally:
        if collecting:
            gc.enable()


def _load_plan_of(
    paths: list[Path],
    registry_dirs: list[Path],
    item: str,
    day: date,
    today: date | None,
    cache: Cache | None,
) -> Workspace | None:
    """The workspace of the plan(s) that may hold `item`, or None when the index is missing or
    does not fit (a later today, another registry): the whole folder is read then."""
    if cache is None:
        return None
    run = Run(cache)
    files = plan_files(paths)
    sources = [s for f in files if (s := run.read(f)) is not None]
    index = run.cached(Index, *_index_key(sources, registry_dirs))
    if run.problems or index is None:
        return None
    if today is not None and index.latest is not None and index.latest > today:
        return None
    by_path = {s.key[0]: s for s in sources}
    registry_sources = [s for p, s in by_path.items() if index.kinds.get(p) == "registry"]
    registry_sources = registry_sources or find_registry(files, registry_dirs, run)
    if not registry_sources or registry_sources[0].digest != index.registry:
        return None
    registry = load_registry(registry_sources, run)
    if registry is None:
        return None
    workspace = Workspace(registry)
    chosen = _holding(index, item, day)
    for plan_id in chosen:
        _add_plan(by_path[index.plans[plan_id][0]], index.registry, workspace, run)
    for path, plan_id in index.logs.items():
        if plan_id in chosen:
            log = read_log(by_path[path], registry, index.registry, workspace.items, run, today)
            workspace.records.extend(log.records if log is not None else ())
    return None if run.problems else workspace


def _holding(index: Index, item: str, day: date) -> list[str]:
    """The plans `find_item` would look in for `item`: those having it (or its parts), and of
    several, the one nearest the day; all of them when they tie, so that it says so."""
    plan_id, _, bare = canonical_id(item).rpartition(":")
    having = [
        (pid, info)
        for pid, (_, info, ids) in index.plans.items()
        if (not plan_id or pid == plan_id)
        and (bare in ids or any(i.startswith(bare + ".") for i in ids))
    ]
    if len(having) > 1:
        near = nearest([info for _, info in having], day, _begins)
        if len(near.plans) == 1:
            return [near.plans[0].id]
    return [pid for pid, _ in having]


def _by_kind(sources: list[Source], run: Run, index: Index | None) -> dict[str, list[Source]]:
    """Each file by what it is. What sits in progress/ is a log, whatever it holds, and is checked
    as one; any other file is what its first-level keys say (parsed only when not cached, and
    looked up one by one only when the folder's index is not)."""
    kinds: dict[str, list[Source]] = {k: [] for k in (*_KINDS, "plan")}
    for source in sources:
        if source.path.parent.name == progress_log.FOLDER:
            kinds["progress"].append(source)
            continue
        kind = index.kinds.get(source.key[0]) if index is not None else None
        kind = kind if kind is not None else run.cached(str, "kind", *source.key)
        if kind is None:
            doc = run.doc(source)
            if doc is None:
                continue
            kind = _kind(doc.data)
            run.keep(kind, "kind", *source.key)
        kinds[kind].append(source)
    return kinds


def _kind(data: Any) -> str:
    """What a file is, by its first-level keys: a registry, a progress log, a scoring scale, a
    reporting calendar, or else a plan."""
    for key in _KINDS:
        if isinstance(data, dict) and key in data:
            return key
    return "plan"


def _add_plan(source: Source, registry_digest: str, workspace: Workspace, run: Run) -> None:
    """A plan's items join the workspace; a plan id used by an earlier file is refused."""
    resolved = read_plan(source, workspace.registry, registry_digest, run)
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
