"""Recording progress: what the user sees, what the log holds, and that nothing is lost."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from caicach import atomic
from caicach.load.loader import load
from caicach.load.progress_log import log_path
from caicach.tracking import record as progress
from tests.conftest import ROOT, Run

RECORDED = re.compile(r"recorded: '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d'")


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.yaml")}


def test_done_appends_to_the_log_and_leaves_plan_files_untouched(run: Run, plans: Path) -> None:
    before = _digest(plans)
    result = run(
        "done",
        "2.a",
        "--milestone",
        "1",
        "--on",
        "2024-01-31",
        "--evidence",
        "Kế hoạch 23/KH-UBND ngày 31/01/2024",
        "--plans",
        str(plans),
    )
    log = plans / "progress" / "qd-1879-2024.yaml"
    assert result.code == 0, result.err
    assert (result.out, result.err) == (
        "",
        f"Đã ghi hoàn thành 2.a mốc 1 (ban hành các Kế hoạch), hạn 31/03/2024, "
        f"ngày 31/01/2024 → {log}:9\n",
    )
    assert _digest(plans) == before
    text = RECORDED.sub("recorded: <when>", log.read_text(encoding="utf-8"))
    assert text == progress.header("qd-1879-2024") + (
        "- item: 2.a\n"
        "  milestone: 1\n"
        "  kind: done\n"
        "  date: 2024-01-31\n"
        "  evidence: Kế hoạch 23/KH-UBND ngày 31/01/2024\n"
        "  recorded: <when>\n"
    )


def test_overdue_summary_and_show_agree_after_recording(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", *p).code == 0
    assert run("done", "2.d", "--milestone", "2024-03", "--on", "2024-04-05", *p).code == 0
    assert run("progress", "6.c", "--note", "Đã có dự thảo", "--on", "2024-03-20", *p).code == 0
    overdue = json.loads(run("overdue", "--as-of", "2024-04-15", "-f", "json", *p).out)
    ids = [r["qualified_id"] for r in overdue]
    assert "qd-1879-2024:5.b" not in ids
    assert "qd-1879-2024:2.d" in ids  # January and February are still missing
    summary = json.loads(run("summary", "--as-of", "2024-04-15", "-f", "json", *p).out)
    assert summary["total"]["qua_han"] == len(overdue) == 21 + 3  # and 185/TB-UBND's, of 2018
    assert summary["total"]["dung_han"] == 1
    assert summary["total"]["dang_thuc_hien"] == 1
    shown = json.loads(run("show", "2.d", "--as-of", "2024-04-15", "-f", "json", *p).out)
    assert [m["status"] for m in shown["milestones"][:4]] == [
        "qua-han",
        "qua-han",
        "tre-han",
        "trong-han",
    ]
    assert shown["history"][0]["milestone"] == 3
    listed = json.loads(
        run("list", "--status", "dang-thuc-hien", "--as-of", "2024-04-15", "-f", "json", *p).out
    )
    assert [(r["id"], r["status"], r["status_label"]) for r in listed] == [
        ("6.c", "trong-han", "Chưa hoàn thành, trong hạn")
    ]


def test_done_on_an_item_with_several_milestones_asks_which(run: Run, plans: Path) -> None:
    result = run("done", "2.a", "--on", "2024-01-31", "--plans", str(plans))
    assert result.code == 2
    assert result.err == (
        "caicach: nhiệm vụ 2.a có 2 mốc: chỉ rõ mốc nào bằng --milestone (hoặc --milestone all); "
        "các mốc là 1 (ban hành các Kế hoạch), 2 (định kỳ báo cáo kết quả thực hiện)\n"
    )
    assert not (plans / "progress").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "9.z"), "không có nhiệm vụ '9.z'"),
        (("done", "2.d", "-m", "2024-13"), "nhiệm vụ 2.d không có mốc '2024-13'"),
        (
            ("done", "3.e", "-m", "1", "--agency", "Sở Tài chính"),
            "Sở Tài chính không chủ trì cũng không phối hợp nhiệm vụ 3.e",
        ),
        (("done", "3.e", "-m", "1", "--agency", "Sở Y tế tỉnh"), "không có cơ quan 'Sở Y tế tỉnh'"),
        (("done", "3.e", "-m", "1", "--on", "2024-02-30"), "không có ngày này trên lịch"),
    ],
)
def test_bad_entries_are_refused_before_writing(
    run: Run, plans: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "--plans", str(plans))
    assert (result.code, message in result.err) == (2, True), result.err
    assert not (plans / "progress").exists()


HAND_EDITED = """\
# Sổ theo dõi của chị Lan — đừng xóa dòng này.
progress: qd-1879-2024
entries:
  # Quý I
  - item: 2.a   # đã nhận bản giấy
    milestone: "ban hành các kế hoạch"
    kind: done
    date: 2024-02-01

  - {item: 3.e, kind: note, date: 2024-03-01, note: "Sở Y tế xin lùi hạn"}
"""


def test_hand_edits_and_comments_survive_an_append(run: Run, plans: Path) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_text(HAND_EDITED, encoding="utf-8")
    result = run("done", "5.b", "--on", "2024-01-31", "--plans", str(plans))
    assert result.code == 0, result.err
    text = log.read_text(encoding="utf-8")
    assert text.startswith(HAND_EDITED)
    assert RECORDED.sub("recorded: <when>", text[len(HAND_EDITED) :]) == (
        "  - item: 5.b\n    milestone: 1\n    kind: done\n    date: 2024-01-31\n"
        "    recorded: <when>\n"
    )
    history = [(r.item, r.milestone, r.kind) for r in load([plans]).records]
    assert history == [
        ("qd-1879-2024:2.a", 1, "done"),
        ("qd-1879-2024:3.e", None, "note"),
        ("qd-1879-2024:5.b", 1, "done"),
    ]


def test_a_log_caicach_cannot_extend_safely_is_left_alone(run: Run, plans: Path) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_text("progress: qd-1879-2024\nentries: []\n", encoding="utf-8")
    result = run("done", "5.b", "--on", "2024-01-31", "--plans", str(plans))
    assert result.code == 1
    assert "không ghi thêm an toàn được" in result.err
    assert log.read_text(encoding="utf-8") == "progress: qd-1879-2024\nentries: []\n"


def test_a_broken_log_is_reported_and_not_written(run: Run, plans: Path) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_text("progress: qd-1879-2024\nentries:\n- item: 2.a\n  kind: done\n", "utf-8")
    result = run("done", "5.b", "--on", "2024-01-31", "--plans", str(plans))
    assert result.code == 1
    assert f"{log}:3:3: thiếu khóa 'date' trong entries[1]" in result.err.splitlines()
    assert log.read_text(encoding="utf-8").endswith("  kind: done\n")


def test_a_crash_mid_write_leaves_the_previous_log_whole(
    plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_text(HAND_EDITED, encoding="utf-8")

    def power_cut(fd: int) -> None:
        raise SystemExit("power cut")  # not an OSError: nothing may catch it on the way out

    monkeypatch.setattr(atomic.os, "fsync", power_cut)
    with pytest.raises(SystemExit):
        progress.append(log, "qd-1879-2024", {"item": "5.b", "kind": "done", "date": "2024-01-31"})
    assert log.read_text(encoding="utf-8") == HAND_EDITED
    assert sorted(p.name for p in log.parent.iterdir()) == [
        ".qd-1879-2024.yaml.lock",
        "qd-1879-2024.yaml",
    ]


def test_a_failed_write_is_reported(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(src: str, dst: object, **dir_fds: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    log = log_path(plans, "qd-1879-2024")
    with pytest.raises(progress.CaicachError, match="No space left on device"):
        progress.append(log, "qd-1879-2024", {"item": "5.b", "kind": "done", "date": "2024-01-31"})
    assert not log.exists()


def _writers(plans: Path, commands: list[list[str]]) -> list[tuple[int, str]]:
    """Start every command at once, each its own process; their exit codes and stderr."""
    env = {**os.environ, "CAICACH_PLANS": str(plans), "NO_COLOR": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "caicach", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for args in commands
    ]
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        results.append((proc.returncode, err.decode()))
    return results


def test_twenty_concurrent_writers_leave_twenty_entries(plans: Path) -> None:
    commands = [
        ["progress", "2.d", "-m", f"2024-{m:02d}", "--on", f"2024-{m:02d}-28", "-n", f"writer {n}"]
        for n, m in enumerate([*range(1, 13), *range(1, 9)])
    ]
    assert all(code == 0 for code, _ in _writers(plans, commands))
    records = load([plans]).records
    assert len(records) == 20
    assert sorted(r.note or "" for r in records) == sorted(f"writer {n}" for n in range(20))


def test_of_five_writers_reporting_the_same_milestone_one_is_recorded(plans: Path) -> None:
    commands = [
        ["done", "2.d", "-m", "2024-01", "--on", "2024-01-31", "-e", f"Báo cáo {n}"]
        for n in range(5)
    ]
    results = _writers(plans, commands)
    assert sorted(code for code, _ in results) == [0, 2, 2, 2, 2]
    refused = [err for code, err in results if code == 2]
    assert all("2.d mốc 1 (2024-01) đã được ghi hoàn thành ngày 31/01/2024" in e for e in refused)
    assert len(load([plans]).records) == 1


def test_log_lists_the_history(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    run("done", "2.a", "-m", "1", "--on", "2024-01-31", "-e", "KH 23/KH-UBND", *p)
    run("progress", "3.e", "--note", "Đã xây dựng dự thảo kế hoạch", "--on", "2024-03-20", *p)
    entries = json.loads(run("log", "-f", "json", *p).out)
    assert [(e["item"], e["kind"], e["date"], e["milestone_label"]) for e in entries] == [
        ("2.a", "done", "2024-01-31", "ban hành các Kế hoạch"),
        ("3.e", "progress", "2024-03-20", None),
    ]
    table = run("log", "2.a", *p).out.splitlines()
    assert any(
        "31/01/2024" in line and "hoàn thành" in line and "KH 23/KH-UBND" in line for line in table
    )
    assert table[-1] == "1 mục"


def test_cancel_takes_an_item_out_of_the_boxes(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    result = run("cancel", "7.b", "--evidence", "Quyết định 999/QĐ-UBND", "--on", "2024-07-01", *p)
    assert result.code == 0, result.err
    summary = json.loads(run("summary", "--as-of", "2024-12-31", "-f", "json", *p).out)
    assert summary["total"]["da_huy"] == 1
    assert summary["total"]["items_with_date"] == 53 + 3  # 185/TB-UBND's dated points too


def test_hand_written_entries_may_use_vietnamese_dates_and_kinds(plans: Path) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_text(
        "progress: qd-1879-2024\nentries:\n"
        "- {item: 5.b, kind: hoàn thành, date: 31/01/2024}\n"
        "- {item: 3.e, kind: Đang thực hiện, date: 20.3.2024, note: dự thảo}\n"
        "- {item: 7.b, kind: hủy, date: 1/7/2024}\n",
        encoding="utf-8",
    )
    records = [
        (r.item.rpartition(":")[2], r.kind, r.date.isoformat()) for r in load([plans]).records
    ]
    assert records == [
        ("5.b", "done", "2024-01-31"),
        ("3.e", "progress", "2024-03-20"),
        ("7.b", "cancelled", "2024-07-01"),
    ]


def test_control_sequences_in_a_log_never_reach_the_terminal(run: Run, plans: Path) -> None:
    planted = "Kế hoạch\x1b[2J\x1b]0;owned\x07 số 5\u202e\x9b"
    done = run("done", "2.a", "-m", "1", "--on", "2024-01-31", "-e", planted, "--plans", str(plans))
    assert done.code == 0, done.err
    for args in (("log", "2.a"), ("show", "2.a", "--as-of", "2024-02-01")):
        out = run(*args, "--plans", str(plans)).out
        assert not any((ord(ch) < 32 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F for ch in out)
        assert "\u202e" not in out
        assert "\\u001b[2J" in out.replace("\n", "").replace("│", "").replace(" ", "")
    as_json = json.loads(run("log", "2.a", "-f", "json", "--plans", str(plans)).out)
    assert as_json[0]["evidence"] == planted  # the data itself is kept as written


def test_a_control_sequence_in_an_error_message_is_shown_not_sent(run: Run, plans: Path) -> None:
    result = run("show", "9.\x1b[31mz", "--plans", str(plans))
    assert result.code == 2
    assert "\x1b" not in result.err
    assert result.err.startswith("caicach: không có nhiệm vụ '9.")


def _log_text(plans: Path) -> str:
    log = plans / "progress" / "qd-1879-2024.yaml"
    return log.read_text(encoding="utf-8") if log.exists() else ""


@pytest.mark.parametrize(
    ("on", "message"),
    [
        ("2099-02-28", "caicach: 28/02/2099 là sau hôm nay"),
        (
            "2023-01-01",
            "caicach: 01/01/2023 là trước ngày ban hành kế hoạch (1879/QĐ-UBND ngày 15/12/2023)",
        ),
    ],
)
def test_a_report_dated_out_of_range_is_refused(
    run: Run, plans: Path, on: str, message: str
) -> None:
    result = run("done", "5.b", "--on", on, "-e", "QĐ 50", "--plans", str(plans))
    assert result.code == 2
    assert result.err.startswith(message)
    assert _log_text(plans) == ""


def test_a_second_done_is_refused_with_the_first(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50/QĐ-UBND", *p).code == 0
    before = _log_text(plans)
    again = run("done", "5.b", "--on", "2024-02-02", "-e", "QĐ 51/QĐ-UBND", *p)
    assert again.code == 2
    assert again.err.startswith(
        "caicach: 5.b mốc 1 (hoàn thành) đã được ghi hoàn thành ngày 31/01/2024 (QĐ 50/QĐ-UBND), ở "
    )
    assert again.err.rstrip().endswith("ghi mục đúng với --correct")
    assert _log_text(plans) == before


def test_done_after_cancel_and_cancel_twice_are_refused(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    assert run("cancel", "7.b", "-e", "QĐ 999/QĐ-UBND", "--on", "2024-07-01", *p).code == 0
    twice = run("cancel", "7.b", "-e", "QĐ 1000/QĐ-UBND", "--on", "2024-07-02", *p)
    assert twice.code == 2
    assert twice.err.startswith("caicach: 7.b đã bị hủy ngày 01/07/2024 (QĐ 999/QĐ-UBND), ở ")
    done = run("done", "7.b", "--on", "2024-07-03", "-e", "BC 1", *p)
    assert done.code == 2
    assert "đã bị hủy ngày 01/07/2024" in done.err


def test_a_correction_supersedes_and_both_stay_in_the_log(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-03-31", "-e", "QĐ 50/QĐ-UBND", *p).code == 0
    late = json.loads(run("show", "5.b", "--as-of", "2024-04-15", "-f", "json", *p).out)
    assert late["status"] == "tre-han"
    fixed = run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50/QĐ-UBND", "--correct", *p)
    assert fixed.code == 0, fixed.err
    assert "corrects: true" in _log_text(plans)
    now = json.loads(run("show", "5.b", "--as-of", "2024-04-15", "-f", "json", *p).out)
    assert (now["status"], now["completed_on"]) == ("dung-han", "2024-01-31")
    assert [(e["date"], e["corrects"], e["superseded"]) for e in now["history"]] == [
        ("2024-01-31", True, False),
        ("2024-03-31", False, True),
    ]
    log = run("log", "5.b", *p).out
    assert "hoàn thành (sửa)" in log
    assert "(đã được sửa)" in log
    nothing = run("done", "5.a", "-m", "1", "--on", "2024-01-31", "-e", "x", "--correct", *p)
    assert nothing.code == 2
    assert nothing.err == (
        "caicach: không có gì để sửa: chưa có mục hoàn thành hay hủy của 5.a mốc 1 (hoàn thành)\n"
    )


def test_a_co_agency_cannot_report_a_share_done(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    refused = run("done", "1.đ", "-m", "1", "-a", "Sở Y tế", "--on", "2024-02-28", "-e", "x", *p)
    assert refused.code == 2
    assert refused.err.startswith(
        "caicach: Sở Y tế là cơ quan phối hợp của nhiệm vụ 1.đ, không chủ trì"
    )
    noted = run("progress", "1.đ", "-a", "Sở Y tế", "--on", "2024-02-28", "-n", "đã góp ý", *p)
    assert noted.code == 0, noted.err
    item = json.loads(run("show", "1.đ", "--as-of", "2024-04-15", "-f", "json", *p).out)
    assert item["status"] == "qua-han"  # a co-agency's note is not the leads' progress
    assert [s["status"] for s in item["assignments"]] == ["qua-han", "qua-han"]


def test_done_without_evidence_warns(run: Run, plans: Path) -> None:
    result = run("done", "5.b", "--on", "2024-01-31", "--plans", str(plans))
    assert result.code == 0
    assert result.err.startswith("caicach: cảnh báo: chưa có minh chứng")


def test_validate_reports_hand_written_entries_out_of_range(run: Run, plans: Path) -> None:
    log = plans / "progress" / "qd-1879-2024.yaml"
    log.parent.mkdir()
    log.write_text(
        "progress: qd-1879-2024\nentries:\n"
        "- {item: 5.b, kind: done, date: 2099-02-28}\n"
        "- {item: 5.a, kind: done, date: 2023-01-01}\n",
        encoding="utf-8",
    )
    result = run("validate", "--plans", str(plans))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{log}:3:33: 28/02/2099 là sau hôm nay ({date.today():%d/%m/%Y}): báo cáo không thể "
        "ghi ngày trong tương lai",
        f"{log}:4:33: 01/01/2023 là trước ngày ban hành kế hoạch (1879/QĐ-UBND ngày 15/12/2023)",
        "2 vấn đề",
    ]
