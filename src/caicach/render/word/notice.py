"""An urging notice as a Word công văn in the layout of render/nd30: to one agency with its table
in the text, or one công văn to many with their late items in a phụ lục, under each agency's
name. Imported only when a notice is written in Word."""

from __future__ import annotations

from docx.document import Document as DocumentType

from caicach.render.text import notice_words as words
from caicach.render.word import nd30
from caicach.tracking.notice import Combined, Notice

_COLUMNS = (12, 85, 30, 19, 19)  # mm, 165 in all: STT, nhiệm vụ, thời hạn, ngày, lần
_FOUR_DIGITS = 3  # mm the STT column takes from the task's for "1042" (in 12 mm it wraps)
_TASK = frozenset({1})


def notice_bytes(n: Notice) -> bytes:
    """One agency's notice, its tables' rows written as text (nd30.table's `as_text`: twice as
    fast as the copies at any length, the same bytes)."""
    doc = _begin(n)
    nd30.addressees(doc, [n.addressee])
    nd30.paragraph(doc, words.opening(n))
    many = len(n.plans) > 1
    if n.overdue:
        rows = [words.overdue_row(k, o, many) for k, o in enumerate(n.overdue, 1)]
        widths = _columns(len(rows))
        nd30.table(doc, words.TABLE_HEAD, rows, widths, _TASK, as_text=True)
    if n.within is not None and n.due_soon:
        nd30.paragraph(doc, words.soon_intro(n), keep_with_next=True)
        rows = [words.soon_row(k, o, n.day, many) for k, o in enumerate(n.due_soon, 1)]
        widths = _columns(len(rows))
        nd30.table(doc, words.SOON_HEAD, rows, widths, _TASK, as_text=True)
    nd30.paragraph(doc, words.closing(n))
    _end(doc, n)
    return nd30.save(doc)


def combined_bytes(c: Combined) -> bytes:
    """One công văn: the totals in the text, each agency's items in the phụ lục, its rows written
    as text (nd30.table's `as_text`): at 10,000 items their elements held a gigabyte."""
    doc = _begin(c)
    nd30.addressees(doc, list(c.addressees))
    nd30.paragraph(doc, words.opening_all(c))
    nd30.paragraph(doc, words.closing(c))
    _end(doc, c)
    nd30.page_break(doc)
    nd30.title(doc, *words.annex_title(c), italic_last=True)
    many = len(c.plans) > 1
    rows: list[nd30.Row] = []
    for k, n in enumerate(c.notices, 1):
        rows.append(nd30.Group(words.group_title(k, n)))
        rows += [words.overdue_row(j, o, many) for j, o in enumerate(n.overdue, 1)]
        first = len(n.overdue) + 1
        for j, o in enumerate(n.due_soon, first):
            r = words.soon_row(j, o, n.day, many)
            rows.append((*r[:3], f"còn {r[3]}", r[4]))  # due soon, not late
    last = max((len(n.overdue) + len(n.due_soon) for n in c.notices), default=0)
    nd30.table(doc, words.TABLE_HEAD, rows, _columns(last), _TASK, as_text=True)
    return nd30.save(doc)


def _columns(last: int) -> tuple[float, ...]:
    """The widths of a table numbered up to `last`: a wider STT column from 1000 on."""
    if last < 1000:
        return _COLUMNS
    stt, task, *rest = _COLUMNS
    return (stt + _FOUR_DIGITS, task - _FOUR_DIGITS, *rest)


def _begin(n: Notice | Combined) -> DocumentType:
    doc = nd30.document(n.template)
    office = n.office
    nd30.properties(doc, office.body, words.subject(n))
    place = words.place_and_date(office.place, n.day)
    top = nd30.Masthead(office.parent, office.body, f"Số: {n.code}", words.subject(n), place)
    nd30.masthead(doc, top)
    return doc


def _end(doc: DocumentType, n: Notice | Combined) -> None:
    o = n.office
    signer = nd30.Signer(o.signer_authority, o.signer_title, o.signer_name)
    nd30.signature(doc, words.recipients(n), signer)
