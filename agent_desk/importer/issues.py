"""What the importer says about a file: row errors, warnings and notices, each with where and what."""

from __future__ import annotations

import dataclasses
import enum

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
