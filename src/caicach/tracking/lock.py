"""The lock on a progress log: one writer at a time, waited for a bounded while."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from caicach.errors import CaicachError

LOCK_WAIT = 10.0  # seconds a writer waits for another to finish before giving up


@contextlib.contextmanager
def locked(path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """An exclusive lock on a file beside the log, waited for at most `wait` seconds. The lock
    file stays, so that every writer locks the same file whatever the log's renames."""
    with open(path.with_name(f".{path.name}.lock"), "a+") as lock:
        _acquire(lock, path, wait)
        try:
            yield
        finally:
            _release(lock)


def _busy(path: Path, wait: float) -> CaicachError:
    return CaicachError(
        f"{path}: một caicach khác đang ghi nhật ký này đã {wait:g} giây (hoặc bị dừng khi "
        "đang ghi); chưa ghi gì. Hãy thử lại; nếu không còn caicach nào chạy, khóa sẽ được "
        f"nhả khi tiến trình đó kết thúc ({path.with_name(f'.{path.name}.lock')})"
    )


def _acquire(lock: IO[str], path: Path, wait: float) -> None:
    if sys.platform == "win32":
        import msvcrt

        lock.seek(0)
        try:
            msvcrt.locking(lock.fileno(), msvcrt.LK_LOCK, 1)  # retries for 10 s, then fails
        except OSError:
            raise _busy(path, 10) from None
        return
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise _busy(path, wait) from None
            time.sleep(0.05)


def _release(lock: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        lock.seek(0)
        msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_UN)
