"""The commands as a user runs them: what they print, and their exit codes."""

from __future__ import annotations

import ast
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA, PLANS, ROOT, Run

# Thông báo 185/TB-UBND's three dated points, open since 2018, as of 15/04/2024: the most overdue
TB185_LATE = [("tb-185-2018:7.a", 2126), ("tb-185-2018:3.a", 1932), ("tb-185-2018:4.d", 1932)]


def test_overdue_json_lists_exactly_the_items_due_before_the_day(run: Run) -> None:
    result = run("overdue", "--as-of", "2024-04-15", "--format", "json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert [(r["qualified_id"], r["days_overdue"]) for r in rows] == [
        *TB185_LATE,
        ("qd-1879-2024:1.d", 75),
        ("qd-1879-2024:2.d", 75),
        ("qd-1879-2024:5.b", 75),
        ("qd-1879-2024:1.đ", 45),
        *[
            (f"qd-1879-2024:{i}", 15)
            for i in (
                "1.e",
                "2.a",
                "2.b",
                "2.q",
                "3.e",
                "3.g",
                "4.a",
                "4.b",
                "4.c",
                "4.d",
                "4.đ",
                "4.e",
                "6.b",
                "7.c",
                "7.d",
                "8.a",
                "8.b",
                "8.c",
            )
        ],
    ]


def test_json_contract(run: Run) -> None:
    rows = json.loads(run("overdue", "--as-of", "15/04/2024", "-f", "json").out)
    assert rows[0]["qualified_id"] == "tb-185-2018:7.a"  # open since 2018
    first = next(r for r in rows if r["qualified_id"] == "qd-1879-2024:1.d")
    assert {
        "id",
        "plan",
        "area",
        "task",
        "lead",
        "lead_agencies",
        "co",
        "products",
        "deadline",
        "milestones",
        "days_overdue",
    } <= set(first)
    assert first["id"] == "1.d"
    assert first["plan"] == "qd-1879-2024"
    assert first["area"] == 1
    assert first["lead"] == [
        "Sở Tư pháp",
        "Phòng Tư pháp cấp huyện",
        "công chức Tư pháp - Hộ tịch cấp xã",
    ]
    assert first["lead_agencies"] == ["so-tu-phap", "ubnd-cap-huyen", "ubnd-cap-xa"]
    assert first["deadline"] == "Chậm nhất là ngày 31/01/2024."
    (milestone,) = first["milestones"]
    assert {k: milestone[k] for k in ("number", "label", "due", "kind", "status")} == {
        "number": 1,
        "label": None,
        "due": "2024-01-31",
        "kind": "once",
        "status": "qua-han",
    }
    assert (first["status"], first["status_label"]) == ("qua-han", "Chưa hoàn thành, quá hạn")


def test_overdue_table_fits_80_columns_and_shows_days(run: Run) -> None:
    result = run("overdue", "--as-of", "2024-04-15")
    lines = result.out.splitlines()
    assert lines[0].strip() == "Quá hạn tính đến ngày 15/04/2024"
    assert max(len(line) for line in lines) <= 80
    assert any(  # two plans loaded: ids are shown with their plan
        line.startswith("│ qd-1879-2024:1.d ") and "31/01/2024" in line and "75 ngày" in line
        for line in lines
    )
    assert lines[-1] == "25 nhiệm vụ (đầy đủ: caicach show <mã>)"


def test_overdue_on_the_first_due_day_is_empty(run: Run) -> None:
    result = run("overdue", "--as-of", "2024-01-31", "--plan", "qd-1879-2024")
    assert result.out.splitlines() == ["0 nhiệm vụ — Quá hạn tính đến ngày 31/01/2024"]


def test_list_by_agency_includes_items_given_to_its_class(run: Run) -> None:
    rows = json.loads(run("list", "--agency", "so tu phap", "-f", "json").out)
    by_id = {r["qualified_id"].replace("qd-1879-2024:", ""): r for r in rows}
    own = {"of": None, "since": None}  # its own share, not one passed to it by a predecessor
    assert by_id["1.a"]["match"] == {"role": "lead", "via": None, **own}
    assert by_id["2.b"]["match"] == {"role": "lead", "via": "cac-so-ban-nganh", **own}
    assert by_id["1.c"]["match"] == {"role": "lead", "via": None, **own}
    assert "3.e" not in by_id  # Sở Y tế's, with unnamed co-agencies
    assert by_id["tb-185-2018:1.a"]["match"] == {"role": "lead", "via": "cac-so-ban-nganh", **own}


def test_list_table_shows_how_the_agency_is_concerned(run: Run) -> None:
    ask = ("list", "--agency", "Sở Tư pháp", "--role", "lead", "--plan", "qd-1879-2024")
    area1 = run(*ask, "--area", "1").out
    assert "(qua «" not in area1  # Sở Tư pháp is named in every item of 1879's area 1
    assert area1.splitlines()[-1] == "7 nhiệm vụ (đầy đủ: caicach show <mã>)"
    area3 = run(*ask, "--area", "3").out
    assert "(qua «Các" in area3
    assert area3.splitlines()[-1] == "5 nhiệm vụ (đầy đủ: caicach show <mã>)"


def test_list_filters_by_area_plan_and_dates(run: Run) -> None:
    rows = json.loads(
        run(
            "list",
            "--area",
            "8",
            "--plan",
            "qd-1879-2024",
            "--due-before",
            "2024-09-30",
            "--due-after",
            "2024-07-01",
            "-f",
            "json",
        ).out
    )
    assert [r["id"] for r in rows] == ["8.d"]
    assert rows[0]["area_printed"] == "7."


def test_list_csv(run: Run) -> None:
    out = run("list", "--area", "5", "-f", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["plan"], r["id"]) for r in rows] == [
        *(("qd-1879-2024", i) for i in ("5.a", "5.b", "5.c", "5.d")),
        ("tb-185-2018", "5.a"),
    ]
    assert rows[1]["lead"] == "Sở Tài chính"
    assert rows[1]["milestones"] == "2024-01-31"


def test_show_accepts_dd_for_đ(run: Run) -> None:
    result = run("show", "1.dd")
    lines = result.out.splitlines()
    assert lines[0] == "1.đ  (1879/QĐ-UBND, kế hoạch qd-1879-2024)"
    assert "Lĩnh vực: 1. Cải cách thể chế" in lines
    assert any("│ 1 │ Quyết định công bố" in line and "01/03/2024" in line for line in lines)
    assert any(
        "│ 2 │ Báo cáo kết quả hệ thống hóa" in line and "20/03/2024" in line for line in lines
    )
    assert lines[-1] == "Nguồn: plans/qd-1879-2024.yaml:130"


def test_show_second_area_seven_keeps_its_printed_number(run: Run) -> None:
    out = run("show", "8.a").out
    assert "Lĩnh vực: 7. Công tác chỉ đạo, điều hành cải cách hành chính" in out.splitlines()


def test_show_json_of_an_undated_item(run: Run) -> None:
    data = json.loads(run("show", "2.h", "-f", "json").out)
    assert [
        {k: m[k] for k in ("label", "due", "kind", "period", "note")} for m in data["milestones"]
    ] == [
        {
            "label": None,
            "due": None,
            "kind": "undated",
            "period": None,
            "note": "Theo Kế hoạch số 140/KH-UBND ngày 14/10/2021 của UBND tỉnh "
            "đối với những nhiệm "
            "vụ giao thực hiện trong năm 2024",
        }
    ]


def test_agencies_counts(run: Run) -> None:
    rows = {r["id"]: r for r in json.loads(run("agencies", "-f", "json").out)}
    assert rows["so-noi-vu"]["lead_direct"] == 8 + 1  # and 4.b of 185/TB-UBND
    assert rows["cac-so-ban-nganh"]["class"] is True
    assert rows["ubnd-ly-son"]["lead"] == rows["ubnd-cap-huyen"]["lead"]
    table = run("agencies").out
    assert "Nhóm cơ quan" in table


def test_validate_clean(run: Run) -> None:
    result = run("validate")
    assert (result.code, result.out, result.err) == (
        0,
        "",
        "OK: 2 kế hoạch, 77 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ, 30 chỉ tiêu\n",
    )


def test_validate_points_at_the_broken_line(run: Run, tmp_path: Path) -> None:
    broken = tmp_path / "plans"
    shutil.copytree(PLANS, broken)
    plan = broken / "qd-1879-2024.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if "Chậm nhất là ngày 31/01/2024" in line)
    lines[n] = lines[n].replace("31/01/2024", "31/02/2024")
    plan.write_text("".join(lines), encoding="utf-8")
    result = run("validate", "--plans", str(broken))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{plan}:{n + 1}:13: deadline: ngày không tồn tại: 31/02/2024",
        "1 vấn đề",
    ]
    assert result.out == ""


def test_validate_named_files(run: Run) -> None:
    result = run(
        "validate",
        str(DATA / "invalid" / "unknown-key.yaml"),
        str(DATA / "invalid" / "impossible-date.yaml"),
    )
    assert result.code == 1
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in result.err.splitlines()] == [
        "impossible-date.yaml:16:15",
        "unknown-key.yaml:16:5",
        "2 vấn đề",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("overdue", "--as-of", "2024-02-30"), "không có ngày này trên lịch"),
        (("overdue", "--as-of", "tomorrow"), "không phải là ngày"),
        (("list", "--agency", "so tu fap"), "có phải 'Sở Tư pháp'"),
        (("list", "--plan", "nope"), "không có kế hoạch 'nope'; các kế hoạch đã nạp: qd-1879-2024"),
        (("show", "2.k"), "được chia thành các nhiệm vụ con"),
        (("list", "--role", "boss"), "giá trị không hợp lệ cho '--role'"),
        (("validate", "no/such/file.yaml"), "không có tệp hay thư mục này"),
        (("list", "--plans", "no-such-dir"), "không có thư mục kế hoạch 'no-such-dir'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_plans_dir_from_the_environment(
    run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CAICACH_PLANS", str(PLANS))
    monkeypatch.chdir(tmp_path)
    assert (
        run("validate").err
        == "OK: 2 kế hoạch, 77 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ, 30 chỉ tiêu\n"
    )


def test_help_teaches_with_examples(run: Run) -> None:
    out = run("overdue", "--help").out
    assert "caicach overdue --as-of 2024-04-15" in out
    assert "--agency" in out


def test_version(run: Run) -> None:
    assert run("--version").out.startswith("caicach ")


def _subprocess(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "", "NO_COLOR": "1", **env},
        check=False,
        timeout=60,
    )


def test_python_m_caicach_runs(tmp_path: Path) -> None:
    result = _subprocess("-m", "caicach", "overdue", "--as-of", "2024-02-01", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert [r["id"] for r in json.loads(result.stdout)] == [
        "7.a",
        "3.a",
        "4.d",
        "1.d",
        "2.d",
        "5.b",
    ]


_PROBE = (
    "import sys\n"
    "from caicach.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "finally:\n"
    "    heavy = ('pydantic', 'caicach.plan.model', 'yaml', 'rich', 'openpyxl', 'docx',\n"
    "             'jinja2', 'hypothesis')\n"
    "    print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
)


def _loaded(*args: str, **env: str) -> list[str]:
    result = _subprocess("-c", _PROBE, *args, **env)
    assert result.returncode == 0, result.stderr
    loaded: list[str] = ast.literal_eval(result.stderr.strip().splitlines()[-1])
    return loaded


def _completing(words: str) -> dict[str, str]:
    return {
        "_CAICACH_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--version"], {}),
        (["--help"], {}),
    ],
    ids=["--version", "--help"],
)
def test_start_up_loads_no_models_and_no_pydantic(args: list[str], env: dict[str, str]) -> None:
    assert _loaded(*args, **env) == []


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["overdue", "--help"], {}),
        ([], _completing("caicach ov")),
        ([], _completing("caicach overdue --")),
    ],
    ids=["command --help", "completing a command", "completing an option"],
)
def test_command_help_and_completion_load_no_models(args: list[str], env: dict[str, str]) -> None:
    # Typer (from 0.29) imports pydantic itself to coerce a command's parameters; caicach's
    # models, YAML and renderers stay out.
    assert [m for m in _loaded(*args, **env) if m != "pydantic"] == []


def test_overdue_as_json_loads_neither_rich_nor_openpyxl() -> None:
    loaded = _loaded("overdue", "--as-of", "2024-04-15", "-f", "json")
    assert "rich" not in loaded
    assert "openpyxl" not in loaded
    assert "jinja2" not in loaded
    assert "caicach.plan.model" in loaded  # the probe sees what a real run loads


COMMANDS = [
    "validate",
    "list",
    "overdue",
    "due",
    "show",
    "log",
    "summary",
    "agencies",
    "matrix",
    "targets",
    "report",
    "site",
    "urge",
    "remind",
    "urged",
    "forms",
    "collect",
    "done",
    "progress",
    "cancel",
    "import",
    "schema",
    "init",
    "merge-log",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_shows_an_example(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.code == 0
    assert "Ví dụ:" in result.out
    assert f"caicach {command}" in result.out.split("Ví dụ:")[1]


def test_the_command_list_is_complete(run: Run) -> None:
    listed = [
        line.split()[0]
        for line in run("--help").out.split("Lệnh:")[1].splitlines()
        if line.startswith("  ") and line.split()
    ]
    assert sorted(listed) == sorted(COMMANDS)


def test_a_plan_that_has_ended_is_said_once(run: Run) -> None:
    hint = (
        "caicach: Kế hoạch 1879/QĐ-UBND (năm 2024), 185/TB-UBND (năm 2018) đã kết thúc ngày "
        "31/12/2024; dùng --as-of "
        "2024-12-31 để xem tình hình lúc kết thúc, hoặc nạp kế hoạch của năm nay.\n"
    )
    for command in ("overdue", "due"):
        late = run(command, "--as-of", "2026-11-22")
        assert (late.code, late.err) == (0, hint), command
        assert run(command, "--as-of", "2024-12-31").err == ""


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["list", "--as-of", "2024-02-30"],
            "caicach list: lỗi: giá trị không hợp lệ cho '--as-of': '2024-02-30': không có ngày "
            "này trên lịch\nXem `caicach list --help`.\n",
        ),
        (
            ["list", "--nope"],
            "caicach list: lỗi: không có tùy chọn --nope (có phải: --role?)\n"
            "Xem `caicach list --help`.\n",
        ),
        (["show"], "caicach show: lỗi: thiếu đối số ID\nXem `caicach show --help`.\n"),
        (
            ["nosuch"],
            "caicach: lỗi: không có lệnh 'nosuch' (caicach --help liệt kê các lệnh)\n"
            "Xem `caicach --help`.\n",
        ),
        (
            ["due", "--within", "-3"],
            "caicach due: lỗi: giá trị không hợp lệ cho '--within': phải lớn hơn hoặc bằng 0\n"
            "Xem `caicach due --help`.\n",
        ),
        (
            ["overdue", "--as-of"],
            "caicach: lỗi: tùy chọn --as-of cần một giá trị\nXem `caicach --help`.\n",
        ),
        (
            ["overdue", "plans/"],
            "caicach overdue: lỗi: thừa đối số: plans/\nXem `caicach overdue --help`.\n",
        ),
        (
            ["overdue", "a", "b"],
            "caicach overdue: lỗi: thừa đối số: a b\nXem `caicach overdue --help`.\n",
        ),
    ],
)
def test_command_line_mistakes_are_said_in_vietnamese(run: Run, args: list[str], said: str) -> None:
    result = run(*args)
    assert (result.code, result.out) == (2, "")
    assert result.err == said


def test_a_wrong_value_is_shown_as_written_with_its_place(run: Run, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    text = (plans / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    (plans / "qd-1879-2024.yaml").write_text(
        text.replace("  year: 2024", "  year: hai nghìn"), encoding="utf-8"
    )
    result = run("validate", "--plans", str(plans))
    line = text.split("\n").index("  year: 2024") + 1
    assert result.err.splitlines()[0] == (
        f"{plans / 'qd-1879-2024.yaml'}:{line}:9: plan.year: phải là số nguyên "
        "(đang ghi: hai nghìn)"
    )


def test_many_ended_plans_are_counted_not_named(run: Run, plans: Path) -> None:
    text = (plans / "qd-1879-2024.yaml").read_text(encoding="utf-8")
    for k, year in enumerate((2021, 2022, 2023)):
        moved = text.replace("qd-1879-2024", f"old-{k}").replace("2024", str(year))
        dated = moved.replace("2023-12-15", f"{year - 1}-12-15")
        (plans / f"old-{k}.yaml").write_text(dated, encoding="utf-8")
    late = run("overdue", "--as-of", "2026-11-22", "--plans", str(plans))
    assert (late.code, late.err) == (
        0,
        "caicach: Cả 5 kế hoạch (các năm 2018–2024) đã kết thúc ngày 31/12/2024; dùng --as-of "
        "2024-12-31 để xem tình hình lúc kết thúc, hoặc nạp kế hoạch của năm nay.\n",
    )


def test_a_cached_overdue_reads_no_yaml(tmp_path: Path) -> None:
    cache = {"CAICACH_CACHE_DIR": str(tmp_path / "cache")}
    args = ("overdue", "--as-of", "2024-04-15")
    assert "yaml" in _loaded(*args, **cache), "the first run parses the plans"
    assert "yaml" not in _loaded(*args, **cache), "the second finds them all in the cache"
    assert "yaml" in _loaded("--no-cache", *args, **cache)


def test_a_command_rests_the_collector_on_its_plans_and_gives_it_back(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from caicach.cli import options
    from caicach.tracking import views

    before = gc.get_threshold()
    seen: list[tuple[int, tuple[int, ...]]] = []
    real = views.overdue_list

    def spy(*args: object, **kw: object) -> views.ItemList:
        seen.append((gc.get_freeze_count(), gc.get_threshold()))
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "overdue_list", spy)
    assert run("overdue", "--as-of", "2024-04-15").code == 0
    [(frozen, during)] = seen
    assert frozen > 10_000  # the loaded plans, out of the collector's sight
    assert during == (before[0], before[1], options.FULL_COLLECTIONS_EVERY)
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, before)  # given back
    assert run("overdue", "--agency", "no such agency").code == 2  # found out after loading
    assert (gc.get_freeze_count(), gc.get_threshold()) == (0, before)  # after a mistake too
