"""Reading a decision: its text from .txt or .docx, as numbered clean lines."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from caicach.errors import Problem, ProblemsError, os_words
from caicach.load.files import decode, read_regular
from caicach.text import clean, nfc

MAX_SOURCE = 64 * 2**20  # a decision of a province is well under 1 MiB of text
_DOCUMENT = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE
)


# A bulleted or lettered line is a paragraph, whatever tabs it holds; a table row is not one.
_LIST_LINE = re.compile(r"^(?:[-+•]\s|[a-zđ]\)\s)")


@dataclass
class Line:
    number: int
    text: str


def read_source(path: Path) -> str:
    """The text of a .txt (strict UTF-8, BOM accepted) or .docx (paragraphs of its XML)."""
    raw = read_regular(path, MAX_SOURCE)
    try:
        if path.suffix.lower() == ".docx":
            return _docx_text(path, raw)
        return decode(path, raw)
    except OSError as exc:
        raise ProblemsError(
            [Problem(str(path), 0, 0, f"không đọc được: {os_words(exc)}")]
        ) from None
    except (zipfile.BadZipFile, KeyError):
        raise ProblemsError([Problem(str(path), 0, 0, "không phải văn bản Word .docx")]) from None
    except ElementTree.ParseError as exc:
        line, col = exc.position
        said = f"{_DOCUMENT} hỏng ở dòng {line}, cột {col + 1} ({exc.msg.split(':')[0]})"
        raise ProblemsError([Problem(str(path), 0, 0, f"{said}; không đọc")]) from None
    except (NotImplementedError, zlib.error, EOFError, ValueError) as exc:
        said = f"{_DOCUMENT} nén theo cách không đọc được hoặc bị hỏng ({type(exc).__name__})"
        raise ProblemsError([Problem(str(path), 0, 0, said)]) from None
    except (
        RuntimeError
    ):  # zipfile: an encrypted member (NotImplementedError is one too) (its message is English)
        said = f"{_DOCUMENT} được mã hóa bằng mật khẩu; hãy lưu lại không mật khẩu"
        raise ProblemsError([Problem(str(path), 0, 0, said)]) from None


def _docx_text(path: Path, raw: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        member = archive.getinfo(_DOCUMENT)
        if member.file_size > MAX_SOURCE:  # a zip bomb says how large it would grow
            size = member.file_size // 2**20
            raise ProblemsError(
                [Problem(str(path), 0, 0, f"giải nén ra sẽ chiếm {size} MiB; không đọc")]
            )
        with archive.open(member) as xml:  # the size it declares may lie: read no more
            data = xml.read(MAX_SOURCE)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # Word writes none: entities expand
            said = f"{_DOCUMENT} khai báo DOCTYPE/ENTITY (Word không viết); không đọc"
            raise ProblemsError([Problem(str(path), 0, 0, said)])
        root = ElementTree.fromstring(data)
    body = root.find(f"{_W}body")
    return "\n".join(_blocks(body if body is not None else root))


def _blocks(parent: ElementTree.Element) -> list[str]:
    """Paragraphs one a line, and each table row one a line with its cells separated by tabs
    (as Word's "save as text" writes them); content controls are looked into."""
    out: list[str] = []
    for node in parent:
        if node.tag == f"{_W}p":
            out.append(_paragraph(node, tabs=True))
        elif node.tag == f"{_W}tbl":
            for row in node.iter(f"{_W}tr"):
                cells = [
                    " ".join(_paragraph(p, tabs=False) for p in cell.iter(f"{_W}p"))
                    for cell in row.findall(f"{_W}tc")
                ]
                out.append("\t".join(" ".join(c.split()) for c in cells))
        elif node.tag == f"{_W}sdt":
            content = node.find(f"{_W}sdtContent")
            if content is not None:
                out += _blocks(content)
    return out


def _paragraph(p: ElementTree.Element, *, tabs: bool) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append("\t" if tabs else " ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n" if tabs else " ")
    return "".join(parts)


def lines_of(text: str) -> list[Line]:
    """NFC, one space for any run of blanks (no-break spaces too), page numbers dropped; a tab
    stays, between the cells of a table row."""
    result = []
    in_table = False
    for n, raw in enumerate(nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        cells = [clean(c) for c in raw.split("\t")]  # a tab separates the cells of a table row
        # a bulleted line right after a row is the rest of a cell that held a line break
        row = any(cells[1:]) and (in_table or not _LIST_LINE.match(cells[0]))
        in_table = row
        line = "\t".join(cells) if row else clean(raw)
        if not _PAGE_NUMBER.match(line):
            result.append(Line(n, line))
    return result
