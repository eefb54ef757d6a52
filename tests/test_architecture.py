"""The house's shape, checked: renderers are typed so that mypy refuses a misspelled call."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

_CALLS = """\
import sys
from caicach.render import renderer
from caicach.tracking.views import SummaryView

def draw(view: SummaryView) -> None:
    renderer("json", sys.stdout).summary(view)
    renderer("json", sys.stdout).sumary(view)
    renderer("table", sys.stdout).items(view)
"""


def test_mypy_refuses_a_misspelled_renderer_method_and_a_wrong_view(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is a test dependency: pip install -e '.[test]'")
    probe = tmp_path / "probe.py"
    probe.write_text(_CALLS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", "", str(probe)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
        check=False,
        timeout=300,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["7", "8"], result.stdout
    assert '"Renderer" has no attribute "sumary"' in errors[0]
    assert 'incompatible type "SummaryView"; expected "ItemList"' in errors[1]
