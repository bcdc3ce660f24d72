"""The first rows of a file as the mapping reads them: a look before anything runs (the wizard's preview page)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from agent_desk.importer.issues import Issue, Severity, issue
from agent_desk.importer.sources import SourceError, SourceInfo, open_source
from agent_desk.importer.spec import ImportMapping
from agent_desk.importer.transform import compile_mapping
from agent_desk.importer.values import is_blank
from agent_desk.text import Message


@dataclasses.dataclass(frozen=True)
class PreviewRow:
    row: int
    account_number: str | None
    customer_number: str | None
    full_name: str | None
    product: str | None
    currency: str
    outstanding: Decimal | None
    arrears: Decimal | None
    days_past_due: int | None
    timezone: str | None
    numbers: tuple[str, ...]  # as written, "(not dialable)" marked by the caller from ``dialable``
    dialable: tuple[bool, ...]
    bills: int
    payments: int
    instructions: int
    issues: tuple[Issue, ...]

    @property
    def has_errors(self) -> bool:
        return any(item.is_error for item in self.issues)


@dataclasses.dataclass(frozen=True)
class Preview:
    info: SourceInfo | None
    problem: Message | None  # why the file cannot be imported as mapped (missing columns…); None when it can
    notices: tuple[Issue, ...]
    rows: tuple[PreviewRow, ...]


def preview_file(path: Path, mapping: ImportMapping, *, rows: int = 20, now: dt.datetime | None = None) -> Preview:
    """Read the header and the first ``rows`` non-blank rows of ``path`` through ``mapping``."""
    moment = now or dt.datetime.now(dt.UTC)
    today = moment.astimezone(ZoneInfo(mapping.formats.timezone)).date()
    try:
        source = open_source(path, mapping.source)
    except SourceError as error:
        return Preview(None, error.message, (), ())
    info = source.info
    check, reader = compile_mapping(mapping, info.header, fingerprint=info.fingerprint, today=today)
    notices: list[Issue] = []
    if check.ignored:
        notices.append(issue(None, "", "", Severity.NOTICE, "import.columns.ignored", columns=", ".join(check.ignored)))
    for column, target in check.optional_missing:
        notices.append(
            issue(None, column, "", Severity.NOTICE, "import.columns.optional_missing", column=column, field=target)
        )
    if reader is None:
        if check.ambiguous:
            problem = Message.of("import.columns.ambiguous", columns=", ".join(check.ambiguous))
        else:
            missing = ", ".join(f"{column} ({target})" for column, target in check.missing)
            problem = Message.of("import.columns.missing", columns=missing, file=path.name)
        return Preview(info, problem, tuple(notices), ())
    shown: list[PreviewRow] = []
    formats = mapping.formats
    try:
        for source_row in source.rows():
            if all(is_blank(cell) for cell in source_row.cells):
                continue
            record = reader.read_row(source_row, info)
            account, customer = record.account, record.customer
            shown.append(
                PreviewRow(
                    row=record.row,
                    account_number=record.account_number,
                    customer_number=record.customer_number,
                    full_name=customer.get("full_name"),
                    product=account.get("product"),
                    currency=account.get("currency") or formats.currency,
                    outstanding=account.get("outstanding"),
                    arrears=account.get("arrears"),
                    days_past_due=account.get("days_past_due"),
                    timezone=customer.get("timezone"),
                    numbers=tuple(contact.raw_value for contact in record.contacts),
                    dialable=tuple(contact.e164 is not None for contact in record.contacts),
                    bills=len(record.installments),
                    payments=len(record.payments),
                    instructions=len(record.instructions),
                    issues=tuple(record.issues),
                )
            )
            if len(shown) >= rows:
                break
    except SourceError as error:
        return Preview(info, error.message, tuple(notices), tuple(shown))
    return Preview(info, None, tuple(notices), tuple(shown))
