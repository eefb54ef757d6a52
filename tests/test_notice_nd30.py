"""The shared Nghị định 30/2020 layout, read back from the .docx as Word and LibreOffice read it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from caicach.render.word import nd30

MAST = nd30.Masthead(
    "UBND TỈNH QUẢNG NGÃI",
    "SỞ NỘI VỤ",
    "Số: 126/SNV-CCHC",
    "V/v đôn đốc thực hiện nhiệm vụ",
    "Quảng Ngãi, ngày 05 tháng 02 năm 2024",
)
SIGNER = nd30.Signer("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A")


def _written(template: bytes | None = None, rows: int = 40) -> DocumentType:
    doc = nd30.document(template)
    nd30.masthead(doc, MAST)
    nd30.addressees(doc, ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"])
    nd30.paragraph(doc, "Thực hiện Quyết định số 1879/QĐ-UBND…")
    body = [
        nd30.Group("I. SỞ TƯ PHÁP"),
        *((str(k), f"việc {k}", "tháng 01/2024") for k in range(rows)),
    ]
    nd30.table(doc, ("STT", "Nhiệm vụ", "Thời hạn"), body, (15, 110, 40), left=frozenset({1}))
    nd30.paragraph(doc, "Đề nghị các cơ quan khẩn trương thực hiện./.")
    nd30.signature(doc, ["- Như trên;", "- Lưu: VT, CCHC."], SIGNER)
    return Document(io.BytesIO(nd30.save(doc)))


def test_pages_are_numbered_from_the_second_centred_at_the_top() -> None:
    doc = _written()
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True  # w:titlePg
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fields = header._p.findall(qn("w:fldSimple"))
    assert [f.get(qn("w:instr")) for f in fields] == ["PAGE"]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_rules_sit_right_under_the_body_name_and_the_motto() -> None:
    doc = _written()
    left, right = doc.tables[0].rows[0].cells
    for cell, above in ((left, "SỞ NỘI VỤ"), (right, nd30.TIEU_NGU)):
        texts = [p.text for p in cell.paragraphs]
        assert texts[-2:] == [above, ""]  # the rule follows its text, nothing between
        text, rule = cell.paragraphs[-2], cell.paragraphs[-1]
        assert text.style.paragraph_format.space_after == Pt(0)
        f = rule.style.paragraph_format
        assert (f.line_spacing_rule, f.line_spacing, f.space_before) == (
            WD_LINE_SPACING.EXACTLY,
            Pt(1),
            Pt(0),
        )
        border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert border.get(qn("w:val")) == "single"

    # the body's rule is a third to a half of its name; the motto's as long as the motto
    def length(cell: object, column: float) -> float:
        p = cell.paragraphs[-1].paragraph_format
        return column - 3.8 - p.left_indent.mm - p.right_indent.mm

    name = nd30.text_mm("SỞ NỘI VỤ", 13, bold=True)
    assert name / 3 <= length(left, 68) <= name / 2
    assert length(right, 97) == pytest.approx(nd30.text_mm(nd30.TIEU_NGU, 14, bold=True), abs=0.1)


def test_sizes_are_the_appendix_sizes() -> None:
    doc = _written()
    size = {s.name: s.font.size.pt for s in doc.styles if s.name.startswith("ND30")}
    assert size["ND30 Quốc hiệu"] in (12, 13)
    assert size["ND30 Tiêu ngữ"] in (13, 14)
    assert size["ND30 Cơ quan ban hành"] in (12, 13)
    assert size["ND30 Số"] == 13
    assert size["ND30 Trích yếu"] in (12, 13)
    assert size["ND30 Địa danh"] in (13, 14)
    assert size["ND30 Nội dung"] in (13, 14)
    assert size["ND30 Kính gửi"] in (13, 14)
    assert (size["ND30 Nơi nhận"], size["ND30 Nơi nhận danh sách"]) == (12, 11)
    body = doc.styles["ND30 Nội dung"].paragraph_format
    assert body.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert body.space_after >= Pt(6)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert {fonts.get(qn(k)) for k in ("w:ascii", "w:hAnsi", "w:cs")} == {"Times New Roman"}
    heading = doc.styles["ND30 Nơi nhận"].font
    assert (heading.bold, heading.italic) == (True, True)
    dated = doc.tables[0].rows[1].cells[1].paragraphs[0]
    assert dated.style.font.italic is True


def test_several_addressees_one_a_line() -> None:
    doc = _written()
    lines = [p for p in doc.paragraphs if "Kính gửi" in p.text or p.text.startswith("- ")]
    assert [p.text for p in lines] == [
        "Kính gửi:\t- Các sở, ban, ngành tỉnh;",
        "- UBND các huyện, thị xã, thành phố.",
    ]
    # the dashes line up: the first line's tab and the others' indent are the same 3 cm
    first, second = (p.paragraph_format for p in lines)
    assert first.tab_stops[0].position == second.left_indent == first.left_indent
    assert first.first_line_indent == -first.left_indent


def test_table_rows_never_split_and_the_header_repeats() -> None:
    table = _written().tables[1]
    props = [row._tr.trPr for row in table.rows]
    assert all(p.find(qn("w:cantSplit")) is not None for p in props)
    assert props[0].find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    assert all(p.find(qn("w:tblHeader")) is None for p in props[1:])
    group = table.rows[1].cells
    assert group[0].text == group[2].text == "I. SỞ TƯ PHÁP"  # one merged cell across
    assert group[0].paragraphs[0].paragraph_format.keep_with_next is True
    assert [c.text for c in table.rows[2].cells] == ["0", "việc 0", "tháng 01/2024"]


def test_the_signer_and_recipients_stay_with_the_closing_paragraph() -> None:
    doc = _written()
    closing = next(p for p in doc.paragraphs if p.text.startswith("Đề nghị"))
    assert closing.paragraph_format.keep_with_next is True
    block = doc.tables[-1]
    assert block.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    where, who = block.rows[0].cells
    assert [p.text for p in where.paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, CCHC."]
    assert [p.text for p in who.paragraphs if p.text] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
    ]
    kept = [p.paragraph_format for c in (where, who) for p in c.paragraphs]
    assert all(f.keep_together and f.keep_with_next for f in kept)


def test_an_office_template_keeps_its_styles_and_loses_its_text() -> None:
    mine = nd30.document()
    mine.styles["ND30 Nội dung"].font.size = Pt(13)
    mine.add_paragraph("Văn bản mẫu của Sở: dòng này không được chép sang.")
    template = nd30.save(mine)
    doc = _written(template)
    assert doc.styles["ND30 Nội dung"].font.size == Pt(13)
    assert all("mẫu" not in p.text for p in doc.paragraphs)
    assert doc.sections[0].different_first_page_header_footer is True  # its header kept
    assert doc.tables[0].rows[0].cells[0].paragraphs[1].text == "SỞ NỘI VỤ"


def test_control_characters_from_data_never_reach_the_xml() -> None:
    """A control character is a space (as in the workbooks), DEL, C1 and bidirectional
    overrides are spelled out, in every sink of the layout: a notice and the report alike."""
    doc = nd30.document()
    nd30.paragraph(doc, "Sở\x1b[2J Tư pháp\x00\ufffe \x7f\u202e")
    nd30.addressees(doc, ["UBND\x07 huyện"])
    nd30.title(doc, "BÁO\x0b CÁO")
    nd30.table(doc, ("STT", "Nhiệm vụ"), [("1", "việc\x01\uffff")], (20, 145))
    nd30.properties(doc, "Sở\x1b Nội vụ", "V/v\x00 đôn đốc")
    back = Document(io.BytesIO(nd30.save(doc)))
    texts = [p.text for p in back.paragraphs if p.text]
    assert "Sở [2J Tư pháp   \\u007f\\u202e" in texts
    assert "Kính gửi: UBND  huyện." in texts
    assert "BÁO  CÁO" in texts
    assert back.tables[-1].rows[1].cells[1].text == "việc  "
    assert (back.core_properties.author, back.core_properties.title) == (
        "Sở  Nội vụ",
        "V/v  đôn đốc",
    )


@pytest.mark.parametrize(
    ("text", "size", "bold", "low", "high"),
    [
        # as measured on a LibreOffice render at 110 dpi
        ("SỞ NỘI VỤ", 13, True, 21, 27),  # 23.5 mm
        ("Độc lập - Tự do - Hạnh phúc", 14, True, 56, 64),  # 60 mm
        ("UBND TỈNH QUẢNG NGÃI", 13, False, 51, 59),  # 55 mm
    ],
)
def test_text_widths_are_near_the_set_ones(
    text: str, size: int, bold: bool, low: float, high: float
) -> None:
    assert low <= nd30.text_mm(text, size, bold) <= high
