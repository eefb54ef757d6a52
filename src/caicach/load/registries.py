"""The agency registry: found among the files or beside them, read once, and checked for what the
model alone cannot see (an id used twice, a name of two entities, an unknown successor)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from caicach.errors import Loc, Problem
from caicach.load.sources import Run, Source
from caicach.load.validate import validate
from caicach.plan.model import RegistryFile
from caicach.plan.registry import Registry


def find_registry(files: list[Path], dirs: Iterable[Path], run: Run) -> list[Source]:
    """The first `agencies.yaml` beside a file loaded, else in `dirs`; its absence is a problem."""
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


def load_registry(sources: list[Source], run: Run) -> Registry | None:
    """The registry of the first source; a second one is a problem where it is."""
    for extra in sources[1:]:
        if (doc := run.doc(extra)) is not None:
            said = f"danh mục cơ quan thứ hai (danh mục thứ nhất: {sources[0].path})"
            run.problems.append(doc.problem(("registry",), said, key=True))
    if not sources:
        return None
    return run.step(Registry, "registry", sources[0].key, lambda: _registry(sources[0], run))


def _registry(source: Source, run: Run) -> Registry | None:
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
