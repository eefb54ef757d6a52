"""The benchmarks still run (on a few items): numbers are read by people, not asserted here."""

from __future__ import annotations

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


def test_speed_benchmark_runs_and_prints_every_ratio() -> None:
    args = [sys.executable, "bench_speed.py", "--sizes", "60,120", "--runs", "1"]
    result = subprocess.run(
        args, cwd=ROOT / "benchmarks", capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for said in (
        "overdue (shipped plan)",
        "--version",
        "overdue, nothing cached",
        "overdue after one file changed",
        "growth (time per item",
    ):
        assert said in out, said
    with_task = "overdue -f json (cached)" in out and "list --agency so-tu-phap (cached)" in out
    assert with_task or "Taskwarrior is not installed" in out
