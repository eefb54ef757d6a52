"""One error family for the whole tool; the CLI turns it into a message and an exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located mistake in an input file. `line` and `col` are 1-based; 0 means unknown."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{self.path}: {self.message}"


class CaicachError(Exception):
    """Base of every error the user can cause; exit code 1."""

    exit_code = 1


class UsageError(CaicachError):
    """A bad command-line value (unknown agency, bad date); exit code 2."""

    exit_code = 2


class ProblemsError(CaicachError):
    """Input files hold one or more located problems; all of them are reported."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
