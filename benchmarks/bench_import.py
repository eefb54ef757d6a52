"""Growth of `caicach import` with the size of the text: it must be linear.

    python benchmarks/bench_import.py [--lines 20000]

Builds plans of N/4, N/2 and N task lines in the shapes the importer reads (bulleted tasks under
an agency heading, field blocks, a task table), reads each one with the import preview and
prints the time per 1,000 lines: a flat column means linear growth. Numbers are printed, not
asserted."""

from __future__ import annotations

import argparse
import statistics
import time

from caicach.authoring.importer import import_text
from caicach.load.folders import find_plans, load_workspace

HEAD = "Số: 1/KH-UBND\tAn Bình, ngày 05 tháng 11 năm 2025\nKẾ HOẠCH\nTHỬ\nII. NHIỆM VỤ\n"


def text_of(lines: int) -> str:
    """A plan of about `lines` lines mixing the layouts."""
    out = [HEAD]
    per = max(1, lines // 12)
    out.append("1. Sở Tài chính\n")
    out += [f"- Thực hiện nhiệm vụ số {k} về tài chính công.\n" for k in range(per * 4)]
    out.append("2. Cải cách thủ tục hành chính\n")
    for k in range(per):
        out.append(f"- Rà soát thủ tục hành chính nhóm {k}, cắt giảm thủ tục không cần thiết.\n")
        out.append("Đơn vị chủ trì thực hiện: Các Sở, ngành, đơn vị, UBND cấp xã.\n")
        out.append("Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp.\n")
        out.append("Thời gian thực hiện: Quý IV năm 2025.\n")
    out.append("Nơi nhận:\n- Lưu: VT.\nPHỤ LỤC\n")
    out.append("STT\tTên nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n")
    out += [
        f"{k}\tXây dựng hạ tầng số giai đoạn {k}.\tSở Xây dựng\t\t2025\n" for k in range(per * 4)
    ]
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()
    registry = load_workspace(find_plans(None)).registry
    print(f"import of up to {args.lines} task lines")
    print(f"{'lines':>8} {'MB':>6} {'tasks':>7} {'median s':>9} {'s per 1k lines':>15}")
    for n in (args.lines // 4, args.lines // 2, args.lines):
        text = text_of(n)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            result = import_text(text, registry, 2025)
            times.append(time.perf_counter() - start)
        count = len(result.preview)
        median = statistics.median(times)
        lines = text.count("\n")
        mb = len(text.encode("utf-8")) / 2**20
        print(f"{lines:>8} {mb:>6.2f} {count:>7} {median:>9.3f} {median / lines * 1000:>15.4f}")


if __name__ == "__main__":
    main()
