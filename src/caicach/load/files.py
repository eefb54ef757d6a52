"""Reading an input file's bytes safely, and its text as strict UTF-8, with located errors. Kept
apart from YAML so that a run answered from the cache never imports a YAML parser."""

from __future__ import annotations

from pathlib import Path

from caicach.errors import Problem, ProblemsError, os_words


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
                    f"tệp không phải UTF-8 (byte 0x{raw[exc.start]:02x}); hãy lưu dạng UTF-8",
                )
            ]
        ) from None


MAX_BYTES = 256 * 2**20  # 30 times the largest plan folder measured (10,000 items: 8.6 MiB)


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO, a device, or a link to one
    is refused before it is opened (opening a FIFO waits for a writer; /dev/zero never ends)."""
    if path.exists() and not path.is_file():
        raise ProblemsError(
            [
                Problem(
                    str(path),
                    0,
                    0,
                    "không phải tệp thường (FIFO, thiết bị, hay liên kết tới chúng)",
                )
            ]
        )
    try:
        with path.open("rb") as f:
            raw = f.read(limit + 1)
    except OSError as exc:
        raise ProblemsError(
            [Problem(str(path), 0, 0, f"không đọc được: {os_words(exc)}")]
        ) from None
    if len(raw) > limit:
        raise ProblemsError([Problem(str(path), 0, 0, f"lớn hơn {limit // 2**20} MiB; không đọc")])
    return raw
