"""An urging notice as a Word công văn, laid out as Nghị định 30/2020/NĐ-CP Phụ lục I asks: A4,
Times New Roman, margins 20 / 30 / 20 / 15 mm; the bodies and Quốc hiệu side by side with their
rules; number, subject, place and date; the table of what is owed; signature and "Nơi nhận".
The only module that imports python-docx, when a notice is written."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from caicach.render import notice_words as words
from caicach.render.xlsx_layout import FONT
from caicach.text import xml_clean
from caicach.tracking.notice import Notice

_WIDTH = 165  # mm: the text's width on A4 between the margins (210 - 30 - 15)


def notice_bytes(n: Notice) -> bytes:
    n = xml_clean(n)  # what XML cannot hold (C0 controls, U+FFFE/U+FFFF) as spaces
    doc = Document()
    _page(doc)
    doc.core_properties.author = n.office.body
    doc.core_properties.title = words.subject(n)
    _heading(doc, n)
    _paragraph(doc, f"Kính gửi: {n.agency_name}.", align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    _paragraph(doc, words.opening(n), indent=True)
    if n.overdue:
        rows = [words.overdue_row(k, o, len(n.plans) > 1) for k, o in enumerate(n.overdue, 1)]
        _table(doc, words.TABLE_HEAD, rows)
    if n.within is not None and n.due_soon:
        _paragraph(doc, words.soon_intro(n), indent=True)
        rows = [words.soon_row(k, o, n.day, len(n.plans) > 1) for k, o in enumerate(n.due_soon, 1)]
        _table(doc, words.SOON_HEAD, rows)
    _paragraph(doc, words.closing(n), indent=True)
    _signature(doc, n)
    data = io.BytesIO()
    doc.save(data)
    return data.getvalue()


def _page(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):  # Vietnamese letters too
        fonts.set(qn(key), FONT)


def _heading(doc: DocumentType, n: Notice) -> None:
    table = doc.add_table(rows=2, cols=2)
    _widths(table, (Mm(68), Mm(_WIDTH - 68)))
    body, nation = table.cell(0, 0), table.cell(0, 1)
    _line(body, n.office.parent, size=13, first=True)
    _line(body, n.office.body, size=13, bold=True)
    _rule(body, Mm(22))
    _line(nation, words.QUOC_HIEU, size=12, bold=True, first=True)
    _line(nation, words.TIEU_NGU, size=14, bold=True)
    _rule(nation, Mm(60))
    number, dated = table.cell(1, 0), table.cell(1, 1)
    _line(number, f"Số: {n.code}", size=13, first=True)
    _line(number, words.subject(n), size=12)
    _line(dated, words.place_and_date(n.office.place, n.day), size=14, italic=True, first=True)
    doc.add_paragraph()


def _widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, in the grid and in every cell: Word reads one, LibreOffice the
    other."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _line(
    cell: _Cell,
    text: str,
    *,
    size: int,
    bold: bool = False,
    italic: bool = False,
    first: bool = False,
) -> Paragraph:
    p: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
    return p


def _rule(cell: _Cell, length: int) -> None:
    """A line under the text above it, `length` long and centred: a bottom border on an empty
    paragraph narrowed by indents."""
    p = cell.add_paragraph()
    side = max(0, (cell.width - length) // 2) if cell.width else 0
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    p.paragraph_format.space_after = Pt(0)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)
    run = p.add_run()
    run.font.size = Pt(2)


def _paragraph(
    doc: DocumentType,
    text: str,
    *,
    indent: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.JUSTIFY,
    after: int = 6,
) -> Paragraph:
    p: Paragraph = doc.add_paragraph()
    p.alignment = align  # type: ignore[assignment]
    p.paragraph_format.space_after = Pt(after)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.27)
    p.add_run(text).font.size = Pt(14)
    return p


def _table(doc: DocumentType, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(head))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (Mm(13), Mm(13), Mm(77), Mm(27), Mm(20), Mm(_WIDTH - 150)))
    # Row by row: `table.cell(r, c)` lists every cell of the table again at each call, which
    # for a notice of 5,000 late milestones ran for minutes.
    for r, (row, values) in enumerate(zip(table.rows, [head, *rows], strict=True)):
        for c, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 2 and r else WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(value)
            run.font.size, run.font.bold = Pt(12), r == 0
    _repeat_header(table.rows[0])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _signature(doc: DocumentType, n: Notice) -> None:
    table = doc.add_table(rows=1, cols=2)
    _widths(table, (Mm(85), Mm(_WIDTH - 85)))
    recipients, signer = table.cell(0, 0), table.cell(0, 1)
    first = recipients.paragraphs[0]
    run = first.add_run("Nơi nhận:")
    run.font.size, run.font.bold, run.font.italic = Pt(12), True, True
    for line in words.recipients(n):
        p = recipients.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).font.size = Pt(11)
    lines = [n.office.signer_authority, n.office.signer_title]
    for k, text in enumerate(t for t in lines if t):
        _line(signer, text, size=14, bold=True, first=k == 0)
    for _ in range(4):
        _line(signer, "", size=14)
    _line(signer, n.office.signer_name or "", size=14, bold=True)
