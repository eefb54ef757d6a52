"""The benchmarks still run (on a few items): numbers are read by people, not asserted here."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("script", ["bench_load.py", "bench_report.py"])
def test_benchmark_runs_on_a_small_plan(script: str) -> None:
    args = [sys.executable, script, "--items", "60"]
    if script == "bench_load.py":
        args.append("--no-startup")
    result = subprocess.run(
        args, cwd=ROOT / "benchmarks", capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("plan of 60 items")


def test_import_benchmark_runs() -> None:
    args = [sys.executable, "bench_import.py", "--lines", "400"]
    result = subprocess.run(
        args, cwd=ROOT / "benchmarks", capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("import of up to 400 task lines")
    assert len(result.stdout.splitlines()) == 5


def _speed(*sizes: str) -> str:
    args = [sys.executable, "bench_speed.py", "--sizes", ",".join(sizes), "--runs", "1"]
    result = subprocess.run(
        args, cwd=ROOT / "benchmarks", capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_speed_benchmark_runs_and_prints_every_ratio() -> None:
    out = _speed("60", "120")
    for said in (
        "overdue (shipped plan)",
        "--version",
        "overdue, nothing cached",
        "overdue after one file changed",
        "import, 20,000 lines",
        "urge --all --separate",
        "urge --all (one letter)",
        "site -o DIR (made again)",
        "site -o DIR (a new folder)",
        "growth (time per item",
    ):
        assert said in out, said
    assert out.count("items, ") == 2
    writers = ("urge --all --separate", "site -o DIR (made again)", "site -o DIR (a new folder)")
    for writer in writers:  # each writer beside its floor
        line = next(line for line in out.splitlines() if writer in line)
        assert "×" in line.split("|")[-1], line


@pytest.mark.skipif(
    shutil.which("task") is None,
    reason="Taskwarrior is not installed (apt-get install taskwarrior)",
)
def test_speed_benchmark_compares_with_taskwarrior_on_the_same_rows() -> None:
    out = _speed("60")
    for said in (
        "overdue (cached)",
        "overdue -f json (cached)",
        "list --agency so-tu-phap (cached)",
        "task 1 info",
    ):
        line = next(line for line in out.splitlines() if said in line)
        assert "task " in line, line
        assert "; memory " in line, line
