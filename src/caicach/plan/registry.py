"""The agency registry: resolving names as plans write them, classes and their members."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from caicach.plan.class_phrase import ClassPhrase, class_phrase
from caicach.plan.model import Agency, AgencyClass, RegistryFile, Succession
from caicach.plan.period import Period
from caicach.text import fold, fold_words, nfc

Via = Literal["name", "alias", "sub-unit", "level"]

_EXPANSIONS = (
    (re.compile(r"\buy ban nhan dan\b"), "ubnd"),
    (re.compile(r"\bhoi dong nhan dan\b"), "hdnd"),
    (re.compile(r"^(?:cac|nhung) "), ""),
)
_LEVEL_SUFFIX = {"cap huyen": "huyen", "cap xa": "xa", "cap tinh": "tinh"}
_SEPARATORS = re.compile(r"(\s*[;,]\s*|\s+và\s+)", re.IGNORECASE)
_MAX_JOIN = 6


@functools.lru_cache(maxsize=4096)
def key(name: str) -> str:
    """Matching key: no case, no diacritics, no punctuation, `Ủy ban nhân dân` = `UBND`."""
    k = fold_words(name)
    for rx, replacement in _EXPANSIONS:
        k = rx.sub(replacement, k)
    return k.strip()


def _names(entity: Agency | AgencyClass) -> list[tuple[str, Via]]:
    names: list[tuple[str, Via]] = [(entity.name, "name")]
    if isinstance(entity, Agency):
        names += [(n, "alias") for n in entity.abbreviations]
    names += [(n, "alias") for n in entity.aliases]
    if isinstance(entity, AgencyClass):
        names += [(n, "sub-unit") for n in entity.sub_units]
    return names


def _unmarked(name: str) -> bool:
    """Written without a Vietnamese mark: as anyone types it on any keyboard."""
    return fold(name) == " ".join(name.casefold().split())


def _written(name: str) -> str:
    """A name as written, for an exact match: NFC, blanks collapsed, any case."""
    return " ".join(nfc(name).casefold().split())


def _departments(cls: AgencyClass) -> bool:
    """The class of the province's departments: members of the province level, sở among them."""
    return cls.members is not None and cls.members.level == "tinh" and "so" in cls.members.kinds


@dataclass(frozen=True)
class Resolved:
    id: str
    via: Via


class Registry:
    def __init__(self, data: RegistryFile) -> None:
        self.data = data
        self.agencies: dict[str, Agency] = {a.id: a for a in data.agencies}
        self.classes: dict[str, AgencyClass] = {c.id: c for c in data.classes}
        self._index: dict[str, Resolved] = {}
        self._display: dict[str, str] = {}
        # Names that differ only by their marks ("Xã Sơn Hà", "Xã Sơn Hạ") share a folded key:
        # such a name is found as written (NFC, any case), and typed without marks it is ambiguous.
        self._exact: dict[str, Resolved] = {}
        self._twins: dict[str, list[str]] = {}
        # The registry never changes once built: what is asked again and again (a class's
        # members for each of 10,000 items, the same names in every plan) is remembered.
        self._resolved: dict[str, Resolved | None] = {}
        self._members: dict[tuple[str, int | Period | None], tuple[Agency, ...]] = {}
        self._classes_of: dict[str, tuple[str, ...]] = {}
        for entity in self.entities():
            for name, via in _names(entity):
                k = key(name)
                self._exact.setdefault(_written(name), Resolved(entity.id, via))
                owner = self._index.setdefault(k, Resolved(entity.id, via))
                self._display.setdefault(k, name)
                if owner.id != entity.id and _written(self._display[k]) != _written(name):
                    self._twins.setdefault(k, [self._display[k]]).append(name)

    def entities(self) -> list[Agency | AgencyClass]:
        return [*self.data.agencies, *self.data.classes]

    def conflicts(self) -> list[tuple[str, str, str]]:
        """Names claimed by two entities: (name, first id, second id). Two names that differ
        only by their marks ("Xã Sơn Hà", "Xã Sơn Hạ") may be two entities; one written without
        any mark ("so y te") is how either is typed, so it may not name another entity than a
        name of the same letters does."""
        clashes = []
        by_key: dict[str, list[tuple[str, str]]] = {}
        for entity in self.entities():
            for name, _via in _names(entity):
                owner = self._exact[_written(name)].id
                if owner != entity.id:
                    clashes.append((name, owner, entity.id))
                    continue
                for other_name, other in by_key.get(key(name), ()):
                    if other != entity.id and _unmarked(name):
                        clashes.append((name, other, entity.id))
                        break
                    if other != entity.id and _unmarked(other_name):  # said where it is
                        clashes.append((other_name, entity.id, other))
                        break
                by_key.setdefault(key(name), []).append((name, entity.id))
        return clashes

    def resolve(self, name: str) -> Resolved | None:
        """The entity a name, an alias or a registry id names."""
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> Resolved | None:
        if name in self.agencies or name in self.classes:
            return Resolved(name, "name")
        exact = self._exact.get(_written(name))
        if exact is not None:
            return exact
        k = key(name)
        if k in self._twins:
            return None  # "Xa Son Ha": Sơn Hà or Sơn Hạ? `unknown` says which there are
        if k in self._index:
            return self._index[k]
        for suffix, level in _LEVEL_SUFFIX.items():
            if k.endswith(" " + suffix):
                cls = self.level_class(level)
                if cls is not None:
                    return Resolved(cls.id, "level")
        phrase = class_phrase(name)
        found = self.phrase_class(phrase) if phrase is not None else None
        return Resolved(found.id, "level") if found is not None else None

    def phrase_class(self, phrase: ClassPhrase) -> AgencyClass | None:
        """This registry's class a class phrase names ("UBND các xã, phường, đặc khu" → its UBND
        cấp xã), by who its members are; "có liên quan" names the class of nobody in particular
        whose own name says so. None when the registry has no such class."""
        if phrase.kind == "departments":
            return next((c for c in self.classes.values() if _departments(c)), None)
        if phrase.level in ("xa", "huyen"):
            return self.level_class(phrase.level)
        for cls in self.classes.values():
            named = class_phrase(cls.name)
            if cls.members is None and named is not None and named.kind == phrase.kind:
                return cls
        return None

    def level_class(self, level: str) -> AgencyClass | None:
        for cls in self.classes.values():
            if (
                cls.members is not None
                and cls.members.level == level
                and "ubnd" in cls.members.kinds
            ):
                return cls
        return None

    def suggest(self, name: str, n: int = 3) -> list[str]:
        matches = difflib.get_close_matches(key(name), self._index, n=n, cutoff=0.6)
        if not matches:
            # Words typed in a different order or only part of a name: try containment.
            k = key(name)
            matches = [c for c in self._index if k and (k in c or c in k)][:n]
        return [self._display[m] for m in matches]

    def did_you_mean(self, name: str) -> str:
        hints = self.suggest(name)
        return f"; có phải {' hay '.join(repr(h) for h in hints)}?" if hints else ""

    def unknown(self, name: str) -> str:
        twins = self._twins.get(key(name))
        if twins:
            which = " hay ".join(repr(t) for t in twins)
            return f"{name!r} có thể là {which}: tên chỉ khác nhau ở dấu; hãy viết đủ dấu"
        return self._unknown(name)

    def _unknown(self, name: str) -> str:
        """The one message for a name the registry does not know, wherever it was written."""
        return (
            f"không có cơ quan {name!r} trong danh mục{self.did_you_mean(name)} (`caicach "
            "agencies` liệt kê các cơ quan; thêm cơ quan còn thiếu, hoặc tên gọi khác, vào "
            "agencies.yaml)"
        )

    def successions(self, agency_id: str, day: date) -> list[Succession]:
        """Where the agency's work had gone by `day` (dated successions only: an undated one is
        told, never applied)."""
        agency = self.agencies.get(agency_id)
        if agency is None:
            return []
        return [s for s in agency.successors if s.date is not None and s.date <= day]

    def successor_note(self, agency_id: str, day: date) -> str | None:
        """ "Sở Tài chính từ 01/03/2025": who carries the agency's work on `day`, when it ended;
        for work split by land ("UBND huyện Ba Tơ"), how many took it and which."""
        moved = self.successions(agency_id, day)
        if not moved:
            return None
        main = [s for s in moved if s.part is None]
        if main:
            return "; ".join(f"{self.name_of(s.agency)} từ {s.date:%d/%m/%Y}" for s in main)
        first = min(s.date for s in moved if s.date is not None)
        names = ", ".join(dict.fromkeys(self.name_of(s.agency) for s in moved))
        return f"{len({s.agency for s in moved})} cơ quan từ {first:%d/%m/%Y}: {names}"

    def predecessors(self, agency_id: str, day: date) -> list[str]:
        """The agencies whose whole work `agency_id` had taken over by `day`."""
        return [
            a.id
            for a in self.agencies.values()
            if any(s.agency == agency_id and s.part is None for s in self.successions(a.id, day))
        ]

    def lineage(self, agency_id: str, day: date) -> list[tuple[str, date]]:
        """Every agency whose whole work had passed to `agency_id` by `day`, directly or through
        another (A → B → C), each with the day it reached the line: nearest first."""
        found: dict[str, date] = {}
        todo = [(agency_id, date.min)]
        while todo:
            heir, after = todo.pop(0)
            for before in self.predecessors(heir, day):
                moved = max(
                    s.date
                    for s in self.successions(before, day)
                    if s.agency == heir and s.part is None and s.date is not None
                )
                if before != agency_id and before not in found:
                    found[before] = max(moved, after)
                    todo.append((before, found[before]))
        return list(found.items())

    def ended_note(self, agency_id: str, day: date) -> str | None:
        """ "UBND huyện Ba Tơ — đến 30/06/2025; kế thừa: …": an agency that no longer exists on
        `day`, with its last day and who carries its work (or that the registry does not say)."""
        agency = self.agencies.get(agency_id)
        if agency is None or agency.until is None or day < agency.until:
            return None
        last = agency.until - timedelta(days=1)
        heirs = self.successor_note(agency_id, day) or "danh mục chưa ghi cơ quan kế thừa"
        return f"{agency.name} — đến {last:%d/%m/%Y}; kế thừa: {heirs}"

    def dates_of(self, agency_id: str) -> str:
        """ "từ 01/03/2025", "đến 28/02/2025", "từ … đến …": when the agency existed."""
        agency = self.agencies.get(agency_id)
        if agency is None:
            return ""
        parts = []
        if agency.valid_from is not None:
            parts.append(f"từ {agency.valid_from:%d/%m/%Y}")
        if agency.until is not None:
            parts.append(f"đến {agency.until - timedelta(days=1):%d/%m/%Y}")
        return " ".join(parts)

    def emptied(self, class_id: str, day: date) -> bool:
        """A class whose members had all ended by the day ("UBND cấp huyện" after 01/07/2025);
        a class whose members are not yet listed, or not yet formed, still stands as one."""
        cls = self.classes.get(class_id)
        if cls is None or cls.members is None:
            return False
        members = self.members(class_id)
        return bool(members) and all(m.until is not None and m.until <= day for m in members)

    def valid_on(self, entity_id: str, day: date) -> bool:
        agency = self.agencies.get(entity_id)
        if agency is None:
            return True  # classes have no dates
        starts = agency.valid_from is None or agency.valid_from <= day
        return starts and (agency.until is None or day < agency.until)

    def name_of(self, entity_id: str) -> str:
        entity = self.agencies.get(entity_id) or self.classes[entity_id]
        return entity.name

    def is_member(self, agency_id: str, class_id: str) -> bool:
        cls = self.classes.get(class_id)
        agency = self.agencies.get(agency_id)
        if cls is None or cls.members is None or agency is None:
            return False
        return agency.level == cls.members.level and agency.kind in cls.members.kinds

    def classes_of(self, agency_id: str) -> list[str]:
        if agency_id not in self._classes_of:
            found = (c for c in self.classes if self.is_member(agency_id, c))
            self._classes_of[agency_id] = tuple(found)
        return list(self._classes_of[agency_id])

    def members(self, class_id: str, year: int | Period | None = None) -> list[Agency]:
        """The class's members; with `year` (or a plan's period), those that existed at some
        time in it."""
        asked = (class_id, year)
        if asked not in self._members:
            self._members[asked] = tuple(
                a
                for a in self.agencies.values()
                if self.is_member(a.id, class_id) and (year is None or self.existed_in(a.id, year))
            )
        return list(self._members[asked])

    def existed_in(self, agency_id: str, year: int | Period) -> bool:
        agency = self.agencies.get(agency_id)
        if agency is None:
            return True
        span = Period.of_years(year) if isinstance(year, int) else year
        began = agency.valid_from is None or agency.valid_from <= span.ends
        return began and (agency.until is None or agency.until > span.starts)

    def split_names(self, text: str) -> list[str]:
        """Cut a list of agencies as written ("Sở Tư pháp và các sở, ban ngành, UBND cấp huyện")
        into names, joining pieces back when together they name one agency ("Sở Kế hoạch và
        Đầu tư", "các sở, ban ngành"). Pieces that name nothing are returned as they are."""
        pieces = _SEPARATORS.split(text.strip().rstrip("."))
        frags, seps = pieces[0::2], pieces[1::2]
        names: list[str] = []
        i = 0
        while i < len(frags):
            for j in range(min(len(frags), i + _MAX_JOIN), i, -1):
                joined = "".join(
                    p for pair in zip(frags[i:j], [*seps[i : j - 1], ""], strict=True) for p in pair
                )
                if j == i + 1 or key(joined) in self._index or class_phrase(joined):
                    names.append(joined.strip())
                    i = j
                    break
        return [n for n in names if n]
