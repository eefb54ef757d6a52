"""The only module that imports yaml: safe loading, node positions, duplicate keys, no aliases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from caicach.errors import Loc, Problem, ProblemsError
from caicach.text import nfc

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """Safe loader that keeps date-like scalars as strings, so the model can report bad dates."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass
class Document:
    """Plain data from one YAML file and the 1-based (line, col) of every value and key in it."""

    path: Path
    data: Any
    text: str = field(default="", repr=False)  # the file as read
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of `loc`, or of its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        if loc in table:
            return table[loc]
        for end in range(len(loc) - 1, -1, -1):
            if loc[:end] in self.positions:
                return self.positions[loc[:end]]
        return (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(str(self.path), line, col, message)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a composed node tree into plain data, recording positions and refusing aliases."""

    def __init__(self, doc: Document, loader: Any) -> None:
        self.doc = doc
        self.loader = loader
        self.seen: set[int] = set()
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: Loc, at: tuple[int, int]) -> Any:
        if id(node) in self.seen:
            self.problems.append(
                Problem(
                    str(self.doc.path),
                    *at,
                    "YAML aliases (*name) are not allowed; write the value out",
                )
            )
            return None
        self.seen.add(id(node))
        self.doc.positions[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            # An alias in a list has no position of its own: point at the list.
            return [self.build(child, (*loc, i), _mark(node)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:  # most values: skip the constructor's dispatch
            return nfc(node.value)
        if node.tag not in _SCALAR_TAGS:
            self.problems.append(
                Problem(str(self.doc.path), *_mark(node), f"unsupported YAML tag {node.tag}")
            )
            return None
        value = self.loader.construct_object(node, deep=True)
        return nfc(value) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        str(self.doc.path), *_mark(key_node), "YAML merge keys (<<) are not allowed"
                    )
                )
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                self.problems.append(
                    Problem(
                        str(self.doc.path), *_mark(key_node), "a mapping key must be a plain value"
                    )
                )
                continue
            if key in result:
                first = self.doc.key_positions[(*loc, key)]
                self.problems.append(
                    Problem(
                        str(self.doc.path),
                        *_mark(key_node),
                        f"duplicate key {key!r} (first at line {first[0]}); "
                        "YAML would keep only the last",
                    )
                )
                continue
            self.doc.key_positions[(*loc, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*loc, key), _mark(key_node))
        return result


def decode(path: Path, raw: bytes) -> str:
    """Strict UTF-8 (a leading BOM is accepted), with a located error for any other encoding."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise ProblemsError(
            [
                Problem(
                    str(path),
                    line,
                    col,
                    f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
                )
            ]
        ) from None


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


MAX_BYTES = 256 * 2**20  # 30 times the largest plan folder measured (10,000 items: 8.6 MiB)


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO, a device, or a link to one
    is refused before it is opened (opening a FIFO waits for a writer; /dev/zero never ends)."""
    if path.exists() and not path.is_file():
        raise ProblemsError(
            [Problem(str(path), 0, 0, "not a regular file (a FIFO, a device, or a link to one)")]
        )
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise ProblemsError([Problem(str(path), 0, 0, f"cannot read: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise ProblemsError(
            [Problem(str(path), 0, 0, f"larger than {limit // 2**20} MiB; not read")]
        )
    return raw


def load(path: Path) -> Document:
    """Read one YAML file. Raises ProblemsError with every located problem found."""
    return parse(path, decode(path, read_regular(path)))


def parse(path: Path, text: str) -> Document:
    doc = Document(path, None, text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            builder = _Builder(doc, loader)
            doc.data = builder.build(node, (), (1, 1))
            if builder.problems:
                raise ProblemsError(builder.problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            message += " (a tab: YAML indents with spaces only)"
        started = exc.context_mark
        if started and mark and (started.line, started.column) != (mark.line, mark.column):
            message += f" (started at line {started.line + 1}, column {started.column + 1})"
        raise ProblemsError([Problem(str(path), line, col, f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as exc:
        raise ProblemsError([Problem(str(path), 0, 0, f"YAML: {exc}")]) from None
    except RecursionError:
        raise ProblemsError([Problem(str(path), 0, 0, "YAML nested too deeply")]) from None
    finally:
        loader.dispose()
    return doc


def dump_entry(entry: dict[str, Any], indent: int = 0) -> str:
    """One mapping as an item of a block list, indented to sit beside the entries before it."""
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)
    pad = " " * indent
    return "".join(pad + line for line in text.splitlines(keepends=True))


def dump_document(data: dict[str, Any]) -> str:
    """A plan as block YAML, keys in the order given, Vietnamese text as it is."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
