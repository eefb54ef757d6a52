"""`caicach import`: a plan decision's text into plan YAML, or its differences with a plan file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caicach.cli.options import PlansOpt, load_workspace, plans_dir
from caicach.errors import UsageError

if TYPE_CHECKING:
    from caicach.importer import ImportResult


def import_cmd(
    source: Annotated[Path, typer.Argument(help="Văn bản kế hoạch: .txt (UTF-8) hoặc .docx.")],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Tệp YAML để ghi (mặc định: in ra màn hình)."),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check", help="So văn bản với tệp kế hoạch đã có; in khác biệt theo nhiệm vụ."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
) -> None:
    """Đọc văn bản quyết định ban hành kế hoạch thành tệp kế hoạch YAML.

    Dòng nào không đọc được đều được báo kèm số dòng (thoát 1, tệp YAML vẫn được ghi và ghi
    chú điều đó); cơ quan chưa có trong danh mục được giữ nguyên văn và cảnh báo.
    Với --check: thoát 0 khi không khác, 1 khi có khác biệt.

    Ví dụ:

    \b
      caicach import qd-1879-2024.txt -o plans/qd-1879-2024.yaml
      caicach import ke-hoach-2025.docx -o plans/ke-hoach-2025.yaml
      caicach import decision.txt --check plans/qd-1879-2024.yaml
    """
    from caicach import importer, yaml_source
    from caicach.atomic import write_atomically
    from caicach.errors import ProblemsError
    from caicach.model import PlanFile

    workspace = load_workspace(plans_dir(plans))
    result = importer.import_text(importer.read_source(source), workspace.registry)
    for number, message in result.warnings:
        print(f"{source}:{number}: warning: {message}", file=sys.stderr)
    for number, text, reason in result.not_understood:
        print(f"{source}:{number}: not understood ({reason}): {text}", file=sys.stderr)
    failed = bool(result.not_understood)
    if output is not None:
        if output.exists() and not force:
            raise UsageError(f"{output} exists; add --force to replace it")
        write_atomically(output, _document(source, result))
        print(f"Đã ghi {output}: {_count(result)} nhiệm vụ", file=sys.stderr)
    elif check is None:
        sys.stdout.write(_document(source, result))
    if check is not None:
        existing = yaml_source.load(check)
        try:
            old = PlanFile.model_validate(existing.data)
            new = PlanFile.model_validate(result.plan)
        except ValueError as exc:
            raise ProblemsError([existing.problem((), f"cannot compare: {exc}")]) from None
        found = importer.differences(old, new)
        for line in found:
            print(line)
        if not found:
            print(f"Không có khác biệt giữa {source} và {check}.")
        failed = failed or bool(found)
    if failed:
        raise typer.Exit(1)


def _count(result: ImportResult) -> int:
    return sum(len(i.get("subitems", [])) or 1 for i in result.plan["items"])


def _document(source: Path, result: ImportResult) -> str:
    from caicach.yaml_source import dump_document

    lines = [
        "# yaml-language-server: $schema=../schemas/plan.schema.json",
        f"# Made by `caicach import` from {source.name}. Check it against the decision; where the",
        "# text is ambiguous, keep the text and say how you read it in `notes`.",
    ]
    if result.not_understood:
        lines.append(
            f"# NOT COMPLETE: {len(result.not_understood)} line(s) of the text were not understood:"
        )
        lines += [f"#   line {n}: {text[:80]}" for n, text, _ in result.not_understood if text]
    if result.warnings:
        lines.append(f"# {len(result.warnings)} warning(s):")
        lines += [f"#   line {n}: {message}" for n, message in result.warnings]
    return "\n".join(lines) + "\n" + dump_document(result.plan)
