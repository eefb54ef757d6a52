"""A .docx that is not what it claims: an encrypted or unsupported zip member, broken XML, an
entity declaration. Each is one located line naming the file, exit 1, never a traceback."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from tests.conftest import Run

BODY = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p></w:body></w:document>"
)


def _docx(path: Path, xml: str = BODY) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return path


def _patch_member(path: Path, *, flags: int | None = None, method: int | None = None) -> None:
    """Rewrite word/document.xml's local and central headers: the general purpose flags (bit 0:
    encrypted) or the compression method, as another zip tool would have written them."""
    raw = bytearray(path.read_bytes())
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (at := raw.find(signature, start)) >= 0:
            start = at + 4
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + 17] != b"word/document.xml":
                continue
            if flags is not None:
                struct.pack_into("<H", raw, at + flag_at, flags)
            if method is not None:
                struct.pack_into("<H", raw, at + method_at, method)
    path.write_bytes(bytes(raw))


def _refused(run: Run, path: Path) -> str:
    result = run("import", str(path))
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert lines[-1] == "1 vấn đề"
    assert lines[0].startswith(f"{path}: ")
    return lines[0].removeprefix(f"{path}: ")


def test_a_readable_docx_still_imports(run: Run, tmp_path: Path) -> None:
    result = run("import", str(_docx(tmp_path / "ok.docx")))
    assert "Traceback" not in result.err
    assert "không đọc" not in result.err


def test_an_encrypted_member_is_one_located_line(run: Run, tmp_path: Path) -> None:
    path = _docx(tmp_path / "khoa.docx")
    _patch_member(path, flags=1)
    assert _refused(run, path) == (
        "word/document.xml được mã hóa bằng mật khẩu; hãy lưu lại không mật khẩu"
    )


@pytest.mark.parametrize("method", [98, 99])  # PPMd, AES: zipfile reads neither
def test_an_unsupported_compression_is_one_located_line(
    run: Run, tmp_path: Path, method: int
) -> None:
    path = _docx(tmp_path / "nen.docx")
    _patch_member(path, method=method)
    said = _refused(run, path)
    assert said.startswith("word/document.xml nén theo cách không đọc được hoặc bị hỏng (")


def test_a_corrupt_deflate_stream_is_one_located_line(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", BODY * 50)
    raw = bytearray(path.read_bytes())
    data_at = raw.find(b"word/document.xml") + len("word/document.xml")
    raw[data_at + 10 : data_at + 40] = b"\xff" * 30
    path.write_bytes(bytes(raw))
    said = _refused(run, path)
    assert said.startswith("word/document.xml nén theo cách không đọc được hoặc bị hỏng (")


def test_broken_xml_says_where(run: Run, tmp_path: Path) -> None:
    path = _docx(tmp_path / "xml.docx", BODY.replace("</w:t>", "", 1))
    said = _refused(run, path)
    assert said.startswith("word/document.xml hỏng ở dòng 1, cột ")
    assert said.endswith("; không đọc")


def test_entities_are_not_expanded(run: Run, tmp_path: Path) -> None:
    laughs = '<!DOCTYPE w:document [<!ENTITY a "hahahahaha">' + "".join(
        f'<!ENTITY {c} "&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};&{p};">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    xml = BODY.replace("?>", "?>" + laughs + "]>", 1).replace("KẾ HOẠCH", "&i;")
    said = _refused(run, _docx(tmp_path / "bomb.docx", xml))
    assert said == "word/document.xml khai báo DOCTYPE/ENTITY (Word không viết); không đọc"
