"""Item tables drawn line by line, looking as rich draws them.

rich lays out a table by measuring and rendering every cell through its general machinery: for
5,000 rows that is seconds (three quarters of `overdue` at 10,000 items). The tables caicach
prints are all alike: plain text cells, a heavy-headed box, a line between rows. This module
draws exactly those with rich's own width rules, word wrapping and box characters, in time
linear in the cells and small for each. A property test holds its output to rich's, line for
line. It borrows two of rich's private helpers; should a later rich move them, `layout` says
None and rich draws every table itself."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rich.cells import cell_len, set_cell_size

try:
    from rich._ratio import ratio_reduce
    from rich._wrap import divide_line
except ImportError:  # pragma: no cover  # a rich that moved them: rich draws the tables
    BORROWED = False
else:
    BORROWED = True

Overflow = Literal["fold", "ellipsis"]
Justify = Literal["left", "center", "right"]

_PAD = 1  # rich's default cell padding, each side

# Characters one cell wide, Vietnamese letters included (rich's own quick set stops before them
# and measures every "ạ", "ệ" through its Unicode table): text made of these alone is measured
# with len() and wrapped by `_divide_narrow`. A test holds each of them to rich's width of 1.
NARROW = frozenset(
    chr(c)
    for low, high in ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x1E00, 0x1EFF), (0x2010, 0x2027))
    for c in range(low, high + 1)
)
_WORD = re.compile(r"\s*\S+\s*")


def _cells(text: str) -> int:
    return len(text) if NARROW.issuperset(text) else cell_len(text)


def _divide_narrow(text: str, width: int, fold: bool) -> list[int]:
    """rich's `divide_line` for text of one-cell characters: the same breaks, counted by len()."""
    breaks: list[int] = []
    offset = 0
    for found in _WORD.finditer(text):
        start, word = found.start(), found.group()
        size = len(word.rstrip())
        if width - offset >= size:
            offset += len(word)
        elif size > width:
            if fold:
                chunks = [word[i : i + width] for i in range(0, len(word), width)]
                for chunk in chunks[:-1]:
                    if start:
                        breaks.append(start)
                    start += len(chunk)
                if start:
                    breaks.append(start)
                offset = len(chunks[-1])
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


@dataclass(frozen=True)
class Column:
    header: str
    no_wrap: bool = False
    overflow: Overflow = "ellipsis"
    justify: Justify = "left"
    ratio: int | None = None  # used by rich only when a table expands, which ours never do
    max_width: int | None = None  # text width at most (padding excluded), as rich's column's


@dataclass
class Spec:
    """A table as caicach builds it: drawn by rich when small, here when large."""

    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    title: str | None = None
    show_lines: bool = False


def widths(spec: Spec, max_width: int) -> list[int]:
    """Column widths (with padding), as rich's Table computes them for a table that does not
    expand: each column as wide as its widest line, then the widest wrappable ones narrowed in
    turn until the table fits."""
    inner = max_width - (len(spec.columns) + 1)  # less the vertical lines
    longest = [  # each different text measured once: most of a column's cells recur
        max(_cells(line) for text in {c.header, *(row[n] for row in spec.rows)} for line in
            text.split("\n"))
        for n, c in enumerate(spec.columns)
    ]  # fmt: skip
    longest = [  # rich clamps a column's measure to its max_width
        line if c.max_width is None else min(line, c.max_width)
        for line, c in zip(longest, spec.columns, strict=True)
    ]
    # A cell is measured within the room there is, then padded, then held to that room again.
    sizes = [min(min(line, inner) + 2 * _PAD, inner) for line in longest]
    if sum(sizes) > inner:
        wrappable = [not c.no_wrap for c in spec.columns]
        sizes = _collapse(sizes, wrappable, inner)
        if sum(sizes) > inner:
            sizes = ratio_reduce(sum(sizes) - inner, [1] * len(sizes), sizes, sizes)
        sizes = [min(line + 2 * _PAD, size) for line, size in zip(longest, sizes, strict=True)]
    return sizes


def _collapse(sizes: list[int], wrappable: list[bool], max_width: int) -> list[int]:
    """rich's Table._collapse_widths: narrow the widest wrappable columns to the next widest."""
    total = sum(sizes)
    excess = total - max_width
    if not any(wrappable):
        return sizes
    while total and excess > 0:
        widest = max(s for s, w in zip(sizes, wrappable, strict=True) if w)
        second = max(s if w and s != widest else 0 for s, w in zip(sizes, wrappable, strict=True))
        ratios = [1 if (s == widest and w) else 0 for s, w in zip(sizes, wrappable, strict=True)]
        if not any(ratios) or not widest - second:
            break
        sizes = ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(sizes), sizes)
        total = sum(sizes)
        excess = total - max_width
    return sizes


def _rstrip_end(piece: str, width: int) -> str:
    """rich's Text.rstrip_end: trailing spaces beyond `width` go, counted in characters."""
    excess = len(piece) - width
    if excess <= 0:
        return piece
    spaces = len(piece) - len(piece.rstrip())
    return piece[: len(piece) - min(spaces, excess)]


def _wrap(text: str, width: int, column: Column) -> list[str]:
    """The lines of a cell `width` wide (padding excluded), as rich's Text.wrap gives them."""
    lines: list[str] = []
    for line in text.split("\n"):
        narrow = NARROW.issuperset(line)
        if column.no_wrap or (len(line) if narrow else cell_len(line)) <= width:
            pieces = [line]  # most cells: nothing to wrap
        else:
            divide = _divide_narrow if narrow else divide_line
            breaks = divide(line, width, column.overflow == "fold")
            pieces = [line[a:b] for a, b in zip([0, *breaks], [*breaks, len(line)], strict=True)]
            pieces = [_rstrip_end(p, width) for p in pieces]
        for piece in pieces:
            if column.justify != "left":  # rich strips a right or centred line before padding
                piece = piece.rstrip()
            size = _cells(piece)
            if size > width:  # a line that cannot wrap: cut, with "…" unless folding
                cut = column.overflow == "ellipsis"
                piece = (
                    set_cell_size(piece, width - 1) + "…" if cut else set_cell_size(piece, width)
                )
                size = _cells(piece)
            gap = width - size
            if column.justify == "right":
                lines.append(" " * gap + piece)
            elif column.justify == "center":  # the odd space goes to the right, as in rich
                lines.append(" " * (gap // 2) + piece + " " * (gap - gap // 2))
            else:
                lines.append(piece + " " * gap)
    return lines


def _row(
    cells: Sequence[str],
    spec: Spec,
    sizes: list[int],
    edge: str,
    style: tuple[str, str],
    bottom: bool = False,
) -> Iterator[str]:
    """The lines of one row; cells align at the top, or at the `bottom` (the header)."""
    wrapped = [
        _wrap(text, size - 2 * _PAD, column)
        for text, size, column in zip(cells, sizes, spec.columns, strict=True)
    ]
    height = max(len(w) for w in wrapped)
    blank = [" " * (size - 2 * _PAD) for size in sizes]
    columns = []
    for b, w in zip(blank, wrapped, strict=True):
        missing = [b] * (height - len(w))
        columns.append(missing + w if bottom else w + missing)
    before, after = style
    pad = " " * _PAD
    first, between, last = (
        edge + before + pad,
        pad + after + edge + before + pad,
        pad + after + edge,
    )
    for parts in zip(*columns, strict=True):
        yield first + between.join(parts) + last


# A column's cells' lines by their text, for each column and width: kept from table to table, as
# the matrix draws the agencies' names again in each of its hundreds of tables.
_WRAPPED: dict[tuple[Column, int], dict[str, list[str]]] = {}


def _body(spec: Spec, sizes: list[int]) -> Iterator[str]:
    """The rows' lines: `_row`'s, in a loop made for thousands of rows. Each column keeps its
    cells' lines by their text: a plan's agencies, deadlines and day counts recur from row to
    row, and are wrapped once."""
    pad = " " * _PAD
    first, between, last = "│" + pad, pad + "│" + pad, pad + "│"
    rule = "├" + "┼".join("─" * s for s in sizes) + "┤"
    columns: list[tuple[Column, int, str, dict[str, list[str]]]] = [
        (column, size - 2 * _PAD, " " * (size - 2 * _PAD), _WRAPPED.setdefault((column, size), {}))
        for column, size in zip(spec.columns, sizes, strict=True)
    ]
    for n, row in enumerate(spec.rows):
        if n and spec.show_lines:
            yield rule
        wrapped = []
        for text, (column, width, _, seen) in zip(row, columns, strict=True):
            lines = seen.get(text)
            if lines is None:
                lines = seen[text] = _wrap(text, width, column)
            wrapped.append(lines)
        height = max(map(len, wrapped))
        if height == 1:
            yield first + between.join([lines[0] for lines in wrapped]) + last
            continue
        filled = [
            lines if len(lines) == height else lines + [blank] * (height - len(lines))
            for lines, (_, _, blank, _) in zip(wrapped, columns, strict=True)
        ]
        for parts in zip(*filled, strict=True):
            yield first + between.join(parts) + last


_PLAIN = ("", "")
BOLD = ("\x1b[1m", "\x1b[0m")
ITALIC = ("\x1b[3m", "\x1b[0m")


def layout(spec: Spec, max_width: int) -> list[int] | None:
    """The column widths, or None on a terminal so narrow that a column gets no room for text
    (rich then draws some columns as nothing at all: left to rich)."""
    if not BORROWED:
        return None
    sizes = widths(spec, max_width)
    return sizes if all(size > 2 * _PAD for size in sizes) else None


def draw(spec: Spec, sizes: list[int], *, styled: bool = False) -> Iterator[str]:
    """The table's lines in columns of `sizes` (from `layout`), without line ends; `styled` on a
    terminal, where rich makes the title italic and the header bold."""
    total = sum(sizes) + len(sizes) + 1
    if spec.title:
        italic, end = ITALIC if styled else _PLAIN
        for line in _wrap(spec.title, total, Column("", overflow="fold")):
            text = line.rstrip()
            left = (total - cell_len(text)) // 2
            yield " " * left + italic + text + end + " " * (total - left - cell_len(text))
    yield "┏" + "┳".join("━" * s for s in sizes) + "┓"
    header = [c.header for c in spec.columns]
    yield from _row(header, spec, sizes, "┃", BOLD if styled else _PLAIN, bottom=True)
    yield "┡" + "╇".join("━" * s for s in sizes) + "┩"
    yield from _body(spec, sizes)
    yield "└" + "┴".join("─" * s for s in sizes) + "┘"
