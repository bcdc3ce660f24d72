"""The mapping file (TOML): which column of the core-system file feeds which field, and how values are written.

See ``docs/IMPORT.md`` for the format with full examples. :func:`load_mapping` checks the whole file up front — unknown
tables, fields or options, values a map may produce, date formats — so a mistake is reported before any row is read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from agent_desk.importer.expr_functions import Value
from agent_desk.importer.fields import (
    ACCOUNT_FIELDS,
    ATTRIBUTE_TYPES,
    CONTACT_FIELDS,
    CUSTOMER_FIELDS,
    INSTALLMENT_FIELDS,
    INSTRUCTION_FIELDS,
    PAYMENT_FIELDS,
    FieldType,
)
from agent_desk.importer.mapping_fields import (
    Context,
    expand,
    flag,
    format_list,
    only,
    parse_fields,
    parse_spec,
    thousands_option,
)
from agent_desk.importer.mapping_parts import (
    MAX_PERIODS,
    NAME,
    parse_for,
    parse_lets,
    parse_status_tables,
    parse_tables,
    periods_of,
)
from agent_desk.importer.mapping_parts import error as _error
from agent_desk.importer.sources import SourceSettings
from agent_desk.importer.spec import Fields, Formats, Group, ImportMapping, MappingError
from agent_desk.importer.values import decimal_of, valid_zone
from agent_desk.importer.zones import default_zones, zone_key
from agent_desk.text import Message

GRAINS = ("account", "payment")
TOP_LEVEL = {
    "name",
    "description",
    "anonymised",
    "source",
    "format",
    "zones",
    "let",
    "tables",
    "status_tables",
    "customer",
    "attributes",
    "account",
    "contacts",
    "payment_instructions",
    "installments",
    "payments",
}


def load_mapping(path: Path) -> ImportMapping:
    """Read and check a mapping file; raises :class:`MappingError` with a plain reason."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise MappingError(Message.of("import.mapping.unreadable", path=str(path), detail=str(error))) from error
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MappingError(Message.of("import.mapping.syntax", path=path.name, detail=str(error))) from error
    return parse_mapping(data, name=path.stem, fingerprint=hashlib.sha256(raw).hexdigest())


def parse_mapping(data: dict[str, Any], *, name: str = "mapping", fingerprint: str = "") -> ImportMapping:
    only(data, "", TOP_LEVEL)
    source_table = _table(data, "source")
    only(
        source_table,
        "source",
        {"format", "encoding", "delimiter", "header_row", "sheet", "grain", "require_final_newline"},
    )
    source = _source(source_table)
    grain = str(source_table.get("grain", "account"))
    if grain not in GRAINS:
        raise _error("import.mapping.bad_option", where="source.grain", value=grain, expected=", ".join(GRAINS))
    formats = _formats(_table(data, "format"))
    zones = dict(default_zones(formats.country))
    for label, zone in _table(data, "zones").items():
        if not isinstance(zone, str) or not valid_zone(zone):
            raise _error("import.mapping.bad_zone", where=f"zones.{label}", value=zone)
        zones[zone_key(label)] = zone
    tables = parse_tables(data.get("tables", {}))
    lets = parse_lets(data.get("let", {}), tables)
    context = Context(tuple(lets), tables, parse_status_tables(data.get("status_tables", {})))
    customer = parse_fields(_table(data, "customer"), "customer", CUSTOMER_FIELDS, context)
    account = parse_fields(_table(data, "account"), "account", ACCOUNT_FIELDS, context)
    groups = {
        key: tuple(_group(entry, f"{key}[{index + 1}]", kinds, context) for index, entry in enumerate(_list(data, key)))
        for key, kinds in (
            ("contacts", CONTACT_FIELDS),
            ("payment_instructions", INSTRUCTION_FIELDS),
            ("installments", INSTALLMENT_FIELDS),
            ("payments", PAYMENT_FIELDS),
        )
    }
    mapping = ImportMapping(
        name=str(data.get("name", name)),
        description=str(data.get("description", "")),
        fingerprint=fingerprint,
        source=source,
        grain=grain,
        formats=formats,
        customer=customer,
        account=account,
        contacts=groups["contacts"],
        instructions=groups["payment_instructions"],
        installments=groups["installments"],
        payments=groups["payments"],
        zones=zones,
        lets=lets,
        tables=tables,
        status_tables=context.status_tables,
        attributes=_attributes(_table(data, "attributes"), context),
        anonymised=bool(flag(data, "anonymised", "anonymised", default=False)),
    )
    _check_required(mapping)
    return mapping


def _attributes(table: dict[str, Any], context: Context) -> Fields:
    """``[attributes]``: name → a field source with a ``type`` (text, number, date or flag; text by default)."""
    fields: Fields = {}
    for name, raw in table.items():
        where = f"attributes.{name}"
        if not NAME.fullmatch(name):
            raise _error("import.mapping.bad_name", where=where)
        kind = "text"
        source = raw
        if isinstance(raw, dict) and "type" in raw:
            source = {key: value for key, value in raw.items() if key != "type"}
            kind = str(raw["type"])
        if kind not in ATTRIBUTE_TYPES:
            expected = ", ".join(ATTRIBUTE_TYPES)
            raise _error("import.mapping.bad_option", where=f"{where}.type", value=kind, expected=expected)
        fields[name] = parse_spec(source, where, ATTRIBUTE_TYPES[kind], context)
    return fields


def _group(entry: Any, where: str, known: dict[str, FieldType], context: Context) -> Group:
    """One entry of a list table; with ``for`` (or ``periods``) it repeats, each period read on its own."""
    if not isinstance(entry, dict):
        raise _error("import.mapping.not_table", where=where)
    body = dict(entry)
    variable = "n"
    periods: tuple[str, ...] = ()
    values: dict[str, Value] = {}
    if "for" in body and "periods" in body:
        raise _error(
            "import.mapping.bad_option",
            where=f"{where}.periods",
            value=body["periods"],
            expected="for or periods, not both",
        )
    if "for" in body:
        variable, periods, values = parse_for(body.pop("for"), f"{where}.for")
    elif "periods" in body:
        raw = body.pop("periods")
        if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= MAX_PERIODS:
            periods, values = periods_of([Decimal(number) for number in range(1, raw + 1)])
        elif isinstance(raw, list) and 0 < len(raw) <= MAX_PERIODS and all(isinstance(p, str | int) for p in raw):
            periods, values = periods_of([str(p) for p in raw])
        else:
            raise _error("import.mapping.bad_option", where=f"{where}.periods", value=raw, expected="6 or a list")
    if not periods:
        fields = parse_fields(body, where, known, context)
        _required(fields, known, where)
        return Group(fields)
    expansions = []
    for period in periods:
        variables = {variable: values[period]}
        period_context = dataclasses.replace(context, variables=variables)
        expanded = {key: expand(raw, variables, f"{where}.{key}") for key, raw in body.items()}
        fields = parse_fields(expanded, f"{where}[{period}]", known, period_context)
        _required(fields, known, where)
        expansions.append((period, fields))
    if not _uses_variable(body, variable):
        raise _error("import.mapping.periods_unused", where=where)
    return Group(expansions[0][1], periods, tuple(expansions), variable, values)


def _uses_variable(body: dict[str, Any], variable: str) -> bool:
    texts = [value for value in body.values() if isinstance(value, str)]
    texts += [
        item for value in body.values() if isinstance(value, dict) for item in value.values() if isinstance(item, str)
    ]
    return any(re.search(rf"(?<![A-Za-z0-9_.]){re.escape(variable)}(?![A-Za-z0-9_.])", text) for text in texts)


def _required(fields: Fields, known: dict[str, FieldType], where: str) -> None:
    for key, field_type in known.items():
        if field_type.required and key not in fields:
            raise _error("import.mapping.required", field=f"{where}.{key}")


def _check_required(mapping: ImportMapping) -> None:
    if "account_number" not in mapping.account:
        raise _error("import.mapping.required", field="account.account_number")
    if mapping.grain == "payment":
        extra = [f"customer.{key}" for key in mapping.customer] + [
            f"account.{key}" for key in mapping.account if key != "account_number"
        ]
        if extra or mapping.contacts or mapping.instructions or mapping.installments:
            raise _error("import.mapping.payment_grain", fields=", ".join(extra) or "contacts/installments")
        if not mapping.payments:
            raise _error("import.mapping.required", field="payments")
        return
    for table, fields, known in (
        ("customer", mapping.customer, CUSTOMER_FIELDS),
        ("account", mapping.account, ACCOUNT_FIELDS),
    ):
        for key, field_type in known.items():
            if key == "full_name" and mapping.anonymised:
                continue  # an anonymised file's customers get a made-up display name
            if field_type.required and key not in fields:
                raise _error("import.mapping.required", field=f"{table}.{key}")
    for index, group in enumerate(mapping.installments):
        when = [key for key in ("due_date", "month", "months_back") if key in group.fields]
        if len(when) != 1:
            raise _error("import.mapping.installment_when", where=f"installments[{index + 1}]")
        if "months_back" in group.fields and "as_of" not in mapping.account:
            raise _error("import.mapping.months_back", where=f"installments[{index + 1}]")


def _source(table: dict[str, Any]) -> SourceSettings:
    fmt = str(table.get("format", "auto"))
    if fmt not in ("auto", "csv", "xlsx"):
        raise _error("import.mapping.bad_option", where="source.format", value=fmt, expected="auto, csv, xlsx")
    encoding = str(table.get("encoding", "auto"))
    if encoding != "auto":
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise _error(
                "import.mapping.bad_option",
                where="source.encoding",
                value=encoding,
                expected="auto, utf-8, windows-1252, utf-16, …",
            ) from error
    delimiter = str(table.get("delimiter", "auto"))
    delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter.lower(), delimiter)
    if delimiter != "auto" and len(delimiter) != 1:
        raise _error("import.mapping.bad_option", where="source.delimiter", value=delimiter, expected="one character")
    header_row = table.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        raise _error("import.mapping.bad_option", where="source.header_row", value=header_row, expected="1, 2, …")
    sheet = table.get("sheet")
    final_newline = flag(table, "source.require_final_newline", "require_final_newline", default=True)
    return SourceSettings(
        fmt, encoding, delimiter, header_row, None if sheet is None else str(sheet), final_newline is not False
    )


def _formats(table: dict[str, Any]) -> Formats:
    only(
        table,
        "format",
        {f.name for f in dataclasses.fields(Formats)} | {"date_format", "datetime_format", "month_format"},
    )
    defaults = Formats()
    timezone = str(table.get("timezone", defaults.timezone))
    if not valid_zone(timezone):
        raise _error("import.mapping.bad_zone", where="format.timezone", value=timezone)
    currency = str(table.get("currency", defaults.currency)).upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise _error("import.mapping.bad_option", where="format.currency", value=currency, expected="ISO 4217 code")
    scale = table.get("amount_scale", 0)
    if not isinstance(scale, int) or isinstance(scale, bool) or not -6 <= scale <= 6:
        raise _error("import.mapping.bad_option", where="format.amount_scale", value=scale, expected="-6 … 6")
    return Formats(
        country=str(table.get("country", defaults.country)).upper(),
        timezone=timezone,
        currency=currency,
        language=str(table.get("language", defaults.language)),
        date_formats=format_list(table, "date_format", defaults.date_formats),
        datetime_formats=format_list(table, "datetime_format", defaults.datetime_formats),
        month_formats=format_list(table, "month_format", defaults.month_formats),
        decimal_comma=bool(flag(table, "format.decimal_comma", "decimal_comma", default=False)),
        amount_scale=scale,
        thousands=thousands_option(table, "format.thousands") or "auto",
        scientific=bool(flag(table, "format.scientific", "scientific", default=True)),
        reference_amount=_reference_amount(table.get("reference_amount")),
    )


def _reference_amount(raw: Any) -> Decimal | None:
    if raw is None:
        return None
    amount = decimal_of(raw)
    if amount is None or not amount.is_finite() or amount <= 0:
        raise _error("import.mapping.bad_option", where="format.reference_amount", value=raw, expected='"250000"')
    return amount


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _error("import.mapping.not_table", where=key)
    return value


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if isinstance(value, dict):
        return [value]
    if not isinstance(value, list):
        raise _error("import.mapping.not_table", where=key)
    return value
