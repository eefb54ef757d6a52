"""The third round's wrong results outside the forms: an id ending in a newline, an agency typed
in NFD, an alias that is another agency's name without its marks, a log's BOM, a bare CR in a
CSV cell, `import --check` given the registry."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

import yaml

from tests.conftest import SEED, Run


def test_an_id_ending_in_a_newline_is_refused_where_it_is(run: Run, plans: Path) -> None:
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "\n- id: 1.a\n" in text
    plan.write_text(text.replace("\n- id: 1.a\n", '\n- id: "1.a\\n"\n', 1), encoding="utf-8")
    line = text[: text.index("\n- id: 1.a\n")].count("\n") + 2
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{plan}:{line}:7: items[1].id: mã nhiệm vụ không được chứa dấu cách, xuống dòng, "
        "ký tự điều khiển, /, \\ hay :"
    )


def test_an_id_that_is_a_path_never_becomes_a_page_elsewhere(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\n- id: 1.a\n", "\n- id: ../../../x\n", 1), encoding="utf-8")
    result = run("site", "-o", str(tmp_path / "site"), "--plans", str(plans))
    assert result.code == 1
    assert "items[1].id: mã nhiệm vụ không được chứa" in result.err
    assert not (tmp_path / "x.html").exists()


def test_an_agency_typed_in_nfd_is_logged_as_the_registry_names_it(run: Run, plans: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp")
    assert nfd != "Sở Tư pháp"
    args = ("done", "1.c", "--agency", nfd, "--milestone", "1", "--on", "2024-01-20")
    assert run(*args, "--plans", str(plans)).code == 0
    log = yaml.safe_load((plans / "progress" / "qd-1879-2024.yaml").read_text(encoding="utf-8"))
    assert log["entries"][0]["agency"] == "Sở Tư pháp"


def test_an_alias_that_is_another_agencys_name_without_marks_is_refused(
    run: Run, plans: Path
) -> None:
    registry = plans / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    old = "    name: Sở Tư pháp\n    abbreviations: [STP]\n"
    assert old in text
    registry.write_text(text.replace(old, old + "    aliases: [so y te]\n"), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 3
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{registry}:{line}:15: tên 'so y te' vừa thuộc 'so-y-te' vừa thuộc 'so-tu-phap'"
    )


def test_names_that_differ_only_by_their_marks_may_still_be_two_agencies(
    run: Run, plans: Path
) -> None:
    """Xã Sơn Hà and Xã Sơn Hạ: both written with marks, each is found as written."""
    registry = plans / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    old = "    name: Sở Tư pháp\n    abbreviations: [STP]\n"
    registry.write_text(text.replace(old, old + "    aliases: [Sở Y tê]\n"), encoding="utf-8")
    assert run("validate", "--plans", str(plans)).code == 0


def test_a_log_that_starts_with_a_bom_keeps_it(run: Run, plans: Path) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_bytes(b"\xef\xbb\xbfprogress: qd-1879-2024\nentries:\n")
    args = ("done", "2.a", "--milestone", "1", "--on", "2024-01-31", "--plans", str(plans))
    assert run(*args).code == 0
    assert log.read_bytes().startswith(b"\xef\xbb\xbfprogress: qd-1879-2024\nentries:\n- item: 2.a")
    assert log.read_bytes().count(b"\xef\xbb\xbf") == 1
    assert run("validate", "--plans", str(plans)).code == 0


def test_a_bare_cr_in_a_csv_cell_is_quoted(run: Run, plans: Path) -> None:
    args = ("progress", "2.d", "--agency", "Sở Y tế", "--milestone", "2024-01", "--on")
    assert run(*args, "2024-01-31", "--note", "dòng một\rdòng hai", "--plans", str(plans)).code == 0
    out = run("log", "-f", "csv", "--plans", str(plans)).out
    assert '"dòng một\rdòng hai"' in out
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["note"] for r in rows] == ["dòng một\rdòng hai"]


def test_import_check_against_the_registry_is_a_usage_error(run: Run, plans: Path) -> None:
    registry = plans / "agencies.yaml"
    result = run("import", str(SEED), "--check", str(registry), "--plans", str(plans))
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"caicach: {registry}: không phải tệp kế hoạch (có registry, agencies, classes); "
        "--check cần một tệp kế hoạch"
    )
    assert "Traceback" not in result.err
