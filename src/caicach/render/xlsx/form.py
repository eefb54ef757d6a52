"""The report form as a workbook an agency fills in Excel or LibreOffice: its open milestones, a
drop-down for Tình trạng, date cells checked as dates, every other cell protected, and the
identifiers in a very hidden sheet (see `caicach.load.form_sheet`). Imported only with openpyxl."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from caicach.dates import vn_date
from caicach.load import form_sheet as fs
from caicach.load.form_key import Key
from caicach.render.xlsx import layout
from caicach.render.xlsx.layout import FONT, Column, Sheet
from caicach.text import xml_text
from caicach.tracking.forms import Form, FormRow

COLUMNS = (
    Column("STT", 5, "int"),
    Column("Kế hoạch", 13),
    Column("Mã", 6),
    Column("Nhiệm vụ", 46),
    Column("Mốc", 16),
    Column("Hạn", 11, "date"),
    Column("Theo dõi đến ngày lập phiếu", 14),
    Column("Tình trạng (chọn)", 15),
    Column("Ngày hoàn thành", 12, "date"),
    Column("Văn bản minh chứng (số, ký hiệu, ngày)", 24),
    Column("Ghi chú, khó khăn, vướng mắc", 22),
)
assert [c.title for c in COLUMNS][fs.STATE - 1] == "Tình trạng (chọn)"


def _styles(wb: Workbook) -> None:
    layout.styles(wb)
    thin = Side(style="thin", color="808080")  # the same grid as the office's sheets
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for name, number_format in (("fill", "@"), ("fill-date", "dd/mm/yyyy")):
        wb.add_named_style(
            NamedStyle(
                name=name,
                font=Font(name=FONT, size=11, color="1F3864"),
                border=border,
                alignment=Alignment(wrap_text=True, vertical="top"),
                number_format=number_format,
                protection=Protection(locked=False),
            )
        )
    wb.add_named_style(NamedStyle(name="agency", font=Font(name=FONT, size=12, bold=True)))
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    for name, font in (
        ("signature", Font(name=FONT, size=12, bold=True)),
        ("signature-place", Font(name=FONT, size=12, italic=True)),
        ("guide-centre", Font(name=FONT, size=11, italic=True)),
    ):
        wb.add_named_style(NamedStyle(name=name, font=font, alignment=centre))
    wb.add_named_style(
        NamedStyle(
            name="signature-name",
            font=Font(name=FONT, size=12, bold=True, color="1F3864"),
            alignment=centre,
            protection=Protection(locked=False),  # the names may be typed before printing
        )
    )
    wb.add_named_style(
        NamedStyle(
            name="guide",
            font=Font(name=FONT, size=11, italic=True),
            alignment=Alignment(wrap_text=True, vertical="top"),
        )
    )


def _heading(form: Form) -> list[tuple[str, str]]:
    plans = "; ".join(
        f"Kế hoạch {p.number} ngày {vn_date(p.date)} của {p.issuer}" for p in form.plans
    )
    office = form.office.name if form.office is not None else "cơ quan theo dõi"
    return [
        ("PHIẾU BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", "title"),
        (f"Cơ quan báo cáo: {form.agency_name}", "agency"),
        (plans, "note"),
        (
            f"Tình hình đến ngày {vn_date(form.day)}. Đề nghị gửi lại phiếu này cho {office} "
            f"trước ngày {vn_date(form.reply_by)}.",
            "note",
        ),
        (
            "Cách điền: ở cột Tình trạng chọn Hoàn thành, Đang thực hiện hoặc Chưa thực hiện; khi "
            "hoàn thành, ghi Ngày hoàn thành (dd/mm/yyyy) và văn bản minh chứng (số, ký hiệu, "
            "ngày ban hành). Các cột từ STT đến «Theo dõi» do cơ quan theo dõi ghi, được khoá; "
            "không thêm, xoá hay sắp xếp lại dòng. Dòng để trống là chưa có gì mới.",
            "guide",
        ),
    ]


def _values(n: int, row: FormRow) -> list[Any]:
    m = row.status
    due: Any = m.milestone.due or row.item.deadline or "không xác định"
    now = "Quá hạn" + (f" {m.days_overdue} ngày" if m.days_overdue else "")
    if m.status != "qua-han":
        now = "Chưa đến hạn" if m.milestone.due else "Trong hạn"
    task = row.item.task
    if row.item.parent_task:
        task = f"{row.item.parent_task}: {task}"
    return [n, row.item.plan.number, row.item.id, task, m.milestone.name, due, now]


def _ids(form: Form, top: int) -> list[fs.RowIds]:
    return [
        fs.RowIds(top + n, *(xml_text(v) for v in (r.item.plan.id, r.item.id, r.milestone_ref)))
        for n, r in enumerate(form.rows, 1)
    ]


def _safe(value: Any) -> Any:
    """Text as a cell holds it (`caicach.text.xml_text`): the MAC is made of what the cell keeps."""
    return xml_text(value) if isinstance(value, str) else value


def _form_sheet(ws: Sheet, form: Form) -> int:
    lines = [(xml_text(text), style) for text, style in _heading(form)]
    top = layout.title(ws, lines, len(COLUMNS))
    rows = [[_safe(v) for v in _values(n, r)] for n, r in enumerate(form.rows, 1)]
    shown = [[*v, None, None, None, None] for v in rows]
    last = layout.table(
        ws, top, COLUMNS, shown, late=lambda i: form.rows[i].status.status == "qua-han"
    )
    for r in range(top + 1, last + 1):
        for c in fs.FILLED:
            layout.put(ws, r, c, None, "fill-date" if c == fs.DAY else "fill")
    _validation(ws, form, top + 1, last)
    _signatures(ws, last + 2)
    layout.page(ws, top, last, len(COLUMNS), freeze=f"E{top + 1}")
    ws.auto_filter.ref = None  # a filter would let rows be re-sorted under their identifiers
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths and heights may change: it is their screen
    ws.protection.formatRows = False
    return top


def _validation(ws: Sheet, form: Form, first: int, last: int) -> None:
    if last < first:
        return
    choose = DataValidation(
        type="list",
        formula1='"' + ",".join(fs.STATES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tình trạng",
        error="Chọn một trong: " + ", ".join(fs.STATES),
        promptTitle="Tình trạng",
        prompt="Chọn trong danh sách",
        showInputMessage=True,
    )
    earliest = min(p.date for p in form.plans)
    when = DataValidation(
        type="date",
        operator="greaterThanOrEqual",
        formula1=f"DATE({earliest.year},{earliest.month},{earliest.day})",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ngày hoàn thành",
        error=f"Ghi một ngày từ {vn_date(earliest)} trở đi, dạng dd/mm/yyyy",
    )
    for v, column in ((choose, fs.STATE), (when, fs.DAY)):
        ws.data_validations.append(v)
        v.add(f"{fs.cell_name(column, first)}:{fs.cell_name(column, last)}")


def _signatures(ws: Sheet, at: int) -> None:
    """Who answers for the form, as a report an agency sends is signed: the person who drew it
    up on the left, the head of the agency on the right, each with room to sign and a name
    cell left open to type in."""
    layout.put(ws, at, 8, "……, ngày …… tháng …… năm ……", "signature-place")
    ws.merge(at, 8, at, 11)
    for first, last, title, how in (
        (2, 5, SIGNER, "(Ký, ghi rõ họ tên)"),
        (8, 11, HEAD, "(Ký tên, đóng dấu)"),
    ):
        for n, (text, style) in enumerate(((title, "signature"), (how, "guide-centre")), at + 1):
            ws.merge(n, first, n, last)
            layout.put(ws, n, first, text, style)
        name = at + 6  # four blank rows to sign in
        ws.merge(name, first, name, last)
        layout.put(ws, name, first, None, "signature-name")


SIGNER, HEAD = "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"


def _ids_sheet(ws: Sheet, form: Form, form_id: str, key: Key, visible: Sheet) -> None:
    """The identifiers and the MACs, made from the cells as written (what a reader sees)."""
    ws.sheet_state = "veryHidden"
    ids = _ids(form, _TOP)
    top = ids[0].row - 1 if ids else _TOP
    heading = [fs.shown_text(visible.value(n, 1)) for n in range(1, top)]
    table = [(r, [fs.shown_text(visible.value(r.row, c)) for c in fs.PROTECTED]) for r in ids]
    header = fs.Header(xml_text(form_id), form.agency, form.day, key.id)
    for n, values in enumerate(fs.ids_sheet(key, header, heading, table), 1):
        for c, value in enumerate(values, 1):
            ws.set(n, c, value, None)
    ws.protection.sheet = True


_TOP = 7  # the header row of the visible sheet (after the five heading lines and a blank row)


def workbook(form: Form, form_id: str, key: Key) -> Workbook:
    wb = layout.new_workbook()
    _styles(wb)
    first = layout.sheet(wb, fs.SHEET)
    top = _form_sheet(first, form)
    assert top == _TOP, top
    _ids_sheet(layout.sheet(wb, fs.IDS), form, form_id, key, first)
    wb.properties.creator = xml_text(form.office.name) if form.office is not None else "caicach"
    wb.properties.title = xml_text(f"Phiếu báo cáo CCHC: {form.agency_name}, {vn_date(form.day)}")
    return wb


def form_bytes(form: Form, form_id: str, key: Key) -> bytes:
    """The form signed with `key` under the id the register of forms sent gives it."""
    return layout.workbook_bytes(workbook(form, form_id, key))
