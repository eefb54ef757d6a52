"""The frame of every help in Vietnamese: Typer (click) writes its headings, the usage line, the
brackets after an option ("[default: …]"), the type of a value ("<str>") and its own options'
help in English, always through one help formatter; the commands here make their contexts use
this one, so each word is translated in one place and no command has to think of it."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from typer._click.core import Context, Parameter
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

# `-h` is what people type first; both print the same help.
CONTEXT = {"help_option_names": ["-h", "--help"]}

HEADINGS = {
    "Usage: ": "Cách dùng: ",
    "Options": "Tùy chọn",
    "Arguments": "Đối số",
    "Commands": "Lệnh",
}

# The help of the options Typer adds itself: the help option and the completion ones.
OWN_HELP = {
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Install completion for the current shell.": (
        "Cài gợi ý lệnh (phím Tab) cho shell đang dùng; mở lại cửa sổ dòng lệnh để có hiệu lực."
    ),
    "Show completion for the current shell, to copy it or customize the installation.": (
        "In đoạn mã gợi ý lệnh (phím Tab) của shell đang dùng, để chép vào tệp cấu hình của shell "
        "hoặc tự cài theo cách khác."
    ),
    "Install completion for the specified shell.": "Cài gợi ý lệnh (phím Tab) cho shell đã chọn.",
    "Show completion for the specified shell, to copy it or customize the installation.": (
        "In đoạn mã gợi ý lệnh (phím Tab) của shell đã chọn, để chép hoặc tự cài."
    ),
}

# What Typer says in the brackets after a help text: "[default: any; required]".
EXTRAS = (
    ("default: ", "mặc định: "),
    ("env var: ", "biến môi trường: "),
    ("required", "bắt buộc"),
)

# The kind of value an option takes, as Typer names it between < and >; choices (`<lead|co>`)
# are what the user types and stay as they are.
VALUE_KINDS = {
    "str": "chữ",
    "int": "số",
    "int range": "số",
    "float": "số",
    "float range": "số",
    "bool": "có/không",
    "path": "đường dẫn",
    "file": "tệp",
    "dir": "thư mục",
    "directory": "thư mục",
    "list[Path]": "đường dẫn…",
    "list[str]": "chữ…",
    "datetime": "ngày giờ",
}

# Words of the usage line Typer writes itself.
USAGE_WORDS = {"[OPTIONS]": "[TÙY CHỌN]", "COMMAND [ARGS]...": "LỆNH [ĐỐI SỐ]..."}
# The names of values: those a command gives (`metavar="DIR"`) and those Typer makes from a
# parameter a command leaves unnamed (`[paths]...`).
VALUE_NAMES = {
    "paths": "TỆP",
    "source": "VĂN_BẢN",
    "kind": "LOẠI",
    "DIR": "THƯ_MỤC",
    "FILE": "TỆP",
    "SPEC": "GÓI",
}
_USAGE_RX = re.compile(
    "|".join(
        [re.escape(word) for word in USAGE_WORDS]
        # a whole word, never a piece of an option's name (`--source`)
        + [rf"(?<![\w-]){name}(?![\w-])" for name in VALUE_NAMES]
    )
)
_KIND_RX = re.compile(r"<([^<>]+)>")
_EXTRAS_RX = re.compile(r"\[([^\[\]]*)\]\Z")


def usage_args(text: str) -> str:
    def _word(m: re.Match[str]) -> str:
        word = m.group(0)
        return USAGE_WORDS.get(word) or VALUE_NAMES[word]

    return _USAGE_RX.sub(_word, text)


def term(text: str) -> str:
    """An option's or argument's column: `-a, --agency <str>` → `-a, --agency <chữ>`."""
    text = usage_args(text)
    return _KIND_RX.sub(lambda m: f"<{VALUE_KINDS.get(m.group(1), m.group(1))}>", text)


def help_text(text: str) -> str:
    """An option's help: Typer's own options said in Vietnamese, the brackets after it too."""
    text = OWN_HELP.get(text, text)
    m = _EXTRAS_RX.search(text)
    if m is None:
        return text
    parts = [_extra(part) for part in m.group(1).split("; ")]
    return f"{text[: m.start()]}[{'; '.join(parts)}]"


def _extra(part: str) -> str:
    for english, vietnamese in EXTRAS:
        if part.startswith(english):
            return vietnamese + part[len(english) :]
    return part


class Formatter(HelpFormatter):
    """click's help formatter, each English word of its frame said in Vietnamese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog, usage_args(args), HEADINGS["Usage: "] if prefix is None else prefix
        )

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(HEADINGS.get(name, name)):
            yield

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term(a), help_text(b)) for a, b in rows], col_max, col_spacing)


class VietnameseContext(Context):
    formatter_class = Formatter


class Command(TyperCommand):
    context_class = VietnameseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _completing(self)


class Group(TyperGroup):
    context_class = VietnameseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _completing(self)

    def get_params(self, ctx: Context) -> list[Parameter]:
        # Typer appends its completion options once the group is made: their callback is
        # replaced here, where every parse and every help reads the options
        params = super().get_params(ctx)
        for param in params:
            if param.name == "install_completion":
                param.callback = _install_completion
        return params


def _install_completion(ctx: Context, param: Parameter, value: Any) -> Any:
    """Typer's --install-completion, its confirmation said in Vietnamese, on stderr."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=value if isinstance(value, str) else None)
    name = getattr(shell, "value", shell)  # some typer releases give the Shells enum, not its name
    print(
        f"Đã cài gợi ý lệnh cho {name} vào {path}; mở lại cửa sổ dòng lệnh để có hiệu lực.",
        file=sys.stderr,
    )
    raise SystemExit(0)


def _completing(command: Command | Group) -> None:
    """What users type is completed by what the plans hold (cli.complete), for every command
    that takes it, by the parameter's name: set on click's own hook, so Typer's `autocompletion`
    does not filter the answers by the letters typed (`so tu` → "Sở Tư pháp")."""
    from caicach.cli.complete import BY_PARAMETER

    for param in command.params:
        if param.name in BY_PARAMETER and param._custom_shell_complete is None:
            param._custom_shell_complete = BY_PARAMETER[param.name]
