"""`caicach init`: a new plan repository, ready for CI. Writes only into a new or empty folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from caicach import __version__
from caicach.atomic import Within
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
    - cron: "0 0 * * *"  # every day 07:00 in Việt Nam: the reminders (job remind)
permissions:
  contents: read
jobs:
  plans:
    if: github.event.schedule != '0 0 * * *'
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
  # Every morning: e-mail to each agency its work falling due in 7, 3 and 1 days, once
  # plans/office.yaml has an smtp block (without one this does nothing). The password is the
  # repository secret CAICACH_SMTP_PASSWORD (Settings → Secrets and variables → Actions). Each
  # reminder sent is committed to the progress log, so that none is sent twice.
  remind:
    if: github.event.schedule == '0 0 * * *'
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "{install}"
      - name: Reminders by e-mail
        env:
          CAICACH_SMTP_PASSWORD: ${{{{ secrets.CAICACH_SMTP_PASSWORD }}}}
          TZ: Asia/Ho_Chi_Minh
        run: caicach remind --send --if-configured
      - name: Keep the record of the reminders sent
        if: always()
        run: |
          git config user.name "caicach"
          git config user.email "caicach@users.noreply.github.com"
          git add plans/progress
          git diff --cached --quiet || {{ git commit -m "Nhắc hạn $(date +%F)" && git push; }}
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
{sample}

    pip install "{install}"
    caicach validate
    caicach overdue
    {example}
    caicach report

CI (.github/workflows/caicach.yml) kiểm tra mọi thay đổi, lưu bảng tình hình hằng tuần và đăng
trang tình hình lên GitHub Pages (bật Pages với nguồn "GitHub Actions");
`pre-commit install` kiểm tra trước mỗi lần commit. Trình soạn thảo có YAML extension gợi ý
khóa nhờ các tệp trong `schemas/`.

Hai người ghi tiến độ trên hai nhánh: đăng ký một lần trong mỗi bản sao của kho để git gộp
nhật ký theo từng mục (giữ mọi mục mới của hai nhánh; chỗ hai nhánh sửa khác nhau được báo là
xung đột để sửa tay):

    git config merge.caicach-log.name "caicach: gộp nhật ký tiến độ"
    git config merge.caicach-log.driver "caicach merge-log %O %A %B %P"

Hướng dẫn sử dụng (tiếng Việt, cho cán bộ theo dõi và đầu mối các cơ quan): thư mục `docs/`
trong mã nguồn caicach, dựng bằng `mkdocs build`; trên máy, `caicach LỆNH -h` in hướng dẫn
của từng lệnh.
"""

SHIPPED = (
    "agencies.yaml",
    "qd-1879-2024.yaml",
    "scoring.yaml",
    "office.yaml",
    "targets/nq-93-hdnd-2021.yaml",
)
SAMPLE = "Kế hoạch mẫu là Quyết định 1879/QĐ-UBND của tỉnh Quảng Ngãi; thay bằng kế hoạch của mình."
PROVINCE_SAMPLE = (
    "Danh mục cơ quan của {where} do `caicach init --province` viết: hãy đối chiếu với quyết\n"
    "định của tỉnh. Thêm kế hoạch bằng `caicach import văn-bản.docx -o plans/ten-ke-hoach.yaml`."
)
EXAMPLE = 'caicach done 2.a --milestone 1 --on 2024-01-31 --evidence "Kế hoạch 23/KH-UBND"'
PROVINCE_EXAMPLE = "caicach import ke-hoach.docx -o plans/ke-hoach.yaml"
# Progress logs merge entry by entry with `caicach merge-log` (merge=union kept lines, and so
# merged two entries that began alike into one with duplicate keys). A clone where the driver is
# not registered (README) falls back to git's own merge: a conflict, never a silent loss.
GITATTRIBUTES = f"plans/{FOLDER}/*.yaml merge=caicach-log\n"
GITIGNORE = f"*.xlsx\n.venv/\nplans/{FOLDER}/.*.lock\n"  # the writers' lock files


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


def init(target: Path, shipped: Path, install: str, province: str | None = None) -> list[Path]:
    """Create the repository, installing caicach in CI with the pip requirement `install`;
    returns the files written. With `province`, its own registry in place of the sample plans
    of Quảng Ngãi (a plan of another province would not resolve against them)."""
    chosen = _province(province) if province is not None else None
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} đã có và không phải thư mục rỗng; chưa ghi gì")
    written: list[Path] = []

    inside = Within(target)  # nothing written through a link made in it meanwhile

    def write(relative: str, text: str) -> None:
        written.append(inside.write_text(relative, text))

    if chosen is None:
        for name in SHIPPED:
            write(f"plans/{name}", (shipped / name).read_text(encoding="utf-8"))
    else:
        place, registry = chosen
        write("plans/agencies.yaml", registry)
        write("plans/scoring.yaml", (shipped / "scoring.yaml").read_text(encoding="utf-8"))
        write("plans/office.yaml", office_text(shipped, place))
    write(f"plans/{FOLDER}/.gitkeep", "")
    for kind in MODELS:
        write(f"schemas/{file_name(kind)}", schema_text(kind))
    write(".github/workflows/caicach.yml", WORKFLOW.format(install=install))
    write(".pre-commit-config.yaml", PRE_COMMIT.format(install=install))
    sample = SAMPLE if chosen is None else PROVINCE_SAMPLE.format(where=chosen[0].title)
    example = EXAMPLE if chosen is None else PROVINCE_EXAMPLE
    write("README.md", README.format(install=install, sample=sample, example=example))
    write(".gitignore", GITIGNORE)
    write(".gitattributes", GITATTRIBUTES)
    write(MARKER, MARKER_TEXT)  # caicach run in any subfolder finds this repository
    from caicach.load.form_key import signing_key

    signing_key(target / "plans")  # the key forms are signed with, in a folder git ignores
    return written


@dataclass(frozen=True)
class Place:
    title: str  # "tỉnh Bắc Ninh", "thành phố Hà Nội"
    name: str  # "Bắc Ninh": where documents are dated


def _province(given: str) -> tuple[Place, str]:
    """The province named (a usage error when none is) and its registry's text; found first, so
    that nothing is written for a name that names no province."""
    from caicach.authoring.province import find_province, provinces, registry_text

    known, source = provinces()
    found = find_province(given, known)
    return Place(f"{found.word} {found.name}", found.name), registry_text(found, source)


def office_text(shipped: Path, place: Place) -> str:
    """The shipped office (Sở Nội vụ of Quảng Ngãi) moved to the province: its parent body and
    the place documents are dated; the rest is the sample's, to fill in."""
    text = (shipped / "office.yaml").read_text(encoding="utf-8")
    text = text.replace("UBND TỈNH QUẢNG NGÃI", f"UBND {place.title.upper()}")
    return text.replace("place: Quảng Ngãi", f"place: {place.name}")


def schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
