"""Every writer writes only inside the folder it was given: a link planted in it (a file or a
sub-folder) is refused with its name, and nothing outside is touched."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from caicach import atomic
from tests.conftest import SEED, Run

AS_OF = "2024-04-15"


def _outside(tmp_path: Path) -> Path:
    """Someone else's folder, with files caicach must never change."""
    other = tmp_path / "someone-else"
    other.mkdir()
    for name in ("index.html", "style.css", "kept.txt"):
        (other / name).write_text(f"do not touch {name}\n", encoding="utf-8")
    return other


def _untouched(other: Path) -> None:
    assert sorted(p.name for p in other.iterdir()) == ["index.html", "kept.txt", "style.css"]
    for p in other.iterdir():
        assert p.read_text(encoding="utf-8") == f"do not touch {p.name}\n"


@pytest.mark.parametrize(
    ("planted", "link_to"),
    [("index.html", "index.html"), ("style.css", "style.css"), ("co-quan", ".")],
)
def test_site_does_not_write_through_a_link_planted_in_its_folder(
    run: Run, plans: Path, tmp_path: Path, planted: str, link_to: str
) -> None:
    other = _outside(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / planted).symlink_to(other / link_to)
    result = run("site", "-o", str(site), "--as-of", AS_OF, "--plans", str(plans))
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"caicach: {site / planted}: là liên kết tượng trưng; caicach không ghi qua liên kết "
        "(xoá nó hoặc chọn chỗ khác); chưa ghi gì"
    )
    _untouched(other)
    assert (site / planted).is_symlink()


def test_site_with_all_three_links_planted_writes_nothing_outside(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    other = _outside(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").symlink_to(other / "index.html")
    (site / "style.css").symlink_to(other / "style.css")
    (site / "co-quan").symlink_to(other)
    assert run("site", "-o", str(site), "--as-of", AS_OF, "--plans", str(plans)).code == 2
    _untouched(other)


def test_a_site_folder_given_as_a_link_is_written_where_it_leads(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    """The folder the user names is theirs to point anywhere; only what is inside is checked."""
    real = tmp_path / "real-site"
    real.mkdir()
    given = tmp_path / "site"
    given.symlink_to(real)
    result = run("site", "-o", str(given), "--as-of", AS_OF, "--plans", str(plans))
    assert result.code == 0, result.err
    assert (real / "index.html").is_file()
    assert (real / "co-quan" / "index.html").is_file()


def test_a_workbook_is_not_written_through_a_planted_link(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    other = _outside(tmp_path)
    out = tmp_path / "bc.xlsx"
    out.symlink_to(other / "kept.txt")
    result = run("report", "-o", str(out), "--force", "--plans", str(plans))
    assert result.code == 2
    assert result.err == (
        f"caicach: {out}: là liên kết tượng trưng; caicach không ghi qua liên kết "
        "(xoá nó hoặc chọn chỗ khác); chưa ghi gì\n"
    )
    _untouched(other)


def test_a_dangling_link_is_not_a_way_to_create_a_file_elsewhere(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    other = _outside(tmp_path)
    out = tmp_path / "bc.xlsx"
    out.symlink_to(other / "new.xlsx")  # exists() is False: refuse_existing lets it by
    assert run("report", "-o", str(out), "--plans", str(plans)).code == 2
    _untouched(other)


def test_a_notice_is_not_written_through_a_planted_link(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    other = _outside(tmp_path)
    out = tmp_path / "cv.docx"
    out.symlink_to(other / "kept.txt")
    args = ("urge", "-a", "Sở Xây dựng", "--as-of", AS_OF, "-o", str(out), "--force")
    result = run(*args, "--plans", str(plans))
    assert result.code == 2
    assert f"caicach: {out}: là liên kết tượng trưng" in result.err
    _untouched(other)


def test_import_does_not_write_through_planted_links(run: Run, plans: Path, tmp_path: Path) -> None:
    other = _outside(tmp_path)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "new.yaml"
    out.symlink_to(other / "kept.txt")
    result = run("import", str(SEED), "-o", str(out), "--force", "--plans", str(plans))
    assert result.code == 2
    assert f"caicach: {out}: là liên kết tượng trưng" in result.err
    _untouched(other)


def test_import_does_not_add_agencies_through_a_linked_registry(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    other = _outside(tmp_path)
    registry = plans / "agencies.yaml"
    (other / "kept.txt").write_text(registry.read_text(encoding="utf-8"), encoding="utf-8")
    registry.unlink()
    registry.symlink_to(other / "kept.txt")
    before = (other / "kept.txt").read_text(encoding="utf-8")
    source = tmp_path / "kh.txt"
    text = SEED.read_text(encoding="utf-8")
    source.write_text(text.replace("Sở Tư pháp", "Sở Chưa Có Tên", 1), encoding="utf-8")
    result = run("import", str(source), "-o", str(plans / "new.yaml"), "--plans", str(plans))
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"caicach: {registry}: là liên kết tượng trưng; caicach không ghi qua liên kết "
        "(xoá nó hoặc chọn chỗ khác); chưa ghi gì"
    )
    assert (other / "kept.txt").read_text(encoding="utf-8") == before


def test_init_writes_only_inside_its_folder(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "repo"
    result = run("init", str(target), "--install", "caicach")
    assert result.code == 0, result.err
    written = [p for p in target.rglob("*") if p.is_file()]
    assert written
    assert all(p.resolve().is_relative_to(target.resolve()) for p in written)


def test_a_sub_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "co-quan").write_text("a file", encoding="utf-8")
    with pytest.raises(atomic.UsageError) as refused:
        atomic.Within(tmp_path).write_text("co-quan/x.html", "x")
    assert str(refused.value) == f"{tmp_path / 'co-quan'}: không phải thư mục; chưa ghi gì"


def test_a_link_swapped_in_just_before_the_rename_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race: the name is no link when checked, then one is put there before the rename."""
    other = _outside(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    real_chmod = atomic.os.fchmod  # the temporary file's mode is set, the rename comes next

    def chmod_then_plant(fd: int, mode: int) -> None:
        real_chmod(fd, mode)
        (site / "index.html").symlink_to(other / "index.html")

    monkeypatch.setattr(atomic.os, "fchmod", chmod_then_plant)
    with pytest.raises(atomic.UsageError, match="là liên kết tượng trưng"):
        atomic.Within(site).write_text("index.html", "<p>x</p>")
    monkeypatch.undo()
    _untouched(other)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"], "no temporary file is left"


def test_a_folder_swapped_for_a_link_before_the_rename_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = _outside(tmp_path)
    site = tmp_path / "site"
    (site / "co-quan").mkdir(parents=True)
    real_chmod = atomic.os.fchmod

    def chmod_then_swap(fd: int, mode: int) -> None:
        real_chmod(fd, mode)
        (site / "co-quan").rename(tmp_path / "moved")
        (site / "co-quan").symlink_to(other)

    monkeypatch.setattr(atomic.os, "fchmod", chmod_then_swap)
    with pytest.raises(atomic.UsageError, match="vừa bị thay"):
        atomic.Within(site).write_text("co-quan/index.html", "<p>x</p>")
    monkeypatch.undo()
    _untouched(other)


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd to count in")
def test_folders_kept_open_for_many_files_still_refuse_a_swapped_folder(tmp_path: Path) -> None:
    """A `with Within(…)` opens each folder once for all its files: a folder swapped for a link
    between two files is still seen, and nothing goes through the link."""
    other = _outside(tmp_path)
    site = tmp_path / "site"
    before = _open_fds()
    with atomic.Within(site) as folder:
        folder.write_text("co-quan/a.html", "<p>a</p>")
        folder.write_text("co-quan/b.html", "<p>b</p>")
        (site / "co-quan").rename(tmp_path / "moved")
        (site / "co-quan").symlink_to(other)
        with pytest.raises(atomic.UsageError, match="vừa bị thay"):
            folder.write_text("co-quan/c.html", "<p>c</p>")
    assert _open_fds() == before  # the folders kept open are closed at the end
    _untouched(other)
    moved = sorted(p.name for p in (tmp_path / "moved").iterdir())
    assert moved == ["a.html", "b.html"], "and no temporary file is left"
    assert (tmp_path / "moved" / "b.html").read_text(encoding="utf-8") == "<p>b</p>"


def _immutable(folder: Path) -> bool:
    """A folder no one may write into, root included (`chattr +i`), where the file system
    allows it: root ignores a folder's mode."""
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    return done.returncode == 0


def test_a_folder_that_cannot_be_written_is_named(run: Run, plans: Path, tmp_path: Path) -> None:
    out = tmp_path / "read-only"
    out.mkdir()
    if os.getuid() != 0:
        out.chmod(0o555)
    elif not _immutable(out):
        pytest.skip("no way to make a folder read-only for root here (chattr)")
    try:
        result = run("report", "-o", str(out / "bc.xlsx"), "--plans", str(plans))
    finally:
        subprocess.run(["chattr", "-i", str(out)], capture_output=True, check=False)
        out.chmod(0o755)
    assert result.code == 1
    assert result.err.startswith(f"caicach: {out}: không ghi được vào thư mục này (")
    assert result.err.endswith("); chưa ghi gì\n")
    assert list(out.iterdir()) == []
