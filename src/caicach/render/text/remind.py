"""A reminder as plain Vietnamese text, to paste into a chat (Zalo) or to send as an e-mail's
body: the same lines either way."""

from __future__ import annotations

from caicach.dates import vn_date
from caicach.render.safe import printable
from caicach.tracking.remind import Message, PendingForm, Reminder


def subject(m: Message) -> str:
    """`Nhắc hạn nhiệm vụ CCHC: 2 sắp đến hạn, 1 quá hạn (25/03/2024)`."""
    parts = []
    if m.coming:
        parts.append(f"{len(m.coming)} sắp đến hạn")
    if m.overdue:
        parts.append(f"{len(m.overdue)} quá hạn")
    if m.forms:
        parts.append(f"{len(m.forms)} phiếu báo cáo chưa gửi lại")
    return f"Nhắc hạn nhiệm vụ CCHC: {', '.join(parts)} ({vn_date(m.day)})"


def lines(m: Message) -> list[str]:
    sender = m.office.name if m.office is not None else "Cơ quan theo dõi cải cách hành chính"
    many = len({r.item.plan.id for r in m.reminders}) > 1
    out = [f"Kính gửi: {m.name}", ""]
    out.append(
        f"{sender} nhắc các nhiệm vụ cải cách hành chính do cơ quan chủ trì, tính đến ngày "
        f"{vn_date(m.day)}:"
    )
    if m.coming:
        out += ["", "Sắp đến hạn:"]
        out += _items(m.coming, many)
    if m.overdue:
        out += ["", "Đã quá hạn, chưa báo cáo hoàn thành:"]
        out += _items(m.overdue, many)
    if m.forms:
        out += ["", "Phiếu báo cáo chưa gửi lại:"]
        out += [_form(k, f) for k, f in enumerate(m.forms, 1)]
    out += [
        "",
        f"Đề nghị cơ quan hoàn thành đúng hạn và báo cáo kết quả, kèm văn bản minh chứng, về "
        f"{sender}.",
        "(Tin nhắn do caicach soạn từ kế hoạch và nhật ký tiến độ; nếu đã báo cáo, xin bỏ qua.)",
    ]
    return out


_TASK_LIMIT = 160  # a chat message is read on a phone: the task's start, the rest in the plan


def _items(reminders: tuple[Reminder, ...], many: bool) -> list[str]:
    """One numbered entry per item, each milestone of it on a line below."""
    by_item: dict[str, list[Reminder]] = {}
    for r in reminders:
        by_item.setdefault(r.item.qualified_id, []).append(r)
    out = []
    for k, group in enumerate(by_item.values(), 1):
        item = group[0].item
        label = f"{item.id} ({item.plan.number})" if many else item.id
        out.append(f"{k}. {label} — {_short(item.task)}")
        for r in group:
            out.append(
                f"   Mốc: {r.milestone.milestone.name}; hạn {vn_date(r.due)}, {_left(r.days)}"
            )
        passed = dict.fromkeys(r.passed for r in group if r.passed)
        out += [f"   ({p})" for p in passed]
    return out


def _short(task: str) -> str:
    if len(task) <= _TASK_LIMIT:
        return task
    return task[:_TASK_LIMIT].rsplit(" ", 1)[0] + " …"


def _left(days: int) -> str:
    if days < 0:
        return f"quá hạn {-days} ngày"
    return "đến hạn hôm nay" if days == 0 else f"còn {days} ngày"


def _form(k: int, f: PendingForm) -> str:
    return f"{k}. Phiếu {f.form} — gửi ngày {vn_date(f.sent_on)}, đã {f.days} ngày"


def text(m: Message) -> str:
    """The whole message, with no control character from the plans' text."""
    return printable("\n".join(lines(m)) + "\n")
