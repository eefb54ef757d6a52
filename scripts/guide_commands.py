"""MkDocs hook: a page of the guide for every command, made from the command's own help as
`caicach COMMAND --help` prints it, so that the guide never says other than the tool does."""

from __future__ import annotations

import contextlib
import io
import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

WIDTH = "80"  # the help as an 80-column terminal shows it, the same on every machine
SECTION = "Các lệnh"


def help_of(*args: str) -> str:
    """What `caicach ARGS` prints on stdout."""
    from caicach.cli import main

    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = main(list(args))
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before
    if code != 0:
        raise RuntimeError(f"caicach {' '.join(args)} exited {code}")
    return out.getvalue()


def commands() -> dict[str, str]:
    """Each command's name and what it does (its help's first paragraph), in the order
    `caicach --help` lists them."""
    from caicach.cli.app import COMMANDS, command

    # COMMANDS names each command's function ("read.overdue_cmd"); `command` imports it. The
    # first paragraph of its help, whole (a sentence may go on over several lines).
    return {name: _first_paragraph(command(name).__doc__ or "") for name in COMMANDS}


def _first_paragraph(doc: str) -> str:
    return " ".join(doc.strip().split("\n\n")[0].split())


def command_page(name: str, summary: str) -> str:
    return (
        f"# caicach {name}\n\n{summary}\n\n"
        f"Trang này in lại đúng hướng dẫn của lệnh (`caicach {name} --help`), "
        "lập tự động mỗi lần dựng hướng dẫn.\n\n"
        f"```text\n{help_of(name, '--help')}```\n"
    )


def index_page(listed: dict[str, str]) -> str:
    rows = "\n".join(f"| [`{name}`]({name}.md) | {summary} |" for name, summary in listed.items())
    return (
        "# Các lệnh\n\n"
        "Mỗi lệnh có một trang, in lại hướng dẫn của chính lệnh đó; trên máy, "
        "`caicach LỆNH -h` in cùng nội dung.\n\n"
        f"| Lệnh | Việc |\n|---|---|\n{rows}\n\n"
        f"```text\n{help_of('--help')}```\n"
    )


def on_config(config: MkDocsConfig, **_: Any) -> MkDocsConfig:
    pages = [{"Tất cả các lệnh": "lenh/index.md"}]
    pages += [{f"caicach {name}": f"lenh/{name}.md"} for name in commands()]
    for entry in config.nav or []:
        if isinstance(entry, dict) and SECTION in entry:
            entry[SECTION] = pages
    return config


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    listed = commands()
    files.append(File.generated(config, "lenh/index.md", content=index_page(listed)))
    for name, summary in listed.items():
        files.append(File.generated(config, f"lenh/{name}.md", content=command_page(name, summary)))
    return files
