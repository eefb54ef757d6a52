"""Mistakes on the command line, said in Vietnamese: Typer (click) writes them in English, so its
exception is read here and said again, with the command and where to look for help."""

from __future__ import annotations

import re

from typer._click import exceptions as click_errors

# click's wording → ours; the first pattern that matches wins.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rx), vn)
    for rx, vn in (
        (
            r"^Invalid value for (?P<p>.+?): Value error, (?P<m>.*)$",
            "giá trị không hợp lệ cho \\g<p>: \\g<m>",
        ),
        (r"^Invalid value for (?P<p>.+?): (?P<m>.*)$", "giá trị không hợp lệ cho \\g<p>: \\g<m>"),
        (
            r"^No such option: (?P<o>\S+)(?: \(Possible options: (?P<c>.*)\))?$",
            "không có tùy chọn \\g<o>",
        ),
        (
            r"^No such command '(?P<c>[^']*)'\.$",
            "không có lệnh '\\g<c>' (caicach --help liệt kê các lệnh)",
        ),
        (r"^Missing command\.$", "thiếu tên lệnh (caicach --help liệt kê các lệnh)"),
        (r"^Missing argument '(?P<a>[^']*)'\.$", "thiếu đối số \\g<a>"),
        (r"^Missing option '(?P<o>[^']*)'\.$", "thiếu tùy chọn \\g<o>"),
        (r"^Option '(?P<o>[^']*)' requires an argument\.$", "tùy chọn \\g<o> cần một giá trị"),
        (r"^Option '(?P<o>[^']*)' does not take a value\.$", "tùy chọn \\g<o> không nhận giá trị"),
        # older click: "argument"/"arguments"; the click inside typer 0.29: "argument(s)"
        (r"^Got unexpected extra argument(?:s|\(s\))? \((?P<a>.*)\)$", "thừa đối số: \\g<a>"),
    )
)
_INNER: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rx), vn)
    for rx, vn in (
        (r"(?P<v>'[^']*') is not one of (?P<c>.*?)\.?$", "\\g<v> không phải một trong \\g<c>"),
        (r"(?P<v>'[^']*') is not a valid integer(?: range)?\.?", "\\g<v> không phải số nguyên"),
        (r"(?P<v>\S+) is not in the range (?P<r>.*)\.?$", "\\g<v> nằm ngoài khoảng \\g<r>"),
        (r"Input should be greater than or equal to (?P<n>\S+)", "phải lớn hơn hoặc bằng \\g<n>"),
        (r"Input should be less than or equal to (?P<n>\S+)", "phải nhỏ hơn hoặc bằng \\g<n>"),
        (r"Input should be a valid integer.*", "phải là số nguyên"),
    )
)


def message(exc: click_errors.ClickException) -> str:
    """The mistake in Vietnamese, with the command it was made in."""
    text = exc.format_message()
    for rx, vn in _PHRASES:
        if m := rx.match(text):
            text = m.expand(vn)
            possible = m.groupdict().get("c") if rx.pattern.startswith("^No such option") else None
            if possible:
                text += f" (có phải: {possible}?)"
            break
    for rx, vn in _INNER:
        text = rx.sub(vn, text)
    ctx = exc.ctx if isinstance(exc, click_errors.UsageError) else None
    command = ctx.command_path if ctx is not None else "caicach"
    return f"{command}: lỗi: {text}\nXem `{command} --help`."
