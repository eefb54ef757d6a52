"""`caicach init --province`: the agency registry of any of the 34 provinces since 01/07/2025.
Its communes (every commune-level unit with its code) come from the `vietnam-provinces`
package; its UBND, Văn phòng and departments from the decree every province follows, written as
data for a person to confirm against the province's own decisions."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

from caicach.errors import UsageError
from caicach.text import clean, fold, fold_words

TWO_LEVELS = "2025-07-01"  # Luật 72/2025/QH15: the district level ends, communes begin
DEPARTMENTS_SOURCE = (
    "Nghị định 45/2025/NĐ-CP ngày 28/02/2025 (hiệu lực 01/03/2025): các cơ quan chuyên môn mọi "
    "tỉnh có; Nghị định 150/2025/NĐ-CP sau đó giới hạn tối đa 14 sở (chưa đối chiếu từng điều)"
)
# The agencies every province has under that decree: (id, name, abbreviations, kind). "tỉnh" is
# the province's own word, replaced by "thành phố" for the six cities under the centre.
DEPARTMENTS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("vp-ubnd", "Văn phòng UBND tỉnh", ("VP UBND tỉnh", "VPUB"), "van-phong"),
    ("so-noi-vu", "Sở Nội vụ", ("SNV",), "so"),
    ("so-tu-phap", "Sở Tư pháp", ("STP",), "so"),
    ("so-tai-chinh", "Sở Tài chính", ("STC",), "so"),
    ("so-cong-thuong", "Sở Công Thương", ("SCT",), "so"),
    ("so-nong-nghiep-moi-truong", "Sở Nông nghiệp và Môi trường", ("Sở NN&MT",), "so"),
    ("so-xay-dung", "Sở Xây dựng", ("SXD",), "so"),
    ("so-khoa-hoc-cong-nghe", "Sở Khoa học và Công nghệ", ("Sở KH&CN",), "so"),
    ("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", ("Sở VHTT&DL",), "so"),
    ("so-giao-duc-dao-tao", "Sở Giáo dục và Đào tạo", ("Sở GD&ĐT",), "so"),
    ("so-y-te", "Sở Y tế", ("SYT",), "so"),
    ("thanh-tra", "Thanh tra tỉnh", (), "thanh-tra"),
)
# Those the decree gives only some provinces: written commented out, for a person to keep.
OPTIONAL_DEPARTMENTS = (
    ("so-dan-toc-ton-giao", "Sở Dân tộc và Tôn giáo"),
    ("so-ngoai-vu", "Sở Ngoại vụ"),
)
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\s+")
_SHORT = {"hcm": "ho chi minh", "tphcm": "ho chi minh"}  # "TP.HCM", "TPHCM", as offices write it
_UNIT_SLUG = {"xã": "xa", "phường": "phuong", "đặc khu": "dac-khu"}


@dataclass(frozen=True)
class Unit:
    kind: str  # xã, phường, đặc khu
    name: str  # without its kind: "Kinh Bắc"
    code: str  # five digits, as the code list writes it


@dataclass(frozen=True)
class Province:
    name: str  # without its kind: "Bắc Ninh", "Hà Nội"
    city: bool  # a city under the centre: "thành phố Hà Nội"
    units: tuple[Unit, ...]

    @property
    def word(self) -> str:
        return "thành phố" if self.city else "tỉnh"


@dataclass(frozen=True)
class Source:
    package: str  # the package's version
    data: str  # the day its list was taken
    official: bool  # the Statistics Office's published list (2026.1.0 on), not the draft


def provinces() -> tuple[list[Province], Source]:
    """The 34 provinces and their units, as the installed `vietnam-provinces` lists them."""
    import vietnam_provinces as vp

    nested = json.loads(vp.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    found = [_province(p) for p in nested]
    major = int(vp.__version__.split(".")[0])
    official = (major, int(vp.__version__.split(".")[1])) >= (2026, 1)
    return found, Source(vp.__version__, vp.__data_version__, official)


def _province(entry: dict[str, object]) -> Province:
    name = clean(str(entry["name"]))
    city = str(entry["division_type"]) == "thành phố trung ương" or fold(name).startswith(
        "thanh pho "
    )
    bare = re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", name, flags=re.IGNORECASE)
    wards = entry["wards"]
    assert isinstance(wards, list)
    units = sorted((_unit(w) for w in wards), key=lambda u: u.code)
    return Province(bare, city, tuple(units))


def _unit(entry: dict[str, object]) -> Unit:
    kind = str(entry["division_type"])
    name = clean(str(entry["name"]))
    if fold(name).startswith(fold(kind) + " "):
        name = name[len(kind) + 1 :].strip()
    return Unit(kind, name, f"{int(str(entry['code'])):05d}")


def _key(name: str) -> str:
    return _PREFIX.sub("", fold_words(name))


def _within(one: str, other: str) -> bool:
    a, b = f" {one} ", f" {other} "
    return a in b or b in a


def find_province(given: str, known: list[Province]) -> Province:
    """The province `given` names, folded as `--agency` folds ("bac ninh", "TP. Hồ Chí Minh");
    else a usage error naming the close ones."""
    by_key = {_key(p.name): p for p in known}
    asked = _SHORT.get(_key(given).replace(" ", ""), _key(given))
    if asked in by_key:
        return by_key[asked]
    close = difflib.get_close_matches(asked, by_key, n=3, cutoff=0.6)
    # Part of a name, or more than one ("Thừa Thiên Huế" was the province the city Huế is).
    close += [k for k in by_key if asked and _within(asked, k) and k not in close]
    hint = (
        f"; có phải {' hay '.join(repr(by_key[k].name) for k in close[:3])}?"
        if close
        else f"; các tỉnh, thành phố: {', '.join(p.name for p in known)}"
    )
    raise UsageError(
        f"--province {given!r}: không có tỉnh, thành phố này trong {len(known)} tỉnh, thành phố "
        f"từ 01/07/2025{hint}"
    )


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def registry_text(province: Province, source: Source) -> str:
    """agencies.yaml of the province: its UBND, Văn phòng and departments, every commune-level
    unit with its code, and the classes plans name them by."""
    return "".join(
        [
            _header(province, source),
            "agencies:\n",
            _government(province),
            _communes(province, source),
            _CLASSES,
        ]
    )


def _header(p: Province, source: Source) -> str:
    counts = ", ".join(
        f"{sum(u.kind == k for u in p.units)} {k}"
        for k in ("xã", "phường", "đặc khu")
        if any(u.kind == k for u in p.units)
    )
    return (
        "# yaml-language-server: $schema=../schemas/agencies.schema.json\n"
        f"# Danh mục cơ quan {p.word} {p.name} từ 01/07/2025 (chính quyền địa phương hai cấp), do\n"
        "# `caicach init --province` viết: hãy đối chiếu với quyết định của tỉnh và sửa, thêm.\n"
        "# Mọi tên mà nhiệm vụ của kế hoạch dùng phải tìm được ở đây (tên, tên viết tắt, tên gọi\n"
        "# khác, tên nhóm); so khớp không phân biệt hoa thường và dấu.\n"
        "registry:\n"
        f"  province: {_q(p.name)}\n"
        f'  valid_for: "từ 01/07/2025 ({len(p.units)} đơn vị cấp xã: {counts})"\n'
        "  sources:\n"
        f"    - {_q(DEPARTMENTS_SOURCE)}\n"
        '    - "Luật Tổ chức chính quyền địa phương 72/2025/QH15: cấp huyện kết thúc hoạt động '
        'từ 01/07/2025"\n'
        f"    - {_q(_units_source(source))}\n\n"
    )


def _units_source(source: Source) -> str:
    said = (
        f"đơn vị cấp xã và mã: gói vietnam-provinces {source.package} (dữ liệu ngày {source.data})"
    )
    if source.official:
        return (
            said + ", theo danh mục đơn vị hành chính của Cục Thống kê (Quyết định 19/2025/QĐ-TTg)"
        )
    return said + (
        ", theo dự thảo danh mục của Cục Thống kê, chưa phải danh mục chính thức (bản gói "
        "2026.1.0 trở lên, cần Python 3.12, lấy danh mục chính thức): hãy đối chiếu mã với "
        "Quyết định 19/2025/QĐ-TTg"
    )


def _government(p: Province) -> str:
    w = p.word
    out = [
        "  # --- UBND, Văn phòng UBND và các cơ quan chuyên môn (Nghị định 45/2025/NĐ-CP) ------\n",
        _agency(
            f"ubnd-{_slug(w)}",
            f"UBND {w} {p.name}",
            (),
            (f"UBND {w}",),
            "ubnd",
            "tinh",
        ),
    ]
    for ident, name, short, kind in DEPARTMENTS:
        own = name.replace("tỉnh", w)
        aliases = (f"{own} {p.name}",) if kind in ("van-phong", "thanh-tra") else ()
        abbreviations = tuple(a.replace("tỉnh", w) for a in short)
        out.append(_agency(_own_id(ident, w), own, abbreviations, aliases, kind, "tinh"))
    out.append(
        "  # Sở mà Nghị định chỉ cho một số tỉnh có: bỏ dấu # nếu tỉnh có. Sở đặc thù của\n"
        "  # từng tỉnh, Ban Quản lý khu kinh tế, đơn vị sự nghiệp, cơ quan trung ương đóng trên\n"
        "  # địa bàn: thêm tay, với nguồn của chúng.\n"
    )
    for ident, name in OPTIONAL_DEPARTMENTS:
        out.append(f"  # - id: {ident}\n  #   name: {name}\n  #   kind: so\n  #   level: tinh\n")
    return "".join(out)


def _own_id(ident: str, word: str) -> str:
    return f"{ident}-{_slug(word)}" if ident in ("vp-ubnd", "thanh-tra") else ident


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _agency(
    ident: str,
    name: str,
    abbreviations: tuple[str, ...],
    aliases: tuple[str, ...],
    kind: str,
    level: str,
    extra: str = "",
) -> str:
    lines = [f"  - id: {ident}\n", f"    name: {_q(name)}\n"]
    if abbreviations:
        lines.append(f"    abbreviations: [{', '.join(_q(a) for a in abbreviations)}]\n")
    if aliases:
        lines.append(f"    aliases: [{', '.join(_q(a) for a in aliases)}]\n")
    lines += [extra, f"    kind: {kind}\n", f"    level: {level}\n"]
    return "".join(lines)


def _communes(p: Province, source: Source) -> str:
    out = [
        f"\n  # --- {len(p.units)} đơn vị hành chính cấp xã, từ 01/07/2025 --------------------\n",
        f"  # Nguồn: {_units_source(source)}.\n",
    ]
    slugs = [f"ubnd-{_UNIT_SLUG.get(u.kind, _slug(u.kind))}-{_slug(u.name)}" for u in p.units]
    for unit, slug in zip(p.units, slugs, strict=True):
        # Names alike but for their marks ("Sơn Hà", "Sơn Hạ") fold to one id: the code parts them.
        ident = f"{slug}-{unit.code}" if slugs.count(slug) > 1 else slug
        written = f"{unit.kind[:1].upper()}{unit.kind[1:]} {unit.name}"
        out.append(
            _agency(
                ident,
                f"UBND {unit.kind} {unit.name}",
                (),
                (written,),
                "ubnd",
                "xa",
                f'    code: "{unit.code}"\n',
            )
            + f"    from: {TWO_LEVELS}\n"
        )
    return "".join(out)


_CLASSES = """
classes:
  - id: cac-so-ban-nganh
    name: Các sở, ban, ngành
    note: >-
      cơ quan chuyên môn thuộc UBND tỉnh; «các sở, ban, ngành, đoàn thể tỉnh», «Các Sở,
      ngành, đơn vị» và các cách viết khác cũng là nhóm này
    aliases:
      - các sở, ban ngành
      - các cơ quan chuyên môn thuộc UBND tỉnh
    members: {level: tinh, kinds: [so, ban, van-phong, thanh-tra]}
  - id: ubnd-cap-xa
    name: UBND cấp xã
    note: >-
      mọi xã, phường, đặc khu ở trên; «UBND các xã, phường, đặc khu», «Ủy ban nhân dân các
      phường, xã» và các cách viết khác cũng là nhóm này
    aliases:
      - Ủy ban nhân dân cấp xã
      - UBND các xã, phường, đặc khu
    members: {level: xa, kinds: [ubnd]}
  - id: ubnd-cap-huyen
    name: UBND cấp huyện
    note: >-
      cấp huyện kết thúc hoạt động từ 01/07/2025 (Luật 72/2025/QH15); danh mục này không ghi
      các huyện cũ, nên việc kế hoạch trước ngày đó giao cho nhóm được tính cho cả nhóm
    aliases:
      - UBND các huyện, thị xã, thành phố
    members: {level: huyen, kinds: [ubnd]}
  - id: co-quan-lien-quan
    name: Các cơ quan, đơn vị có liên quan
    note: không chỉ định cơ quan cụ thể; không ai được tính là thành viên
    aliases:
      - các cơ quan, đơn vị, địa phương
      - các cơ quan, địa phương
    members: null
"""
