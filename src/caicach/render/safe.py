"""Text from plan files and logs made safe to print: a terminal must never receive a control
sequence that someone wrote into a task or an evidence string."""

from __future__ import annotations

import re

# C0 controls but newline, DEL, C1 controls (U+009B is a CSI), and the bidirectional overrides
# and isolates that can make a line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    ch = m.group()
    return " " if ch == "\t" else f"\\u{ord(ch):04x}"


def printable(text: str) -> str:
    """`text` with every control character shown as `\\u001b`, tabs as spaces, newlines kept."""
    return _UNSAFE.sub(_visible, text)
