"""Entry point: runs the Typer app and turns errors into messages and exit codes, in one place.

Exit codes: 0 success; 1 problems in the input (all listed on stderr) or a file that cannot be
read or written; 2 usage error (Typer's own, or ours: an unknown agency or item); 130
interrupted. A bug is not caught: its traceback is
worth more than a polite message."""

from __future__ import annotations

from caicach.cli import interrupts

interrupts.install()

import gc  # noqa: E402
import sys  # noqa: E402  # after the Ctrl-C handler: an interrupt during imports exits cleanly

from caicach.errors import CaicachError, CheckResult, ProblemsError, os_words  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    interrupts.install()
    thresholds = gc.get_threshold()
    try:
        interrupts.start()
        from caicach.cli import streams

        streams.prepare()
        return _run(argv)
    except interrupts.Interrupted:
        _say("caicach: đã dừng (Ctrl-C)")
        return 130
    finally:
        interrupts.uninstall()
        gc.unfreeze()  # what a command froze (its plans) is the collector's again,
        gc.set_threshold(*thresholds)  # as often as before (see `options.load`)


def _run(argv: list[str] | None) -> int:
    from typer import Abort
    from typer._click import exceptions as click_errors

    try:
        from caicach.cli import options
        from caicach.cli.app import for_args

        options.set_caching(True)  # until this run's --no-cache says otherwise
        options.set_plans(None)  # until this run's --plans (or CAICACH_PLANS) says otherwise
        args = sys.argv[1:] if argv is None else argv
        # Not standalone: Typer's own messages are English; its mistakes are said in cli.usage
        done = for_args(args)(args=args, prog_name="caicach", standalone_mode=False)
        return done if isinstance(done, int) else 0
    except click_errors.NoArgsIsHelpError as exc:
        exc.show()  # `caicach` alone: the list of commands
        return 0
    except click_errors.ClickException as exc:
        from caicach.cli.usage import message

        _say(message(exc))
        return exc.exit_code
    except Abort:  # a question left unanswered (Ctrl-D at "Ghi … mục?"): nothing was done
        _say("caicach: đã hủy, không ghi gì")
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ProblemsError as exc:
        from caicach.render import reporter

        reporter("text", sys.stdout, sys.stderr).report(CheckResult(tuple(exc.problems)))
        return exc.exit_code
    except CaicachError as exc:
        _say(f"caicach: {exc}")
        return exc.exit_code
    except OSError as exc:  # a folder that does not exist, a disk that is full, no permission
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"caicach: {where}{os_words(exc)}")
        return 1
    return 0


def _say(message: str) -> None:
    from caicach.render.safe import printable

    print(printable(message), file=sys.stderr)
