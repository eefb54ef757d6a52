"""Merging two branches' versions of one progress log, for git (`caicach merge-log %O %A %B`).

git's `merge=union` keeps each distinct *line* once: two entries that begin alike (`- item: 2.d`,
`milestone: 2024-01`) became one entry with duplicate keys, and two new files lost a shared
`recorded:` line. This merge works on whole *entries*: each version is parsed, cut into its
header (all before the first entry) and its entries (the text from one entry's dash to the
next), and the two sides' changes to the common ancestor are put together entry by entry:
- entries added on either side are all kept, in the order they were recorded (so merging A into
  B gives the same file as B into A); one added on both sides, byte for byte, is kept once;
- an entry or the header changed (or removed) on one side only takes that change;
- the same entry, or the header, changed differently on the two sides is a conflict: both
  versions are left between git's conflict markers and the merge fails, for a person to decide.
A version that is not a log caicach can read (broken YAML, `entries:` not last) is a conflict
too: nothing is guessed. The text of each entry is kept as written, comments included."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from caicach.errors import ProblemsError
from caicach.load import yaml_source
from caicach.load.progress_log import tail

NAMES = ("nhánh này", "nhánh được gộp")  # as git's markers name them


class Unreadable(Exception):
    """A version that cannot be cut into entries."""


@dataclass(frozen=True)
class Block:
    text: str  # with "\n" line endings
    recorded: str  # the entry's `recorded:` time, "" when it has none

    @property
    def key(self) -> str:
        return self.text.rstrip("\n") + "\n"


@dataclass(frozen=True)
class Log:
    header: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: int
    unreadable: tuple[str, ...] = ()  # why a version could not be merged entry by entry


def split(path: Path, text: str) -> Log:
    """The header and entries of one version; an empty text is an empty log."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        return Log("", ())
    try:
        doc = yaml_source.parse(path, text)
        indent = tail(doc)
    except (ProblemsError, ValueError) as exc:
        raise Unreadable(f"{path}: không đọc được thành nhật ký ({exc})") from None
    entries = doc.data["entries"] or []
    lines = text.splitlines(keepends=True)
    starts = [_dash_line(lines, doc.locate(("entries", n))[0], indent) for n in range(len(entries))]
    if not starts:
        return Log(text, ())
    header = "".join(lines[: starts[0]])
    blocks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        entry = entries[n]
        recorded = entry.get("recorded") if isinstance(entry, dict) else None
        blocks.append(Block("".join(lines[start:end]), str(recorded or "")))
    return Log(header, tuple(blocks))


def _dash_line(lines: Sequence[str], line: int, indent: int) -> int:
    """The 0-based line of the dash that begins the entry located at 1-based `line` (a dash
    alone on its line puts the entry's first key on the next)."""
    at = line - 1
    while at > 0 and lines[at][indent : indent + 1] != "-":
        at -= 1
    return at


@dataclass
class _Side:
    inserted: dict[int, list[Block]]  # before base entry i (len(base): at the end)
    replaced: dict[int, list[Block]]  # base entry i became these ([] when removed)


def _changes(base: Sequence[Block], side: Sequence[Block]) -> _Side:
    found = _Side({}, {})
    matcher = difflib.SequenceMatcher(None, [b.key for b in base], [b.key for b in side], False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "insert":
            found.inserted[i1] = list(side[j1:j2])
        elif op in ("delete", "replace"):
            found.replaced[i1] = list(side[j1:j2])
            for i in range(i1 + 1, i2):
                found.replaced[i] = []
    return found


def _by_recorded(ours: list[Block], theirs: list[Block]) -> list[Block]:
    """Both sides' new entries, each side's order kept, interleaved by recording time; one
    added on both sides alike is kept once. Entries of the same second on the two sides are
    ordered by their text, so that the result does not depend on which side is ours."""
    seen = {b.key for b in ours}
    theirs = [b for b in theirs if b.key not in seen]
    runs: list[tuple[str, str, list[Block]]] = []
    for side in (ours, theirs):
        last, run = "", list[Block]()
        for b in side:
            now = max(last, b.recorded)  # an entry without a time stays after the one before
            if run and now != last:
                runs.append((last, "".join(x.key for x in run), run))
                run = []
            last = now
            run.append(b)
        if run:
            runs.append((last, "".join(x.key for x in run), run))
    return [b for *_, run in sorted(runs, key=lambda r: r[:2]) for b in run]


def _conflict(ours: str, theirs: str, names: tuple[str, str]) -> str:
    return f"<<<<<<< {names[0]}\n{_ended(ours)}=======\n{_ended(theirs)}>>>>>>> {names[1]}\n"


def _ended(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def merge(base: Log, ours: Log, theirs: Log, names: tuple[str, str] = ("ours", "theirs")) -> Merged:
    """The three-way merge of a log's entries (see the module's text)."""
    conflicts = 0
    if ours.header == theirs.header or theirs.header == base.header:
        header = ours.header
    elif ours.header == base.header:
        header = theirs.header
    else:
        header, conflicts = _conflict(ours.header, theirs.header, names), 1
    mine, other = _changes(base.blocks, ours.blocks), _changes(base.blocks, theirs.blocks)
    out: list[str] = [header]
    for i in range(len(base.blocks) + 1):
        added = _by_recorded(mine.inserted.get(i, []), other.inserted.get(i, []))
        out.extend(b.text for b in added)
        if i == len(base.blocks):
            break
        a, b = mine.replaced.get(i), other.replaced.get(i)
        if a is None and b is None:
            out.append(base.blocks[i].text)
        elif a is None or b is None or [x.key for x in a] == [x.key for x in b]:
            out.extend(x.text for x in (a if a is not None else b) or [])
        else:
            conflicts += 1
            out.append(_conflict("".join(x.text for x in a), "".join(x.text for x in b), names))
    return Merged("".join(_ended(part) for part in out if part), conflicts)


def merge_files(base: Path, ours: Path, theirs: Path, shown: str | None = None) -> Merged:
    """git's three versions of a log merged; the result keeps our line endings and BOM. A
    version that cannot be read leaves ours and theirs whole between conflict markers."""
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in (base, ours, theirs)]
    name = Path(shown) if shown else ours
    logs, unreadable = [], []
    for which, text in zip(("tổ tiên chung", *NAMES), texts, strict=True):
        try:
            logs.append(split(name, text))
        except Unreadable as exc:
            unreadable.append(f"{exc} (bản của {which})")
    eol = "\r\n" if "\r\n" in texts[1] else "\n"
    if unreadable:
        plain = [t.replace("\r\n", "\n") for t in texts]
        return Merged(_conflict(plain[1], plain[2], NAMES).replace("\n", eol), 1, tuple(unreadable))
    merged = merge(logs[0], logs[1], logs[2], names=NAMES)
    bom = "\ufeff" if texts[1].startswith("\ufeff") else ""
    return Merged(bom + merged.text.replace("\n", eol), merged.conflicts)
