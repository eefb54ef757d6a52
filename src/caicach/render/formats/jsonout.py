"""JSON output: the contract documented in README.md, written in one piece."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any, TextIO

from caicach.plan.registry import Registry
from caicach.render.formats import data
from caicach.render.formats.shapes import ListedRow, ShownItem, SummaryData
from caicach.tracking.history import successors
from caicach.tracking.matrix import Matrix
from caicach.tracking.queries import Row
from caicach.tracking.targets import TargetList
from caicach.tracking.views import AgencyTable, DueList, ItemDetail, ItemList, LogView, SummaryView


def listed(r: Row, registry: Registry) -> ListedRow:
    """An item as `list` and `overdue` print it, with `lead_successors`: where the work of the
    leads that had ended by the day went."""
    assessed = data.assessed(r)
    assert r.status is not None  # assessed
    return {**assessed, "lead_successors": successors(r.item.lead, registry, r.status.as_of)}


def encoded(value: Any) -> bytes:
    """Indented JSON in UTF-8, in one piece: the bytes `json.dumps(value, ensure_ascii=False,
    indent=2)` gives, which orjson writes about ten times faster (with an indent the standard
    library's encoder falls back from C to Python)."""
    import orjson

    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n"


BATCH = 100  # elements of a list encoded and written together


class JsonRenderer:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def _dump(self, value: Any) -> None:
        self._write(encoded(value))

    def _dump_list(self, values: Iterable[Any]) -> None:
        """A list, written `BATCH` elements at a time: the bytes `_dump` gives, without holding
        every element as a dict and all of them as text at once (10,000 items: 160 MB at the
        peak, not 90)."""
        rows = iter(values)
        opened = False
        while batch := list(itertools.islice(rows, BATCH)):
            pieces = (encoded(v)[:-1].replace(b"\n", b"\n  ") for v in batch)
            self._write((b",\n  " if opened else b"[\n  ") + b",\n  ".join(pieces))
            opened = True
        self._write(b"\n]\n" if opened else b"[]\n")

    def _write(self, data: bytes) -> None:
        buffer = getattr(self.out, "buffer", None)
        if buffer is not None and (self.out.encoding or "").lower().replace("-", "") == "utf8":
            self.out.flush()  # a UTF-8 stream: its bytes as they are, not decoded and encoded again
            buffer.write(data)
            buffer.flush()
        else:
            self.out.write(data.decode())

    def items(self, view: ItemList) -> None:
        self._dump_list(listed(r, view.registry) for r in view.rows)

    def item(self, view: ItemDetail) -> None:
        history = [data.record(h, view.row.item, view.superseded) for h in view.history]
        status = view.row.status
        shares = [data.share(s, view.registry) for s in status.assignments] if status else []
        shown: ShownItem = {
            **listed(view.row, view.registry),
            "assignments": shares,
            "history": history,
        }
        self._dump(shown)

    def agencies(self, view: AgencyTable) -> None:
        self._dump([data.agency_count(c, view.registry) for c in view.counts])

    def summary(self, view: SummaryView) -> None:
        result: SummaryData = {
            "as_of": view.as_of.isoformat(),
            "by": view.by,
            "groups": [data.tally(t) for t in view.groups],
            "total": data.tally(view.total),
        }
        if view.score is not None:
            result["score"] = data.score(view.score)
        if view.trend is not None:
            result["trend"] = [
                {
                    "week": w.number,
                    "end": w.end.isoformat(),
                    "due": w.due,
                    "done": w.done,
                    "done_of_due": w.done_of_due,
                }
                for w in view.trend.weeks
            ]
        self._dump(result)

    def due(self, view: DueList) -> None:
        self._dump([data.due(d) for d in view.dues])

    def log(self, view: LogView) -> None:
        records = view.records
        self._dump([data.record(r, view.items.get(r.item), view.superseded) for r in records])

    def matrix(self, view: Matrix) -> None:
        self._dump(data.matrix(view))

    def targets(self, view: TargetList) -> None:
        self._dump({"year": view.year, "targets": [data.target(s) for s in view.statuses]})
