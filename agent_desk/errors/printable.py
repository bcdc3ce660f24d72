"""Text from a file, made safe to echo: control characters escaped, length bounded."""

from __future__ import annotations

import unicodedata

ECHO_LIMIT = 40


def printable(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` as it may be printed to a terminal or a report: control and format characters (escape
    sequences, NULs, bidi overrides) written as ``\\x1b``-style escapes, cut to ``limit`` characters with "…"."""
    out: list[str] = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and char not in "\t":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    joined = "".join(out)
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"
