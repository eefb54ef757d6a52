"""Commands for plan repositories: schema, init."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer._click.core import ParameterSource

from caicach.errors import UsageError


class Kind(StrEnum):
    plan = "plan"
    agencies = "agencies"
    progress = "progress"
    scoring = "scoring"
    reporting = "reporting"
    office = "office"
    targets = "targets"


class Output(StrEnum):
    overdue = "overdue"
    list = "list"
    summary = "summary"
    matrix = "matrix"
    show = "show"
    validate = "validate"


def schema_cmd(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="Loại tệp.")] = Kind.plan,
    output: Annotated[
        Output | None,
        typer.Option(
            "--output",
            metavar="LỆNH",
            help="In JSON Schema của bản in -f json của một lệnh thay cho tệp đầu vào: overdue, "
            "list, summary, matrix, show, validate.",
        ),
    ] = None,
) -> None:
    """In JSON Schema (draft 7) của một loại tệp, cho trình soạn thảo và CI; với --output, của
    bản in -f json của một lệnh (khuôn dạng ổn định mà các chương trình khác đọc).

    Tệp trong plans/ ghi dòng «# yaml-language-server: $schema=../schemas/plan.schema.json»
    để VS Code (YAML extension) gợi ý và kiểm tra khóa.

    Ví dụ:

    \b
      caicach schema > plan.schema.json
      caicach schema progress
      caicach schema --output overdue > overdue.schema.json
    """
    if output is None:
        from caicach.authoring.scaffold import schema_text

        sys.stdout.write(schema_text(kind.value))
        return
    if ctx.get_parameter_source("kind") is not ParameterSource.DEFAULT:
        raise UsageError(f"chọn một: loại tệp ({kind.value}) hoặc --output {output.value}")
    from caicach.render.formats.output_schema import output_schema

    sys.stdout.write(json.dumps(output_schema(output.value), ensure_ascii=False, indent=2) + "\n")


def init_cmd(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Thư mục mới hoặc rỗng.")],
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            metavar="SPEC",
            help="Yêu cầu pip để CI và pre-commit cài caicach, vd. "
            '"caicach @ git+https://…/caicach@v0.1.0"; mặc định: kho nguồn mà bản caicach này '
            "ghi trong siêu dữ liệu hoặc đã được cài từ đó.",
        ),
    ] = None,
    province: Annotated[
        str | None,
        typer.Option(
            "--province",
            metavar="TỈNH",
            help="Danh mục cơ quan của một trong 34 tỉnh, thành phố từ 01/07/2025 (UBND, Văn "
            'phòng, các sở, mọi xã, phường, đặc khu với mã), vd. "Bắc Ninh" hay "bac ninh"; '
            "mặc định: kế hoạch mẫu của tỉnh Quảng Ngãi.",
        ),
    ] = None,
) -> None:
    """Tạo kho kế hoạch mới: plans/ (danh mục cơ quan, kế hoạch mẫu, progress/), schemas/,
    quy trình GitHub Actions và cấu hình pre-commit.

    Ví dụ:

    \b
      caicach init ke-hoach-cchc --install "caicach @ git+https://…/caicach@v0.1.0"
      caicach init ke-hoach-bac-ninh --province "Bắc Ninh" --install "…"
      cd ke-hoach-cchc && caicach validate
    """
    from caicach.authoring.scaffold import init, install_spec
    from caicach.load.folders import bundled_plans

    shipped = bundled_plans()
    if shipped is None:
        raise UsageError("bản cài này thiếu các kế hoạch kèm theo caicach")
    for path in init(directory, shipped, install_spec(install), province):
        print(path, file=sys.stderr)
