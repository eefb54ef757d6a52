"""The notices' Word files are built fast (rows copied from one prepared row, styles looked up
once, each document started from one prepared base), and read back the same as python-docx's
own way of building them cell by cell: the same XML, the same text, styles and row properties."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from caicach.render.word import nd30
from tests.conftest import Run

HEAD = ("STT", "Nhiệm vụ", "Thời hạn", "Số ngày quá hạn", "Đôn đốc")
WIDTHS = (12, 85, 30, 19, 19)
ROWS: list[nd30.Row] = [
    nd30.Group("I. SỞ TƯ PHÁP (03 nhiệm vụ)"),
    ("1", "Điểm a khoản 1: rà soát văn bản", "31/12/2024", "15", "lần 1"),
    ("2", "  hai dấu cách ở đầu, một ở cuối ", "quý I/2024", "3", ""),
    ("3", "một dòng\nhai dòng\tvà một tab", "tháng 01/2024", "40", "lần 2 (tháng 01/2024)"),
    nd30.Group("II. UBND HUYỆN BA TƠ (01 nhiệm vụ)"),
    ("1", "Sở\x1b[2J ký tự điều khiển", "", "7", "lần 1"),
]


def _reference(doc: DocumentType) -> Table:
    """The table as python-docx builds it through its public API, one cell after another (how
    caicach built it before): what the fast table must equal."""
    t = doc.add_table(rows=1 + len(ROWS), cols=len(HEAD))
    t.autofit = False
    for column, width in zip(t.columns, WIDTHS, strict=True):
        column.width = Mm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Mm(width)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for k, (row, values) in enumerate(zip(t.rows, [HEAD, *ROWS], strict=True)):
        flag = etree.SubElement(row._tr.get_or_add_trPr(), qn("w:cantSplit"))
        flag.set(qn("w:val"), "true")
        cells = row.cells
        if isinstance(values, nd30.Group):
            p = cells[0].merge(cells[-1]).paragraphs[0]
            p.style = doc.styles["ND30 Bảng tiêu đề"]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.keep_with_next = True
            p.add_run(nd30.shown(values.text))
            continue
        for c, (cell, value) in enumerate(zip(cells, values, strict=True)):
            p = cell.paragraphs[0]
            name = "ND30 Bảng tiêu đề" if k == 0 else ("ND30 Bảng" if c == 1 else "ND30 Bảng giữa")
            p.style = doc.styles[name]
            p.add_run(nd30.shown(value))
    header = etree.SubElement(t.rows[0]._tr.get_or_add_trPr(), qn("w:tblHeader"))
    header.set(qn("w:val"), "true")
    p = doc.add_paragraph(style="ND30 Bảng")
    p.paragraph_format.space_after = Pt(6)
    return t


def _xml(element: object) -> bytes:
    return etree.tostring(element, encoding="utf-8")  # type: ignore[arg-type]


def _bodies(template: bytes | None = None) -> tuple[bytes, bytes]:
    fast = nd30.document(template)
    nd30.table(fast, HEAD, ROWS, WIDTHS, frozenset({1}))
    slow = nd30.document(template)
    _reference(slow)
    back = [Document(io.BytesIO(nd30.save(d))) for d in (fast, slow)]
    return _xml(back[0].element.body), _xml(back[1].element.body)


def test_the_table_is_the_xml_python_docx_builds_cell_by_cell() -> None:
    fast, slow = _bodies()
    assert b"<w:br/>" in fast  # a line break kept as Word's (tabs are shown as spaces)
    assert b'xml:space="preserve"' in fast  # the spaces at a cell's ends kept
    assert fast == slow


def test_an_office_template_with_its_own_style_ids_gives_the_same_table() -> None:
    mine = Document()
    mine.styles.add_style("ND30 Bảng", 1).font.size = Pt(11)  # its own id: "ND30Bng"
    template = nd30.save(mine)
    fast, slow = _bodies(template)
    assert fast == slow
    doc = nd30.document(template)
    nd30.table(doc, HEAD, ROWS, WIDTHS, frozenset({1}))
    back = Document(io.BytesIO(nd30.save(doc)))
    task = back.tables[0].rows[2].cells[1].paragraphs[0]
    assert (task.style.name, task.style.font.size) == ("ND30 Bảng", Pt(11))
    plain = nd30.document()  # the template does not leak into a document without it
    assert plain.styles["ND30 Bảng"].font.size == Pt(12)


def _effective(p: Paragraph, what: str) -> object:
    """A paragraph's bold, italic or size as a reader sees it: its runs', else through its
    style and the styles it is based on, else Normal's."""
    values = {getattr(r.font, what) for r in p.runs}
    if values and None not in values:
        return values.pop() if len(values) == 1 else values
    style = p.style
    while style is not None:
        value = getattr(style.font, what)
        if value is not None:
            return value
        style = style.base_style
    return None


def _seen(path: Path) -> list[object]:
    """What a reader sees of a notice: each paragraph (of the body and of every table cell, in
    order) with its text, alignment and effective bold, italic and size; each table's cells,
    merged cells, row properties and column widths; the page number field."""
    doc = Document(str(path))
    seen: list[object] = []

    def paragraphs(ps: list[Paragraph]) -> None:
        for p in ps:
            f = p.paragraph_format
            seen.append(
                (
                    p.text,
                    p.style.name if p.style is not None else None,
                    p.alignment if p.alignment is not None else p.style.paragraph_format.alignment,
                    _effective(p, "bold"),
                    _effective(p, "italic"),
                    _effective(p, "size"),
                    f.keep_with_next,
                    f.keep_together,
                    f.space_after,
                )
            )

    paragraphs(doc.paragraphs)
    for t in doc.tables:
        seen.append([round(c.width.mm, 1) for c in t.columns])
        for row in t.rows:
            pr = row._tr.trPr
            flags = [(e.tag, e.get(qn("w:val"))) for e in pr] if pr is not None else []
            seen.append((flags, [c.text for c in row.cells], len(row._tr.tc_lst)))
            for tc in row._tr.tc_lst:
                seen.append([round(tc.width.mm, 1) if tc.width else None])
            for cell in {id(c._tc): c for c in row.cells}.values():
                paragraphs(cell.paragraphs)
    header = doc.sections[0].header.paragraphs[0]
    seen.append([f.get(qn("w:instr")) for f in header._p.findall(qn("w:fldSimple"))])
    return seen


def _expected_by_python_docx(path: Path) -> list[object]:
    """The same notice with every table rebuilt through python-docx's own API from the cells
    read back: what the notice must read as if it had been built the slow way."""
    doc = Document(str(path))
    for t in doc.tables:
        for row in t.rows:
            for cell in {id(c._tc): c for c in row.cells}.values():
                for p in cell.paragraphs:
                    text, style = p.text, p.style
                    for r in list(p._p.r_lst):
                        p._p.remove(r)
                    p.style = style
                    p.add_run(text)
    rebuilt = path.with_name("rebuilt-" + path.name)
    doc.save(str(rebuilt))
    return _seen(rebuilt)


def test_written_notices_read_the_same_as_built_cell_by_cell(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    one, each = tmp_path / "chung.docx", tmp_path / "tung"
    for args in (("-o", str(one)), ("--separate", "-o", str(each))):
        result = run("urge", "--all", "--as-of", "2024-04-15", "--within", "30", "--dry-run",
                     "--plans", str(plans), *args)  # fmt: skip
        assert result.code == 0, result.err
    files = [one, *sorted(each.glob("*.docx"))]
    assert len(files) > 2
    for path in files:
        seen = _seen(path)
        assert seen == _expected_by_python_docx(path)
        doc = Document(str(path))
        annex = doc.tables[-1] if path == one else doc.tables[1]
        head = annex.rows[0]
        assert [c.text for c in head.cells] == list(HEAD)
        cell = head.cells[0].paragraphs[0]
        assert (_effective(cell, "bold"), _effective(cell, "size")) == (True, Pt(12))
        item = next(r for r in annex.rows[1:] if len(r._tr.tc_lst) == len(HEAD))
        task = item.cells[1].paragraphs[0]
        assert (_effective(task, "bold"), _effective(task, "size")) == (False, Pt(12))
        assert task.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in annex.rows)
        assert seen[-1] == ["PAGE"]
        normal = doc.styles["Normal"].font
        assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
