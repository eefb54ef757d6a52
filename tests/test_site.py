"""The status site: its pages read as data, and opened in headless Chromium at a phone's width and
a desktop's, as a leader would see them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Run

AS_OF = "2024-04-15"
BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no Chromium here (.ci/run installs Debian's chromium)"
)


class _Text(HTMLParser):
    """Element texts by id, links, and every src/href, from the HTML as written."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.urls: list[str] = []
        self.ids: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        if found := a.get("data-id"):
            self.ids.append(found)
        self._open.append(a.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]:
            key = self._open[-1]
            self.by_id[key] = self.by_id.get(key, "") + data


def _read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _site(run: Run, plans: Path, out: Path) -> Path:
    result = run("site", "-o", str(out), "--as-of", AS_OF, "--plans", str(plans))
    assert result.code == 0, result.err
    assert result.err.startswith(f"Đã lập {out}/index.html: ")
    return out


@pytest.fixture
def built(run: Run, plans: Path, tmp_path: Path) -> Path:
    p = ("--plans", str(plans))
    assert run("done", "5.b", "--on", "2024-01-31", "-e", "Quyết định 50/QĐ-UBND", *p).code == 0
    assert run("done", "2.d", "-m", "2024-01", "--on", "2024-02-05", *p).code == 0
    return _site(run, plans, tmp_path / "site")


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%".replace(".", ",")


def test_the_overview_says_what_summary_says(run: Run, plans: Path, built: Path) -> None:
    summary = json.loads(run("summary", "--as-of", AS_OF, "-f", "json", "--plans", str(plans)).out)[
        "total"
    ]
    page = _read(built / "index.html").by_id
    assert {k: int(page[k]) for k in ("dung-han", "tre-han", "qua-han", "dated", "due")} == {
        "dung-han": summary["dung_han"],
        "tre-han": summary["tre_han"],
        "qua-han": summary["qua_han"],
        "dated": summary["items_with_date"],
        "due": summary["due_by_as_of"],
    }
    assert int(page["trong-han"]) == summary["dang_thuc_hien"] + summary["chua_thuc_hien"]
    assert page["completion-rate"] == _percent(summary["completion_rate"])
    assert page["on-time-rate"] == _percent(summary["on_time_rate"])


def test_the_overdue_page_lists_what_overdue_lists(run: Run, plans: Path, built: Path) -> None:
    overdue = json.loads(run("overdue", "--as-of", AS_OF, "-f", "json", "--plans", str(plans)).out)
    assert _read(built / "qua-han.html").ids == [o["qualified_id"] for o in overdue]


def test_nothing_is_fetched_from_elsewhere_and_nothing_runs(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 60  # overview, overdue, agencies, each agency, each item
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text, page
        assert "default-src 'none'; style-src 'self'" in text, page
        for url in _read(page).urls:
            assert not re.match(r"^(?:[a-z]+:)?//", url), (page, url)
            assert (page.parent / url).resolve().is_file(), (page, url)  # no broken link


def _hostile(run: Run, plans: Path, tmp_path: Path) -> Path:
    plan = plans / "qd-1879-2024.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("task:", text.index("id: 1.a"))
    m = re.compile(r"\n  [a-z_]+:").search(text, start)  # the key after the (folded) task
    assert m is not None
    end = m.start()
    plan.write_text(
        text[:start]
        + "task: \"<script>document.title='pwned'</script> & <b>đậm</b>\""
        + text[end:],
        encoding="utf-8",
    )
    return _site(run, plans, tmp_path / "hostile")


def test_text_from_a_plan_is_escaped(run: Run, plans: Path, tmp_path: Path) -> None:
    out = _hostile(run, plans, tmp_path)
    html = (out / "nhiem-vu" / "qd-1879-2024" / "1.a.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &amp; &lt;b&gt;" in html


def _chromium(*args: str) -> str:
    assert BROWSER is not None
    done = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


_PROBE = (
    "<style>html{width:%dpx}</style><script>"
    "var r=0;document.querySelectorAll('body *').forEach(function(e){"
    "r=Math.max(r,e.getBoundingClientRect().right)});"
    "document.body.setAttribute('data-right',String(Math.ceil(r)));</script></body>"
)


def _widest(page: Path, width: int) -> int:
    """The right edge of the widest element, laid out `width` px wide in Chromium: a copy of the
    page without its CSP gets a probe that writes it into the DOM."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = page.with_name(f"probe-{width}-{page.name}")
    probe.write_text(html.replace("</body>", _PROBE % width), encoding="utf-8")
    dom = _chromium(f"--window-size={max(width, 500)},900", "--dump-dom", probe.as_uri())
    probe.unlink()
    m = re.search(r'data-right="(\d+)"', dom)
    assert m is not None, dom[-500:]
    return int(m[1])


@needs_browser
@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_kind_overflows_a_phone_or_a_desktop(built: Path, width: int) -> None:
    kinds = {
        "tong-quan": built / "index.html",
        "qua-han": built / "qua-han.html",
        "co-quan": built / "co-quan" / "so-noi-vu.html",
        "nhiem-vu": built / "nhiem-vu" / "qd-1879-2024" / "1.dd.html",
    }
    for kind, page in kinds.items():
        assert _widest(page, width) <= width, kind
        shot = built.parent / f"{kind}-{width}.png"  # one screenshot per kind, to look at
        _chromium(f"--window-size={width},1600", f"--screenshot={shot}", page.as_uri())
        assert shot.stat().st_size > 5000


@needs_browser
def test_a_script_in_a_plan_is_shown_not_run(run: Run, plans: Path, tmp_path: Path) -> None:
    out = _hostile(run, plans, tmp_path)
    page = out / "nhiem-vu" / "qd-1879-2024" / "1.a.html"
    dom = _chromium("--dump-dom", page.as_uri())
    assert "<title>1.a · Tiến độ cải cách hành chính</title>" in dom
    assert "pwned</title>" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;" in dom


@needs_browser
def test_the_browser_shows_the_numbers_of_summary(run: Run, plans: Path, built: Path) -> None:
    summary = json.loads(run("summary", "--as-of", AS_OF, "-f", "json", "--plans", str(plans)).out)[
        "total"
    ]
    dom = _chromium("--dump-dom", (built / "index.html").as_uri())
    assert f'<span class="n" id="qua-han">{summary["qua_han"]}</span>' in dom
    assert f'<strong id="due">{summary["due_by_as_of"]}</strong>' in dom


def test_each_member_of_a_class_sees_its_own_share_of_a_class_item(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    """4.a is given to "các sở, ban ngành" (and the public service units), due 31/03/2024: on
    15/04 Sở Tư pháp, which reported it done late, sees it done late; Sở Y tế, which did not,
    sees it 15 days overdue. The site renders each share once for all the pages that show it:
    never one member's share on another's page."""
    p = ("--plans", str(plans))
    assert run("done", "4.a", "--on", "2024-04-02", "-a", "Sở Tư pháp", *p).code == 0
    site = _site(run, plans, tmp_path / "site")

    def card(agency: str) -> str:
        """The card of 1879's 4.a on the agency's page, up to the task (TB 185 has a 4.a too)."""
        html = (site / "co-quan" / f"{agency}.html").read_text(encoding="utf-8")
        cards = [c for c in html.split("<li ")[1:] if "<strong>4.a</strong> (1879/" in c]
        assert len(cards) == 1, agency
        return re.sub(r"<[^>]+>", "", cards[0].split("<br>")[0].split(">", 1)[1])

    assert card("so-tu-phap") == "4.a (1879/QĐ-UBND) — Hoàn thành trễ hạn"
    assert card("so-y-te") == "4.a (1879/QĐ-UBND) — Chưa hoàn thành, quá hạn 15 ngày"
    assert card("so-tai-chinh") == card("so-y-te")


def _footer(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html.split("<footer>\n<p>", 1)[1].split("</p>", 1)[0]


QD_1879 = "Kế hoạch cải cách hành chính năm 2024 tỉnh Quảng Ngãi (1879/QĐ-UBND ngày 15/12/2023)"


def test_a_page_names_at_its_foot_the_plans_its_figures_come_from(built: Path) -> None:
    """An item's page names its own plan; the home page, whose figures are of every plan, all
    of them (here the 2024 plan and the 2018 conclusion that is still in force)."""
    item = _footer(built / "nhiem-vu" / "qd-1879-2024" / "5.b.html")
    assert item == f"Số liệu tính đến ngày 15/04/2024. {QD_1879}."
    home = _footer(built / "index.html")
    assert home.startswith(f"Số liệu tính đến ngày 15/04/2024. {QD_1879}; ")
    assert "(185/TB-UBND ngày 19/06/2018)" in home
    assert _footer(built / "co-quan" / "index.html") == home


def test_past_five_plans_a_footer_counts_them_and_links_to_the_home_page() -> None:
    from caicach.plan.model import PlanInfo
    from caicach.render.web.site import _plan_list

    base = {"number": "1/KH-UBND", "date": "2024-01-02", "issuer": "UBND tỉnh", "year": 2024}
    plans = [
        PlanInfo.model_validate({**base, "id": f"kh-{n}", "title": f"Kế hoạch {n}"})
        for n in range(6)
    ]
    assert str(_plan_list(plans[:5], "../")).count("(1/KH-UBND ngày 02/01/2024)") == 5
    assert str(_plan_list(plans, "../../")) == (
        'Theo 6 kế hoạch (xem <a href="../../index.html">trang chủ</a>)'
    )


def test_made_again_a_site_leaves_the_pages_that_did_not_change_and_replaces_the_rest(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    out = _site(run, plans, tmp_path / "site")
    pages = sorted(p for p in out.rglob("*") if p.is_file())
    before = {p: p.stat() for p in pages}
    page = out / "nhiem-vu" / "qd-1879-2024" / "5.b.html"
    assert page in before
    old_text = page.read_text(encoding="utf-8")
    result = run("site", "-o", str(out), "--as-of", AS_OF, "--plans", str(plans))
    assert (
        result.err
        == f"Đã lập {out}/index.html: {len(pages)} tệp ({len(pages)} tệp không đổi, để nguyên)\n"
    )
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in pages} == {
        p: (s.st_ino, s.st_mtime_ns) for p, s in before.items()
    }
    # A report recorded: its item's page and the pages that count it change, no other.
    assert run("done", "5.b", "--on", "2024-02-03", "--plans", str(plans)).code == 0
    result = run("site", "-o", str(out), "--as-of", AS_OF, "--plans", str(plans))
    changed = {p for p in pages if p.stat().st_ino != before[p].st_ino}
    assert {page, out / "index.html"} <= changed
    assert page.read_text(encoding="utf-8") != old_text
    assert "03/02/2024" in page.read_text(encoding="utf-8")
    assert "03/02/2024" not in old_text
    kept = len(pages) - len(changed)
    assert (
        result.err
        == f"Đã lập {out}/index.html: {len(pages)} tệp ({kept} tệp không đổi, để nguyên)\n"
    )
    assert 0 < kept < len(pages)


def test_a_page_of_the_same_size_but_other_bytes_is_written_again(
    run: Run, plans: Path, tmp_path: Path
) -> None:
    out = _site(run, plans, tmp_path / "site")
    page = out / "qua-han.html"
    made = page.read_bytes()
    page.write_bytes(made[:-2] + b"!\n")  # the size it had
    result = run("site", "-o", str(out), "--as-of", AS_OF, "--plans", str(plans))
    assert result.code == 0
    assert page.read_bytes() == made
    count = len([p for p in out.rglob("*") if p.is_file()])
    assert result.err.endswith(f": {count} tệp ({count - 1} tệp không đổi, để nguyên)\n")
