"""Task tables (a plan's appendix "Danh mục nhiệm vụ", or a table in its body): rows of tab-
separated cells, as Word's "save as text" writes them and as `sources` reads a .docx table. The
header row is mapped to fields by name; a row of one cell ("I. …", "II\tTITLE") is a section; a
lead cell left empty under a vertically merged one takes the lead above it."""

from __future__ import annotations

import re

from caicach.authoring.outline import Found
from caicach.authoring.sources import Line
from caicach.text import fold_chars

_COLUMNS = (  # folded header cell → field; the first that matches wins
    (re.compile(r"^(?:stt|tt|so tt|so thu tu)$"), "stt"),
    # "Tỉnh kiến nghị": who asked, not who acts (a column read as nothing)
    (re.compile(r"^(?:tinh|dia phuong|don vi|co quan|noi) (?:kien nghi|de xuat|de nghi)"), "from"),
    (re.compile(r"phoi hop"), "co"),
    (
        re.compile(
            r"chu tri|(?:co quan|don vi) (?:thuc hien|thuc hien chinh)|trach nhiem|phu trach|"
            r"tiep nhan"
        ),
        "lead",
    ),
    (re.compile(r"thoi (?:gian|han)|tien do|hoan thanh"), "deadline"),
    (re.compile(r"san pham|ket qua"), "products"),
    (re.compile(r"noi dung|nhiem vu|hoat dong|cong viec|ten |de xuat|kien nghi"), "task"),
)
_SECTION = re.compile(r"^(?P<mark>[IVXL]{1,5}|[A-Z])\.?\s*(?:\t+|\s)(?P<title>\S.*)$")
_ELISION = re.compile(r"^[.…\s\t]+$")
_ENDS = re.compile(r"^(?:Nơi nhận|TM\.|KT\.|PHỤ LỤC|Phụ lục|KẾ HOẠCH)")


def header(text: str) -> dict[str, int] | None:
    """The fields of a header row, when it has a task column and a lead or deadline column."""
    columns: dict[str, int] = {}
    for k, cell in enumerate(text.split("\t")):
        folded = fold_chars(cell.strip().lower())
        for rx, name in _COLUMNS:
            if rx.search(folded) and name not in columns:
                columns[name] = k
                break
    if "task" in columns and ("lead" in columns or "deadline" in columns):
        return columns
    return None


def flattened(lines: list[Line]) -> list[tuple[int, str, str]]:
    """Appendices whose task table lost its cells (a PDF converted to text): lines soon after
    "PHỤ LỤC" that name a task column and a lead column with no tab between them (one line, or
    a cell a line), and no table read in that appendix. Reported, so that a table is never
    dropped in silence."""
    lost: list[tuple[int, str, str]] = []
    for k, line in enumerate(lines):
        if not re.match(r"^(?:PHỤ LỤC|Phụ lục)\b", line.text):
            continue
        window = lines[k + 1 : k + 16]
        if any("\t" in x.text and header(x.text) for x in window):
            continue
        names: set[str] = set()
        for x in window:
            if len(x.text.split()) > 30:
                continue  # a paragraph, not a header cell
            names |= {name for rx, name in _COLUMNS if rx.search(fold_chars(x.text.lower()))}
            if {"task", "lead"} <= names:
                lost.append((x.number, x.text, "bảng nhiệm vụ của phụ lục mất ranh giới ô"))
                break
    return lost


def read(lines: list[Line]) -> tuple[list[Found], list[tuple[int, str, str]], list[int]]:
    """Tasks from every task table; the rows not read; the lines tables take (read or not)."""
    found: list[Found] = []
    lost: list[tuple[int, str, str]] = []
    taken: list[int] = []
    k = 0
    while k < len(lines):
        columns = header(lines[k].text) if "\t" in lines[k].text else None
        if columns is None:
            k += 1
            continue
        taken.append(lines[k].number)
        k = _rows(lines, k + 1, columns, found, lost, taken)
    return found, lost, taken


def _rows(
    lines: list[Line],
    k: int,
    columns: dict[str, int],
    found: list[Found],
    lost: list[tuple[int, str, str]],
    taken: list[int],
) -> int:
    section = ""
    lead: str | None = None
    width = max(columns.values()) + 1
    while k < len(lines):
        line = lines[k]
        text = line.text
        if not text or _ELISION.match(text):
            k += 1
            continue
        if _ENDS.match(text):
            return k
        cells = [c.strip() for c in text.split("\t")]
        filled = [c for c in cells if c]
        if len(filled) <= 1 or (len(filled) == 2 and _SECTION.match(text)):
            m = _SECTION.match(text.strip())
            if m is None:
                if "\t" not in text:
                    return k  # the table has ended
                lost.append((line.number, text, "dòng bảng chỉ có một ô"))
            else:
                section, lead = f"{m['mark']}. {m['title'].strip()}", None
            taken.append(line.number)
            k += 1
            continue
        taken.append(line.number)
        k = _continued(lines, k + 1, cells, width, taken)
        cells += [""] * (width - len(cells))

        def cell(name: str, cells: list[str] = cells) -> str | None:
            return cells[columns[name]] or None if name in columns else None

        task = cell("task")
        if task is None:
            lost.append((line.number, text, "dòng bảng không có nhiệm vụ"))
            continue
        lead = cell("lead") or lead  # a merged cell is written once, on its first row
        stt = cell("stt") or ""
        printed = f"PL.{section.split('.')[0]}.{stt}" if section else f"PL.{stt}"
        found.append(
            Found(
                section or "PHỤ LỤC",
                section or "PHỤ LỤC",
                printed.rstrip("."),
                task,
                lead,
                cell("co"),
                cell("deadline"),
                [p for p in [cell("products")] if p],
                [line.number],
                True,
            )
        )
    return k


def _continued(lines: list[Line], k: int, cells: list[str], width: int, taken: list[int]) -> int:
    """A row whose cell held a line break ("save as text" writes the rest of the row on the
    next line): the next lines join it while it has fewer cells than the header."""
    while len(cells) < width and k < len(lines) and "\t" in lines[k].text:
        more = [c.strip() for c in lines[k].text.split("\t")]
        if len(cells) + len(more) - 1 > width or (more[0][:1].isdigit() and len(more) >= width):
            break
        cells[-1] = f"{cells[-1]} {more[0]}".strip()
        cells += more[1:]
        taken.append(lines[k].number)
        k += 1
    return k
