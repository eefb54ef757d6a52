"""Output that a narrow console cannot break: where stdout or stderr cannot hold Vietnamese (a
cp1258 or ASCII console, `caicach list > out.txt` on Vietnamese Windows), letters are written
without their marks and the user is told once, instead of a UnicodeEncodeError."""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

_HANDLER = "caicach-unaccented"
_SAMPLE = "Sở Tư pháp, Đức Phổ"


def _unaccented(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeEncodeError)
    text = error.object[error.start : error.end]
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return ascii_.encode("ascii", "replace").decode("ascii"), error.end


def prepare() -> None:
    """Make stdout and stderr degrade instead of fail; say so once when they do."""
    codecs.register_error(_HANDLER, _unaccented)
    narrow = [s for s in (sys.stdout, sys.stderr) if _narrow(s)]
    for stream in narrow:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=_HANDLER)
    if narrow:
        encoding = narrow[0].encoding
        print(
            f"caicach: bảng mã đầu ra {encoding} không hiện được tiếng Việt; chữ được viết "
            "không dấu (đặt PYTHONIOENCODING=utf-8 để giữ dấu)",
            file=sys.stderr,
        )


def _narrow(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return False
    try:
        _SAMPLE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return True
    return False
