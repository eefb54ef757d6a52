"""How much room a sheet's text takes when printed: lines of wrapped text in Times New Roman,
row heights, column widths shared out so the rows are as short as they can be, and where an A4
page ends. Pure arithmetic (no openpyxl), so a test can check it and the writer can rely on it.

Spreadsheet programs do not grow a wrapped row by themselves when the file comes from elsewhere,
and they never tell a writer where a page will end: both are measured here, with the advance
widths of Times New Roman (the workbook's default font, so Excel and LibreOffice, which prints
it as the metric-compatible Liberation Serif, agree)."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

# Advance widths of Times New Roman in thousandths of an em, by character (the metrics that
# Liberation Serif copies). A character not listed counts as 500, the width of a digit.
_EM_WIDTHS = {
    180: "'",
    200: "|",
    250: " ,.",
    278: "/:;\\ijltìíỉĩị",
    333: "!()-I[]`frÌÍỈĨỊ‘’",
    389: "Js",
    408: '"',
    444: "?acezàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệ“”",
    528: "ơờớởỡợ",
    541: "~ưừứửữự",
    556: "FPS",
    564: "+<=>",
    611: "ELTZÈÉẺẼẸÊỀẾỂỄỆ",
    667: "BCR",
    722: "ADGHKNOQUVXYwÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤỲÝỶỸỴĐ",
    775: "ƯỪỨỬỮỰ",
    778: "&m",
    833: "%",
    889: "M",
    921: "@",
    944: "W",
    1000: "—…→",
}
_WIDTH = {ch: em for em, chars in _EM_WIDTHS.items() for ch in chars}
_DEFAULT_EM = 500
_UPPER_EM = 722  # a capital not listed (Ư is listed): as wide as most capitals

SIZE = 11  # points: the tables' text
LINE = 12.9  # points a line of 11-point Times takes in a wrapped cell (LibreOffice 12.65)
PAD = 3.0  # points above and below the lines of a cell

# A column `w` characters wide is 7w + 5 pixels at 96 dpi (the digit of 11-point Times is 7
# pixels); a cell keeps about 2 pixels of margin on each side of its text.
_PX = 0.75  # points a pixel


def column_points(width: float) -> float:
    """The printed width of a column of `width` characters, in points."""
    return (7 * width + 5) * _PX


def across(widths: Sequence[float]) -> float:
    """The width, in characters, of one cell merged over columns of these widths."""
    return (sum(column_points(w) for w in widths) / _PX - 5) / 7


def _text_points(width: float) -> float:
    return column_points(width) - 4 * _PX - 1  # a point short of the edge: no word clipped


class _Ems(dict[str, int]):
    """Each character's advance width in thousandths of an em, filled in as characters come."""

    def __missing__(self, ch: str) -> int:
        em = _UPPER_EM if ch.isupper() else _DEFAULT_EM
        self[ch] = em
        return em


_EMS = _Ems(_WIDTH)


@functools.lru_cache(maxsize=65536)
def word_points(word: str, size: float = SIZE) -> float:
    return sum(map(_EMS.__getitem__, word)) * size / 1000


@functools.lru_cache(maxsize=8192)
def _words(text: str, size: float) -> tuple[tuple[float, ...], ...]:
    """The widths of the words of each line of `text`: measured once, wrapped at any width
    (the widths of a column are shared out by wrapping the same texts at many widths)."""
    return tuple(tuple(word_points(w, size) for w in part.split()) for part in text.split("\n"))


@functools.lru_cache(maxsize=65536)
def lines(text: str, width: float, size: float = SIZE) -> int:
    """The lines `text` wraps to in a column `width` characters wide: words kept whole while
    they fit a line, as both programs break them; a word longer than a line is cut."""
    room = _text_points(width)
    if len(text) * size <= room and "\n" not in text:  # no character is wider than an em
        return 1
    space = word_points(" ", size)
    total = 0
    for part in _words(text, size):
        count, used = 1, 0.0
        for w in part:
            if used and used + space + w <= room:
                used += space + w
                continue
            if used:
                count += 1
            if w > room:
                count += math.ceil(w / room) - 1
                used = w - room * math.floor(w / room)
            else:
                used = w
        total += count
    return total


def height(line_count: int) -> float:
    return LINE * max(1, line_count) + PAD


BOLD = SIZE * 1.08  # bold Times is about 8 % wider: a header row measured as if larger


def row_height(widths: Sequence[float], values: Sequence[object], size: float = SIZE) -> float:
    """The height of a row of wrapped cells: its tallest cell's lines."""
    return height(row_lines(widths, values, size))


_SAMPLE = 200  # rows enough to share the widths out; every row is still fitted


def share_widths(
    widths: Sequence[float], flexible: Sequence[int], rows: Sequence[Sequence[object]]
) -> list[float]:
    """The widths with the same total, moved between the `flexible` columns (each starting
    from two thirds of its given width) one character at a time to where it saves the most
    lines over the rows: the long task gets the room a short product does not need."""
    result = list(widths)
    if not rows or len(flexible) < 2:
        return result
    sample = rows[:: max(1, len(rows) // _SAMPLE)]
    budget = sum(result[c] for c in flexible)
    for c in flexible:
        result[c] = math.floor(widths[c] * 2 / 3)
    budget -= sum(result[c] for c in flexible)
    counts: dict[tuple[int, float], list[int]] = {}

    def column(c: int, w: float) -> list[int]:  # each row's lines in column c at width w
        if (c, w) not in counts:
            counts[c, w] = [
                lines(v, w) if isinstance(v, str) and v else 1 for v in (r[c] for r in sample)
            ]
        return counts[c, w]

    def cost(ws: list[float]) -> int:
        per_column = [column(c, ws[c]) for c in flexible]
        return sum(max(row) for row in zip(*per_column, strict=True))

    while budget >= 1:
        trials = []
        for c in flexible:
            trial = list(result)
            trial[c] += 1
            trials.append((cost(trial), -result[c], c))
        result[min(trials)[2]] += 1
        budget -= 1
    return result


def row_lines(widths: Sequence[float], values: Sequence[object], size: float = SIZE) -> int:
    return max(
        (
            lines(v, w, size)
            for w, v in zip(widths, values, strict=True)
            if isinstance(v, str) and v
        ),
        default=1,
    )


# A4 landscape in points, and the margins the workbook sets (inches × 72).
A4_LANDSCAPE = (842.0, 595.0)
MARGIN_SIDE = 0.4 * 72
MARGIN_TOP = 0.6 * 72
MARGIN_BOTTOM = 0.7 * 72  # the footer's "Trang 1 / 9" sits in it


def scale(widths: Sequence[float]) -> float:
    """The print scale of a sheet fitted to one page wide (never enlarged)."""
    wide = sum(column_points(w) for w in widths)
    room = A4_LANDSCAPE[0] - 2 * MARGIN_SIDE
    return min(1.0, room / wide) if wide else 1.0


def page_room(widths: Sequence[float]) -> float:
    """The height of sheet (in points at 100 %) that one printed page holds."""
    return (A4_LANDSCAPE[1] - MARGIN_TOP - MARGIN_BOTTOM) / scale(widths)
