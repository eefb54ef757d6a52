"""Progress over time: by each week of the plans' year, how many milestones had fallen due and how
many were done (a burn-up), from the statuses and the days the log records. Pure."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from caicach.tracking.queries import Row


@dataclass(frozen=True)
class Week:
    end: date  # the Sunday that closes it (or the day assessed, for the week in progress)
    number: int  # ISO week number
    due: int  # milestones due by its end
    done: int  # of all milestones, those completed by its end
    done_of_due: int  # of those due by its end, the ones completed by its end


@dataclass(frozen=True)
class Trend:
    year: int
    as_of: date
    total: int  # dated milestones in force over the year
    weeks: tuple[Week, ...]


def trend(rows: Sequence[Row], year: int, as_of: date) -> Trend:
    """Weeks of `year` up to the day assessed; the milestones are those of the assessed rows that
    have a due day and are not cancelled."""
    dated = [
        (m.milestone.due, m.completed_on)
        for r in rows
        if r.status is not None
        for m in r.status.milestones
        if m.milestone.due is not None and m.status != "da-huy"
    ]
    # Each count by a week's end is how many days of a sorted list come by it (counting the
    # milestones again for each of 53 weeks was 2 million steps at 10,000 items): due by the
    # cut, done by it, and due and done by it, which is the later of the two by it.
    due_days = sorted(d for d, _ in dated)
    done_days = sorted(c for _, c in dated if c is not None)
    both_days = sorted(max(d, c) for d, c in dated if c is not None)
    weeks: list[Week] = []
    end = _first_sunday(year)
    last = min(as_of, date(year, 12, 31))
    while True:
        cut = min(end, last)
        due, done = bisect_right(due_days, cut), bisect_right(done_days, cut)
        of_due = bisect_right(both_days, cut)
        weeks.append(Week(cut, cut.isocalendar().week, due, done, of_due))
        if cut >= last:
            break
        end += timedelta(days=7)
    return Trend(year, as_of, len(dated), tuple(weeks) if as_of.year >= year else ())


def _first_sunday(year: int) -> date:
    day = date(year, 1, 1)
    return day + timedelta(days=(6 - day.weekday()) % 7)


_BARS = "▁▂▃▄▅▆▇█"


def sparkline(t: Trend) -> str:
    """The share of the milestones due that were done, week by week, as block letters."""
    out = []
    for w in t.weeks:
        if not w.due:
            out.append("·")  # nothing due yet
            continue
        share = w.done_of_due / w.due
        out.append(_BARS[min(len(_BARS) - 1, int(share * (len(_BARS) - 1) + 0.5))])
    return "".join(out)
