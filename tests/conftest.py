from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from caicach.cli import main

# The property tests draw the same examples on every run, so that a run of CI passes or fails on
# the code alone ("fixed"); `pytest --hypothesis-profile=explore` draws new ones on each run (and
# 1,000 where a test does not say how many) to look for what the fixed ones miss: run it after
# changing a parser, the sort key or an emitter.
settings.register_profile("fixed", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000, print_blob=True)
settings.load_profile("fixed")

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "qd-1879-2024-ke-hoach-cchc.txt"


@dataclass
class Result:
    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test caches loaded plans in a folder of its own, never in the user's."""
    monkeypatch.setenv("CAICACH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("CAICACH_NO_CACHE", raising=False)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of the shipped plans, without progress, to record into."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target, ignore=shutil.ignore_patterns("progress"))
    return target


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the CLI in-process, from the repository root, as a user would type it."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CAICACH_PLANS", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")

    def _run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run
