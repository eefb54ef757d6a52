"""The guide's examples, run as an officer would type them: every `caicach` line of a week's work
and of the focal point's share, in the order the pages give them, in a repository made from the
shipped plans. An example that no longer runs fails here, not in front of an official."""

from __future__ import annotations

import glob
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import PLANS, ROOT, Run

PAGES = ("can-bo/mot-tuan.md", "dau-moi/phan-viec.md", "index.md")
DAY = "2024-04-15"  # the guide's Monday


def examples(page: str) -> list[list[str]]:
    """Each `caicach …` line of the page's sh blocks, split as the shell would (comments off)."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    lines = [
        line
        for block in re.findall(r"```sh\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.startswith("caicach ")
    ]
    return [shlex.split(line, comments=True)[1:] for line in lines]


def test_the_pages_have_examples() -> None:
    counts = {page: len(examples(page)) for page in PAGES}
    assert all(counts.values()), counts


@pytest.mark.parametrize("page", PAGES)
def test_every_example_of_the_page_runs(
    page: str, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "ke-hoach-cchc"
    shutil.copytree(
        PLANS, repo / "plans", ignore=shutil.ignore_patterns("progress", ".caicach-keys")
    )
    monkeypatch.chdir(repo)
    for args in examples(page):
        words = [w for a in args for w in (sorted(glob.glob(a)) if "*" in a else [a])]
        if words[0] in ("due", "overdue", "list", "show", "summary") and "--as-of" not in words:
            words += ["--as-of", DAY]  # the guide's day, not today's (the plan ended in 2024)
        result = run(*words)
        said = f"caicach {shlex.join(words)}\n{result.err}"
        assert result.code == 0, said
        assert result.out or result.err, said  # the reader sees something come of it
        if "-o" in words:  # what it was told to write is there
            assert (repo / words[words.index("-o") + 1]).exists(), said
