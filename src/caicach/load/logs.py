"""A progress log file → its records and where it takes the next entry, through the cache; each
entry is checked against its plan in `progress_log`."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date

from caicach.load import progress_log
from caicach.load.sources import Run, Source
from caicach.load.validate import validate
from caicach.plan.items import Record, TrackedItem
from caicach.plan.model import ProgressEntry, ProgressFile
from caicach.plan.registry import Registry


@dataclass(frozen=True)
class Log:
    """What a progress log gives: its records, where it takes the next entry, its last day."""

    records: list[Record]
    tail: progress_log.Tail | None
    latest: date | None


def read_log(
    source: Source,
    registry: Registry,
    registry_digest: str,
    items: list[TrackedItem],
    run: Run,
    today: date | None,
) -> Log | None:
    """Each entry is checked on its own, so that one bad entry hides none of the others. A log
    depends on the registry and on the plan it names (an edit of another plan leaves it cached);
    one kept from a later day is read again, since an entry dated after today is refused.
    `items` are every plan's, loaded before."""
    plan_id = run.log_plans.get(source.key[0]) or run.cached(str, "log-plan", *source.key)
    if plan_id is None and (doc := run.doc(source)) is not None:
        named = doc.data.get("progress") if isinstance(doc.data, dict) else None
        plan_id = named if isinstance(named, str) else None
        if plan_id is not None:
            run.keep(plan_id, "log-plan", *source.key)
    if plan_id is not None:
        run.log_plans[source.key[0]] = plan_id
    plan_digest = run.plan_digests.get(plan_id or "")
    key = (*source.key, registry_digest, plan_digest or "")
    log = run.cached(Log, "log", *key) if plan_digest is not None else None
    if log is not None and today is not None and log.latest is not None and log.latest > today:
        log = None
    if log is None:
        before = len(run.problems)
        log = _read(source, registry, items, run, today)
        source.release()
        if log is None:
            return None
        if len(run.problems) == before and plan_digest is not None:
            run.keep(log, "log", *key)
    return log


def _read(
    source: Source, registry: Registry, items: list[TrackedItem], run: Run, today: date | None
) -> Log | None:
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
    plan_items = run.items_of(items, header.progress)
    records, found = progress_log.resolve_entries(
        doc, header.progress, entries, plan_items, registry, today
    )
    run.problems.extend(found)
    tail = None
    with contextlib.suppress(ValueError):  # a log that takes no entry is said when appending
        tail = progress_log.Tail(progress_log.tail(doc), doc.text)
    latest = max((r.date for r in records), default=None)
    return Log(records, tail, latest)
