"""What makes a sheet an office's document when printed (Nghị định 30/2020/NĐ-CP): the issuing
body and its parent beside Quốc hiệu and Tiêu ngữ, the place and date, and under the table the
"Người lập biểu" and signer's blocks. From plans/office.yaml; without it, none of this is drawn."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle

from caicach.plan.office import Office
from caicach.render.text.notice_words import place_and_date
from caicach.render.xlsx import layout
from caicach.render.xlsx.layout import FONT, Sheet

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MAKER = "NGƯỜI LẬP BIỂU"


def styles(wb: Workbook) -> None:
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for name, font in (
        ("office", Font(name=FONT, size=12)),
        ("office-bold", Font(name=FONT, size=12, bold=True)),
        ("office-rule", Font(name=FONT, size=12, bold=True, underline="single")),
        ("office-date", Font(name=FONT, size=12, italic=True)),
        ("office-hint", Font(name=FONT, size=11, italic=True)),
    ):
        wb.add_named_style(NamedStyle(name=name, font=font, alignment=centre))


def _block(ws: Sheet, row: int, first: int, last: int, text: str, style: str) -> None:
    ws.merge(row, first, row, last)
    layout.put(ws, row, first, text, style)


def heading(ws: Sheet, office: Office, width: int, split: int, day: date) -> int:
    """Rows 1–3: parent and body (columns 1…split) beside Quốc hiệu and Tiêu ngữ (the rest),
    then the place and date; returns the next free row."""
    _block(ws, 1, 1, split, office.parent, "office")
    _block(ws, 1, split + 1, width, NATION, "office-bold")
    _block(ws, 2, 1, split, office.body, "office-rule")
    _block(ws, 2, split + 1, width, MOTTO, "office-rule")
    _block(ws, 3, split + 1, width, place_and_date(office.place, day), "office-date")
    return 5


def signatures(ws: Sheet, row: int, office: Office, width: int, split: int) -> int:
    """ "Người lập biểu" on the left, the signer on the right; returns the row after them."""
    _block(ws, row, 1, split, MAKER, "office-bold")
    right = [office.signer_authority, office.signer_title]
    for n, line in enumerate(r for r in right if r):
        _block(ws, row + n, split + 1, width, line, "office-bold")
    _block(ws, row + 2, 1, split, "(Ký, ghi rõ họ tên)", "office-hint")
    _block(ws, row + 2, split + 1, width, "(Ký, ghi rõ họ tên, đóng dấu)", "office-hint")
    if office.signer_name:
        _block(ws, row + 6, split + 1, width, office.signer_name, "office-bold")
    return row + 8
