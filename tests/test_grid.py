"""Large tables are drawn without rich, and must look exactly as rich draws them."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from caicach.load.loader import load
from caicach.render.terminal import items as terminal
from caicach.render.terminal.grid import NARROW, Column, Spec, draw, layout
from caicach.tracking.views import Ask, due_list, item_list, overdue_list
from tests.conftest import PLANS, Run


def _rich(spec: Spec, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, highlight=False, markup=False).print(terminal.to_rich(spec))
    return out.getvalue().splitlines()


def _ours(spec: Spec, width: int) -> list[str] | None:
    sizes = layout(spec, width)
    return None if sizes is None else list(draw(spec, sizes))


# 1879 alone, and the shipped plans together (ids then carry their plan: tb-185-2018:6.a.1), each
# with the narrowest terminal it is drawn on without rich
SHIPPED = {
    "1879": ([PLANS / "agencies.yaml", PLANS / "qd-1879-2024.yaml"], 50),
    "shipped": ([PLANS], 60),
}


def _specs(which: str) -> list[tuple[str, Spec]]:
    ws = load(SHIPPED[which][0])
    day = date(2024, 4, 15)
    agency = Ask(agency="Sở Tư pháp")
    return [
        ("overdue", terminal._items_table(overdue_list(ws, Ask(), day, "qua-han"))),
        (
            "overdue late too",
            terminal._items_table(overdue_list(ws, Ask(), day, "qua-han,tre-han")),
        ),
        ("list", terminal._items_table(item_list(ws, Ask(), day, None))),
        ("list --agency", terminal._items_table(item_list(ws, agency, day, None))),
        ("due", terminal._due_table(due_list(ws, Ask(), day, 90))),
        ("log", terminal._history([], {}, ws.registry, "Nhật ký", frozenset())),
    ]


@pytest.mark.parametrize("width", [30, 50, 60, 80, 100, 132, 200])
@pytest.mark.parametrize("which", list(SHIPPED))
def test_the_shipped_tables_are_drawn_as_rich_draws_them(which: str, width: int) -> None:
    for name, spec in _specs(which):
        ours = _ours(spec, width)
        assert ours in (None, _rich(spec, width)), f"{name} at {width} columns"
        narrow = SHIPPED[which][1]
        assert ours is not None or width < narrow, "only a very narrow terminal is left to rich"


_WORDS = st.sampled_from(
    ["Sở", "Tư", "pháp", "UBND", "cấp", "huyện", "31/01/2024", "(3 mốc)", "—", "…", "Đề án",
     "rất-dài-không-có-chỗ-ngắt-dòng-nào-cả-đâu", "x", "Quảng", "Ngãi", "ĐT", "12", "",
     "漢字テキスト", "  ", "a\u0301"]
)  # fmt: skip
_TEXT = st.lists(_WORDS, max_size=25).map(
    lambda words: "".join(w + (" " if i % 7 else "\n") for i, w in enumerate(words, 1)).strip(" ")
)
_COLUMN = st.builds(
    Column,
    header=_TEXT.filter(bool),
    no_wrap=st.booleans(),
    overflow=st.sampled_from(["fold", "ellipsis"]),
    justify=st.sampled_from(["left", "center", "right"]),
    max_width=st.none() | st.integers(min_value=1, max_value=30),
)


@st.composite
def _tables(draw_from: st.DrawFn) -> Spec:
    columns = draw_from(st.lists(_COLUMN, min_size=1, max_size=6))
    rows = draw_from(st.lists(st.lists(_TEXT, min_size=len(columns), max_size=len(columns))))
    title = draw_from(st.none() | _TEXT.filter(lambda t: bool(t.strip()) and "\n" not in t))
    return Spec(columns, rows, title, show_lines=draw_from(st.booleans()))


@settings(max_examples=300, deadline=None)
@given(spec=_tables(), width=st.integers(min_value=20, max_value=160))
def test_any_table_is_drawn_as_rich_draws_it(spec: Spec, width: int) -> None:
    assert _ours(spec, width) in (None, _rich(spec, width))


@pytest.mark.parametrize(
    "args",
    [
        ("overdue", "--as-of", "2024-12-31"),
        ("list", "--agency", "so tu phap", "--as-of", "2024-06-30"),
        ("due", "--as-of", "2024-03-01", "--within", "60"),
    ],
)
def test_the_cli_prints_the_same_tables_as_rich_would(
    run: Run, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    drawn = run(*args).out
    monkeypatch.setattr(terminal, "layout", lambda spec, width: None)  # rich draws them all
    assert run(*args).out == drawn
    assert drawn.count("┏") == 1


def test_plan_text_is_never_read_as_an_emoji_code(run: Run, plans: Path) -> None:
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Thực hiện rà soát, lập", "Thực hiện:thumbs_up:rà soát, lập"))
    shown = run("show", "1.d", "--plans", str(plans)).out
    assert "Nhiệm vụ: Thực hiện:thumbs_up:rà soát, lập" in shown


def test_the_characters_measured_by_len_are_one_cell_wide_for_rich() -> None:
    from rich.cells import cell_len

    assert [c for c in sorted(NARROW) if cell_len(c) != 1] == []
    assert {"ạ", "ệ", "Ữ", "đ", "Đ", "…", "—", "–"} <= NARROW


def test_a_table_longer_than_one_write_is_printed_whole() -> None:
    # Written a thousand lines at a time: 700 rows of three lines each cross several batches.
    rows = [[f"{n}.a", f"Nhiệm vụ số {n} của Sở Tư pháp, ba dòng", "Sở Nội vụ"] for n in range(700)]
    spec = Spec([Column("Mã", no_wrap=True), Column("Nhiệm vụ"), Column("Chủ trì")], rows)
    spec.show_lines = True
    assert layout(spec, 40) is not None  # drawn here, not by rich
    out = io.StringIO()
    renderer = terminal.TableRenderer(out)
    renderer.console.width = 40
    renderer._table(spec)
    printed = out.getvalue().splitlines()
    assert len(printed) > 2000
    assert printed == _rich(spec, 40)
