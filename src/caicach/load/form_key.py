"""The secret the tracking office signs its report forms with (HMAC-SHA256). It lives outside
the repository's history: in a file of a folder that ignores itself in git (`plans/.caicach-keys/
forms.key`, made by `init` or by the first `forms`), or in the environment variable
CAICACH_FORM_KEY (CI). Never in a form: a form names its key by an id that says nothing of it.
Rotating puts a new key first and keeps the older ones, so forms already sent still read back."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from caicach.errors import Problem, ProblemsError, UsageError
from caicach.load.files import read_regular

ENV = "CAICACH_FORM_KEY"
FOLDER = ".caicach-keys"
FILE = "forms.key"
MIN_ENV = 32  # characters of a key given in the environment: less is guessable
_HEADER = (
    "# Khoá ký phiếu báo cáo của caicach (HMAC-SHA256). Giữ bí mật, không đưa vào git; giữ một\n"
    "# bản sao an toàn: mất khoá thì phiếu đã gửi không đọc lại được. Dòng đầu là khoá đang\n"
    "# dùng; các dòng sau là khoá cũ, còn đọc được phiếu ký bằng chúng (xoá dòng để thôi nhận).\n"
)


@dataclass(frozen=True)
class Key:
    id: str  # what a form names: a fingerprint of the secret, not the secret
    secret: bytes
    origin: str  # the file or the variable, for messages


def key_id(secret: bytes) -> str:
    return hashlib.sha256(b"caicach form key id\0" + secret).hexdigest()[:12]


def key_path(plans: Path) -> Path:
    return plans / FOLDER / FILE


def keys(plans: Path) -> list[Key]:
    """Every key a form may be signed with: the environment's first, then the file's, newest
    first. Empty when there is none."""
    found = []
    if env := _env_key():
        found.append(env)
    path = key_path(plans)
    if path.is_file():
        found.extend(_file_keys(path))
    return found


def signing_key(plans: Path) -> tuple[Key, Path | None]:
    """The key new forms are signed with, and the file made for it when there was none."""
    if env := _env_key():
        return env, None
    path = key_path(plans)
    if path.is_file():
        found = _file_keys(path)
        if found:
            return found[0], None
    return _write(path, [secrets.token_hex(32)]), path


def rotate(plans: Path) -> tuple[Key, int]:
    """A new key first in the file; returns it and how many older keys still read forms."""
    if os.environ.get(ENV):
        raise UsageError(
            f"khoá ký phiếu đang lấy từ biến môi trường {ENV}: đổi giá trị của biến đó (và giữ "
            "giá trị cũ trong tệp khoá nếu còn phiếu cũ chưa nhận lại)"
        )
    path = key_path(plans)
    old = [k.secret.decode("ascii") for k in _file_keys(path)] if path.is_file() else []
    return _write(path, [secrets.token_hex(32), *old]), len(old)


def _env_key() -> Key | None:
    text = os.environ.get(ENV, "")
    if not text:
        return None
    if len(text) < MIN_ENV:
        raise UsageError(f"{ENV} quá ngắn ({len(text)} ký tự): khoá cần ít nhất {MIN_ENV} ký tự")
    secret = text.encode("utf-8")
    return Key(key_id(secret), secret, ENV)


def _file_keys(path: Path) -> list[Key]:
    raw = read_regular(path, 2**16)
    found = []
    for n, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if len(text) < 32 or any(c not in "0123456789abcdef" for c in text):
            said = "không phải khoá (mỗi dòng một khoá: 64 chữ số hex); sửa hoặc xoá dòng này"
            raise ProblemsError([Problem(str(path), n, 1, said)])
        secret = text.encode("ascii")
        found.append(Key(key_id(secret), secret, str(path)))
    return found


def _write(path: Path, lines: list[str]) -> Key:
    """The key file, readable by its owner only, in a folder that git ignores whole."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# khoá ký phiếu: không bao giờ đưa vào git\n*\n", encoding="utf-8")
    fresh = path.with_name(f".{path.name}.new")
    fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(_HEADER + "".join(f"{line}\n" for line in lines))
    os.replace(fresh, path)
    secret = lines[0].encode("ascii")
    return Key(key_id(secret), secret, str(path))
