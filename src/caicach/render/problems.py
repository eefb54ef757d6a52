"""Problems found in plan files, for people (text), for GitHub Actions (annotations on the pull
request) and for programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from caicach.errors import Problem


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(p: Problem) -> str:
    """`::error file=…,line=…,col=…::message`, escaped as the runner expects."""
    props = [f"file={_escape_property(p.path)}"]
    if p.line:
        props += [f"line={p.line}", f"col={p.col}"]
    props.append("title=caicach validate")
    return f"::error {','.join(props)}::{_escape_data(p.message)}"


def text(problems: Sequence[Problem], out: TextIO) -> None:
    for p in problems:
        print(p, file=out)


def github(problems: Sequence[Problem], out: TextIO) -> None:
    # GitHub shows only the first few annotations of a step: every problem is in the log too.
    for p in problems:
        print(annotation(p), file=out)
    text(problems, out)


def as_json(problems: Sequence[Problem], out: TextIO, counts: dict[str, int]) -> None:
    json.dump(
        {
            "ok": not problems,
            **counts,
            "problems": [
                {"path": p.path, "line": p.line, "col": p.col, "message": p.message}
                for p in problems
            ],
        },
        out,
        ensure_ascii=False,
        indent=2,
    )
    out.write("\n")
