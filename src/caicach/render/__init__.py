"""Renderers, chosen by name. Each module offers the same functions: items, item, agencies,
summary, due, log."""

from __future__ import annotations

from types import ModuleType


def renderer(name: str) -> ModuleType:
    # Imported on demand so that `--format json` never loads rich, and vice versa.
    if name == "json":
        from caicach.render import jsonout

        return jsonout
    if name == "csv":
        from caicach.render import csvout

        return csvout
    from caicach.render import terminal

    return terminal
