"""Agencies in the words of a plan: where a list of them splits, and where a sentence's actor ends.
Pure, table-driven: a list splits at "," ";" "và" only where the next piece starts a new agency
(an agency's head word: Sở, UBND, Ban, các cơ quan …), so "Sở Nông nghiệp và Môi trường",
"các sở, ban, ngành" and "UBND các xã, phường, đặc khu" stay whole."""

from __future__ import annotations

import re

from caicach.plan.class_phrase import ClassPhrase, class_phrase
from caicach.text import fold_chars

__all__ = [
    "ClassPhrase",
    "actor",
    "class_phrase",
    "is_agency_title",
    "owes_nothing",
    "split_agencies",
    "starts_agency",
]

# Words that begin the name of an agency, a body or a class of them (folded, as tuples of words).
_HEADS = tuple(
    tuple(h.split())
    for h in (
        "so",
        "ubnd",
        "uy ban",
        "hdnd",
        "hoi dong",
        "ban",
        "bo",
        "van phong",
        "cong an",
        "bao",
        "dai",
        "trung tam",
        "hoi",
        "lien minh",
        "lien doan",
        "hiep hoi",
        "doan",
        "tinh doan",
        "thanh doan",
        "thanh tra",
        "kho bac",
        "cuc",
        "chi cuc",
        "truong ban",
        "pho truong ban",
        "thanh vien",
        "co quan",
        "don vi",
        "to chuc chinh tri",
        "to cong tac",
        "to kiem ke",
        "ngan hang",
        "vien",
        "truong",
        "benh vien",
        "quy",
        "toa an",
        "vien kiem sat",
        "mat tran",
        "cong thong tin",
        "cong ty",
        "tong cong ty",
        "doanh nghiep",
        "hop tac xa",
        "chu tich",
        "giam doc",
        "thu truong",
        "nguoi dung dau",
        "bch",
        "bchqs",
        "bo chi huy",
        "vp",
        "vpub",
        "ubmttq",
        "cac so",
        "cac bo",
        "cac dong chi",
        "cac co quan",
        "cac don vi",
        "cac ban",
        "cac nganh",
        "cac dia phuong",
        "cac hoi",
        "cac to chuc",
        "cac doanh nghiep",
        "cac hop tac xa",
        "cac xa",
        "cac phuong",
        "cac huyen",
        "ubnd cac",
        "doi tuong",
    )
)
# Where the predicate starts: the duty verbs plans use right after who acts (folded).
_VERBS = tuple(
    tuple(v.split())
    for v in (
        "chu tri",
        "phoi hop",
        "co trach nhiem",
        "chiu trach nhiem",
        "tham muu",
        "theo doi",
        "don doc",
        "tong hop",
        "xay dung",
        "trien khai",
        "thuc hien",
        "to chuc thuc hien",
        "huong dan",
        "kien toan",
        "tang cuong",
        "can cu",
        "bo tri",
        "ra soat",
        "chi dao",
        "nghien cuu",
        "day manh",
        "tiep tuc",
        "la",
        "duoc",
        "giup",
        "bao cao",
        "cung cap",
        "ban hanh",
        "trinh",
        "de xuat",
        "lap",
        "tham dinh",
        "bao dam",
        "dam bao",
        "quan triet",
        "tuyen truyen",
        "kiem tra",
        "giam sat",
        "cap nhat",
        "cong bo",
        "phat huy",
        "nang cao",
        "tap trung",
        "chu dong",
        "quan tam",
        "ho tro",
        "uu tien",
        "duy tri",
        "phu trach",
        "dinh ky",
        "can",
        "phai",
        "thuong xuyen",
        "khan truong",
        "nghiem tuc",
        "tiep nhan",
        "huy dong",
        "dinh huong",
        "bieu duong",
        "lua chon",
        "tao dieu kien",
        "tham gia",
        "quyet dinh",
        "phan cong",
        "gui",
        "nam bat",
        "da",
        "se",
        "dang",
        "tiep nhan",
        "xem xet",
        "khac phuc",
        "cham dut",
        "tich cuc",
        "truc tiep",
        "thong nhat",
        "nang cap",
        "tich hop",
        "du thao",
        "soan thao",
        "hoan thien",
        "xu ly",
        "giai quyet",
        "van dong",
        "tao",
        "sap xep",
        "ung dung",
        "khuyen khich",
        "quang ba",
        "thu hut",
        "kiem ke",
        "ra quyet dinh",
        "tien hanh",
    )
)
_SEPARATOR = re.compile(r"\s*(?:;|,|\bvà\b)\s*")
_PREFIXES = re.compile(
    r"^(?:giao|đề nghị|yêu cầu|trách nhiệm của|nhiệm vụ của)(?:\s*:\s*|\s+)", re.IGNORECASE
)
_OWNER = re.compile(r"^(?:trách nhiệm của|nhiệm vụ của)\s+", re.IGNORECASE)


def owes_nothing(text: str) -> bool:
    """ "các cơ quan, đơn vị có liên quan": a class of nobody in particular, owing no share."""
    phrase = class_phrase(text)
    return phrase is not None and phrase.kind == "related"


def _words(text: str) -> list[str]:
    return [w.strip(",.;:()") for w in fold_chars(text.lower()).split()]


def starts_agency(text: str) -> bool:
    """The text begins with the head word of an agency ("Sở …", "UBND …", "các cơ quan …")."""
    words = _words(text)
    return any(tuple(words[: len(h)]) == h for h in _HEADS)


def _starts_new(text: str) -> bool:
    """After a separator: a new agency begins here, not the next word of a list ("các cơ quan,
    đơn vị, địa phương" is one): a head word written with a capital, or after "các"."""
    stripped = text.lstrip()
    if not starts_agency(stripped):
        return False
    return stripped[:1].isupper() or fold_chars(stripped[:4].lower()) in ("cac ", "ubnd")


def split_agencies(text: str) -> list[str]:
    """A list of agencies as written, split where a new agency starts; pieces kept as written."""
    text = text.strip().strip(".;:").strip()
    if not text:
        return []
    names: list[str] = []
    start = 0
    for m in _SEPARATOR.finditer(text):
        if _starts_new(text[m.end() :]) and not _inside_brackets(text, m.start()):
            piece = text[start : m.start()].strip()
            if piece:
                names.append(piece)
            start = m.end()
    last = text[start:].strip()
    if last:
        names.append(last)
    return names


def _inside_brackets(text: str, at: int) -> bool:
    return text.count("(", 0, at) > text.count(")", 0, at)


def _verb_at(words: list[str], k: int) -> bool:
    return any(tuple(words[k : k + len(v)]) == v for v in _VERBS)


def actor(text: str) -> tuple[str, str] | None:
    """A sentence that begins with who acts ("Sở Tài chính chủ trì, phối hợp …", "Giao Sở Tư
    pháp theo dõi …", "Căn cứ …, các sở, ban, ngành xây dựng …", "Sở Công Thương: hỗ trợ …"):
    the agencies and the rest. None when it begins with no agency."""
    body = _PREFIXES.sub("", text.strip())
    lead_in = re.match(
        r"^(?:căn cứ|trên cơ sở|chậm nhất|trước ngày|trong (?:tháng|quý|năm))\b[^,]*,\s*",
        body,
        re.IGNORECASE,
    )
    if lead_in and starts_agency(body[lead_in.end() :]):
        body = _PREFIXES.sub("", body[lead_in.end() :])
    if not starts_agency(body):
        return None
    tokens = body.split()
    words = _words(body)
    end = len(tokens)
    for k in range(1, len(tokens)):
        if tokens[k - 1].endswith(":"):
            end = k
            break
        if _verb_at(words, k) and not tokens[k][:1].isupper():
            end = k
            break
    while end > 1 and words[end - 1] in ("va", "co", "cua", "-", "thi"):
        end -= 1
    who = " ".join(tokens[:end]).strip(" ,;:")
    return (who, " ".join(tokens[end:]).strip()) if who else None


def is_agency_title(text: str) -> str | None:
    """A heading that names who acts ("1.2. Sở Tài chính - Cơ quan thường trực", "Trách
    nhiệm của đối tượng thực hiện kiểm kê:"): the agencies it names, else None."""
    title = text.strip().rstrip(":").strip()
    title = re.sub(r"\s*\([^)]*\)\s*$", "", title)  # "(gồm các Sở: …)"
    owner = _OWNER.match(title)
    bare = _PREFIXES.sub("", title)
    if not starts_agency(bare):
        return None
    if owner:
        return bare[:1].upper() + bare[1:]
    first = re.split(r"\s+[-–]\s+", bare)[0]  # "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo"
    found = actor(first)
    if found is None or len(first.split()) > 40:
        return None
    who, rest = found
    if rest and fold_chars(first[:4].lower()) == "cac " and len(first.split()) <= 15:
        return first  # "Các cơ quan tham mưu quản lý ngành, lĩnh vực": a class, described
    return who if not rest else None
