"""`caicach init --province`: a registry for any of the 34 provinces, its communes from the
`vietnam-provinces` list, and plans imported there resolved against it alone."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import jsonschema
import pytest
import yaml

from caicach.authoring.province import find_province, provinces, registry_text
from caicach.errors import UsageError
from caicach.load import yaml_source
from caicach.load.folders import Plans, check, load_workspace
from caicach.text import clean, fold
from tests.conftest import PLANS, ROOT, Run

SPEC = "caicach @ git+https://example.org/caicach.git@v0.1.0"
DEPARTMENTS = [
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
]


def _registry(path: Path) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(path.read_text("utf-8"))
    return data


def test_the_package_lists_34_provinces_and_3321_units() -> None:
    known, source = provinces()
    assert len(known) == 34
    assert sum(len(p.units) for p in known) == 3321
    assert all(len(u.code) == 5 and u.code.isdigit() for p in known for u in p.units)
    assert source.package == version("vietnam-provinces")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source.data)


@pytest.mark.parametrize(
    ("given", "title", "units", "first"),
    [
        ("bac ninh", "tỉnh Bắc Ninh", 99, "UBND tỉnh Bắc Ninh"),
        ("TP. Hồ Chí Minh", "thành phố Hồ Chí Minh", 168, "UBND thành phố Hồ Chí Minh"),
        ("Đắk Lắk", "tỉnh Đắk Lắk", 102, "UBND tỉnh Đắk Lắk"),
    ],
)
def test_init_writes_the_provinces_registry(
    run: Run, tmp_path: Path, given: str, title: str, units: int, first: str
) -> None:
    target = tmp_path / "repo"
    result = run("init", str(target), "--install", SPEC, "--province", given)
    assert result.code == 0, result.err
    written = {str(Path(line).relative_to(target)) for line in result.err.splitlines()}
    assert "plans/qd-1879-2024.yaml" not in written  # Quảng Ngãi's sample plan stays out
    assert {"plans/agencies.yaml", "plans/office.yaml", "plans/scoring.yaml"} <= written
    data = _registry(target / "plans" / "agencies.yaml")
    agencies = data["agencies"]
    assert isinstance(agencies, list)
    names = [a["name"] for a in agencies]
    word = title.split(" ")[0] if title.startswith("tỉnh") else "thành phố"
    assert names[:2] == [first, f"Văn phòng UBND {word}"]
    assert names[2:12] == DEPARTMENTS
    assert names[12] == f"Thanh tra {word}"
    communes = [a for a in agencies if a["level"] == "xa"]
    assert len(communes) == units
    assert all(str(a["from"]) == "2025-07-01" and a["kind"] == "ubnd" for a in communes)
    assert len({a["id"] for a in agencies}) == len(agencies)
    text = (target / "plans" / "agencies.yaml").read_text("utf-8")
    assert "Nghị định 45/2025/NĐ-CP" in text
    assert "# - id: so-dan-toc-ton-giao" in text  # optional: for a person to keep
    schema = json.loads((target / "schemas" / "agencies.schema.json").read_text("utf-8"))
    loaded = yaml_source.load(target / "plans" / "agencies.yaml").data
    jsonschema.validate(loaded, schema, cls=jsonschema.Draft7Validator)  # the editor's check too
    check = run("validate", "--plans", str(target / "plans"))
    assert check.err == f"OK: 0 kế hoạch, 0 nhiệm vụ, {13 + units} cơ quan, 4 nhóm, 0 mục tiến độ\n"
    office = yaml.safe_load((target / "plans" / "office.yaml").read_text("utf-8"))["office"]
    assert office["parent"] == f"UBND {title.upper()}"
    readme = (target / "README.md").read_text("utf-8")
    assert f"Danh mục cơ quan của {title}" in readme
    assert "caicach done 2.a" not in readme  # 1879's items are not there
    assert "    caicach import ke-hoach.docx -o plans/ke-hoach.yaml\n" in readme


def test_an_unknown_province_is_a_usage_error_naming_close_ones(run: Run, tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "x"), "--install", SPEC, "--province", "Bac Nin")
    assert result.code == 2
    assert result.err == (
        "caicach: --province 'Bac Nin': không có tỉnh, thành phố này trong 34 tỉnh, thành phố "
        "từ 01/07/2025; có phải 'Bắc Ninh' hay 'Tây Ninh' hay 'Hà Nội'?\n"
    )
    assert not (tmp_path / "x").exists()
    known = provinces()[0]
    with pytest.raises(UsageError, match="các tỉnh, thành phố: Hà Nội, Cao Bằng"):
        find_province("Kon Tum", known)  # merged into Quảng Ngãi: no close name
    with pytest.raises(UsageError, match=r"có phải .*'Huế'"):
        find_province("Thừa Thiên Huế", known)  # the province the city Huế was
    assert [find_province(g, known).name for g in ("TP.HCM", "tphcm", "hue")] == [
        "Hồ Chí Minh",
        "Hồ Chí Minh",
        "Huế",
    ]


def test_quang_ngais_shipped_communes_are_the_packages() -> None:
    registry = load_workspace(Plans(PLANS, bundled=False)).registry
    shipped = sorted(
        (a.code or "", clean(a.name.removeprefix("UBND ")).casefold())
        for a in registry.agencies.values()
        if a.level == "xa"
    )
    listed = sorted(
        (u.code, f"{u.kind} {u.name}".casefold())
        for u in find_province("Quảng Ngãi", provinces()[0]).units
    )
    assert len(shipped) == 96
    assert shipped == listed


def test_every_provinces_registry_loads_without_a_problem(tmp_path: Path) -> None:
    known, source = provinces()
    for province in known:
        folder = tmp_path / _key_of(province.name)
        folder.mkdir()
        (folder / "agencies.yaml").write_text(registry_text(province, source), encoding="utf-8")
        found = check(Plans(folder, bundled=False))
        assert found.problems == (), province.name
        assert dict(found.counts)["agencies"] == 13 + len(province.units)


def test_quang_ngais_written_commune_ids_are_the_shipped_ones() -> None:
    """So that a progress log kept against the shipped registry reads against the written one
    (Sơn Hà and Sơn Hạ, alike but for a mark, parted by their codes in both)."""
    known, source = provinces()
    written = yaml.safe_load(registry_text(find_province("quang ngai", known), source))
    shipped = _registry(PLANS / "agencies.yaml")["agencies"]
    assert isinstance(shipped, list)
    ids = sorted(a["id"] for a in written["agencies"] if a["level"] == "xa")
    assert ids == sorted(a["id"] for a in shipped if a["level"] == "xa")
    assert {"ubnd-xa-son-ha-21289", "ubnd-xa-son-ha-21292"} <= set(ids)


def _key_of(name: str) -> str:
    return re.sub(r"[^a-z]+", "-", fold(name))


BAC_NINH_PLAN = (
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH -------\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
    "Hạnh phúc ---------------\n"
    "Số: 12/KH-UBND\tBắc Ninh, ngày 10 tháng 01 năm 2026\n"
    "KẾ HOẠCH\n"
    "CẢI CÁCH HÀNH CHÍNH NĂM 2026\n"
    "I. NHIỆM VỤ, GIẢI PHÁP\n"
    "1. Rà soát thủ tục hành chính\n"
    "- Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết.\n"
    "Đơn vị chủ trì thực hiện: UBND cấp xã.\n"
    "Đơn vị phối hợp: Sở Tư pháp.\n"
    "Thời gian thực hiện: Trước ngày 30/6/2026.\n"
    "2. Số hóa hồ sơ\n"
    "- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.\n"
    "Đơn vị chủ trì thực hiện: Ủy ban nhân dân các phường, xã.\n"
    "Đơn vị phối hợp: Các Sở, ngành, đơn vị.\n"
    "Thời gian thực hiện: Trước ngày 30/9/2026.\n"
    "3. Tổng hợp kết quả\n"
    "- Tổng hợp, báo cáo kết quả cải cách hành chính năm 2026.\n"
    "Đơn vị chủ trì thực hiện: Sở Nội vụ.\n"
    "Đơn vị phối hợp: các cơ quan, đơn vị có liên quan.\n"
    "Thời gian thực hiện: Trước ngày 15/12/2026.\n"
    "4. Thí điểm một cửa số\n"
    "- Thí điểm bộ phận một cửa số.\n"
    "Đơn vị chủ trì thực hiện: UBND phường Kinh Bắc.\n"
    "Thời gian thực hiện: Trước ngày 30/10/2026.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT.\tTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH\n"
)


def test_a_bac_ninh_plans_class_items_reach_bac_ninhs_communes(run: Run, tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "bn"), "--install", SPEC, "--province", "Bắc Ninh").code == 0
    plans = tmp_path / "bn" / "plans"
    source = tmp_path / "kh-12.txt"
    source.write_text(BAC_NINH_PLAN, encoding="utf-8")
    before = (plans / "agencies.yaml").read_text("utf-8")
    # Run from this repository, whose own plans are Quảng Ngãi's: the folder written to decides
    # (read against Quảng Ngãi's, "UBND phường Kinh Bắc" would be added as a new agency).
    result = run("import", str(source), "-o", str(plans / "kh-12-2026.yaml"))
    assert result.code == 0, result.err
    assert "Đã thêm" not in result.err  # no class became a new collective agency
    assert (plans / "agencies.yaml").read_text("utf-8") == before
    assert run("validate", "--plans", str(plans)).code == 0
    ask = ("list", "--plans", str(plans), "--as-of", "2026-02-01", "-f", "json", "--agency")
    rows = json.loads(run(*ask, "Phường Kinh Bắc").out)
    assert [(r["id"], r["lead"]) for r in rows] == [
        ("1.a", ["UBND cấp xã"]),
        ("2.a", ["Ủy ban nhân dân các phường, xã"]),
        ("4.a", ["UBND phường Kinh Bắc"]),
    ]
    assert [r["id"] for r in json.loads(run(*ask, "phuong tu son").out)] == ["1.a", "2.a"]
    # "Các Sở, ngành, đơn vị" is the departments: Sở Xây dựng joins 2.a; "các cơ quan, đơn vị có
    # liên quan" names nobody: not 3.a.
    joined = json.loads(run(*ask, "Sở Xây dựng").out)
    assert [(r["id"], r["match"]["role"], r["match"]["via"]) for r in joined] == [
        ("2.a", "co", "cac-so-ban-nganh")
    ]
    # Quảng Ngãi's communes are not Bắc Ninh's: none of them is in this registry.
    missing = run(*ask, "Phường Cẩm Thành")
    assert missing.code == 2
    assert "không có cơ quan 'Phường Cẩm Thành' trong danh mục" in missing.err


def test_start_up_does_not_load_the_province_list() -> None:
    probe = (
        "import sys\nfrom caicach.cli import main\n"
        "try:\n    main(sys.argv[1:])\nfinally:\n"
        "    print('vietnam_provinces' in sys.modules, file=sys.stderr)\n"
    )
    args = [sys.executable, "-c", probe, "validate", "--plans", str(PLANS)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stderr.strip().splitlines()[-1] == "False"
