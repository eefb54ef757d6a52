"""`caicach init`: a new plan repository, ready for CI. Writes only into a new or empty folder."""

from __future__ import annotations

import json
from pathlib import Path

from caicach import __version__
from caicach.authoring.schema import MODELS, file_name, json_schema
from caicach.errors import UsageError
from caicach.load.folders import MARKER, MARKER_TEXT
from caicach.load.progress_log import FOLDER

WORKFLOW = """\
# Checks every change to the plans, keeps the weekly status sheet as an artifact, and publishes the
# status site (GitHub Pages: Settings → Pages → Source: GitHub Actions) from the main branch.
name: caicach
on:
  push:
  pull_request:
  workflow_dispatch:
  schedule:
    - cron: "0 1 * * 1"  # Monday 08:00 in Việt Nam
permissions:
  contents: read
jobs:
  plans:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "{install}"
      - name: Validate the plans (problems show on the pull request)
        run: caicach validate --format github
      - name: Weekly status sheet
        run: caicach report --force -o bao-cao-tien-do.xlsx
      - uses: actions/upload-artifact@v4
        with:
          name: bao-cao-tien-do
          path: bao-cao-tien-do.xlsx
      - name: Status site
        run: caicach site -o site
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site
  publish:
    if: github.ref == 'refs/heads/main' && github.event_name != 'pull_request'
    needs: plans
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

PRE_COMMIT = """\
# pre-commit install   — then every commit that touches plans/ is validated first.
repos:
  - repo: local
    hooks:
      - id: caicach-validate
        name: caicach validate
        entry: caicach validate
        language: python
        additional_dependencies: ["{install}"]
        files: ^plans/
        pass_filenames: false
"""

README = """\
# Kế hoạch cải cách hành chính

Kho kế hoạch do `caicach` theo dõi. `plans/` chứa kế hoạch (mỗi tệp một kế hoạch), danh mục cơ
quan `agencies.yaml`, thang điểm `scoring.yaml` (VÍ DỤ) và nhật ký tiến độ `plans/progress/`.
Kế hoạch mẫu là Quyết định 1879/QĐ-UBND của tỉnh Quảng Ngãi; thay bằng kế hoạch của mình.

    pip install "{install}"
    caicach validate
    caicach overdue
    caicach done 2.a --milestone 1 --on 2024-01-31 --evidence "Kế hoạch 23/KH-UBND"
    caicach report

CI (.github/workflows/caicach.yml) kiểm tra mọi thay đổi, lưu bảng tình hình hằng tuần và đăng
trang tình hình lên GitHub Pages (bật Pages với nguồn "GitHub Actions");
`pre-commit install` kiểm tra trước mỗi lần commit. Trình soạn thảo có YAML extension gợi ý
khóa nhờ các tệp trong `schemas/`.
"""

SHIPPED = (
    "agencies.yaml",
    "qd-1879-2024.yaml",
    "scoring.yaml",
    "office.yaml",
    "targets/nq-93-hdnd-2021.yaml",
)
# Progress logs are append-only lists: two officers recording on two branches merge by keeping
# both sides' new entries, with no conflict to resolve by hand.
GITATTRIBUTES = f"plans/{FOLDER}/*.yaml merge=union\n"


def install_spec(given: str | None) -> str:
    """What CI and pre-commit install: the requirement given (`caicach @ git+https://…@v0.1.0`,
    a path, `caicach==0.1.0` once an index has it), else the repository this caicach says it
    came from: its `Source` project URL at the version's tag, or the VCS URL and commit it was
    installed from. A local folder or no source at all is refused: CI could not install it."""
    if given is not None:
        spec = given.strip()
        if not spec or any(c in spec for c in "\"'\n\r"):
            raise UsageError(f"--install {given!r}: ghi một yêu cầu pip, không có dấu nháy")
        return spec
    found = _source_url() or _installed_from()
    if found is None:
        raise UsageError(
            "hãy nói CI cài caicach từ đâu, vd. --install "
            f'"caicach @ git+https://<kho caicach>@v{__version__}" (chưa kho gói nào có caicach, '
            "và bản này được cài từ một thư mục trên máy)"
        )
    return found


def _source_url() -> str | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("caicach").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("source", "repository") and url.strip():
            return f"caicach @ git+{url.strip()}@v{__version__}"
    return None


def _installed_from() -> str | None:
    """`pip install git+URL@REV` leaves the URL and commit in direct_url.json (PEP 610)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        text = distribution("caicach").read_text("direct_url.json")
    except PackageNotFoundError:
        return None
    try:
        origin = json.loads(text or "{}")
    except ValueError:
        return None
    vcs = origin.get("vcs_info") if isinstance(origin, dict) else None
    if not isinstance(vcs, dict) or vcs.get("vcs") != "git" or not vcs.get("commit_id"):
        return None
    return f"caicach @ git+{origin['url']}@{vcs['commit_id']}"


def init(target: Path, shipped: Path, install: str) -> list[Path]:
    """Create the repository, installing caicach in CI with the pip requirement `install`;
    returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} đã có và không phải thư mục rỗng; chưa ghi gì")
    written: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    for name in SHIPPED:
        write(f"plans/{name}", (shipped / name).read_text(encoding="utf-8"))
    write(f"plans/{FOLDER}/.gitkeep", "")
    for kind in MODELS:
        write(f"schemas/{file_name(kind)}", schema_text(kind))
    write(".github/workflows/caicach.yml", WORKFLOW.format(install=install))
    write(".pre-commit-config.yaml", PRE_COMMIT.format(install=install))
    write("README.md", README.format(install=install))
    write(".gitignore", "*.xlsx\n.venv/\n")
    write(".gitattributes", GITATTRIBUTES)
    write(MARKER, MARKER_TEXT)  # caicach run in any subfolder finds this repository
    from caicach.load.form_key import signing_key

    signing_key(target / "plans")  # the key forms are signed with, in a folder git ignores
    return written


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
