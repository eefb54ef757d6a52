"""Time and peak memory of the Excel status sheet for a large plan, beside XlsxWriter writing the
same detail rows (when XlsxWriter is installed: `pip install xlsxwriter`; it is not a dependency).

    python benchmarks/bench_report.py [--items 10000]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
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
