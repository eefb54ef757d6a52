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

Every writer is paired with its floor, the least any program must do to write the same files:

- `forms --all` (a workbook per agency) and `report` (the weekly workbook): XlsxWriter in
  `constant_memory` mode writing the same cells (read back from caicach's files beforehand);
- `urge --all --separate` (a notice per agency) and the combined letter: zipping the same XML
  parts into the same .docx files;
- `site`, twice: into a new folder each run, beside writing the same bytes into a new folder;
  and made again into its own folder on the same day (every page as it was: none is written),
  beside writing the same bytes over the same files;
- `import` of a 20,000-line plan: reading the text and writing the same YAML with libyaml;
- `matrix`: `task summary`, Taskwarrior's nearest aggregate.

Each floor's input is prepared before it is timed (it pays for no plan loading). XlsxWriter is in
the `bench` extra (`pip install -e ".[bench]"`); without it the workbook floors are skipped.

The ratios are printed, never asserted: this machine's speed is not a test. With
PYTHONDONTWRITEBYTECODE set, compile `src/` first (`python -m compileall -q src`), or every run
compiles it again: the benchmark says which it found."""

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


XLSX_CELLS = """\
import pickle, sys
from pathlib import Path

from openpyxl import load_workbook

books = {}
for path in sorted(Path(sys.argv[1]).rglob("*.xlsx")):
    wb = load_workbook(path, read_only=True)
    books[path.name] = [
        (ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets
    ]
    wb.close()
with open(sys.argv[2], "wb") as f:
    pickle.dump(books, f)
"""
XLSX_FLOOR = """\
import pickle, sys
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

with open(sys.argv[1], "rb") as f:
    books = pickle.load(f)
out = Path(sys.argv[2])
out.mkdir(exist_ok=True)
for name, sheets in books.items():
    wb = xlsxwriter.Workbook(str(out / name), {"constant_memory": True})
    text = wb.add_format({"font_name": "Times New Roman", "text_wrap": True, "border": 1})
    day = wb.add_format({"font_name": "Times New Roman", "border": 1, "num_format": "dd/mm/yyyy"})
    for title, rows in sheets:
        ws = wb.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (date, datetime)):
                    ws.write_datetime(r, c, value, day)
                else:
                    ws.write(r, c, value, text)
    wb.close()
"""
ZIP_PARTS = """\
import pickle, sys, zipfile
from pathlib import Path

files = {}
for path in sorted(Path(sys.argv[1]).rglob(sys.argv[3])):
    with zipfile.ZipFile(path) as z:
        files[str(path.relative_to(sys.argv[1]))] = [(i.filename, z.read(i)) for i in z.infolist()]
with open(sys.argv[2], "wb") as f:
    pickle.dump(files, f)
"""
ZIP_FLOOR = """\
import pickle, sys, zipfile
from pathlib import Path

with open(sys.argv[1], "rb") as f:
    files = pickle.load(f)
out = Path(sys.argv[2])
for name, parts in files.items():
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out / name, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            z.writestr(part, data)
"""
TREE_BYTES = """\
import pickle, sys
from pathlib import Path

root = Path(sys.argv[1])
tree = {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
with open(sys.argv[2], "wb") as f:
    pickle.dump(tree, f)
"""
TREE_FLOOR = """\
import pickle, sys
from pathlib import Path

with open(sys.argv[1], "rb") as f:
    tree = pickle.load(f)
out = Path(sys.argv[2])
for name, data in tree.items():
    (out / name).parent.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)
"""
YAML_DOC = """\
import pickle, sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.load(f, Loader=yaml.CSafeLoader)
with open(sys.argv[2], "wb") as f:
    pickle.dump(doc, f)
"""
IMPORT_FLOOR = """\
import pickle, sys, unicodedata

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    unicodedata.normalize("NFC", f.read())
with open(sys.argv[2], "rb") as f:
    doc = pickle.load(f)
with open(sys.argv[3], "w", encoding="utf-8") as f:
    yaml.dump(doc, f, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)
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
    a: Sequence[str],
    b: Sequence[str],
    runs: int,
    env: dict[str, str],
    cwd: Path | None = None,
    warm: bool = True,
) -> tuple[Timing, Timing]:
    """Both commands, in turn, after a warm-up run of each (`warm`)."""
    if warm:
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


def size(
    n: int,
    work: Path,
    runs: int,
    env: dict[str, str],
    report: Report,
    writers_up_to: int,
    writer_runs: int,
) -> dict[str, float]:
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
    # what → (caicach's command, Taskwarrior's words, the goal of the ratio); memory ≤ 2× always
    one = late[0]["qualified_id"] if late else rows[0]["qualified_id"]
    commands = {
        "overdue": (overdue, ["overdue"], 1.5),
        "overdue -f json": ([*overdue, "-f", "json"], ["+OVERDUE", "export"], 3.0),
        f"list --agency {AGENCY}": (
            [*CAICACH, "list", "--agency", AGENCY, "--as-of", today, *plans],
            [f"+{AGENCY.replace('-', '_')}", "all"],
            1.5,
        ),
        f"show {one}": ([*CAICACH, "show", one, "--as-of", today, *plans], ["1", "info"], 2.0),
    }
    rc = None
    if shutil.which("task"):
        rc = _taskwarrior(folder, env, rows, mine)
        _same_rows(rc, env, len(late), len(mine), report)
        for what, (ours, theirs, goal) in commands.items():
            a, b = pair(ours, ["task", f"rc:{rc}", *theirs], runs, env)
            report.ratio(what + " (cached)", a, b, "task " + " ".join(theirs), goal, 2.0)
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
    if count <= writers_up_to:
        per_item |= writers(folder, work, count, writer_runs, env, report, rc)
    return per_item


def writers(
    folder: Path,
    work: Path,
    count: int,
    runs: int,
    env: dict[str, str],
    report: Report,
    rc: Path | None,
) -> dict[str, float]:
    """Each writer beside its floor (see the module's text), on the day the other rows are."""
    as_of = date.today().isoformat()
    plans = ["--plans", str(folder), "--as-of", as_of]
    out = work / f"{folder.name}-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    limit = 400 if count <= 10_500 else 1536 if count <= 105_000 else None
    per_item: dict[str, float] = {}
    has_xlsxwriter = _has(env, "xlsxwriter")
    if not has_xlsxwriter:
        report.say("  XlsxWriter is not installed (pip install -e '.[bench]'): no workbook floors")

    def writer(what: str, ours: list[str], made: Path, floor: list[str], peer: str) -> None:
        a, b = pair(ours, floor, runs, env, warm=False)
        report.ratio(what, a, b, peer, 2.0)
        if limit is not None:
            report.say(f"  {'  peak memory':<34} {a.rss_mib:.0f} MiB" + _mib_verdict(a, limit))
        per_item[what.split()[0]] = a.seconds / count
        shutil.rmtree(made, ignore_errors=True)

    def prepared(script: str, *args: str) -> None:
        _once([sys.executable, "-c", script, *args], env, None)

    if has_xlsxwriter:
        for what, args, made in (
            ("report (weekly workbook)", ["report", "-o", str(out / "r" / "bao-cao.xlsx")], "r"),
            ("forms --all", ["forms", "--all", "-o", str(out / "f")], "f"),
        ):
            (out / made).mkdir(exist_ok=True)
            ours = [*CAICACH, *args, "--force", *plans]
            _once(ours, env, None)  # the files read back for the floor; the warm-up
            cells = out / f"{made}.pickle"
            prepared(XLSX_CELLS, str(out / made), str(cells))
            floor = [sys.executable, "-c", XLSX_FLOOR, str(cells), str(out / f"{made}-floor")]
            writer(what, ours, out / f"{made}-floor", floor, "XlsxWriter, the same cells")

    for what, args, made in (
        ("urge --all --separate", ["--separate", "-o", str(out / "u")], "u"),
        ("urge --all (one letter)", ["-o", str(out / "c" / "cong-van.docx")], "c"),
    ):
        (out / made).mkdir(exist_ok=True)
        ours = [*CAICACH, "urge", "--all", "--dry-run", *args, "--force", *plans]
        _once(ours, env, None)
        parts = out / f"{made}.pickle"
        prepared(ZIP_PARTS, str(out / made), str(parts), "*.docx")
        floor = [sys.executable, "-c", ZIP_FLOOR, str(parts), str(out / f"{made}-floor")]
        writer(what, ours, out / f"{made}-floor", floor, "zip of the same XML parts")

    ours = [*CAICACH, "site", "-o", str(out / "s"), *plans]
    _once(ours, env, None)
    tree = out / "s.pickle"
    prepared(TREE_BYTES, str(out / "s"), str(tree))
    floor = [sys.executable, "-c", TREE_FLOOR, str(tree), str(out / "s-floor")]
    writer("site -o DIR (made again)", ours, out / "s-floor", floor, "the same bytes, same paths")
    # Into a new folder each run (`mktemp -d`): every page a new file, for both.
    fresh = out / "s-new"
    fresh.mkdir()
    in_new = 'exec "$@" "$(mktemp -d -p "$FRESH")"'
    ours_new = ["sh", "-c", in_new, "sh", *CAICACH, "site", *plans, "-o"]
    floor_new = ["sh", "-c", in_new, "sh", sys.executable, "-c", TREE_FLOOR, str(tree)]
    a, b = pair(ours_new, floor_new, runs, {**env, "FRESH": str(fresh)}, warm=False)
    report.ratio("site -o DIR (a new folder)", a, b, "same bytes, a new folder", 2.0)
    if limit is not None:
        report.say(f"  {'  peak memory':<34} {a.rss_mib:.0f} MiB" + _mib_verdict(a, limit))
    per_item["site"] = a.seconds / count
    shutil.rmtree(fresh, ignore_errors=True)

    if rc is not None:
        a, b = pair([*CAICACH, "matrix", *plans], ["task", f"rc:{rc}", "summary"], runs, env)
        report.ratio("matrix", a, b, "task summary", 2.0)
        per_item["matrix"] = a.seconds / count
    return per_item


def import_pair(work: Path, runs: int, env: dict[str, str], report: Report) -> None:
    """`import` of a 20,000-line plan beside reading the text and writing the same YAML with
    libyaml."""
    text = work / "import-20000.txt"
    made = work / "import-20000.yaml"
    prepared = f"from bench_import import text_of; open({str(text)!r}, 'w').write(text_of(20000))"
    subprocess.run([sys.executable, "-c", prepared], env=env, check=True, cwd=HERE)
    ours = [*CAICACH, "import", str(text), "-o", str(made), "--force"]
    _once(ours, env, ROOT)
    doc = work / "import-20000.pickle"
    _once([sys.executable, "-c", YAML_DOC, str(made), str(doc)], env, None)
    floor = [sys.executable, "-c", IMPORT_FLOOR, str(text), str(doc), str(work / "floor.yaml")]
    a, b = pair(ours, floor, runs, env, ROOT, warm=False)
    report.ratio("import, 20,000 lines", a, b, "read + libyaml emitter", 2.0)


def _has(env: dict[str, str], module: str) -> bool:
    found = subprocess.run(
        [sys.executable, "-c", f"import {module}"], env=env, capture_output=True, check=False
    )
    return found.returncode == 0


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
    parser.add_argument(
        "--writers-up-to", type=int, default=20_000, help="time the writers up to this size"
    )
    parser.add_argument("--writer-runs", type=int, default=1, help="counted runs of a writer")
    args = parser.parse_args()
    report = Report()
    report.say(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Taskwarrior {_task_version()}"
    )
    report.say(_bytecode())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "CAICACH_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("CAICACH_NO_CACHE", None)
        startup(work, args.runs, env, report)
        import_pair(work, args.writer_runs, env, report)
        growth: dict[int, dict[str, float]] = {}
        for n in (int(s) for s in args.sizes.split(",")):
            growth[n] = size(n, work, args.runs, env, report, args.writers_up_to, args.writer_runs)
        if len(growth) > 1:
            report.say("\ngrowth (time per item; 1.00 = linear from the first size)")
            first = growth[min(growth)]
            for n, per in growth.items():
                said = ", ".join(
                    f"{k} {v * 1e6:.0f} µs" + (f" ({v / first[k]:.2f})" if k in first else "")
                    for k, v in per.items()
                )
                report.say(f"  {n:>6} items: {said}")


def _bytecode() -> str:
    """Whether `src/` was compiled: with PYTHONDONTWRITEBYTECODE set, an editable install has
    no bytecode, and each run compiles the source again (about 0.1 s)."""
    tag = sys.implementation.cache_tag
    compiled = any((ROOT / "src" / "caicach").rglob(f"*.{tag}.pyc"))
    if compiled:
        return f"src/ is compiled ({tag}): start-up is measured without compiling"
    return (
        "src/ has no bytecode: every run compiles it (PYTHONDONTWRITEBYTECODE?); run "
        "`python -m compileall -q src` first"
    )


def _task_version() -> str:
    if not shutil.which("task"):
        return "not installed"
    done = subprocess.run(["task", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip()


if __name__ == "__main__":
    main()
