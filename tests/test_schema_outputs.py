"""`caicach schema --output COMMAND`: the JSON Schema of each command's `-f json`, and every
command's real output held to it (README: "JSON output (stable)")."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import PLANS, Run

DAYS = ("2024-04-15", "2025-08-01")
# What the progress log says, so that reports, history, and every box show in the output.
RECORDS = (
    ("done", "2.a", "-m", "1", "--on", "2024-01-31", "-e", "Kế hoạch 23/KH-UBND ngày 31/01/2024"),
    ("done", "1.đ", "-m", "1", "-a", "Sở Tư pháp", "--on", "2024-02-28", "-e", "QĐ 300/QĐ-STP"),
    ("done", "1.đ", "-m", "2", "-a", "Sở Tư pháp", "--on", "2024-05-20"),
    ("progress", "3.e", "--note", "Đã xây dựng dự thảo kế hoạch", "--on", "2024-03-20"),
)


@pytest.fixture
def recorded(run: Run, tmp_path: Path) -> Path:
    """The shipped plans with a few reports recorded."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    for args in RECORDS:
        result = run(*args, "--plans", str(target))
        assert result.code == 0, result.err
    return target


def _schema(run: Run, command: str) -> dict[str, Any]:
    result = run("schema", "--output", command)
    assert result.code == 0, result.err
    schema: dict[str, Any] = json.loads(result.out)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    return schema


def _output(run: Run, plans: Path, *args: str, code: int = 0) -> Any:
    result = run(*args, "--plans", str(plans), "-f", "json")
    assert result.code == code, result.err
    return json.loads(result.out)


def _errors(schema: dict[str, Any], value: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]


def _days_and_agencies(agency: str) -> list[tuple[str, ...]]:
    return [
        (*when, *who)
        for when in (("--as-of", d) for d in DAYS)
        for who in ((), ("--agency", agency))
    ]


@pytest.mark.parametrize("command", ["overdue", "list"])
@pytest.mark.parametrize("args", _days_and_agencies("Sở Tư pháp"))
def test_overdue_and_list_match_their_schema(
    run: Run, recorded: Path, command: str, args: tuple[str, ...]
) -> None:
    rows = _output(run, recorded, command, *args)
    assert rows, "the check needs rows to check"
    assert _errors(_schema(run, command), rows) == []
    if "--agency" in args:
        assert all(r["match"]["role"] in ("lead", "co") for r in rows)


def test_the_optional_parts_of_a_row_are_checked_too(run: Run, recorded: Path) -> None:
    """On 01/08/2025 some leads have ended (lead_successors) and reports are recorded: the parts
    of a row that are not always filled are there to be checked."""
    rows = _output(run, recorded, "list", "--as-of", "2025-08-01")
    assert any(r["lead_successors"] for r in rows)
    reports = [rep for r in rows for m in r["milestones"] for rep in m["reports"]]
    assert {rep["evidence"] for rep in reports} >= {"QĐ 300/QĐ-STP"}
    assert _errors(_schema(run, "list"), rows) == []


@pytest.mark.parametrize("item", ["2.a", "1.đ", "2.d", "3.e"])
@pytest.mark.parametrize("day", DAYS)
def test_show_matches_its_schema(run: Run, recorded: Path, item: str, day: str) -> None:
    shown = _output(run, recorded, "show", item, "--as-of", day)
    assert shown["id"] == item
    assert _errors(_schema(run, "show"), shown) == []


def test_show_with_history_and_shares_is_checked(run: Run, recorded: Path) -> None:
    shown = _output(run, recorded, "show", "1.đ", "--as-of", "2024-06-30")
    assert [h["evidence"] for h in shown["history"]] == ["QĐ 300/QĐ-STP", None]
    assert shown["assignments"]
    assert _errors(_schema(run, "show"), shown) == []


@pytest.mark.parametrize(
    "extra",
    [
        *_days_and_agencies("Sở Tư pháp"),
        ("--as-of", "2024-06-30", "--by", "area"),
        ("--as-of", "2024-06-30", "--by", "agency", "--score"),
        ("--as-of", "2024-04-15", "--trend"),
        ("--period", "q1", "--year", "2024"),
    ],
)
def test_summary_matches_its_schema(run: Run, recorded: Path, extra: tuple[str, ...]) -> None:
    summary = _output(run, recorded, "summary", *extra)
    assert summary["groups"]
    assert ("score" in summary) == ("--score" in extra)
    assert ("trend" in summary) == ("--trend" in extra)
    assert _errors(_schema(run, "summary"), summary) == []


@pytest.mark.parametrize("args", _days_and_agencies("UBND cấp huyện"))
def test_matrix_matches_its_schema(run: Run, recorded: Path, args: tuple[str, ...]) -> None:
    matrix = _output(run, recorded, "matrix", *args)
    assert matrix["cells"]
    assert _errors(_schema(run, "matrix"), matrix) == []


def test_validate_matches_its_schema_clean_and_broken(
    run: Run, recorded: Path, tmp_path: Path
) -> None:
    schema = _schema(run, "validate")
    clean = _output(run, recorded, "validate")
    assert clean["ok"] is True
    assert clean["items"] > 0
    assert _errors(schema, clean) == []

    plan = recorded / "qd-1879-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    broken = _output(run, recorded, "validate", code=1)
    assert broken["ok"] is False
    assert broken["problems"]
    assert _errors(schema, broken) == []


def test_the_schema_rejects_a_row_missing_a_field_or_with_one_it_does_not_know(
    run: Run, recorded: Path
) -> None:
    schema = _schema(run, "overdue")
    rows = _output(run, recorded, "overdue", "--as-of", "2024-04-15")
    assert _errors(schema, rows) == []

    missing = copy.deepcopy(rows)
    del missing[0]["task"]
    assert _errors(schema, missing) == ["0: 'task' is a required property"]

    unassessed = copy.deepcopy(rows)  # every item printed is assessed on the day
    del unassessed[1]["as_of"]
    assert _errors(schema, unassessed) == ["1: 'as_of' is a required property"]

    renamed = copy.deepcopy(rows)
    renamed[0]["overdue_milestones"][0]["due_on"] = renamed[0]["overdue_milestones"][0].pop("due")
    assert len(_errors(schema, renamed)) == 2  # "due" missing, "due_on" not allowed

    wrong = copy.deepcopy(rows)
    wrong[0]["status"] = "xong"
    assert _errors(schema, wrong) == [f"0/status: 'xong' is not one of {_statuses(schema)}"]


def _statuses(schema: dict[str, Any]) -> list[str]:
    status: list[str] = schema["definitions"]["ListedRow"]["properties"]["status"]["enum"]
    return status


def test_an_input_kind_and_output_together_are_a_usage_error(run: Run) -> None:
    result = run("schema", "progress", "--output", "list")
    assert result.code == 2
    assert result.out == ""
    assert "chọn một: loại tệp (progress) hoặc --output list" in result.err


def test_the_input_schemas_are_unchanged_without_output(run: Run) -> None:
    from caicach.authoring.scaffold import schema_text

    assert run("schema").out == schema_text("plan")
    assert run("schema", "targets").out == schema_text("targets")
