"""Office settings (plans/office.yaml): who sends notices and reports."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from caicach.plan.model import Email, Frozen, Text

Security = Literal["none", "starttls", "ssl"]
_PORT: dict[Security, int] = {"none": 25, "starttls": 587, "ssl": 465}


class Smtp(Frozen):
    """The mail server reminders are sent through (`caicach remind --send`). The password is
    never in a file: it comes from the environment variable CAICACH_SMTP_PASSWORD."""

    host: Text = Field(description="the server's name, e.g. mail.quangngai.gov.vn")
    port: Annotated[int, Field(ge=1, le=65535)] | None = Field(
        default=None, description="default: 25 (none), 587 (starttls), 465 (ssl)"
    )
    security: Security = Field(default="starttls", description="none | starttls | ssl")
    sender: Email = Field(description="the From address, e.g. snv@quangngai.gov.vn")
    user: str | None = Field(default=None, description="login name; none: no login")
    timeout: Annotated[int, Field(ge=1, le=300)] = Field(
        default=30, description="seconds to wait for the server"
    )

    @property
    def port_used(self) -> int:
        return self.port if self.port is not None else _PORT[self.security]


class Office(Frozen):
    """Who sends notices and reports, as Nghị định 30/2020/NĐ-CP has a document name them."""

    parent: Text = Field(description="the issuing body's parent, e.g. UBND TỈNH QUẢNG NGÃI")
    body: Text = Field(description="the issuing body in capitals, e.g. SỞ NỘI VỤ")
    name: Text = Field(description="the issuing body as a sentence names it, e.g. Sở Nội vụ")
    place: Text = Field(description="the place in the date line, e.g. Quảng Ngãi")
    unit: Annotated[str, Field(pattern=r"^[A-ZĐ0-9][A-ZĐ0-9-]*$")] = Field(
        description="body-unit of the số ký hiệu, e.g. SNV-CCHC"
    )
    signer_authority: str | None = Field(
        default=None, description="TM. / KT. / TL. line above the title, e.g. KT. GIÁM ĐỐC"
    )
    signer_title: Text = Field(description="e.g. PHÓ GIÁM ĐỐC")
    signer_name: str | None = Field(default=None, description="left blank to be written by hand")
    recipients: tuple[Text, ...] = Field(
        default=(), description="the usual 'Nơi nhận' besides the addressee and the archive"
    )
    archive: Text = Field(default="VT, CCHC", description="what 'Lưu:' names, e.g. VT, CCHC")
    reply_days: Annotated[int, Field(ge=1, le=60)] = Field(
        default=7, description="days an agency has to reply to a notice"
    )
    smtp: Smtp | None = Field(default=None, description="the mail server of `remind --send`")


class OfficeFile(Frozen):
    office: Office
