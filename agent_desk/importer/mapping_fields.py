"""One field of a mapping: where its value comes from (a column, a template, a constant or an expression), its
value map, default, formats and number options — checked when the mapping loads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from agent_desk.importer.expr_functions import Value
from agent_desk.importer.fields import FieldType, Kind
from agent_desk.importer.mapping_parts import error as _error
from agent_desk.importer.mapping_parts import expression, substitute
from agent_desk.importer.numbers import THOUSANDS
from agent_desk.importer.sources import Cell
from agent_desk.importer.spec import Fields, FieldSpec, StatusTable, Template, map_key
from agent_desk.importer.values import CellError, decimal_of, parse_int, valid_zone

SPEC_OPTIONS = {
    "column",
    "template",
    "value",
    "expr",
    "map",
    "default",
    "format",
    "optional",
    "decimal_comma",
    "scale",
    "thousands",
    "scientific",
    "status_table",
}
SOURCES = ("column", "template", "value", "expr")
_THOUSANDS_NAMES = {"space": " ", "apostrophe": "'", "comma": ",", "point": ".", "dot": "."}
_TEMPLATE_PART = re.compile(r"\{\{|\}\}|\{([^{}]+)\}|[{}]")
# Fields whose codes a status table turns into days past due.
STATUS_FIELDS = ("account.days_past_due", "status_code")


@dataclasses.dataclass(frozen=True)
class Context:
    """What a field's source may refer to: the mapping's formats, ``[let]`` names, tables and status tables, and in a
    repeated group the loop variable's value for the period being read."""

    lets: tuple[str, ...] = ()
    tables: Mapping[str, Mapping[str, Value]] = dataclasses.field(default_factory=dict)
    status_tables: Mapping[str, StatusTable] = dataclasses.field(default_factory=dict)
    variables: Mapping[str, Value] = dataclasses.field(default_factory=dict)


def parse_fields(table: dict[str, Any], where: str, known: dict[str, FieldType], context: Context) -> Fields:
    fields: Fields = {}
    for key, raw in table.items():
        if key not in known:
            raise _error("import.mapping.unknown_field", where=f"{where}.{key}", allowed=", ".join(sorted(known)))
        fields[key] = parse_spec(raw, f"{where}.{key}", known[key], context)
    return fields


def expand(raw: Any, variables: Mapping[str, Value], where: str) -> Any:
    """A field's raw source for one period of a repeated group: ``{…}`` of the loop variable replaced in its column,
    template, expression and constant (value-map keys and values stay as written)."""
    if isinstance(raw, str):
        return substitute(raw, variables, where)
    if isinstance(raw, dict):
        return {
            key: substitute(value, variables, where) if key in SOURCES and isinstance(value, str) else value
            for key, value in raw.items()
        }
    return raw


def parse_spec(raw: Any, target: str, field_type: FieldType, context: Context) -> FieldSpec:
    """One field's source: a column name, or a table with exactly one of column, template, value or expr."""
    if isinstance(raw, str):
        return FieldSpec(target, field_type, column=raw.strip())
    if not isinstance(raw, dict):
        raise _error("import.mapping.bad_spec", where=target)
    only(raw, target, SPEC_OPTIONS)
    sources = [key for key in SOURCES if key in raw]
    if len(sources) != 1:
        raise _error("import.mapping.bad_spec", where=target)
    column = str(raw["column"]).strip() if "column" in raw else None
    template = parse_template(str(raw["template"]), target) if "template" in raw else None
    value = constant(raw["value"], f"{target}.value", field_type) if "value" in raw else None
    expr = None
    if "expr" in raw:
        expr = expression(
            raw["expr"], target, lets=list(context.lets), variables=context.variables, tables=context.tables
        )
    value_map = _value_map(raw["map"], f"{target}.map", field_type) if "map" in raw else None
    default = constant(raw["default"], f"{target}.default", field_type) if "default" in raw else None
    spec_formats = None
    if "format" in raw:
        if field_type.kind not in (Kind.DATE, Kind.MOMENT, Kind.MONTH):
            raise _error(
                "import.mapping.bad_option",
                where=f"{target}.format",
                value=raw["format"],
                expected="a format only for dates, moments and months",
            )
        spec_formats = format_list({"format": raw["format"]}, "format", ())
    scale = raw.get("scale")
    if scale is not None and (not isinstance(scale, int) or isinstance(scale, bool) or not -6 <= scale <= 6):
        raise _error("import.mapping.bad_option", where=f"{target}.scale", value=scale, expected="-6 … 6")
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
        optional=bool(flag(raw, f"{target}.optional", "optional", default=False)),
        decimal_comma=flag(raw, f"{target}.decimal_comma", "decimal_comma", default=None),
        scale=scale,
        thousands=thousands_option(raw, f"{target}.thousands"),
        scientific=flag(raw, f"{target}.scientific", "scientific", default=None),
        expr=expr,
        status_table=_status_table(raw, target, context),
    )


def _status_table(raw: dict[str, Any], target: str, context: Context) -> str | None:
    name = raw.get("status_table")
    if name is None:
        return None
    if not re.sub(r"\[[^\]]*\]", "", target).endswith(STATUS_FIELDS):
        raise _error(
            "import.mapping.bad_option",
            where=f"{target}.status_table",
            value=name,
            expected="a status table only for account.days_past_due and installments' status_code",
        )
    if name not in context.status_tables:
        known = ", ".join(sorted(context.status_tables)) or "none"
        raise _error("import.mapping.no_status_table", where=f"{target}.status_table", value=name, known=known)
    return str(name)


def parse_template(text: str, where: str) -> Template:
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


def constant(value: Any, where: str, field_type: FieldType) -> Cell:
    cell: Cell
    if isinstance(value, bool):
        cell = "true" if value else "false"
    elif isinstance(value, int | float):
        cell = decimal_of(value)
    elif isinstance(value, str):
        cell = value
    else:
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
        result[map_key(str(key))] = constant(value, f"{where}.{key}", field_type)
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


def thousands_option(table: dict[str, Any], where: str) -> str | None:
    raw = table.get("thousands")
    if raw is None:
        return None
    value = _THOUSANDS_NAMES.get(str(raw).lower(), str(raw))
    if value not in THOUSANDS:
        raise _error(
            "import.mapping.bad_option", where=where, value=raw, expected='"auto", ",", ".", " ", "\'", "none"'
        )
    return value


def format_list(table: dict[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = table.get(key, table.get(key + "s", default))
    formats = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list | tuple) else None
    if not formats or not all(isinstance(item, str) and "%" in item for item in formats):
        raise _error("import.mapping.bad_option", where=f"format.{key}", value=value, expected='"%d/%m/%Y" or a list')
    return formats


def only(table: dict[str, Any], where: str, allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            raise _error(
                "import.mapping.unknown_option", where=f"{where}.{key}".lstrip("."), allowed=", ".join(sorted(allowed))
            )


def flag(table: dict[str, Any], where: str, key: str, *, default: bool | None) -> bool | None:
    value = table.get(key, default)
    if value is not None and not isinstance(value, bool):
        raise _error("import.mapping.bad_option", where=where, value=value, expected="true or false")
    return value
