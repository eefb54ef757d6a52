"""Time and peak memory of the Excel status sheet for a large plan, beside XlsxWriter writing the
same detail rows (when XlsxWriter is installed: `pip install xlsxwriter`; it is not a dependency).

    python benchmarks/bench_report.py [--items 10000]

With `--forms PLANS`, the floor of `caicach forms --all`: every agency's form is made as caicach
makes it, its cells (value and style of each, merged ranges, drop-downs, protection) are kept in
a JSON file, then XlsxWriter in `constant_memory` mode writes the same cells into one file per
form, timed alone (no plans loaded, nothing assessed). Time `caicach forms --all` beside it:

    python benchmarks/bench_report.py --forms DIR [--as-of 2024-04-15]
    caicach --plans COPY-OF-DIR forms --all --as-of 2024-04-15 -o OUT
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench_load import build_plan, measure

from caicach.load.loader import load
from caicach.plan.registry import Registry
from caicach.render.xlsx import workbook as excel
from caicach.tracking import report
from caicach.tracking.matrix import matrix
from caicach.tracking.queries import Ask, Filters, assess_rows, select

AS_OF = date(2024, 4, 15)


def xlsxwriter_rows(built: report.Report, registry: Registry, path: Path) -> None:
    """The same detail and overdue rows, with the same fonts, borders, wrapping and dates."""
    import xlsxwriter  # type: ignore[import-not-found]

    wb = xlsxwriter.Workbook(str(path))
    base = {"font_name": "Times New Roman", "text_wrap": True, "border": 1, "valign": "top"}
    text = wb.add_format(base)
    day = wb.add_format({**base, "num_format": "dd/mm/yyyy"})
    late_text = wb.add_format({**base, "bg_color": "#FFC7CE"})
    late_day = wb.add_format({**base, "num_format": "dd/mm/yyyy", "bg_color": "#FFC7CE"})
    for name, rows in (("Chi tiết", built.rows), ("Quá hạn", built.overdue)):
        ws = wb.add_worksheet(name)
        for n, row in enumerate(rows, start=1):
            late = row.status is not None and row.status.status == "qua-han"
            for c, value in enumerate(excel._detail_values(n, row, registry)):
                is_day = isinstance(value, date)
                fmt = (late_day if is_day else late_text) if late else (day if is_day else text)
                if isinstance(value, str):
                    ws.write_string(n, c, value, fmt)
                elif value is None:
                    ws.write_blank(n, c, None, fmt)
                else:
                    ws.write(n, c, value, fmt)
    wb.close()


def _jsonable(value: Any) -> Any:
    return ["date", value.isoformat()] if isinstance(value, date) else value


def form_cells(folder: Path, day: date, out: Path) -> int:
    """Every form's sheets as caicach lays them out, their cells as (row, column, value, style),
    into `out`; returns the rows of the forms' tables."""
    from caicach.load.form_key import Key
    from caicach.render.xlsx import form as excel_form
    from caicach.tracking.forms import forms, new_id

    ws = load([folder])
    key = Key("bench", b"bench" * 8, "bench")
    taken: list[str] = []
    dumped, rows = [], 0
    for f in forms(ws, None, day):
        form_id = new_id(taken, f.agency, f.day)
        taken.append(form_id)
        wb = excel_form.workbook(f, form_id, key)
        sheets = []
        for sheet in wb.worksheets:
            cells = [
                [r, c, _jsonable(v), k[0] if k else None]
                for r, row in sorted(sheet._grid.items())  # type: ignore[union-attr]
                for c, (v, k) in sorted(row.items())
            ]
            merged = [[m.min_row, m.min_col, m.max_row, m.max_col] for m in sheet.merged_cells]
            checks = [
                [str(v.sqref), v.type, v.formula1] for v in sheet.data_validations.dataValidation
            ]
            widths = [sheet.column_dimensions[x].width for x in "ABCDEFGHIJK"]
            heights = {r: d.height for r, d in sheet.row_dimensions.items() if d.height}
            sheets.append(
                {
                    "title": sheet.title,
                    "cells": cells,
                    "merged": merged,
                    "checks": checks,
                    "widths": widths,
                    "heights": heights,
                    "hidden": sheet.sheet_state != "visible",
                }
            )
        rows += len(f.rows)
        dumped.append(sheets)
    out.write_text(json.dumps(dumped, ensure_ascii=False), encoding="utf-8")
    return rows


# XlsxWriter formats for the forms' named styles: the same font, grid, fill, wrap and format.
_FORM_FORMATS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 14, "align": "center"},
    "agency": {"bold": True, "font_size": 12},
    "note": {"italic": True, "align": "left"},
    "guide": {"italic": True, "text_wrap": True, "valign": "top"},
    "header": {
        "bold": True,
        "border": 1,
        "bg_color": "#DDEBF7",
        "text_wrap": True,
        "align": "center",
        "valign": "vcenter",
    },
    "text": {"border": 1, "text_wrap": True, "valign": "top"},
    "text-late": {"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#FFC7CE"},
    "int": {"border": 1, "align": "center", "valign": "top", "num_format": "0"},
    "int-late": {
        "border": 1,
        "align": "center",
        "valign": "top",
        "num_format": "0",
        "bg_color": "#FFC7CE",
    },
    "date": {"border": 1, "align": "center", "valign": "top", "num_format": "dd/mm/yyyy"},
    "date-late": {
        "border": 1,
        "align": "center",
        "valign": "top",
        "num_format": "dd/mm/yyyy",
        "bg_color": "#FFC7CE",
    },
    "fill": {
        "border": 1,
        "text_wrap": True,
        "valign": "top",
        "num_format": "@",
        "font_color": "#1F3864",
        "locked": False,
    },
    "fill-date": {
        "border": 1,
        "text_wrap": True,
        "valign": "top",
        "num_format": "dd/mm/yyyy",
        "font_color": "#1F3864",
        "locked": False,
    },
    "signature": {"bold": True, "font_size": 12, "align": "center", "text_wrap": True},
    "signature-place": {"italic": True, "font_size": 12, "align": "center", "text_wrap": True},
    "guide-centre": {"italic": True, "align": "center", "text_wrap": True},
    "signature-name": {
        "bold": True,
        "font_size": 12,
        "align": "center",
        "locked": False,
        "font_color": "#1F3864",
    },
}

FORMS_FLOOR = """\
import json, sys
from datetime import date
from pathlib import Path

import xlsxwriter

forms = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
styles = json.loads(sys.argv[3])
out = Path(sys.argv[2])
out.mkdir(exist_ok=True)
for n, sheets in enumerate(forms):
    wb = xlsxwriter.Workbook(str(out / f"{n}.xlsx"), {"constant_memory": True})
    formats = {k: wb.add_format({"font_name": "Times New Roman", "font_size": 11, **v})
               for k, v in styles.items()}
    for s in sheets:
        ws = wb.add_worksheet(s["title"])
        for c, w in enumerate(s["widths"]):
            if w:
                ws.set_column(c, c, w)
        ws.freeze_panes(7, 4)
        ws.repeat_rows(6)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_footer("&CTrang &P / &N")
        heights = s["heights"]
        for r1, c1, r2, c2 in s["merged"]:
            if (r1, c1) != (r2, c2):
                pass  # merged after the rows: constant_memory writes rows in order
        for rng, kind, formula in s["checks"]:
            first, last = rng.split(":")
            if kind == "list":
                ws.data_validation(first + ":" + last, {"validate": "list",
                                   "source": formula.strip('"').split(",")})
            else:
                ws.data_validation(first + ":" + last, {"validate": "date",
                                   "criteria": ">=", "value": date(2000, 1, 1)})
        row = None
        for r, c, value, style in s["cells"]:
            if r != row:
                row = r
                if str(r) in heights:
                    ws.set_row(r - 1, heights[str(r)])
            fmt = formats.get(style)
            if isinstance(value, list):
                ws.write_datetime(r - 1, c - 1, date.fromisoformat(value[1]), fmt)
            elif value is None:
                ws.write_blank(r - 1, c - 1, None, fmt)
            elif isinstance(value, str):
                ws.write_string(r - 1, c - 1, value, fmt)
            else:
                ws.write_number(r - 1, c - 1, value, fmt)
        for r1, c1, r2, c2 in s["merged"]:
            if (r1, c1) != (r2, c2):
                ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, None)
        ws.protect()
        if s["hidden"]:
            ws.very_hidden()
    wb.close()
"""


def forms_floor(folder: Path, day: date) -> None:
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        print("XlsxWriter not installed: no floor")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cells = Path(tmp) / "cells.json"
        rows = form_cells(folder, day, cells)
        print(f"forms of {folder}: {rows} rows ({cells.stat().st_size / 2**20:.1f} MiB of cells)")
        command = [sys.executable, "-c", FORMS_FLOOR, str(cells), str(Path(tmp) / "out")]
        command.append(json.dumps(_FORM_FORMATS))
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        wall = time.perf_counter() - start
        print(
            f"XlsxWriter constant_memory, the same cells: {wall:.2f} s wall, {cpu:.2f} s CPU, "
            f"peak {after.ru_maxrss / 1024:.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--forms", type=Path, help="the floor of `forms --all` for these plans")
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    args = parser.parse_args()
    if args.forms is not None:
        forms_floor(args.forms, args.as_of)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_plan(args.items, folder)
        ws = load([folder])
        rows = assess_rows(select(ws.items, Filters()), ws.history, AS_OF)
        shares = matrix(ws, Ask(), AS_OF, rows)
        built = report.build(
            rows, ws.registry, AS_OF, title="Bench", subtitle="bench", matrix=shares
        )
        print(f"plan of {args.items} items; {len(built.overdue)} overdue")
        _, ours = measure(
            "caicach report (openpyxl, 5 sheets)",
            lambda: excel.write(built, ws.registry, folder / "ours.xlsx"),
        )
        try:
            _, theirs = measure(
                "XlsxWriter, the same detail and overdue rows",
                lambda: xlsxwriter_rows(built, ws.registry, folder / "theirs.xlsx"),
            )
        except ImportError:
            print("XlsxWriter not installed: no comparison")
            return
        print(f"ratio {ours / theirs:.2f}× (goal: within 2.5×)")


if __name__ == "__main__":
    main()
