"""Who is still missing, in words: the one sentence every table, sheet and page shows beside an
overdue item given to a class. No library: the terminal, the workbook and the site share it."""

from __future__ import annotations

from caicach.plan.registry import Registry
from caicach.tracking.missing import Missing


def waiting_text(found: Missing, registry: Registry, limit: int | None = None) -> str:
    """`Chưa báo cáo hoàn thành (29/31): Sở Y tế; Sở Xây dựng và 27 cơ quan khác`: every one
    named, or (with `limit`, where space is short) the first few and a count of the rest, or
    all of them counted when none has reported yet."""
    count = len(found.waiting)
    if limit is not None and count == found.shares > limit + 1:
        return f"Chưa báo cáo hoàn thành: cả {found.shares} cơ quan"
    named = found.waiting if limit is None or count <= limit + 1 else found.waiting[:limit]
    shown = [registry.name_of(a) for a in named]  # only those shown are looked up
    rest = f" và {count - len(shown)} cơ quan khác" if len(shown) < count else ""
    listed = "; ".join(shown)  # names hold commas: "Sở Văn hóa, Thể thao và Du lịch"
    return f"Chưa báo cáo hoàn thành ({count}/{found.shares}): {listed}{rest}"
