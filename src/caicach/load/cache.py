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
time read an old entry or a new one, never half of one.

A pickle runs code when read, so an entry is read only when the cache folder, its sub-folder and
the entry itself are each the user's own, writable by no one else, and none is a link: each is
opened without following links and checked on the open descriptor (`fstat`), the next one opened
relative to it, so nothing can be swapped in between the check and the read. That costs three
`open`s and `fstat`s a file, microseconds against the milliseconds of unpickling. Signing entries
with a per-user key would need a key file kept as safely as these folders are; a format other
than pickle (JSON of the validated models) would cost the speed the cache is for (validating
10,000 items again is what it saves). One that cannot be read (cut short, from
another version of a library, not a pickle) is a miss: the file is read again and the entry
replaced. `--no-cache` or `CAICACH_NO_CACHE=1` bypasses it all."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
import stat
import sys
import time
from collections.abc import Iterator
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


_POSIX = hasattr(os, "getuid") and os.open in os.supports_dir_fd
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Untrusted(OSError):
    """A folder or entry of the cache that someone else could have written."""


def _private(fd: int, *, folder: bool) -> int:
    """`fd` if what it opens is the user's own, writable by no one else, and of the kind
    expected; else it is closed and Untrusted raised."""
    st = os.fstat(fd)
    kind_ok = stat.S_ISDIR(st.st_mode) if folder else stat.S_ISREG(st.st_mode)
    if kind_ok and st.st_uid == os.getuid() and not st.st_mode & 0o022:
        return fd
    os.close(fd)
    raise Untrusted(fd)


def _open_private(name: str | Path, *, folder: bool, dir_fd: int | None = None) -> int:
    """Open `name` (relative to `dir_fd`) without following a link, and check it (above)."""
    flags = os.O_RDONLY | _NOFOLLOW | os.O_CLOEXEC | (_DIRECTORY if folder else 0)
    return _private(os.open(name, flags, dir_fd=dir_fd), folder=folder)


class Cache:
    """Values by key in one folder; a failure to read or write is never an error, only a miss."""

    def __init__(self, where: Path) -> None:
        self.where = where
        self.salt = _salt()
        self.wrote = 0

    def _place(self, key: tuple[str, ...]) -> tuple[str, str]:
        name = digest("\0".join((self.salt, *key)).encode())
        return name[:2], f"{name}.pickle"

    def _path(self, key: tuple[str, ...]) -> Path:
        sub, name = self._place(key)
        return self.where / sub / name

    @contextlib.contextmanager
    def _folder(self, sub: str, *, make: bool) -> Iterator[int | None]:
        """A descriptor of the checked sub-folder `sub` (made when `make`), reached from the
        checked cache folder; None where descriptors relative to a folder do not exist
        (Windows, where the profile folder is the user's own)."""
        if not _POSIX:
            if make:
                (self.where / sub).mkdir(parents=True, exist_ok=True)
            yield None
            return
        if make:
            self.where.mkdir(mode=0o700, parents=True, exist_ok=True)
        root = _open_private(self.where, folder=True)
        try:
            if make:
                os.fchmod(root, 0o700)  # the folder of a user whose umask lets others read
                with contextlib.suppress(FileExistsError):
                    os.mkdir(sub, 0o700, dir_fd=root)
            fd = _open_private(sub, folder=True, dir_fd=root)
        finally:
            os.close(root)
        try:
            yield fd
        finally:
            os.close(fd)

    def get(self, kind: type[T], *key: str) -> T | None:
        """The value stored under `key` when there is one of that type, else None."""
        sub, name = self._place(key)
        try:
            with self._folder(sub, make=False) as fd:
                if fd is None:
                    entry = os.open(
                        self.where / sub / name, os.O_RDONLY | getattr(os, "O_BINARY", 0)
                    )
                else:
                    entry = _open_private(name, folder=False, dir_fd=fd)
                with os.fdopen(entry, "rb") as f:
                    value = pickle.load(f)  # checked above: the user's own, all the way down
        except Exception:  # missing, not ours, cut short, unpicklable: read the file again
            return None
        return value if isinstance(value, kind) else None

    def put(self, value: object, *key: str) -> None:
        sub, name = self._place(key)
        try:
            with self._folder(sub, make=True) as fd:
                _write_entry(self.where / sub, name, fd, value)
            self.wrote += 1
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # a read-only home, a full disk, a folder not ours: only slower

    def prune(self) -> None:
        """Forget entries written over a month ago (each edit of a plan leaves its old entry
        behind; one still in use is written again at its next miss). Links are not followed:
        only what is in the cache folder itself goes."""
        horizon = time.time() - _MAX_AGE
        with contextlib.suppress(OSError), os.scandir(self.where) as subs:
            for sub in subs:
                if not sub.is_dir(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError), os.scandir(sub.path) as entries:
                    for entry in entries:
                        with contextlib.suppress(OSError):
                            if entry.stat(follow_symlinks=False).st_mtime < horizon:
                                os.unlink(entry.path)


def _write_entry(folder: Path, name: str, fd: int | None, value: object) -> None:
    """The pickle of `value` written whole under a temporary name in the folder, then renamed
    onto `name`: relative to the checked descriptor `fd` where there is one."""
    tmp = f".{secrets.token_hex(8)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC
    out = os.open(
        tmp if fd is not None else folder / tmp,
        flags | getattr(os, "O_BINARY", 0),
        0o600,
        dir_fd=fd,
    )
    try:
        with os.fdopen(out, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        if fd is None:
            os.replace(folder / tmp, folder / name)
        else:
            os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
    finally:
        with contextlib.suppress(FileNotFoundError):
            if fd is None:
                os.unlink(folder / tmp)
            else:
                os.unlink(tmp, dir_fd=fd)


def _trusted(where: Path) -> bool:
    """Entries are pickles, run as code when read: only a folder that is the user's own, not a
    link, and that no one else may write into is used (one that does not exist yet is made so).
    Each entry and its sub-folder are checked again when read (`Cache.get`)."""
    if not hasattr(os, "getuid"):  # Windows: the profile folder is the user's own
        return True
    try:
        st = where.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o022


def open_cache(enabled: bool = True) -> Cache | None:
    """The cache to use, or None when the user turned it off or its folder is not theirs."""
    if not enabled or disabled_by_env():
        return None
    where = folder()
    return Cache(where) if _trusted(where) else None
