"""The status site: static HTML pages from Jinja2 templates (autoescape on: text from plan files
is shown, never run), one stylesheet, no script and no resource from elsewhere, so that it opens
offline and under a strict Content-Security-Policy. Imported only by `caicach site` (jinja2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from caicach.atomic import Within
from caicach.dates import vn_date
from caicach.plan.items import Match, TrackedItem
from caicach.plan.model import PlanInfo
from caicach.plan.registry import Registry
from caicach.plan.words import ENTRY_KIND, MATRIX_MARK, RATE_LABELS, RATE_NOTE, STATUS
from caicach.render.text.figures import percent
from caicach.render.text.waiting import waiting_text
from caicach.text import sort_key
from caicach.tracking.history import named
from caicach.tracking.missing import missing
from caicach.tracking.queries import Row
from caicach.tracking.site import Site
from caicach.tracking.status import ItemStatus
from caicach.tracking.summary import Tally
from caicach.tracking.targets import STATE as TARGET_STATE
from caicach.tracking.targets import threshold_text, value_text
from caicach.tracking.trend import Trend

TEMPLATES = Path(__file__).parent / "templates"
ROLE_OWNED = {"lead": "chủ trì", "co": "phối hợp", "any": "chủ trì hoặc phối hợp"}
NAMED_WAITING = 3  # the overview names the first few still waiting; the Quá hạn page all
MOST_OVERDUE = 5  # the overview lists the items most overdue


def worst_first(groups: list[Tally]) -> list[Tally]:
    """The agency index: most shares overdue first, then the lowest completion rate (none due
    yet: last), then by name."""
    return sorted(
        groups,
        key=lambda t: (
            -t.counts["qua-han"],
            2.0 if t.completion_rate is None else t.completion_rate,
            sort_key(t.label),
        ),
    )


@dataclass(frozen=True)
class Chart:
    """The burn-up drawn as two polylines in an SVG of fixed proportions."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    max: int
    first: int
    last: int
    due: str
    done: str


def chart(t: Trend) -> Chart | None:
    if not t.weeks:
        return None
    width, height, left, right, top, bottom = 400, 180, 34, 392, 10, 160
    top_value = max(1, max(w.due for w in t.weeks), max(w.done for w in t.weeks))
    step = (right - left) / max(1, len(t.weeks) - 1)

    def points(values: list[int]) -> str:
        return " ".join(
            f"{left + k * step:.1f},{bottom - (bottom - top) * v / top_value:.1f}"
            for k, v in enumerate(values)
        )

    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        top_value,
        t.weeks[0].number,
        t.weeks[-1].number,
        points([w.due for w in t.weeks]),
        points([w.done_of_due for w in t.weeks]),
    )


def item_path(item: TrackedItem) -> str:
    """nhiem-vu/<plan>/<id>.html, the id in ASCII (1.đ → 1.dd) so that every link is plain."""
    return f"nhiem-vu/{item.plan.id}/{item.id.replace('đ', 'dd')}.html"


def _environment(registry: Registry, root: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates do not change during a run: no stat of each, a page
    )
    env.filters["vn_date"] = vn_date
    env.filters["percent"] = percent

    def names(parties: Any) -> str:
        return "; ".join(dict.fromkeys(a.name for a in parties))

    def waiting(row: Row, limit: int | None = None) -> str:
        found = missing(row.status)
        return waiting_text(found, registry, limit) if found is not None else ""

    env.globals |= {
        "root": root,
        "status": STATUS,
        "mark": MATRIX_MARK,
        "kind": ENTRY_KIND,
        "rates": RATE_LABELS,
        "rate_note": RATE_NOTE,
        "lead": lambda item, day=None: named(item.lead, registry, day),
        "co": lambda item: names(item.co),
        "agency_name": registry.name_of,
        "waiting": waiting,
        "named_waiting": NAMED_WAITING,
        "item_href": lambda item: root + item_path(item),
        "agency_href": lambda agency: f"{root}co-quan/{agency}.html",
        "agency_file": lambda agency: f"{agency}.html",
        "target_state": TARGET_STATE,
        "threshold_text": threshold_text,
        "value_text": value_text,
    }
    env.globals |= _shares(env)
    return env


Share = tuple[TrackedItem, ItemStatus, Match | None]  # an agency's share: item, status, how held


def _shares(env: Environment) -> dict[str, Any]:
    """The mark and the card of a share, each rendered once: an item given to a class is on
    the page of each of its members (96 communes), the same HTML each time; at 2,500 items the
    agency pages were 70 % of the site's time."""
    macros = env.get_template("share.html").module
    marks: dict[tuple[Any, ...], Markup] = {}
    cards: dict[tuple[Any, ...], Markup] = {}

    def share_mark(item: TrackedItem, s: ItemStatus, twin: bool) -> Markup:
        key = (item.qualified_id, s.status, twin)
        if (found := marks.get(key)) is None:
            found = marks[key] = Markup(macros.share_mark(item, s, twin))  # type: ignore[attr-defined]
        return found

    def share_card(item: TrackedItem, s: ItemStatus, how: Match | None, twin: bool) -> Markup:
        passed = (how.of, how.since) if how is not None and how.of else None
        key = (item.qualified_id, s.status, s.days_overdue, passed, twin)
        if (found := cards.get(key)) is None:
            found = cards[key] = Markup(macros.share_card(item, s, how, twin))  # type: ignore[attr-defined]
        return found

    # An item's page: a line per share, its agency and status, each such line rendered once
    # (400,000 shares at 10,000 items, a few hundred distinct lines).
    items: dict[tuple[str, str], str] = {}

    def share_items(shares: Sequence[ItemStatus]) -> Markup:
        lines = []
        for s in shares:
            assert s.assignment is not None  # a share's status has its assignment
            key = (s.assignment.agency, s.status)
            if (line := items.get(key)) is None:
                line = items[key] = f"{macros.share_item(*key)}\n"  # type: ignore[attr-defined]
            lines.append(line)
        return Markup("".join(lines))

    # An agency's page: every mark followed by a space, every card by a line end, as its loops
    # wrote them, joined here (one call a page, not two a share).
    def share_marks(shares: Sequence[Share], twins: frozenset[str]) -> Markup:
        return Markup("".join(f"{share_mark(i, s, i.id in twins)} " for i, s, _ in shares))

    def share_cards(shares: Sequence[Share], twins: frozenset[str]) -> Markup:
        return Markup("".join(f"{share_card(i, s, h, i.id in twins)}\n" for i, s, h in shares))

    return {
        "share_mark": share_mark,
        "share_card": share_card,
        "share_marks": share_marks,
        "share_cards": share_cards,
        "share_items": share_items,
    }


_NAMED_PLANS = 5  # a page's footer names so many plans at most; more are counted


def _plan_list(plans: Sequence[PlanInfo], root: str) -> Markup:
    """The footer's plans, those the page's figures come from: "Kế hoạch … (1879/QĐ-UBND ngày
    28/12/2023); …", or, past a few, their count and a link to the home page that lists them
    (a province's 179 plans named on each of 10,000 pages were most of each page)."""
    if len(plans) > _NAMED_PLANS:
        return Markup('Theo {} kế hoạch (xem <a href="{}index.html">trang chủ</a>)').format(
            len(plans), root
        )
    return Markup("; ").join(
        Markup("{} ({} ngày {})").format(p.title, p.number, vn_date(p.date)) for p in plans
    )


def _plans_of(items: Iterable[TrackedItem]) -> tuple[PlanInfo, ...]:
    """The plans of the items, each once, in the order met."""
    return tuple({i.plan.id: i.plan for i in items}.values())


def _twins(items: Iterable[TrackedItem]) -> frozenset[str]:
    """The ids that more than one of the items have (items of different plans)."""
    counts = Counter(i.id for i in items)
    return frozenset(i for i, n in counts.items() if n > 1)


@dataclass(frozen=True)
class Pages:
    files: list[Path]  # every file of the site
    unchanged: int  # of them, those already as they are now made: left as they were


def write(data: Site, registry: Registry, out: Path) -> Pages:
    """Every page of the site into `out` (made if missing)."""
    # Nothing is written through a link planted in it (index.html, co-quan/). Each page is
    # replaced whole, but not forced to the disk one by one (two fsyncs a page were a fifth of
    # the site's time): the site is made again from the plans at every run. A page that is
    # already what it would become is not written again: made anew each week, most pages are
    # (a file made and renamed for each cost more than its whole page's template), and what is
    # copied to a web server by date or checksum is then only what changed.
    with Within(out, durable=False, keep_same=True) as folder:  # each folder opened once
        written: list[Path] = []
        common = {"as_of": data.as_of, "plans": data.plans}
        footers: dict[tuple[str, tuple[str, ...]], Markup] = {}  # the same plans: one footer
        # One environment for each depth of page (links are relative to it): its templates are
        # compiled once, not for each of 10,000 item pages (that was 90 % of the time).
        environments: dict[str, Environment] = {}

        def page(path: str, template: str, plans: Sequence[PlanInfo], **values: Any) -> None:
            root = "../" * path.count("/")
            env = environments.get(root) or environments.setdefault(
                root, _environment(registry, root)
            )
            key = (root, tuple(p.id for p in plans))
            footer = footers.get(key) or footers.setdefault(key, _plan_list(plans, root))
            html = env.get_template(template).render(**common, **values, plan_list=footer)
            written.append(folder.write_text(path, html))

        summary = data.summary
        page(
            "index.html",
            "index.html",
            data.plans,
            total=summary.total,
            groups=summary.groups,
            overdue=data.overdue,
            most_overdue=data.overdue[:MOST_OVERDUE],
            trend=data.trend,
            chart=chart(data.trend),
            targets=data.targets,
        )
        page("qua-han.html", "overdue.html", data.plans, overdue=data.overdue)
        groups = worst_first(data.by_agency.groups)
        page("co-quan/index.html", "agencies.html", data.plans, agencies=groups)
        for agency in data.agencies:
            shares = data.shares(agency)
            page(
                f"co-quan/{agency}.html",
                "agency.html",
                _plans_of(item for item, _, _ in shares) or data.plans,
                name=registry.name_of(agency),
                ended=registry.ended_note(agency, data.as_of),
                role=ROLE_OWNED[data.role],
                shares=shares,
                twins=_twins(item for item, _, _ in shares),
            )
        for p in data.items:
            page(
                item_path(p.row.item),
                "item.html",
                (p.row.item.plan,),
                item=p.row.item,
                row=p.row,
                history=p.history,
                superseded=p.superseded,
            )
        written.append(folder.write_bytes("style.css", (TEMPLATES / "style.css").read_bytes()))
    return Pages(written, folder.kept)
