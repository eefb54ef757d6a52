"""Every help speaks Vietnamese to the last word: the frame Typer writes (headings, usage line,
brackets, kinds of value, its own options) as well as each command's and option's text."""

from __future__ import annotations

import re

import pytest
import typer

from caicach.cli import frame
from caicach.cli.app import COMMANDS, app, for_args
from tests.conftest import Run

# Every English word Typer and click put in a help, as their sources write them.
ENGLISH_FRAME = re.compile(
    r"\b(Usage|Options|Arguments|Commands|OPTIONS|COMMAND|ARGS|required|default|env var"
    r"|Show this message|Install completion|Show completion|DATE|FILE|DIR|SPEC"
    r"|str|int|float|path|range|paths|source|kind)\b"
)
HEADINGS = {"Tùy chọn:", "Đối số:", "Lệnh:"}
ALL = ["", *COMMANDS]


def _help(run: Run, command: str, flag: str) -> str:
    result = run(*([command] if command else []), flag)
    assert (result.code, result.err) == (0, "")
    return result.out


def _frame(text: str) -> list[str]:
    """What of a help is Typer's: the usage line, headings, the first column of each row and the
    brackets that end a row's help (after two spaces); not the command's own text."""
    words: list[str] = []
    for line in text.splitlines():
        if line.startswith("Cách dùng:") or (line and not line.startswith(" ")):
            words.append(line)
        elif m := re.match(r"^  (-\S.*?|\S+(?: <[^>]*>)?)(?:  |$)", line):
            words.append(m.group(1))
    # a row's brackets end its help, maybe wrapped over lines
    words += re.findall(r"\[[^\[\]]*\]", re.sub(r"\n +", " ", text))
    return words


@pytest.mark.parametrize("command", ALL, ids=[c or "caicach" for c in ALL])
def test_no_english_word_of_the_frame_is_left(
    run: Run, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    out = _help(run, command, "--help")
    assert out.startswith(f"Cách dùng: caicach {command}".rstrip() + " [TÙY CHỌN]")
    for piece in _frame(out):
        assert not ENGLISH_FRAME.search(piece), piece
    headings = {line for line in out.splitlines() if line and not line.startswith((" ", "Cách"))}
    assert headings <= HEADINGS
    assert "  -h, --help" in out
    assert "Hiện hướng dẫn này rồi thoát." in out


@pytest.mark.parametrize("command", ALL, ids=[c or "caicach" for c in ALL])
def test_dash_h_is_the_same_help(run: Run, command: str) -> None:
    assert _help(run, command, "-h") == _help(run, command, "--help")


def test_the_root_help_frames_in_vietnamese(run: Run) -> None:
    lines = _help(run, "", "-h").splitlines()
    assert lines[0] == "Cách dùng: caicach [TÙY CHỌN] LỆNH [ĐỐI SỐ]..."
    assert "Tùy chọn:" in lines
    assert "Lệnh:" in lines
    assert any(line.startswith("  --plans <đường dẫn>  ") for line in lines)
    joined = " ".join(" ".join(lines).split())  # click wraps help at 80 columns
    assert "thì kế hoạch mẫu kèm theo caicach. [biến môi trường: CAICACH_PLANS]" in joined
    assert (
        "--install-completion Cài gợi ý lệnh (phím Tab) cho shell đang dùng; mở lại cửa sổ dòng "
        "lệnh để có hiệu lực." in joined
    )


def test_a_command_help_frames_in_vietnamese(run: Run) -> None:
    lines = _help(run, "progress", "-h").splitlines()
    assert lines[0] == "Cách dùng: caicach progress [TÙY CHỌN] {ID}"
    assert "Đối số:" in lines
    assert any(line.startswith("  ID <chữ>  Mã nhiệm vụ") for line in lines)
    assert "-n, --note <chữ> Đã làm được gì. [bắt buộc]" in " ".join(" ".join(lines).split())
    overdue = " ".join(_help(run, "overdue", "-h").split())
    assert "-f, --format <table|json|csv|csv-excel|csv-raw> Dạng in ra:" in overdue
    assert "(giữ nguyên từng ô). [mặc định: table]" in overdue
    due = _help(run, "due", "-h")
    assert "  --within <số>  " in due
    assert "[mặc định: 14; x>=0]" in due
    assert "Cách dùng: caicach validate [TÙY CHỌN] [TỆP]..." in _help(run, "validate", "-h")
    assert "Cách dùng: caicach init [TÙY CHỌN] {THƯ_MỤC}" in _help(run, "init", "-h")


def test_help_before_the_command_name_is_the_whole_app(run: Run) -> None:
    assert for_args(["-h", "overdue"]) is app
    assert for_args(["--help", "overdue"]) is app
    assert for_args(["overdue", "-h"]) is not app
    assert "Lệnh:" in _help(run, "", "-h")


def _params(command: typer.core.TyperCommand) -> list[tuple[str, str]]:
    return [(p.name or "", getattr(p, "help", None) or "") for p in command.params]


VIETNAMESE_LETTER = re.compile(r"[à-ỹđĐÀ-Ỹ]")


def test_every_command_and_option_is_explained_in_vietnamese() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    explained = [("caicach", group.help or ""), *_params(group)]
    for name, command in group.commands.items():
        assert isinstance(command, typer.core.TyperCommand)
        explained += [
            (name, command.help or ""),
            *[(f"{name} {p}", h) for p, h in _params(command)],
        ]
    english = [
        (name, text)
        for name, text in explained
        if not VIETNAMESE_LETTER.search(frame.help_text(text))
    ]
    # Typer's completion options carry English help that the formatter says in Vietnamese.
    assert english == []


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Ngày xét.  [default: any]", "Ngày xét.  [mặc định: any]"),
        ("Ghi chú.  [required]", "Ghi chú.  [bắt buộc]"),
        ("Số ngày.  [default: 14; x>=0]", "Số ngày.  [mặc định: 14; x>=0]"),
        (
            "Thư mục.  [env var: CAICACH_PLANS; default: plans]",
            "Thư mục.  [biến môi trường: CAICACH_PLANS; mặc định: plans]",
        ),
        ("Năm.  [1990<=x<=2100]", "Năm.  [1990<=x<=2100]"),
        ("Show this message and exit.", "Hiện hướng dẫn này rồi thoát."),
        ("Không có ngoặc.", "Không có ngoặc."),
    ],
)
def test_the_brackets_after_a_help(english: str, vietnamese: str) -> None:
    assert frame.help_text(english) == vietnamese


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("-a, --agency <str>", "-a, --agency <chữ>"),
        ("--year <int range>", "--year <số>"),
        ("-o, --output <path>", "-o, --output <đường dẫn>"),
        ("paths... <list[Path]>", "TỆP... <đường dẫn…>"),
        ("--role <lead|co|any>", "--role <lead|co|any>"),
        ("--source <str>", "--source <chữ>"),  # an option's name is never translated
        ("DIR <path>", "THƯ_MỤC <đường dẫn>"),
    ],
)
def test_the_first_column_of_a_row(english: str, vietnamese: str) -> None:
    assert frame.term(english) == vietnamese


def test_the_usage_line_words() -> None:
    assert frame.usage_args("[OPTIONS] COMMAND [ARGS]...") == "[TÙY CHỌN] LỆNH [ĐỐI SỐ]..."
    assert frame.usage_args("[OPTIONS] {source}") == "[TÙY CHỌN] {VĂN_BẢN}"
    assert frame.usage_args("[OPTIONS] [kind]") == "[TÙY CHỌN] [LOẠI]"
