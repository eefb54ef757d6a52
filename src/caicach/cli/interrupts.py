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


# Until `main` runs, a Ctrl-C is only noted (raising it in the middle of imports would print a
# traceback); `main` then exits 130 at once.
_deferred = True
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


def start() -> None:
    """From here on a Ctrl-C interrupts; one that came during start-up does so now."""
    global _deferred, _pending
    came, _deferred, _pending = _pending, False, False
    if came:
        raise Interrupted


def uninstall() -> None:
    """Python's own Ctrl-C again, once `main` is done (for a caller that imported caicach)."""
    global _deferred, _pending
    _deferred, _pending = True, False
    with contextlib.suppress(ValueError):
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Ctrl-C waits until the block is done; the block's work then stands (exit as usual)."""
    global _deferred, _pending
    _deferred, _pending = True, False
    try:
        yield
    finally:
        _deferred, _pending = False, False
