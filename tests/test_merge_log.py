"""Progress logs merged by real `git merge` of real branches, with `caicach merge-log` as the
driver: every new entry of both sides kept, a true conflict reported and the merge failed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from caicach.load import merge_log
from tests.conftest import PLANS, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

LOG = "plans/progress/qd-1879-2024.yaml"
PLAN = "qd-1879-2024"


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Cán bộ",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "Cán bộ",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=check
    )


def _caicach(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "CAICACH_PLANS": str(repo / "plans")}
    return subprocess.run(
        [sys.executable, "-m", "caicach", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plan repository with this project's .gitattributes, the driver registered as the
    README says (the caicach of this checkout), and one commit on `main`."""
    repo = tmp_path / "repo"
    shutil.copytree(PLANS, repo / "plans", ignore=shutil.ignore_patterns("progress"))
    (repo / "plans" / "progress").mkdir()
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "config", "merge.caicach-log.name", "caicach: gộp nhật ký tiến độ")
    driver = f"{sys.executable} -m caicach merge-log %O %A %B %P"
    _git(repo, "config", "merge.caicach-log.driver", driver)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "kế hoạch")
    return repo


def _record(repo: Path, *args: str) -> None:
    done = _caicach(repo, *args)
    assert done.returncode == 0, done.stderr
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", " ".join(args))


def _branches(repo: Path, ours: list[tuple[str, ...]], theirs: list[tuple[str, ...]]) -> None:
    _git(repo, "checkout", "-q", "-b", "theirs")
    for args in theirs:
        _record(repo, *args)
    _git(repo, "checkout", "-q", "main")
    for args in ours:
        _record(repo, *args)


def _valid(repo: Path) -> str:
    checked = _caicach(repo, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return checked.stderr  # the OK line is a confirmation, on stderr


JAN = ("--milestone", "2024-01", "--on", "2024-01-31", "--note", "đã gửi báo cáo")


def test_the_same_item_and_milestone_by_two_agencies_are_two_entries(repo: Path) -> None:
    _record(repo, "done", "1.c", "--agency", "Sở Tư pháp", "--milestone", "1", "--on", "2024-01-20")
    _branches(
        repo,
        ours=[("progress", "2.d", "--agency", "Sở Tư pháp", *JAN)],
        theirs=[("progress", "2.d", "--agency", "Sở Y tế", *JAN)],
    )
    merged = _git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / LOG).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert text.count("- item: 2.d") == 2
    assert text.count("- item: 1.c") == 1
    assert "0 mục tiến độ" not in _valid(repo)
    assert "3 mục tiến độ" in _valid(repo)


def test_both_branches_creating_the_log_keep_every_line(repo: Path) -> None:
    _branches(
        repo,
        ours=[("progress", "2.d", "--agency", "Sở Tư pháp", *JAN)],
        theirs=[("progress", "2.d", "--agency", "Sở Y tế", *JAN)],
    )
    theirs = _git(repo, "show", f"theirs:{LOG}").stdout
    ours = (repo / LOG).read_text(encoding="utf-8")
    merged = _git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / LOG).read_text(encoding="utf-8")
    for line in (*ours.splitlines(), *theirs.splitlines()):
        assert text.count(line + "\n") >= 1, f"lost: {line!r}"
    assert text.count("recorded:") == 2
    assert text.count(f"progress: {PLAN}\n") == 1
    assert "2 mục tiến độ" in _valid(repo)


def test_a_correction_on_one_branch_and_a_done_on_the_other(repo: Path) -> None:
    _record(repo, "done", "1.c", "--agency", "Sở Tư pháp", "--milestone", "1", "--on", "2024-01-20")
    _branches(
        repo,
        ours=[
            (
                "progress",
                "1.c",
                "--agency",
                "Sở Tư pháp",
                "--milestone",
                "1",
                "--on",
                "2024-01-21",
                "--correct",
                "--note",
                "ghi nhầm",
            )
        ],
        theirs=[("done", "2.a", "--milestone", "1", "--on", "2024-01-31")],
    )
    merged = _git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "3 mục tiến độ" in _valid(repo)
    text = (repo / LOG).read_text(encoding="utf-8")
    assert text.count("corrects: true") == 1
    assert text.count("- item: 2.a") == 1


def test_a_true_conflict_is_reported_and_the_merge_fails(repo: Path) -> None:
    _record(repo, "done", "1.c", "--agency", "Sở Tư pháp", "--milestone", "1", "--on", "2024-01-20")
    log = repo / LOG
    base = log.read_text(encoding="utf-8")
    _git(repo, "checkout", "-q", "-b", "theirs")
    log.write_text(base.replace("date: 2024-01-20", "date: 2024-01-22"), encoding="utf-8")
    _git(repo, "commit", "-qam", "sửa tay: ngày 22")
    _git(repo, "checkout", "-q", "main")
    log.write_text(base.replace("date: 2024-01-20", "date: 2024-01-25"), encoding="utf-8")
    _git(repo, "commit", "-qam", "sửa tay: ngày 25")
    merged = _git(repo, "merge", "--no-edit", "theirs", check=False)
    assert merged.returncode != 0
    assert f"CONFLICT (content): Merge conflict in {LOG}" in merged.stdout
    assert (
        f"{LOG}: 1 chỗ hai nhánh sửa khác nhau, giữ cả hai giữa các dấu <<<<<<< / >>>>>>>; "
        "hãy sửa tay rồi chạy caicach validate"
    ) in merged.stderr
    text = log.read_text(encoding="utf-8")
    assert "<<<<<<< nhánh này\n" in text
    assert text.index("date: 2024-01-25") < text.index("=======\n") < text.index("date: 2024-01-22")
    assert ">>>>>>> nhánh được gộp\n" in text
    assert _git(repo, "diff", "--name-only", "--diff-filter=U").stdout == f"{LOG}\n"


def test_an_edit_on_one_branch_and_new_entries_on_the_other(repo: Path) -> None:
    _record(repo, "done", "1.c", "--agency", "Sở Tư pháp", "--milestone", "1", "--on", "2024-01-20")
    log = repo / LOG
    _git(repo, "checkout", "-q", "-b", "theirs")
    text = log.read_text(encoding="utf-8")
    log.write_text(text.replace("date: 2024-01-20", "date: 2024-01-22"), encoding="utf-8")
    _git(repo, "commit", "-qam", "sửa tay")
    _git(repo, "checkout", "-q", "main")
    _record(repo, "done", "2.a", "--milestone", "1", "--on", "2024-01-31")
    merged = _git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = log.read_text(encoding="utf-8")
    assert "date: 2024-01-22" in text
    assert "date: 2024-01-20" not in text
    assert "- item: 2.a" in text


def test_merging_either_way_gives_the_same_log(repo: Path) -> None:
    _branches(
        repo,
        ours=[("progress", "2.d", "--agency", "Sở Tư pháp", *JAN)],
        theirs=[("progress", "2.d", "--agency", "Sở Y tế", *JAN)],
    )
    _git(repo, "branch", "ours-copy")
    _git(repo, "merge", "-q", "--no-edit", "theirs")
    one = (repo / LOG).read_text(encoding="utf-8")
    _git(repo, "checkout", "-q", "theirs")
    _git(repo, "merge", "-q", "--no-edit", "ours-copy")
    assert (repo / LOG).read_text(encoding="utf-8") == one


def test_a_version_that_is_not_a_log_is_a_conflict(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("o", "a", "b"))
    good = f"progress: {PLAN}\nentries:\n- item: 1.c\n  kind: done\n  date: 2024-01-20\n"
    base.write_text(good, encoding="utf-8")
    ours.write_text(good + "- item: [broken\n", encoding="utf-8")
    theirs.write_text(good + "- item: 2.a\n  kind: done\n  date: 2024-01-31\n", encoding="utf-8")
    merged = merge_log.merge_files(base, ours, theirs, LOG)
    assert merged.conflicts == 1
    assert merged.unreadable[0].startswith(f"{LOG}: không đọc được thành nhật ký (")
    assert merged.text.startswith("<<<<<<< nhánh này\n")


def test_the_lock_file_is_ignored_in_both_repositories(repo: Path, tmp_path: Path) -> None:
    lock = repo / "plans" / "progress" / f".{PLAN}.yaml.lock"
    lock.write_text("", encoding="utf-8")
    assert _git(repo, "check-ignore", "-q", str(lock), check=False).returncode == 0
    made = tmp_path / "made"
    assert _caicach(tmp_path, "init", str(made), "--install", "caicach").returncode == 0
    _git(made, "init", "-q")
    (made / "plans" / "progress" / f".{PLAN}.yaml.lock").write_text("", encoding="utf-8")
    status = _git(made, "status", "--porcelain", "--untracked-files=all").stdout
    assert ".lock" not in status
    assert (made / ".gitattributes").read_text(encoding="utf-8") == (
        "plans/progress/*.yaml merge=caicach-log\n"
    )
