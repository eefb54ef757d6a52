"""A report form (phiếu báo cáo), as data: the open milestones of an agency's own shares on a day,
each named so that the agency's answer can be read back without guessing. No file format here."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NoReturn

from caicach.atomic import writable_target, write_atomically
from caicach.errors import Problem, ProblemsError
from caicach.load import files
from caicach.load.loader import Workspace
from caicach.plan.items import TrackedItem
from caicach.plan.model import PlanInfo
from caicach.plan.office import Office
from caicach.tracking.lock import locked
from caicach.tracking.owner import addressable, book, in_being
from caicach.tracking.queries import Row
from caicach.tracking.status import MilestoneStatus
from caicach.tracking.views import Ask, filters, rows_as_of

WITHIN = 31  # recurring milestones listed: those due within this many days (the next month's)


@dataclass(frozen=True)
class FormRow:
    """One open milestone of the agency's share: what it is, and how it stands today."""

    item: TrackedItem
    number: int  # 1-based milestone number
    status: MilestoneStatus

    @property
    def milestone_ref(self) -> str:
        """How the log names the milestone: the period of a recurring one, else its number."""
        m = self.item.milestones[self.number - 1]
        return m.period if m.recurs and m.period else str(self.number)


@dataclass(frozen=True)
class Form:
    agency: str  # registry id
    agency_name: str
    day: date  # the state the form shows, and its date
    reply_by: date
    plans: tuple[PlanInfo, ...]
    rows: tuple[FormRow, ...]
    office: Office | None

    @property
    def file_stem(self) -> str:
        return f"phieu-bao-cao-{self.agency}-{self.day.isoformat()}"

    @property
    def folder_name(self) -> str:
        return f"phieu-bao-cao-{self.day.isoformat()}"


def form(
    ws: Workspace,
    agency: str,
    day: date,
    within: int = WITHIN,
    held: Sequence[Row] | None = None,
) -> Form:
    """The agency's form: every open milestone of its own lead shares (a class it belongs to
    included), overdue first; recurring milestones only as far as `within` days ahead. `held`:
    those shares already assessed (the ledger's), when every agency's form is made."""
    f = filters(ws, Ask(agency, "lead"))
    assert f.agency is not None
    addressable(ws, f.agency, day)
    rows: list[FormRow] = []
    for r in rows_as_of(ws, f, day) if held is None else held:
        assert r.status is not None  # assessed
        for m in r.status.milestones:
            if _open(m, day, within):
                rows.append(FormRow(r.item, m.number, m))
    rows.sort(key=lambda x: (-(x.status.days_overdue or 0), x.status.milestone.due or date.max))
    plans = tuple({x.item.plan.id: x.item.plan for x in rows}.values())
    reply_days = ws.office.reply_days if ws.office is not None else 7
    name = ws.registry.name_of(f.agency)
    return Form(
        f.agency, name, day, day + timedelta(days=reply_days), plans, tuple(rows), ws.office
    )


def _open(m: MilestoneStatus, day: date, within: int) -> bool:
    if m.status not in ("qua-han", "trong-han"):
        return False  # done, or cancelled
    due = m.milestone.due
    if m.milestone.recurs and due is not None:
        return (due - day).days <= within
    return True


def forms(ws: Workspace, agency: str | None, day: date, within: int = WITHIN) -> list[Form]:
    """The form of one agency, or (agency None) of every agency with an open share, in
    registry order; only forms that list something."""
    if agency is not None:
        found = [form(ws, agency, day, within)]
    else:
        b = book(ws, day)  # every agency's shares, from one assessment
        being = in_being(ws.registry, b.owing(ws.registry), day)
        found = [form(ws, a, day, within, b.held(ws, a)) for a in being]
    return [f for f in found if f.rows]


# --- the register of forms sent and returned -----------------------------------------------------

REGISTER = Path("forms") / "register.yaml"  # beside the plans; one entry a line, so merges keep all
_REGISTER_HEAD = (
    "# Sổ phiếu báo cáo: caicach forms ghi mỗi phiếu đã lập (số phiếu, cơ quan, ngày gửi),\n"
    "# caicach collect ghi phiếu đã nhận lại. Mỗi dòng một mục; caicach chỉ ghi thêm vào cuối.\n"
    "forms:\n"
)


@dataclass(frozen=True)
class Sent:
    id: str
    agency: str  # registry id
    day: date
    rows: int
    returned: date | None = None


def register_path(plans: Path) -> Path:
    return plans / REGISTER


def register(plans: Path) -> dict[str, Sent]:
    """The forms sent, by id, each with the day it came back (the first collect of it)."""
    path = register_path(plans)
    if not path.is_file():
        return {}
    text = files.decode(path, files.read_regular(path))
    found: dict[str, Sent] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.startswith("- "):
            if line.strip() and not line.startswith(("#", "forms:")):
                _bad_line(path, n, "không phải một mục của sổ phiếu")
            continue
        entry = _entry(path, n, line[2:])
        if "sent" in entry:
            found[entry["id"]] = Sent(
                entry["id"], str(entry["agency"]), _day(path, n, entry["sent"]), int(entry["rows"])
            )
        elif "returned" in entry and entry["id"] in found:
            sent = found[entry["id"]]
            if sent.returned is None:
                found[entry["id"]] = replace(sent, returned=_day(path, n, entry["returned"]))
    return found


def _entry(path: Path, n: int, text: str) -> dict[str, Any]:
    try:
        entry = json.loads(text)
    except ValueError as exc:
        _bad_line(path, n, f"mục không đọc được ({exc})")
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        _bad_line(path, n, 'mỗi mục là {"id": …, …}')
    if "sent" in entry and not {"agency", "rows"} <= entry.keys():
        _bad_line(path, n, "mục gửi phiếu cần agency và rows")
    return entry


def _day(path: Path, n: int, text: Any) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        _bad_line(path, n, f"ngày {text!r} không đúng dạng 2024-04-15")


def _bad_line(path: Path, n: int, message: str) -> NoReturn:
    raise ProblemsError([Problem(str(path), n, 1, f"{message}; sửa dòng này bằng tay")])


def new_id(taken: Iterable[str], agency: str, day: date) -> str:
    """`2024-04-15-so-xay-dung`, or `…-2`, `…-3` for the next forms of the agency that day."""
    base = f"{day.isoformat()}-{agency}"
    ids = set(taken)
    n = 1
    while (found := base if n == 1 else f"{base}-{n}") in ids:
        n += 1
    return found


def append_register(plans: Path, entries: Sequence[dict[str, Any]], wait: float) -> None:
    """Add entries to the register under its lock, one line each."""
    if not entries:
        return
    path = register_path(plans)
    path.parent.mkdir(parents=True, exist_ok=True)
    path = writable_target(path)
    with locked(path, wait):
        old = files.decode(path, files.read_regular(path)) if path.exists() else _REGISTER_HEAD
        if old and not old.endswith("\n"):
            old += "\n"
        lines = "".join(
            f"- {json.dumps(e, ensure_ascii=False, separators=(', ', ': '))}\n" for e in entries
        )
        write_atomically(path, old + lines)


def sent_entry(form_id: str, f: Form) -> dict[str, Any]:
    return {"id": form_id, "agency": f.agency, "sent": f.day.isoformat(), "rows": len(f.rows)}


def returned_entry(form_id: str, day: date) -> dict[str, Any]:
    return {"id": form_id, "returned": day.isoformat()}


@dataclass(frozen=True)
class Pending:
    agency: str  # registry id
    name: str
    forms: tuple[tuple[Sent, int], ...]  # each form and the days since it was sent


def pending(ws: Workspace, plans: Path, day: date) -> list[Pending]:
    """Per agency (registry order), the forms sent by `day` and not returned by it, oldest
    first, with the days since each was sent. What `forms --pending` shows and `remind` asks."""
    by: dict[str, list[tuple[Sent, int]]] = {}
    for s in register(plans).values():
        if s.day <= day and (s.returned is None or s.returned > day):
            by.setdefault(s.agency, []).append((s, (day - s.day).days))
    order = {a: n for n, a in enumerate(ws.registry.agencies)}
    return [
        Pending(
            a, ws.registry.name_of(a) if a in order else a, tuple(sorted(v, key=lambda x: x[0].day))
        )
        for a, v in sorted(by.items(), key=lambda x: (order.get(x[0], len(order)), x[0]))
    ]
