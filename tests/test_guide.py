"""The guide (Hướng dẫn sử dụng): built with MkDocs as CI builds it, warnings as errors; a page per
command that says what the command's own help says; its pages opened in headless Chromium."""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from caicach.cli.app import COMMANDS
from tests.conftest import ROOT, Run

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium here (.ci/run installs Debian's chromium)"
)
needs_mkdocs = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason='MkDocs and its Material theme are the docs extra: pip install -e ".[docs]"',
)
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("guide")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(out)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def _pre(page: Path) -> str:
    """The text of the page's first code block, as a reader sees it."""
    m = re.search(
        r'<pre><code class="language-text">(.*?)</code></pre>', page.read_text("utf-8"), re.S
    )
    assert m is not None, page
    return html.unescape(m.group(1))


@needs_mkdocs
def test_every_command_has_its_page_saying_its_help(
    built: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # the width the hook renders the help at
    for name in COMMANDS:
        assert _pre(built / "lenh" / name / "index.html") == run(name, "--help").out, name
    index = (built / "lenh" / "index.html").read_text("utf-8")
    assert re.findall(r'<a href="([\w-]+)/"><code>', index) == list(COMMANDS)


@needs_mkdocs
def test_every_command_page_and_the_index_say_what_the_command_does(built: Path, run: Run) -> None:
    """The sentence under each command's title, and beside it in the index, is the first
    paragraph of its help, whole, as a reader sees the page (tags left out)."""

    def text(fragment: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())

    index = (built / "lenh" / "index.html").read_text("utf-8")
    cells = dict(re.findall(r'<a href="([\w-]+)/"><code>.*?</td>\s*<td>(.*?)</td>', index, re.S))
    for name in COMMANDS:
        said = " ".join(run(name, "--help").out.split("\n\n")[1].split()).replace("`", "")
        page = (built / "lenh" / name / "index.html").read_text("utf-8")
        first = re.search(r"</h1>\s*<p>(.*?)</p>", page, re.S)
        assert first is not None, name
        assert text(first.group(1)) == said, name
        assert text(cells[name]) == said, name


@needs_mkdocs
def test_the_guide_lists_its_pages_for_both_audiences(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    assert '<html lang="vi"' in home
    for title in (
        "Cán bộ Sở Nội vụ",
        "Một tuần làm việc",
        "Bốn nhóm tình trạng",
        "Đầu mối cơ quan",
        "Điền phiếu báo cáo",
        "caicach overdue",
    ):
        assert title in home, title


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_every_picture_the_guide_shows_is_there_and_small() -> None:
    shown = {
        Path(m).name
        for page in DOCS.rglob("*.md")
        for m in re.findall(r"\]\(([^)]+\.png)\)", page.read_text("utf-8"))
    }
    made = {p.name for p in (DOCS / "hinh").glob("*.png")}
    assert (
        shown
        == made
        == {
            "so-tinh-hinh.png",
            "cong-van.png",
            "phieu-bao-cao.png",
            "trang-tinh-hinh.png",
        }
    )
    for name in made:
        picture = DOCS / "hinh" / name
        assert picture.stat().st_size < 250_000, name
        assert min(_png_size(picture)) >= 300, name


_PROBE = (
    "<script>window.addEventListener('load',function(){"
    "var t=[];document.querySelectorAll('article img')"
    ".forEach(function(i){t.push(i.naturalWidth)});"
    "document.body.setAttribute('data-images',t.join(','));"
    "document.body.setAttribute('data-h1',document.querySelector('h1').textContent);"
    "});</script></body>"
)


def _opened(page: Path) -> str:
    """The page's DOM once Chromium has loaded it, with what a probe read from it."""
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text("utf-8").replace("</body>", _PROBE), encoding="utf-8")
    assert BROWSER is not None
    done = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=390,900",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@needs_mkdocs
@needs_browser
def test_the_home_page_opens_with_its_picture(built: Path) -> None:
    dom = _opened(built / "index.html")
    assert 'data-h1="Hướng dẫn sử dụng caicach' in dom
    widths = re.search(r'data-images="([^"]*)"', dom)
    assert widths is not None
    assert [int(w) > 0 for w in widths.group(1).split(",")] == [True]  # the site on a phone


@needs_mkdocs
@needs_browser
def test_a_command_page_opens_with_the_help(built: Path) -> None:
    dom = _opened(built / "lenh" / "overdue" / "index.html")
    assert 'data-h1="caicach overdue' in dom
    assert "Cách dùng: caicach overdue [TÙY CHỌN]" in html.unescape(dom)
    assert "Hiện hướng dẫn này rồi thoát." in html.unescape(dom)


def _slug(title: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def test_the_readme_contents_list_every_section_and_the_guide() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    headings = re.findall(r"^(##|###) (.+)$", text, re.MULTILINE)
    wanted = [
        f"{'  ' * (len(hashes) - 2)}- [{title}](#{_slug(title)})"
        for hashes, title in headings
        if title != "Contents"
    ]
    listed = text.split("## Contents\n\n")[1].split("\n\n")[0].splitlines()
    assert listed == wanted
    assert "mkdocs build --strict" in text
    assert "python scripts/guide_pictures.py" in text


def test_the_readme_init_writes_points_to_the_guide(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "kho"
    assert run("init", str(target), "--install", "caicach==0.1.0").code == 0
    readme = (target / "README.md").read_text("utf-8")
    assert "Hướng dẫn sử dụng (tiếng Việt, cho cán bộ theo dõi và đầu mối các cơ quan)" in readme
    assert "`caicach LỆNH -h`" in readme
