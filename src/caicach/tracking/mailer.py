"""Delivering an e-mail through the office's SMTP server (stdlib smtplib): one connection per
message, so that a server that refuses one agency, or drops the line in the middle of one,
leaves the others to be tried. The answer is the server's own words, never the password."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from caicach.plan.office import Smtp

PASSWORD_VARIABLE = "CAICACH_SMTP_PASSWORD"


@dataclass(frozen=True)
class Delivery:
    sent: bool
    answer: str  # refused: the server's answer or why it was not reached; sent: the refused ones


def setup_problem(smtp: Smtp | None, password: str | None) -> str | None:
    """Why nothing can be sent with these settings, or None."""
    if smtp is None:
        return (
            "chưa có máy chủ thư: thêm khối smtp (host, port, security, sender, user) vào "
            "office trong plans/office.yaml"
        )
    if smtp.user is not None and smtp.security == "none":
        return (
            "smtp.user đăng nhập bằng mật khẩu: không gửi mật khẩu qua kết nối không mã hóa "
            "(security: none); dùng security: starttls hoặc ssl"
        )
    if smtp.user is not None and not password:
        return f"có smtp.user nhưng chưa đặt biến môi trường {PASSWORD_VARIABLE} (mật khẩu)"
    return None


def deliver(smtp: Smtp, password: str | None, mail: EmailMessage) -> Delivery:
    where = f"{smtp.host}:{smtp.port_used}"
    try:
        with _connect(smtp) as server:
            if smtp.user is not None:
                server.login(smtp.user, password or "")
            refused = server.send_message(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        return Delivery(False, f"máy chủ {where} từ chối người nhận: {_refused(exc.recipients)}")
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib says a wait that ran out so
            return Delivery(False, f"máy chủ {where} không trả lời sau {smtp.timeout} giây")
        return Delivery(False, f"máy chủ {where} đóng kết nối giữa chừng; thư chưa được nhận")
    except smtplib.SMTPResponseException as exc:
        return Delivery(False, f"máy chủ {where} từ chối: {_answer(exc.smtp_code, exc.smtp_error)}")
    except smtplib.SMTPException as exc:
        return Delivery(False, f"máy chủ {where}: {exc}")
    except TimeoutError:
        return Delivery(False, f"máy chủ {where} không trả lời sau {smtp.timeout} giây")
    except ssl.SSLError as exc:
        return Delivery(False, f"không mở được kết nối mã hóa với {where}: {exc.reason or exc}")
    except OSError as exc:
        return Delivery(False, f"không kết nối được {where}: {exc.strerror or exc}")
    return Delivery(True, _refused(refused) if refused else "")


def _connect(smtp: Smtp) -> smtplib.SMTP:
    port, timeout = smtp.port_used, smtp.timeout
    if smtp.security == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(smtp.host, port, timeout=timeout, context=context)
    server = smtplib.SMTP(smtp.host, port, timeout=timeout)
    if smtp.security == "starttls":
        try:
            server.starttls(context=ssl.create_default_context())
        except BaseException:
            server.close()
            raise
    return server


def _answer(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(said.split())}"


def _refused(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{a}: {_answer(code, said)}" for a, (code, said) in recipients.items())
