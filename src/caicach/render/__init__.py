"""Renderers, chosen by name. Each format is imported on demand, so that `--format json` never
loads rich and a table never loads the JSON contract."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from caicach.render.base import Renderer
    from caicach.render.terminal.problems import Reporter
    from caicach.tracking.notice import Combined, Notice

NoticeFormat = Callable[["Notice"], bytes]  # a notice, whole, in one file format
CombinedFormat = Callable[["Combined"], bytes]  # one notice to many agencies


def _table(out: TextIO) -> Renderer:
    from caicach.render.terminal.items import TableRenderer

    return TableRenderer(out)


def _json(out: TextIO) -> Renderer:
    from caicach.render.formats.jsonout import JsonRenderer

    return JsonRenderer(out)


def _csv(out: TextIO) -> Renderer:
    from caicach.render.formats.csvout import CsvRenderer

    return CsvRenderer(out)


def _csv_excel(out: TextIO) -> Renderer:
    from caicach.render.formats.csvout import CsvRenderer

    return CsvRenderer(out, bom=True)


def _csv_raw(out: TextIO) -> Renderer:
    from caicach.render.formats.csvout import CsvRenderer

    return CsvRenderer(out, raw=True)


RENDERER_BY_NAME: dict[str, Callable[[TextIO], Renderer]] = {
    "table": _table,
    "json": _json,
    "csv": _csv,
    "csv-excel": _csv_excel,
    "csv-raw": _csv_raw,
}


def renderer(name: str, out: TextIO) -> Renderer:
    return RENDERER_BY_NAME[name](out)


def reporter(name: str, out: TextIO, err: TextIO) -> Reporter:
    """Problems in input files: `text` (path:line:col: message), `github`, `json`."""
    from caicach.render.terminal.problems import REPORTER_BY_NAME

    return REPORTER_BY_NAME[name](out, err)


def _notice_docx(n: Notice) -> bytes:
    from caicach.render.word.notice import notice_bytes

    return notice_bytes(n)


def _notice_text(n: Notice) -> bytes:
    from caicach.render.text.notice import notice_text

    return notice_text(n)


def _notice_json(n: Notice) -> bytes:
    from caicach.render.text.notice import notice_json

    return notice_json(n)


NOTICE_BY_NAME: dict[str, tuple[str, NoticeFormat]] = {
    "docx": (".docx", _notice_docx),
    "text": (".txt", _notice_text),
    "json": (".json", _notice_json),
}


def _combined_docx(c: Combined) -> bytes:
    from caicach.render.word.notice import combined_bytes

    return combined_bytes(c)


def _combined_text(c: Combined) -> bytes:
    from caicach.render.text.notice import combined_text

    return combined_text(c)


def _combined_json(c: Combined) -> bytes:
    from caicach.render.text.notice import combined_json

    return combined_json(c)


COMBINED_BY_NAME: dict[str, tuple[str, CombinedFormat]] = {
    "docx": (".docx", _combined_docx),
    "text": (".txt", _combined_text),
    "json": (".json", _combined_json),
}
