"""`caicach remind`: reminders 7, 3 and 1 days before a deadline, delivered to a real SMTP server
on localhost (aiosmtpd) and read back as the agency's mail program would read them."""

from __future__ import annotations

import email
import re
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.policy import default
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from hypothesis import given, settings
from hypothesis import strategies as st

from caicach.errors import UsageError
from caicach.load.loader import load
from caicach.tracking import owner
from caicach.tracking.remind import messages, parse_days
from tests.conftest import PLANS, Run

THURSDAY = "2024-03-28"  # 31/03/2024, a Sunday, is three days away
SENDER = "snv@quangngai.gov.vn"


@dataclass
class Inbox:
    """What the server accepted: each message with its envelope."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # address → the server's answer

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> EmailMessage:
        found = [m for rcpt, m in self.messages if address in rcpt]
        assert len(found) == 1, [m["To"] for _, m in self.messages]
        return found[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


def _address(agency: str) -> str:
    return f"{agency}@quangngai.gov.vn"


def with_addresses(plans: Path, only: set[str] | None = None) -> None:
    """Every agency of the registry (or those `only`) given an address, as an office would."""
    path = plans / "agencies.yaml"
    text = path.read_text(encoding="utf-8")
    head, _, classes = text.partition("\nclasses:")

    def add(m: re.Match[str]) -> str:
        agency = m.group(1)
        if only is not None and agency not in only:
            return m.group(0)
        extra = f", vanthu.{_address(agency)}" if agency == "so-xay-dung" else ""
        return f"{m.group(0)}    email: [{_address(agency)}{extra}]\n"

    head = re.sub(r"^  - id: ([a-z0-9-]+)\n", add, head, flags=re.MULTILINE)
    path.write_text(head + "\nclasses:" + classes, encoding="utf-8")


def with_server(plans: Path, port: int, security: str = "none", **more: str) -> None:
    path = plans / "office.yaml"
    lines = [
        "  smtp:",
        "    host: 127.0.0.1",
        f"    port: {port}",
        f"    security: {security}",
        f"    sender: {SENDER}",
        *(f"    {k}: {v}" for k, v in more.items()),
    ]
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")


def _log(plans: Path, plan: str = "qd-1879-2024") -> list[dict[str, Any]]:
    path = plans / "progress" / f"{plan}.yaml"
    if not path.exists():
        return []
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    return entries


# --- what --days reads --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [("7,3,1", (7, 3, 1)), ("1,3,7", (7, 3, 1)), ("3", (3,)), (" 0 , 14 ", (14, 0)), ("3,3", (3,))],
)
def test_days_are_read_most_first(text: str, days: tuple[int, ...]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "7,,1", "-1", "ba", "7;3", "400"])
def test_days_refused_say_how_to_write_them(text: str) -> None:
    with pytest.raises(UsageError, match=r"cách nhau bằng dấu phẩy, vd\. 7,3,1"):
        parse_days(text)


# --- the message, as text -----------------------------------------------------------------------


def test_the_chat_text_lists_the_agencys_own_shares_due_in_three_days(
    run: Run, plans: Path
) -> None:
    r = run(
        "remind", "--days", "3", "-a", "Sở Xây dựng", "--as-of", THURSDAY, "--plans", str(plans)
    )
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[:6] == [
        "Kính gửi: Sở Xây dựng",
        "",
        "Sở Nội vụ nhắc các nhiệm vụ cải cách hành chính do cơ quan chủ trì, tính đến ngày "
        "28/03/2024:",
        "",
        "Sắp đến hạn:",
        "1. 1.e — Triển khai thực hiện có hiệu quả công tác tổ chức thi hành pháp luật và theo "
        "dõi, đánh giá tình hình thi hành pháp luật ở địa phương; tăng cường công tác phối …",
    ]
    assert lines[6] == "   Mốc: ban hành kế hoạch; hạn 31/03/2024, còn 3 ngày"
    numbered = [line.split(" — ")[0] for line in lines if re.match(r"^\d+\. ", line)]
    assert numbered == [
        "1. 1.e",
        "2. 2.b",
        "3. 2.d",
        "4. 2.q",
        "5. 4.a",
        "6. 4.d",
        "7. 4.đ",
        "8. 4.e",
    ]
    assert "Đã quá hạn" not in r.out  # not asked for


def test_on_a_day_no_milestone_is_exactly_that_far_nothing_is_written(
    run: Run, plans: Path
) -> None:
    r = run("remind", "--days", "7,3,1", "--as-of", "2024-03-26", "--plans", str(plans))
    assert (r.code, r.out) == (0, "")
    assert r.err == "Không có nhiệm vụ nào cần nhắc ngày 26/03/2024.\n"


def test_overdue_adds_the_milestones_past_due_most_overdue_first(run: Run, plans: Path) -> None:
    r = run(
        "remind", "--days", "3", "--overdue", "-a", "Sở Xây dựng", "--as-of", THURSDAY,
        "--plans", str(plans),
    )  # fmt: skip
    assert r.code == 0, r.err
    late = r.out.split("Đã quá hạn, chưa báo cáo hoàn thành:\n")[1].split("\n\n")[0].splitlines()
    assert late[0].startswith("1. 4.d (185/TB-UBND) — Chậm nhất đến ngày 31/12/2018")
    assert late[1] == "   Mốc: hoàn thành; hạn 31/12/2018, quá hạn 1914 ngày"
    assert late[2].startswith("2. 2.d (1879/QĐ-UBND) — ")
    assert late[3:5] == [
        "   Mốc: 2024-01; hạn 31/01/2024, quá hạn 57 ngày",
        "   Mốc: 2024-02; hạn 29/02/2024, quá hạn 28 ngày",
    ]


def test_files_a_text_and_an_eml_per_agency(run: Run, plans: Path, tmp_path: Path) -> None:
    with_server(plans, 2525)
    out = tmp_path / "nhac"
    r = run("remind", "--days", "3", "--as-of", THURSDAY, "-o", str(out), "--plans", str(plans))
    assert r.code == 0, r.err
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 2 * 33
    assert {"so-xay-dung.txt", "so-xay-dung.eml", "ubnd-ba-to.eml"} <= set(written)
    mail = email.message_from_bytes((out / "so-xay-dung.eml").read_bytes(), policy=default)
    assert mail["From"] == f"Sở Nội vụ <{SENDER}>"
    text = (out / "so-xay-dung.txt").read_text(encoding="utf-8")
    assert mail.get_content().splitlines() == text.splitlines()
    assert b"\r\n" in (out / "so-xay-dung.eml").read_bytes()  # RFC 5322 lines end in CRLF


def test_without_a_sender_only_the_text_is_filed(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "nhac"
    r = run("remind", "--days", "3", "--as-of", THURSDAY, "-o", str(out), "--plans", str(plans))
    assert r.code == 0, r.err
    assert {p.suffix for p in out.iterdir()} == {".txt"}
    assert "chưa soạn thư .eml" in r.err


# --- delivered ----------------------------------------------------------------------------------


def test_send_delivers_one_message_per_agency_and_records_it(
    run: Run, plans: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    with_addresses(plans)
    with_server(plans, port)
    r = run("remind", "--days", "7,3,1", "--as-of", THURSDAY, "--send", "--plans", str(plans))
    assert r.code == 0, r.err
    assert len(box.messages) == 33
    assert len({m["Message-ID"] for _, m in box.messages}) == 33
    mail = box.to(_address("so-xay-dung"))
    assert mail["From"] == f"Sở Nội vụ <{SENDER}>"
    assert mail["To"] == "so-xay-dung@quangngai.gov.vn, vanthu.so-xay-dung@quangngai.gov.vn"
    assert mail["Subject"] == "Nhắc hạn nhiệm vụ CCHC: 8 sắp đến hạn (28/03/2024)"
    assert re.fullmatch(r"<[^<>@\s]+@quangngai\.gov\.vn>", mail["Message-ID"])
    assert parsedate_to_datetime(mail["Date"]).tzinfo is not None
    assert mail.get_content_type() == "text/plain"
    assert mail.get_content_charset() == "utf-8"
    body = mail.get_content().splitlines()
    assert body[0] == "Kính gửi: Sở Xây dựng"
    assert "   Mốc: ban hành kế hoạch; hạn 31/03/2024, còn 3 ngày" in body
    # Raw on the wire, the Vietnamese subject is RFC 2047 encoded: 7-bit headers.
    raw = mail.as_bytes()
    assert raw.split(b"\n\n", 1)[0].isascii()
    # Each agency gets its own: Ba Tơ's message names Ba Tơ and goes to Ba Tơ only.
    ba_to = box.to(_address("ubnd-ba-to"))
    assert ba_to["To"] == "ubnd-ba-to@quangngai.gov.vn"
    assert ba_to.get_content().splitlines()[0] == "Kính gửi: UBND huyện Ba Tơ"
    assert "Đã gửi Sở Xây dựng (so-xay-dung@quangngai.gov.vn, " in r.err
    logged = [e for e in _log(plans) if e["agency"] == "Sở Xây dựng"]
    assert [(e["item"], e["milestone"], e["kind"], e["note"]) for e in logged][:2] == [
        ("1.e", 1, "reminded", "nhắc trước hạn 3 ngày"),
        ("2.b", 1, "reminded", "nhắc trước hạn 3 ngày"),
    ]
    assert len(logged) == 8
    assert logged[0]["evidence"].startswith(
        "Thư nhắc hạn gửi so-xay-dung@quangngai.gov.vn, vanthu.so-xay-dung@quangngai.gov.vn, "
        "Message-ID <"
    )


def test_a_reminder_is_never_sent_twice_for_the_same_milestone_and_day(
    run: Run, plans: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    with_addresses(plans)
    with_server(plans, port)
    args = ("remind", "-a", "Sở Xây dựng", "--plans", str(plans), "--send")
    status = ("matrix", "--as-of", THURSDAY, "-f", "json", "--plans", str(plans))
    before = run(*status).out
    assert run(*args, "--as-of", THURSDAY).code == 0
    assert run(*status).out == before  # a reminder sent changes no status
    again = run(*args, "--as-of", THURSDAY)
    assert again.code == 0, again.err
    assert again.err == "Sở Xây dựng: đã nhắc ngày 28/03/2024, không gửi lại.\n"
    assert len(box.messages) == 1
    # With --overdue the same day, only what was not in the first message goes out.
    late = run(*args, "--as-of", THURSDAY, "--overdue")
    assert late.code == 0, late.err
    assert len(box.messages) == 2
    second = box.messages[1][1].get_content()
    assert "Sắp đến hạn:" not in second
    assert "   Mốc: 2024-01; hạn 31/01/2024, quá hạn 57 ngày" in second
    assert len([e for e in _log(plans) if e["kind"] == "reminded"]) == 8 + 2


def test_a_password_is_never_sent_over_an_unencrypted_line(run: Run, plans: Path) -> None:
    with_addresses(plans, {"so-xay-dung"})
    with_server(plans, _free_port(), user="snv")
    r = run("remind", "-a", "Sở Xây dựng", "--as-of", THURSDAY, "--send", "--plans", str(plans))
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        "Sở Xây dựng: không gửi được: smtp.user đăng nhập bằng mật khẩu: không gửi mật khẩu qua "
        "kết nối không mã hóa (security: none); dùng security: starttls hoặc ssl"
    )


# --- what bad input gets --------------------------------------------------------------------------


def test_send_without_server_settings_says_so_for_each_agency(run: Run, plans: Path) -> None:
    with_addresses(plans)
    r = run("remind", "--days", "3", "-a", "UBND cấp huyện", "--as-of", THURSDAY, "--send",
            "--plans", str(plans))  # fmt: skip
    assert r.code == 1
    lines = r.err.splitlines()
    assert len(lines) == 13 + 1
    assert lines[0] == (
        "UBND thành phố Quảng Ngãi: không gửi được: chưa có máy chủ thư: thêm khối smtp (host, "
        "port, security, sender, user) vào office trong plans/office.yaml"
    )
    assert lines[-1] == (
        "caicach: 13 cơ quan chưa được gửi thư nhắc; chưa ghi vào nhật ký, lần chạy sau sẽ gửi lại"
    )
    assert _log(plans) == []


def test_if_configured_does_nothing_without_a_server(run: Run, plans: Path) -> None:
    r = run("remind", "--as-of", THURSDAY, "--send", "--if-configured", "--plans", str(plans))
    assert (r.code, r.out) == (0, "")
    assert r.err == "Chưa có khối smtp trong plans/office.yaml: không gửi thư nhắc.\n"


def test_an_agency_without_an_address_is_told_and_the_others_are_sent(
    run: Run, plans: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    with_addresses(plans, {"ubnd-ba-to", "ubnd-son-ha"})
    with_server(plans, port)
    r = run("remind", "--days", "3", "-a", "UBND cấp huyện", "--as-of", THURSDAY, "--send",
            "--plans", str(plans))  # fmt: skip
    assert r.code == 1
    assert len(box.messages) == 2
    lines = r.err.splitlines()
    assert (
        "UBND huyện Bình Sơn: không gửi được: danh mục cơ quan chưa có địa chỉ thư (email:) "
        "của cơ quan này"
    ) in lines
    assert "Đã gửi UBND huyện Ba Tơ (ubnd-ba-to@quangngai.gov.vn): 8 mốc" in lines
    assert lines[-1].startswith("caicach: 11 cơ quan chưa được gửi thư nhắc")
    agencies = {e["agency"] for e in _log(plans)}
    assert agencies == {"UBND huyện Ba Tơ", "UBND huyện Sơn Hà"}


def test_a_refused_recipient_is_reported_with_the_servers_answer(
    run: Run, plans: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    with_addresses(plans, {"ubnd-ba-to", "ubnd-son-ha"})
    with_server(plans, port)
    box.refuse[_address("ubnd-ba-to")] = "550 5.1.1 Mailbox unavailable"
    r = run("remind", "--days", "3", "-a", "UBND huyện Ba Tơ", "--as-of", THURSDAY, "--send",
            "--plans", str(plans))  # fmt: skip
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        f"UBND huyện Ba Tơ: không gửi được: máy chủ 127.0.0.1:{port} từ chối người nhận: "
        "ubnd-ba-to@quangngai.gov.vn: 550 5.1.1 Mailbox unavailable"
    )
    assert box.messages == []
    assert _log(plans) == []


class _Silent(threading.Thread):
    """A server that takes the connection and says nothing (`hang`), or that answers until the
    message's text begins and then closes the line (`drop`)."""

    def __init__(self, mode: str) -> None:
        super().__init__(daemon=True)
        self.mode = mode
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port: int = self.sock.getsockname()[1]
        self.done = threading.Event()

    def run(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            if self.mode == "hang":
                self.done.wait(10)
                return
            reader = conn.makefile("rb")
            conn.sendall(b"220 fake ESMTP\r\n")
            while line := reader.readline():
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 fake\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    reader.readline()  # the first line of the message, then the line drops
                    return
                else:
                    conn.sendall(b"250 OK\r\n")

    def stop(self) -> None:
        self.done.set()
        self.sock.close()


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("hang", "không trả lời sau 1 giây"),
        ("drop", "đóng kết nối giữa chừng; thư chưa được nhận"),
    ],
)
def test_a_server_that_times_out_or_drops_the_line_is_told_and_nothing_recorded(
    run: Run, plans: Path, mode: str, said: str
) -> None:
    server = _Silent(mode)
    server.start()
    try:
        with_addresses(plans, {"ubnd-ba-to"})
        with_server(plans, server.port, timeout="1")
        r = run("remind", "--days", "3", "-a", "UBND huyện Ba Tơ", "--as-of", THURSDAY,
                "--send", "--plans", str(plans))  # fmt: skip
    finally:
        server.stop()
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        f"UBND huyện Ba Tơ: không gửi được: máy chủ 127.0.0.1:{server.port} {said}"
    )
    assert _log(plans) == []


def test_a_server_nobody_answers_at_is_told(run: Run, plans: Path) -> None:
    port = _free_port()  # nothing listens there
    with_addresses(plans, {"ubnd-ba-to"})
    with_server(plans, port)
    r = run("remind", "--days", "3", "-a", "UBND huyện Ba Tơ", "--as-of", THURSDAY, "--send",
            "--plans", str(plans))  # fmt: skip
    assert r.code == 1
    assert r.err.startswith(
        f"UBND huyện Ba Tơ: không gửi được: không kết nối được 127.0.0.1:{port}"
    )


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("    email: snv@quangngai,gov.vn\n", "email.0"),
        ("    email: [snv@quangngai.gov.vn, 'Sở Nội vụ']\n", "email.1"),
    ],
)
def test_a_bad_address_is_refused_where_it_is_written(
    run: Run, plans: Path, text: str, where: str
) -> None:
    path = plans / "agencies.yaml"
    source = path.read_text(encoding="utf-8")
    path.write_text(
        source.replace("  - id: so-noi-vu\n", "  - id: so-noi-vu\n" + text), encoding="utf-8"
    )
    line = source.splitlines().index("  - id: so-noi-vu") + 2
    r = run("validate", "--plans", str(plans))
    assert r.code == 1
    assert f"agencies.yaml:{line}:" in r.out + r.err, (r.out, r.err, where)


def test_send_with_a_day_after_today_is_refused(run: Run, plans: Path) -> None:
    with_addresses(plans)
    r = run("remind", "--as-of", "2099-12-28", "--overdue", "--send", "--plans", str(plans))
    assert r.code == 2
    assert r.err.startswith("caicach: 28/12/2099 là sau hôm nay (")
    assert r.err.rstrip().endswith("bỏ --as-of để gửi")
    assert _log(plans) == []


def test_the_workflow_init_writes_reminds_every_morning(run: Run, tmp_path: Path) -> None:
    spec = "caicach @ git+https://example.org/caicach@v0.1.0"
    target = tmp_path / "kho"
    assert run("init", str(target), "--install", spec).code == 0
    text = (target / ".github/workflows/caicach.yml").read_text("utf-8")
    workflow = yaml.safe_load(text)
    daily = "0 0 * * *"
    assert {"cron": daily} in workflow[True]["schedule"]  # YAML 1.1 reads `on:` as true
    assert workflow["jobs"]["plans"]["if"] == f"github.event.schedule != '{daily}'"
    job = workflow["jobs"]["remind"]
    assert job["if"] == f"github.event.schedule == '{daily}'"
    assert job["permissions"] == {"contents": "write"}
    steps = {s.get("name", s.get("run", s.get("uses"))): s for s in job["steps"]}
    send = steps["Reminders by e-mail"]
    assert send["run"] == "caicach remind --send --if-configured"
    assert send["env"]["CAICACH_SMTP_PASSWORD"] == "${{ secrets.CAICACH_SMTP_PASSWORD }}"
    keep = steps["Keep the record of the reminders sent"]
    assert keep["if"] == "always()"  # a run where one agency failed keeps the others recorded
    assert "git add plans/progress" in keep["run"]
    assert f'pip install "{spec}"' in steps


# --- encrypted, with a login ------------------------------------------------------------------


@pytest.fixture
def certificate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that this test's clients trust (SSL_CERT_FILE), as a real
    server's is trusted: caicach verifies the server it sends a password to."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return key, cert


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_encrypted_server_with_a_login_gets_the_password_from_the_environment(
    run: Run,
    plans: Path,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    security: str,
) -> None:
    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"mat-khau", handled=False)

    box = Inbox()
    port = _free_port()
    tls: dict[str, Any] = (
        {"tls_context": context, "require_starttls": True, "auth_required": True}
        if security == "starttls"
        # aiosmtpd does not see that an SMTPS line is encrypted: it is told
        else {"ssl_context": context, "auth_require_tls": False}
    )
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=check, **tls)
    controller.start()
    try:
        with_addresses(plans, {"so-xay-dung"})
        with_server(plans, port, user="snv", security=security)
        monkeypatch.setenv("CAICACH_SMTP_PASSWORD", "mat-khau")
        args = ("remind", "-a", "Sở Xây dựng", "--as-of", THURSDAY, "--send", "--plans", str(plans))
        r = run(*args)
    finally:
        controller.stop()
    assert r.code == 0, r.err
    assert logins == [(b"snv", b"mat-khau")]
    assert "mat-khau" not in r.out + r.err
    assert box.to(_address("so-xay-dung"))["Subject"].startswith("Nhắc hạn nhiệm vụ CCHC: 8 ")


def test_a_server_whose_certificate_is_not_trusted_gets_no_password(
    run: Run, plans: Path, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    key, cert = certificate
    monkeypatch.delenv("SSL_CERT_FILE")  # the system's authorities know nothing of it
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box, port = Inbox(), _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, ssl_context=context)
    controller.start()
    try:
        with_addresses(plans, {"so-xay-dung"})
        with_server(plans, port, security="ssl")
        r = run("remind", "-a", "Sở Xây dựng", "--as-of", THURSDAY, "--send", "--plans", str(plans))
    finally:
        controller.stop()
    assert r.code == 1
    assert r.err.splitlines()[0] == (
        f"Sở Xây dựng: không gửi được: không mở được kết nối mã hóa với 127.0.0.1:{port}: "
        "CERTIFICATE_VERIFY_FAILED"
    )
    assert box.messages == []
    assert _log(plans) == []


def test_a_successor_is_reminded_of_the_share_passed_to_it_once_a_day(
    run: Run, plans: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    with_addresses(plans, {"so-tai-chinh"})
    with_server(plans, port)
    args = ("remind", "--overdue", "-a", "Sở Tài chính", "--as-of", "2025-03-10", "--send")
    r = run(*args, "--plans", str(plans))
    assert r.code == 0, r.err
    body = box.to(_address("so-tai-chinh")).get_content().splitlines()
    at = next(n for n, line in enumerate(body) if line.startswith("12. 7.c (1879/QĐ-UBND) — "))
    assert body[at + 1 : at + 3] == [
        "   Mốc: ban hành kế hoạch; hạn 31/03/2024, quá hạn 344 ngày",
        "   (phần việc của Sở Kế hoạch và Đầu tư, chuyển sang từ 01/03/2025)",
    ]
    # The log it wrote reads back (the successor may speak for the share), and counts as sent.
    assert run("validate", "--plans", str(plans)).code == 0
    again = run(*args, "--plans", str(plans))
    assert again.err == "Sở Tài chính: đã nhắc ngày 10/03/2025, không gửi lại.\n"
    assert len(box.messages) == 1


def test_a_name_with_a_line_break_adds_no_header(run: Run, plans: Path, tmp_path: Path) -> None:
    office = plans / "office.yaml"
    text = office.read_text(encoding="utf-8")
    office.write_text(
        text.replace("  name: Sở Nội vụ\n", '  name: "Sở Nội vụ\\r\\nBcc: ai@example.org"\n'),
        encoding="utf-8",
    )
    with_server(plans, 2525)
    out = tmp_path / "nhac"
    r = run("remind", "-a", "Sở Xây dựng", "--as-of", THURSDAY, "-o", str(out), "--plans",
            str(plans))  # fmt: skip
    assert r.code == 0, r.err
    mail = email.message_from_bytes((out / "so-xay-dung.eml").read_bytes(), policy=default)
    assert mail["Bcc"] is None
    assert mail["From"] == f'"Sở Nội vụ\\\\u000d Bcc: ai@example.org" <{SENDER}>'


def test_if_configured_belongs_with_send(run: Run, plans: Path) -> None:
    r = run("remind", "--if-configured", "--plans", str(plans))
    assert (r.code, r.err) == (2, "caicach: --if-configured đi cùng --send\n")


# --- every agency at once is each agency asked ---------------------------------------------------

_WORKSPACE = load([PLANS])


@settings(max_examples=12, deadline=None)
@given(
    day=st.dates(date(2018, 6, 1), date(2026, 6, 30)),
    days=st.sets(st.integers(0, 10), min_size=1, max_size=3),
    overdue=st.booleans(),
)
def test_every_agency_at_once_is_what_each_is_told_alone(
    day: date, days: set[int], overdue: bool
) -> None:
    """The one pass over the ledger (`remind` for all) and the owner asked for each agency
    (`remind --agency X`) give every agency the same milestones."""

    def said(agency: str | None) -> dict[str, list[tuple[str, int, int]]]:
        found = messages(_WORKSPACE, day, sorted(days), agency=agency, overdue=overdue)
        return {
            m.agency: [(r.item.qualified_id, r.milestone.number, r.days) for r in m.reminders]
            for m in found
        }

    whole = said(None)
    for agency in owner.in_being(_WORKSPACE.registry, _WORKSPACE.registry.agencies, day):
        alone = said(agency).get(agency, [])
        assert sorted(alone) == sorted(whole.get(agency, [])), agency
        assert all(d in days if d >= 0 else overdue for _, _, d in alone)  # exactly those days


def test_the_password_comes_from_the_environment_and_is_never_printed(
    run: Run, plans: Path, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        return AuthResult(success=data.password == b"mat-khau", handled=False)

    box, port = Inbox(), _free_port()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        authenticator=check,
        auth_required=True,
        tls_context=context,
        require_starttls=True,
        auth_exclude_mechanism=["LOGIN"],
    )  # fmt: skip  (PLAIN alone: smtplib then tries no other way after a refusal)
    controller.start()
    try:
        with_addresses(plans, {"so-xay-dung"})
        with_server(plans, port, user="snv", security="starttls", timeout="5")
        monkeypatch.delenv("CAICACH_SMTP_PASSWORD", raising=False)
        args = ("remind", "-a", "Sở Xây dựng", "--as-of", THURSDAY, "--send", "--plans", str(plans))
        unset = run(*args)
        monkeypatch.setenv("CAICACH_SMTP_PASSWORD", "mat-khau-sai")
        wrong = run(*args)
    finally:
        controller.stop()
    assert unset.code == 1
    assert unset.err.splitlines()[0] == (
        "Sở Xây dựng: không gửi được: có smtp.user nhưng chưa đặt biến môi trường "
        "CAICACH_SMTP_PASSWORD (mật khẩu)"
    )
    assert wrong.code == 1
    assert wrong.err.splitlines()[0] == (
        f"Sở Xây dựng: không gửi được: máy chủ 127.0.0.1:{port} từ chối: 535 5.7.8 "
        "Authentication credentials invalid"
    )
    assert "mat-khau-sai" not in wrong.out + wrong.err
    assert box.messages == []
    assert _log(plans) == []


def test_remind_with_forms_names_the_forms_sent_and_not_returned(run: Run, plans: Path) -> None:
    """A week replayed: forms sent on Monday, one agency's reminder on Thursday names its form
    as `forms --pending` does; without --forms the message is about milestones only."""
    form = str(plans.parent / "stp.xlsx")
    sent = run(
        "forms", "-a", "Sở Tư pháp", "--as-of", "2024-03-25", "-o", form, "--plans", str(plans)
    )
    assert sent.code == 0, sent.err
    pending = run("forms", "--pending", "--as-of", THURSDAY, "--plans", str(plans))
    assert "  2024-03-25-so-tu-phap  gửi 25/03/2024, 3 ngày trước" in pending.out
    ask = ("remind", "--as-of", THURSDAY, "-a", "Sở Tư pháp", "--overdue", "--plans", str(plans))
    with_forms = run(*ask, "--forms")
    assert with_forms.code == 0, with_forms.err
    assert "1. Phiếu 2024-03-25-so-tu-phap — gửi ngày 25/03/2024, đã 3 ngày" in with_forms.out
    without = run(*ask)
    assert without.code == 0, without.err
    assert "Phiếu 2024-03-25" not in without.out
    assert with_forms.out.startswith(without.out.split("\n")[0])
