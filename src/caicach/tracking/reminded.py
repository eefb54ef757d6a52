"""Recording a reminder sent in the progress log: one `reminded` entry per milestone it
listed, so that `log` shows it and the same milestone is not reminded twice on one day."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

from caicach.load.progress_log import log_path
from caicach.plan.office import Smtp
from caicach.tracking.lock import LOCK_WAIT
from caicach.tracking.mailer import deliver, setup_problem
from caicach.tracking.record import append_many
from caicach.tracking.remind import Message


def record_sent(
    plans: Path, m: Message, evidence: str, now: datetime, wait: float = LOCK_WAIT
) -> int:
    """The entries of a message delivered, in each plan's log, written as soon as the server
    took it: an agency later in the run that fails leaves this one recorded. Returns how many."""
    by_plan: dict[str, list[dict[str, Any]]] = {}
    for r in m.reminders:
        entry = {
            "item": r.item.id,
            "milestone": r.milestone.number,
            "agency": m.name,
            "kind": "reminded",
            "date": m.day,
            "evidence": evidence,
            "note": r.note,
            "recorded": now.isoformat(timespec="seconds"),
        }
        by_plan.setdefault(r.item.plan.id, []).append(entry)
    for plan_id, entries in by_plan.items():
        append_many(log_path(plans, plan_id), plan_id, entries, wait=wait)
    return sum(len(e) for e in by_plan.values())


@dataclass(frozen=True)
class Outcome:
    """What became of one agency's message: sent (and recorded), already sent today, or not
    sent with why (the server's answer, a missing address, no server set)."""

    message: Message
    state: Literal["sent", "already", "failed"]
    answer: str = ""  # failed: why; sent: the addresses the server refused, if any


NO_ADDRESS = "danh mục cơ quan chưa có địa chỉ thư (email:) của cơ quan này"


def send_all(
    plans: Path,
    found: Sequence[Message],
    smtp: Smtp | None,
    password: str | None,
    build: Callable[[Message], EmailMessage],
    now: datetime,
    wait: float = LOCK_WAIT,
) -> Iterator[Outcome]:
    """Each message's outcome, as it happens; a delivered one is recorded before the next is
    tried, and nothing that was not delivered is recorded."""
    problem = setup_problem(smtp, password)
    for whole in found:
        m = whole.unsent
        if m.empty:
            yield Outcome(m, "already")
            continue
        why = problem or (None if m.addresses else NO_ADDRESS)
        if why is not None or smtp is None:
            yield Outcome(m, "failed", why or "")
            continue
        mail = build(m)
        done = deliver(smtp, password, mail)
        if not done.sent:
            yield Outcome(m, "failed", done.answer)
            continue
        evidence = f"Thư nhắc hạn gửi {', '.join(m.addresses)}, Message-ID {mail['Message-ID']}"
        record_sent(plans, m, evidence, now, wait)
        yield Outcome(m, "sent", done.answer)
