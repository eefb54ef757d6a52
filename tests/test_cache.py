"""The cache of loaded plans: used when nothing changed, never stale, rebuilt when broken, and
out of the way when the user says so."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import caicach
from caicach.load import cache as cache_module
from caicach.load import yaml_source
from tests.conftest import ROOT, Run

OVERDUE = ("overdue", "--as-of", "2024-04-15", "-f", "json")


def _entries() -> list[Path]:
    return sorted(cache_module.folder().rglob("*.pickle"))


def _refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(path: Path, text: str) -> yaml_source.Document:
        raise AssertionError(f"{path} was parsed, not taken from the cache")

    monkeypatch.setattr(yaml_source, "parse", parse)


def test_an_unchanged_folder_is_not_parsed_again(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run(*OVERDUE, "--plans", str(plans))
    assert first.code == 0, first.err
    assert _entries(), "the first run keeps what it loaded"
    _refuse_parsing(monkeypatch)
    again = run(*OVERDUE, "--plans", str(plans))
    assert (again.code, again.out, again.err) == (0, first.out, first.err)


def test_an_edit_is_seen_at_once(run: Run, plans: Path) -> None:
    task = "Thực hiện rà soát, lập"
    assert task in run(*OVERDUE, "--plans", str(plans)).out
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace(task, "Đã sửa rà soát, lập"), encoding="utf-8")
    after = run(*OVERDUE, "--plans", str(plans)).out
    assert (task in after, "Đã sửa rà soát, lập" in after) == (False, True)


def test_a_log_written_by_hand_is_seen_at_once(run: Run, plans: Path) -> None:
    assert '"5.b"' in run(*OVERDUE, "--plans", str(plans)).out
    (plans / "progress").mkdir()
    (plans / "progress" / "qd-1879-2024.yaml").write_text(
        "progress: qd-1879-2024\nentries:\n  - {item: 5.b, kind: done, date: 2024-01-30}\n",
        encoding="utf-8",
    )
    assert '"5.b"' not in run(*OVERDUE, "--plans", str(plans)).out


def test_a_registry_change_reaches_the_plans_kept(run: Run, plans: Path) -> None:
    assert run("validate", "--plans", str(plans)).code == 0
    registry = plans / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("name: Sở Tư pháp\n", "name: Sở Tư pháp mới\n", 1))
    checked = run("validate", "--plans", str(plans))
    assert checked.code == 1
    assert "không có cơ quan 'Sở Tư pháp' trong danh mục" in checked.err


def test_a_file_with_a_problem_is_never_kept(run: Run, plans: Path) -> None:
    plan = plans / "qd-1879-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2024", "year: hai"))
    first = run("validate", "--plans", str(plans))
    again = run("validate", "--plans", str(plans))
    assert first.code == again.code == 1
    assert "plan.year: phải là số nguyên (đang ghi: hai)" in again.err
    assert first.err == again.err


def test_broken_entries_are_read_again_and_replaced(run: Run, plans: Path) -> None:
    first = run(*OVERDUE, "--plans", str(plans))
    entries = _entries()
    for n, entry in enumerate(entries):  # cut short, empty, or not a pickle at all
        entry.write_bytes([entry.read_bytes()[:20], b"", b"not a pickle"][n % 3])
    again = run(*OVERDUE, "--plans", str(plans))
    assert (again.code, again.out) == (0, first.out)
    for entry in _entries():  # each broken entry was written again, whole
        with entry.open("rb") as f:
            pickle.load(f)


def test_another_version_does_not_read_these_entries(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(*OVERDUE, "--plans", str(plans))
    kept = set(_entries())
    monkeypatch.setattr(caicach, "__version__", "99.0")
    run(*OVERDUE, "--plans", str(plans))
    assert set(_entries()) > kept


@pytest.mark.parametrize("how", ["flag", "env"])
def test_the_cache_can_be_bypassed(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "env":
        monkeypatch.setenv("CAICACH_NO_CACHE", "1")
        result = run(*OVERDUE, "--plans", str(plans))
    else:
        result = run("--no-cache", *OVERDUE, "--plans", str(plans))
    assert result.code == 0, result.err
    assert _entries() == []
    monkeypatch.delenv("CAICACH_NO_CACHE", raising=False)
    assert run(*OVERDUE, "--plans", str(plans)).out == result.out
    assert _entries(), "without the flag, the next run caches again"


def test_an_unwritable_cache_folder_only_makes_it_slower(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CAICACH_CACHE_DIR", str(blocked / "cache"))
    result = run(*OVERDUE, "--plans", str(plans))
    assert (result.code, result.err) == (0, "")


def test_runs_at_the_same_time_share_one_cache(plans: Path, tmp_path: Path) -> None:
    env = {**os.environ, "CAICACH_CACHE_DIR": str(tmp_path / "shared-cache")}
    cmd = [sys.executable, "-m", "caicach", *OVERDUE, "--plans", str(plans)]

    def one(_: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, range(8)))
    assert {(r.returncode, r.stderr) for r in results} == {(0, "")}
    assert len({r.stdout for r in results}) == 1
    assert not list((tmp_path / "shared-cache").rglob("*.tmp")), "no half-written entry is left"


def test_the_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAICACH_CACHE_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", "/srv/cache")
    assert cache_module.folder() == Path("/srv/cache/caicach")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    assert cache_module.folder() == Path.home() / ".cache" / "caicach"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache_module.folder() == Path.home() / "Library" / "Caches" / "caicach"


def test_an_edited_plan_is_read_again_with_its_log_and_nothing_else(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = (plans / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    (plans / "other.yaml").write_text(shipped.replace("qd-1879-2024", "other"), encoding="utf-8")
    (plans / "progress").mkdir()
    for plan_id in ("qd-1879-2024", "other"):
        (plans / "progress" / f"{plan_id}.yaml").write_text(
            f"progress: {plan_id}\nentries:\n  - {{item: 5.b, kind: done, date: 2024-01-30}}\n",
            encoding="utf-8",
        )
    first = run(*OVERDUE, "--plans", str(plans))
    assert first.code == 0, first.err
    edited = plans / "other.yaml"
    edited.write_text(shipped.replace("qd-1879-2024", "other") + "# sửa\n", encoding="utf-8")
    parsed: list[str] = []
    real_parse = yaml_source.parse

    def parse(path: Path, text: str) -> yaml_source.Document:
        parsed.append(f"{path.parent.name}/{path.name}")
        return real_parse(path, text)

    monkeypatch.setattr(yaml_source, "parse", parse)
    again = run(*OVERDUE, "--plans", str(plans))
    assert (again.code, again.out) == (0, first.out)
    assert sorted(parsed) == ["plans/other.yaml", "progress/other.yaml"]


@pytest.mark.parametrize("where", ["progress/qd-1879-2024.yaml", "qd-1879-2024.yaml"])
def test_a_file_yaml_refuses_is_reported_once(run: Run, plans: Path, where: str) -> None:
    broken = plans / where
    broken.parent.mkdir(exist_ok=True)
    broken.write_text("progress: qd-1879-2024\nentries: [\n", encoding="utf-8")
    for _ in range(2):  # and the same again, nothing of it having been cached
        checked = run("validate", "--plans", str(plans))
        assert checked.code == 1
        assert checked.err.count(f"{broken}:") == 1, checked.err
        assert checked.err.endswith("1 vấn đề\n")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_may_write_to_is_not_used(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("CAICACH_CACHE_DIR", str(shared))
    result = run(*OVERDUE, "--plans", str(plans))
    assert (result.code, result.err) == (0, "")
    assert list(shared.iterdir()) == [], "nothing is read from or written to it"
    shared.chmod(0o700)
    run(*OVERDUE, "--plans", str(plans))
    assert _entries()


def test_a_plan_is_kept_with_each_value_once(run: Run, plans: Path) -> None:
    """Items naming the same agencies, shares and dates hold the same objects, so that the
    cache stores (and reads back) each value once a plan, however many items repeat it."""
    result = run(*OVERDUE, "--plans", str(plans))
    assert result.code == 0, result.err
    kept = [pickle.loads(p.read_bytes()) for p in _entries()]
    resolved = [entry.items for entry in kept if type(entry).__name__ == "Resolved"]
    assert sum(map(len, resolved)) > 50
    for items in resolved:  # an entry per plan
        for field in ("lead", "co", "assignments", "co_agencies", "milestones"):
            tuples = [getattr(i, field) for i in items if getattr(i, field)]
            assert len({id(t) for t in tuples}) == len(set(tuples)), field
            parts = [part for t in tuples for part in t]
            assert len({id(part) for part in parts}) == len(set(parts)), field
