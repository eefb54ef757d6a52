"""Office settings (plans/office.yaml): who sends notices and reports."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from caicach.plan.model import Frozen, Text


class Addressees(Frozen):
    """How the office addresses the members of a registry class it writes to together."""

    model_config = ConfigDict(populate_by_name=True)  # merged with Frozen's

    of: Text = Field(alias="class", description="the registry class, e.g. ubnd-cap-huyen")
    wording: Text = Field(description="as 'Kính gửi' writes it: UBND các huyện, thị xã, thành phố")


# The classes a Sở writes to by their official wording, when office.yaml names none: by the
# level and a kind of their members (a class of UBND cấp xã is never "UBND cấp xã" in a letter).
DEFAULT_WORDING: tuple[tuple[str, str, str], ...] = (
    ("tinh", "so", "Các sở, ban, ngành tỉnh"),
    ("huyen", "ubnd", "UBND các huyện, thị xã, thành phố"),
    ("xa", "ubnd", "UBND các xã, phường, thị trấn"),
    ("tinh", "don-vi-su-nghiep", "Các đơn vị sự nghiệp công lập thuộc UBND tỉnh"),
)


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
    addressees: tuple[Addressees, ...] = Field(
        default=(),
        description="classes addressed by their wording when several of their members are late; "
        "without it, the usual wording by level (Các sở, ban, ngành tỉnh; UBND các huyện, …)",
    )
    request: Text = Field(
        default="khẩn trương thực hiện các nhiệm vụ nêu trên và báo cáo kết quả (kèm văn bản "
        "minh chứng)",
        description="what a notice asks the agencies to do, after 'đề nghị <addressee>'",
    )
    purpose: Text = Field(
        default="để tổng hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định",
        description="why the reply is asked for, ending the closing sentence",
    )
    template: Text | None = Field(
        default=None,
        description="a .docx beside office.yaml whose page setup, header and ND30 styles the "
        "notices use (any notice caicach writes is such a template)",
    )


class OfficeFile(Frozen):
    office: Office
