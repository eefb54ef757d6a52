"""caicach's Vietnamese sort key against ICU's vi collation (PyICU, a test dependency): the same
order for any two names made of Vietnamese letters, tones, spaces and digits."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caicach.text import sort_key

icu = pytest.importorskip(
    "icu", reason="PyICU is not installed here (it builds against the system's libicu-dev)"
)

BASES = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWELS = set("aăâeêioôơuưy")


@st.composite
def _letter(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from(BASES))
    tone = draw(st.sampled_from(TONES)) if base in VOWELS else ""
    return unicodedata.normalize("NFC", base + tone)


_WORD = st.lists(_letter(), min_size=1, max_size=6).map("".join)
_NAME = st.lists(st.one_of(_WORD, st.sampled_from(["1", "2", "10"])), min_size=1, max_size=3).map(
    " ".join
)

_COLLATOR = icu.Collator.createInstance(icu.Locale("vi_VN"))


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


@given(_NAME, _NAME)
def test_two_names_sort_as_icu_sorts_them(a: str, b: str) -> None:
    ours = _sign((sort_key(a) > sort_key(b)) - (sort_key(a) < sort_key(b)))
    assert ours == _sign(_COLLATOR.compare(a, b)), (a, b)


def test_a_space_sorts_before_letters_as_in_icu() -> None:
    names = ["bác", "ba tơ", "Ba Vì", "ba", "bà rịa", "bạc liêu"]
    assert sorted(names, key=sort_key) == sorted(names, key=_COLLATOR.getSortKey)
    assert sorted(names, key=sort_key) == ["ba", "bà rịa", "ba tơ", "Ba Vì", "bác", "bạc liêu"]
