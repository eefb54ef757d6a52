"""Plans as code: GitHub annotations, JSON problems, schemas for editors, `caicach init`."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from caicach import __version__
from caicach.authoring.scaffold import schema_text
from caicach.authoring.schema import MODELS
from caicach.cli.app import COMMANDS, for_args
from caicach.errors import Problem
from caicach.load import yaml_source
from caicach.load.folders import MARKER, MARKER_TEXT, repository
from caicach.render.terminal.problems import annotation
from tests.conftest import DATA, PLANS, ROOT, Run

SCHEMAS = ROOT / "schemas"
KIND_OF = {"agencies.yaml": "agencies", "scoring.yaml": "scoring", "office.yaml": "office"}


def test_github_annotation_escapes_what_the_runner_reads() -> None:
    p = Problem("plans/a,b:c.yaml", 12, 5, "50% done\nnext line")
    assert annotation(p) == (
        "::error file=plans/a%2Cb%3Ac.yaml,line=12,col=5,title=caicach validate::"
        "50%25 done%0Anext line"
    )
    assert annotation(Problem("plans", 0, 0, "no registry")) == (
        "::error file=plans,title=caicach validate::no registry"
    )


def test_validate_github_format_line_by_line(run: Run) -> None:
    case = DATA / "invalid" / "impossible-date.yaml"
    result = run("validate", "--format", "github", str(case))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"::error file={case},line=16,col=15,title=caicach validate::"
        "deadline: ngày không tồn tại: 31/02/2025",
        f"{case}:16:15: deadline: ngày không tồn tại: 31/02/2025",
    ]
    assert result.err == "1 vấn đề\n"


def test_github_format_is_the_default_inside_github_actions(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("validate", str(DATA / "invalid" / "unknown-key.yaml"))
    assert result.out.startswith("::error file=")


def test_validate_json(run: Run) -> None:
    bad = json.loads(run("validate", "-f", "json", str(DATA / "invalid" / "unknown-key.yaml")).out)
    assert bad == {
        "ok": False,
        "problems": [
            {
                "path": str(DATA / "invalid" / "unknown-key.yaml"),
                "line": 16,
                "col": 5,
                "message": "khóa lạ 'deadlin'; có phải 'deadline'?",
            }
        ],
    }
    good = run("validate", "-f", "json")
    assert (good.code, json.loads(good.out)) == (
        0,
        {
            "ok": True,
            "plans": 2,
            "items": 77,
            "agencies": 139,
            "classes": 5,
            "records": 0,
            "targets": 30,
            "problems": [],
        },
    )


@pytest.mark.parametrize("kind", list(MODELS))
def test_schema_files_are_up_to_date(run: Run, kind: str) -> None:
    assert (SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8") == schema_text(kind)
    assert run("schema", kind).out == schema_text(kind)


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_file_in_plans_satisfies_its_schema(path: Path) -> None:
    kind = KIND_OF.get(path.name, "plan")
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.validate(yaml_source.load(path).data, schema, cls=jsonschema.Draft7Validator)
    modeline = path.read_text(encoding="utf-8").splitlines()[0]
    assert modeline == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"


def test_the_schema_catches_a_mistyped_key() -> None:
    schema = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    data = yaml_source.load(DATA / "invalid" / "unknown-key.yaml").data
    with pytest.raises(jsonschema.ValidationError, match="deadlin"):
        jsonschema.validate(data, schema, cls=jsonschema.Draft7Validator)


def test_a_progress_log_satisfies_its_schema(run: Run, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    run("done", "2.a", "-m", "1", "--on", "2024-01-31", "--agency", "VPUB", "--plans", str(plans))
    log = plans / "progress" / "qd-1879-2024.yaml"
    schema = json.loads((SCHEMAS / "progress.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml_source.load(log).data, schema, cls=jsonschema.Draft7Validator)


SPEC = "caicach @ git+https://example.org/caicach.git@v0.1.0"


def test_init_makes_a_repository_that_passes_its_own_checks(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach"
    result = run("init", str(target), "--install", SPEC)
    assert result.code == 0, result.err
    assert result.out == ""  # the files written are a confirmation, on stderr
    files = {str(Path(line).relative_to(target)) for line in result.err.splitlines()}
    assert {
        "plans/agencies.yaml",
        "plans/qd-1879-2024.yaml",
        "plans/progress/.gitkeep",
        "schemas/plan.schema.json",
        ".github/workflows/caicach.yml",
        ".pre-commit-config.yaml",
        ".gitattributes",
        "README.md",
        ".caicach",
    } <= files
    assert (target / ".caicach").read_text("utf-8") == MARKER_TEXT
    assert (target / ".gitattributes").read_text("utf-8") == (
        "plans/progress/*.yaml merge=caicach-log\n"
    )
    assert (
        run("validate", "--plans", str(target / "plans")).err
        == "OK: 1 kế hoạch, 56 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ, 30 chỉ tiêu\n"
    )
    workflow = yaml.safe_load((target / ".github/workflows/caicach.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in workflow["jobs"]["plans"]["steps"]]
    assert "caicach validate --format github" in steps
    assert "caicach report --force -o bao-cao-tien-do.xlsx" in steps
    assert f'pip install "{SPEC}"' in steps
    assert "caicach site -o site" in steps
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "plans"
    assert publish["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]
    assert publish["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "caicach validate"
    assert hooks["repos"][0]["hooks"][0]["additional_dependencies"] == [SPEC]
    assert f'pip install "{SPEC}"' in (target / "README.md").read_text("utf-8")
    again = run("init", str(target), "--install", SPEC)
    assert (again.code, "không phải thư mục rỗng" in again.err) == (2, True)


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["entry"], h["language"], h["pass_filenames"]) for h in hooks] == [
        ("caicach-validate", "caicach validate", "python", False)
    ]


SAMPLE_SAID = (
    "caicach: đang đọc kế hoạch mẫu kèm theo caicach, vì ở đây và các thư mục cha không có kho "
    "kế hoạch (plans/); hãy chạy trong một kho kế hoạch (caicach init tạo kho) hoặc chỉ ra "
    "--plans DIR\n"
)
CLEAN = "OK: 1 kế hoạch, 56 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ, 30 chỉ tiêu"
SHIPPED = "OK: 2 kế hoạch, 77 nhiệm vụ, 139 cơ quan, 5 nhóm, 0 mục tiến độ, 30 chỉ tiêu"  # + 185


def test_outside_a_plan_repository_the_shipped_plans_are_used_and_said(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert repository(tmp_path) is None  # nothing above the test's folder is a repository
    monkeypatch.chdir(tmp_path)
    result = run("overdue", "--as-of", "2024-02-01", "-f", "json")
    assert result.code == 0
    assert [r["qualified_id"] for r in json.loads(result.out)] == [
        *("tb-185-2018:7.a", "tb-185-2018:3.a", "tb-185-2018:4.d"),  # both plans are shipped
        *("qd-1879-2024:1.d", "qd-1879-2024:2.d", "qd-1879-2024:5.b"),
    ]
    assert result.err == SAMPLE_SAID
    checked = run("validate")
    assert (checked.code, checked.out, checked.err) == (
        0,
        "",
        f"{SAMPLE_SAID}{SHIPPED} (mẫu kèm theo caicach)\n",
    )
    for command in (("agencies",), ("show", "1.đ"), ("summary",), ("urge", "--dry-run", "--all")):
        assert run(*command).err.startswith(SAMPLE_SAID), command
    refused = run("done", "5.b", "--on", "2024-01-31")
    assert (refused.code, refused.out, refused.err) == (
        2,
        "",
        "caicach: không ở trong kho kế hoạch nào (ở đây và các thư mục cha không có plans/): "
        "hãy chạy trong một kho kế hoạch (caicach init tạo kho), hoặc chỉ ra --plans DIR "
        "(hay đặt CAICACH_PLANS)\n",
    )
    monkeypatch.setenv("CAICACH_PLANS", str(tmp_path / "nowhere"))
    assert "không có thư mục kế hoạch" in run("overdue").err


def test_from_a_subfolder_the_repository_is_found(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As git finds `.git`: from plans/progress/ (or any folder below the repository) the
    commands read the repository's plans, and write into its log, never the sample's."""
    repo = tmp_path / "ke-hoach"
    assert run("init", str(repo), "--install", SPEC).code == 0
    monkeypatch.chdir(repo / "plans" / "progress")
    checked = run("validate")
    assert (checked.code, checked.out, checked.err) == (0, "", f"{CLEAN}\n")
    wrote = run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50/QĐ-UBND")
    assert (wrote.code, wrote.out) == (0, "")
    assert wrote.err.endswith(" → ../progress/qd-1879-2024.yaml:9\n")
    assert "item: 5.b" in (repo / "plans" / "progress" / "qd-1879-2024.yaml").read_text("utf-8")
    deeper = repo / "docs" / "2024"
    deeper.mkdir(parents=True)
    monkeypatch.chdir(deeper)
    late = run("overdue", "--as-of", "2024-02-01", "-f", "json")
    assert (late.code, late.err) == (0, "")
    assert [r["id"] for r in json.loads(late.out)] == ["1.d", "2.d"]  # 5.b done, in its log


def test_a_broken_repository_found_above_is_reported_not_replaced(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "ke-hoach"
    assert run("init", str(repo), "--install", SPEC).code == 0
    shutil.copy(DATA / "invalid" / "unknown-key.yaml", repo / "plans")
    monkeypatch.chdir(repo / "plans" / "progress")
    for command in (("validate",), ("overdue",)):
        broken = run(*command)
        assert (broken.code, broken.out, broken.err) == (
            1,
            "",
            "../unknown-key.yaml:16:5: khóa lạ 'deadlin'; có phải 'deadline'?\n1 vấn đề\n",
        ), command


def test_plans_given_before_the_command(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "ke-hoach"
    assert run("init", str(repo), "--install", SPEC).code == 0
    monkeypatch.chdir(tmp_path)
    plans = str(repo / "plans")
    checked = run("--plans", plans, "validate")
    assert (checked.code, checked.out, checked.err) == (0, "", f"{CLEAN}\n")
    late = run("--plans", plans, "overdue", "--as-of", "2024-02-01", "-f", "json")
    assert ([r["id"] for r in json.loads(late.out)], late.err) == (["1.d", "2.d", "5.b"], "")
    # the command's own --plans wins, and either wins over the environment
    assert run("--plans", str(tmp_path / "nowhere"), "validate", "--plans", plans).err == (
        f"{CLEAN}\n"
    )
    monkeypatch.setenv("CAICACH_PLANS", str(tmp_path / "nowhere"))
    assert run("--plans", plans, "validate").err == f"{CLEAN}\n"
    assert run("validate", "--plans", plans).err == f"{CLEAN}\n"
    lost = run("--plans", plans)
    assert (lost.code, lost.err) == (
        2,
        "caicach: lỗi: thiếu tên lệnh (caicach --help liệt kê các lệnh)\nXem `caicach --help`.\n",
    )


def test_a_run_naming_its_command_after_plans_gets_that_command_alone() -> None:
    def names(*args: str) -> list[str | None]:
        return [c.name for c in for_args(list(args)).registered_commands]

    assert names("--plans", "plans", "overdue", "--as-of", "2024-04-15") == ["overdue"]
    assert names("--no-cache", "--plans=plans", "show", "1.a") == ["show"]
    assert names("--plans", "validate", "validate") == ["validate"]  # a folder named validate
    assert len(names("--plans", "plans")) == len(COMMANDS)


def test_a_marker_makes_a_repository_even_without_its_plans(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder holding `.caicach` is a repository: its missing plans/ is said, neither the
    plans of a folder further up nor the sample are read instead."""
    outer = tmp_path / "so"
    shutil.copytree(PLANS, outer / "plans", ignore=shutil.ignore_patterns("progress"))
    inner = outer / "ke-hoach-2025"
    (inner / "docs").mkdir(parents=True)
    (inner / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    monkeypatch.chdir(inner / "docs")
    said = "không có thư mục kế hoạch, dù ../.caicach đánh dấu đây là một kho kế hoạch"
    for command in (("validate",), ("overdue",), ("done", "5.b", "--on", "2024-01-31")):
        missing = run(*command)
        assert (missing.code, missing.out, missing.err) == (
            1,
            "",
            f"../plans: {said}\n1 vấn đề\n",
        ), command
    as_json = json.loads(run("validate", "-f", "json").out)
    assert as_json["problems"] == [{"path": "../plans", "line": 0, "col": 0, "message": said}]
    (inner / "plans").mkdir()
    shutil.copy(PLANS / "agencies.yaml", inner / "plans")
    shutil.copy(DATA / "valid" / "minimal.yaml", inner / "plans")
    found = run("validate")
    assert (found.code, found.out) == (0, "")
    assert found.err.startswith("OK: 1 kế hoạch, ")
    monkeypatch.chdir(outer)
    assert run("validate").err == f"{SHIPPED}\n"


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Cán bộ",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "Cán bộ",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_branches_recording_progress_merge_without_conflict(run: Run, tmp_path: Path) -> None:
    repo = tmp_path / "ke-hoach"
    assert run("init", str(repo), "--install", SPEC).code == 0
    p = ("--plans", str(repo / "plans"))
    _git(repo, "init", "-q", "-b", "main")
    # the merge driver registered as the README of the repository made says
    _git(
        repo,
        "config",
        "merge.caicach-log.driver",
        f"{sys.executable} -m caicach merge-log %O %A %B %P",
    )
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "QĐ 50/QĐ-UBND", *p).code == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "plans")
    _git(repo, "checkout", "-q", "-b", "officer-a")
    assert run("done", "2.a", "-m", "1", "--on", "2024-03-01", "-e", "KH 23", *p).code == 0
    _git(repo, "commit", "-q", "-am", "a")
    _git(repo, "checkout", "-q", "main")
    assert run("progress", "3.e", "--on", "2024-03-20", "-n", "dự thảo", *p).code == 0
    _git(repo, "commit", "-q", "-am", "b")
    _git(repo, "merge", "-q", "--no-edit", "officer-a")
    check = run("validate", *p)
    said = "OK: 1 kế hoạch, 56 nhiệm vụ, 139 cơ quan, 5 nhóm, 3 mục tiến độ, 30 chỉ tiêu\n"
    assert check.err == said
    logged = json.loads(run("log", "-f", "json", *p).out)
    assert [(e["item"], e["kind"]) for e in logged] == [
        ("5.b", "done"),
        ("2.a", "done"),
        ("3.e", "progress"),
    ]


def test_init_without_a_source_says_where_to_install_from(run: Run, tmp_path: Path) -> None:
    """This copy is installed from a folder, with no project URL: CI could not install it."""
    result = run("init", str(tmp_path / "x"))
    assert result.code == 2
    assert "hãy nói CI cài caicach từ đâu, vd. --install" in result.err
    assert not (tmp_path / "x").exists()
    bad = run("init", str(tmp_path / "y"), "--install", 'caicach" && curl evil')
    assert (bad.code, "ghi một yêu cầu pip, không có dấu nháy" in bad.err) == (2, True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_install_spec_written_resolves(run: Run, tmp_path: Path) -> None:
    """pip resolves what the workflow installs: here this checkout, as a PEP 508 direct URL."""
    spec = f"caicach @ {ROOT.as_uri()}"
    assert run("init", str(tmp_path / "k"), "--install", spec).code == 0
    workflow = yaml.safe_load((tmp_path / "k/.github/workflows/caicach.yml").read_text("utf-8"))
    line = next(
        s["run"] for s in workflow["jobs"]["plans"]["steps"] if "pip install" in s.get("run", "")
    )
    written = shlex.split(line)[2]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-deps",
            "-q",
            "--report",
            "-",
            written,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(i["metadata"]["name"], i["metadata"]["version"]) for i in report["install"]] == [
        ("caicach", __version__)
    ]


def test_the_target_file_satisfies_its_schema() -> None:
    path = PLANS / "targets" / "nq-93-hdnd-2021.yaml"
    schema = json.loads((SCHEMAS / "targets.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml_source.load(path).data, schema, cls=jsonschema.Draft7Validator)
    modeline = path.read_text(encoding="utf-8").splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../../schemas/targets.schema.json"
