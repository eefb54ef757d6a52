"""The Typer app: its commands live in `read`, `overview`, `write`, `report`, `importing` and
`repo`; errors go up to `cli.main`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer

from caicach import __version__
from caicach.cli import frame, options

HELP = (
    "Theo dõi kế hoạch cải cách hành chính (CCHC): nhiệm vụ, cơ quan, thời hạn.\n\n"
    "Ví dụ:\n\n"
    "  caicach overdue --as-of 2024-04-15\n\n"
    '  caicach list --agency "so tu phap"\n\n'
    "  caicach show 1.đ\n\n"
    "  caicach validate"
)


def _no_cache(value: bool) -> None:
    options.set_caching(not value)


def _version(value: bool) -> None:
    if value:
        print(f"caicach {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            callback=_no_cache,
            help="Đọc lại mọi tệp, không dùng bộ nhớ đệm (như đặt CAICACH_NO_CACHE=1). Bộ nhớ đệm "
            "giữ kết quả đọc từng tệp theo nội dung, nên không bao giờ cũ; nằm ở CAICACH_CACHE_DIR "
            "hoặc ~/.cache/caicach.",
        ),
    ] = False,
    plans: Annotated[
        Path | None,
        typer.Option(
            "--plans",
            envvar="CAICACH_PLANS",
            show_default=False,
            help="Thư mục kế hoạch, viết trước tên lệnh (như --plans sau tên lệnh; khi có cả "
            "hai, cái sau tên lệnh được dùng); mặc định: plans/ của kho kế hoạch chứa thư mục "
            "hiện tại (tìm lên các thư mục cha, như git), ngoài mọi kho thì kế hoạch mẫu kèm "
            "theo caicach.",
        ),
    ] = None,
) -> None:
    """Theo dõi kế hoạch cải cách hành chính (CCHC)."""
    options.set_plans(plans)


# Each command and where it lives (cli/<module>.py): a run imports only the module of the
# command it names (`caicach overdue` does not import the writers of workbooks and notices).
COMMANDS: dict[str, str] = {
    "validate": "overview.validate_cmd",
    "list": "read.list_cmd",
    "overdue": "read.overdue_cmd",
    "due": "read.due_cmd",
    "show": "read.show_cmd",
    "log": "read.log_cmd",
    "summary": "overview.summary_cmd",
    "agencies": "overview.agencies_cmd",
    "matrix": "overview.matrix_cmd",
    "targets": "overview.targets_cmd",
    "report": "report.report_cmd",
    "site": "site.site_cmd",
    "urge": "urge.urge_cmd",
    "remind": "remind.remind_cmd",
    "urged": "urge.urged_cmd",
    "forms": "forms.forms_cmd",
    "collect": "forms.collect_cmd",
    "done": "write.done_cmd",
    "progress": "write.progress_cmd",
    "cancel": "write.cancel_cmd",
    "import": "importing.import_cmd",
    "schema": "repo.schema_cmd",
    "init": "repo.init_cmd",
    "merge-log": "merge.merge_log_cmd",
}


def command(name: str) -> Callable[..., Any]:
    """The function of the command `name`, its module imported now."""
    module, _, function = COMMANDS[name].partition(".")
    found: Callable[..., Any] = getattr(import_module(f"caicach.cli.{module}"), function)
    return found


def _typer(names: Iterable[str]) -> typer.Typer:
    """An app holding the commands `names`, with the root options."""
    made = typer.Typer(
        name="caicach",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        add_completion=True,
        cls=frame.Group,
        context_settings=frame.CONTEXT,
    )
    made.callback()(_root)
    for name in names:
        made.command(name, cls=frame.Command)(command(name))
    return made


@functools.cache
def whole() -> typer.Typer:
    """The app of every command: `caicach`, `--help`, completion, anything unknown."""
    return _typer(COMMANDS)


def __getattr__(name: str) -> Any:
    if name == "app":  # `from caicach.cli.app import app`: built when first asked for
        return whole()
    raise AttributeError(name)


def for_args(args: list[str]) -> typer.Typer:
    """The app to run `args` with. Typer reads the signature of every command it holds before
    running one (a fifth of a cached `overdue`'s time): a run that names its command gets an app
    holding that command alone, with the same root options (`caicach --plans DIR overdue`
    names `overdue`); `caicach`, `--help`, completion and anything unknown get the whole app."""
    at = _command_at(args)
    first = args[at] if at is not None else None
    if first not in COMMANDS or any(arg in frame.CONTEXT["help_option_names"] for arg in args[:at]):
        return whole()
    return _typer([first])


_ROOT_VALUED = ("--plans",)  # root options that take a value: `caicach --plans DIR overdue`


def _command_at(args: list[str]) -> int | None:
    """Where the command name is: the first word that is neither an option nor a root option's
    value."""
    skip = False
    for at, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in _ROOT_VALUED:
            skip = True
        elif not arg.startswith("-"):
            return at
    return None
