"""The grammar of a directive written as prose (công văn, thông báo kết luận, chỉ thị, công điện):

    [lead-in clause,] [issuer] [directive verb] AGENCY (chủ trì, phối hợp với CO) DUTY [DEADLINE].

- a lead-in clause ("Đối với …,", "Trên cơ sở …,", "Căn cứ …,") comes before who acts;
- an issuer may give the duty to another ("Ban Chỉ đạo đề nghị các Bộ …"): the addressee acts;
- "các Bộ: Nông nghiệp và Môi trường; Xây dựng" is a list of bodies sharing one head word;
- a paragraph whose later sentence names another body acting ("… . UBND thành phố Đà Nẵng khẩn
  trương …") gives that body an item of its own;
- a line that names nobody and no duty (an objective, a solution, funding) is not a task.

Pure: text in, pieces out. The agency phrase itself is `names.actor`'s."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caicach.authoring.names import actor, starts_agency
from caicach.text import fold_chars

# The verbs by which an issuer gives a duty to an addressee ("X đề nghị Y …"), folded.
# Written in lower case: "Ban Chỉ đạo" is a name, "… chỉ đạo …" a verb.
_DIRECTIVE = re.compile(r"(?<=\s)(?:giao|de nghi|yeu cau|chi dao|dong y)\s+(?=\S)")
_STARTS_DIRECTIVE = re.compile(r"^(?:giao|đề nghị|yêu cầu|chỉ đạo)\b\s*:?\s*", re.IGNORECASE)
# "các Bộ: Nông nghiệp và Môi trường; Xây dựng; …": the head word shared by the list.
_SHARED = re.compile(r"^(?:các|cac)\s+(?P<head>Bộ|Sở|Ban|Cục)$", re.IGNORECASE)
# Words that open a clause before who acts ("Đối với …, các Bộ …"), folded.
_LEAD_IN = re.compile(
    r"^(?:doi voi|tren co so|tren day|can cu|theo|de |nham|thuc hien|sau khi|trong|ngoai ra|"
    r"dong thoi|truoc|tu |qua |ve |khi |truong hop|rieng|ngay |tai )"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")
# "… cơ quan thuộc Chính phủ theo chức năng, nhiệm vụ …": how they act, no longer who.
_MANNER = re.compile(r"\s(?:theo chức năng|căn cứ chức năng|trong phạm vi|theo thẩm quyền)\b")
_MAX_WHO = 30  # words: a longer "agency" is a sentence that happens to begin with "Ban …"


@dataclass(frozen=True)
class Piece:
    """One body's part of a directive: its text, who acts, with whom, and its own deadline."""

    text: str
    lead: str | None
    co: str | None


def find_actor(text: str) -> tuple[str, str] | None:
    """Who acts in a directive and the rest (the duty): at its start ("Sở Tư pháp chủ trì …",
    "Giao Sở X …"), after a lead-in clause ("Trên cơ sở …, các Bộ, cơ quan ngang Bộ thực hiện
    …"), or as the addressee of an issuer ("Ban Chỉ đạo đề nghị các Bộ …"). None when the text
    names nobody who acts."""
    found = _addressed(actor(text))
    if found is None and _STARTS_DIRECTIVE.match(text.strip()):  # "Chỉ đạo UBND các xã …"
        found = _addressed(actor(_STARTS_DIRECTIVE.sub("", text.strip(), count=1)))
    if found is not None and found[1]:
        return found
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    if not _LEAD_IN.match(fold_chars(first.lower())):
        return found if found is not None and found[1] else None
    for at in _clause_starts(first):
        clause = _STARTS_DIRECTIVE.sub("", first[at:].strip())
        if not (clause[:1].isupper() or fold_chars(clause[:4].lower()) in ("cac ", "ubnd")):
            continue  # "…, bảo trì và …": a word of the duty, not an agency's name
        said = _addressed(actor(first[at:]))
        if said is not None and said[1] and _named(said[0]):
            return said
    return found if found is not None and found[1] else None


def _clause_starts(text: str) -> list[int]:
    """Where a clause may begin: after each comma outside brackets, and after a directive verb
    ("…, yêu cầu các Bộ …")."""
    starts: list[int] = []
    depth = 0
    for k, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            starts.append(k + 1)
    starts += [m.end() for m in _DIRECTIVE.finditer(fold_chars(text))]
    return sorted(set(starts))


def _addressed(said: tuple[str, str] | None) -> tuple[str, str] | None:
    """ "Ban Chỉ đạo của Chính phủ đề nghị các đồng chí Bộ trưởng …": the addressee acts, not
    the body that asks; "các Bộ: A; B" is the list of the Bộ A and the Bộ B."""
    if said is None:
        return None
    who, rest = said
    m = None
    for m in _DIRECTIVE.finditer(fold_chars(who)):  # noqa: B007 - the last directive verb names them
        continue
    if m is not None and starts_agency(who[m.end() :]):
        again = actor(who[m.end() :] + (" " + rest if rest else ""))
        if again is not None:
            who, rest = again
    cut = _MANNER.search(who)
    if cut is not None and starts_agency(who[: cut.start()]):
        who, rest = who[: cut.start()], f"{who[cut.start() :].strip()} {rest}".strip()
    return _shared_head(who, rest)


def _shared_head(who: str, rest: str) -> tuple[str, str]:
    shared = _SHARED.match(who.strip())
    if shared is None or not rest[:1].isupper():
        return who, rest
    head = shared["head"]
    names: list[str] = []
    parts = rest.split(";")
    for k, part in enumerate(parts):
        part = part.strip()
        if k < len(parts) - 1:
            names.append(f"{head} {part}")
            continue
        said = actor(f"{head} {part}")  # the last name ends where the duty begins
        if said is None or not said[1]:
            return who, rest
        names.append(said[0])
        rest = said[1]
    return "; ".join(names), rest


def addressee(text: str) -> str | None:
    """Whom a document or its introduction addresses ("Kính gửi: Các đồng chí Bộ trưởng …",
    "… yêu cầu các đồng chí Bộ trưởng … thực hiện các nội dung sau:"): they act in a numbered
    directive that names nobody."""
    bare = text.strip()
    if re.match(r"^kính gửi\s*:", bare, re.IGNORECASE):
        name = bare.split(":", 1)[1].strip().rstrip(".;")
        return name if starts_agency(name) else None
    if not bare.endswith(":"):
        return None
    for m in _DIRECTIVE.finditer(fold_chars(bare)):
        said = actor(bare[m.end() :])
        if said is not None and said[1]:
            return said[0]
    return None


def pieces(text: str, lead: str | None) -> list[Piece]:
    """A directive's paragraph as the items it gives: the first body's, and one more for each
    later sentence in which another body acts ("… . UBND thành phố Đà Nẵng khẩn trương …",
    "Trên cơ sở đó, Bộ Tư pháp tổng hợp …"). `lead` is who acts when the text does not say."""
    sentences = _SENTENCE.split(text.strip())
    first = find_actor(text)
    who = lead if lead is not None else (first[0] if first else None)
    co = co_agencies(first[1]) if first and lead is None else None
    out: list[Piece] = []
    current: list[str] = []
    for k, sentence in enumerate(sentences):
        said = find_actor(sentence) if k else None
        if said is not None and not _named(said[0]):
            said = None
        if said is not None and who is not None and _differs(said[0], who) and current:
            out.append(Piece(" ".join(current), who, co))
            current, who, co = [], said[0], co_agencies(said[1])
        current.append(sentence)
    out.append(Piece(" ".join(current), who, co))
    return out


# The first word of a body's name as written (folded, "Bố trí …" would pass for "Bộ …").
_HEAD_WORDS = frozenset(
    [
        "sở",
        "bộ",
        "ubnd",
        "ủy",
        "uỷ",
        "ban",
        "văn",
        "công",
        "cơ",
        "các",
        "chủ",
        "thủ",
        "giám",
        "kho",
        "cục",
        "chi",
        "thanh",
        "tỉnh",
        "đài",
        "báo",
        "hội",
        "liên",
        "viện",
        "trường",
        "bệnh",
        "quỹ",
        "tòa",
        "toà",
        "mặt",
        "người",
        "hđnd",
        "đoàn",
        "ngân",
        "tổng",
        "doanh",
        "hợp",
        "đơn",
        "tổ",
        "vp",
        "bch",
        "lực",
        "trung",
        "bảo",
        "kiểm",
    ]
)


def _named(who: str) -> bool:
    """`who` reads as a body's name: it begins with a head word as written, and is short."""
    first = who.split(maxsplit=1)[0].lower().strip(",;:(") if who.strip() else ""
    return first in _HEAD_WORDS and len(who.split()) <= _MAX_WHO


def _differs(a: str, b: str) -> bool:
    fa, fb = fold_chars(a.lower()), fold_chars(b.lower())
    return fa not in fb and fb not in fa


def co_agencies(rest: str) -> str | None:
    """ "chủ trì, phối hợp với Sở Tư pháp, các cơ quan … thực hiện …": the co-agencies."""
    m = re.search(r"(?i)phối hợp(?: với)?\s+(.+)", rest)
    if m is None:
        return None
    said = actor(m[1])
    return said[0] if said else None


_CLOSING = re.compile(
    r"\b(?:thực hiện|triển khai)(?: nghiêm túc| nghiêm)? "
    r"(?:chỉ thị|công điện|thông báo|công văn) này\b"
    r"|biết,? (?:và )?thực hiện",
    re.IGNORECASE,
)


def closing(text: str) -> bool:
    """The closing words of a document ("… nghiêm túc thực hiện Chỉ thị này", "… thông báo để
    các cơ quan biết, thực hiện"): they repeat the duties, they give none."""
    return bool(_CLOSING.search(text))


def looks_like_task(text: str) -> bool:
    """A line that gives someone a duty (and so is a problem when it cannot be read), against
    one that says why, what for, or with what money, or closes the document (skipped)."""
    if closing(text):
        return False
    return find_actor(text) is not None or bool(_STARTS_DIRECTIVE.match(text.strip()))
