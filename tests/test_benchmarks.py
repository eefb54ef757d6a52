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
