"""Hostile and faulty conditions: each gets a clear message and an exit code, never a hang or a
traceback, and nothing a user wrote is lost or rewritten."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import caicach
from caicach.cli import interrupts
from caicach.tracking import record
from tests.conftest import ROOT, Run

LOG = Path("progress") / "qd-1879-2024.yaml"
PACKAGE = Path(caicach.__file__).resolve().parent  # where caicach's own files are


def _caicach(*args: str, timeout: float = 60, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **kw.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.run(
        [sys.executable, "-m", "caicach", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


# --- files that are not files -------------------------------------------------------------------


@pytest.mark.parametrize("where", [".", "progress"])
def test_a_fifo_among_the_plans_is_refused_not_waited_for(plans: Path, where: str) -> None:
    (plans / where).mkdir(exist_ok=True)
    fifo = plans / where / "x.yaml"
    os.mkfifo(fifo)
    result = _caicach("validate", "--plans", str(plans), timeout=30)
    assert result.returncode == 1
    said = "không phải tệp thường (FIFO, thiết bị, hay liên kết tới chúng)"
    assert f"{fifo}: {said}" in result.stderr


def test_a_plan_linked_to_dev_zero_is_refused(plans: Path) -> None:
    (plans / "zero.yaml").symlink_to("/dev/zero")
    result = _caicach("validate", "--plans", str(plans), timeout=30)
    assert result.returncode == 1
    assert "zero.yaml: không phải tệp thường" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_report_is_never_written_over_a_fifo(run: Run, plans: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    os.mkfifo(target)
    result = run("report", "-o", str(target), "--force", "--plans", str(plans))
    assert result.code == 2
    assert result.err == (
        f"caicach: {target}: không phải tệp thường (thiết bị, FIFO hay thư mục); chưa ghi gì\n"
    )
    assert target.is_fifo()


def test_a_log_that_links_to_a_shared_file_is_appended_there(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.yaml"
    shared.write_text("progress: qd-1879-2024\nentries:\n", encoding="utf-8")
    (plans / "progress").mkdir()
    (plans / LOG).symlink_to(shared)
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50", "--plans", str(plans)).code == 0
    assert (plans / LOG).is_symlink()
    assert "item: 5.b" in shared.read_text(encoding="utf-8")


# --- bytes a user wrote -------------------------------------------------------------------------


def test_a_crlf_log_keeps_its_line_endings(run: Run, plans: Path) -> None:
    (plans / "progress").mkdir()
    log = plans / LOG
    log.write_bytes(
        b"# so ghi\r\nprogress: qd-1879-2024\r\nentries:\r\n"
        b"- {item: 5.a, kind: note, date: 2024-02-01, milestone: 1}\r\n"
    )
    before = log.read_bytes()
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50", "--plans", str(plans)).code == 0
    after = log.read_bytes()
    assert after.startswith(before)
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_a_pasted_bullet_list_in_a_note_does_not_wedge_the_log(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    note = "Đã làm:\n- rà soát\n- ban hành"
    assert run("progress", "3.e", "--on", "2024-03-01", "-n", note, *p).code == 0
    again = run("progress", "3.e", "--on", "2024-03-02", "-n", "tiếp", *p)
    assert again.code == 0, again.err
    assert run("validate", *p).err.endswith("2 mục tiến độ, 30 chỉ tiêu\n")
    logged = json.loads(run("log", "3.e", "-f", "json", *p).out)
    assert [e["note"] for e in logged] == [note, "tiếp"]


def test_an_unchanged_log_is_not_read_again_to_append(
    run: Run, plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50", *p).code == 0

    def whole_log(*_: object) -> None:
        raise AssertionError("the whole log was parsed again")

    monkeypatch.setattr(record, "_entries", whole_log)
    result = run("done", "2.a", "-m", "1", "--on", "2024-01-31", "-e", "KH 23", *p)
    assert result.code == 0, result.err


# --- waiting and interrupting -------------------------------------------------------------------


def test_a_lock_held_by_a_stopped_writer_is_waited_for_a_while(plans: Path) -> None:
    (plans / "progress").mkdir()
    import fcntl

    with open(plans / "progress" / ".qd-1879-2024.yaml.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = _caicach(
            "done",
            "5.b",
            "--on",
            "2024-01-31",
            "-e",
            "QĐ 50",
            "--plans",
            str(plans),
            env={"CAICACH_LOCK_WAIT": "0.5"},
        )
    assert result.returncode == 1
    assert "một caicach khác đang ghi nhật ký này đã 0.5 giây" in result.stderr
    assert not (plans / LOG).exists()


# Ctrl-C pressed while Python imports caicach's CLI, before its handler is in place: the import
# of the handler's own module is where it lands here, every time.
_CTRL_C_DURING_IMPORT = """
import importlib.abc, sys

class CtrlC(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "caicach.cli.interrupts":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlC())
from caicach.__main__ import run
run()
"""


def test_ctrl_c_while_the_cli_is_still_importing_says_one_line_and_exits_130() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _CTRL_C_DURING_IMPORT, "overdue"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        130,
        "",
        "caicach: đã dừng (Ctrl-C)\n",
    )


@pytest.mark.parametrize("delay", [0.0, 0.03, 0.08, 0.15, 0.3])
def test_ctrl_c_at_any_moment_exits_without_a_traceback(delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "caicach", "overdue", "--as-of", "2024-04-15"],
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    # Before caicach's first line runs (the interpreter still starting, runpy finding the module)
    # Python itself reports the interrupt; from caicach's first line on, never a traceback.
    # (caicach's own files: those of its package, wherever the clone is and whatever its name)
    ours = re.search(rf'File "{re.escape(str(PACKAGE))}[/\\][^"]*"', err)
    assert "Traceback" not in err or (ours is None and err.rstrip().endswith("KeyboardInterrupt"))
    # -2: the signal came before Python itself was running; the shell says 130 all the same.
    assert proc.returncode in (0, 1, 130, -signal.SIGINT)
    if proc.returncode == 130:
        assert err.endswith("caicach: đã dừng (Ctrl-C)\n") or err == ""


def _interrupt_me() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # the handler runs here


def test_ctrl_c_once_an_entry_is_written_changes_nothing() -> None:
    interrupts.install()
    try:
        interrupts.start()
        with interrupts.deferred():
            _interrupt_me()  # put off: the block's work stands
        with pytest.raises(interrupts.Interrupted):
            _interrupt_me()
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


# --- days, years and consoles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "9999-12-31"], "'9999-12-31': năm phải từ 1990 đến 2100"),
        (["--as-of", "0001-01-01"], "'0001-01-01': năm phải từ 1990 đến 2100"),
        (["--week", "9999-W52"], "'9999-W52': năm phải từ 1990 đến 2100"),
        (["--period", "q1", "--year", "10000"], "--year"),
        (["--period", "q1", "--year", "-5"], "--year"),
        (["--period", "q1", "--year", "0"], "--year"),
    ],
)
def test_days_and_years_out_of_range_are_usage_errors(
    run: Run, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run("report", *args, "-o", str(tmp_path / "x.xlsx"))
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("encoding", "first"),
    [("cp1258", "1.đ  (1879/QĐ-UBND, ke hoach"), ("ascii", "1.d  (1879/QD-UBND, ke hoach")],
)
def test_a_narrow_console_gets_letters_without_marks(encoding: str, first: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "caicach", "show", "1.đ", "--as-of", "2024-04-15"],
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": encoding},
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode(encoding).startswith(first)
    warning = "PYTHONIOENCODING=utf-8"  # the hint, in letters any console shows
    assert result.stderr.decode(encoding).count(warning) == 1


def test_a_full_disk_while_replacing_a_report_keeps_the_old_one(
    plans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bc.xlsx"
    first = _caicach("report", "--as-of", "2024-04-15", "-o", str(out), "--plans", str(plans))
    assert first.returncode == 0, first.stderr
    before = out.read_bytes()

    def small_disk() -> None:  # files past 20 kB cannot be written: a disk that is full
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "caicach",
            "report",
            "--as-of",
            "2024-04-15",
            "-o",
            str(out),
            "--force",
            "--plans",
            str(plans),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        preexec_fn=small_disk,
    )
    assert result.returncode == 1
    assert result.stderr == "caicach: tệp quá lớn\n"
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bc.xlsx", "plans"]


# --- imports --------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_unpacked(run: Run, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z,
        z.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(70):
            member.write(b" " * 2**20)
    assert bomb.stat().st_size < 2**20
    result = run("import", str(bomb))
    assert result.code == 1
    assert result.err.startswith(f"{bomb}: giải nén ra sẽ chiếm 70 MiB; không đọc")


def test_a_long_wrapped_paragraph_is_joined_into_one_line() -> None:
    from caicach.authoring.body import _logical
    from caicach.authoring.sources import Line

    words = [Line(n, "chữ") for n in range(1, 20_001)]
    (joined,) = _logical(words)
    assert joined.number == 1
    assert joined.text == " ".join(["chữ"] * 20_000)


# --- registry, logs, workbook, CSV, annotations --------------------------------------------------


def test_a_name_claimed_twice_in_the_registry_is_located(run: Run, plans: Path) -> None:
    registry = plans / "agencies.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(
        text.replace("    abbreviations: [STP]\n", "    abbreviations: [STP, sở tài chính]\n"),
        encoding="utf-8",
    )
    # Sở Tư pháp comes first in the file: Sở Tài chính's own name is the second claim.
    lines = registry.read_text("utf-8").splitlines()
    line = next(n for n, t in enumerate(lines, 1) if t.strip() == "name: Sở Tài chính")
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"{registry}:{line}:11: tên 'Sở Tài chính' vừa thuộc 'so-tu-phap' vừa thuộc 'so-tai-chinh'"
    )


def test_a_broken_file_in_progress_is_called_a_log(run: Run, plans: Path) -> None:
    (plans / "progress").mkdir()
    (plans / "progress" / "x.yaml").write_text("- just a list\n", encoding="utf-8")
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    said = "nhật ký tiến độ là một bảng khóa với `progress` (mã kế hoạch) và `entries`"
    assert said in result.err


def test_text_too_long_for_a_cell_is_cut_visibly(run: Run, plans: Path, tmp_path: Path) -> None:
    long = "Báo cáo " * 5_000
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", "-e", long, *p).code == 0
    out = tmp_path / "bc.xlsx"
    assert run("report", "--as-of", "2024-04-15", "-o", str(out), *p).code == 0
    cells = [c.value for row in load_workbook(out)["Chi tiết"].iter_rows() for c in row]
    (cut,) = [v for v in cells if isinstance(v, str) and v.startswith("Báo cáo Báo cáo")]
    assert len(cut) == 32_767
    assert cut.endswith(
        "[cắt bớt: một ô Excel chứa tối đa 32.767 ký tự; xem toàn văn trong tệp kế hoạch]"
    )


def test_csv_cells_cannot_become_formulas(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    for n, evil in enumerate(['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "a\rb"]):
        assert run("progress", "3.e", "--on", f"2024-03-{n + 1:02d}", "-n", evil, *p).code == 0
    out = run("log", "-f", "csv", *p).out
    notes = [r["note"] for r in csv.DictReader(io.StringIO(out, newline=""))]
    assert notes == ['\'=HYPERLINK("http://x","y")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "a\rb"]
    assert '"a\rb"' in out  # a CR inside a cell is quoted: the record stays whole
    excel = run("log", "-f", "csv-excel", *p).out
    assert excel.startswith("\ufeffdate,")  # the BOM for Excel on Windows
    assert excel[1:] == out  # and the same cells
    raw = run("log", "-f", "csv-raw", *p).out
    notes = [r["note"] for r in csv.DictReader(io.StringIO(raw, newline=""))]
    assert notes == ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "a\rb"]


def test_a_github_annotation_carries_no_escape_sequence() -> None:
    from caicach.errors import Problem
    from caicach.render.terminal.problems import annotation

    line = annotation(Problem("p.yaml", 3, 1, "deadline: bad \x1b]0;owned\x07 text"))
    assert "\x1b" not in line
    assert "\x07" not in line


def test_control_codes_in_a_plan_reach_neither_tables_nor_errors(run: Run, plans: Path) -> None:
    # YAML carries control characters only as escapes in double quotes: written so here.
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "task: Tham mưu tổ chức thực hiện dự toán ngân sách nhà nước năm 2024.",
        'task: "Tham mưu\\e[2J\\x9b31m tổ chức thực hiện dự toán ngân sách nhà nước năm 2024."',
        1,
    )
    plan.write_text(text, encoding="utf-8")
    listed = run("list", "--area", "5", "--as-of", "2024-04-15", "--plans", str(plans))
    assert listed.code == 0, listed.err
    assert "\x1b" not in listed.out
    assert "\x9b" not in listed.out
    assert "\\u001b[2J" in listed.out.replace("\n", "").replace("│", "").replace(" ", "")
    broken = text.replace("deadline: Tháng 1 năm 2024.", 'deadline: "\\e]0;owned\\a sớm"', 1)
    plan.write_text(broken, encoding="utf-8")
    checked = run("validate", "--plans", str(plans))
    assert checked.code == 1
    assert "\x1b" not in checked.err
    assert "«\\u001b]0»" in checked.err  # the clause before ";", shown, not sent


# --- the end of a run ---------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_output_that_cannot_be_written_at_the_end_is_said_and_exits_1() -> None:
    # The shipped plan's table is small: it sits in stdout's buffer until caicach ends.
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "caicach", "overdue", "--as-of", "2024-04-15"],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.endswith("caicach: hết chỗ trên đĩa\n")
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


def test_a_reader_that_stops_reading_gets_no_message() -> None:
    # `caicach overdue | head -1`: the pipe closes before caicach's last write.
    with subprocess.Popen(
        [sys.executable, "-m", "caicach", "overdue", "--as-of", "2024-04-15"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert "hết chỗ" not in err


def test_a_run_that_went_well_exits_0_with_all_of_its_output() -> None:
    result = _caicach("overdue", "--as-of", "2024-04-15")
    assert result.returncode == 0
    assert result.stdout.endswith("25 nhiệm vụ (đầy đủ: caicach show <mã>)\n")


@pytest.mark.skipif(sys.platform == "win32", reason="closes a file descriptor in the child")
@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_stdout_or_stderr_is_no_reason_for_a_traceback(closed: int) -> None:
    # `caicach overdue >&-` or `2>&-`: Python starts with that stream as None.
    result = subprocess.run(
        [sys.executable, "-m", "caicach", "overdue", "--as-of", "2024-04-15"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(closed),  # no threads in this test
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    if closed == 2:
        assert result.stdout.endswith("25 nhiệm vụ (đầy đủ: caicach show <mã>)\n")
