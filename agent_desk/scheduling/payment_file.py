"""Reading a payment file: every value checked and bounded at read, the file refused whole when it is no text.

Columns: ``account_number, paid_at, amount`` and optionally ``reference, channel``. A row that cannot be read
becomes a :class:`RowError` with its line number; a file that is not UTF-8 CSV text at all (binary data, another
encoding) raises :class:`PaymentFileError` before any row is looked at. Text echoed in a message is escaped and
cut (:func:`agent_desk.errors.printable.printable`), so a bad cell never writes raw bytes to a terminal.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from agent_desk.errors import DeskError, UsageError
from agent_desk.errors.printable import printable
from agent_desk.text import Message

REQUIRED_COLUMNS = ("account_number", "paid_at", "amount")
OPTIONAL_COLUMNS = ("reference", "channel")
CENT = Decimal("0.01")
# Far inside NUMERIC(18, 2), so that balances moved by a payment stay inside it too.
MAX_AMOUNT = Decimal("999999999999999.99")
EARLIEST_PAYMENT = dt.date(1970, 1, 1)
TEXT_LIMITS = {"account_number": 64, "reference": 128, "channel": 64}
_SNIFF_BYTES = 8192


class PaymentFileError(DeskError):
    """The file as a whole cannot be read as a payment file (exit code 1; nothing is posted)."""


@dataclasses.dataclass(frozen=True)
class PaymentRow:
    """One row of a payment file; ``paid_at`` without an offset is read in the customer's zone."""

    line: int
    account_number: str
    paid_at: dt.datetime | dt.date
    amount: Decimal
    reference: str | None = None
    channel: str | None = None


@dataclasses.dataclass(frozen=True)
class RowError:
    line: int
    message: Message


def read_payments_csv(source: Path | str | io.TextIOBase) -> tuple[list[PaymentRow], list[RowError]]:
    """Parse a payment file. Returns the good rows and, per bad row, its line number and what is wrong.

    Raises:
        UsageError: there is no file at the path, or it is a folder.
        PaymentFileError: the file holds binary data or is not UTF-8 text.
    """
    if isinstance(source, (str, Path)):
        return _read(io.StringIO(_text_of(Path(source)), newline=""))
    return _read(source)


def _text_of(path: Path) -> str:
    if path.is_dir():
        raise UsageError(Message.of("errors.file.folder", path=str(path)))
    if not path.exists():
        raise UsageError(Message.of("payments.error.no_file", path=str(path)))
    data = path.read_bytes()
    if b"\x00" in data[:_SNIFF_BYTES]:
        where = data.index(b"\x00")
        raise PaymentFileError(
            Message.of("errors.file.binary", path=str(path), detail=f"a NUL byte at position {where}")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.object[error.start : min(error.end, error.start + 4)]
        raise PaymentFileError(
            Message.of("errors.file.encoding", path=str(path), bytes=bad.hex(" ").upper(), position=error.start)
        ) from None


def _read(handle: Iterable[str]) -> tuple[list[PaymentRow], list[RowError]]:
    reader = csv.DictReader(handle)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        return [], [RowError(1, Message.of("payments.error.unreadable", line=1, detail=printable(str(error))))]
    header = [name.strip().lower() for name in (fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        return [], [
            RowError(
                1,
                Message.of(
                    "payments.error.columns",
                    missing=", ".join(missing),
                    expected=", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS),
                ),
            )
        ]
    reader.fieldnames = header
    rows: list[PaymentRow] = []
    errors: list[RowError] = []
    records = iter(reader)
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a field larger than the csv module's limit
            line = reader.line_num
            errors.append(RowError(line, Message.of("payments.error.unreadable", line=line, detail=str(error))))
            break
        line = reader.line_num
        if record.get(None):
            extra = len(record[None])
            errors.append(
                RowError(
                    line,
                    Message.of(
                        "payments.error.extra_values", line=line, found=len(header) + extra, expected=len(header)
                    ),
                )
            )
            continue
        values = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(values.values()):
            continue
        problem, row = parse_row(line, values)
        if problem is not None:
            errors.append(RowError(line, problem))
        elif row is not None:
            rows.append(row)
    return rows, errors


def parse_row(line: int, values: dict[str, str]) -> tuple[Message | None, PaymentRow | None]:
    """One row's values (by column name) checked and converted, or what is wrong with them."""
    for column, limit in TEXT_LIMITS.items():
        if len(values.get(column, "")) > limit:
            return Message.of("payments.error.too_long", line=line, column=column, limit=limit), None
    account = values.get("account_number", "")
    if not account:
        return Message.of("payments.error.no_account", line=line), None
    amount_text = values.get("amount", "").replace(" ", "")
    amount, problem = _amount(line, amount_text)
    if problem is not None or amount is None:
        return problem, None
    paid_text = values.get("paid_at", "")
    paid_at: dt.datetime | dt.date
    try:
        paid_at = (
            dt.datetime.fromisoformat(paid_text)
            if ("T" in paid_text or " " in paid_text)
            else dt.date.fromisoformat(paid_text)
        )
    except ValueError:
        return Message.of("payments.error.paid_at", line=line, text=printable(paid_text)), None
    day = paid_at.date() if isinstance(paid_at, dt.datetime) else paid_at
    if day < EARLIEST_PAYMENT:
        message = Message.of(
            "payments.error.paid_at_range", line=line, text=printable(paid_text), earliest=EARLIEST_PAYMENT
        )
        return message, None
    reference = values.get("reference") or None
    if amount < 0 and reference is None:
        return Message.of("payments.error.reversal_reference", line=line), None
    return None, PaymentRow(line, account, paid_at, amount, reference, values.get("channel") or None)


def _amount(line: int, text: str) -> tuple[Decimal | None, Message | None]:
    """The amount of a row: a finite number of whole cents, neither zero nor beyond :data:`MAX_AMOUNT`."""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None, Message.of("payments.error.amount", line=line, text=printable(text))
    if not amount.is_finite() or amount == 0:
        return None, Message.of("payments.error.amount", line=line, text=printable(text))
    if abs(amount) > MAX_AMOUNT:  # checked before quantize, which fails on numbers this large
        return None, Message.of("payments.error.amount_range", line=line, text=printable(text), limit=str(MAX_AMOUNT))
    if amount != amount.quantize(CENT):
        return None, Message.of("payments.error.amount", line=line, text=printable(text))
    return amount, None
