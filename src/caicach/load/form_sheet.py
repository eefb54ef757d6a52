"""The report form's workbook (phiếu báo cáo): its layout, shared with the writer, and reading a
filled one back. Every row carries hidden identifiers (plan, item, milestone); the form carries
an HMAC, keyed by the tracking office's secret (`caicach.load.form_key`), over them and over every
cell the agency must not change, so a form is read without guessing and a changed or forged one
is refused at the cell that was changed. Reading is bounded: only the form's two sheets, only the
rows and columns the form has. Imported only by commands that read or write forms (openpyxl)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from caicach.dates import check_year
from caicach.errors import CaicachError, Problem, ProblemsError
from caicach.load.files import read_regular
from caicach.load.form_key import Key
from caicach.text import clean, fold, xml_text

VERSION = "caicach-phieu-bao-cao/2"
SHEET = "Phiếu báo cáo"
IDS = "caicach"  # the very hidden sheet with the identifiers
MAX_FORM = 32 * 2**20  # a form of a few hundred rows is well under 1 MiB
MAX_UNPACKED = 64 * 2**20  # what its parts may unpack to; a zip bomb says it would be more
MAX_ROWS = 5000  # milestones a form may list: far more than any agency's open work
MAX_TEXT = 2000  # characters of an evidence or a note: a document's number and date, a few lines

# The visible columns, 1-based: what the office wrote, then what the agency fills in.
STT, PLAN, ITEM, TASK, MILESTONE, DUE, NOW = 1, 2, 3, 4, 5, 6, 7
STATE, DAY, EVIDENCE, NOTE = 8, 9, 10, 11
PROTECTED = (STT, PLAN, ITEM, TASK, MILESTONE, DUE, NOW)
FILLED = (STATE, DAY, EVIDENCE, NOTE)
WIDTH = NOTE
DONE, DOING, NOT_STARTED = "Hoàn thành", "Đang thực hiện", "Chưa thực hiện"
STATES = (DONE, DOING, NOT_STARTED)
_STATE_BY_FOLD = {fold(s): s for s in STATES}
_NAMES = {
    STT: "STT", PLAN: "Kế hoạch", ITEM: "Mã", TASK: "Nhiệm vụ", MILESTONE: "Mốc", DUE: "Hạn",
    NOW: "Theo dõi", STATE: "Tình trạng", DAY: "Ngày hoàn thành", EVIDENCE: "Văn bản minh chứng",
    NOTE: "Ghi chú",
}  # fmt: skip

# The identifiers sheet: `key, value` rows, a header, then one row per form row from ROWS on:
# visible row, plan, item, milestone, the row's MAC, then one MAC per protected cell.
ID_KEYS = ("form", "id", "agency", "day", "key", "mac")
FORM_AT, ID_AT, AGENCY_AT, DAY_AT, KEY_AT, MAC_AT = range(1, len(ID_KEYS) + 1)
ROWS = len(ID_KEYS) + 2
ID_COLUMNS = ("row", "plan", "item", "milestone", "mac", *(f"mac-{c}" for c in PROTECTED))
ID_WIDTH = len(ID_COLUMNS)

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def cell_name(column: int, row: int) -> str:
    return f"{chr(ord('A') + column - 1)}{row}"


def shown_text(value: Any) -> str:
    """A protected cell's value as it is signed and compared: dates as ISO days, whole numbers
    without a decimal point, text NFC with blanks collapsed; empty for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(xml_text(str(value)))


@dataclass(frozen=True)
class RowIds:
    """What a form row is about, as the form was written."""

    row: int  # the row of the visible sheet
    plan: str
    item: str
    milestone: str  # as the log names it: a period or a 1-based number


@dataclass(frozen=True)
class Header:
    """Who and what the form is: its id (as the register of forms sent names it), the agency it
    went to (registry id), its day, and the id of the key it is signed with."""

    id: str
    agency: str
    day: date
    key: str


def _mac(secret: bytes, parts: list[Any]) -> str:
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _row_mac(secret: bytes, h: Header, r: RowIds) -> str:
    return _mac(secret, ["row", h.id, r.row, r.plan, r.item, r.milestone])[:32]


def _cell_mac(secret: bytes, h: Header, row: int, column: int, text: str) -> str:
    return _mac(secret, ["cell", h.id, row, column, text])[:16]  # locates; the form's MAC guards


_SIGNED_FIELDS = (ID_AT, AGENCY_AT, DAY_AT)
_FIELD_NAMES = {ID_AT: "số phiếu", AGENCY_AT: "cơ quan của phiếu", DAY_AT: "ngày của phiếu"}


def _field_mac(secret: bytes, name: str, value: str) -> str:
    return _mac(secret, ["field", name, value])[:32]


def _form_mac(
    secret: bytes, h: Header, heading: list[str], table: Sequence[tuple[RowIds, list[str]]]
) -> str:
    rows = [[r.row, r.plan, r.item, r.milestone, *texts] for r, texts in table]
    return _mac(secret, [VERSION, h.id, h.agency, h.day.isoformat(), h.key, heading, rows])


def ids_sheet(
    key: Key, h: Header, heading: list[str], table: Sequence[tuple[RowIds, list[str]]]
) -> list[list[Any]]:
    """The hidden sheet's rows: the form's keys and MAC, then each row's ids and MACs. `heading`
    and the texts are the protected cells as written (`shown_text`)."""
    head = (
        VERSION,
        h.id,
        h.agency,
        h.day.isoformat(),
        h.key,
        _form_mac(key.secret, h, heading, table),
    )
    rows: list[list[Any]] = [[k, v] for k, v in zip(ID_KEYS, head, strict=True)]
    for n in _SIGNED_FIELDS:  # each with a MAC of its own, so that a change is found where it is
        rows[n - 1].append(_field_mac(key.secret, ID_KEYS[n - 1], str(head[n - 1])))
    rows.append(list(ID_COLUMNS))
    for r, texts in table:
        macs = [
            _cell_mac(key.secret, h, r.row, c, t) for c, t in zip(PROTECTED, texts, strict=True)
        ]
        rows.append([r.row, r.plan, r.item, r.milestone, _row_mac(key.secret, h, r), *macs])
    return rows


@dataclass(frozen=True)
class FilledRow:
    ids: RowIds
    state: str | None  # one of STATES, or None when left empty
    day: date | None
    evidence: str | None
    note: str | None
    readable: bool = True  # False: a cell of it could not be read (its problem is said)


@dataclass(frozen=True)
class FilledForm:
    path: Path
    header: Header
    rows: tuple[FilledRow, ...]
    saved: date | None = None  # the day the agency last saved it, as the file says
    # What the agency filled wrong, each with its row and column, in that order.
    problems: tuple[tuple[int, int, Problem], ...] = ()

    @property
    def agency(self) -> str:
        return self.header.agency

    @property
    def day(self) -> date:
        return self.header.day

    def replied(self, today: date) -> date:
        """The day of the agency's answer: when it saved the form, if that is a day between the
        form's and today; else today."""
        if self.saved is not None and self.day <= self.saved <= today:
            return self.saved
        return today

    def at(self, row: int, column: int, sheet: str = SHEET) -> str:
        """`phieu.xlsx:Phiếu báo cáo!H12`: where a problem is, as a spreadsheet user finds it."""
        return f"{self.path}:{sheet}!{cell_name(column, row)}"


class CellProblems(ProblemsError):
    """A form's problems in the order of its cells (row, then column), as a user goes down it,
    not in the text order of their names (H12 before H9)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        CaicachError.__init__(self, "\n".join(str(p) for p in self.problems))


@dataclass
class _Read:
    path: Path
    problems: list[tuple[int, int, Problem]] = field(default_factory=list)

    def wrong(self, row: int, column: int, message: str, sheet: str = SHEET) -> None:
        where = f"{self.path}:{sheet}!{cell_name(column, row)}"
        self.problems.append((row, column, Problem(where, 0, 0, message)))

    def located(self) -> tuple[tuple[int, int, Problem], ...]:
        return tuple(sorted(self.problems, key=lambda x: (x[0], x[1])))

    def in_order(self) -> tuple[Problem, ...]:
        return tuple(p for _, _, p in self.located())


def refused(path: Path, message: str) -> ProblemsError:
    return ProblemsError([Problem(str(path), 0, 0, message)])


_TAMPERED = "phiếu đã bị sửa ở chỗ không được sửa"
_NEW = "hãy lập phiếu mới (caicach forms)"


def read_form(path: Path, keys: Sequence[Key]) -> FilledForm:
    """The form's rows as the agency filled them. ProblemsError, each problem at its cell, when
    the file is not a caicach form or was changed where it must not be; what the agency filled
    wrong is in `problems`, every one of it, for the caller to report with its own checks."""
    raw = read_regular(path, MAX_FORM)
    _check_zip(path, raw)
    book = _Book(path, raw)
    try:
        head = book.rows(IDS, ROWS - 1 + MAX_ROWS + 1, ID_WIDTH)
        header, ids = _identify(path, head, keys)
        last = max(r.row for r in ids)
        sheet = book.rows(SHEET, last, WIDTH)
        formulas = book.formulas(SHEET, min(r.row for r in ids), last)
        saved = book.saved()
    finally:
        book.close()
    key = next(k for k in keys if k.id == header.key)
    _verify(path, key, header, head, ids, sheet)
    read = _Read(path)
    rows = tuple(_filled(read, r, sheet[r.row - 1], formulas) for r in ids)
    return FilledForm(path, header, rows, saved, read.located())


def _check_zip(path: Path, raw: bytes) -> None:
    """A form is a zip of XML parts: refuse, naming the file, what openpyxl would choke on."""
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise refused(
            path,
            "tệp đã đặt mật khẩu, hoặc là tệp Excel cũ (.xls): hãy gỡ mật khẩu và lưu lại dạng "
            "Excel Workbook (.xlsx) rồi gửi lại",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            types = _member(archive, "[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise refused(path, "không phải tệp Excel (.xlsx) mà caicach đọc được") from None
    for m in members:
        if m.flag_bits & 0x1:
            raise refused(path, f"phần {m.filename!r} của tệp được mã hoá: hãy gỡ mật khẩu")
        if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refused(
                path,
                f"phần {m.filename!r} được nén theo cách caicach không đọc ({m.compress_type}): "
                "hãy mở bằng Excel và lưu lại dạng .xlsx",
            )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise refused(path, f"giải nén ra sẽ chiếm {unpacked // 2**20} MiB; không đọc")
    if b"macroEnabled" in types:
        raise refused(
            path,
            "sổ có macro (.xlsm), không phải phiếu caicach lập: hãy gửi lại đúng tệp phiếu "
            "(.xlsx) đã nhận",
        )


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > 2**20 or info.flag_bits & 0x1:
        return b""
    try:
        return archive.read(info)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, OSError, EOFError):
        return b""


class _Book:
    """The workbook, read only, a sheet at a time and never past the rows and columns asked:
    openpyxl's reader pads every row to the sheet's widest column and lists a sheet whole."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path, self.raw = path, raw
        self.values = self._open(data_only=True)
        self.sheets = set(self.values.sheetnames)
        if IDS not in self.sheets or SHEET not in self.sheets:
            self.close()
            raise refused(path, "không phải phiếu báo cáo của caicach (thiếu các trang của phiếu)")

    def _open(self, *, data_only: bool) -> Any:
        from openpyxl import load_workbook

        try:
            return load_workbook(
                io.BytesIO(self.raw), read_only=True, data_only=data_only, keep_links=False
            )
        except Exception as exc:  # a hostile file fails anywhere in openpyxl: said as the file's
            raise self._broken(exc) from None

    def _broken(self, exc: Exception) -> ProblemsError:
        said = clean(xml_text(str(exc)))[:160]
        detail = f" ({type(exc).__name__}: {said})" if said else f" ({type(exc).__name__})"
        return refused(self.path, "không phải tệp Excel (.xlsx) mà caicach đọc được" + detail)

    def rows(self, title: str, max_row: int, max_col: int) -> list[tuple[Any, ...]]:
        """Rows 1…max_row of a sheet, columns 1…max_col, each padded to max_col; the sheet's
        declared range is not trusted (too small, it would cut rows short)."""
        try:
            ws = self.values[title]
            found = [
                tuple(r)
                for r in ws.iter_rows(
                    min_row=1, max_row=max_row, min_col=1, max_col=max_col, values_only=True
                )
            ]
        except Exception as exc:  # as in _open
            raise self._broken(exc) from None
        return found + [(None,) * max_col] * (max_row - len(found))

    def formulas(self, title: str, first: int, last: int) -> dict[tuple[int, int], bool]:
        """The agency's cells that hold a formula, each with whether it has a result saved."""
        found: dict[tuple[int, int], bool] = {}
        formulas = self._open(data_only=False)
        try:
            ws = formulas[title]
            cells = ws.iter_rows(min_row=first, max_row=last, min_col=STATE, max_col=NOTE)
            for n, row in enumerate(cells, first):
                for c, cell in enumerate(row, STATE):
                    if getattr(cell, "data_type", None) == "f":
                        found[(n, c)] = False
        except Exception as exc:  # as in _open
            raise self._broken(exc) from None
        finally:
            formulas.close()
        if found:
            values = self.rows(title, last, NOTE)
            for n, c in found:
                found[(n, c)] = values[n - 1][c - 1] not in (None, "")
        return found

    def saved(self) -> date | None:
        modified = getattr(self.values.properties, "modified", None)
        return modified.date() if isinstance(modified, datetime) else None

    def close(self) -> None:
        self.values.close()


def _identify(
    path: Path, head: list[tuple[Any, ...]], keys: Sequence[Key]
) -> tuple[Header, list[RowIds]]:
    """The form's header and rows as the hidden sheet says; refused at the hidden cell when it
    is not a form of this version, names no known key, or lists no rows or too many."""

    def at(row: int, column: int = 2) -> str:
        return f"{path}:{IDS}!{cell_name(column, row)}"

    def value(row: int) -> str:
        return "" if head[row - 1][1] is None else str(head[row - 1][1])

    if value(FORM_AT) != VERSION:
        old = value(FORM_AT).startswith("caicach-phieu-bao-cao/")
        said = (
            "phiếu lập bằng phiên bản caicach cũ, chưa có mã xác thực"
            if old
            else "không phải phiếu báo cáo của caicach"
        )
        raise ProblemsError([Problem(at(FORM_AT), 0, 0, f"{said}; {_NEW}")])
    key = value(KEY_AT)
    if not keys:
        said = (
            "ở đây chưa có khoá ký phiếu (tệp khoá hay biến môi trường CAICACH_FORM_KEY), nên "
            "không kiểm tra được phiếu; hãy đọc phiếu ở nơi đã lập nó"
        )
        raise ProblemsError([Problem(at(KEY_AT), 0, 0, said)])
    if key not in {k.id for k in keys}:
        said = (
            f"phiếu được ký bằng khoá {key!r}, không phải khoá của cơ quan theo dõi ở đây (phiếu "
            f"giả, hoặc khoá đã bị xoá); {_NEW}"
        )
        raise ProblemsError([Problem(at(KEY_AT), 0, 0, said)])
    day = _iso(value(DAY_AT))
    if day is None:
        raise ProblemsError([Problem(at(DAY_AT), 0, 0, f"{_TAMPERED}: ngày của phiếu; {_NEW}")])
    table = [r for r in head[ROWS - 1 :] if r[0] is not None]
    if len(table) > MAX_ROWS:
        said = f"phiếu có hơn {MAX_ROWS} dòng, không phải phiếu caicach lập; {_NEW}"
        raise ProblemsError([Problem(at(ROWS + MAX_ROWS, 1), 0, 0, said)])
    ids = [_row_ids(r) for r in table]
    if not ids or any(r.row <= 0 for r in ids):
        raise ProblemsError([Problem(at(MAC_AT), 0, 0, f"{_TAMPERED}: mã nhận dạng; {_NEW}")])
    return Header(value(ID_AT), value(AGENCY_AT), day, key), ids


def _row_ids(r: tuple[Any, ...]) -> RowIds:
    row = r[0] if isinstance(r[0], int) and 0 < r[0] <= ROWS + MAX_ROWS + 100 else 0
    plan, item, milestone = ("" if v is None else str(v) for v in r[1:4])
    return RowIds(row, plan, item, milestone)


def _iso(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _verify(
    path: Path,
    key: Key,
    h: Header,
    head: list[tuple[Any, ...]],
    ids: list[RowIds],
    sheet: list[tuple[Any, ...]],
) -> None:
    """Each row's identifiers and protected cells against their MACs, then the whole form
    against its own; refused at every cell found changed, or at the form's MAC."""
    read = _Read(path)
    for n in _SIGNED_FIELDS:
        value = "" if head[n - 1][1] is None else str(head[n - 1][1])
        mac = _field_mac(key.secret, ID_KEYS[n - 1], value)
        if not hmac.compare_digest(str(head[n - 1][2] or ""), mac):
            read.wrong(n, 2, f"{_TAMPERED}: {_FIELD_NAMES[n]} ({value!r}); {_NEW}", IDS)
    if read.problems:
        raise CellProblems(read.in_order())
    seen_rows: dict[int, int] = {}
    seen_milestones: dict[tuple[str, str, str], int] = {}
    table = []
    for n, r in enumerate(ids, ROWS):
        macs = head[n - 1]
        texts = [shown_text(sheet[r.row - 1][c - 1]) for c in PROTECTED]
        table.append((r, texts))
        if not hmac.compare_digest(str(macs[4] or ""), _row_mac(key.secret, h, r)):
            read.wrong(n, 1, f"{_TAMPERED}: mã nhận dạng của dòng {r.row}; {_NEW}", IDS)
            continue
        for c, text, mac in zip(PROTECTED, texts, macs[5:], strict=True):
            if not hmac.compare_digest(str(mac or ""), _cell_mac(key.secret, h, r.row, c, text)):
                said = f"{_TAMPERED}: ô {_NAMES[c]} do cơ quan theo dõi ghi, không được sửa; {_NEW}"
                read.wrong(r.row, c, said)
        if r.row in seen_rows:
            read.wrong(n, 1, f"dòng {r.row} được nêu hai lần trong phiếu; {_NEW}", IDS)
        seen_rows.setdefault(r.row, n)
        named = (r.plan, r.item, r.milestone)
        if named in seen_milestones:
            said = f"mốc này đã có ở dòng {seen_milestones[named]}: một mốc hai dòng; {_NEW}"
            read.wrong(r.row, MILESTONE, said)
        seen_milestones.setdefault(named, r.row)
    top = min(r.row for r in ids) - 1
    heading = [shown_text(sheet[n][0]) for n in range(top - 1)]
    if not read.problems and not hmac.compare_digest(
        str(head[MAC_AT - 1][1] or ""), _form_mac(key.secret, h, heading, table)
    ):
        said = f"{_TAMPERED} (cơ quan, ngày, số dòng hay đầu phiếu); {_NEW}"
        read.wrong(MAC_AT, 2, said, IDS)
    if read.problems:
        raise CellProblems(read.in_order())


def _filled(
    read: _Read, r: RowIds, values: tuple[Any, ...], formulas: dict[tuple[int, int], bool]
) -> FilledRow:
    before = len(read.problems)

    def value(column: int) -> Any:
        if formulas.get((r.row, column)) is False:
            read.wrong(r.row, column, "ô có công thức, hãy ghi văn bản")
            return None
        return values[column - 1]

    state = None
    if text := cell_text(value(STATE)):
        state = _STATE_BY_FOLD.get(fold(text))
        if state is None:
            read.wrong(r.row, STATE, f"Tình trạng {text!r}: chọn {', '.join(STATES)}")
    day = None
    try:
        day = form_day(value(DAY))
    except ValueError as exc:
        read.wrong(r.row, DAY, f"Ngày hoàn thành: {exc}")
    evidence = _text(read, r.row, EVIDENCE, value(EVIDENCE))
    note = _text(read, r.row, NOTE, value(NOTE))
    return FilledRow(r, state, day, evidence, note, len(read.problems) == before)


def cell_text(value: Any) -> str:
    """A cell's text as it is compared: NFC, blanks collapsed; empty for an empty cell."""
    return "" if value is None else clean(str(value))


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _text(read: _Read, row: int, column: int, value: Any) -> str | None:
    if isinstance(value, (datetime, date)):  # a date typed in a text column: as people write it
        value = value.strftime("%d/%m/%Y")
    text = cell_text(value)
    if len(text) > MAX_TEXT:
        read.wrong(
            row,
            column,
            f"{_NAMES[column]} dài {_thousands(len(text))} ký tự; ghi tối đa "
            f"{_thousands(MAX_TEXT)} ký tự (số, ký hiệu, ngày của văn bản; nội dung dài hãy gửi "
            "kèm)",
        )
        return None
    if m := _CONTROL.search(text):
        read.wrong(row, column, f"có ký tự điều khiển U+{ord(m.group()):04X}; hãy xoá ký tự đó")
        return None
    return text or None


# Days typed as text, the ways people type them: day first (Vietnamese order) with / - or .,
# the year first with - / or ., a two-digit year (20/3/24), and "ngày 20 tháng 3 năm 2024".
_SEP = r"\s*([/.\-])\s*"
_DAY_FORMS = (
    (re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}})\2(\d{{4}})$"), (1, 3, 4)),
    (re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\2(\d{{1,2}})$"), (4, 3, 1)),
    (re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}})\2(\d{{2}})$"), (1, 3, 4)),
    (
        re.compile(r"^(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*(?:năm\s*)?(\d{4})$", re.I),
        (1, 2, 3),
    ),
)
_SHOULD = "ghi dạng dd/mm/yyyy, vd. 20/03/2024"


def form_day(value: Any) -> date | None:
    """A date cell as a spreadsheet gives it: a date, a day number (a date cell formatted as a
    number), or text as people write a day; ValueError saying the form to use."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(value)
    text = clean(str(value))
    for pattern, (d, m, y) in _DAY_FORMS:
        if found := pattern.match(text):
            groups = found.groups()
            return _calendar(text, int(groups[d - 1]), int(groups[m - 1]), groups[y - 1])
    raise ValueError(f"{text!r} không phải là ngày; {_SHOULD}")


def _calendar(text: str, d: int, m: int, y: str) -> date:
    year = int(y) + 2000 if len(y) == 2 else int(y)
    try:
        day = date(year, m, d)
    except ValueError:
        if 1 <= m <= 31 and 1 <= d <= 12 < m:
            raise ValueError(
                f"{text!r}: không có tháng {m}; ngày ghi trước, tháng sau ({d:02}/{m:02} là "
                f"ngày {m} tháng {d}: ghi {m:02}/{d:02}/{year})"
            ) from None
        raise ValueError(f"{text!r}: không có ngày này trên lịch") from None
    check_year(day.year, text)
    return day


def _serial(value: float) -> date:
    from openpyxl.utils.datetime import from_excel

    if not 1 <= value < 2958466:  # Excel's days: 1900-01-01 … 9999-12-31
        raise ValueError(f"{value!r} không phải là ngày; {_SHOULD}")
    day = from_excel(value)
    found = day.date() if isinstance(day, datetime) else day
    if not isinstance(found, date):
        raise ValueError(f"{value!r} không phải là ngày; {_SHOULD}")
    check_year(found.year, str(value))
    return found
