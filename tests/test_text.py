from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from caicach.text import clean, fold, fold_chars, fold_words, sort_key


def test_fold_ignores_case_and_diacritics() -> None:
    assert fold("Sở Tư pháp") == fold("so tu phap") == fold("SỞ TƯ PHÁP") == "so tu phap"
    assert fold("Đức Phổ") == "duc pho"


def test_fold_accepts_decomposed_input() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert len(nfd) > len("Sở Tư pháp")
    assert fold(nfd) == "so tu phap"


def test_fold_words_drops_punctuation() -> None:
    assert fold_words("Sở KH&ĐT") == "so kh dt"
    assert fold_words("Các sở, ban, ngành") == fold_words("các sở ban ngành")


def test_clean_collapses_spaces_and_normalizes() -> None:
    assert clean(" Sở\u00a0 Nội\tvụ ") == "Sở Nội vụ"
    assert clean(unicodedata.normalize("NFD", "Quý")) == "Quý"


def test_sort_key_follows_the_vietnamese_alphabet() -> None:
    names = ["Đức Phổ", "Ba Tơ", "Dung Quất", "Ăn", "An", "Âm", "Sơn Tịnh", "Sơn Hà", "Sa Huỳnh"]
    assert sorted(names, key=sort_key) == [
        "An",
        "Ăn",
        "Âm",
        "Ba Tơ",
        "Dung Quất",
        "Đức Phổ",
        "Sa Huỳnh",
        "Sơn Hà",
        "Sơn Tịnh",
    ]


def test_sort_key_uses_tones_only_to_break_ties() -> None:
    assert sorted(["má", "ma", "mà", "mả", "mã", "mạ"], key=sort_key) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
    ]


@given(st.text())
def test_fold_chars_keeps_length_of_nfc_text(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert len(fold_chars(nfc)) == len(nfc)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_a_space_sorts_before_letters() -> None:
    # ICU's vi order (tests/test_text_icu.py holds the key to it): "ba tơ" before "bác"
    assert sorted(["bác", "ba tơ", "ba", "b1", "bz"], key=sort_key) == [
        "b1",
        "ba",
        "ba tơ",
        "bác",
        "bz",
    ]
