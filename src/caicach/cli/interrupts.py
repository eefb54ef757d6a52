"""Ctrl-C, handled from the first instruction: exit 130 and one line, never a traceback; and
never between writing an entry and saying so, so that a wrapper that retries on 130 cannot
record a report twice."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType


class Interrupted(BaseException):  # the user's act, not an error
    """Ctrl-C. A BaseException, so that nothing on the way (Click included) swallows it."""


_deferred = False
_pending = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _deferred:
        _pending = True
        return
    raise Interrupted


def install() -> None:
    with contextlib.suppress(ValueError):  # not the main thread: leave Python's default
        signal.signal(signal.SIGINT, _on_sigint)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done; the block's work then stands (exit as usual)."""
    global _deferred, _pending
    _deferred, _pending = True, False
    try:
        yield
    finally:
        _deferred = False
