"""Every command the README shows, run as written, in order, in a plan repository holding the
shipped plans (1879 of 2024 and Thông báo 185 of 2018): each does what its comment says."""

from __future__ import annotations

import glob
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import PLANS, ROOT, Result, Run

# The user's own files, which the README only names: nothing here to import.
NOT_HERE = ("ke-hoach-2025.docx", "decision.txt", "qd-1879-2024.txt")


def _examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("caicach ")]


def _run(run: Run, line: str) -> Result:
    words = shlex.split(line, comments=True)[1:]
    into = None
    if ">" in words:  # `caicach schema > plan.schema.json`
        at = words.index(">")
        words, into = words[:at], Path(words[at + 1])
    words = [hit for w in words for hit in (sorted(glob.glob(w)) if "*" in w else [w])]
    result = run(*words)
    if into is not None:
        into.write_text(result.out, encoding="utf-8")
    return result


def test_every_readme_example_runs_as_written(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PLANS, tmp_path / "plans", ignore=shutil.ignore_patterns("progress"))
    monkeypatch.chdir(tmp_path)
    examples = [line for line in _examples() if not any(f in line for f in NOT_HERE)]
    assert len(examples) >= 40
    runs: dict[str, list[Result]] = {}
    for line in examples:
        result = _run(run, line)
        assert result.code == 0, f"{line}\n{result.err}"
        assert "có ở 2 kế hoạch" not in result.err, line  # no bare id of the README is ambiguous
        runs.setdefault(line.split("#")[0].strip(), []).append(result)
    said = {line: results[0] for line, results in runs.items()}

    before, after = runs["caicach overdue --as-of 2024-04-15"]  # "now leaves out what was done"
    counts = [r.out.splitlines()[-1] for r in (before, after)]
    assert counts == [
        f"{n} nhiệm vụ (đầy đủ: caicach show <mã>)" for n in (22 + 3, 21 + 3)
    ]  # 2.a done
    then, now = (
        said["caicach show 1.a --as-of 2018-07-01"],
        said["caicach show 1.a --as-of 2024-04-15"],
    )
    assert then.out.startswith("1.a  (185/TB-UBND, kế hoạch tb-185-2018)")
    assert now.out.startswith("1.a  (1879/QĐ-UBND, kế hoạch qd-1879-2024)")
    assert said["caicach show 1.đ"].out.startswith("1.đ  (1879/QĐ-UBND, kế hoạch qd-1879-2024)")
    assert said["caicach log 2.a"].out.endswith("\n1 mục\n")
    entries = json.loads(run("log", "2.a", "-f", "json").out)
    assert [(e["plan"], e["date"], e["evidence"]) for e in entries] == [
        ("qd-1879-2024", "2024-01-31", "Kế hoạch 23/KH-UBND ngày 31/01/2024")
    ]
    assert said["caicach validate"].err.startswith("OK: 2 kế hoạch, 77 nhiệm vụ")
    assert {p.name for p in tmp_path.glob("*.xlsx")} >= {
        "bao-cao-tien-do-tat-ca-2024-W16.xlsx",  # both plans: "tat-ca" where one plan's id goes
        "tuan16.xlsx",
        "phieu-bao-cao-so-xay-dung-2024-04-15.xlsx",
    }
    assert (tmp_path / "don-doc-so-xay-dung-2024-04-15.docx").exists()
    assert (tmp_path / "site" / "index.html").exists()
    assert json.loads((tmp_path / "plan.schema.json").read_text(encoding="utf-8"))
    logged = json.loads(run("log", "-f", "json").out)
    reports = [(e["plan"], e["item"], e["date"]) for e in logged if e["kind"] != "urged"]
    assert reports[0] == ("tb-185-2018", "4.d", "2018-12-20")  # "Several plans": 185's 4.d
    assert {plan for plan, _, _ in reports[1:]} == {"qd-1879-2024"}  # the others: 1879's
    urged = {e["plan"] for e in logged if e["kind"] == "urged"}
    assert urged == {"qd-1879-2024", "tb-185-2018"}  # the notices cite both plans' late items
