"""A table's rows written as XML text (nd30.table's `as_text`, the combined letter's phụ lục and a
long notice's tables) give the very bytes of the .docx that copying the prepared row element by
element gives: dirty text, several tables, and the tables that fall back to the copies. The
clock is fixed while a document is saved: a zip member's header holds the time it was written."""

from __future__ import annotations

import io
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from caicach.render.word import nd30
from caicach.text import xml_text
from tests.conftest import ROOT, Run

HEAD = ("STT", "Nhiệm vụ", "Thời hạn", "Số ngày quá hạn", "Đôn đốc")
WIDTHS = (12, 85, 30, 19, 19)
TASK = frozenset({1})
CLOCK = 1780272000.0  # 2026-06-01, after every date benchmarks/generate.py writes

DIRTY: list[nd30.Row] = [
    nd30.Group("I. SỞ TƯ PHÁP & <UBND> \"huyện\" 'Ba Tơ' (03 nhiệm vụ)"),
    ("1", "Điểm a khoản 1: rà soát văn bản quy phạm pháp luật", "31/12/2024", "15", "lần 1"),
    ("2", "  hai dấu cách ở đầu, một ở cuối ", "quý I/2024", "3", ""),
    ("3", "ký tự điều khiển \x00\x07\x1b[2J\x7f\x9b và \u202e đảo chiều", "", "7", "lần 2"),
    ("4", "a < b && c > d; ]]> <!-- không phải chú thích --> &amp;", "tháng 01/2024", "", ""),
    ("5", "\u00a0cách không ngắt\u00a0", "\u3000", " ", "\u2028"),
    ("6", "chữ ngoài BMP 𝔸𝔹 😀, U+FFFD \ufffd, U+E000 \ue000", "01/01/2025", "1", "lần 3"),
    nd30.Group(""),
    ("7", "Ủy ban nhân dân " * 40, "", "", ""),
    nd30.Group("  II. UBND CÁC XÃ, PHƯỜNG, THỊ TRẤN (01 nhiệm vụ) "),
    ("1", "", "", "", ""),
]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The time a zip member is stamped with, the same for every save."""
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: CLOCK)
        yield


def _many(n: int) -> list[nd30.Row]:
    """`n` item rows under a group row every 40: several pieces of text once saved."""
    rows: list[nd30.Row] = []
    for k in range(n):
        if k % 40 == 0:
            rows.append(nd30.Group(f"{k // 40 + 1}. SỞ NỘI VỤ <{k}> & cơ quan"))
        rows.append((str(k + 1), f"Nhiệm vụ số {k} & <việc> ", "31/12/2024", str(k % 9), ""))
    return rows


def _build(tables: Sequence[Sequence[nd30.Row]], as_text: bool) -> bytes:
    """A document with a paragraph, then each table with a paragraph after it, saved."""
    return _built(tables, as_text)[0]


def _built(tables: Sequence[Sequence[nd30.Row]], as_text: bool) -> tuple[bytes, list[int]]:
    """`_build`'s bytes, and how many rows each table held as elements before the save."""
    doc = nd30.document()
    nd30.paragraph(doc, "Đầu văn bản")
    held = []
    for rows in tables:
        held.append(len(nd30.table(doc, HEAD, rows, WIDTHS, TASK, as_text=as_text).rows))
        nd30.paragraph(doc, "Sau bảng")
    return nd30.save(doc), held


def _cells(data: bytes) -> list[list[tuple[int, list[str]]]]:
    """Each table of the .docx read back with python-docx: per row its number of cells (one
    for a group row, merged across) and their text."""
    doc = Document(io.BytesIO(data))
    return [[(len(r._tr.tc_lst), [c.text for c in r.cells]) for r in t.rows] for t in doc.tables]


def _expected(rows: Sequence[nd30.Row]) -> list[tuple[int, list[str]]]:
    out = [(len(HEAD), list(HEAD))]
    for r in rows:
        if isinstance(r, nd30.Group):
            out.append((1, [nd30.shown(r.text)] * len(HEAD)))
        else:
            out.append((len(HEAD), [nd30.shown(v) for v in r]))
    return out


def test_dirty_text_gives_the_same_bytes_and_reads_back(clock: None) -> None:
    text, tree = _build([DIRTY], as_text=True), _build([DIRTY], as_text=False)
    assert text == tree
    assert _cells(text) == [_expected(DIRTY)]
    doc = Document(io.BytesIO(text))
    rows = doc.tables[0].rows
    group = rows[1]._tr
    assert group.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == str(len(HEAD))
    assert group.tc_lst[0].p_lst[0].pPr.keepNext is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert [p.text for p in doc.paragraphs] == ["Đầu văn bản", "", "Sau bảng"]


def test_many_rows_in_several_tables_give_the_same_bytes(clock: None) -> None:
    tables = [_many(1200), DIRTY, _many(301)]
    text, held = _built(tables, as_text=True)
    assert held == [1, 1, 1]  # only the headers were elements
    assert text == _build(tables, as_text=False)
    assert _cells(text) == [_expected(t) for t in tables]
    doc = nd30.document()  # saved twice, the rows are still there
    nd30.table(doc, HEAD, _many(700), WIDTHS, TASK, as_text=True)
    assert nd30.save(doc) == nd30.save(doc)


def test_every_character_lxml_takes_is_written_as_lxml_writes_it(clock: None) -> None:
    """All of Unicode that XML holds but tabs and line breaks (python-docx's own elements), in
    one cell: the text path's escaping is lxml's, character for character."""
    refused = {*range(0x20), 0xFFFE, 0xFFFF, *range(0xD800, 0xE000)}
    every = "".join(chr(c) for c in range(0x110000) if c not in refused)
    rows: list[nd30.Row] = [("1", every, every[::-1], "", "")]
    text = _build([rows], as_text=True)
    assert text == _build([rows], as_text=False)
    assert _cells(text)[0][1][1][1] == nd30.shown(every)


@pytest.mark.parametrize(
    ("odd", "as_text"),
    [
        (("9", "một dòng\nhai dòng", "", "", ""), False),  # python-docx writes a w:br
        (nd30.Group("nhóm\nhai dòng"), False),
        (("9", "một\ttab", "", "", ""), True),  # shown as a space
    ],
)
def test_a_table_the_text_cannot_write_is_built_as_copies(
    clock: None, odd: nd30.Row, as_text: bool
) -> None:
    rows = [*DIRTY, odd, *_many(50)]
    written, held = _built([rows], as_text=True)
    assert held == [1 if as_text else 1 + len(rows)]  # as text, only the header is an element
    assert written == _build([rows], as_text=False)
    assert _cells(written) == [_expected(rows)]
    body = zipfile.ZipFile(io.BytesIO(written)).read("word/document.xml")
    assert (b"<w:br/>" in body) is not as_text


@pytest.mark.parametrize(
    "text",
    ["nửa cặp \ud800", "U+FFFE \ufffe", "chuông \x07 và ESC \x1b[2J"],  # what lxml refuses
)
def test_what_xml_cannot_hold_is_a_space_both_ways(clock: None, text: str) -> None:
    rows: list[nd30.Row] = [("1", text, "", "", ""), *_many(5)]
    written = _build([rows], as_text=True)
    assert written == _build([rows], as_text=False)
    assert _cells(written)[0][1][1][1] == xml_text(text)


def test_a_row_narrower_than_the_table_is_refused_alike() -> None:
    raised = []
    for as_text in (True, False):
        with pytest.raises(ValueError, match="shorter") as info:
            nd30.table(nd30.document(), HEAD, [("1", "thiếu cột")], WIDTHS, TASK, as_text=as_text)
        raised.append((type(info.value), str(info.value)))
    assert raised[0] == raised[1]


def _urge(run: Run, plans: Path, out: Path, as_of: str) -> list[bytes]:
    out.mkdir()
    for args in (("-o", str(out / "chung.docx")), ("--separate", "-o", str(out / "tung"))):
        result = run("urge", "--all", "--as-of", as_of, "--within", "30", "--dry-run",
                     "--plans", str(plans), *args)  # fmt: skip
        assert result.code == 0, result.err
    files = [out / "chung.docx", *sorted((out / "tung").glob("*.docx"))]
    assert len(files) > 2
    return [f.read_bytes() for f in files]


def _both_ways(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_of: str
) -> list[bytes]:
    """`urge --all` and `--separate` written with every table as text (the notices' threshold
    at 0), then with every table as copies (as caicach wrote them before): the same files."""
    as_text = nd30._rows_text
    kept: list[bool] = []

    def spy(tbl: object, rows: Sequence[nd30.Row]) -> list[bytes] | None:
        found = as_text(tbl, rows)
        kept.append(found is not None)
        return found

    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: CLOCK)
        m.setattr(nd30, "_rows_text", spy)
        text = _urge(run, plans, tmp_path / "text", as_of)
        assert len(kept) > 2
        assert all(kept)  # every table was written as text
        m.setattr(nd30, "_rows_text", lambda tbl, rows: None)
        tree = _urge(run, plans, tmp_path / "tree", as_of)
    assert text == tree
    return text


def test_the_shipped_plans_urge_the_same_bytes(
    run: Run, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _both_ways(run, plans, tmp_path, monkeypatch, "2024-04-15")
    annex = Document(io.BytesIO(written[0])).tables[-1]
    groups = [r for r in annex.rows[1:] if len(r._tr.tc_lst) == 1]
    assert groups
    assert groups[0].cells[0].text.startswith("I. ")
    assert len(annex.rows) > len(groups) + 1


def test_a_generated_province_urges_the_same_bytes(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate = __import__("generate").generate
    folder = tmp_path / "plans"
    assert generate(1000, folder) > 900
    written = _both_ways(run, folder, tmp_path, monkeypatch, "2025-06-30")
    annex = Document(io.BytesIO(written[0])).tables[-1]
    assert len(annex.rows) > 300
    sys.modules.pop("generate", None)
