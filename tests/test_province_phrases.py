"""Class phrases of the two-level government (and of the district level before it): the parser
table-driven and by property, and what the registry makes of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caicach.authoring.names import class_phrase, owes_nothing, split_agencies
from caicach.load.folders import Plans, load_workspace
from tests.conftest import PLANS

COMMUNE = [
    "UBND cấp xã",
    "Ủy ban nhân dân cấp xã",
    "UBND các xã, phường, đặc khu",
    "UBND các xã, phường, đặc khu trên địa bàn tỉnh",
    "Ủy ban nhân dân các phường, xã",
    "UBND các phường, xã",
    "UBND xã, phường, đặc khu",
    "UBND các xã, phường, thị trấn",
    "UBND các xã/phường",
    "Chủ tịch UBND các xã, phường, đặc khu",
    "các xã, phường, đặc khu",
    "ubnd cac xa, phuong, dac khu",
]
DISTRICT = [
    "UBND cấp huyện",
    "UBND các huyện, thị xã, thành phố",
    "UBND huyện, thị xã, thành phố",
    "Ủy ban nhân dân các huyện, thành phố",
    "UBND các huyện, thị xã, thành phố thuộc tỉnh",
]
DEPARTMENTS = [
    "các sở, ban, ngành",
    "các sở, ban, ngành tỉnh",
    "các sở, ban, ngành, đoàn thể tỉnh",
    "Các sở, ban, ngành, đoàn thể tỉnh",
    "Các Sở, ngành, đơn vị",
    "các sở, ngành",
    "các Sở, ban ngành có liên quan",
    "Thủ trưởng các sở, ban, ngành",
    "các cơ quan chuyên môn thuộc UBND tỉnh",
    "các sở",
]
RELATED = [
    "các cơ quan, đơn vị có liên quan",
    "Các cơ quan, đơn vị liên quan",
    "các cơ quan, đơn vị, địa phương có liên quan",
    "cơ quan liên quan",
    "các tổ chức, cá nhân có liên quan",
]
NOT_A_CLASS = [
    "UBND tỉnh",
    "UBND thành phố",  # one city's government, a name cut short
    "UBND xã",
    "UBND xã Tân Hòa",
    "UBND thị xã Đức Phổ",
    "Sở Tư pháp",
    "Sở Nông nghiệp và Môi trường",
    "các sở, ngành, địa phương",  # two classes
    "Các sở, ban ngành, cơ quan, đơn vị có liên quan",  # two: 1879's 8.b
    "Sở Nội vụ và UBND cấp xã",
    "các cơ quan, đơn vị",  # every agency? the phrase alone does not say
    "các ban",
    "",
]


@pytest.mark.parametrize(
    ("text", "kind", "level"),
    [(t, "commune", "xa") for t in COMMUNE]
    + [(t, "district", "huyen") for t in DISTRICT]
    + [(t, "departments", "tinh") for t in DEPARTMENTS]
    + [(t, "related", None) for t in RELATED],
)
def test_class_phrases(text: str, kind: str, level: str | None) -> None:
    found = class_phrase(text)
    assert found is not None, text
    assert (found.kind, found.level) == (kind, level)


@pytest.mark.parametrize("text", NOT_A_CLASS)
def test_not_class_phrases(text: str) -> None:
    assert class_phrase(text) is None


def test_only_related_owes_nothing() -> None:
    assert [owes_nothing(t) for t in ("các cơ quan, đơn vị có liên quan", "UBND cấp xã")] == [
        True,
        False,
    ]


_COMMUNE_UNITS = ["xã", "phường", "đặc khu", "thị trấn"]
_SEPARATORS = [", ", " và ", "/", ","]


@given(
    head=st.sampled_from(["UBND các ", "Ủy ban nhân dân các ", "Chủ tịch UBND các ", "các "]),
    units=st.lists(st.sampled_from(_COMMUNE_UNITS), min_size=1, max_size=4, unique=True),
    seps=st.lists(st.sampled_from(_SEPARATORS), min_size=3, max_size=3),
    upper=st.booleans(),
)
def test_any_order_and_spelling_of_the_commune_list(
    head: str, units: list[str], seps: list[str], upper: bool
) -> None:
    text = head + units[0] + "".join(s + u for s, u in zip(seps, units[1:], strict=False))
    text = text[:1].upper() + text[1:] if upper else text
    found = class_phrase(text)
    assert getattr(found, "kind", None) == "commune", text


@given(
    words=st.lists(
        st.sampled_from(["ban", "ngành", "đoàn thể", "đơn vị"]), max_size=3, unique=True
    ),
    tail=st.sampled_from(["", " tỉnh", " có liên quan", " thuộc UBND tỉnh", " cấp tỉnh"]),
)
def test_any_list_of_departments_begun_by_so(words: list[str], tail: str) -> None:
    text = "các sở" + "".join(", " + w for w in words) + tail
    found = class_phrase(text)
    assert getattr(found, "kind", None) == "departments", text


@given(st.text(max_size=40))
def test_never_fails_and_a_found_level_matches_its_kind(text: str) -> None:
    found = class_phrase(text)
    if found is not None:
        expected = {"commune": "xa", "district": "huyen", "departments": "tinh", "related": None}
        assert found.level == expected[found.kind]


@given(
    name=st.sampled_from(["Tân Hòa", "Kinh Bắc", "Đức Phổ", "Lý Sơn"]),
    unit=st.sampled_from(["UBND xã", "UBND phường", "UBND thị xã", "UBND đặc khu", "Xã"]),
)
def test_a_named_unit_is_never_a_class(name: str, unit: str) -> None:
    assert class_phrase(f"{unit} {name}") is None


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("UBND các xã, phường, đặc khu", ["UBND các xã, phường, đặc khu"]),
        ("Các Sở, ngành, đơn vị", ["Các Sở, ngành, đơn vị"]),
        (
            "Sở Nội vụ, các sở, ban, ngành, đoàn thể tỉnh và UBND các phường, xã",
            ["Sở Nội vụ", "các sở, ban, ngành, đoàn thể tỉnh", "UBND các phường, xã"],
        ),
    ],
)
def test_lists_keep_class_phrases_whole(text: str, pieces: list[str]) -> None:
    assert split_agencies(text) == pieces


def test_the_shipped_registry_reads_the_variants_as_its_classes() -> None:
    registry = load_workspace(Plans(PLANS, bundled=False)).registry
    got = {
        text: getattr(registry.resolve(text), "id", None)
        for text in [
            "UBND các xã, phường, đặc khu",
            "Ủy ban nhân dân các phường, xã",
            "Các Sở, ngành, đơn vị",
            "các sở, ban, ngành, đoàn thể tỉnh",
            "UBND các huyện, thị xã, thành phố",
            "Các cơ quan, đơn vị, địa phương có liên quan",
            "UBND thành phố",
        ]
    }
    assert got == {
        "UBND các xã, phường, đặc khu": "ubnd-cap-xa",
        "Ủy ban nhân dân các phường, xã": "ubnd-cap-xa",
        "Các Sở, ngành, đơn vị": "cac-so-ban-nganh",
        "các sở, ban, ngành, đoàn thể tỉnh": "cac-so-ban-nganh",
        "UBND các huyện, thị xã, thành phố": "ubnd-cap-huyen",
        "Các cơ quan, đơn vị, địa phương có liên quan": "co-quan-lien-quan",
        "UBND thành phố": None,
    }
    assert registry.split_names("Sở Tư pháp, UBND các xã, phường, đặc khu") == [
        "Sở Tư pháp",
        "UBND các xã, phường, đặc khu",
    ]
    assert registry.members("ubnd-cap-xa")[0].level == "xa"
    communes = registry.resolve("UBND các phường, xã")
    assert communes is not None
    assert len(registry.members(communes.id)) == 96


_SHIPPED = load_workspace(Plans(PLANS, bundled=False)).registry


@given(
    leader=st.sampled_from(["", "Chủ tịch ", "Lãnh đạo "]),
    head=st.sampled_from(["UBND các ", "Ủy ban nhân dân các ", "UBND "]),
    units=st.permutations(["xã", "phường", "đặc khu"]),
    sep=st.sampled_from([", ", " và ", "/"]),
    tail=st.sampled_from(["", " trên địa bàn tỉnh", " có liên quan"]),
)
def test_every_spelling_resolves_to_the_registrys_commune_class(
    leader: str, head: str, units: list[str], sep: str, tail: str
) -> None:
    text = leader + head + sep.join(units) + tail
    found = _SHIPPED.resolve(text)
    assert getattr(found, "id", None) == "ubnd-cap-xa", text
