"""Vietnamese text as data: NFC on input, folding for comparison, a sort key for display order."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_MARKS = re.compile(r"[\u0300-\u036f]+")

# Vietnamese alphabetical order of base letters (no f, j, w, z in native words, kept for loans).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Base letter + vowel mark (NFD) → the Vietnamese letter it forms.
_MARKED = {
    "a\u0306": "ă",
    "a\u0302": "â",
    "e\u0302": "ê",
    "o\u0302": "ô",
    "o\u031b": "ơ",
    "u\u031b": "ư",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, with runs of whitespace (including non-breaking spaces) collapsed to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form for matching: `Sở Tư pháp` and `so tu phap` agree."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text.casefold())).replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()


@functools.lru_cache(maxsize=8192)  # agency names repeat in every item of every plan
def fold_words(text: str) -> str:
    """Like `fold`, with punctuation dropped: `Sở KH&ĐT` → `so kh dt`, `VP. UBND` → `vp ubnd`."""
    return _SPACES.sub(" ", re.sub(r"[^\w]+", " ", fold(text))).strip()


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        else:
            base = _MARKED.get(base + mark, base)
    rank = _LETTER_RANK[base] if base in _LETTER_RANK else _other_rank(base)
    return rank, tone


# What is not a letter sorts before every letter, as in ICU's vi collation: spaces first ("ba tơ"
# before "bác"), then punctuation and symbols, then digits by value; letters of other scripts
# after the Vietnamese alphabet, by code point.
_OTHER = len(_ALPHABET)


def _other_rank(ch: str) -> int:
    if ch.isspace():
        return -3_000_000
    if ch.isdigit():
        return -1_000_000 + unicodedata.digit(ch, 0)
    if not ch.isalpha():
        return -2_000_000 + ord(ch)
    return _OTHER + ord(ch)


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Vietnamese dictionary order: letters first (a < ă < â … d < đ), tones only to break ties."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(text).casefold():
        rank, tone = _letter_key(ch)
        letters.append(rank)
        tones.append(tone)
    return tuple(letters), tuple(tones)


def fold_chars(text: str) -> str:
    """Fold each character to exactly one (`Quý` → `quy`), so spans in the result fit the input."""
    return text.translate(_FOLD_TABLE)


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch.lower())[:1] or ch
    return "d" if base == "đ" else base


# Latin letters, with every Vietnamese one, folded one to one; other characters stay as they are.
_FOLD_TABLE = {
    cp: _fold_char(chr(cp))
    for cp in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))
    if _fold_char(chr(cp)) != chr(cp)
}


# What XML 1.0 cannot hold (lxml refuses it, so openpyxl and python-docx fail on it): C0 controls
# but tab, line feed and carriage return, the noncharacters U+FFFE and U+FFFF, and surrogates left
# alone (from `surrogateescape` or broken UTF-16). openpyxl's own pattern covers only C0.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# What takes such a character's place: a space, as a line break or tab pasted from Word reads
# (a vertical tab \x0b is Word's line break), and never two words run together.
NOT_XML_MARK = " "


def xml_text(text: str) -> str:
    """`text` as an XML document can hold it: each character XML cannot hold becomes a space.
    Every writer of XML (the workbooks, the notices, the forms and their fingerprints) uses this
    one function, so that what a cell shows and what is computed from it are the same text."""
    return NOT_XML.sub(NOT_XML_MARK, text) if NOT_XML.search(text) else text
