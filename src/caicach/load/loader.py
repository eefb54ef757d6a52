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
from caicach.load.cache import Cache
from caicach.load.extras import read_extras
from caicach.load.logs import read_log
from caicach.load.plans import read_plan
from caicach.load.registries import find_registry, load_registry
from caicach.load.sources import Run, Source
from caicach.load.validate import validate
from caicach.plan.items import Record, TrackedItem
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
        return _load(paths, registry_dirs, today, cache)
    finally:
        if collecting:
            gc.enable()


def _load(
    paths: Iterable[Path], registry_dirs: Iterable[Path], today: date | None, cache: Cache | None
) -> Workspace:
    run = Run(cache)
    files = plan_files(paths)
    sources = [s for f in files if (s := run.read(f)) is not None]
    kinds = _by_kind(sources, run)
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
    for source in kinds["progress"]:
        log = read_log(source, registry, against, workspace.items, run, today)
        if log is not None and log.tail is not None:
            workspace.tails[source.path.resolve()] = log.tail
        if log is not None:
            workspace.records.extend(log.records)
    if run.problems:
        raise ProblemsError(run.problems)
    if cache is not None and cache.wrote:
        cache.prune()
    return workspace


def _by_kind(sources: list[Source], run: Run) -> dict[str, list[Source]]:
    """Each file by what it is. What sits in progress/ is a log, whatever it holds, and is checked
    as one; any other file is what its first-level keys say (parsed only when not cached)."""
    kinds: dict[str, list[Source]] = {k: [] for k in (*_KINDS, "plan")}
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
