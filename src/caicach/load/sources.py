"""What every loading step shares: a file as read (its bytes, digest and document) and one load's
run (the problems found so far, and the cache behind each step)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from caicach.errors import Problem, ProblemsError
from caicach.load.cache import Cache, digest
from caicach.load.files import decode, read_regular
from caicach.load.validate import validate
from caicach.plan.items import TrackedItem

if TYPE_CHECKING:
    from caicach.load.yaml_source import Document

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


class Source:
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

    @functools.cached_property
    def key(self) -> tuple[str, str]:
        """The resolved path and digest: resolved once (a few steps of each file's load ask)."""
        return (str(self.path.resolve()), self.digest)


class Run:
    """One load: the problems found, and the cache (or none) behind every step."""

    def __init__(self, cache: Cache | None) -> None:
        self.cache = cache
        self.problems: list[Problem] = []
        self._by_plan: dict[str, list[TrackedItem]] | None = None
        self.plan_digests: dict[str, str] = {}  # plan id → digest of the file that has it
        self.log_plans: dict[str, str] = {}  # a log's resolved path → the plan id it names

    def read(self, path: Path) -> Source | None:
        try:
            return Source(path, read_regular(path))
        except ProblemsError as exc:
            self.problems.extend(exc.problems)
            return None

    def doc(self, source: Source) -> Document | None:
        """The parsed file, or None when YAML refuses it (its problems said the first time)."""
        if source.refused:
            return None
        try:
            return source.doc
        except ProblemsError as exc:
            source.refused = True
            self.problems.extend(exc.problems)
            return None

    def items_of(self, items: list[TrackedItem], plan_id: str) -> list[TrackedItem]:
        """The items of one plan among all `items` loaded (each log is checked against its own
        plan's)."""
        if self._by_plan is None:
            self._by_plan = {}
            for item in items:
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


def validated(source: Source, model: type[M], run: Run) -> M | None:
    """A file checked against one model, through the cache."""

    def build() -> M | None:
        doc = run.doc(source)
        return validate(doc, model, run.problems) if doc is not None else None

    return run.step(model, model.__name__, source.key, build)
