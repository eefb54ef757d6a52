"""The Typer app: its commands live in `read`, `overview`, `write`, `report`, `importing` and
`repo`; errors go up to `cli.main`."""

from __future__ import annotations

from typing import Annotated

import typer

from caicach import __version__
from caicach.cli import (
    forms,
    importing,
    options,
    overview,
    read,
    repo,
    report,
    site,
    urge,
    write,
)

app = typer.Typer(
    name="caicach",
    help=(
        "Theo dõi kế hoạch cải cách hành chính (CCHC): nhiệm vụ, cơ quan, thời hạn.\n\n"
        "Ví dụ:\n\n"
        "  caicach overdue --as-of 2024-04-15\n\n"
        '  caicach list --agency "so tu phap"\n\n'
        "  caicach show 1.đ\n\n"
        "  caicach validate"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
)


def _no_cache(value: bool) -> None:
    options.set_caching(not value)


def _version(value: bool) -> None:
    if value:
        print(f"caicach {__version__}")
        raise typer.Exit()


@app.callback()
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
) -> None:
    """Theo dõi kế hoạch cải cách hành chính (CCHC)."""


app.command("validate")(overview.validate_cmd)
app.command("list")(read.list_cmd)
app.command("overdue")(read.overdue_cmd)
app.command("due")(read.due_cmd)
app.command("show")(read.show_cmd)
app.command("log")(read.log_cmd)
app.command("summary")(overview.summary_cmd)
app.command("agencies")(overview.agencies_cmd)
app.command("matrix")(overview.matrix_cmd)
app.command("targets")(overview.targets_cmd)
app.command("report")(report.report_cmd)
app.command("site")(site.site_cmd)
app.command("urge")(urge.urge_cmd)
app.command("forms")(forms.forms_cmd)
app.command("collect")(forms.collect_cmd)
app.command("done")(write.done_cmd)
app.command("progress")(write.progress_cmd)
app.command("cancel")(write.cancel_cmd)
app.command("import")(importing.import_cmd)
app.command("schema")(repo.schema_cmd)
app.command("init")(repo.init_cmd)
