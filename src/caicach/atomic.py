"""Writing a file so that a crash leaves either the old file or the new one, never half of it,
and only inside the folder the command was given. The one way caicach writes a file: logs,
imported plans, workbooks, notices, forms, the site and `init` all go through here.

A folder given (`site -o site`, the folder of `report -o out/bc.xlsx`) is taken as it is, a link
the user made to it included; inside it nothing is followed: a sub-folder or a file that is a
symbolic link (planted there, or left by another tool) is refused with its name, and nothing is
written through it. Each folder on the way is opened without following links and the file is
created relative to the opened folder; just before the rename the folder's path is checked to
lead still to that folder, and the name it replaces still no link."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePath

from caicach.errors import CaicachError, UsageError, os_words

_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_BY_FOLDER = os.open in os.supports_dir_fd and bool(_NOFOLLOW)
_LINK = "là liên kết tượng trưng; caicach không ghi qua liên kết (xoá nó hoặc chọn chỗ khác)"


def default_mode() -> int:
    """What a new file gets from the user's umask (mkstemp's 0600 would hide it from colleagues)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def writable_target(path: Path) -> Path:
    """Where a log named `path` is appended to: through a symbolic link to the file it names (a
    log kept in a shared place on purpose), and never onto a device, a FIFO or a folder."""
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise UsageError(f"{path}: không phải tệp thường (thiết bị, FIFO hay thư mục); chưa ghi gì")
    return target


def _parts(relative: str | PurePath) -> list[str]:
    parts = PurePath(relative).parts
    if not parts or PurePath(relative).is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a path inside a folder: {relative!r}")
    return list(parts)


@contextlib.contextmanager
def _folder_fd(root: Path, parts: Sequence[str], *, make: bool) -> Iterator[int | None]:
    """A descriptor of the folder `root/parts…`, each part opened without following a link
    (made when `make`); None where folders cannot be opened so (then each part is checked by
    path)."""
    if not _BY_FOLDER:
        where = root
        for name in parts:
            where = where / name
            if where.is_symlink():
                raise UsageError(f"{where}: {_LINK}; chưa ghi gì")
            if make:
                where.mkdir(exist_ok=True)
        yield None
        return
    fd = _open_folder(root, parts, make=make)
    try:
        yield fd
    finally:
        os.close(fd)


def _open_folder(root: Path, parts: Sequence[str], *, make: bool) -> int:
    """`_folder_fd`'s descriptor, for the caller to close."""
    where = root
    try:
        fd = os.open(root, os.O_RDONLY | _DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise CaicachError(f"{root}: không có thư mục này; chưa ghi gì") from None
    except NotADirectoryError:
        raise UsageError(f"{root}: không phải thư mục; chưa ghi gì") from None
    try:
        for name in parts:
            where = where / name
            if make:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o777, dir_fd=fd)
            try:
                inner = os.open(
                    name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | os.O_CLOEXEC, dir_fd=fd
                )
            except OSError as exc:
                _refuse_folder(where, exc, fd, name)
                raise
            os.close(fd)
            fd = inner
    except BaseException:
        os.close(fd)
        raise
    return fd


def _refuse_folder(where: Path, exc: OSError, parent: int, name: str) -> None:
    """The user's words for a part of the way that is not a folder to write into."""
    with contextlib.suppress(OSError):
        if stat.S_ISLNK(os.lstat(name, dir_fd=parent).st_mode):
            raise UsageError(f"{where}: {_LINK}; chưa ghi gì") from None
    if isinstance(exc, NotADirectoryError):
        raise UsageError(f"{where}: không phải thư mục; chưa ghi gì") from None
    if isinstance(exc, FileNotFoundError):
        raise CaicachError(f"{where}: không có thư mục này; chưa ghi gì") from None


def _existing(path: Path, name: str, fd: int | None) -> os.stat_result | None:
    """What `name` is now, refused when it is a link, a device, a FIFO or a folder."""
    try:
        st = os.lstat(name, dir_fd=fd) if fd is not None else os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise UsageError(f"{path}: {_LINK}; chưa ghi gì")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{path}: không phải tệp thường (thiết bị, FIFO hay thư mục); chưa ghi gì")
    return st


def _create(folder: Path, tmp: str, fd: int | None) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC | _BINARY
    try:
        return os.open(tmp if fd is not None else folder / tmp, flags, 0o600, dir_fd=fd)
    except OSError as exc:  # a read-only folder, a read-only disk: say which folder
        raise CaicachError(
            f"{folder}: không ghi được vào thư mục này ({os_words(exc)}); chưa ghi gì"
        ) from None


def _still_there(folder: Path, fd: int | None, path: Path, name: str) -> None:
    """Just before the rename: the folder's real path is still the folder opened, and the name
    replaced is still no link (a link swapped in meanwhile is refused, not followed)."""
    if fd is not None:  # stat follows every link on the way, as the real path would
        here, opened = os.stat(folder), os.fstat(fd)
        if (here.st_dev, here.st_ino) != (opened.st_dev, opened.st_ino):
            raise UsageError(f"{folder}: thư mục vừa bị thay bằng thư mục khác; chưa ghi gì")
    _existing(path, name, fd)


def write_inside(
    root: Path, relative: str | PurePath, data: bytes, *, make: bool = True, durable: bool = True
) -> Path:
    """`data` as the file `root/relative`, replaced whole (keeping the mode of the file it
    replaces), the folders on the way made when `make`; nothing followed inside `root`. Not
    `durable`: the file and the rename are not forced to the disk (a reader still never sees a
    half-written file), for what is made again from the plans at each run."""
    *parents, name = _parts(relative)
    with _folder_fd(root, parents, make=make) as fd:
        written = _write_in(root.joinpath(*parents), name, fd, data, durable)
        assert written is not None  # only a file kept as it was (`keep_same`) gives None
        return written


def _write_in(
    folder: Path, name: str, fd: int | None, data: bytes, durable: bool, keep_same: bool = False
) -> Path | None:
    """`write_inside`, the folder opened (`fd`; None: checked by path). With `keep_same`, a file
    that already holds exactly `data` is left as it is (None is returned)."""
    path = os.path.join(folder, name)  # strings: pathlib's parsing was a tenth of a site's time
    target = Path(path)
    before = _existing(target, name, fd)
    if keep_same and before is not None and _holds(before, path, name, fd, data):
        return None
    tmp = f".{name}.{secrets.token_hex(4)}.tmp"
    out = _create(folder, tmp, fd)
    # Once the folder is open, the temporary file is named relative to it, never by a path
    # that a folder swapped for a link meanwhile would lead elsewhere.
    temporary = tmp if fd is not None else os.path.join(folder, tmp)
    try:
        with os.fdopen(out, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
            mode = before.st_mode & 0o777 if before is not None else default_mode()
            if fd is not None:
                os.fchmod(f.fileno(), mode)
            else:
                os.chmod(temporary, mode)
        _still_there(folder, fd, target, name)
        os.replace(temporary, name if fd is not None else path, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary, dir_fd=fd)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        if fd is not None and durable:
            os.fsync(fd)
    return target


def _holds(st: os.stat_result, path: str, name: str, fd: int | None, data: bytes) -> bool:
    """Whether the regular file `name` (as `st` found it) holds exactly `data`: read without
    following a link, and only when its size is that of `data`."""
    if st.st_size != len(data):
        return False
    try:
        found = os.open(
            name if fd is not None else path,
            os.O_RDONLY | _NOFOLLOW | os.O_CLOEXEC | _BINARY,
            dir_fd=fd,
        )
    except OSError:  # unreadable, or swapped meanwhile: written again, as any other
        return False
    with os.fdopen(found, "rb") as f:
        now = os.fstat(f.fileno())
        if (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
            return False
        return f.read(len(data) + 1) == data


def write_atomically(path: Path, text: str) -> None:
    """`text` (UTF-8, line endings as given) as the file `path`, in the folder it names."""
    write_inside(path.parent, path.name, text.encode("utf-8"), make=False)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    write_inside(path.parent, path.name, data, make=False)


class Within:
    """A folder a command writes many files into (the site, `init`'s repository, a batch of
    forms): made if missing; each file goes inside it and nowhere else."""

    def __init__(self, root: Path, *, durable: bool = True, keep_same: bool = False) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.durable = durable  # see write_inside
        # With `keep_same`, a file that already holds what would be written is left untouched
        # (its time too, so a copy to a web server takes only what changed); `kept` counts them.
        self.keep_same = keep_same
        self.kept = 0
        # In a `with` block, each folder written into is opened once (without following a
        # link, as `write_inside` opens it) and kept open: 10,000 pages in three folders were
        # 40,000 opens. Its files still go only into the folders so opened.
        self._open: dict[tuple[str, ...], int] | None = None

    def __enter__(self) -> Within:
        self._open = {}
        return self

    def __exit__(self, *exc: object) -> None:
        kept, self._open = self._open or {}, None
        for fd in kept.values():
            os.close(fd)

    def write_bytes(self, relative: str | PurePath, data: bytes) -> Path:
        *parents, name = _parts(relative)
        folder = self.root.joinpath(*parents)
        if self._open is None or not _BY_FOLDER:
            with _folder_fd(self.root, parents, make=True) as fd:
                written = _write_in(folder, name, fd, data, self.durable, self.keep_same)
        else:
            fd = self._open.get(key := tuple(parents))
            if fd is None:
                fd = self._open[key] = _open_folder(self.root, parents, make=True)
            written = _write_in(folder, name, fd, data, self.durable, self.keep_same)
        if written is None:
            self.kept += 1
            return folder / name
        return written

    def write_text(self, relative: str | PurePath, text: str) -> Path:
        return self.write_bytes(relative, text.encode("utf-8"))
