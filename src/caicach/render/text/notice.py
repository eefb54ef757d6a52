"""An urging notice as plain text (for an email or a Zalo message) and as JSON: the same content
as the Word form, in the same words."""

from __future__ import annotations

import json
from typing import Any

from caicach.dates import vn_date
from caicach.render.safe import printable
from caicach.render.text import notice_words as words
from caicach.tracking.notice import Combined, Notice, Owed


def notice_text(n: Notice) -> bytes:
    lines = [
        n.office.parent,
        n.office.body,
        f"Số: {n.code}",
        words.subject(n),
        "",
        f"{words.QUOC_HIEU} — {words.TIEU_NGU}",
        words.place_and_date(n.office.place, n.day),
        "",
        f"Kính gửi: {n.addressee}.",
        "",
        words.opening(n),
        *(_row(words.overdue_row(k, o, len(n.plans) > 1)) for k, o in enumerate(n.overdue, 1)),
    ]
    if n.within is not None and n.due_soon:
        lines += ["", words.soon_intro(n)]
        many = len(n.plans) > 1
        lines += [
            _row(words.soon_row(k, o, n.day, many), True) for k, o in enumerate(n.due_soon, 1)
        ]
    lines += ["", words.closing(n), ""]
    lines += [t for t in (n.office.signer_authority, n.office.signer_title) if t]
    lines += [n.office.signer_name or "", "", "Nơi nhận:", *words.recipients(n)]
    return printable("\n".join(lines) + "\n").encode("utf-8")


def _row(cells: tuple[str, ...], soon: bool = False) -> str:
    k, task, due, days, urged = cells
    late = f"còn {days} ngày" if soon else f"quá hạn {days} ngày"
    return f"{k}. {task} — thời hạn {due} — {late} — đôn đốc {urged}"


def combined_text(c: Combined) -> bytes:
    """One công văn to many: the addressees one a line, the totals, then the phụ lục by agency."""
    last = len(c.addressees) - 1
    to = [
        f"{'Kính gửi:' if k == 0 else '         '} - {a}{'.' if k == last else ';'}"
        for k, a in enumerate(c.addressees)
    ]
    lines = [
        c.office.parent,
        c.office.body,
        f"Số: {c.code}",
        words.subject(c),
        "",
        f"{words.QUOC_HIEU} — {words.TIEU_NGU}",
        words.place_and_date(c.office.place, c.day),
        "",
        *to,
        "",
        words.opening_all(c),
        "",
        words.closing(c),
        "",
        *(t for t in (c.office.signer_authority, c.office.signer_title) if t),
        c.office.signer_name or "",
        "",
        "Nơi nhận:",
        *words.recipients(c),
        "",
        *words.annex_title(c),
    ]
    many = len(c.plans) > 1
    for k, n in enumerate(c.notices, 1):
        lines += ["", words.group_title(k, n)]
        lines += [_row(words.overdue_row(j, o, many)) for j, o in enumerate(n.overdue, 1)]
        first = len(n.overdue) + 1
        lines += [
            _row(words.soon_row(j, o, n.day, many), True) for j, o in enumerate(n.due_soon, first)
        ]
    return printable("\n".join(lines) + "\n").encode("utf-8")


def combined_json(c: Combined) -> bytes:
    document = {
        "date": c.day.isoformat(),
        "number": c.code,
        "subject": words.subject(c),
        "addressees": list(c.addressees),
        "agencies": c.late_agencies,
        "overdue": c.late_items,
        "reply_by": c.reply_by.isoformat(),
        "notices": [_document(n) for n in c.notices],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def notice_json(n: Notice) -> bytes:
    return (json.dumps(_document(n), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _document(n: Notice) -> dict[str, Any]:
    def owed(o: Owed) -> dict[str, Any]:
        return {
            "item": o.item.id,
            "plan": o.item.plan.id,
            "task": o.item.task,
            "milestones": [
                {
                    "number": m.number,
                    "name": m.milestone.name,
                    "due": m.milestone.due.isoformat() if m.milestone.due else None,
                    "days_overdue": m.days_overdue,
                    "when": words.milestone_words(m, len(o.item.milestones) > 1),
                }
                for m in o.milestones
            ],
            "due": o.due.isoformat() if o.due else None,
            "days_overdue": o.days_overdue,
            "round": o.round,
            "rounds": list(o.rounds),
            "cited": words.citation(o.item),
        }

    return {
        "agency": n.agency,
        "agency_name": n.agency_name,
        "addressee": n.addressee,
        "date": n.day.isoformat(),
        "number": n.code,
        "subject": words.subject(n),
        "round": n.round,
        "reply_by": n.reply_by.isoformat(),
        "reply_by_text": vn_date(n.reply_by),
        "overdue": [owed(o) for o in n.overdue],
        "due_soon": [owed(o) for o in n.due_soon],
    }
