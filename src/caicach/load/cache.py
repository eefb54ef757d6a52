"""What loading a file gave, kept between runs so that an unchanged file is not parsed, validated
and resolved again: 10,000 items read from YAML take seconds, from here a fraction of one.

An entry is found by a key made of everything its value depends on: the file's path and the
sha256 of its bytes, the digests of the files it was checked against (the registry; for a log,
the plans), and the salt: caicach's version, Python's, and the size and time of every module of
caicach (so an edited checkout never reads what an older one wrote). A changed byte makes a new
key, so an entry is never stale; only what loaded without a problem is kept.

Entries are pickles in the user's cache folder (`CAICACH_CACHE_DIR`, else `$XDG_CACHE_HOME/caicach`,
`~/Library/Caches/caicach`, `%LOCALAPPDATA%\\caicach\\Cache`, `~/.cache/caicach`), in a folder only
its owner may open. Each is written whole beside its place and renamed onto it, so runs at the same
time read an old entry or a new one, never half of one. One that cannot be read (cut short, from
another version of a library, not a pickle) is a miss: the file is read again and the entry
replaced. `--no-cache` or `CAICACH_NO_CACHE=1` bypasses it all."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import TypeVar

import caicach

T = TypeVar("T")

_LAYOUT = "1"  # bumped when what an entry holds changes shape
_MAX_AGE = 30 * 86400  # entries written this long ago go when new ones are written


def folder() -> Path:
    """The user's cache folder for caicach, by the platform's convention."""
    if chosen := os.environ.get("CAICACH_CACHE_DIR"):
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "caicach" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "caicach"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "caicach"


def disabled_by_env() -> bool:
    return os.environ.get("CAICACH_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _salt() -> str:
    """caicach's version, Python's, and the size and time of each of caicach's modules."""
    package = Path(caicach.__file__).parent
    parts = [_LAYOUT, caicach.__version__, sys.version]
    for module in sorted(package.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = module.stat()
            parts.append(f"{module.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return digest("\n".join(parts).encode())


class Cache:
    """Values by key in one folder; a failure to read or write is never an error, only a miss."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.salt = _salt()
        self.wrote = 0

    def _path(self, key: tuple[str, ...]) -> Path:
        name = digest("\0".join((self.salt, *key)).encode())
        return self.where / name[:2] / f"{name}.pickle"

    def get(self, kind: type[T], *key: str) -> T | None:
        """The value stored under `key` when there is one of that type, else None."""
        try:
            with self._path(key).open("rb") as f:
                value = pickle.load(f)  # our own folder, mode 0700
        except Exception:  # missing, cut short, unpicklable: read the file again instead
            return None
        return value if isinstance(value, kind) else None

    def put(self, value: object, *key: str) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.where.chmod(0o700)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            self.wrote += 1
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # a read-only home, a full disk: caicach still works, only slower

    def prune(self) -> None:
        """Forget entries written over a month ago (each edit of a plan leaves its old entry
        behind; one still in use is written again at its next miss)."""
        horizon = time.time() - _MAX_AGE
        with contextlib.suppress(OSError):
            for sub in self.where.iterdir():
                for entry in sub.iterdir() if sub.is_dir() else ():
                    with contextlib.suppress(OSError):
                        if entry.stat().st_mtime < horizon:
                            entry.unlink()


def _trusted(where: Path) -> bool:
    """Entries are pickles, run as code when read: only a folder that is the user's own and that
    no one else may write into is used (one that does not exist yet is made so)."""
    if not hasattr(os, "getuid"):  # Windows: the profile folder is the user's own
        return True
    try:
        st = where.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def open_cache(enabled: bool = True) -> Cache | None:
    """The cache to use, or None when the user turned it off or its folder is not theirs."""
    if not enabled or disabled_by_env():
        return None
    where = folder()
    return Cache(where) if _trusted(where) else None
