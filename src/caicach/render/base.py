"""What every output format draws, typed: a renderer is chosen by name (`render.renderer`) and
mypy checks every call made on it."""

from __future__ import annotations

from typing import Protocol

from caicach.tracking.matrix import Matrix
from caicach.tracking.targets import TargetList
from caicach.tracking.views import AgencyTable, DueList, ItemDetail, ItemList, LogView, SummaryView


class Renderer(Protocol):
    """One output format (table, json, csv) of the reading commands, writing to its stream."""

    def items(self, view: ItemList) -> None: ...

    def item(self, view: ItemDetail) -> None: ...

    def agencies(self, view: AgencyTable) -> None: ...

    def summary(self, view: SummaryView) -> None: ...

    def due(self, view: DueList) -> None: ...

    def log(self, view: LogView) -> None: ...

    def matrix(self, view: Matrix) -> None: ...

    def targets(self, view: TargetList) -> None: ...
