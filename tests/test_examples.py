"""Example files: every invalid case reports exactly the problems written beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from caicach.errors import ProblemsError
from caicach.load.loader import load
from tests.conftest import DATA, PLANS

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_example_reports_its_expected_problems(case: Path) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ProblemsError) as exc:
        load([case], registry_dirs=[PLANS])
    assert [str(p).removeprefix(str(case.parent) + "/") for p in exc.value.problems] == expected


@pytest.mark.parametrize("case", VALID, ids=[p.stem for p in VALID])
def test_valid_example_loads(case: Path) -> None:
    workspace = load([case], registry_dirs=[PLANS])
    assert workspace.items


def test_every_file_in_plans_loads() -> None:
    workspace = load([PLANS])
    assert set(workspace.plans) == {"qd-1879-2024", "tb-185-2018"}
    assert workspace.registry.agencies


def test_problems_of_several_files_are_all_reported(tmp_path: Path) -> None:
    for case in ("unknown-key", "impossible-date"):
        (tmp_path / f"{case}.yaml").write_bytes((DATA / "invalid" / f"{case}.yaml").read_bytes())
    (tmp_path / "agencies.yaml").write_bytes((PLANS / "agencies.yaml").read_bytes())
    with pytest.raises(ProblemsError) as exc:
        load([tmp_path])
    assert [f"{Path(p.path).name}:{p.line}" for p in exc.value.problems] == [
        "impossible-date.yaml:16",
        "unknown-key.yaml:16",
    ]


def test_plan_ids_must_be_unique_across_files(tmp_path: Path) -> None:
    (tmp_path / "agencies.yaml").write_bytes((PLANS / "agencies.yaml").read_bytes())
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes((DATA / "valid" / "minimal.yaml").read_bytes())
    with pytest.raises(ProblemsError) as exc:
        load([tmp_path])
    assert [str(p).removeprefix(str(tmp_path) + "/") for p in exc.value.problems] == [
        f"b.yaml:3:7: mã kế hoạch 'ke-hoach-mau-2025' đã dùng ở {tmp_path}/a.yaml"
    ]


def test_a_plan_without_registry_is_reported(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_bytes((DATA / "valid" / "minimal.yaml").read_bytes())
    with pytest.raises(ProblemsError, match="không có danh mục cơ quan"):
        load([plan])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "1:1: tệp kế hoạch là một bảng khóa với `plan`, `areas` và `items`; tệp trống",
        ),
        (
            "- a\n",
            "1:1: tệp kế hoạch là một bảng khóa với `plan`, `areas` và `items`; gặp một danh sách",
        ),
        (
            "plan:\n\tid: x\n",
            "2:1: cú pháp YAML: khi đọc giá trị tiếp theo gặp ký tự không mở đầu được giá trị "
            "(ký tự tab: YAML chỉ thụt lề bằng dấu cách)",
        ),
    ],
)
def test_files_of_the_wrong_shape(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsError) as exc:
        load([path], registry_dirs=[PLANS])
    assert [str(p) for p in exc.value.problems] == [f"{path}:{message}"]


def test_a_single_agency_or_product_may_be_written_without_a_list(tmp_path: Path) -> None:
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(
        text.replace("lead: [Sở Tư pháp]", "lead: Sở Tư pháp\n    products: Kế hoạch"),
        encoding="utf-8",
    )
    (item,) = load([path], registry_dirs=[PLANS]).items
    assert ([a.name for a in item.lead], item.products) == (["Sở Tư pháp"], ("Kế hoạch",))


PROGRESS_CASES = sorted((DATA / "invalid-progress").glob("*.yaml"))


@pytest.mark.parametrize("case", PROGRESS_CASES, ids=[p.stem for p in PROGRESS_CASES])
def test_invalid_progress_log_reports_its_expected_problems(case: Path) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    with pytest.raises(ProblemsError) as exc:
        load([PLANS / "agencies.yaml", PLANS / "qd-1879-2024.yaml", case])
    assert [str(p).removeprefix(str(case.parent) + "/") for p in exc.value.problems] == expected


def test_loading_leaves_the_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    load([PLANS])
    assert gc.isenabled()
    gc.disable()
    try:
        load([PLANS])
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()
    with pytest.raises(ProblemsError):
        load([DATA / "invalid" / "unknown-key.yaml"], registry_dirs=[PLANS])
    assert gc.isenabled()  # and on again after a failed load
