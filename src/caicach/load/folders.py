"""Where the plans are: `--plans` (or CAICACH_PLANS), else ./plans, else the plans shipped with
caicach; and loading the workspace found there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caicach.errors import CheckResult, ProblemsError, UsageError
from caicach.load.cache import Cache
from caicach.load.loader import Workspace, load

_NO_PLANS = (
    "hãy chạy trong một kho kế hoạch (caicach init tạo kho), hoặc chỉ ra --plans DIR "
    "(hay đặt CAICACH_PLANS)"
)


def bundled_plans() -> Path | None:
    """The plans shipped with caicach: package data in an installed wheel, or the repository's
    own plans/ when running from a source checkout (an editable install)."""
    from importlib.resources import files

    packaged = Path(str(files("caicach"))) / "bundled"
    checkout = Path(__file__).resolve().parents[3] / "plans"
    for folder in (packaged, checkout):
        if (folder / "agencies.yaml").is_file():
            return folder
    return None


@dataclass(frozen=True)
class Plans:
    folder: Path
    bundled: bool  # the shipped plans, used because there is no ./plans here


def find_plans(plans: Path | None, *, writing: bool = False) -> Plans:
    """--plans, else ./plans, else the bundled plans; progress is never written into those."""
    if plans is not None:
        if not plans.is_dir():
            raise UsageError(f"không có thư mục kế hoạch {str(plans)!r}: {_NO_PLANS}")
        return Plans(plans, bundled=False)
    local = Path("plans")
    if local.is_dir():
        return Plans(local, bundled=False)
    shipped = bundled_plans()
    if shipped is None or writing:
        raise UsageError(f"ở đây không có thư mục kế hoạch: {_NO_PLANS}")
    return Plans(shipped, bundled=True)


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
    return CheckResult(counts=counts)
