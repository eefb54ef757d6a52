"""`urge --all --separate`: each notice of one run is its own, though every one starts as a copy
of one base document opened once, and writes that base's unchanged parts (styles, settings,
headers …) from bytes made once: read back, a notice holds its agency and its rows only, is
what `urge -a` writes for that agency alone, and its other parts are python-docx's own."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from caicach.render.word import nd30
from tests.conftest import Run

AS_OF = "2024-04-15"
CLOCK = 1780272000.0  # a zip member's header holds the time it was written
OWN = {"word/document.xml", "docProps/core.xml"}  # what a notice writes of its own
SAID = re.compile(r"^Đã soạn (.+\.docx): (.+), (\d+) nhiệm vụ quá hạn$", re.MULTILINE)


def _members(data: bytes | Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture
def written(run: Run, plans: Path, tmp_path: Path) -> list[tuple[Path, str, int]]:
    """The notices of one `--separate` run: each file, its agency and its count, as said."""
    out = tmp_path / "tung"
    args = ("--as-of", AS_OF, "--dry-run", "--plans", str(plans), "-o", str(out))
    result = run("urge", "--all", "--separate", *args)
    assert result.code == 0, result.err
    said = [(Path(f), name, int(k)) for f, name, k in SAID.findall(result.err)]
    assert len(said) == len(list(out.glob("*.docx"))) > 20
    return said


def test_each_notice_holds_its_own_agency_and_rows(written: list[tuple[Path, str, int]]) -> None:
    tasks: dict[str, set[str]] = {}
    for path, name, count in written:
        doc = Document(str(path))
        texts = [p.text for p in doc.paragraphs]
        to = next(t for t in texts if t.startswith("Kính gửi: "))
        assert f"còn {count} nhiệm vụ đã quá hạn" in next(t for t in texts if "qua theo dõi" in t)
        rows = doc.tables[1].rows[1:]  # under the header: one row per late item
        assert [r.cells[0].text for r in rows] == [str(k) for k in range(1, count + 1)]
        tasks[to] = {r.cells[1].text for r in rows}
        assert name in to or to.startswith("Kính gửi: UBND"), (name, to)
        assert f"đề nghị {to.removeprefix('Kính gửi: ').rstrip('.')} " in texts[-1]
    assert len(tasks) == len(written)  # each to another agency
    assert len({frozenset(t) for t in tasks.values()}) > 5  # many share the districts' tasks


def test_each_notice_is_the_one_written_for_its_agency_alone(
    run: Run, plans: Path, tmp_path: Path, written: list[tuple[Path, str, int]]
) -> None:
    for path, name, _ in (written[0], written[len(written) // 2], written[-1]):
        alone = tmp_path / f"alone-{path.name}"
        args = ("--as-of", AS_OF, "--dry-run", "--plans", str(plans), "-o", str(alone))
        result = run("urge", "-a", name, *args)
        assert result.code == 0, result.err
        assert _members(path) == _members(alone)


def test_the_parts_but_its_own_are_the_same_in_every_notice_and_python_docx_s(
    written: list[tuple[Path, str, int]],
) -> None:
    first = _members(written[0][0])
    assert len(first) > len(OWN) + 5
    for path, _, _ in written[1:]:
        members = _members(path)
        assert list(members) == list(first)  # the same members in the same order
        assert {k: v for k, v in members.items() if k not in OWN} == {
            k: v for k, v in first.items() if k not in OWN
        }
    # python-docx, parsing every part of the notice and writing each again, writes the same
    again = io.BytesIO()
    Document(str(written[0][0])).save(again)
    assert _members(again.getvalue()) == first


def _template() -> bytes:
    mine = Document()
    mine.styles.add_style("ND30 Bảng", 1).font.size = Pt(11)  # its own id: "ND30Bng"
    return nd30.save(mine)


@pytest.mark.parametrize("template", [None, _template()], ids=["default", "office"])
def test_a_document_saves_as_python_docx_saves_it(
    template: bytes | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same .docx, zip headers and all, as python-docx's own save of the same document:
    the base's parts written from their bytes deflated once, the body and properties new."""
    monkeypatch.setattr(time, "time", lambda: CLOCK)
    doc = nd30.document(template)
    nd30.addressees(doc, ["Sở Tư pháp"])
    rows = [("1", "Điểm a khoản 1: rà soát", "31/12/2024", "15", "lần 1")]
    nd30.table(doc, ("STT", "Nhiệm vụ", "Thời hạn", "Số ngày", "Lần"), rows, (12, 85, 30, 19, 19))
    nd30.properties(doc, "Sở Nội vụ", "V/v đôn đốc")
    theirs = io.BytesIO()
    doc.save(theirs)
    assert nd30.save(doc) == theirs.getvalue()


def test_a_kept_part_changed_is_saved_changed_and_not_in_the_next_document() -> None:
    doc = nd30.document()
    doc.styles["ND30 Nội dung"].font.size = Pt(13)  # the styles, kept as bytes, parsed here
    assert Document(io.BytesIO(nd30.save(doc))).styles["ND30 Nội dung"].font.size == Pt(13)
    fresh = Document(io.BytesIO(nd30.save(nd30.document())))
    assert fresh.styles["ND30 Nội dung"].font.size == Pt(14)
