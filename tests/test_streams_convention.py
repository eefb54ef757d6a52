"""Data on stdout, every confirmation and notice on stderr, the same for every command: a user
who pipes or redirects a command's output gets only what it shows, never what it says it did."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEED, Run

AS_OF = "2024-04-15"
Args = Callable[[Path, Path], tuple[str, ...]]

# Each writing command once, on a copy of the shipped plans; what it says first on stderr.
WRITERS: dict[str, tuple[Args, str]] = {
    "done": (
        lambda plans, tmp: ("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50/QĐ-UBND"),
        "Đã ghi hoàn thành 5.b mốc 1 (hoàn thành), hạn 31/01/2024, ngày 31/01/2024"
        " → {plans}/progress/qd-1879-2024.yaml:9",
    ),
    "progress": (
        lambda plans, tmp: ("progress", "3.e", "--on", "2024-03-20", "-n", "dự thảo"),
        "Đã ghi tiến độ 3.e ngày 20/03/2024 → {plans}/progress/qd-1879-2024.yaml:9",
    ),
    "cancel": (
        lambda plans, tmp: ("cancel", "7.b", "-e", "QĐ 999/QĐ-UBND", "--on", "2024-07-01"),
        "Đã ghi hủy 7.b ngày 01/07/2024 → {plans}/progress/qd-1879-2024.yaml:9",
    ),
    "report": (
        lambda plans, tmp: ("report", "--as-of", AS_OF, "-o", str(tmp / "tuan.xlsx")),
        "Đã ghi {tmp}/tuan.xlsx: 77 nhiệm vụ, ",
    ),
    "forms": (
        lambda plans, tmp: (
            "forms",
            "-a",
            "Sở Xây dựng",
            "--as-of",
            AS_OF,
            "-o",
            str(tmp / "p.xlsx"),
        ),
        "caicach: đã tạo khoá ký phiếu {plans}/.caicach-keys/",  # then "Đã lập …"
    ),
    "forms --rotate-key": (
        lambda plans, tmp: ("forms", "--rotate-key"),
        "Đã tạo khoá ký phiếu mới ",
    ),
    "import -o": (
        lambda plans, tmp: ("import", str(SEED), "-o", str(tmp / "kh.yaml")),
        f"{SEED}:323: cảnh báo: ",  # then "Đã ghi …: 56 nhiệm vụ"
    ),
    "init": (
        lambda plans, tmp: ("init", str(tmp / "kho"), "--install", "caicach"),  # no --plans
        "{tmp}/kho/",
    ),
    "validate": (lambda plans, tmp: ("validate",), "OK: 2 kế hoạch, 77 nhiệm vụ, "),
    "site": (
        lambda plans, tmp: ("site", "-o", str(tmp / "site"), "--as-of", AS_OF),
        "Đã lập {tmp}/site/index.html: ",
    ),
}

# Where the confirmation is not the first line on stderr, the whole line that holds it.
SAID: dict[str, str] = {
    "forms": "Đã lập {tmp}/p.xlsx: Sở Xây dựng, 31 mốc chưa xong (phiếu 2024-04-15-so-xay-dung)",
    "import -o": "Đã ghi {tmp}/kh.yaml: 56 nhiệm vụ",
    "init": "{tmp}/kho/plans/agencies.yaml",
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_writing_command_says_what_it_did_on_stderr_and_nothing_on_stdout(
    run: Run, plans: Path, tmp_path: Path, name: str
) -> None:
    args, first = WRITERS[name]
    given = args(plans, tmp_path)
    result = run(*given) if given[0] == "init" else run(*given, "--plans", str(plans))
    assert result.code == 0, result.err
    assert result.out == ""
    lines = result.err.splitlines()
    assert lines[0].startswith(first.format(tmp=tmp_path, plans=plans)), lines
    if name in SAID:
        assert SAID[name].format(tmp=tmp_path) in lines, lines


def test_collect_shows_its_preview_on_stdout_and_says_what_it_wrote_on_stderr(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    form = tmp_path / "p.xlsx"
    p = ("--plans", str(plans))
    assert run("forms", "-a", "Sở Xây dựng", "--as-of", AS_OF, "-o", str(form), *p).code == 0
    unasked = run("collect", str(form), *p)
    assert unasked.code == 0, unasked.err
    assert (
        unasked.out
        == f"{form}: Sở Xây dựng, phiếu ngày 15/04/2024: 0 mục mới, 0 đã có trong nhật ký\n"
    )
    assert unasked.err == "Chưa ghi gì: thêm --yes để ghi nhận 1 phiếu đã nhận lại.\n"


def test_a_data_command_writes_its_data_on_stdout_and_nothing_on_stderr(
    run: Run, plans: Path
) -> None:
    p = ("--plans", str(plans))
    result = run("overdue", "--as-of", "2024-02-01", "-f", "json", *p)
    assert (result.code, result.err) == (0, "")
    assert [r["qualified_id"] for r in json.loads(result.out)][-3:] == [
        "qd-1879-2024:1.d",
        "qd-1879-2024:2.d",
        "qd-1879-2024:5.b",
    ]
    shown = run("show", "1.đ", *p)
    assert (shown.code, shown.err) == (0, "")
    assert shown.out.startswith("1.đ  (1879/QĐ-UBND, kế hoạch qd-1879-2024)")
    pending = run("forms", "--pending", "--as-of", AS_OF, *p)
    assert (pending.code, pending.out) == (0, "")  # nothing sent: no list, a notice
    assert pending.err == "Không còn phiếu nào đã gửi mà chưa nhận lại đến ngày 15/04/2024.\n"
