"""Problems found in input files, for people (text), for GitHub Actions (annotations on the pull
request) and for programs (JSON). Every command's problems come here, through `CheckResult`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Protocol, TextIO

from caicach.errors import CheckResult, Problem
from caicach.render.safe import printable

# What the counts of a clean check are called in the one-line summary.
_COUNTED = {
    "plans": "kế hoạch",
    "items": "nhiệm vụ",
    "agencies": "cơ quan",
    "classes": "nhóm",
    "records": "mục tiến độ",
    "targets": "chỉ tiêu",
}


class Reporter(Protocol):
    def report(self, result: CheckResult) -> None: ...


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(p: Problem) -> str:
    """`::error file=…,line=…,col=…::message`, escaped as the runner expects."""
    props = [f"file={_escape_property(printable(p.path))}"]
    if p.line:
        props += [f"line={p.line}", f"col={p.col}"]
    props.append("title=caicach validate")
    return f"::error {','.join(props)}::{_escape_data(printable(p.message))}"


def _found(result: CheckResult) -> str:
    return f"{len(result.problems)} vấn đề"


class TextReporter:
    """`path:line:col: message` on stderr, one a line, then how many; a clean check says what it
    checked on stderr too, a confirmation like every command's: stdout stays for data."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err

    def report(self, result: CheckResult) -> None:
        if result.ok:
            counted = ", ".join(f"{n} {_COUNTED.get(k, k)}" for k, n in result.counts)
            of = " (mẫu kèm theo caicach)" if result.sample else ""
            print(f"OK: {counted}{of}", file=self.err)
            return
        for p in result.problems:
            print(printable(str(p)), file=self.err)
        print(_found(result), file=self.err)


class GithubReporter:
    """Annotations, then every problem as text too: GitHub shows only the first few annotations
    of a step."""

    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err

    def report(self, result: CheckResult) -> None:
        for p in result.problems:
            print(annotation(p), file=self.out)
        for p in result.problems:
            print(printable(str(p)), file=self.out)
        if not result.ok:
            print(_found(result), file=self.err)


class JsonReporter:
    def __init__(self, out: TextIO, err: TextIO) -> None:
        self.out, self.err = out, err

    def report(self, result: CheckResult) -> None:
        problems = [
            {"path": p.path, "line": p.line, "col": p.col, "message": p.message}
            for p in result.problems
        ]
        document = {"ok": result.ok, **dict(result.counts), "problems": problems}
        self.out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        if not result.ok:
            print(_found(result), file=self.err)


REPORTER_BY_NAME: dict[str, Callable[[TextIO, TextIO], Reporter]] = {
    "text": TextReporter,
    "github": GithubReporter,
    "json": JsonReporter,
}
