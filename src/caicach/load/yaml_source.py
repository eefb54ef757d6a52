"""The only module that imports yaml: safe loading, node positions, duplicate keys, no aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from caicach.errors import Loc, Problem, ProblemsError
from caicach.load.files import decode, read_regular
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
                    "không dùng bí danh YAML (*tên); hãy viết thẳng giá trị",
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
                Problem(str(self.doc.path), *_mark(node), f"không dùng thẻ YAML {node.tag}")
            )
            return None
        value = self.loader.construct_object(node, deep=True)
        return nfc(value) if isinstance(value, str) else value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(str(self.doc.path), *_mark(key_node), "không dùng khóa gộp YAML (<<)")
                )
                continue
            key = self._scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                self.problems.append(
                    Problem(str(self.doc.path), *_mark(key_node), "khóa phải là một giá trị đơn")
                )
                continue
            if key in result:
                first = self.doc.key_positions[(*loc, key)]
                self.problems.append(
                    Problem(
                        str(self.doc.path),
                        *_mark(key_node),
                        f"khóa {key!r} lặp lại (lần đầu ở dòng {first[0]}); YAML chỉ giữ lần cuối",
                    )
                )
                continue
            self.doc.key_positions[(*loc, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*loc, key), _mark(key_node))
        return result


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def load(path: Path) -> Document:
    """Read one YAML file. Raises ProblemsError with every located problem found."""
    return parse(path, decode(path, read_regular(path)))


# PyYAML's words, said in Vietnamese; what is not here stays as PyYAML wrote it.
_YAML_WORDS = (
    ("mapping values are not allowed here", "không được có giá trị khóa (dấu ':') ở đây"),
    ("while scanning a simple key", "khi đọc một khóa"),
    ("could not find expected ':'", "thiếu dấu ':'"),
    ("while parsing a block mapping", "khi đọc một bảng khóa"),
    ("while parsing a block collection", "khi đọc một danh sách"),
    ("while parsing a flow sequence", "khi đọc một danh sách trong [ ]"),
    ("while parsing a flow mapping", "khi đọc một bảng trong { }"),
    ("while scanning a quoted scalar", "khi đọc một chuỗi trong ngoặc kép"),
    ("while scanning a plain scalar", "khi đọc một giá trị"),
    ("found unexpected end of stream", "tệp hết giữa chừng"),
    ("while scanning for the next token", "khi đọc giá trị tiếp theo"),
    ("did not find expected key", "không thấy khóa như mong đợi (thụt lề không khớp?)"),
    ("did not find expected '-' indicator", "thiếu dấu '-' của mục danh sách"),
    ("did not find expected node content", "thiếu giá trị"),
    ("expected <block end>, but found", "thụt lề không khớp: gặp"),
    ("found character '\\t' that cannot start any token", "ký tự tab không mở đầu được giá trị"),
    ("found character", "gặp ký tự"),
    ("that cannot start any token", "không mở đầu được giá trị"),
    ("expected ',' or ']', but got", "cần ',' hoặc ']' nhưng gặp"),
    ("did not find expected ',' or ']'", "thiếu ',' hoặc ']'"),
    ("did not find expected ',' or '}'", "thiếu ',' hoặc '}'"),
    ("expected ',' or '}', but got", "cần ',' hoặc '}' nhưng gặp"),
    ("found unknown escape character", "gặp ký tự thoát không biết"),
    ("invalid YAML", "YAML không hợp lệ"),
    # PyYAML from 6.0.4 refuses deep nesting itself (older ones recurse: RecursionError below)
    ("while increasing flow level", "khi mở thêm một tầng [ ] hoặc { }"),
    ("while increasing block level", "khi thụt lề thêm một tầng"),
    ("exceeded maximum nesting depth", "lồng nhau quá sâu"),
    ("nested too deeply", "lồng nhau quá sâu"),  # libyaml's words for the same
)


def _yaml_words(message: str) -> str:
    for english, vietnamese in _YAML_WORDS:
        message = message.replace(english, vietnamese)
    return message


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
        message = _yaml_words(" ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML")
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            message += " (ký tự tab: YAML chỉ thụt lề bằng dấu cách)"
        started = exc.context_mark
        if started and mark and (started.line, started.column) != (mark.line, mark.column):
            message += f" (bắt đầu ở dòng {started.line + 1}, cột {started.column + 1})"
        raise ProblemsError([Problem(str(path), line, col, f"cú pháp YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise ProblemsError([Problem(str(path), 0, 0, f"YAML: {exc}")]) from None
    except RecursionError:
        raise ProblemsError([Problem(str(path), 0, 0, "YAML lồng nhau quá sâu")]) from None
    finally:
        loader.dispose()
    return doc


# libyaml writes these escaped ("\x85", "\U0001F600") where PyYAML writes them as they are: with
# one of them in a document, PyYAML's emitter is used, so that the text never depends on which
# emitter the machine has (a property test holds the two to the same text on everything else).
_ESCAPED_BY_LIBYAML = re.compile("[\x85\U00010000-\U0010ffff]")
# A key is written "? key" (a complex key) once it is long or spans lines, and the two emitters
# judge that differently: libyaml counts UTF-8 bytes and takes "\r" for a line break, PyYAML
# counts characters (with escapes) and does not. Keys of at most 120 bytes, with no control
# character and no line separator, are written alike (every BMP character checked).
_ODD_IN_A_KEY = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_KEY_BYTES = 120


def _dumper(data: Any) -> Any:
    """libyaml's emitter where it writes what PyYAML's writes (twice as fast: 78 % of an
    import of 20,000 lines was PyYAML's emitter), PyYAML's otherwise."""
    fast = getattr(yaml, "CSafeDumper", None)
    return fast if fast is not None and _same_in_both(data) else yaml.SafeDumper


def _same_in_both(data: Any) -> bool:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _ESCAPED_BY_LIBYAML.search(value):
                return False
        elif isinstance(value, dict):
            for key in value:
                if not _plain_key(key):
                    return False
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
    return True


def _plain_key(key: object) -> bool:
    """A key both emitters write as "key:" (an empty one is "? ''" in PyYAML's text)."""
    return (
        isinstance(key, str)
        and 0 < len(key.encode("utf-8", "surrogatepass")) <= _KEY_BYTES
        and not _ODD_IN_A_KEY.search(key)
    )


def _dump(data: Any, width: int) -> str:
    text: str = yaml.dump(
        data, Dumper=_dumper(data), allow_unicode=True, sort_keys=False, width=width
    )
    return text


def dump_entry(entry: dict[str, Any], indent: int = 0) -> str:
    """One mapping as an item of a block list, indented to sit beside the entries before it."""
    text = _dump([entry], width=10_000)
    pad = " " * indent
    return "".join(pad + line for line in text.splitlines(keepends=True))


def dump_document(data: dict[str, Any]) -> str:
    """A plan as block YAML, keys in the order given, Vietnamese text as it is."""
    return _dump(data, width=100)
