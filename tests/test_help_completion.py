"""Completion of what users type, through the protocol the shell scripts Typer installs speak:
bash sends COMP_WORDS and COMP_CWORD, zsh _TYPER_COMPLETE_ARGS; caicach answers on stdout."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import PLANS, Run


@pytest.fixture
def bash(run: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    def _complete(words: str, cword: int) -> list[str]:
        monkeypatch.setenv("_CAICACH_COMPLETE", "complete_bash")
        monkeypatch.setenv("COMP_WORDS", words)
        monkeypatch.setenv("COMP_CWORD", str(cword))
        result = run()
        assert (result.code, result.err) == (0, "")
        return [line for line in result.out.splitlines() if line]  # none: one empty line

    return _complete  # type: ignore[return-value]


def _zsh(run: Run, monkeypatch: pytest.MonkeyPatch, args: str) -> str:
    monkeypatch.setenv("_CAICACH_COMPLETE", "complete_zsh")
    monkeypatch.setenv("_TYPER_COMPLETE_ARGS", args)
    result = run()
    assert (result.code, result.err) == (0, "")
    return result.out


def test_an_agency_folded(bash: Run) -> None:
    assert bash('caicach list --agency "so tu', 3) == ["Sở Tư pháp"]
    assert bash("caicach overdue -a so\\ tu\\ ph", 3) == ["Sở Tư pháp"]


def test_agencies_in_vietnamese_order(bash: Run) -> None:
    offered = bash("caicach list --agency ubnd\\ huyen\\ b", 3)
    assert offered == ["UBND huyện Ba Tơ", "UBND huyện Bình Sơn"]


def test_item_ids_qualified_where_two_plans_have_them(bash: Run) -> None:
    offered = bash("caicach show 4.", 2)
    # 4.a-4.d are ids of both shipped plans; 4.đ and 4.e of 1879 alone
    assert offered == [
        "qd-1879-2024:4.a",
        "qd-1879-2024:4.b",
        "qd-1879-2024:4.c",
        "qd-1879-2024:4.d",
        "4.đ",
        "4.e",
        "tb-185-2018:4.a",
        "tb-185-2018:4.b",
        "tb-185-2018:4.c",
        "tb-185-2018:4.d",
    ]
    assert bash("caicach done tb-185-2018:7", 2) == ["tb-185-2018:7.a"]


def test_statuses_after_a_comma(bash: Run) -> None:
    assert bash("caicach overdue --status qua-han,t", 3) == ["qua-han,tre-han", "qua-han,trong-han"]
    assert bash("caicach list --status chua-", 3) == ["chua-thuc-hien", "chua-hoan-thanh"]


def test_periods_plans_and_formats(bash: Run) -> None:
    assert bash("caicach report --period ", 3) == ["q1", "6m", "q3", "year"]
    assert bash("caicach summary --plan ", 3) == ["qd-1879-2024", "tb-185-2018"]
    assert bash("caicach list -f csv", 3) == ["csv", "csv-excel", "csv-raw"]


def test_the_plans_given_on_the_line_are_those_completed(bash: Run, tmp_path: Path) -> None:
    shutil.copytree(PLANS, tmp_path / "p", ignore=shutil.ignore_patterns("tb-185-2018.yaml"))
    assert bash(f"caicach show --plans {tmp_path / 'p'} 4.", 4) == [
        "4.a",
        "4.b",
        "4.c",
        "4.d",
        "4.đ",
        "4.e",
    ]
    assert bash(f"caicach --plans {tmp_path / 'p'} show 4.", 4)[0] == "4.a"
    assert bash(f"caicach --plans {tmp_path / 'nowhere'} show 4.", 4) == []


def test_zsh_gets_the_task_beside_the_id(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _zsh(run, monkeypatch, "caicach show 2.đ")
    assert out == (
        '_arguments \'*: :(("2.đ":"Thường xuyên thống kê, cập nhật để thực hiện công bố '
        "danh m…\"))'\n"
    )
    assert _zsh(run, monkeypatch, 'caicach done 2.a --agency "so tu') == (
        "_arguments '*: :((\"Sở Tư pháp\"))'\n"
    )


def test_installing_completion_is_said_in_vietnamese(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")  # the shell named
    result = run("--install-completion", "bash")
    script = tmp_path / ".bash_completions" / "caicach.sh"
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        f"Đã cài gợi ý lệnh cho bash vào {script}; mở lại cửa sổ dòng lệnh để có hiệu lực.\n"
    )
    assert "_CAICACH_COMPLETE=complete_bash" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()
