"""Control characters in text input: refused, with the field named.

A NUL is a 500 on PostgreSQL (its text type cannot hold one) and is stored as-is on SQLite;
other control characters smuggle line breaks and terminal escapes into names, logs and paths.
No text field needs them, with two exceptions: multi-line text (a CSV body) carries tabs and
line breaks, and a password is an opaque secret that only may not hold a NUL (C libraries end
the string there).
"""

from __future__ import annotations

import re
from enum import Enum

from .errors import BadRequest


class TextKind(Enum):
    """What a text field may carry."""

    PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # every C0 and C1 control, and DEL
    MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab, LF and CR allowed
    SECRET = re.compile(r"\x00")


def check_text(field: str, value: str, kind: TextKind = TextKind.PLAIN) -> None:
    """``BadRequest`` naming ``field`` (never echoing the value) when ``value`` holds a
    control character that ``kind`` does not allow."""
    found = kind.value.search(value)
    if found is not None:
        raise BadRequest(
            f"{field} contains a control character (U+{ord(found.group()):04X} at position "
            f"{found.start()}), which is not allowed."
        )
