"""What the importer says about a file: row errors, warnings and notices, each with where and what."""

from __future__ import annotations

import dataclasses
import enum
import re

from agent_desk.text import Message


class Severity(enum.StrEnum):
    ERROR = "error"  # the row's account is wrong: it is not imported
    WARNING = "warning"  # imported, with something left out or marked (a number stored as not dialable)
    NOTICE = "notice"  # about the file as a whole (ignored columns)


@dataclasses.dataclass(frozen=True, slots=True)
class Issue:
    row: int | None
    column: str
    value: str
    severity: Severity
    message: Message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def issue(row: int | None, column: str, value: str, severity: Severity, code: str, /, **params: object) -> Issue:
    return Issue(row, column, value[:200], severity, Message.of(code, **params))


@dataclasses.dataclass(frozen=True, slots=True)
class IssueKind:
    """All the issues of one code: how many, and the first (in row order) as the example."""

    code: str
    severity: Severity
    count: int
    first: Issue


_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def printable(text: str) -> str:
    """Text safe to print or to put in a spreadsheet: control, invisible and direction characters shown as escapes
    (``\\x00``, ``\\u202e``), and a leading ``=`` or ``@`` kept from being read as a formula."""
    shown = _UNPRINTABLE.sub(lambda match: _escape(match.group(0)), text)
    return "'" + shown if shown[:1] in ("=", "@") else shown


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
