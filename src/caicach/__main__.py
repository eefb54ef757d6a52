"""`python -m caicach` and the `caicach` command. A Ctrl-C that comes while Python is still
importing caicach's CLI, before its own handler is in place, ends caicach as at any later moment:
one line and exit 130, never a traceback."""

import errno
import os
import sys


def run() -> None:
    try:
        from caicach.cli import main
    except KeyboardInterrupt:
        print("caicach: đã dừng (Ctrl-C)", file=sys.stderr)
        raise SystemExit(130) from None
    leave(main())


def leave(code: int) -> None:
    """End the process once what it printed is out. Python's own exit would then free every
    object and module one by one: 40 ms of a 0.25 s `caicach overdue` on the shipped plan, for
    nothing (every file caicach writes is closed, and replaced atomically, before this). What
    stdout cannot take at the end (a full disk) is said, as any other write's failure is."""
    try:
        if sys.stdout is not None:  # None: started with stdout closed (`caicach … >&-`)
            sys.stdout.flush()
    except OSError as exc:
        from caicach.errors import os_words

        if exc.errno != errno.EPIPE:  # a reader that stopped reading (`| head`) needs no message
            print(f"caicach: {os_words(exc)}", file=sys.stderr)
        code = code or 1
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except OSError:
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
