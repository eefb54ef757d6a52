"""caicach at province scale, beside its floors and beside Taskwarrior: one command, every ratio.

    python benchmarks/bench_speed.py                       # 1,000, 10,000 and 50,000 items
    python benchmarks/bench_speed.py --sizes 1000,10000 --runs 5

For each size it writes a plan folder (`generate.py`: many plan files, progress logs), warms the
cache, and times whole processes, the two commands of a pair in turn (A B A B …), after one
warm-up run each: wall-clock medians, and the largest resident memory of a run. Peers:

- `python -c pass`, and a Typer command with one option (the floor of any Typer CLI);
- PyYAML's C loader reading the same files (the floor of reading YAML at all);
- Taskwarrior (`task`, when installed: `apt-get install taskwarrior`), holding the same items in
  a data folder of its own: each item caicach finds overdue as a pending task due that day, each
  done item as completed, the others pending without a due date; each item concerning the agency
  asked for tagged with it. `task overdue`, `task +OVERDUE export` and `task +tag all` then print
  the same rows as caicach's `overdue`, `overdue -f json` and `list --agency`.

The ratios are printed, never asserted: this machine's speed is not a test."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # `caicach overdue` here reads ./plans
AGENCY = "so-tu-phap"
CAICACH = [sys.executable, "-m", "caicach"]
TYPER_FLOOR = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = typer.Option("x", "--name")) -> None:
    print(name)


app()
"""
C_LOADER = """\
import sys
import yaml

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


ROWS_DUMP = """\
import json, sys
from datetime import date
from pathlib import Path

from caicach.load.loader import load
from caicach.render.xlsx import workbook as excel
from caicach.tracking import report
from caicach.tracking.queries import Filters, assess_rows, select

folder, as_of, out = Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), sys.argv[3]
ws = load([folder])
rows = assess_rows(select(ws.items, Filters()), ws.history, as_of)
built = report.build(rows, ws.registry, as_of, title="", subtitle="")


def cells(rows):
    return [
        [
            [["date", v.isoformat()] if isinstance(v, date) else v
             for v in excel._detail_values(n, r, ws.registry)],
            r.status is not None and r.status.status == "qua-han",
        ]
        for n, r in enumerate(rows, start=1)
    ]


with open(out, "w", encoding="utf-8") as f:
    json.dump({"Chi tiết": cells(built.rows), "Quá hạn": cells(built.overdue)}, f)
"""
XLSXWRITER = """\
import json, sys
from datetime import date

import xlsxwriter

with open(sys.argv[1], encoding="utf-8") as f:
    sheets = json.load(f)
wb = xlsxwriter.Workbook(sys.argv[2])
base = {"font_name": "Times New Roman", "text_wrap": True, "border": 1, "valign": "top"}
late = {"bg_color": "#FFC7CE"}
day = {"num_format": "dd/mm/yyyy"}
formats = {
    (False, False): wb.add_format(base),
    (False, True): wb.add_format({**base, **day}),
    (True, False): wb.add_format({**base, **late}),
    (True, True): wb.add_format({**base, **day, **late}),
}
for name, rows in sheets.items():
    ws = wb.add_worksheet(name)
    for n, (values, is_late) in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if isinstance(value, list):
                ws.write_datetime(n, c, date.fromisoformat(value[1]), formats[(is_late, True)])
            elif value is None:
                ws.write_blank(n, c, None, formats[(is_late, False)])
            else:
                ws.write(n, c, value, formats[(is_late, False)])
wb.close()
"""


@dataclass
class Timing:
    seconds: float  # median wall clock
    rss_mib: float  # the largest resident memory of one run


_LAUNCHER = """\
import json, os, subprocess, sys, time

for line in sys.stdin:
    ask = json.loads(line)
    start = time.perf_counter()
    proc = subprocess.Popen(ask["cmd"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=ask["env"], cwd=ask["cwd"])
    size = len(proc.stdout.read())
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    print(json.dumps([seconds, usage.ru_maxrss, size, os.waitstatus_to_exitcode(status)]),
          flush=True)
"""


class _Launcher:
    """Starts the timed commands from a small process of its own. A child's peak memory, as the
    kernel counts it, starts at its parent's (fork copies the parent's pages): started from this
    benchmark, which holds thousands of items, `python -c pass` would weigh 300 MiB."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def run(self, cmd: Sequence[str], env: dict[str, str], cwd: Path | None) -> tuple[float, float]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        ask = {"cmd": list(cmd), "env": env, "cwd": str(cwd) if cwd else None}
        self.proc.stdin.write(json.dumps(ask) + "\n")
        self.proc.stdin.flush()
        seconds, rss_kib, _size, code = json.loads(self.proc.stdout.readline())
        if code != 0:
            raise SystemExit(f"{' '.join(cmd)}: exit {code}")
        return seconds, rss_kib / 1024


LAUNCHER: _Launcher | None = None


def _once(cmd: Sequence[str], env: dict[str, str], cwd: Path | None) -> tuple[float, float]:
    global LAUNCHER
    if LAUNCHER is None:
        LAUNCHER = _Launcher()
    return LAUNCHER.run(cmd, env, cwd)


def pair(
    a: Sequence[str], b: Sequence[str], runs: int, env: dict[str, str], cwd: Path | None = None
) -> tuple[Timing, Timing]:
    """Both commands, in turn, after a warm-up run of each."""
    _once(a, env, cwd), _once(b, env, cwd)
    results: list[list[tuple[float, float]]] = [[], []]
    for _ in range(runs):
        results[0].append(_once(a, env, cwd))
        results[1].append(_once(b, env, cwd))
    a_t, b_t = (
        Timing(statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for rs in results
    )
    return a_t, b_t


class Report:
    def say(self, text: str) -> None:
        print(text, flush=True)

    def ratio(
        self,
        what: str,
        a: Timing,
        b: Timing,
        peer: str,
        goal: float | None,
        memory_goal: float | None = None,
    ) -> None:
        r = a.seconds / b.seconds
        said = f"{r:6.2f}×" + _verdict(r, goal)
        if memory_goal is not None:
            m = a.rss_mib / b.rss_mib
            said += f"; memory {m:.2f}×" + _verdict(m, memory_goal)
        self.say(
            f"  {what:<34} {a.seconds:7.3f} s {a.rss_mib:6.0f} MiB | {peer:<26} "
            f"{b.seconds:7.3f} s {b.rss_mib:6.0f} MiB | {said}"
        )


def _verdict(ratio: float, goal: float | None) -> str:
    if goal is None:
        return ""
    return f" (goal ≤ {goal:g}×, " + ("met)" if ratio <= goal else "NOT met)")


def _taskwarrior(folder: Path, env: dict[str, str], rows: list[dict], mine: set[str]) -> Path:
    """A Taskwarrior data folder holding the same items (see the module's text)."""
    data = folder.parent / f"{folder.name}-task"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    rc = data / "taskrc"
    rc.write_text(
        f"data.location={data}\nconfirmation=off\nverbose=nothing\ndefaultwidth=80\n"
        "gc=on\nrecurrence=off\n",
        encoding="utf-8",
    )
    tasks = []
    for r in rows:
        task: dict[str, object] = {
            "description": r["task"][:200],
            "project": r["plan"].replace("-", "_"),
            "entry": "20240101T000000Z",
        }
        if r["qualified_id"] in mine:
            task["tags"] = [AGENCY.replace("-", "_")]
        if r["status"] == "qua-han":
            task |= {"status": "pending", "due": r["due"].replace("-", "") + "T000000Z"}
        elif r["status"] in ("dung-han", "tre-han", "da-huy"):
            task |= {"status": "completed", "end": "20250101T000000Z"}
        else:
            task["status"] = "pending"
        tasks.append(task)
    dump = data / "import.json"
    dump.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        ["task", f"rc:{rc}", "import", str(dump)], env=env, check=True, capture_output=True
    )
    return rc


def _same_rows(rc: Path, env: dict[str, str], late: int, mine: int, report: Report) -> None:
    """Taskwarrior must print the rows caicach prints, or the comparison means nothing."""
    counts = []
    for query in ("+OVERDUE", f"+{AGENCY.replace('-', '_')}"):
        done = subprocess.run(
            ["task", f"rc:{rc}", query, "export"], env=env, capture_output=True, check=True
        )
        counts.append(len(json.loads(done.stdout)))
    if counts != [late, mine]:
        raise SystemExit(f"Taskwarrior holds {counts}, caicach {[late, mine]}: not comparable")
    report.say(f"  Taskwarrior holds the same rows: overdue {late}, {AGENCY} {mine}")


def _caicach_json(args: list[str], env: dict[str, str]) -> list[dict]:
    done = subprocess.run([*CAICACH, *args, "-f", "json"], env=env, capture_output=True, check=True)
    return json.loads(done.stdout)


def size(n: int, work: Path, runs: int, env: dict[str, str], report: Report) -> dict[str, float]:
    folder = work / f"plans-{n}"
    _once([sys.executable, str(HERE / "generate.py"), str(n), str(folder)], env, None)
    count = len(_caicach_json(["list", "--plans", str(folder)], env))
    files = sorted(str(p) for p in folder.rglob("*.yaml"))
    mib = sum(Path(f).stat().st_size for f in files) / 2**20
    report.say(f"\n{count} items, {len(files)} files, {mib:.1f} MiB of YAML")
    plans = ["--plans", str(folder)]
    today = date.today().isoformat()
    overdue = [*CAICACH, "overdue", "--as-of", today, *plans]
    subprocess.run(overdue, env=env, capture_output=True, check=True)  # fills the cache
    floor_c = [sys.executable, "-c", C_LOADER, *files]
    cold_env = {**env, "CAICACH_NO_CACHE": "1"}
    uncached, c_loader = pair(overdue, floor_c, max(1, runs // 2), cold_env)
    report.ratio("overdue, nothing cached", uncached, c_loader, "C loader, all files", None)
    per_item = {"uncached": uncached.seconds / count}

    rows = _caicach_json(["list", "--as-of", today, *plans], env)
    mine = {r["qualified_id"] for r in _caicach_json(
        ["list", "--agency", AGENCY, "--as-of", today, *plans], env
    )}  # fmt: skip
    late = _caicach_json(["overdue", "--as-of", today, *plans], env)
    report.say(f"  overdue rows: {len(late)}; {AGENCY}: {len(mine)} items")
    commands = {
        "overdue": (overdue, ["overdue"]),
        "overdue -f json": ([*overdue, "-f", "json"], ["+OVERDUE", "export"]),
        f"list --agency {AGENCY}": (
            [*CAICACH, "list", "--agency", AGENCY, "--as-of", today, *plans],
            [f"+{AGENCY.replace('-', '_')}", "all"],
        ),
    }
    if shutil.which("task"):
        rc = _taskwarrior(folder, env, rows, mine)
        _same_rows(rc, env, len(late), len(mine), report)
        for what, (ours, theirs) in commands.items():
            a, b = pair(ours, ["task", f"rc:{rc}", *theirs], runs, env)
            report.ratio(what + " (cached)", a, b, "task " + " ".join(theirs), 1.0, 2.0)
            if what == "overdue":
                per_item["cached"] = a.seconds / count
    else:
        report.say("  Taskwarrior is not installed (apt-get install taskwarrior): no comparison")
        a, _ = pair(overdue, [sys.executable, "-c", "pass"], runs, env)
        per_item["cached"] = a.seconds / count

    # One plan edited: that file is read again, the others come from the cache.
    edited = folder / "bench-0001.yaml"
    original = edited.read_bytes()
    try:
        changed = pair_changed(overdue, edited, original, runs, env)
        cached, one = pair(overdue, [sys.executable, "-c", C_LOADER, str(edited)], runs, env)
        floor = cached.seconds + one.seconds - _python_start(env)
        report.say(
            f"  {'overdue after one file changed':<34} {changed:7.3f} s | cached run + C loader on "
            f"that file {floor:.3f} s | {changed / floor:6.2f}×" + _verdict(changed / floor, 1.3)
        )
    finally:
        edited.write_bytes(original)
    if count <= 20_000:  # the goal is set at 10,000 items
        workbook(folder, work, runs, env, report)
    return per_item


def workbook(folder: Path, work: Path, runs: int, env: dict[str, str], report: Report) -> None:
    """The weekly workbook beside XlsxWriter writing the same detail and overdue rows (from a
    file of their cells, so that it pays for no plan loading)."""
    try:
        import xlsxwriter  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        report.say("  XlsxWriter is not installed (pip install xlsxwriter): no workbook ratio")
        return
    as_of = date.today().isoformat()
    cells = work / f"{folder.name}-cells.json"
    _once([sys.executable, "-c", ROWS_DUMP, str(folder), as_of, str(cells)], env, None)
    ours = [*CAICACH, "report", "--plans", str(folder), "--as-of", as_of]
    ours += ["-o", str(work / "ours.xlsx"), "--force"]
    theirs = [sys.executable, "-c", XLSXWRITER, str(cells), str(work / "theirs.xlsx")]
    a, b = pair(ours, theirs, max(1, runs // 2), env)
    report.ratio("report (weekly workbook)", a, b, "XlsxWriter, the same rows", 2.5)
    report.say(f"  {'peak memory of report':<34} {a.rss_mib:.0f} MiB" + _mib_verdict(a, 300))


def _mib_verdict(t: Timing, limit: float) -> str:
    return f" (goal < {limit:g} MiB, " + ("met)" if t.rss_mib < limit else "NOT met)")


def pair_changed(
    cmd: Sequence[str], edited: Path, original: bytes, runs: int, env: dict[str, str]
) -> float:
    """The median of runs each made right after the file changed (a new comment each time)."""
    times = []
    for k in range(runs + 1):
        edited.write_bytes(original + f"# edit {k} {time.time()}\n".encode())
        times.append(_once(cmd, env, None)[0])
    return statistics.median(times[1:])


def _python_start(env: dict[str, str]) -> float:
    """Python's own start, counted once in the floor (the two floors each paid it)."""
    return statistics.median(_once([sys.executable, "-c", "pass"], env, None)[0] for _ in range(5))


def startup(work: Path, runs: int, env: dict[str, str], report: Report) -> None:
    floor = work / "typer_floor.py"
    floor.write_text(TYPER_FLOOR, encoding="utf-8")
    typer_cmd = [sys.executable, str(floor), "--name", "x"]
    report.say("\nshipped plan (56 items) and start-up")
    py, typer_t = pair([sys.executable, "-c", "pass"], typer_cmd, runs, env)
    report.ratio("python -c pass", py, typer_t, "one-option Typer command", None)
    shipped = [*CAICACH, "overdue", "--as-of", "2024-04-15"]
    a, b = pair(shipped, typer_cmd, runs, env, cwd=ROOT)
    report.ratio("overdue (shipped plan)", a, b, "one-option Typer command", 1.5)
    a, b = pair([*CAICACH, "--version"], typer_cmd, runs, env)
    report.ratio("--version", a, b, "one-option Typer command", 1.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="item counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each command")
    args = parser.parse_args()
    report = Report()
    report.say(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Taskwarrior {_task_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "CAICACH_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("CAICACH_NO_CACHE", None)
        startup(work, args.runs, env, report)
        growth: dict[int, dict[str, float]] = {}
        for n in (int(s) for s in args.sizes.split(",")):
            growth[n] = size(n, work, args.runs, env, report)
        if len(growth) > 1:
            report.say("\ngrowth (time per item, overdue; 1.00 = linear from the first size)")
            first = growth[min(growth)]
            for n, per in growth.items():
                said = ", ".join(
                    f"{k} {v * 1e6:.0f} µs ({v / first[k]:.2f})" for k, v in per.items()
                )
                report.say(f"  {n:>6} items: {said}")


def _task_version() -> str:
    if not shutil.which("task"):
        return "not installed"
    done = subprocess.run(["task", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


if __name__ == "__main__":
    main()
