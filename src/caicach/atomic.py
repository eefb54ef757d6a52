"""Writing a file so that a crash leaves either the old file or the new one, never half of it.
The one way caicach replaces a file: logs, imported plans and workbooks all go through here."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from caicach.errors import CaicachError, UsageError


def default_mode() -> int:
    """What a new file gets from the user's umask (mkstemp's 0600 would hide it from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _temporary_beside(path: Path) -> str:
    """A new empty file in the folder of `path`, to be renamed onto it when complete."""
    if not path.parent.is_dir():
        raise CaicachError(f"{path.parent}: không có thư mục này; chưa ghi gì")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return tmp


def writable_target(path: Path) -> Path:
    """Where writing `path` lands: through a symbolic link to the file it names (the link stays a
    link), and never onto a device, a FIFO or a folder."""
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise UsageError(f"{path}: không phải tệp thường (thiết bị, FIFO hay thư mục); chưa ghi gì")
    return target


def replace_atomically(path: Path, write: Callable[[str], None]) -> None:
    """Call `write` with a temporary file's name beside `path`, then rename it onto `path`,
    keeping the mode of the file it replaces. A link is written through to its target."""
    path = writable_target(path)
    tmp = _temporary_beside(path)
    try:
        write(tmp)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else default_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomically(path: Path, text: str) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())

    replace_atomically(path, write)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    def write(tmp: str) -> None:
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())

    replace_atomically(path, write)
