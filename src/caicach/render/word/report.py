"""The periodic CCHC report's section on carrying out the year's plan, as a Word document
(Nghị định 30/2020/NĐ-CP): what the plan is, the four boxes per area with the rates, the
overdue items and who owes them, the items completed in the window with their evidence, the
targets, and the phụ lục tables of the workbook. What only a person can write (hạn chế,
nguyên nhân, phương hướng) is headed and left as dotted lines to fill in, never written here.

Every number comes from the Report the workbook is drawn from, so it equals `summary --period`
of the same window. Imported only when the report is written (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm, Pt

from caicach.dates import vn_date
from caicach.plan.milestone import Milestone
from caicach.plan.registry import Registry
from caicach.plan.words import STATUS
from caicach.render.text.figures import percent
from caicach.render.text.notice_words import place_and_date
from caicach.render.word import nd30
from caicach.tracking.history import named
from caicach.tracking.report import Event, PlanLine, Report, completed_in_window, plan_lines
from caicach.tracking.summary import Tally
from caicach.tracking.targets import STATE as TARGET_STATE
from caicach.tracking.targets import threshold_text, value_text

FILL = "…" * 32  # a dotted line the office writes on: one line of 14-point text
FILL_LINES = 3
BOX_HEAD = (
    "Lĩnh vực",
    "Tổng số (có thời hạn)",
    "Đã đến hạn",
    "HT đúng hạn",
    "HT trễ hạn",
    "Chưa HT trong hạn",
    "Chưa HT quá hạn",
    "Tỷ lệ HT / đã đến hạn",
    "Tỷ lệ HT đúng hạn / đã đến hạn",
)
OVERDUE_HEAD = ("STT", "Nhiệm vụ", "Cơ quan chủ trì", "Hạn", "Số ngày quá hạn")
DONE_HEAD = ("STT", "Nhiệm vụ", "Mốc", "Hạn", "Ngày hoàn thành", "Minh chứng")
TARGET_HEAD = ("Chỉ tiêu", "Ngưỡng", "Năm phải đạt", "Số liệu mới nhất", "Tình trạng")
DETAIL_HEAD = ("STT", "Mã", "Nhiệm vụ", "Cơ quan chủ trì", "Hạn", "Tình trạng", "Minh chứng")
NO_EVIDENCE = "chưa ghi minh chứng"


def period_name(report: Report) -> str:
    w = report.window
    assert w is not None
    return f"năm {w.year}" if w.label.lower() == "năm" else f"{w.label} năm {w.year}"


def subject(report: Report) -> str:
    return f"Kết quả thực hiện công tác cải cách hành chính {period_name(report)}"


def plan_sentence(p: PlanLine) -> str:
    return (
        f"Ngày {vn_date(p.issued)}, {p.issuer} ban hành {p.number}: {p.title}; "
        f"{p.items} nhiệm vụ theo dõi thuộc {p.areas} lĩnh vực."
    )


def window_sentence(report: Report) -> str:
    w = report.window
    assert w is not None
    return (
        f"Số liệu từ ngày {vn_date(w.start)} đến ngày {vn_date(w.end)}; mỗi nhiệm vụ được xét "
        f"theo các mốc đến hạn đến ngày {vn_date(w.end)}, nhiệm vụ chưa có mốc đến hạn là chưa "
        "đến hạn."
    )


def totals_sentence(t: Tally) -> str:
    c = t.counts
    undated = (
        f" ({c['khong-xac-dinh']} nhiệm vụ không xác định thời hạn)" if c["khong-xac-dinh"] else ""
    )
    return (
        f"Tổng số nhiệm vụ có thời hạn: {t.dated}{undated}. Đã đến hạn: {t.due_by}; đã hoàn "
        f"thành {t.done_due_by} (đúng hạn {c['dung-han']}, trễ hạn {c['tre-han']}); chưa hoàn "
        f"thành quá hạn: {c['qua-han']}; chưa đến hạn: {t.dated - t.due_by}. Tỷ lệ hoàn thành "
        f"trên số đã đến hạn: {percent(t.completion_rate)}; hoàn thành đúng hạn: "
        f"{percent(t.on_time_rate)}."
    )


def box_row(t: Tally) -> list[str]:
    c = t.counts
    counts = [t.dated, t.due_by, c["dung-han"], c["tre-han"]]
    counts += [c["dang-thuc-hien"] + c["chua-thuc-hien"], c["qua-han"]]
    return [t.label, *map(str, counts), percent(t.completion_rate), percent(t.on_time_rate)]


def _task(report: Report, item_id: str, task: str, plan: str) -> str:
    many = len({r.item.plan.id for r in report.rows}) > 1
    return f"{item_id} ({plan}). {task}" if many else f"{item_id}. {task}"


def overdue_rows(report: Report, registry: Registry) -> list[list[str]]:
    rows = []
    for k, r in enumerate(report.overdue, start=1):
        s = r.status
        assert s is not None
        due = next((m.milestone.due for m in s.overdue if m.milestone.due), s.due)
        rows.append(
            [
                str(k),
                _task(report, r.item.id, r.item.task, r.item.plan.number),
                named(r.item.lead, registry, s.as_of),
                vn_date(due) if due else "",
                str(s.days_overdue or ""),
            ]
        )
    return rows


def done_rows(report: Report, events: Sequence[Event]) -> list[list[str]]:
    rows = []
    for k, e in enumerate(events, start=1):
        m = e.milestone
        rows.append(
            [
                str(k),
                _task(report, e.row.item.id, e.row.item.task, e.row.item.plan.number),
                milestone_words(m.milestone),
                vn_date(m.milestone.due) if m.milestone.due else "",
                vn_date(m.completed_on) if m.completed_on else "",
                m.evidence or NO_EVIDENCE,
            ]
        )
    return rows


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def milestone_words(m: Milestone) -> str:
    """A milestone as an official writes it: "tháng 01/2024", "quý I/2024", "năm 2027", or
    its label; the command-line form ("1 (2024-01)") is for typing, not for a letter."""
    period = m.period if m.recurs else None
    if period is None:
        return m.label or "hoàn thành"
    year, _, part = period.partition("-")
    if not part:
        when = f"năm {year}"
    elif part.upper().startswith("Q"):
        when = f"quý {_ROMAN.get(part[1:], part[1:])}/{year}"
    else:
        when = f"tháng {part}/{year}"
    return f"{m.label} {when}" if m.label else when


def target_rows(report: Report) -> list[list[str]]:
    if report.targets is None:
        return []
    return [
        [
            f"{s.target.id}. {s.target.text}",
            threshold_text(s.target),
            str(s.target.year or ""),
            value_text(s),
            TARGET_STATE[s.state],
        ]
        for s in report.targets.statuses
    ]


def detail_rows(report: Report, registry: Registry) -> list[list[str]]:
    rows = []
    for k, r in enumerate(report.rows, start=1):
        s = r.status
        assert s is not None
        evidence = "; ".join(dict.fromkeys(m.evidence for m in s.milestones if m.evidence))
        due = s.due
        rows.append(
            [
                str(k),
                r.item.id,
                r.item.task,
                named(r.item.lead, registry, s.as_of),
                vn_date(due) if due else "",
                STATUS[s.status],
                evidence,
            ]
        )
    return rows


# --- the document -----------------------------------------------------------------------------


def report_bytes(report: Report, registry: Registry, template: bytes | None = None) -> bytes:
    """The report on the office's template (office.yaml `template:`) or the default layout."""
    office = report.office
    assert office is not None, "the Word report needs plans/office.yaml"
    day = report.made or report.as_of
    doc = nd30.document(template)
    number = f"Số:        /BC-{_unit(report)}"
    place = place_and_date(office.place, day)
    nd30.masthead(doc, nd30.Masthead(office.parent, office.body, number, None, place))
    nd30.title(doc, "BÁO CÁO", subject(report))
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)
    _body(doc, report, registry)
    recipients = [*(f"- {r};" for r in office.recipients), f"- Lưu: {office.archive}."]
    signer = nd30.Signer(office.signer_authority, office.signer_title, office.signer_name)
    nd30.signature(doc, recipients, signer)
    _annexes(doc, report, registry)
    nd30.properties(doc, office.name, subject(report))
    return nd30.save(doc)


def _unit(report: Report) -> str:
    assert report.office is not None
    return report.office.unit.split("-")[0] if report.office.unit else "SNV"


_BOXES = (36, 15, 15, 15, 15, 15, 15, 18, 18)  # shares of the width: name, counts, rates


def _body(doc: DocumentType, report: Report, registry: Registry) -> None:
    groups, total = report.areas
    year = report.window.year if report.window else report.as_of.year
    _heading(doc, f"I. KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {year}")
    _heading(doc, "1. Kế hoạch cải cách hành chính")
    for p in plan_lines(report):
        _text(doc, plan_sentence(p))
    _text(doc, window_sentence(report))
    _heading(doc, "2. Kết quả thực hiện theo lĩnh vực")
    where = " Kết quả theo cơ quan chủ trì tại Phụ lục I, từng nhiệm vụ tại Phụ lục II."
    _text(doc, totals_sentence(total) + where)
    _table(doc, BOX_HEAD, [box_row(t) for t in [*groups, total]], _BOXES, bold_last=True)
    _heading(doc, "3. Nhiệm vụ chưa hoàn thành, quá hạn")
    overdue = overdue_rows(report, registry)
    if overdue:
        _text(doc, f"Có {len(overdue)} nhiệm vụ chưa hoàn thành, quá hạn:")
        _table(doc, OVERDUE_HEAD, overdue, (15, 75, 45, 26, 18))
    else:
        _text(doc, "Không có nhiệm vụ chưa hoàn thành, quá hạn.")
    _heading(doc, "4. Nhiệm vụ hoàn thành trong kỳ báo cáo")
    done = done_rows(report, completed_in_window(report))
    if done:
        _text(doc, f"Có {len(done)} mốc nhiệm vụ hoàn thành trong kỳ:")
        _table(doc, DONE_HEAD, done, (15, 58, 22, 26, 26, 30))
    else:
        _text(doc, "Trong kỳ chưa ghi nhận mốc nhiệm vụ nào hoàn thành.")
    targets = target_rows(report)
    if targets:
        _heading(doc, "5. Thực hiện các chỉ tiêu")
        _table(doc, TARGET_HEAD, targets, (75, 25, 16, 30, 22))
    _heading(doc, "II. HẠN CHẾ, NGUYÊN NHÂN")
    for title in ("1. Hạn chế", "2. Nguyên nhân"):
        _heading(doc, title)
        _fill(doc)
    _heading(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    _fill(doc)


def _annexes(doc: DocumentType, report: Report, registry: Registry) -> None:
    agencies, _ = report.agencies
    annexes: list[tuple[str, Sequence[str], list[list[str]], Sequence[int]]] = [
        (
            "TỔNG HỢP KẾT QUẢ THEO CƠ QUAN CHỦ TRÌ",
            ("Cơ quan chủ trì", *BOX_HEAD[1:]),
            [box_row(t) for t in agencies],
            _BOXES,
        ),
        (
            "CHI TIẾT TIẾN ĐỘ CÁC NHIỆM VỤ",
            DETAIL_HEAD,
            detail_rows(report, registry),
            (11, 11, 88, 42, 23, 20, 35),
        ),
    ]
    for k, (numeral, (title, head, rows, widths)) in enumerate(
        zip(("I", "II"), annexes, strict=True)
    ):
        if k == 0:
            _landscape(doc)
        else:
            nd30.page_break(doc)
        nd30.title(doc, f"Phụ lục {numeral}", title, _attached(report), italic_last=True)
        _table(doc, head, rows, widths, width=_WIDE)


_WIDE = 297 - 20 - 20  # mm of text on a landscape page (the phụ lục: wide tables)


def _landscape(doc: DocumentType) -> None:
    """The phụ lục on landscape pages of their own section, numbered on from the report."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)
    section.different_first_page_header_footer = False  # its first page has a number too


def _attached(report: Report) -> str:
    assert report.office is not None
    day = report.made or report.as_of
    return (
        f"(Kèm theo Báo cáo số      /BC-{_unit(report)} ngày {vn_date(day)} "
        f"của {report.office.name})"
    )


# --- what nd30 does not draw: section headings, dotted lines, landscape phụ lục, totals ------


def _heading(doc: DocumentType, text: str) -> None:
    """A heading of the body (I., 1.): bold, kept with what follows."""
    p = nd30.paragraph(doc, text, keep_with_next=True)
    for run in p.runs:
        run.font.bold = True


def _text(doc: DocumentType, text: str) -> None:
    nd30.paragraph(doc, text)


def _fill(doc: DocumentType) -> None:
    """Lines of dots for the office to write on: nothing is written for it."""
    for _ in range(FILL_LINES):
        p = nd30.add(doc, "ND30 Nội dung", FILL)
        p.paragraph_format.first_line_indent = Mm(0)
        p.paragraph_format.keep_with_next = True  # the last lines stay with the signature


def _table(
    doc: DocumentType,
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float],
    *,
    bold_last: bool = False,
    width: float = nd30.WIDTH,
) -> None:
    """nd30's table, its widths given as shares of the text's width; the total row in bold."""
    unit = width / sum(shares)
    left = _LEFT.get(head[0], frozenset())
    table = nd30.table(doc, head, [tuple(r) for r in rows], [w * unit for w in shares], left)
    if bold_last and rows:
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.font.bold = True


# The columns of text read from the left (the names, tasks and evidence), by a table's first.
_LEFT = {
    "Lĩnh vực": frozenset({0}),
    "Cơ quan chủ trì": frozenset({0}),
    "STT": frozenset({1, 2, 3, 5, 6}),
    "Chỉ tiêu": frozenset({0, 3}),
}
