"""Reading a decision: its text from .txt or .docx, as numbered clean lines."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from caicach.errors import Problem, ProblemsError
from caicach.load.yaml_source import decode
from caicach.text import clean, nfc

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE
)


@dataclass
class Line:
    number: int
    text: str


def read_source(path: Path) -> str:
    """The text of a .txt (strict UTF-8, BOM accepted) or .docx (paragraphs of its XML)."""
    try:
        if path.suffix.lower() == ".docx":
            return _docx_text(path)
        return decode(path, path.read_bytes())
    except OSError as exc:
        raise ProblemsError([Problem(str(path), 0, 0, f"cannot read: {exc.strerror}")]) from None
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise ProblemsError([Problem(str(path), 0, 0, "not a Word .docx document")]) from None


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def lines_of(text: str) -> list[Line]:
    """NFC, one space for any run of blanks (tabs, no-break spaces), page numbers dropped."""
    result = []
    for n, raw in enumerate(nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = clean(raw)
        if not _PAGE_NUMBER.match(line):
            result.append(Line(n, line))
    return result
