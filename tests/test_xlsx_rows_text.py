"""A sheet's rows written as XML text (layout.Sheet._row_text) give the very bytes openpyxl writes
for the same cells as openpyxl Cells (what the sheet does without lxml): every value type, dirty
text, empty rows with a height, the rows openpyxl still writes itself among them, and every
character XML holds. Compared member by member, but docProps/core.xml (the time of saving)."""

from __future__ import annotations

import gc
import io
import math
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pytest

from caicach.render.xlsx import layout

DIRTY = [
    "  two spaces before, one after ",
    "\ttab first",
    "last line\n",
    "a < b && c > d; ]]> <!-- not a comment --> &amp; &#13;",
    "\"double\" and 'single' quotes",
    "line\r\nbreak, a lone\rCR and a lone\nLF",
    "=SUM(A1:A3)",  # a formula's look in a styled cell: text with a quote prefix
    "+84 905 123 456",
    "-minus",
    "@at",
    "'quoted",
    "emoji 😀🇻🇳, outside the BMP 𝔸𝔹, U+FFFD \ufffd, private U+E000 \ue000",
    "\u00a0no-break spaces\u00a0",
    "\u3000ideographic space",
    "C1 controls \x85\x9b and DEL \x7f, \u202e right to left",
    "control characters cleaned by put: \x00\x07\x1b\x0b \ufffe \uffff",
    "Ủy ban nhân dân tỉnh Quảng Ngãi " * 1200,  # longer than a cell: cut, saying so
    "ạ" * 20_000,
    " ",
    "",
    "#N/A",  # an error code: openpyxl writes that row itself
]

VALUES: list[Any] = [
    0,
    -7,
    10**15,
    2**53 + 1,
    0.1,
    1 / 3,
    -0.0,
    1e300,
    2.5e-8,
    math.nan,
    math.inf,
    True,
    False,
    None,
]
DATES = [
    date(2024, 4, 15),
    date(1900, 2, 28),
    date(1900, 3, 1),
    datetime(2024, 12, 31, 23, 59, 59, 999_999),
    datetime(2026, 1, 1),
    None,
]

Fill = Callable[[layout.Sheet], None]


def _members(fill: Fill, monkeypatch: pytest.MonkeyPatch, *, text: bool) -> dict[str, bytes]:
    """The saved workbook's members, its rows as text (`text`) or as openpyxl Cells."""
    with monkeypatch.context() as m:
        if not text:
            m.setattr(layout, "LXML", False)
        wb = layout.new_workbook()
        layout.styles(wb)
        # An openpyxl Cell given a date takes a date format of its own before its style is set,
        # and the workbook keeps it (styles.xml): both workbooks know these two from the start.
        for number_format in ("yyyy-mm-dd", "yyyy-mm-dd h:mm:ss"):
            wb._number_formats.add(number_format)  # type: ignore[attr-defined]
        ws = layout.sheet(wb, "Trang tính")
        fill(ws)
        data = layout.workbook_bytes(wb)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _same(fill: Fill, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Both ways give the same members, in the same order; the sheet's XML is returned."""
    as_text = _members(fill, monkeypatch, text=True)
    as_cells = _members(fill, monkeypatch, text=False)
    assert list(as_text) == list(as_cells)
    for name in as_cells:
        assert as_text[name] == as_cells[name], name
    return as_text["xl/worksheets/sheet1.xml"]


def _rows(xml: bytes) -> list[bytes]:
    return re.findall(rb"<row .*?</row>", xml, re.DOTALL)


def _table(ws: layout.Sheet, top: int, values: Sequence[Any], styles: Sequence[str | None]) -> int:
    """One value a row, in each style (a column each); returns the next free row."""
    for r, value in enumerate(values, start=top):
        for c, style in enumerate(styles, start=1):
            layout.put(ws, r, c, value, style)
    return top + len(values)


def test_every_value_type_and_dirty_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def fill(ws: layout.Sheet) -> None:
        after = _table(ws, 1, DIRTY, ["text", "text-late", None, "header"])
        after = _table(ws, after, VALUES, ["int", "pct", "text", "note"])
        after = _table(ws, after, DATES, ["date", "date-late", "int", "note"])
        _table(ws, after, [1, 2.5, True, None, "x"], [None])  # unstyled; None: an empty row
        layout.put(ws, 3, 6, None, "text")  # a styled empty cell, far right
        ws.row_dimensions[2].height = 31.5
        ws.embolden(4)  # a total's row: its cells bold

    xml = _same(fill, monkeypatch)
    rows = _rows(xml)
    assert len(rows) == len(DIRTY) + len(VALUES) + len(DATES) + 5
    assert rows[0].startswith(b'<row r="1"><c r="A1" s="')
    assert b'<t xml:space="preserve">  two spaces before, one after </t>' in rows[0]
    assert b'<row r="2" ht="31.5" customHeight="1">' in xml
    assert re.search(rb'<c r="F3" s="\d+" t="n"></c>', xml)  # a styled empty cell
    assert b'<row r="45"></row>' in xml  # a row of one unstyled None
    assert re.search(rb'<c r="A33" s="\d+" t="b"><v>1</v></c>', xml)  # True
    assert b"a &lt; b &amp;&amp; c &gt; d; ]]&gt; &lt;!-- not a comment --&gt;" in xml
    assert b"line&#13;\nbreak, a lone&#13;CR" in xml
    assert b"&#128512;&#127483;&#127475;" in xml  # 😀🇻🇳 as lxml writes them
    assert b'<c r="C21" t="e"><v>#N/A</v></c>' in xml  # written by openpyxl, in its place
    assert b"\x1b" not in xml  # cleaned by `put`, not written
    assert b"&#65534;" not in xml


def test_empty_rows_with_heights_and_rows_openpyxl_writes_between(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fill(ws: layout.Sheet) -> None:
        for r in range(1, 40):
            if r % 3 == 0:
                ws.row_dimensions[r].height = 12.75 + r  # no cell: an empty row of its own height
            elif r % 5 == 0:
                layout.put(ws, r, 2, "=A1", None)  # a formula: openpyxl's own row
            elif r % 7 == 0:
                layout.put(ws, r, 1, date(2024, 1, r), None)  # a date with no style: openpyxl's
            else:
                layout.put(ws, r, 1, f"hàng {r} & <{r}>", "text")
                layout.put(ws, r, 3, r * 1.5, "int")

    xml = _same(fill, monkeypatch)
    assert [int(m) for m in re.findall(rb'<row r="(\d+)"', xml)] == list(range(1, 40))
    assert b'<row r="3" ht="15.75" customHeight="1"></row>' in xml
    assert b'<c r="B5"><f>A1</f><v></v></c>' in xml


def test_a_streamed_sheet_written_in_many_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows sent while the table is made, more than one piece of text at a time, and between
    them rows openpyxl writes (error codes), as the long sheets of a report are."""
    count = 1500

    def fill(ws: layout.Sheet) -> None:
        ws.column_dimensions["B"].width = 60
        ws.stream(count, 3)
        for r in range(1, count + 1):
            task = "#DIV/0!" if r % 97 == 0 else f" Nhiệm vụ {r}: rà soát & <đánh giá> " * 20
            layout.put(ws, r, 1, r, "int")
            layout.put(ws, r, 2, task, "text-late" if r % 2 else "text")
            layout.put(ws, r, 3, date(2024, 1 + r % 12, 1 + r % 28), "date")
            ws.row_dimensions[r].height = 15.0 * (1 + r % 4)
            if r % 200 == 0:
                ws.send(r)

    xml = _same(fill, monkeypatch)
    assert len(xml) > 3 * layout._AT_ONCE  # several pieces
    assert [int(m) for m in re.findall(rb'<row r="(\d+)"', xml)] == list(range(1, count + 1))


def test_every_character_xml_holds_is_written_as_lxml_writes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """All 1,112,033 code points XML holds, 4,096 a cell, in a cell's text (`_row_text`)
    and lxml's; and once more with a space around each piece (`xml:space`)."""
    refused = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
    chars = [chr(c) for c in range(0x110000) if not refused.match(chr(c))]
    pieces = ["".join(chars[k : k + 4096]) for k in range(0, len(chars), 4096)]

    def fill(ws: layout.Sheet) -> None:
        for r, piece in enumerate(pieces, start=1):
            layout.put(ws, r, 1, piece, "text")
            layout.put(ws, r, 2, f" {piece} ", "text")

    xml = _same(fill, monkeypatch)
    assert len(chars) == 1_112_033
    assert len(_rows(xml)) == len(pieces)


def _refusal(bad: str, monkeypatch: pytest.MonkeyPatch, *, text: bool) -> str:
    def fill(ws: layout.Sheet) -> None:
        layout.put(ws, 1, 1, "before", "text")
        ws.set(2, 1, f"a{bad}b", ("text", False, False))  # past `put`, which cleans it

    refusal = "written"
    try:
        _members(fill, monkeypatch, text=text)
    except Exception as exc:  # whatever openpyxl raises: compared below
        refusal = f"{type(exc).__name__}: {exc}"
    with monkeypatch.context() as m:  # the sheet writers openpyxl leaves half-closed complain
        m.setattr(sys, "unraisablehook", lambda _: None)  # as they are collected: now
        gc.collect()
    return refusal


@pytest.mark.parametrize("bad", ["\x07", "\x1b", "\ufffe", "\uffff", "\udc80"])
def test_text_xml_cannot_hold_is_refused_as_openpyxl_refuses_it(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never written as a character reference (`&#65534;`) XML would not read back."""
    refusal = _refusal(bad, monkeypatch, text=True)
    assert refusal != "written"
    assert refusal == _refusal(bad, monkeypatch, text=False)
