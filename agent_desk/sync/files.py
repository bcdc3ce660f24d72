"""Delta files: JSON Lines (one change object per line) or CSV (a ``type`` column and one column per field)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.sources import SourceError, SourceSettings, open_source
from agent_desk.importer.values import clean_text
from agent_desk.text import Message

FORMATS = ("auto", "jsonl", "csv")
MAX_LINE = 1 << 20  # one change is small; a longer line is a broken file, not a change

Raw = tuple[int, dict[str, Any]]


class SyncFileError(Exception):
    """The delta file cannot be read as a whole (missing, not text, no header); nothing was written."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


def detect_format(path: Path | None, wanted: str) -> str:
    if wanted != "auto":
        return wanted
    if path is not None and path.suffix.lower() == ".csv":
        return "csv"
    return "jsonl"


def read_changes(path: Path, wanted: str = "auto") -> tuple[list[Raw], list[Issue]]:
    """The changes of a delta file with their line numbers, and the lines that could not be read."""
    if not path.is_file():
        raise SyncFileError(Message.of("sync.file.missing", path=str(path)))
    if detect_format(path, wanted) == "csv":
        return _read_csv(path)
    with path.open("rb") as handle:
        return read_json_lines(handle, path.name)


def read_json_lines(handle: IO[bytes], name: str) -> tuple[list[Raw], list[Issue]]:
    """JSON Lines from a binary stream (a file, or standard input for a message consumer)."""
    changes: list[Raw] = []
    problems: list[Issue] = []
    for number, line in _lines(handle, name):
        text = line.strip()
        if not text:
            continue
        try:
            value = json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_no_constant)
        except ValueError as error:
            problems.append(issue(number, "", text[:80], Severity.ERROR, "sync.file.bad_json", detail=str(error)))
            continue
        if not isinstance(value, dict):
            problems.append(issue(number, "", text[:80], Severity.ERROR, "sync.file.not_object"))
            continue
        changes.append((number, value))
    return changes, problems


def _lines(handle: IO[bytes], name: str) -> Iterator[tuple[int, str]]:
    number = 0
    while raw := handle.readline(MAX_LINE + 1):
        number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            raise SyncFileError(Message.of("sync.file.line_too_long", path=name, line=number, limit=MAX_LINE))
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise SyncFileError(Message.of("sync.file.not_utf8", path=name, line=number, detail=str(error))) from error


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _read_csv(path: Path) -> tuple[list[Raw], list[Issue]]:
    try:
        source = open_source(path, SourceSettings(format="csv"))
    except SourceError as error:
        raise SyncFileError(error.message) from error
    header = source.info.header
    if "type" not in header:
        raise SyncFileError(Message.of("sync.file.no_type_column", path=path.name))
    changes: list[Raw] = []
    problems: list[Issue] = []
    try:
        for row in source.rows():
            cells = row.cells
            if all(not clean_text(cell) for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    issue(
                        row.number,
                        "",
                        "",
                        Severity.ERROR,
                        "sync.file.field_count",
                        found=len(cells),
                        expected=len(header),
                    )
                )
                continue
            changes.append((row.number, {name: cell for name, cell in zip(header, cells, strict=True) if cell != ""}))
    except SourceError as error:
        raise SyncFileError(error.message) from error
    return changes, problems
