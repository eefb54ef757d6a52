"""Class phrases: how a plan names every agency of one kind at once ("UBND cấp xã", "UBND các
xã, phường, đặc khu", "các sở, ban, ngành, đoàn thể tỉnh", "các cơ quan, đơn vị có liên quan").
Pure and table-driven, on folded words: commas, "và" and "/" between the unit words are only
separators, so every order and spelling of the list reads alike. A list mixing two levels
("các sở, ngành, địa phương") is no class phrase: it names two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from caicach.text import fold_words

# commune: UBND of the commune level; district: of the district level (ended 01/07/2025);
# departments: the province's specialised agencies; related: nobody in particular.
PhraseKind = Literal["commune", "district", "departments", "related"]


@dataclass(frozen=True)
class ClassPhrase:
    kind: PhraseKind
    level: Literal["xa", "huyen", "tinh"] | None


def _table(*phrases: str) -> tuple[tuple[str, ...], ...]:
    # Longest first, so that "thi xa" is one word before "xa" is tried.
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


# Who heads the body named: the class still owes the share ("Chủ tịch UBND các xã, phường").
_LEADERS = _table("chu tich", "thu truong", "giam doc", "nguoi dung dau", "lanh dao")
_GOVERNMENT = _table("ubnd", "uy ban nhan dan", "chinh quyen")
_UNITS: dict[PhraseKind, tuple[tuple[str, ...], ...]] = {
    "commune": _table("xa", "phuong", "thi tran", "dac khu"),
    "district": _table("huyen", "quan", "thi xa", "thanh pho"),
}
_LEVEL_WORD = {"commune": ("cap", "xa"), "district": ("cap", "huyen")}
_DEPARTMENTS = _table("so", "ban", "nganh", "doan the", "don vi", "co quan chuyen mon")
_RELATED = _table("co quan", "don vi", "dia phuong", "to chuc", "ca nhan", "doanh nghiep")
# What may follow the list: where (the province, its land) and "có liên quan".
_SCOPES = _table(
    "tinh",
    "thanh pho",
    "cap tinh",
    "thuoc tinh",
    "thuoc ubnd tinh",
    "truc thuoc ubnd tinh",
    "thuoc uy ban nhan dan tinh",
    "thuoc ubnd thanh pho",
    "truc thuoc ubnd thanh pho",
    "tren dia ban",
    "tren dia ban tinh",
    "tren dia ban thanh pho",
    "trong tinh",
)
_RELATED_TAILS = _table("co lien quan", "lien quan")
_SEPARATORS = frozenset({"va", "hoac"})
_LEVELS: dict[PhraseKind, Literal["xa", "huyen", "tinh"] | None] = {
    "commune": "xa",
    "district": "huyen",
    "departments": "tinh",
    "related": None,
}


def _take(words: tuple[str, ...], at: int, table: tuple[tuple[str, ...], ...]) -> int:
    """The end of the entry of `table` written at `at`, else `at`."""
    for entry in table:
        if words[at : at + len(entry)] == entry:
            return at + len(entry)
    return at


def _list(words: tuple[str, ...], at: int, table: tuple[tuple[str, ...], ...]) -> tuple[int, int]:
    """How many entries of `table` follow from `at` (separators between them) and where they end."""
    count, end = 0, at
    while True:
        k = end
        while count and k < len(words) and words[k] in _SEPARATORS:
            k += 1
        after = _take(words, k, table)
        if after == k:
            return count, end
        count, end = count + 1, after


def _tail_ends(words: tuple[str, ...], at: int, related: bool) -> bool:
    """Only a scope and "có liên quan" (required for `related`) follow `at`."""
    at = _take(words, at, _SCOPES)
    end = _take(words, at, _RELATED_TAILS)
    return end == len(words) and (end > at or not related)


def _government(words: tuple[str, ...], at: int, plural: bool) -> PhraseKind | None:
    """ "UBND cấp xã", "UBND các xã, phường, đặc khu", "các huyện, thị xã, thành phố"."""
    for kind, units in _UNITS.items():
        level = _LEVEL_WORD[kind]
        if words[at : at + 2] == level and _tail_ends(words, at + 2, related=False):
            return kind
        count, end = _list(words, at, units)
        # One unit word and no "các" is a name cut short ("UBND thành phố"), not a class.
        if count and (plural or count > 1) and _tail_ends(words, end, related=False):
            return kind
    return None


def _kind(words: tuple[str, ...]) -> PhraseKind | None:
    at = _take(words, 0, _LEADERS)
    plural = words[at : at + 1] == ("cac",)
    at += plural
    head = _take(words, at, _GOVERNMENT)
    if head > at and words[head : head + 1] == ("cac",):
        plural, head = True, head + 1
    if head > at or plural:
        found = _government(words, head, plural)
        if found is not None or head > at:
            return found
    if words[at : at + 1] == ("so",) or words[at : at + 3] == ("co", "quan", "chuyen"):
        count, end = _list(words, at, _DEPARTMENTS)
        if (plural or count > 1) and _tail_ends(words, end, related=False):
            return "departments"
    count, end = _list(words, at, _RELATED)
    if count and _tail_ends(words, end, related=True):
        return "related"
    return None


def class_phrase(text: str) -> ClassPhrase | None:
    """The class a phrase names ("UBND các phường, xã" → the communes' UBND), else None."""
    words = tuple(fold_words(text).split())
    kind = _kind(words) if words else None
    return ClassPhrase(kind, _LEVELS[kind]) if kind is not None else None
