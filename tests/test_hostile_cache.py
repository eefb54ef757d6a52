"""The cache's pickles run code when read: an entry is read only when the cache folder, its
sub-folder and the entry itself are the user's own, writable by no one else, and no link."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from caicach.load import cache as cache_module
from tests.conftest import Run

OVERDUE = ("overdue", "--as-of", "2024-04-15", "-f", "json")
OTHER_USER = 65534  # nobody

pytestmark = pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0,
    reason="POSIX permissions; giving a file to another user needs root",
)


class Planted:
    """A pickle that, when loaded, leaves a mark: the code an attacker would run."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[Callable[..., object], tuple[str, str]]:
        return (os.system, (f"touch {self.mark}",))


def _entries() -> list[Path]:
    return sorted(cache_module.folder().rglob("*.pickle"))


def _plant(entry: Path, mark: Path) -> None:
    entry.write_bytes(pickle.dumps(Planted(mark)))


def _sub_writable_by_others(entry: Path, mark: Path) -> None:
    _plant(entry, mark)
    entry.parent.chmod(0o777)


def _entry_of_another_user(entry: Path, mark: Path) -> None:
    _plant(entry, mark)
    os.chown(entry, OTHER_USER, OTHER_USER)


def _entry_writable_by_others(entry: Path, mark: Path) -> None:
    _plant(entry, mark)
    entry.chmod(0o666)


def _sub_of_another_user(entry: Path, mark: Path) -> None:
    _plant(entry, mark)
    os.chown(entry.parent, OTHER_USER, OTHER_USER)


def _sub_linked_elsewhere(entry: Path, mark: Path) -> None:
    elsewhere = entry.parent.parent.parent / f"someone-else-{entry.parent.name}"
    if not entry.parent.is_symlink():  # two entries may share a sub-folder
        shutil.move(entry.parent, elsewhere)
        entry.parent.symlink_to(elsewhere)
    _plant(elsewhere / entry.name, mark)


def _entry_linked_elsewhere(entry: Path, mark: Path) -> None:
    elsewhere = entry.parent.parent.parent / f"planted-{entry.name}"
    _plant(elsewhere, mark)
    entry.unlink()
    entry.symlink_to(elsewhere)


@pytest.mark.parametrize(
    "plant",
    [
        _sub_writable_by_others,
        _entry_of_another_user,
        _entry_writable_by_others,
        _sub_of_another_user,
        _sub_linked_elsewhere,
        _entry_linked_elsewhere,
    ],
)
def test_a_planted_entry_is_never_loaded(
    run: Run, plans: Path, tmp_path: Path, plant: Callable[[Path, Path], None]
) -> None:
    first = run(*OVERDUE, "--plans", str(plans))
    assert first.code == 0, first.err
    mark = tmp_path / "the-planted-code-ran"
    entries = _entries()
    assert entries
    for entry in entries:
        plant(entry, mark)
    again = run(*OVERDUE, "--plans", str(plans))
    assert not mark.exists(), "a pickle someone else could write was loaded"
    assert (again.code, again.out, again.err) == (0, first.out, first.err)


def test_a_cache_folder_that_is_a_link_is_not_used(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    real = tmp_path / "real-cache"
    real.mkdir(mode=0o700)
    link = tmp_path / "link-cache"
    link.symlink_to(real)
    monkeypatch.setenv("CAICACH_CACHE_DIR", str(link))
    result = run(*OVERDUE, "--plans", str(plans))
    assert (result.code, result.err) == (0, "")
    assert list(real.iterdir()) == [], "nothing is written through the link"


def test_a_sub_folder_not_ours_is_not_written_into(run: Run, plans: Path) -> None:
    run(*OVERDUE, "--plans", str(plans))
    entries = _entries()
    for entry in entries:
        entry.unlink()
        os.chown(entry.parent, OTHER_USER, OTHER_USER)
    assert run(*OVERDUE, "--plans", str(plans)).code == 0
    assert _entries() == [], "no entry is put where another user could rewrite it"


def test_pruning_does_not_follow_a_link_out_of_the_cache(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    run(*OVERDUE, "--plans", str(plans))
    outside = tmp_path / "outside"
    outside.mkdir()
    old = outside / "kept.pickle"
    old.write_bytes(b"someone else's")
    os.utime(old, (0, 0))
    (cache_module.folder() / "zz").symlink_to(outside)
    cache = cache_module.open_cache()
    assert cache is not None
    cache.prune()
    assert old.read_bytes() == b"someone else's"


def test_entries_are_written_as_the_checks_want_them(run: Run, plans: Path) -> None:
    """What caicach writes passes its own checks (test_cache shows the second run reads it)."""
    run(*OVERDUE, "--plans", str(plans))
    entries = _entries()
    modes = {e.parent.stat().st_mode & 0o777 for e in entries} | {
        e.stat().st_mode & 0o777 for e in entries
    }
    assert modes <= {0o700, 0o600}
    assert all(e.stat().st_uid == os.getuid() for e in entries)
