"""Turning command-line text into core values."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from caicach.errors import UsageError

if TYPE_CHECKING:
    from caicach.loader import Workspace

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def as_date(text: str) -> date:
    """`2024-04-15` or `15/04/2024` (also `15.4.2024`)."""
    text = text.strip()
    if m := _ISO.match(text):
        y, mo, d = m.groups()
    elif m := _VN.match(text):
        d, mo, y = m.groups()
    else:
        raise typer.BadParameter(f"{text!r} is not a date; write 2024-04-15 or 15/04/2024")
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a day of the calendar") from None


def load_workspace(plans: Path, paths: list[Path] | None = None) -> Workspace:
    from caicach.loader import load

    if paths is None and not plans.is_dir():
        raise UsageError(
            f"no plans directory {str(plans)!r}: run inside a plan repository, "
            "or give --plans DIR (or set CAICACH_PLANS)"
        )
    return load(paths or [plans], registry_dirs=[plans])
