"""One error family for the whole tool; the CLI turns it into a message and an exit code."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

Loc = tuple[str | int, ...]  # keys and list indexes from a file's root to a value


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


class Locator(Protocol):
    """A parsed file that can say where a value is: the YAML document, or a stand-in in tests."""

    path: Path

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]: ...

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem: ...


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


@dataclass(frozen=True)
class CheckResult:
    """What checking the input found: every problem, or what was checked when there were none.
    Every command reports problems through this, with the same reporters."""

    problems: tuple[Problem, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()  # (what, how many), in the order they are shown
    sample: bool = False  # what was checked is the sample shipped with caicach, not a repository

    @property
    def ok(self) -> bool:
        return not self.problems


# The operating system's words for the failures users meet, in Vietnamese.
_OS_WORDS = {
    errno.ENOENT: "không có tệp hay thư mục này",
    errno.EACCES: "không có quyền",
    errno.EPERM: "không được phép",
    errno.ENOSPC: "hết chỗ trên đĩa",
    errno.EDQUOT: "hết hạn mức đĩa",
    errno.EISDIR: "là một thư mục",
    errno.ENOTDIR: "không phải thư mục",
    errno.EROFS: "ổ đĩa chỉ đọc",
    errno.EFBIG: "tệp quá lớn",
    errno.EIO: "lỗi đọc ghi đĩa",
}


def os_words(exc: OSError) -> str:
    """What went wrong, as a user reads it: the OS's reason in Vietnamese when it is a common
    one, else as the OS says it."""
    return _OS_WORDS.get(exc.errno or 0, exc.strerror or str(exc))
