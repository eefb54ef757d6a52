"""The layout Nghị định 30/2020/NĐ-CP (Phụ lục I) gives an administrative document in Word, shared
by every document caicach writes: A4 and its margins, the masthead (bodies and Quốc hiệu side by
side, each with its rule directly under it), number, subject, place and date, "Kính gửi", body
paragraphs, tables whose rows never split and whose header repeats, the signer and "Nơi nhận" kept
on one page with the closing paragraph, and page numbers centred at the top from page 2.

Built with python-docx over a template: the office may give its own .docx (office.yaml
`template:`); its page setup, header and the styles named below are kept, and only the styles it
lacks are added. Any document written here is itself such a template. python-docx rather than
docxtpl: the content is tables and paragraphs built from data, whose Nghị định 30 properties
(rows that cannot split, kept-together blocks) a Jinja template in a Word file could not keep,
and it needs no second library. The only module besides the documents' own that imports it."""

from __future__ import annotations

import contextlib
import functools
import html
import io
import re
import secrets
import time
import weakref
import zipfile
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import IO, Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.parts.story import StoryPart
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from caicach.render.safe import printable
from caicach.text import xml_text

FONT = "Times New Roman"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
WIDTH = 165  # mm: the text's width on A4 between the margins (210 - 30 - 15)
_MASTHEAD = (68, WIDTH - 68)  # mm: the bodies' column and the Quốc hiệu's
_SIGNATURE = (80, WIDTH - 80)


@dataclass(frozen=True)
class Style:
    """A paragraph style of the decree's appendix: size in points, and how it sits."""

    size: float
    bold: bool = False
    italic: bool = False
    align: str = "center"
    indent: bool = False  # first-line indent of a body paragraph
    after: float = 0  # points after the paragraph


# The styles a document uses, by name: a template that defines one keeps its own.
STYLES: dict[str, Style] = {
    "ND30 Cơ quan chủ quản": Style(13),  # UBND TỈNH QUẢNG NGÃI, capitals, not bold
    "ND30 Cơ quan ban hành": Style(13, bold=True),  # SỞ NỘI VỤ
    "ND30 Quốc hiệu": Style(12, bold=True),
    "ND30 Tiêu ngữ": Style(14, bold=True),
    "ND30 Số": Style(13),
    "ND30 Trích yếu": Style(12),  # V/v … under the number
    "ND30 Địa danh": Style(14, italic=True),
    "ND30 Kính gửi": Style(14, align="left"),
    "ND30 Nội dung": Style(14, align="justify", indent=True, after=6),
    "ND30 Tiêu đề": Style(14, bold=True, after=0),  # PHỤ LỤC, a table's title
    "ND30 Bảng": Style(12, align="left"),
    "ND30 Bảng giữa": Style(12),
    "ND30 Bảng tiêu đề": Style(12, bold=True),
    "ND30 Nơi nhận": Style(12, bold=True, italic=True, align="left"),
    "ND30 Nơi nhận danh sách": Style(11, align="left"),
    "ND30 Chức vụ": Style(14, bold=True),
    "ND30 Họ tên": Style(14, bold=True),
    "ND30 Đường kẻ": Style(1),
}
_ALIGN = {
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass(frozen=True)
class Masthead:
    parent: str  # UBND TỈNH QUẢNG NGÃI
    body: str  # SỞ NỘI VỤ
    number: str  # Số: 126/SNV-CCHC
    subject: str | None  # V/v … (a công văn); None for a document with a title
    place_date: str  # Quảng Ngãi, ngày 05 tháng 02 năm 2024


@dataclass(frozen=True)
class Signer:
    authority: str | None  # KT. GIÁM ĐỐC
    title: str  # PHÓ GIÁM ĐỐC
    name: str | None  # None leaves room to write it by hand


def shown(text: str) -> str:
    """Text from the plans as every document here writes it: what XML cannot hold (C0 controls,
    U+FFFE/U+FFFF, lone surrogates) a space, one character for one, then what must not be
    shown raw (DEL, C1 controls, bidirectional overrides) spelled out. Every text a document
    is given passes here once, whichever document it is (a notice, the periodic report)."""
    return printable(xml_text(text))


def properties(doc: DocumentType, author: str, title: str) -> None:
    """The document's author and title (File → Properties), cleaned as its text is."""
    doc.core_properties.author = xml_text(author)
    doc.core_properties.title = xml_text(title)


def document(template: bytes | None = None) -> DocumentType:
    """A document to fill: the office's template emptied of its text, or the default layout."""
    base = _base(template)
    doc: DocumentType = deepcopy(base.doc)  # lxml copies the body's tree in C
    _IDS[doc.part] = dict(base.ids)
    return doc


@dataclass(frozen=True)
class _Base:
    doc: DocumentType  # its parts but the body kept as bytes (`_Kept`)
    ids: tuple[tuple[tuple[str, WD_STYLE_TYPE], str | None], ...]


@functools.lru_cache(maxsize=2)
def _base(template: bytes | None) -> _Base:
    """The document every notice of a command starts from, made once, with the ids of its
    styles: adding the styles one by one and looking their names up (python-docx searches all
    the styles for each, and for the default among them again) took longer than a notice.
    It is opened again from its bytes, as each document once was, and its parts but the body
    kept as the bytes they are saved as: a copy of it for a document costs no parsing of the
    styles (355 KB of XML), no copy of their tree and no writing of it again."""
    if template is None:
        doc = Document()
        _page(doc)
    else:
        doc = Document(io.BytesIO(template))
        _empty(doc)
    _styles(doc)
    part: StoryPart = doc.part  # the look-up `paragraph.style = name` makes
    ids = [((name, PARAGRAPH), part.get_style_id(name, PARAGRAPH)) for name in STYLES]
    with contextlib.suppress(KeyError):  # a template without it: the table's look-up says so
        ids.append(((_GRID, TABLE), part.get_style_id(_GRID, TABLE)))
    opened = Document(io.BytesIO(save(doc)))
    for kept in opened.part.package.iter_parts():
        if isinstance(kept, XmlPart) and kept is not opened.part:
            _keep(kept)
    return _Base(opened, tuple(ids))


PARAGRAPH, TABLE = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE
_GRID = "Table Grid"


class _Kept:
    """An XML part (of `XmlPart`'s kind, as `_kept_as` makes it) held as the bytes it is saved
    as, and parsed only if something reads it: then saved from its tree, as python-docx does."""

    _kept: bytes

    @property
    def _element(self) -> Any:
        held = self.__dict__
        if "_tree" not in held:
            held["_tree"] = parse_xml(self._kept)
        return held["_tree"]

    @_element.setter
    def _element(self, tree: Any) -> None:
        self.__dict__["_tree"] = tree

    @property
    def blob(self) -> bytes:
        tree = self.__dict__.get("_tree")
        return self._kept if tree is None else serialize_part_xml(tree)


def _keep(part: XmlPart) -> None:
    kept = part.blob
    del part.__dict__["_element"]  # the tree, set by XmlPart.__init__
    kind = type(part)
    if kind not in _KEPT_AS:
        _KEPT_AS[kind] = type(f"Kept{kind.__name__}", (_Kept, kind), {})
    part.__class__ = _KEPT_AS[kind]
    part._kept = kept  # type: ignore[attr-defined]  # a _Kept now


# Each kind of part (a styles part, a header …) held as `_Kept`: still what python-docx looks for.
_KEPT_AS: dict[type[XmlPart], type[XmlPart]] = {}


def add(doc: DocumentType, style: str, text: str = "") -> Paragraph:
    """A paragraph of `style` at the end, as `doc.add_paragraph(text, style=style)` makes it."""
    p = doc.add_paragraph()
    if text:
        _add_run(p, text)
    _style(p, style)
    return p


def _add_run(p: Paragraph, text: str) -> None:
    """`p.add_run(text)`, the text put in at once (python-docx appends it a character at a
    time: 0.8 million calls for 113 notices)."""
    _put(p.add_run()._r, text)


# The id of each style (name and type), per document (its part), for `_style`.
_IDS: weakref.WeakKeyDictionary[Any, dict[tuple[str, WD_STYLE_TYPE], str | None]] = (
    weakref.WeakKeyDictionary()
)


def _style(p: Paragraph, name: str) -> None:
    """`p.style = name` without python-docx's look-up at every call: the id from `_base`, or
    looked up once per document."""
    p._p.style = _style_id(p.part, name, PARAGRAPH)


def _style_id(part: Any, name: str, kind: WD_STYLE_TYPE) -> str | None:
    ids = _IDS.setdefault(part, {})
    if (name, kind) not in ids:
        ids[name, kind] = part.get_style_id(name, kind)
    return ids[name, kind]


def save(doc: DocumentType) -> bytes:
    """The .docx: as python-docx writes it, or, when a table's rows were kept as text (`table`'s
    `as_text`), the same bytes with word/document.xml written in pieces and the rows' text
    spliced in where their marker stands."""
    data = io.BytesIO()
    _save_with_rows(doc, data, _TEXT_ROWS.get(doc.part, {}))
    return data.getvalue()


def _page(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _all_scripts(normal.element)
    _page_numbers(section)


def _all_scripts(style: Any) -> None:
    """The font for every script, so that Vietnamese letters are not set in another face."""
    fonts = style.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)


def _page_numbers(section: Any) -> None:
    """A PAGE field centred in the header, with an empty header on the first page: numbered
    from page 2."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "28")  # 14 pt
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    section.first_page_header.paragraphs[0].text = ""


def _empty(doc: DocumentType) -> None:
    """Drop a template's text, keeping its last section's setup (the `sectPr` at the end)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _styles(doc: DocumentType) -> None:
    have = {s.name for s in doc.styles}
    for name, spec in STYLES.items():
        if name in have:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(spec.size)
        style.font.bold, style.font.italic = spec.bold, spec.italic
        f = style.paragraph_format
        f.alignment = _ALIGN[spec.align]
        f.space_before, f.space_after = Pt(0), Pt(spec.after)
        if spec.indent:
            f.first_line_indent = Cm(1.27)
        if name == "ND30 Đường kẻ":  # a 1 pt line whose bottom border is the rule
            f.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            f.line_spacing = Pt(1)


# --- the masthead -------------------------------------------------------------------------------


def masthead(doc: DocumentType, m: Masthead) -> None:
    """Bodies and Quốc hiệu side by side, each with its rule right under its last line; below
    them the number and subject, and the place and date."""
    table = _grid(doc, 2, _MASTHEAD, rows=2)
    left, right = table.rows[0].cells
    _text(left, m.parent, "ND30 Cơ quan chủ quản", first=True)
    _text(left, m.body, "ND30 Cơ quan ban hành")
    _rule(left, _MASTHEAD[0], 0.4 * text_mm(m.body, 13, bold=True))
    _text(right, QUOC_HIEU, "ND30 Quốc hiệu", first=True)
    _text(right, TIEU_NGU, "ND30 Tiêu ngữ")
    _rule(right, _MASTHEAD[1], text_mm(TIEU_NGU, 14, bold=True))
    number, dated = table.rows[1].cells
    _text(number, m.number, "ND30 Số", first=True).paragraph_format.space_before = Pt(6)
    if m.subject:
        _text(number, m.subject, "ND30 Trích yếu")
    p = _text(dated, m.place_date, "ND30 Địa danh", first=True)
    p.paragraph_format.space_before = Pt(6)
    for row in table.rows:
        _cant_split(row)
    add(doc, "ND30 Kính gửi").paragraph_format.space_after = Pt(6)


def text_mm(text: str, size: float, bold: bool = False) -> float:
    """About how wide `text` is set in Times New Roman: the rules' lengths follow their text.
    Average advance widths per kind of letter, in ems (capitals wider when bold)."""
    ems = 0.0
    for ch in text:
        if ch == " ":
            ems += 0.25
        elif ch.isupper():
            ems += 0.72 if bold else 0.68
        elif ch.isalpha():
            ems += 0.5 if bold else 0.46
        else:
            ems += 0.33
    return ems * size * 25.4 / 72


def _rule(cell: _Cell, column: float, length: float) -> None:
    """A line `length` mm long centred under the paragraph above: the bottom border of a 1 pt
    paragraph narrowed by indents, so that it touches the text instead of a blank line below."""
    side = max(0.0, (column - 2 * 1.9 - length) / 2)  # 1.9 mm: the cell's own margins
    p = cell.add_paragraph()
    _style(p, "ND30 Đường kẻ")
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(side)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


# --- the text -----------------------------------------------------------------------------------


def addressees(doc: DocumentType, names: Sequence[str]) -> None:
    """`Kính gửi: X.` for one; for several, one a line with "-" and ";", the last with "."."""
    if len(names) == 1:
        p = add(doc, "ND30 Kính gửi", f"Kính gửi: {shown(names[0])}.")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(12)
        return
    for k, name in enumerate(names):
        end = "." if k == len(names) - 1 else ";"
        # a hanging indent: "Kính gửi:" in the margin of the first line, the dashes aligned
        lead = "Kính gửi:\t" if k == 0 else ""
        p = add(doc, "ND30 Kính gửi")
        p.paragraph_format.left_indent = Cm(3)
        p.paragraph_format.first_line_indent = Cm(-3) if k == 0 else Cm(0)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(3))
        _add_run(p, f"{lead}- {shown(name)}{end}")
        p.paragraph_format.keep_with_next = k < len(names) - 1
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


def paragraph(doc: DocumentType, text: str, *, keep_with_next: bool = False) -> Paragraph:
    """A body paragraph: justified, first line indented, 6 pt after."""
    p = add(doc, "ND30 Nội dung", shown(text))
    if keep_with_next:
        p.paragraph_format.keep_with_next = True
    return p


def title(doc: DocumentType, *lines: str, italic_last: bool = False) -> None:
    """Centred bold lines (PHỤ LỤC and what it lists); the last in italics when it says what
    the part is attached to ("Kèm theo Công văn số …")."""
    for k, line in enumerate(lines):
        p = add(doc, "ND30 Tiêu đề", shown(line))
        p.paragraph_format.keep_with_next = True
        if italic_last and k == len(lines) - 1:
            for run in p.runs:
                run.font.bold, run.font.italic = False, True
            p.paragraph_format.space_after = Pt(6)


def page_break(doc: DocumentType) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- tables -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """A row across the whole table that heads the rows under it (an agency's name)."""

    text: str


Row = tuple[str, ...] | Group


def table(
    doc: DocumentType,
    head: Sequence[str],
    rows: Sequence[Row],
    widths: Sequence[float],
    left: frozenset[int] = frozenset(),
    *,
    as_text: bool = False,
) -> Table:
    """A bordered table: the header repeated on every page, no row split across pages, a group
    row kept with the row after it; the columns in `left` are aligned left, the others centred.

    The header, one item row and one group row are built through python-docx; every row after
    is a copy of one of the two with its text put in. Setting a paragraph's style by name looks
    the name up among all the styles, and its default among them all again, at every call: at
    10,000 items that was most of the time a notice took.

    With `as_text` the rows after the header are written as XML text from the two prepared rows
    and kept beside the document until `save` splices them in: no row is an lxml element, which
    at 10,000 items held a gigabyte until the save, and the returned table has only its header.
    A table whose text the prepared rows cannot write exactly as the copies would be (a line
    break, a tab, a character lxml refuses) is built as copies all the same."""
    tbl = _prepared(doc, head, widths, left)
    item_tr, group_tr = tbl.tr_lst[1:]
    text = _rows_text(tbl, rows) if as_text else None
    tbl.remove(item_tr)
    tbl.remove(group_tr)
    if text is not None:
        token = f"caicach-rows-{secrets.token_hex(8)}"
        tbl.append(parse_xml(f"<m><!--{token}--></m>")[0])  # a comment: no element, no row
        _TEXT_ROWS.setdefault(doc.part, {})[token] = text
    else:
        for values in rows:
            if isinstance(values, Group):
                tbl.append(_copy(group_tr, (values.text,)))
            else:
                tbl.append(_copy(item_tr, values))
    add(doc, "ND30 Bảng").paragraph_format.space_after = Pt(6)
    return Table(tbl, doc._body)


# The header, item row and group row of each kind of table (`_prepared`'s key), as made once.
_PREPARED: dict[tuple[object, ...], Any] = {}
_HEAD, _LEFT, _CENTRE = "ND30 Bảng tiêu đề", "ND30 Bảng", "ND30 Bảng giữa"


def _prepared(
    doc: DocumentType, head: Sequence[str], widths: Sequence[float], left: frozenset[int]
) -> Any:
    """A table at the end of `doc`, of the header, one item row and one group row, each with an
    empty run per cell: built through python-docx once for its head, widths and styles (113
    notices' tables are a few kinds), then a copy of that (lxml copies in C)."""
    part = doc.part
    styles = tuple(_style_id(part, name, PARAGRAPH) for name in (_HEAD, _LEFT, _CENTRE))
    grid = _style_id(part, _GRID, TABLE)
    key = (tuple(head), tuple(widths), left, doc._block_width, grid, styles)
    made = _PREPARED.get(key)
    if made is not None:
        tbl = deepcopy(made)
        body: Any = doc.element.body
        body._insert_tbl(tbl)  # as `doc._body.add_table` inserts it
        return tbl
    t = _grid(doc, len(head), widths, rows=3)
    t._tbl.tblStyle_val = grid  # `t.style = _GRID`, looked up once
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, item, group = t.rows
    for row in (header, item, group):
        _cant_split(row)
    for cell, value in zip(header.cells, head, strict=True):
        p = cell.paragraphs[0]
        _style(p, _HEAD)
        _add_run(p, shown(value))
    for c, cell in enumerate(item.cells):
        p = cell.paragraphs[0]
        _style(p, _LEFT if c in left else _CENTRE)
        p.add_run()
    cells = group.cells
    p = cells[0].merge(cells[-1]).paragraphs[0]
    _style(p, _HEAD)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.keep_with_next = True
    p.add_run()
    _repeat_header(header)
    if len(_PREPARED) >= 16:  # a few kinds a command; never many
        _PREPARED.clear()
    _PREPARED[key] = deepcopy(t._tbl)
    return t._tbl


_R, _SPACE = qn("w:r"), qn("xml:space")


def _copy(model: Any, values: Sequence[str]) -> Any:
    """A copy of the row `model` (one empty run in each cell) with `values` in its runs."""
    tr = deepcopy(model)
    for run, value in zip(list(tr.iter(_R)), values, strict=True):
        _put(run, shown(value))
    return tr


def _put(run: Any, text: str) -> None:
    """`text` in an empty run, as python-docx's `Run.text` writes it: one `w:t`, spaces at its
    ends kept; tabs and line breaks (rare) through python-docx itself."""
    if not text:
        return
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text
        return
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")


# The rows of the tables built `as_text`, per document (its part): by the marker each table's
# element holds where its rows go, the rows' XML encoded (UTF-8, as the part is saved) in pieces
# of `_PIECE` rows, each written to the zip as it comes.
_TEXT_ROWS: weakref.WeakKeyDictionary[Any, dict[str, list[bytes]]] = weakref.WeakKeyDictionary()
_PIECE = 256
_TR = re.compile(r"<w:tr[\s/>]")
_EMPTY_RUN = "<w:r/>"
_SHORT = 40  # characters
# What a cell's text may hold for the text path: what lxml takes as text and writes as it is
# but for `& < >` (html.escape's, checked over every code point by the tests). After `shown`
# only line breaks are left outside it: python-docx makes them `w:br`, so such a table is
# built as copies.
_NOT_PLAIN = re.compile("[^\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _rows_text(tbl: Any, rows: Sequence[Row]) -> list[bytes] | None:
    """The XML of `rows` as `_copy` would write them, from the table's last two rows (the item
    and the group row, each with one empty run per cell) serialized once and cut at their runs;
    None when some text cannot be written this way, or the prepared rows are not as expected."""
    xml = serialize_part_xml(tbl).decode()  # the rows' text as the document's save writes it
    starts = [m.start() for m in _TR.finditer(xml)]
    end = xml.rfind("</w:tbl>")
    if len(starts) < 2 or end < starts[-1]:
        return None
    item, group = (
        xml[starts[-2] : starts[-1]].split(_EMPTY_RUN),
        xml[starts[-1] : end].split(_EMPTY_RUN),
    )
    pieces: list[bytes] = []
    batch: list[str] = []
    # a short cell's run by its value: most repeat (days, rounds, numbers); a task's is made
    # again, not held till the table is whole (the combined letter's 62,000)
    made: dict[str, str] = {}
    for k, values in enumerate(rows, 1):
        parts, texts = (group, (values.text,)) if isinstance(values, Group) else (item, values)
        if len(texts) != len(parts) - 1:
            return None  # the copies raise, as they did
        batch.append(parts[0])
        for value, tail in zip(texts, parts[1:], strict=True):
            run = made.get(value)
            if run is None:
                run = _run_xml(value)
                if not run:
                    return None
                if len(value) <= _SHORT:
                    made[value] = run
            batch += (run, tail)
        if k % _PIECE == 0:  # a piece at a time: the rows' text never held twice whole
            pieces.append("".join(batch).encode())
            batch = []
    pieces.append("".join(batch).encode())
    return pieces


def _run_xml(value: str) -> str:
    """A cell's run as `_copy` writes `value`; "" when the text path cannot write it."""
    text = shown(value)
    if not text:
        return _EMPTY_RUN
    if _NOT_PLAIN.search(text):
        return ""
    if len(text.strip()) < len(text):
        return f'<w:r><w:t xml:space="preserve">{html.escape(text, False)}</w:t></w:r>'
    return f"<w:r><w:t>{html.escape(text, False)}</w:t></w:r>"


class _Zip:
    """The package's zip, written as python-docx's `_ZipPkgWriter` writes it (`write`), and one
    member written in pieces with the same header (`stream`): `ZipFile.writestr`'s name, time,
    compression and permissions, and its size known before, as writestr knows it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)

    def write(self, uri: PackURI, blob: bytes) -> None:
        self.zip.writestr(uri.membername, blob)

    def stream(self, uri: PackURI, pieces: Sequence[bytes]) -> None:
        info = zipfile.ZipInfo(uri.membername, time.localtime(time.time())[:6])
        info.compress_type = self.zip.compression
        info.external_attr = 0o600 << 16
        info.file_size = sum(len(p) for p in pieces)
        with self.zip.open(info, "w") as member:
            for piece in pieces:
                member.write(piece)


def _save_with_rows(doc: DocumentType, stream: IO[bytes], rows: dict[str, list[bytes]]) -> None:
    """`doc.save(stream)` (OpcPackage.save and PackageWriter.write, step for step) with the
    document part's XML, which holds a marker for each table kept as text, written with the
    rows in place of the markers."""
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = _Zip(stream)
    writer: Any = PackageWriter  # its helpers are untyped
    writer._write_content_types_stream(out, parts)
    writer._write_pkg_rels(out, package.rels)
    for part in parts:
        if part is doc.part and rows:
            out.stream(part.partname, list(_spliced(part.blob, rows)))
        else:
            out.write(part.partname, part.blob)
        if len(part.rels):
            out.write(part.partname.rels_uri, part.rels.xml)
    out.zip.close()


def _spliced(blob: bytes, rows: dict[str, list[bytes]]) -> Iterator[bytes]:
    """`blob` cut at the markers, each marker's rows in its place."""
    markers = re.compile(b"<!--(" + b"|".join(t.encode() for t in rows) + b")-->")
    at = 0
    for m in markers.finditer(blob):
        yield blob[at : m.start()]
        yield from rows[m.group(1).decode()]
        at = m.end()
    yield blob[at:]


def _grid(doc: DocumentType, columns: int, widths: Sequence[float], rows: int = 1) -> Table:
    """Fixed column widths (mm), in the grid and in every cell: Word reads one, LibreOffice the
    other."""
    # `doc.add_table(rows, columns)`, whose look-up of the default style (None) would parse
    # the styles
    t: Table = doc._body.add_table(rows, columns, doc._block_width)
    t.autofit = False
    for column, width in zip(t.columns, widths, strict=True):
        column.width = Mm(width)
    for row in t.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return t


def _text(cell: _Cell, text: str, style: str, *, first: bool = False) -> Paragraph:
    p: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _style(p, style)
    _add_run(p, shown(text))
    return p


def _cant_split(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _repeat_header(row: _Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


# --- the end ------------------------------------------------------------------------------------


def signature(doc: DocumentType, recipients: Sequence[str], signer: Signer) -> None:
    """ "Nơi nhận" on the left, the signer on the right, in one row that cannot split: the block
    moves whole to the next page, and the closing paragraph before it (keep with next) goes
    with it."""
    closing = doc.paragraphs[-1] if doc.paragraphs else None
    if closing is not None:
        closing.paragraph_format.keep_with_next = True
    t = _grid(doc, 2, _SIGNATURE)
    row = t.rows[0]
    _cant_split(row)
    where, who = row.cells
    _text(where, "Nơi nhận:", "ND30 Nơi nhận", first=True)
    for line in recipients:
        _text(where, line, "ND30 Nơi nhận danh sách")
    lines = [t for t in (signer.authority, signer.title) if t]
    for k, line in enumerate(lines):
        _text(who, line, "ND30 Chức vụ", first=k == 0)
    for _ in range(4):  # room for the signature and the seal
        _text(who, "", "ND30 Họ tên")
    _text(who, signer.name or "", "ND30 Họ tên")
    for cell in (where, who):
        for p in cell.paragraphs:
            p.paragraph_format.keep_together = True
            p.paragraph_format.keep_with_next = True
