"""Where the plans are: `--plans` (or CAICACH_PLANS), else the `plans/` of the repository the
current folder stands in (found by walking up, as git finds `.git`), else, outside any
repository, the sample plans shipped with caicach; and loading the workspace found there."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caicach.errors import CheckResult, Problem, ProblemsError, UsageError
from caicach.load.cache import Cache
from caicach.load.loader import Workspace, load, load_item_plan

PLANS = "plans"
# `caicach init` writes this beside plans/: the folder holding it is a plan repository even when
# its plans/ is missing, so that a broken repository is reported, not walked past.
MARKER = ".caicach"
MARKER_TEXT = (
    "# Kho kế hoạch caicach: mọi lệnh caicach chạy ở thư mục này hay ở thư mục con của nó đều\n"
    "# đọc plans/ bên cạnh tệp này. Tệp chỉ để đánh dấu, caicach không đọc nội dung.\n"
)
_NO_PLANS = (
    "hãy chạy trong một kho kế hoạch (caicach init tạo kho), hoặc chỉ ra --plans DIR "
    "(hay đặt CAICACH_PLANS)"
)


def bundled_plans() -> Path | None:
    """The plans shipped with caicach: package data in an installed wheel, or the repository's
    own plans/ when running from a source checkout (an editable install)."""
    from importlib.resources import files

    packaged = Path(str(files("caicach"))) / "bundled"
    checkout = Path(__file__).resolve().parents[3] / PLANS
    for folder in (packaged, checkout):
        if (folder / "agencies.yaml").is_file():
            return folder
    return None


@dataclass(frozen=True)
class Plans:
    folder: Path
    bundled: bool  # the shipped sample, used because no repository holds the current folder


def repository(start: Path) -> Path | None:
    """The nearest folder from `start` up that holds plans/ or the marker."""
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file() or (folder / PLANS).is_dir():
            return folder
    return None


def find_plans(plans: Path | None, *, writing: bool = False, here: Path | None = None) -> Plans:
    """`plans`, else the plans/ of the repository holding `here` (the current folder), else the
    bundled sample; progress is never written into that. A repository found is used even when
    its plans are broken: their problems are said, the sample is not put in their place."""
    if plans is not None:
        if not plans.is_dir():
            raise UsageError(f"không có thư mục kế hoạch {str(plans)!r}: {_NO_PLANS}")
        return Plans(plans, bundled=False)
    here = Path.cwd() if here is None else here
    root = repository(here)
    if root is not None:
        return Plans(_repository_plans(root, here), bundled=False)
    shipped = bundled_plans()
    if shipped is None or writing:
        raise UsageError(
            f"không ở trong kho kế hoạch nào (ở đây và các thư mục cha không có {PLANS}/): "
            f"{_NO_PLANS}"
        )
    return Plans(shipped, bundled=True)


def _repository_plans(root: Path, here: Path) -> Path:
    """The plans/ of a repository, named from `here` (`plans`, `.`, `../..`) so that every path
    a command prints can be followed from where it was typed."""
    folder = Path(os.path.relpath(root / PLANS, here))
    if not (root / PLANS).is_dir():
        marker = Path(os.path.relpath(root / MARKER, here))
        said = f"không có thư mục kế hoạch, dù {marker} đánh dấu đây là một kho kế hoạch"
        raise ProblemsError([Problem(str(folder), 0, 0, said)])
    return folder


def load_workspace(
    plans: Plans,
    paths: list[Path] | None = None,
    *,
    today: date | None = None,
    cache: Cache | None = None,
) -> Workspace:
    """The whole plans folder, or only `paths` with the registry of the folder; with `today`,
    a progress entry dated after it is a problem."""
    return load(paths or [plans.folder], registry_dirs=[plans.folder], today=today, cache=cache)


def load_item_workspace(
    plans: Plans, item: str, day: date, *, today: date | None = None, cache: Cache | None = None
) -> Workspace:
    """As `load_workspace` gives the whole folder, for a command about one item: its plan (see
    `loader.load_item_plan`)."""
    return load_item_plan(
        [plans.folder], [plans.folder], item=item, day=day, today=today, cache=cache
    )


def check(
    plans: Plans,
    paths: list[Path] | None = None,
    *,
    today: date | None = None,
    cache: Cache | None = None,
) -> CheckResult:
    """Load as `load_workspace` does, and say what was found: every problem, or the counts."""
    try:
        ws = load_workspace(plans, paths, today=today, cache=cache)
    except ProblemsError as exc:
        return CheckResult(tuple(exc.problems))
    counts: tuple[tuple[str, int], ...] = (
        ("plans", len(ws.plans)),
        ("items", len(ws.items)),
        ("agencies", len(ws.registry.agencies)),
        ("classes", len(ws.registry.classes)),
        ("records", len(ws.records)),
    )
    targets = sum(len(f.items) for f in ws.targets)
    if targets:  # only a folder that has targets says how many
        counts = (*counts, ("targets", targets))
    return CheckResult(counts=counts, sample=plans.bundled and not paths)
