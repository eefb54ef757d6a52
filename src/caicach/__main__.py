"""`python -m caicach` and the `caicach` command. A Ctrl-C that comes while Python is still
importing caicach's CLI, before its own handler is in place, ends caicach as at any later moment:
one line and exit 130, never a traceback."""


def run() -> None:
    try:
        from caicach.cli import main
    except KeyboardInterrupt:
        import sys

        print("caicach: đã dừng (Ctrl-C)", file=sys.stderr)
        raise SystemExit(130) from None
    raise SystemExit(main())


if __name__ == "__main__":
    run()
