"""Two shipped plans with the same ids (1879 of 2024, Thông báo 185 of 2018): a bare id names the
item of the plan in force on the day a command looks at, as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

FIRST_LINE = {
    "qd-1879-2024": "1.a  (1879/QĐ-UBND, kế hoạch qd-1879-2024)",
    "tb-185-2018": "1.a  (185/TB-UBND, kế hoạch tb-185-2018)",
}


@pytest.mark.parametrize(
    ("args", "plan"),
    [
        (("--as-of", "2018-07-01"), "tb-185-2018"),
        (("--as-of", "01/07/2018"), "tb-185-2018"),
        (("--as-of", "2024-04-15"), "qd-1879-2024"),
        (("--as-of", "2021-03-01"), "tb-185-2018"),  # 2018 ended, 2024 not begun: 2018's
        (("--as-of", "2023-12-14"), "tb-185-2018"),
        (("--as-of", "2023-12-15"), "qd-1879-2024"),  # 1879 is issued: begun, before 2024
        (("--as-of", "2017-01-01"), "tb-185-2018"),  # before both: the first to begin
        ((), "qd-1879-2024"),  # today, after both: the latest begun
    ],
)
def test_show_names_the_item_of_the_plan_in_force(
    run: Run, args: tuple[str, ...], plan: str
) -> None:
    result = run("show", "1.a", *args)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == FIRST_LINE[plan]


def test_a_qualified_id_always_names_its_plan(run: Run) -> None:
    old = run("show", "tb-185-2018:1.a", "--as-of", "2024-04-15").out
    new = run("show", "qd-1879-2024:1.a", "--as-of", "2018-07-01").out
    assert (old.splitlines()[0], new.splitlines()[0]) == (
        FIRST_LINE["tb-185-2018"],
        FIRST_LINE["qd-1879-2024"],
    )


def test_an_id_of_one_plan_is_found_on_any_day(run: Run) -> None:
    assert run("show", "1.dd", "--as-of", "2018-07-01").out.startswith("1.đ  (1879/QĐ-UBND")
    assert run("show", "6.a.6", "--as-of", "2024-04-15").out.startswith("6.a.6  (185/TB-UBND")


def test_a_split_item_of_the_plan_in_force_says_so(run: Run) -> None:
    split = run("show", "6.a", "--as-of", "2018-07-01")
    assert (split.code, split.err) == (
        2,
        "caicach: nhiệm vụ '6.a' được chia thành các nhiệm vụ con: 6.a.1, 6.a.2, 6.a.3, 6.a.4, "
        "6.a.5, 6.a.6\n",
    )
    assert run("show", "6.a", "--as-of", "2024-04-15").out.startswith("6.a  (1879/QĐ-UBND")


def test_done_goes_to_the_plan_in_force_on_the_entry_date(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    then = run("done", "4.d", "--on", "2018-12-20", "-e", "Báo cáo 1/BC-SNV", *p)
    assert then.code == 0, then.err
    assert then.err.endswith(f"→ {plans / 'progress' / 'tb-185-2018.yaml'}:9\n")
    now = run("done", "4.d", "-m", "1", "--on", "2024-03-29", "-e", "KH 12/KH-SNV", *p)
    assert now.code == 0, now.err
    assert now.err.endswith(f"→ {plans / 'progress' / 'qd-1879-2024.yaml'}:9\n")
    logs = {
        plan: (plans / "progress" / f"{plan}.yaml").read_text(encoding="utf-8").split("entries:\n")
        for plan in ("tb-185-2018", "qd-1879-2024")
    }
    assert logs["tb-185-2018"][1].startswith(
        "- item: 4.d\n  milestone: 1\n  kind: done\n  date: 2018-12-20\n"
        "  evidence: Báo cáo 1/BC-SNV\n"
    )
    assert logs["qd-1879-2024"][1].startswith(
        "- item: 4.d\n  milestone: 1\n  kind: done\n  date: 2024-03-29\n"
    )
    # `log` reads the same way: the --as-of day picks the plan; the whole log names both
    old = json.loads(run("log", "4.d", "--as-of", "2018-07-01", "-f", "json", *p).out)
    new = json.loads(run("log", "4.d", "-f", "json", *p).out)
    assert [(e["plan"], e["date"]) for e in old] == [("tb-185-2018", "2018-12-20")]
    assert [(e["plan"], e["date"]) for e in new] == [("qd-1879-2024", "2024-03-29")]
    both = json.loads(run("log", "-f", "json", *p).out)
    assert [(e["plan"], e["item"]) for e in both] == [
        ("tb-185-2018", "4.d"),
        ("qd-1879-2024", "4.d"),
    ]
    named = json.loads(run("log", "4.d", "--plan", "tb-185-2018", "-f", "json", *p).out)
    assert [e["date"] for e in named] == ["2018-12-20"]


def test_progress_and_cancel_go_by_their_date_too(run: Run, plans: Path) -> None:
    p = ("--plans", str(plans))
    assert run("progress", "2.a", "-n", "đã giao", "--on", "2018-08-01", *p).code == 0
    assert run("cancel", "8.a", "-e", "QĐ 9/QĐ-UBND", "--on", "2018-09-01", *p).code == 0
    # 1879 was issued on 15/12/2023: a report of the last days of 2023 is about it
    assert run("progress", "2.a", "-n", "dự thảo", "--on", "2023-12-28", *p).code == 0
    logged = json.loads(run("log", "-f", "json", *p).out)
    assert [(e["plan"], e["item"], e["kind"]) for e in logged] == [
        ("tb-185-2018", "2.a", "progress"),
        ("tb-185-2018", "8.a", "cancelled"),
        ("qd-1879-2024", "2.a", "progress"),
    ]


def _twin(plans: Path) -> None:
    """A second notice of 2018 with the same points: two plans in force on every day of 2018."""
    text = (plans / "tb-185-2018.yaml").read_text(encoding="utf-8")
    twin = text.replace("id: tb-185-2018", "id: tb-186-2018").replace(
        "number: 185/TB-UBND", "number: 186/TB-UBND"
    )
    (plans / "tb-186-2018.yaml").write_text(twin, encoding="utf-8")


AMBIGUOUS = (
    "caicach: nhiệm vụ '1.a' có ở 2 kế hoạch cùng có hiệu lực ngày 01/07/2018 (185/TB-UBND, "
    "186/TB-UBND); hãy ghi rõ kế hoạch: tb-185-2018:1.a, tb-186-2018:1.a\n"
)


def test_plans_equally_in_force_make_a_bare_id_ambiguous(run: Run, plans: Path) -> None:
    _twin(plans)
    p = ("--plans", str(plans))
    done = run("done", "1.a", "--on", "2018-07-01", "-e", "BC 3", *p)
    assert (done.code, done.out, done.err) == (2, "", AMBIGUOUS)
    assert not (plans / "progress").exists()  # nothing written
    shown = run("show", "1.a", "--as-of", "2018-07-01", *p)
    assert (shown.code, shown.out, shown.err) == (2, "", AMBIGUOUS)
    # a day of 2024 looks at 1879; the qualified id works on any day
    assert run("show", "1.a", "--as-of", "2024-04-15", *p).out.startswith("1.a  (1879/QĐ-UBND")
    named = run("done", "tb-186-2018:1.a", "--on", "2018-07-01", "-e", "BC 3", *p)
    assert named.code == 0, named.err
    assert named.err.endswith(f"→ {plans / 'progress' / 'tb-186-2018.yaml'}:9\n")
