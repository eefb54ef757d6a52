"""`caicach import`: a plan decision's text into plan YAML, or its differences with a plan file."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from caicach.cli.options import PlansOpt, load, plans_folder, refuse_existing, today

if TYPE_CHECKING:
    from caicach.authoring.importer import ImportResult
    from caicach.plan.registry import Registry


class ImportFormat(StrEnum):
    yaml = "yaml"
    json = "json"


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
    fmt: Annotated[
        ImportFormat,
        typer.Option(
            "--format",
            "-f",
            help="yaml: tệp kế hoạch; json: xem trước những gì đọc được (kế hoạch, nhiệm vụ, "
            "vấn đề), không ghi gì.",
        ),
    ] = ImportFormat.yaml,
    plans: PlansOpt = None,
) -> None:
    """Đọc văn bản quyết định ban hành kế hoạch thành tệp kế hoạch YAML.

    Đọc được kế hoạch, công văn, chỉ thị, công điện, thông báo kết luận. Dòng nào trông như
    nhiệm vụ mà không đọc được đều được báo kèm số dòng (thoát 1, tệp YAML vẫn được ghi và ghi
    chú điều đó); đoạn không giao việc cho ai (mục tiêu, giải pháp, kinh phí) được bỏ qua và
    đếm; cơ quan chưa có trong danh mục được giữ nguyên văn và cảnh báo.
    Với --check: thoát 0 khi không khác, 1 khi có khác biệt.

    Ví dụ:

    \b
      caicach import qd-1879-2024.txt -o plans/qd-1879-2024.yaml
      caicach import ke-hoach-2025.docx -o plans/ke-hoach-2025.yaml
      caicach import decision.txt --check plans/qd-1879-2024.yaml
      caicach import ke-hoach-141.docx -f json
    """
    from caicach.atomic import write_atomically
    from caicach.authoring.compare import compare_with_file
    from caicach.authoring.importer import document, import_file, item_count
    from caicach.render.safe import printable

    folder = plans_folder(plans if plans is not None else _written_into(output))
    registry = load(folder, dated=False).registry
    if fmt is ImportFormat.json:
        from caicach.authoring.importer import preview

        seen = preview(source, registry, today().year)
        sys.stdout.write(json.dumps(seen, ensure_ascii=False, indent=2, default=str) + "\n")
        if seen["problems"]:
            raise typer.Exit(1)
        return
    result = import_file(source, registry, today().year)
    for number, message in result.warnings:
        print(printable(f"{source}:{number}: cảnh báo: {message}"), file=sys.stderr)
    for number, text, reason in result.not_understood:
        print(printable(f"{source}:{number}: không hiểu được ({reason}): {text}"), file=sys.stderr)
    if result.skipped:
        print(
            f"{source}: bỏ qua {len(result.skipped)} đoạn không giao việc cho cơ quan nào "
            "(mục tiêu, giải pháp, kinh phí…); xem từng đoạn với -f json",
            file=sys.stderr,
        )
    failed = bool(result.not_understood)
    if output is not None:
        refuse_existing(output, force, other=False)
        write_atomically(output, document(source, result))
        print(f"Đã ghi {output}: {item_count(result)} nhiệm vụ", file=sys.stderr)
        _add_agencies(output.parent / "agencies.yaml", result, registry, source)
    elif check is None:
        sys.stdout.write(document(source, result))
    if check is not None:
        found = compare_with_file(result.plan, source, check, folder.folder)
        for line in found:
            print(printable(line))
        if not found:
            print(f"Không có khác biệt giữa {source} và {check}.", file=sys.stderr)
        failed = failed or bool(found)
    if failed:
        raise typer.Exit(1)


def _written_into(output: Path | None) -> Path | None:
    """A plan written into a plans folder is read against that folder's own registry (a Bắc
    Ninh plan against Bắc Ninh's), never the sample's nor the current repository's."""
    if output is not None and (output.parent / "agencies.yaml").is_file():
        return output.parent
    return None


def _add_agencies(path: Path, result: ImportResult, registry: Registry, source: Path) -> None:
    """Into the registry of the plans folder written to, the agencies the plan names that it
    lacks, marked for a person to confirm, so that `validate` and `overdue` work at once."""
    from caicach.atomic import write_atomically
    from caicach.authoring.importer import registry_additions, unknown_agencies

    names = unknown_agencies(result, registry)
    if not names or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    keys = re.findall(r"(?m)^([a-z_]+):", text)
    if not keys or keys[-1] != "classes" or "\t" in text:
        print(f"{path}: hãy thêm tay các cơ quan này: {', '.join(names)}", file=sys.stderr)
        return
    if not text.endswith("\n"):
        text += "\n"
    write_atomically(path, text + registry_additions(names, registry, source))
    print(
        f"Đã thêm {len(names)} cơ quan vào {path} (giao chung, cần xác nhận): {', '.join(names)}",
        file=sys.stderr,
    )
