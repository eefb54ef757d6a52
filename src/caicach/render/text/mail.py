"""A reminder as an Internet message (RFC 5322, the stdlib `email` package): headers encoded as
RFC 2047 has non-ASCII text in them, a UTF-8 plain-text body, CRLF line ends; what `.eml` files
hold and what `remind --send` delivers."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from caicach.render.safe import printable
from caicach.render.text.remind import subject, text
from caicach.tracking.remind import Message


def message(m: Message, sender: str | None, now: datetime) -> EmailMessage:
    """The e-mail to the agency's addresses (none known: no To), from the office at `sender`
    (none: no From, a draft only), dated `now` (with its time zone)."""
    mail = EmailMessage(policy=SMTP)
    if sender is not None:
        # One line, no control character: a name from a file never adds a header of its own.
        name = " ".join(printable(m.office.name).split()) if m.office is not None else ""
        local, _, domain = sender.rpartition("@")
        mail["From"] = Address(name, local, domain)
        mail["Message-ID"] = make_msgid(idstring="caicach", domain=domain)  # short: one line
    if m.addresses:
        mail["To"] = ", ".join(m.addresses)
    mail["Subject"] = subject(m)
    mail["Date"] = format_datetime(now)
    # RFC 3834: a message sent by a program, so that auto-replies are not sent back to it.
    mail["Auto-Submitted"] = "auto-generated"
    mail["Content-Language"] = "vi"
    mail.set_content(text(m), charset="utf-8")
    return mail


def eml(m: Message, sender: str | None, now: datetime) -> bytes:
    return message(m, sender, now).as_bytes()
