from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from caicach.errors import ProblemsError
from caicach.load import yaml_source
from caicach.load.yaml_source import load, parse


def _problems(text: str | bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "x.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(ProblemsError) as exc:
        load(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in exc.value.problems]


def test_positions_of_values_and_keys() -> None:
    doc = parse(Path("p.yaml"), "a:\n  - b: Sở Tư pháp\n    c: 1\n")
    assert doc.locate(("a", 0, "c")) == (3, 8)
    assert doc.locate(("a", 0, "c"), key=True) == (3, 5)
    assert doc.locate(("a", 0, "missing")) == (2, 5)


def test_columns_count_characters_after_vietnamese_text() -> None:
    doc = parse(Path("p.yaml"), "- [Sở Tư pháp, Sở Nội vụ]\n")
    assert doc.locate((0, 1)) == (1, 16)


def test_dates_stay_text_so_the_model_can_locate_bad_ones() -> None:
    assert parse(Path("p.yaml"), "d: 2025-02-30\n").data == {"d": "2025-02-30"}


def test_text_is_normalized_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert parse(Path("p.yaml"), f"a: {nfd}\n").data == {"a": "Sở Tư pháp"}


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load(path).data == {"a": 1}


def test_other_encodings_get_a_located_error(tmp_path: Path) -> None:
    text = "a: ok\nb: Tư pháp\n".encode("cp1258")
    assert _problems(text, tmp_path) == [
        "x.yaml:2:5: tệp không phải UTF-8 (byte 0xfd); hãy lưu dạng UTF-8"
    ]


def test_latin1_byte_is_located(tmp_path: Path) -> None:
    assert _problems(b"a: 1\nb: caf\xe9\n", tmp_path) == [
        "x.yaml:2:7: tệp không phải UTF-8 (byte 0xe9); hãy lưu dạng UTF-8"
    ]


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    assert _problems("a: 1\nb: 2\na: 3\n", tmp_path) == [
        "x.yaml:3:1: khóa 'a' lặp lại (lần đầu ở dòng 1); YAML chỉ giữ lần cuối"
    ]


def test_aliases_are_refused_before_they_can_expand(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    problems = _problems(bomb, tmp_path)
    assert problems[0] == "x.yaml:2:4: không dùng bí danh YAML (*tên); hãy viết thẳng giá trị"


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    assert "khóa gộp YAML" in _problems("a: {x: 1}\nb:\n  <<: {y: 2}\n", tmp_path)[0]


def test_deep_nesting_is_an_input_error(tmp_path: Path) -> None:
    # PyYAML from 6.0.4 refuses the depth itself, with a position; older ones recurse until
    # Python's limit, which the loader turns into the same kind of problem. Either is said in
    # Vietnamese, whatever PyYAML's own wording.
    (problem,) = _problems("[" * 20000 + "]" * 20000, tmp_path)
    assert re.fullmatch(r"x\.yaml(:\d+:\d+)?: (cú pháp )?YAML.*lồng nhau quá sâu", problem), problem


def test_syntax_errors_are_located(tmp_path: Path) -> None:
    assert _problems("a: [1, 2\nb: 3\n", tmp_path)[0].startswith("x.yaml:2:2: cú pháp YAML:")


def test_custom_tags_are_refused(tmp_path: Path) -> None:
    assert _problems("a: !!python/name:os.system x\n", tmp_path) == [
        "x.yaml:1:4: không dùng thẻ YAML tag:yaml.org,2002:python/name:os.system"
    ]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError, match="không đọc được: không có tệp hay thư mục này"):
        load(tmp_path / "nope.yaml")


# --- the emitter: libyaml's where it writes PyYAML's text ----------------------------------------

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
)  # every character, astral and control ones included
_LEAF = st.one_of(_TEXT, st.integers(), st.booleans(), st.none(), st.dates())
_DOC = st.dictionaries(
    st.one_of(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), _TEXT),
    st.recursive(
        _LEAF,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(_TEXT, inner, max_size=3)
        ),
        max_leaves=12,
    ),
    max_size=5,
)


def _pure(data: Any, width: int) -> str:
    text: str = yaml.dump(
        data, Dumper=yaml.SafeDumper, allow_unicode=True, sort_keys=False, width=width
    )
    return text


@settings(max_examples=400, deadline=None)
@given(_DOC)
@example({"\r": None})  # found by CI: libyaml takes "\r" in a key for a line break
@example({"a" * 125: 1, "ư" * 70: 2})
def test_a_document_is_written_as_pyyamls_emitter_writes_it(doc: dict[str, Any]) -> None:
    assert yaml_source.dump_document(doc) == _pure(doc, 100)
    assert yaml_source.dump_entry(doc) == _pure([doc], 10_000)


@pytest.mark.parametrize(
    "doc",
    [
        {"task": "Cải cách thủ tục hành chính\x85"},  # NEL: libyaml escapes it
        {"task": "Số hoá 📄 hồ sơ"},  # beyond the BMP: libyaml writes "\U0001F4C4"
        {"items": [{"": "không tên"}]},  # an empty key: "? ''" against "''"
        {"\r": None},  # a line break to libyaml only: '? "\r"' against '"\r":'
        {"a" * 125: 1},  # long to PyYAML (characters), not to libyaml (128 bytes)
        {"ư" * 70: 1},  # long to libyaml (140 bytes), not to PyYAML (70 characters)
        {"a " * 50 + "\u2028": 1},  # a line separator in a long key: escapes count in PyYAML
    ],
)
def test_what_libyaml_writes_otherwise_goes_through_pyyaml(doc: dict[str, Any]) -> None:
    assert yaml_source._dumper(doc) is yaml.SafeDumper
    assert yaml_source.dump_document(doc) == _pure(doc, 100)
    if hasattr(yaml, "CSafeDumper"):  # and each case is one where libyaml's text differs
        libyaml = yaml.dump(
            doc, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100
        )
        assert libyaml != _pure(doc, 100)


@pytest.mark.skipif(not hasattr(yaml, "CSafeDumper"), reason="PyYAML built without libyaml")
def test_plain_vietnamese_goes_through_libyaml() -> None:
    doc = {"items": [{"id": "1.a", "task": "Rà soát, đơn giản hoá thủ tục", "due": "Quý II"}]}
    assert yaml_source._dumper(doc) is yaml.CSafeDumper
