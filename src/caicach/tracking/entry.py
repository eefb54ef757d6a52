"""A report to record, as the user gave it: cheap to build at start-up, checked by `record`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caicach.plan.words import EntryKind


@dataclass(frozen=True)
class Entry:
    """What the user asked to record, before it is checked."""

    item: str
    kind: EntryKind
    day: date
    milestone: str | None = None
    agency: str | None = None
    evidence: str | None = None
    note: str | None = None
    correct: bool = False  # supersedes the earlier done / cancel of its milestone and agency
