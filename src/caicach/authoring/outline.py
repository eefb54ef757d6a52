"""Reading a plan of any layout: the document as a tree of numbered, lettered and bulleted lines
with labelled fields, and the tasks found in it by the ways plans assign work:

- a block of fields ("Đơn vị chủ trì: …", "Thời gian thực hiện: …", bulleted or not, lettered
  "b) Cơ quan thực hiện:") follows the text it is about: the lines since the last block;
- a heading that names an agency ("1.2. Sở Tài chính", "Trách nhiệm của …") gives its lines to
  that agency, each line a task;
- a sentence that begins with who acts ("Sở Tài chính chủ trì …", "Giao Sở Tư pháp …").

Tables are read by `authoring.tables`. Every line of a section read and not used is returned as
not understood, with its number. Pure: lines in, drafts out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from caicach.authoring.names import actor, is_agency_title
from caicach.authoring.prose import addressee, closing, co_agencies, find_actor, pieces
from caicach.authoring.sources import Line
from caicach.plan.deadlines import DeadlineError, read_leniently
from caicach.text import fold_chars

_ROMAN = re.compile(r"^(?P<mark>[IVXL]{1,5})[.)]\s*(?P<text>\S.*)$")
_NUMBER = re.compile(r"^(?P<mark>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\))\s+(?P<text>\S.*)$")
_LETTER = re.compile(r"^(?P<mark>[a-zđ])\)\s*(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?P<mark>[-–•*+])\s*(?P<text>\S.*)$")
_LABELS = (  # folded label (before ":") → field
    (re.compile(r"^(?:co quan|don vi) thuc hien$"), "actor"),  # "X chủ trì, phối hợp với Y"
    (re.compile(r"^(?:co quan|don vi)(?: chu tri)?(?: tham muu)? (?:thuc hien|chu tri)"), "lead"),
    (re.compile(r"^(?:co quan|don vi) phoi hop"), "co"),
    (re.compile(r"^(?:co quan|don vi|trach nhiem) (?:chu tri|thuc hien)"), "lead"),
    (re.compile(r"^phoi hop"), "co"),
    (re.compile(r"^chu tri"), "lead"),
    (re.compile(r"^san pham"), "products"),
    (re.compile(r"^(?:thoi (?:gian|han|diem)|tien do)"), "deadline"),
    (re.compile(r"^(?:nhiem vu|noi dung)(?: cong viec| thuc hien)?$"), "task"),
)
_INLINE_TIME = re.compile(
    r"(?<=[.;])\s+(Thời (?:gian|hạn)(?: thực hiện| hoàn thành)?)\s*:\s*(\S.*)$"
)
# Sections that say why and what for, not who does what.
_SKIP = re.compile(
    r"^(?:muc dich|yeu cau|muc tieu|quan diem|pham vi|doi tuong|can cu|tinh hinh|ket qua|"
    r"danh gia|su can thiet|boi canh|thuc trang)"
)
_STOP = re.compile(r"^(?:Nơi nhận|TM\.|KT\.)")
_RESTART = re.compile(r"^(?:KẾ HOẠCH|PHỤ LỤC|Phụ lục)\b")
NO_ACTOR = "không có cơ quan hay khối trường nói ai làm"
_LEVEL = {"roman": 0, "letter": 5, "bullet": 6, "plus": 7, "para": 8}


@dataclass(eq=False)  # a node is itself: compared by identity, never by its whole subtree
class Node:
    line: int
    kind: str  # roman | num | letter | bullet | plus | para
    mark: str
    text: str
    level: int
    children: list[Node] = field(default_factory=list)
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    parent: Node | None = None
    ordinal: int = 0  # among the parent's children of its kind, from 1
    kinds: dict[str, int] = field(default_factory=dict)  # how many children of each kind
    inline: bool = False  # its only field is the deadline its own sentence ends with

    @property
    def heading(self) -> bool:
        return self.kind in ("roman", "num", "letter")


@dataclass
class Found:
    """A task as the document gives it, before it becomes plan data."""

    section: str  # the Roman section's title
    area: str  # the top heading it sits under ("1. Về dữ liệu"), or the section
    printed: str
    task: str
    lead: str | None
    co: str | None
    deadline: str | None
    products: list[str]
    lines: list[int]
    core: bool
    given_by: str | None = None  # the directive whose deadline an appendix row takes


def _marker_level(text: str) -> int | None:
    """The level of the bullet or letter a field line is written with; None for none."""
    if _LETTER.match(text):
        return _LEVEL["letter"]
    if m := _BULLET.match(text):
        return _LEVEL["plus" if m["mark"] == "+" else "bullet"]
    return None


def _field(text: str) -> tuple[str, str] | None:
    """A labelled field: "Label: value" with a label caicach knows, after an optional bullet
    or letter ("- Đơn vị chủ trì: …", "b) Cơ quan thực hiện:")."""
    bare = text
    for rx in (_BULLET, _LETTER):
        if m := rx.match(bare):
            bare = m["text"]
            break
    label, colon, value = bare.partition(":")
    if not colon or len(label.split()) > 8:
        return None
    folded = fold_chars(label.strip().lower())
    for rx, name in _LABELS:
        if rx.match(folded):
            return name, value.strip()
    return None


def _node(line: Line) -> Node:
    text = line.text
    if m := _ROMAN.match(text):
        return Node(line.number, "roman", m["mark"], m["text"], 0)
    if m := _NUMBER.match(text):
        return Node(line.number, "num", m["mark"], m["text"], 1 + m["mark"].count("."))
    if m := _LETTER.match(text):
        return Node(line.number, "letter", m["mark"], m["text"], _LEVEL["letter"])
    if m := _BULLET.match(text):
        kind = "plus" if m["mark"] == "+" else "bullet"
        return Node(line.number, kind, m["mark"], m["text"], _LEVEL[kind])
    return Node(line.number, "para", "", text, _LEVEL["para"])


def tree(lines: list[Line]) -> Node:
    """The lines as a tree: each under the nearest line before it of a higher level. A field
    goes to the line it follows; a field written as a bullet ("- Cơ quan chủ trì: …") to the
    line its bullet would be under: the task, not the last of the task's own bullets."""
    root = Node(0, "root", "", "", -1)
    stack = [root]
    for line in lines:
        found = _field(line.text)
        if found is not None and len(stack) > 1:
            level = _marker_level(line.text)
            owner = len(stack) - 1
            while level is not None and owner > 1 and stack[owner].level >= level:
                owner -= 1
            stack[owner].fields.setdefault(found[0], []).append((line.number, found[1]))
            continue
        node = _node(line)
        inline = _INLINE_TIME.search(node.text)
        if inline and _field(f"{inline[1]}: x") is not None:
            node.text = node.text[: inline.start()].strip()
            node.fields["deadline"] = [(line.number, inline[2].strip())]
            node.inline = True
        while stack[-1].level >= node.level:
            stack.pop()
        node.parent = stack[-1]
        stack[-1].kinds[node.kind] = node.ordinal = stack[-1].kinds.get(node.kind, 0) + 1
        stack[-1].children.append(node)
        stack.append(node)
    return root


@dataclass
class _Reader:
    found: list[Found] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    section: str = ""
    core: bool = True
    addressee: str | None = None  # whom the document addresses: who acts when none is named

    def section_node(self, node: Node) -> None:
        self.section = f"{node.mark}. {node.text}" if node.kind == "roman" else node.text
        self.used.add(node.line)
        folded = fold_chars(node.text.lower())
        self.core = "to chuc thuc hien" not in folded and "bao cao" not in folded
        self.walk(node, None, self.section)

    def whole(self, root: Node) -> None:
        """A document with no Roman sections (a công văn, a chỉ thị): its body is one section,
        its numbered directives its areas."""
        self.section, self.core = "", True
        self.walk(root, None, "")

    def walk(self, node: Node, lead: str | None, area: str, *, paras: bool = True) -> None:
        """The tasks under `node`; `lead` is who a heading above says acts. Plain paragraphs
        are tasks of that agency only under a heading that names it (`paras`), not under a
        directive (a page-broken line, or closing words)."""
        run: list[Node] = []
        for child in node.children:
            here = _title(child) if node.kind in ("roman", "root") and child.kind == "num" else area
            if child.children and not (_has_fields(child) and not child.inline):
                self.leftover(run, lead, area, paras)
                run = []
                self.container(child, lead, here)
                continue
            if child.inline and not child.children:
                self.leftover(run, lead, area, paras)  # a sentence with its own deadline
                self.leftover([child], lead, here, paras)
                run = []
                continue
            run.append(child)
            if _has_fields(child):
                self.emit(run, child.fields, lead, here)
                run = []
                if any(_has_fields(d) for d in _all(child) if d is not child):
                    self.container(child, lead, here)  # tasks of their own under it
        self.leftover(run, lead, area, paras)

    def container(self, node: Node, lead: str | None, area: str) -> None:
        self.used.add(node.line)
        own = is_agency_title(node.text) if node.kind != "para" and _short(node) else None
        paras = True
        if own is None and node.kind != "roman":
            said = find_actor(node.text) or actor(node.text)
            if said and not said[1].strip(" :"):
                own = said[0]  # "a) Giao Sở Thông tin và Truyền thông:"
            elif said and node.text.rstrip().endswith(":"):
                own = said[0]  # "1. Các đồng chí Bộ trưởng … thực hiện các nội dung sau:"
            elif said and not node.text.rstrip().endswith(":"):
                # a directive with lines under it: the directive is a task of its own
                self.add(node, node.text, said[0], co_agencies(said[1]), _when(node), area)
                own, paras = said[0], False
            elif lead is not None and not said and _closed(node):
                # a duty of the heading's agency; the plain lines after it (closing words,
                # a page's next article) are tasks only where they name who acts
                self.directive(node, node.text, lead, area)
                paras = False
        self.walk(node, own or lead, area, paras=paras)

    def leftover(self, run: list[Node], lead: str | None, area: str, paras: bool = True) -> None:
        """Lines no field block follows: tasks of the agency a heading names, or sentences
        that say who acts; the rest stays unread."""
        for node in run:
            text = node.text.strip()
            if node.kind == "para" and (found := addressee(text)):
                self.addressee = found  # "Kính gửi: …", "… yêu cầu các Bộ … sau:"
                self.used.add(node.line)
                continue
            if node.kind == "para" and closing(text):
                continue  # "… nghiêm túc thực hiện Chỉ thị này": the document's closing words
            if node.kind == "roman" or (text.endswith(":") and (lead is not None or paras)):
                self.used.add(node.line)  # an introduction to the lines that follow
                continue
            said = find_actor(text)
            if node.kind == "para" and not paras and said is None:
                continue
            loose = node.kind == "para" and not paras  # a plain line under a duty
            if lead is not None and (node.kind != "num" or said is None) and not loose:
                self.directive(node, text, lead, area)
            elif said is not None and said[1]:
                self.directive(node, text, None, area)
            elif node.kind != "para" and self.addressee and not text.endswith(":"):
                self.directive(node, text, self.addressee, area)  # a numbered directive

    def directive(self, node: Node, text: str, lead: str | None, area: str) -> None:
        """A directive's paragraph: an item for each body that acts in it; each takes the
        deadline its own sentences give, else the one the paragraph ends with."""
        shared = node.fields if node.inline else {}
        parts = pieces(text, lead)
        for k, part in enumerate(parts):
            when = _prose_deadline(part.text)
            fields = {"deadline": [(node.line, when)]} if when else shared
            printed = None if len(parts) == 1 else f"({'abcdefghik'[min(k, 9)]})"
            self.add(node, part.text, part.lead, part.co, fields, area, suffix=printed)

    def emit(
        self, run: list[Node], fields: dict[str, list[tuple[int, str]]], lead: str | None, area: str
    ) -> None:
        named = [actor(n.text) for n in run]
        prefixed = all(a is not None and ":" in n.text for a, n in zip(named, run, strict=True))
        if len(run) > 1 and prefixed:
            for n, a in zip(run, named, strict=True):  # "+ Sở Xây dựng: hướng dẫn …" each
                assert a is not None
                self.add(n, n.text, a[0], None, fields, area)
            return
        texts = [n.text.rstrip(":").strip() for n in run]
        last = run[-1]
        below = [d for d in _all(last) if d is not last]
        if below and not any(_has_fields(d) for d in below):  # its own lines say what it is
            texts += [d.text.rstrip(":").strip() for d in below]
            self.used.update(d.line for d in below)
        given = _value(fields, "task")
        if given:
            texts = [t for t in texts[:1] if last.heading] + [given]
        task = ": ".join(texts) if given and len(texts) > 1 else " ".join(texts)
        extra = [n.line for n in run[1:]] + [d.line for d in below]
        self.add(run[0], task, lead, None, fields, area, extra=extra)

    def add(
        self,
        node: Node,
        task: str,
        lead: str | None,
        co: str | None,
        fields: dict[str, list[tuple[int, str]]],
        area: str,
        extra: list[int] | None = None,
        suffix: str | None = None,
    ) -> None:
        lead_text = _value(fields, "lead")
        co_text = _value(fields, "co")
        if lead_text is None and (who := _value(fields, "actor")):
            lead_text, co_text = _executing(who, co_text)
        if lead_text is None and lead is None and (said := find_actor(task)):
            lead, co = said[0], co or co_agencies(said[1])
        lines = [node.line, *(extra or []), *(n for v in fields.values() for n, _ in v)]
        self.used.update(lines)
        self.found.append(
            Found(
                self.section,
                area,
                _printed(node) + (suffix or ""),
                task.strip(),
                lead_text or lead,
                co_text or co,
                _value(fields, "deadline"),
                [v for _, v in fields.get("products", []) if v],
                sorted(lines),
                self.core,
            )
        )


def _short(node: Node) -> bool:
    """Short enough to be a heading: a sentence that goes on past a dash is a directive."""
    return len(node.text.split()) <= 15 or node.text.rstrip().endswith(":")


def _closed(node: Node) -> bool:
    """A line that is a whole duty, with only plain paragraphs under it."""
    ends = node.text.rstrip().endswith(":")
    return not ends and all(c.kind == "para" for c in node.children)


def _executing(text: str, co: str | None) -> tuple[str, str | None]:
    """ "Cơ quan thực hiện: X chủ trì, phối hợp với Y" → X and Y; clauses separated by ";"
    ("X rà soát …; các sở, ngành rà soát …") each name who acts."""
    whos: list[str] = []
    for chunk in text.split(";"):
        said = actor(chunk)
        if said is None:
            continue
        whos.append(said[0])
        co = co or co_agencies(said[1])
    return ("; ".join(whos) if whos else text), co


def _has_fields(node: Node) -> bool:
    return any(v for key, values in node.fields.items() for _, v in values if key != "task") or (
        bool(_value(node.fields, "task"))
    )


def _value(fields: dict[str, list[tuple[int, str]]], key: str) -> str | None:
    values = [v for _, v in fields.get(key, []) if v]
    return "; ".join(values) if values else None


_PROSE_TIME = re.compile(
    r"(?:định kỳ\s+)?(?:hoàn thành\s+)?(?:chậm nhất|trước ngày|(?:xong |thời hạn )trước|"
    r"trong (?:tháng|quý|năm)|"
    r"hằng (?:năm|tháng|quý)|hàng (?:năm|tháng|quý)|^thường xuyên)\b[^.;)]*",
    re.IGNORECASE,
)  # "thường xuyên" only first: "chi thường xuyên" further on is a kind of spending


_NOUN_TIME = re.compile(r"(?:được giao|đã)\s*$", re.IGNORECASE)
_EXACT = re.compile(r"(?:chậm nhất|trước)", re.IGNORECASE)


def _prose_deadline(text: str) -> str | None:
    """ "…, hoàn thành trước ngày 30/9/2024", "Hằng năm báo cáo …": when a directive written as
    prose is due, if it says so in words that give a date."""
    found = list(_PROSE_TIME.finditer(text))
    # a day ("trước ngày 05/12/2025") says when before a span does ("… trong năm 2025")
    for m in sorted(found, key=lambda m: not _EXACT.search(m[0])):
        if _NOUN_TIME.search(text[: m.start()]):
            continue  # "các nhiệm vụ được giao trong năm 2025": which tasks, not when
        pieces = m[0].split(",")[:8]
        for k in range(1, len(pieces) + 1):  # the shortest part of it that gives a date
            phrase = ",".join(pieces[:k]).strip(" ,")
            try:
                milestones, _ = read_leniently(phrase, 2000)
            except DeadlineError:
                continue
            if any(x.due is not None for x in milestones):
                return phrase
    return None


def _when(node: Node) -> dict[str, list[tuple[int, str]]]:
    when = _prose_deadline(node.text)
    return {"deadline": [(node.line, when)]} if when else {}


def _title(node: Node) -> str:
    return f"{node.mark}. {node.text}"


def _printed(node: Node) -> str:
    marks: list[str] = []
    bullets = 0
    n: Node | None = node
    while n is not None and n.kind != "root":
        nested = bool(marks) and marks[-1].startswith(n.mark + ".")  # "1.1" is under "1"
        if n.kind in ("roman", "num", "letter") and not nested:
            marks.append(n.mark)
        elif n is node:
            bullets = n.ordinal
        n = n.parent
    printed = ".".join(reversed(marks))
    return f"{printed}•{bullets}" if bullets else printed


def sections(lines: list[Line]) -> Iterator[tuple[list[Line], bool]]:
    """The parts of the document to read, each with whether it is read (False: a section that
    says why and what for, the recipients, the signature)."""
    part: list[Line] = []
    # A document with no Roman-numbered sections (a công văn, a chỉ thị) is read from its top.
    reading = not any(_ROMAN.match(line.text) for line in lines)
    for line in lines:
        text = line.text
        if not text or "\t" in text:
            continue  # tables are read on their own
        if _STOP.match(text):
            yield part, reading
            part, reading = [], False
            continue
        if _RESTART.match(text):
            yield part, reading
            part, reading = [], False
            continue
        if m := _ROMAN.match(text):
            yield part, reading
            part = []
            reading = not _SKIP.match(fold_chars(m["text"].lower()))
        part.append(line)
    yield part, reading


def read(lines: list[Line]) -> tuple[list[Found], list[tuple[int, str, str]]]:
    """Every task found outside tables, and the lines of read sections left unread."""
    reader = _Reader()
    lost: list[tuple[int, str, str]] = []
    for part, reading in sections(lines):
        if not reading or not part:
            continue
        root = tree(_joined(part))
        if not any(top.kind == "roman" for top in root.children):
            reader.whole(root)
        for top in root.children:
            if top.kind == "roman":
                reader.section_node(top)
            elif top.line not in reader.used and reader.section:
                reader.used.add(top.line)
        for node in _all(root):
            if node.line not in reader.used and node.kind != "root":
                lost.append((node.line, node.text, NO_ACTOR))
            for key, values in node.fields.items():
                lost += [
                    (n, v, f"trường {key} không có nhiệm vụ đứng trước")
                    for n, v in values
                    if n not in reader.used and v
                ]
    return reader.found, lost


def _all(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _all(child)


def _joined(lines: list[Line]) -> list[Line]:
    """Wrapped paragraphs made whole: a line that begins in lower case continues the one
    before; so does any plain line after one cut by the page width (a converted PDF), that is
    a line near the longest lines' length that ends no sentence."""
    width = _width(lines)
    out: list[Line] = []
    parts: list[str] = []
    previous = ""
    pending: Line | None = None  # a number or bullet alone on its line ("1.1.", "-")
    for line in lines:
        if _MARK_ONLY.match(line.text):
            pending = line
            continue
        if pending is not None:
            line = Line(pending.number, f"{pending.text} {line.text}")
            pending = None
        plain = _node(line).kind == "para" and not _field(line.text)
        cut = width and len(previous) >= 0.8 * width and not previous.endswith((".", ":", ";"))
        if out and plain and (line.text[:1].islower() or cut):
            parts.append(line.text)
            previous = line.text
            continue
        if out and parts:
            out[-1] = Line(out[-1].number, " ".join([out[-1].text, *parts]))
        parts = []
        out.append(line)
        previous = line.text
    if out and parts:
        out[-1] = Line(out[-1].number, " ".join([out[-1].text, *parts]))
    return out


_MARK_ONLY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXL]{1,5}\.|[-+•–]|[a-zđ]\))$")


def _width(lines: list[Line]) -> int:
    """The page width of a text with hard line breaks (most lines about as long as the
    longest); 0 for a text with a paragraph a line."""
    lengths = sorted(len(x.text) for x in lines if x.text)
    if len(lengths) < 10:
        return 0
    tall = lengths[int(len(lengths) * 0.9)]
    long = [x.text for x in lines if len(x.text) >= 0.8 * tall]
    open_ended = sum(1 for t in long if not t.endswith((".", ":", ";", ",")))
    wrapped = tall <= 120 and len(long) >= len(lengths) // 3 and open_ended * 2 >= len(long)
    return tall if wrapped else 0
