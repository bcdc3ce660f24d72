"""Core-system files read row by row: CSV (any delimiter; UTF-8 with or without BOM, UTF-16, Windows-1252) and XLSX.

A :class:`Source` reads its header once when opened and can then stream its rows as many times as asked (the
importer reads a file twice: once to check it, once to write it). Nothing is held in memory but the current row.
Cells are text for CSV; XLSX cells keep their type (a date stays a date, a number becomes a ``Decimal`` — never a
float). Row numbers are the ones a spreadsheet shows: the header row is ``header_row`` (1 by default).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import io
from collections.abc import Generator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from agent_desk.text import Message

Cell = str | Decimal | dt.datetime | dt.date | None
DELIMITERS = (",", ";", "\t", "|")
CHUNK = 1 << 20
_CP1252_FALLBACK = "agent_desk_cp1252"


def _undefined_cp1252(error: UnicodeError) -> tuple[str, int]:
    # Five bytes have no Windows-1252 character; keep them as their Latin-1 twins rather than lose them.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_CP1252_FALLBACK, _undefined_cp1252)


class SourceError(Exception):
    """The file cannot be read (missing, empty, broken, wrong encoding). Nothing has been written."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class SourceSettings:
    """How to read the file: the mapping's ``[source]`` table."""

    format: str = "auto"  # auto | csv | xlsx
    encoding: str = "auto"
    delimiter: str = "auto"
    header_row: int = 1
    sheet: str | None = None
    require_final_newline: bool = True  # a text file whose last line has no line end is taken as cut short


@dataclasses.dataclass(frozen=True)
class SourceRow:
    number: int
    cells: tuple[Cell, ...]
    last: bool = False  # the file's last row (CSV)


@dataclasses.dataclass(frozen=True)
class SourceInfo:
    path: Path
    format: str
    size: int
    fingerprint: str  # SHA-256 of the file's bytes, hex
    header: tuple[str, ...]
    header_row: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    final_newline: bool = True  # False: the text ends without a line end — its last row may have been cut


class Source(Protocol):
    info: SourceInfo

    def rows(self) -> Iterator[SourceRow]:
        """The data rows after the header, from the start of the file each time."""
        ...

    def fraction(self) -> float:
        """How far the current pass over the rows has got, 0–1 (for progress bars)."""
        ...


def open_source(path: Path, settings: SourceSettings | None = None) -> Source:
    """Open ``path`` and read its header; raises :class:`SourceError` with a plain reason."""
    settings = settings or SourceSettings()
    if not path.is_file():
        raise SourceError(Message.of("import.source.missing", path=str(path)))
    kind = settings.format if settings.format != "auto" else _guess_format(path)
    if kind == "xlsx":
        return XlsxSource(path, settings)
    return CsvSource(path, settings)


def file_fingerprint(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of the file's bytes."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _guess_format(path: Path) -> str:
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        magic = handle.read(8)
    if suffix == ".xls" or magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(Message.of("import.source.xls", path=path.name))
    if suffix in (".xlsx", ".xlsm") or magic.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "csv"


def _scan(path: Path) -> tuple[str, int, bool, bytes]:
    """Fingerprint, size, whether the bytes are valid UTF-8, and the last bytes, in one streaming pass."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    utf8 = True
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            tail = (tail + chunk)[-4:]
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return digest.hexdigest(), size, utf8, tail


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


class CsvSource:
    """A delimited text file."""

    def __init__(self, path: Path, settings: SourceSettings) -> None:
        self._path = path
        self._settings = settings
        fingerprint, size, utf8, tail = _scan(path)
        if size == 0:
            raise SourceError(Message.of("import.source.empty", path=path.name))
        self._encoding, self._errors = self._choose_encoding(utf8)
        self._delimiter = settings.delimiter if settings.delimiter != "auto" else self._sniff_delimiter()
        self._position = 0
        self._size = size
        header = self._read_header()
        self.info = SourceInfo(
            path=path,
            format="csv",
            size=size,
            fingerprint=fingerprint,
            header=header,
            header_row=settings.header_row,
            encoding=self._encoding,
            delimiter=self._delimiter,
            final_newline=tail.rstrip(b"\x00").endswith((b"\n", b"\r")),
        )

    def _choose_encoding(self, utf8: bool) -> tuple[str, str]:
        wanted = self._settings.encoding.lower()
        with self._path.open("rb") as handle:
            head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and wanted in ("auto", "utf-16"):
            return "utf-16", "strict"
        if wanted == "auto":
            if head.startswith(codecs.BOM_UTF8) or utf8:
                return "utf-8-sig", "strict"  # utf-8-sig also reads files without a BOM
            wanted = "cp1252"
        if codecs.lookup(wanted).name in ("utf-8", "utf-8-sig"):
            return "utf-8-sig", "strict"
        if codecs.lookup(wanted).name == "cp1252":
            return "cp1252", _CP1252_FALLBACK
        return wanted, "strict"

    def _text(self, raw: io.BufferedReader) -> io.TextIOWrapper:
        return io.TextIOWrapper(raw, encoding=self._encoding, errors=self._errors, newline="")

    def _sniff_delimiter(self) -> str:
        with self._path.open("rb") as raw, self._text(raw) as text:
            try:
                lines = [text.readline() for _ in range(self._settings.header_row)]
            except UnicodeDecodeError as error:
                raise self._encoding_error(error) from error
        header_line = lines[-1] if lines else ""
        counts = {delimiter: _count_outside_quotes(header_line, delimiter) for delimiter in DELIMITERS}
        best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
        return best if counts[best] > 0 else ","

    def _encoding_error(self, error: UnicodeDecodeError) -> SourceError:
        return SourceError(
            Message.of("import.source.encoding", path=self._path.name, encoding=self._encoding, detail=str(error))
        )

    def _records(self) -> Generator[tuple[int, list[str]], None, None]:
        with self._path.open("rb") as raw, self._text(raw) as text:
            reader = csv.reader(text, delimiter=self._delimiter)
            number = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as error:
                    raise self._encoding_error(error) from error
                except csv.Error as error:
                    raise SourceError(
                        Message.of("import.source.unreadable", path=self._path.name, row=number + 1, detail=str(error))
                    ) from error
                number += 1
                self._position = raw.tell()
                yield number, record

    def _read_header(self) -> tuple[str, ...]:
        with contextlib.closing(self._records()) as records:
            for number, record in records:
                if number == self._settings.header_row:
                    return tuple(name.strip().lstrip("\ufeff").strip() for name in record)
        raise SourceError(Message.of("import.source.no_header", path=self._path.name, row=self._settings.header_row))

    def rows(self) -> Iterator[SourceRow]:
        self._position = 0
        header_row = self._settings.header_row
        waiting: SourceRow | None = None  # one row behind, so the last one can say it is the last
        for number, record in self._records():
            if number > header_row:
                if waiting is not None:
                    yield waiting
                waiting = SourceRow(number, tuple(record))
        if waiting is not None:
            yield SourceRow(waiting.number, waiting.cells, last=True)
        self._position = self._size

    def fraction(self) -> float:
        return min(1.0, self._position / self._size) if self._size else 1.0


def xlsx_cell(value: Any) -> Cell:
    """An XLSX cell as the importer sees it: floats become exact decimals of their shortest repr."""
    if value is None or isinstance(value, str | dt.date | Decimal):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return str(value)  # a time of day, or an error cell


class XlsxSource:
    """An Excel workbook, read with openpyxl in read-only (streaming) mode."""

    def __init__(self, path: Path, settings: SourceSettings) -> None:
        self._path = path
        self._settings = settings
        self._done = 0
        self._total = 0
        fingerprint, size = file_fingerprint(path)
        header: tuple[str, ...] | None = None
        sheet_name = ""
        with contextlib.closing(self._sheet_rows()) as rows:
            for number, values, title in rows:
                sheet_name = title
                if number == settings.header_row:
                    header = tuple("" if value is None else str(value).strip() for value in values)
                    break
        if header is None:
            raise SourceError(Message.of("import.source.no_header", path=path.name, row=settings.header_row))
        self.info = SourceInfo(
            path=path,
            format="xlsx",
            size=size,
            fingerprint=fingerprint,
            header=header,
            header_row=settings.header_row,
            sheet=sheet_name,
        )

    def _sheet_rows(self) -> Generator[tuple[int, tuple[Any, ...], str], None, None]:
        import zipfile

        import openpyxl

        try:
            workbook = openpyxl.load_workbook(self._path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise SourceError(Message.of("import.source.not_xlsx", path=self._path.name, detail=str(error))) from error
        try:
            wanted = self._settings.sheet
            if wanted is not None and wanted not in workbook.sheetnames:
                raise SourceError(
                    Message.of("import.source.sheet", sheet=wanted, sheets=", ".join(workbook.sheetnames))
                )
            sheet = workbook[wanted] if wanted is not None else workbook.worksheets[0]
            self._total = int(sheet.max_row or 0)
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                self._done = number
                yield number, tuple(values), str(sheet.title)
        finally:
            workbook.close()

    def rows(self) -> Iterator[SourceRow]:
        self._done = 0
        header_row = self._settings.header_row
        for number, values, _ in self._sheet_rows():
            if number > header_row:
                yield SourceRow(number, tuple(xlsx_cell(value) for value in values))
        self._done = self._total

    def fraction(self) -> float:
        return min(1.0, self._done / self._total) if self._total else 0.0
