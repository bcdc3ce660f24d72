"""The mapping file (TOML): which column of the core-system file feeds which field, and how values are written.

See ``docs/IMPORT.md`` for the format with full examples. :func:`load_mapping` checks the whole file up front — unknown
tables, fields or options, values a map may produce, date formats — so a mistake is reported before any row is read.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from agent_desk.importer.fields import (
    ACCOUNT_FIELDS,
    CONTACT_FIELDS,
    CUSTOMER_FIELDS,
    INSTALLMENT_FIELDS,
    INSTRUCTION_FIELDS,
    PAYMENT_FIELDS,
    FieldType,
    Kind,
)
from agent_desk.importer.numbers import THOUSANDS
from agent_desk.importer.sources import Cell, SourceSettings
from agent_desk.importer.spec import (
    Fields,
    FieldSpec,
    Formats,
    Group,
    ImportMapping,
    MappingError,
    Template,
    map_key,
)
from agent_desk.importer.values import (
    CellError,
    decimal_of,
    parse_int,
    valid_zone,
)
from agent_desk.importer.zones import default_zones, zone_key
from agent_desk.text import Message

GRAINS = ("account", "payment")
MAX_PERIODS = 120
_SPEC_OPTIONS = {
    "column",
    "template",
    "value",
    "map",
    "default",
    "format",
    "optional",
    "decimal_comma",
    "scale",
    "thousands",
    "scientific",
}
_THOUSANDS_NAMES = {"space": " ", "apostrophe": "'", "comma": ",", "point": ".", "dot": "."}
_TEMPLATE_PART = re.compile(r"\{\{|\}\}|\{([^{}]+)\}|[{}]")
_PERIOD = "{n}"


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
    _only(
        data,
        "",
        {
            "name",
            "description",
            "source",
            "format",
            "zones",
            "customer",
            "account",
            "contacts",
            "payment_instructions",
            "installments",
            "payments",
        },
    )
    source_table = _table(data, "source")
    _only(source_table, "source", {"format", "encoding", "delimiter", "header_row", "sheet", "grain"})
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
    customer = _fields(_table(data, "customer"), "customer", CUSTOMER_FIELDS, formats)
    account = _fields(_table(data, "account"), "account", ACCOUNT_FIELDS, formats)
    groups = {
        key: tuple(_group(entry, f"{key}[{index + 1}]", kinds, formats) for index, entry in enumerate(_list(data, key)))
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
    )
    _check_required(mapping)
    return mapping


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
    return SourceSettings(fmt, encoding, delimiter, header_row, None if sheet is None else str(sheet))


def _formats(table: dict[str, Any]) -> Formats:
    _only(
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
        date_formats=_format_list(table, "date_format", defaults.date_formats),
        datetime_formats=_format_list(table, "datetime_format", defaults.datetime_formats),
        month_formats=_format_list(table, "month_format", defaults.month_formats),
        decimal_comma=bool(_bool(table, "format.decimal_comma", "decimal_comma", default=False)),
        amount_scale=scale,
        thousands=_thousands(table, "format.thousands") or "auto",
        scientific=bool(_bool(table, "format.scientific", "scientific", default=True)),
    )


def _thousands(table: dict[str, Any], where: str) -> str | None:
    raw = table.get("thousands")
    if raw is None:
        return None
    value = _THOUSANDS_NAMES.get(str(raw).lower(), str(raw))
    if value not in THOUSANDS:
        raise _error(
            "import.mapping.bad_option", where=where, value=raw, expected='"auto", ",", ".", " ", "\'", "none"'
        )
    return value


def _format_list(table: dict[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = table.get(key, table.get(key + "s", default))
    formats = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list | tuple) else None
    if not formats or not all(isinstance(item, str) and "%" in item for item in formats):
        raise _error("import.mapping.bad_option", where=f"format.{key}", value=value, expected='"%d/%m/%Y" or a list')
    return formats


def _group(entry: Any, where: str, known: dict[str, FieldType], formats: Formats) -> Group:
    if not isinstance(entry, dict):
        raise _error("import.mapping.not_table", where=where)
    periods: tuple[str, ...] = ()
    body = dict(entry)
    if "periods" in body:
        raw = body.pop("periods")
        if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= MAX_PERIODS:
            periods = tuple(str(n) for n in range(1, raw + 1))
        elif isinstance(raw, list) and 0 < len(raw) <= MAX_PERIODS and all(isinstance(p, str | int) for p in raw):
            periods = tuple(str(p) for p in raw)
        else:
            raise _error("import.mapping.bad_option", where=f"{where}.periods", value=raw, expected="6 or a list")
    fields = _fields(body, where, known, formats, periodic=bool(periods))
    for key, field_type in known.items():
        if field_type.required and key not in fields:
            raise _error("import.mapping.required", field=f"{where}.{key}")
    if periods and not any(_PERIOD in column for spec in fields.values() for column in _raw_columns(spec)):
        raise _error("import.mapping.periods_unused", where=where)
    group = Group(fields, periods)
    if periods:
        group = dataclasses.replace(
            group, expansions=tuple((p, {k: _for_period(v, p) for k, v in fields.items()}) for p in periods)
        )
    return group


def _raw_columns(spec: FieldSpec) -> tuple[str, ...]:
    if spec.template is not None:
        return (spec.template.text,)
    return spec.columns


def _fields(
    table: dict[str, Any], where: str, known: dict[str, FieldType], formats: Formats, *, periodic: bool = False
) -> Fields:
    fields: Fields = {}
    for key, raw in table.items():
        if key not in known:
            raise _error("import.mapping.unknown_field", where=f"{where}.{key}", allowed=", ".join(sorted(known)))
        fields[key] = _spec(raw, f"{where}.{key}", known[key], formats, periodic=periodic)
    return fields


def _spec(raw: Any, target: str, field_type: FieldType, formats: Formats, *, periodic: bool = False) -> FieldSpec:
    """One field's source. In a repeating group (``periodic``) ``{n}`` is replaced per period before parsing."""
    if isinstance(raw, str):
        return FieldSpec(target, field_type, column=raw.strip())
    if not isinstance(raw, dict):
        raise _error("import.mapping.bad_spec", where=target)
    _only(raw, target, _SPEC_OPTIONS)
    sources = [key for key in ("column", "template", "value") if key in raw]
    if len(sources) != 1:
        raise _error("import.mapping.bad_spec", where=target)
    column = str(raw["column"]).strip() if "column" in raw else None
    template = None
    if "template" in raw:
        text = str(raw["template"])
        if periodic and _PERIOD in text:
            _template(text.replace(_PERIOD, "1"), target)  # checked now, parsed per period
            template = Template(text, ())
        else:
            template = _template(text, target)
    value = None
    if "value" in raw:
        periodic_value = periodic and isinstance(raw["value"], str) and _PERIOD in raw["value"]
        value = raw["value"] if periodic_value else _constant(raw["value"], f"{target}.value", field_type)
    value_map = _value_map(raw["map"], f"{target}.map", field_type) if "map" in raw else None
    default = _constant(raw["default"], f"{target}.default", field_type) if "default" in raw else None
    spec_formats = None
    if "format" in raw:
        if field_type.kind not in (Kind.DATE, Kind.MOMENT, Kind.MONTH):
            raise _error(
                "import.mapping.bad_option",
                where=f"{target}.format",
                value=raw["format"],
                expected="a format only for dates, moments and months",
            )
        spec_formats = _format_list({"format": raw["format"]}, "format", ())
    scale = raw.get("scale")
    if scale is not None and (not isinstance(scale, int) or isinstance(scale, bool) or not -6 <= scale <= 6):
        raise _error("import.mapping.bad_option", where=f"{target}.scale", value=scale, expected="-6 … 6")
    decimal_comma = _bool(raw, f"{target}.decimal_comma", "decimal_comma", default=None)
    number_options = [key for key in ("decimal_comma", "scale", "thousands", "scientific") if key in raw]
    if number_options and field_type.kind is not Kind.AMOUNT:
        raise _error(
            "import.mapping.bad_option",
            where=f"{target}.{number_options[0]}",
            value=raw[number_options[0]],
            expected="number options only for amounts",
        )
    return FieldSpec(
        target=target,
        type=field_type,
        column=column,
        template=template,
        value=value,
        has_value="value" in raw,
        map=value_map,
        default=default,
        formats=spec_formats,
        optional=bool(_bool(raw, f"{target}.optional", "optional", default=False)),
        decimal_comma=decimal_comma,
        scale=scale,
        thousands=_thousands(raw, f"{target}.thousands"),
        scientific=_bool(raw, f"{target}.scientific", "scientific", default=None),
    )


def _template(text: str, where: str) -> Template:
    parts: list[tuple[bool, str]] = []
    position = 0
    for match in _TEMPLATE_PART.finditer(text):
        if match.start() > position:
            parts.append((False, text[position : match.start()]))
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append((False, token[0]))
        elif match.group(1) is not None and match.group(1).strip():
            parts.append((True, match.group(1).strip()))
        elif match.group(1) is None:
            raise _error("import.mapping.bad_template", where=where, template=text)
        position = match.end()
    parts.append((False, text[position:]))
    if not any(is_column for is_column, _ in parts):
        raise _error("import.mapping.bad_template", where=where, template=text)
    return Template(text, tuple(part for part in parts if part[0] or part[1]))


def _constant(value: Any, where: str, field_type: FieldType) -> Cell:
    cell: Cell
    if isinstance(value, bool):
        cell = "true" if value else "false"
    elif isinstance(value, int | float):
        cell = decimal_of(value)
    elif isinstance(value, str):
        cell = value
    else:
        import datetime as dt

        if not isinstance(value, dt.date):
            raise _error("import.mapping.bad_constant", where=where, value=value, kind=field_type.kind.value)
        cell = value
    _check_target_value(cell, where, field_type)
    return cell


def _value_map(raw: Any, where: str, field_type: FieldType) -> dict[str, Any]:
    if not isinstance(raw, dict) or not raw:
        raise _error("import.mapping.bad_map", where=where)
    result: dict[str, Any] = {}
    for key, value in raw.items():
        result[map_key(str(key))] = _constant(value, f"{where}.{key}", field_type)
    return result


def _check_target_value(cell: Cell, where: str, field_type: FieldType) -> None:
    """Constants and map results must already be valid values of the field (checked once, here)."""
    kind = field_type.kind
    if kind is Kind.CHOICE:
        allowed = field_type.choices
        if not isinstance(cell, str) or cell not in allowed:
            raise _error("import.mapping.bad_choice", where=where, value=cell, allowed=", ".join(allowed))
    elif kind is Kind.ZONE and not (isinstance(cell, str) and valid_zone(cell)):
        raise _error("import.mapping.bad_zone", where=where, value=cell)
    elif kind is Kind.INTEGER:
        try:
            parse_int(cell)
        except CellError as error:
            raise _error("import.mapping.bad_constant", where=where, value=cell, kind=kind.value) from error


def _for_period(spec: FieldSpec, period: str) -> FieldSpec:
    column = spec.column.replace(_PERIOD, period) if spec.column is not None else None
    template = None
    if spec.template is not None:
        template = _template(spec.template.text.replace(_PERIOD, period), spec.target)
    value = spec.value
    target = f"{spec.target}[{period}]"
    if isinstance(value, str) and _PERIOD in value:
        value = value.replace(_PERIOD, period)
        if spec.map is None or map_key(value) not in spec.map:
            _check_target_value(value, target, spec.type)
    return dataclasses.replace(spec, target=target, column=column, template=template, value=value)


def _only(table: dict[str, Any], where: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            raise _error(
                "import.mapping.unknown_option", where=f"{where}.{key}".lstrip("."), allowed=", ".join(sorted(allowed))
            )


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


def _bool(table: dict[str, Any], where: str, key: str, *, default: bool | None) -> bool | None:
    value = table.get(key, default)
    if value is not None and not isinstance(value, bool):
        raise _error("import.mapping.bad_option", where=where, value=value, expected="true or false")
    return value


def _error(code: str, **params: Any) -> MappingError:
    return MappingError(Message.of(code, **{key: str(value) for key, value in params.items()}))
