"""Text XML cannot hold (C0 controls, U+FFFE/U+FFFF, lone surrogates) in plans or office.yaml:
every XML writer (workbooks, notices) puts the same cleaned text, and none crashes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from caicach.text import xml_text
from tests.conftest import Run

AS_OF = "2024-04-15"
BAD = " \x07\x1b \ufffe \uffff"  # a bell and an escape pasted from Word, two noncharacters
CLEAN = xml_text(BAD)


def _dirty(plans: Path) -> list[str]:
    """Every one-line task of the plan ends in BAD (written as YAML escapes, the only way a
    control character gets into YAML), office.yaml's name too; the dirty tasks are returned."""
    plan = plans / "qd-1879-2024.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    tasks = []
    for n, line in enumerate(lines[:-1]):
        body = line.lstrip()
        pad = line[: len(line) - len(body)]
        if (
            body.startswith("task: ")
            and body[6:7] not in "|>'\""
            and re.match(re.escape(pad) + r"[a-z_]+:", lines[n + 1])
        ):
            task = body[6:].rstrip("\n")
            lines[n] = f"{pad}task: {json.dumps(task + BAD)}\n"
            tasks.append(task)
    plan.write_text("".join(lines), encoding="utf-8")
    office = plans / "office.yaml"
    text = office.read_text(encoding="utf-8")
    office.write_text(text.replace("  name: Sở Nội vụ\n", '  name: "Sở Nội vụ\\x01\\uffff"\n'))
    assert tasks
    return tasks


@pytest.mark.parametrize("separate", [False, True], ids=["combined", "separate"])
def test_urge_on_control_characters_and_noncharacters_writes_the_notice(
    run: Run, plans: Path, tmp_path: Path, separate: bool
) -> None:
    tasks = _dirty(plans)
    out = tmp_path / ("cv" if separate else "cv.docx")
    how = ("--separate",) if separate else ()
    result = run("urge", "--all", *how, "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    cells = [
        c.text
        for notice in (sorted(out.glob("*.docx")) if separate else [out])
        for t in Document(str(notice)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any(t + CLEAN in c for t in tasks for c in cells), "a dirty task is shown, cleaned"
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", c) for c in cells)


def test_report_on_noncharacters_writes_the_cells_as_cleaned(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    tasks = _dirty(plans)
    out = tmp_path / "bc.xlsx"
    result = run("report", "--as-of", AS_OF, "-o", str(out), "--plans", str(plans))
    assert result.code == 0, result.err
    wb = load_workbook(out)
    values = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row]
    texts = [v for v in values if isinstance(v, str)]
    assert any(v == tasks[0] + CLEAN for v in texts)
    assert wb.properties.creator == "Sở Nội vụ  "


def test_the_periodic_report_in_word_writes_dirty_text_cleaned(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    tasks = _dirty(plans)
    out = tmp_path / "bc.docx"
    result = run(
        "report", "--period", "q1", "--year", "2024", "--docx", "-o", str(out),
        "--plans", str(plans),
    )  # fmt: skip
    assert result.code == 0, result.err
    doc = Document(str(out))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(t + CLEAN in c for t in tasks for c in cells), "a dirty task is shown, cleaned"
    texts = [*cells, *(p.text for p in doc.paragraphs), doc.core_properties.author]
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", t) for t in texts)


def test_forms_on_noncharacters_do_not_crash(run: Run, plans: Path, tmp_path: Path) -> None:
    _dirty(plans)
    forms = run(
        "forms", "-a", "Sở Xây dựng", "--as-of", AS_OF, "-o", str(tmp_path / "f.xlsx"),
        "--plans", str(plans),
    )  # fmt: skip
    assert forms.code == 0, forms.err


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("Văn bản\x0bsố 12\x07", "Văn bản số 12 "),
        ("a\ufffeb\uffffc", "a b c"),
        ("lone \udc80 surrogate", "lone   surrogate"),
        ("tab\tline\ncr\r kept", "tab\tline\ncr\r kept"),
        ("\U0001f600 and U+FFFD \ufffd are XML", "\U0001f600 and U+FFFD \ufffd are XML"),
    ],
)
def test_one_cleaning_for_every_xml_writer(dirty: str, clean: str) -> None:
    assert xml_text(dirty) == clean


@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)))
def test_whatever_the_text_lxml_accepts_it_cleaned(text: str) -> None:
    cleaned = xml_text(text)
    etree.Element("t").text = cleaned  # raises ValueError on anything XML cannot hold
    assert xml_text(cleaned) == cleaned
    assert len(cleaned) == len(text), "one character for one: positions still match"
