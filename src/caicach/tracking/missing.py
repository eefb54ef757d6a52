"""Who is still missing: of an item given to a class ("các sở, ban ngành", "UBND cấp huyện"),
shown overdue, the agencies whose own share of an overdue milestone is still open. The same
computation as each milestone's `waiting` in JSON (the status of each share, tracking/status.py),
told also before any member has reported, when every one is still waiting."""

from __future__ import annotations

from dataclasses import dataclass

from caicach.tracking.status import ItemStatus


@dataclass(frozen=True)
class Missing:
    waiting: tuple[str, ...]  # registry ids, in the item's order of shares
    shares: int  # the shares the item is owed in


def missing(s: ItemStatus | None) -> Missing | None:
    """None for an item that is not overdue, one agency owes alone, or names no class, and for
    one agency's own share (its row says all there is)."""
    if s is None or not s.overdue or (s.scope is not None and len(s.scope) < 2):
        return None
    shares = s.item.assignments if s.scope is None else s.scope
    if len(shares) < 2 or all(a.via is None for a in shares):
        return None
    overdue = s.overdue
    if not s.records:  # nothing reported at all: every share stands overdue with the item
        waiting = [a.agency for a in shares]
    elif all(m.reported for m in overdue):  # some have reported each: `waiting` says who not
        waiting = [a for m in overdue for a in m.waiting]
    else:
        late = {m.number for m in overdue}
        still: dict[int, bool] = {}  # shares that stand alike share one status (`standing`):
        waiting = []  # each status is looked at once
        for a, share in s.standing():
            key = id(share)
            if key not in still:
                still[key] = any(
                    m.number in late and m.status == "qua-han" for m in share.milestones
                )
            if still[key]:
                waiting.append(a.agency)
    return Missing(tuple(dict.fromkeys(waiting)), len(shares))
