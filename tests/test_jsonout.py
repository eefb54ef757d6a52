"""JSON lists are written a batch at a time, and must be the very bytes written in one piece."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caicach.render.formats.jsonout import BATCH, JsonRenderer, encoded

_TEXT = st.text(alphabet=st.sampled_from([*list('ab đệ\n\t"\\[]{},:'), "\u2028", "😀"]))
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


def _utf8_stdout() -> tuple[io.TextIOWrapper, io.BytesIO]:
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding="utf-8"), raw


def _written(values: list[Any]) -> bytes:
    out, raw = _utf8_stdout()
    JsonRenderer(out)._dump_list(iter(values))
    out.flush()
    return raw.getvalue()


@settings(max_examples=200, deadline=None)
@given(st.lists(_VALUES, max_size=6))
def test_a_list_written_in_batches_is_the_list_written_at_once(values: list[Any]) -> None:
    assert _written(values) == encoded(values)
    assert json.loads(_written(values)) == values


@pytest.mark.parametrize(
    "count", [0, 1, BATCH - 1, BATCH, BATCH + 1, 2 * BATCH, 2 * BATCH + 1, 12 * BATCH + 1]
)
def test_every_batch_boundary_joins_as_one_list(count: int) -> None:
    values = [{"id": f"1.{n}", "lines": ["a\nb", n], "nested": {"x": [n, {"y": None}]}}
              for n in range(count)]  # fmt: skip
    written = _written(values)
    assert written == encoded(values)
    assert json.loads(written) == values


def test_a_stream_that_is_not_utf8_gets_the_same_text() -> None:
    values = [{"name": "Sở Tư pháp"}, {"name": "Đức Phổ"}]
    out = io.StringIO()
    JsonRenderer(out)._dump_list(values)
    assert out.getvalue() == encoded(values).decode()
    assert out.getvalue().splitlines()[:3] == ["[", "  {", '    "name": "Sở Tư pháp"']
