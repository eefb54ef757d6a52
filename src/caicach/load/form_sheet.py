"""The report form's workbook (phiếu báo cáo): its layout, shared with the writer, and reading a
filled one back. Every row carries hidden identifiers (plan, item, milestone) and the form a
digest of them and of the cells the agency must not change, so a form is read without guessing
and a changed one is refused. Imported only by commands that read or write forms (openpyxl)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from caicach.dates import parse_day
from caicach.errors import Problem, ProblemsError
from caicach.load.files import read_regular
from caicach.text import clean, fold

VERSION = "caicach-phieu-bao-cao/1"
SHEET = "Phiếu báo cáo"
IDS = "caicach"  # the very hidden sheet with the identifiers
MAX_FORM = 32 * 2**20  # a form of a few hundred rows is well under 1 MiB

# The visible columns, 1-based: what the office wrote, then what the agency fills in.
STT, PLAN, ITEM, TASK, MILESTONE, DUE, NOW = 1, 2, 3, 4, 5, 6, 7
STATE, DAY, EVIDENCE, NOTE = 8, 9, 10, 11
FILLED = (STATE, DAY, EVIDENCE, NOTE)
DONE, DOING, NOT_STARTED = "Hoàn thành", "Đang thực hiện", "Chưa thực hiện"
STATES = (DONE, DOING, NOT_STARTED)
_STATE_BY_FOLD = {fold(s): s for s in STATES}

# The identifiers sheet: a few `key, value` rows, then one row per form row from ROWS on.
ID_KEYS = ("form", "agency", "day", "digest")
ROWS = len(ID_KEYS) + 2


@dataclass(frozen=True)
class RowIds:
    """What a form row is about, as the form was written."""

    row: int  # the row of the visible sheet
    plan: str
    item: str
    milestone: str  # as the log names it: a period or a 1-based number
    shown: tuple[str, str]  # the plan and mã cells as written, to see them changed

    def fields(self) -> list[Any]:
        return [self.row, self.plan, self.item, self.milestone, *self.shown]


def digest(agency: str, day: date, rows: Sequence[RowIds]) -> str:
    """What the form was written with, fingerprinted: changing any of it changes this."""
    data = [VERSION, agency, day.isoformat(), [r.fields() for r in rows]]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cell_name(column: int, row: int) -> str:
    return f"{chr(ord('A') + column - 1)}{row}"


@dataclass(frozen=True)
class FilledRow:
    ids: RowIds
    state: str | None  # one of STATES, or None when left empty
    day: date | None
    evidence: str | None
    note: str | None


@dataclass(frozen=True)
class FilledForm:
    path: Path
    agency: str  # registry id
    day: date
    rows: tuple[FilledRow, ...]
    saved: date | None = None  # the day the agency last saved it, as the file says

    def replied(self, today: date) -> date:
        """The day of the agency's answer: when it saved the form, if that is a day between the
        form's and today; else today."""
        if self.saved is not None and self.day <= self.saved <= today:
            return self.saved
        return today

    def at(self, row: int, column: int) -> str:
        """`phieu.xlsx:Phiếu báo cáo!H12`: where a problem is, as a spreadsheet user finds it."""
        return f"{self.path}:{SHEET}!{cell_name(column, row)}"


def read_form(path: Path) -> FilledForm:
    """The form's rows as the agency filled them; ProblemsError, each problem at its cell, when
    the file is not a caicach form, was changed where it must not be, or holds bad values."""
    raw = read_regular(path, MAX_FORM)
    sheets, saved = _sheets(path, raw)
    if IDS not in sheets or SHEET not in sheets:
        raise _refused(path, "không phải phiếu báo cáo của caicach (thiếu các trang của phiếu)")
    keys = {str(r[0]): r[1] for r in sheets[IDS][: ROWS - 2] if r and r[0] is not None}
    if keys.get("form") != VERSION:
        raise _refused(
            path, f"phiếu báo cáo không thuộc phiên bản này đọc được ({keys.get('form')!r})"
        )
    ids = [_row_ids(r, sheets[SHEET]) for r in sheets[IDS][ROWS - 1 :] if r and r[0] is not None]
    agency, day = str(keys.get("agency") or ""), _iso(keys.get("day"))
    if day is None or not agency or keys.get("digest") != digest(agency, day, ids):
        raise _refused(
            path,
            "phiếu đã bị sửa ở chỗ không được sửa (mã nhận dạng, hay cột Kế hoạch và "
            "Mã); hãy lập phiếu mới (caicach forms)",
        )
    problems: list[Problem] = []
    rows = []
    for r in ids:
        values = sheets[SHEET][r.row - 1] if r.row <= len(sheets[SHEET]) else ()
        rows.append(_filled(path, r, values, problems))
    if problems:
        raise ProblemsError(problems)
    return FilledForm(path, agency, day, tuple(rows), saved)


def _refused(path: Path, message: str) -> ProblemsError:
    return ProblemsError([Problem(str(path), 0, 0, message)])


def _sheets(path: Path, raw: bytes) -> tuple[dict[str, list[tuple[Any, ...]]], date | None]:
    """Every sheet's values, row by row (cached results of formulas, not the formulas), and
    the day the file was last saved, as it says."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
        if unpacked > MAX_FORM:  # a zip bomb says how large it would grow
            raise _refused(path, f"giải nén ra sẽ chiếm {unpacked // 2**20} MiB; không đọc")
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            saved = wb.properties.modified
            sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
            return sheets, saved.date() if isinstance(saved, datetime) else None
        finally:
            wb.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ParseError, ValueError, TypeError):
        raise _refused(path, "không phải tệp Excel (.xlsx) mà caicach đọc được") from None


def _row_ids(r: tuple[Any, ...], sheet: list[tuple[Any, ...]]) -> RowIds:
    row = r[0] if isinstance(r[0], int) and 0 < r[0] <= len(sheet) else 0
    visible = sheet[row - 1] if row else ()
    shown = tuple(cell_text(visible[c - 1]) if len(visible) >= c else "" for c in (PLAN, ITEM))
    plan, item, milestone = (str(v or "") for v in (*r[1:4], None, None, None)[:3])
    return RowIds(row, plan, item, milestone, (shown[0], shown[1]))


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def cell_text(value: Any) -> str:
    """A cell's text as it is compared: NFC, blanks collapsed; empty for an empty cell."""
    return "" if value is None else clean(str(value))


def _filled(path: Path, r: RowIds, values: tuple[Any, ...], problems: list[Problem]) -> FilledRow:
    def value(column: int) -> Any:
        return values[column - 1] if len(values) >= column else None

    def wrong(column: int, message: str) -> None:
        problems.append(Problem(f"{path}:{SHEET}!{cell_name(column, r.row)}", 0, 0, message))

    state = None
    if text := cell_text(value(STATE)):
        state = _STATE_BY_FOLD.get(fold(text))
        if state is None:
            wrong(STATE, f"Tình trạng {text!r}: chọn {', '.join(STATES)}")
    day = _day(value(DAY), lambda m: wrong(DAY, m))
    return FilledRow(
        r, state, day, cell_text(value(EVIDENCE)) or None, cell_text(value(NOTE)) or None
    )


def _day(value: Any, wrong: Callable[[str], None]) -> date | None:
    """A date cell as a spreadsheet gives it: a date, or text as people write a day."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_day(str(value))
    except ValueError as exc:
        wrong(f"Ngày hoàn thành: {exc}")
        return None
