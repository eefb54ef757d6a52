"""The read path through the cache: `show ID` reads the plan that holds the item, found from the
folder's index in the cache, and says exactly what reading the whole folder says."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from caicach.errors import ProblemsError
from caicach.load import loader
from caicach.load.cache import open_cache
from tests.conftest import Run

LOG = "progress: qd-1879-2024\nentries:\n  - {item: 5.b, kind: done, date: 2024-01-30}\n"


def _plans_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the plan files read (from the cache or not) from now on."""
    read: list[str] = []
    original = loader.read_plan

    def counting(source: loader.Source, *rest: object) -> object:
        read.append(source.path.name)
        return original(source, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "read_plan", counting)
    return read


def _both(run: Run, *args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """What a command says through the cache, and with it bypassed."""
    cached = run(*args)
    fresh = run("--no-cache", *args)
    return (cached.code, cached.out, cached.err), (fresh.code, fresh.out, fresh.err)


def test_show_reads_only_the_plan_that_holds_the_item(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("validate", "--plans", str(plans)).code == 0  # the folder read whole once
    read = _plans_read(monkeypatch)
    shown = run("show", "qd-1879-2024:5.b", "--plans", str(plans), "-f", "json")
    assert (shown.code, read) == (0, ["qd-1879-2024.yaml"])
    assert '"id": "5.b"' in shown.out
    fresh = run("--no-cache", "show", "qd-1879-2024:5.b", "--plans", str(plans), "-f", "json")
    assert (shown.out, shown.err) == (fresh.out, fresh.err)


def test_a_bare_id_reads_the_plan_the_day_looks_at(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("validate", "--plans", str(plans)).code == 0
    read = _plans_read(monkeypatch)
    args = ("show", "2.a", "--as-of", "2018-07-01", "--plans", str(plans))
    cached, fresh = _both(run, *args)
    assert read[0] == "tb-185-2018.yaml"  # the cached run's; the fresh one reads both
    assert sorted(read[1:]) == ["qd-1879-2024.yaml", "tb-185-2018.yaml"]
    assert cached == fresh
    assert cached[0] == 0
    assert "tb-185-2018" in cached[1]


def test_without_the_index_the_whole_folder_is_read(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _plans_read(monkeypatch)
    shown = run("show", "qd-1879-2024:5.b", "--plans", str(plans))
    assert shown.code == 0
    assert sorted(read) == ["qd-1879-2024.yaml", "tb-185-2018.yaml"]
    read.clear()
    assert run("show", "qd-1879-2024:5.b", "--plans", str(plans)).out == shown.out
    assert read == ["qd-1879-2024.yaml"]  # the first run kept the index


def test_a_problem_in_another_plan_is_still_said(run: Run, plans: Path) -> None:
    assert run("validate", "--plans", str(plans)).code == 0
    other = plans / "tb-185-2018.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("year: 2018", "year: hai", 1))
    cached, fresh = _both(run, "show", "qd-1879-2024:5.b", "--plans", str(plans))
    assert cached == fresh
    assert cached[0] == 1
    assert "tb-185-2018.yaml" in cached[2]


def test_a_log_written_by_hand_reaches_show_at_once(run: Run, plans: Path) -> None:
    args = (
        "show",
        "qd-1879-2024:5.b",
        "--as-of",
        "2024-04-15",
        "--plans",
        str(plans),
        "-f",
        "json",
    )
    before = run(*args)
    assert before.code == 0
    assert '"status": "qua-han"' in before.out
    (plans / "progress").mkdir()
    (plans / "progress" / "qd-1879-2024.yaml").write_text(LOG, encoding="utf-8")
    cached, fresh = _both(run, *args)
    assert cached == fresh
    assert '"status": "dung-han"' in cached[1]
    assert '"status": "qua-han"' not in cached[1]


def test_a_log_of_another_plan_is_not_the_items(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plans / "progress").mkdir()
    (plans / "progress" / "qd-1879-2024.yaml").write_text(LOG, encoding="utf-8")
    assert run("validate", "--plans", str(plans)).code == 0
    read = _plans_read(monkeypatch)
    cached, fresh = _both(run, "show", "tb-185-2018:2.a", "--plans", str(plans), "-f", "json")
    assert read[0] == "tb-185-2018.yaml"
    assert cached == fresh


def test_a_registry_edit_reaches_show(run: Run, plans: Path) -> None:
    assert run("show", "qd-1879-2024:5.b", "--plans", str(plans)).code == 0
    registry = plans / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("name: Sở Tư pháp\n", "name: Sở Tư pháp mới\n", 1))
    cached, fresh = _both(run, "show", "qd-1879-2024:5.b", "--plans", str(plans))
    assert cached == fresh
    assert cached[0] == 1
    assert "không có cơ quan 'Sở Tư pháp' trong danh mục" in cached[2]


def test_plans_that_tie_are_named_as_when_all_are_read(run: Run, plans: Path) -> None:
    text = (plans / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    (plans / "qd-copy.yaml").write_text(text.replace("id: qd-1879-2024", "id: qd-copy", 1))
    assert run("validate", "--plans", str(plans)).code == 0
    cached, fresh = _both(run, "show", "5.b", "--as-of", "2024-04-15", "--plans", str(plans))
    assert cached == fresh
    assert cached[0] == 2
    assert "qd-copy:5.b" in cached[2]


def test_an_unknown_item_is_said_as_when_all_are_read(run: Run, plans: Path) -> None:
    assert run("validate", "--plans", str(plans)).code == 0
    for wanted in ("9.z", "qd-1879-2024:9.z", "nope:1.a", "2.k"):
        cached, fresh = _both(run, "show", wanted, "--plans", str(plans))
        assert cached == fresh
        assert cached[0] == 2, wanted


def test_an_entry_after_today_is_refused_though_the_index_was_kept_earlier(plans: Path) -> None:
    """The index kept by a load on a later day (or with no day) does not hide an entry dated
    after today: the folder is read again, and the entry refused as `load` refuses it."""
    (plans / "progress").mkdir()
    (plans / "progress" / "qd-1879-2024.yaml").write_text(LOG, encoding="utf-8")
    cache = open_cache()
    loader.load([plans], [plans], today=None, cache=cache)
    early = date(2024, 1, 15)
    with pytest.raises(ProblemsError) as whole:
        loader.load([plans], [plans], today=early, cache=open_cache())
    with pytest.raises(ProblemsError) as one:
        loader.load_item_plan(
            [plans], [plans], item="qd-1879-2024:5.b", day=early, today=early, cache=open_cache()
        )
    assert [str(p) for p in one.value.problems] == [str(p) for p in whole.value.problems]
