"""The mapping's shared parts: ``[tables]``, ``[status_tables]``, ``[let]`` values, and repeated groups.

A repeated group (``for = "n in 1..6"``, or the older ``periods = 6``) is written once; each period replaces
``{…}`` in its column names, templates, expressions and constants — ``{n}``, or any expression of the loop variable
such as ``{if(n = 1, 0, n)}`` for a file whose first column is ``PAY_0`` — and expressions see the variable itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from agent_desk.importer.expr_functions import Value, as_text
from agent_desk.importer.expr_syntax import ExpressionSyntaxError
from agent_desk.importer.expressions import Expression, check_expression, constant_value
from agent_desk.importer.spec import MappingError, StatusTable, map_key
from agent_desk.text import Message

MAX_PERIODS = 120
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_FOR = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.+?)\s*", re.DOTALL)
_RANGE = re.compile(r"(-?[0-9]+)\s*\.\.\s*(-?[0-9]+)")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
STATUS_UNITS = ("months", "days")


def error(code: str, **params: Any) -> MappingError:
    return MappingError(Message.of(code, **{key: str(value) for key, value in params.items()}))


def table_value(value: Any, where: str) -> Value:
    """A TOML value as an expression value: numbers exact, dates as dates."""
    if value is None or isinstance(value, bool | str | Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise error("import.mapping.bad_constant", where=where, value=value, kind="text, number, date or true/false")


def parse_tables(raw: Any) -> dict[str, dict[str, Value]]:
    """``[tables.NAME]``: key → value, for ``lookup("NAME", key)``; keys match like value-map keys."""
    if not isinstance(raw, dict):
        raise error("import.mapping.not_table", where="tables")
    tables: dict[str, dict[str, Value]] = {}
    for name, entries in raw.items():
        if not NAME.fullmatch(name):
            raise error("import.mapping.bad_name", where=f"tables.{name}")
        if not isinstance(entries, dict) or not entries:
            raise error("import.mapping.bad_map", where=f"tables.{name}")
        tables[name] = {map_key(str(key)): table_value(value, f"tables.{name}.{key}") for key, value in entries.items()}
    return tables


def parse_status_tables(raw: Any) -> dict[str, StatusTable]:
    """``[status_tables.NAME]`` with ``unit`` (months or days) and ``codes`` (code → how late)."""
    if not isinstance(raw, dict):
        raise error("import.mapping.not_table", where="status_tables")
    found: dict[str, StatusTable] = {}
    for name, body in raw.items():
        where = f"status_tables.{name}"
        if not NAME.fullmatch(name):
            raise error("import.mapping.bad_name", where=where)
        if not isinstance(body, dict):
            raise error("import.mapping.not_table", where=where)
        unknown = set(body) - {"unit", "codes"}
        if unknown:
            raise error("import.mapping.unknown_option", where=f"{where}.{sorted(unknown)[0]}", allowed="codes, unit")
        unit = body.get("unit", "months")
        if unit not in STATUS_UNITS:
            raise error("import.mapping.bad_option", where=f"{where}.unit", value=unit, expected="months, days")
        codes = body.get("codes")
        if not isinstance(codes, dict) or not codes:
            raise error("import.mapping.bad_map", where=f"{where}.codes")
        parsed: dict[str, int] = {}
        for code, late in codes.items():
            if not isinstance(late, int) or isinstance(late, bool) or not 0 <= late <= 3650:
                raise error("import.mapping.bad_status", where=f"{where}.codes.{code}", value=late, unit=unit)
            parsed[map_key(str(code))] = late
        found[name] = StatusTable(name, unit, parsed)
    return found


def parse_lets(raw: Any, tables: Mapping[str, Mapping[str, Value]]) -> dict[str, Expression]:
    """``[let]``: named expressions over the row, computed once a row and usable by every field."""
    if not isinstance(raw, dict):
        raise error("import.mapping.not_table", where="let")
    for name in raw:
        if not NAME.fullmatch(name):
            raise error("import.mapping.bad_name", where=f"let.{name}")
    lets: dict[str, Expression] = {}
    for name, text in raw.items():
        lets[name] = expression(text, f"let.{name}", lets=list(raw), variables={}, tables=tables)
    _no_cycles(lets)
    return lets


def _no_cycles(lets: Mapping[str, Expression]) -> None:
    done: set[str] = set()
    for start in lets:
        path: list[str] = []
        stack = [(start, 0)]
        while stack:
            name, depth = stack.pop()
            del path[depth:]
            if name in path:
                raise error("import.mapping.let_cycle", names=" → ".join([*path, name]))
            if name in done:
                continue
            path.append(name)
            stack.extend((used, depth + 1) for used in lets[name].lets)
        done.add(start)


def expression(
    text: Any,
    where: str,
    *,
    lets: list[str],
    variables: Mapping[str, Value],
    tables: Mapping[str, Mapping[str, Value]],
) -> Expression:
    if not isinstance(text, str) or not text.strip():
        raise error("import.mapping.bad_expression", where=where, expression=text, reason="an expression in quotes")
    try:
        return check_expression(text, lets=lets, variables=variables, tables=tables)
    except ExpressionSyntaxError as problem:
        raise error("import.mapping.bad_expression", where=where, expression=text, reason=str(problem)) from problem


def parse_for(raw: Any, where: str) -> tuple[str, tuple[str, ...], dict[str, Value]]:
    """``"n in 1..6"`` or ``'month in ["2026-06", "2026-07"]'`` → the variable, the periods' texts and values."""
    match = _FOR.fullmatch(raw) if isinstance(raw, str) else None
    if match is None:
        raise error("import.mapping.bad_for", where=where, value=raw)
    variable, body = match.group(1), match.group(2)
    values: list[Value]
    span = _RANGE.fullmatch(body)
    if span is not None:
        first, last = int(span.group(1)), int(span.group(2))
        step = 1 if last >= first else -1
        values = [Decimal(number) for number in range(first, last + step, step)]
    else:
        import tomllib

        try:
            items = tomllib.loads(f"items = {body}")["items"]
        except tomllib.TOMLDecodeError as problem:
            raise error("import.mapping.bad_for", where=where, value=raw) from problem
        if not isinstance(items, list) or not items:
            raise error("import.mapping.bad_for", where=where, value=raw)
        values = [table_value(item, where) for item in items]
    if not 0 < len(values) <= MAX_PERIODS:
        raise error("import.mapping.bad_for", where=where, value=raw)
    return variable, *periods_of(values)


def periods_of(values: list[Value]) -> tuple[tuple[str, ...], dict[str, Value]]:
    texts = tuple(as_text(value) for value in values)
    return texts, dict(zip(texts, values, strict=True))


def substitute(text: str, variables: Mapping[str, Value], where: str) -> str:
    """Replace each ``{…}`` that is an expression of the loop variable by its value, innermost first.

    A brace that names anything else (a template's ``{NO_REK}``) is left for the template."""
    if not variables or "{" not in text:
        return text
    result = text
    for _ in range(20):  # nesting: {TGLBYR_{n}} resolves from the inside
        changed = False

        def replace(match: re.Match[str]) -> str:
            nonlocal changed
            inside = match.group(1)
            if not _uses_only(inside, variables):
                return match.group(0)
            try:
                value = constant_value(inside, variables)
            except (ExpressionSyntaxError, ArithmeticError, ValueError) as problem:
                raise error(
                    "import.mapping.bad_expression", where=where, expression=inside, reason=str(problem)
                ) from problem
            changed = True
            return as_text(value)

        result = _PLACEHOLDER.sub(replace, result)
        if not changed:
            break
    return result


def _uses_only(text: str, variables: Mapping[str, Value]) -> bool:
    """Whether ``text`` is an expression whose every name is a loop variable (and names at least one)."""
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text)
    names = [word for word in words if word.lower() not in _EXPRESSION_WORDS]
    return bool(names) and all(word in variables for word in names)


_EXPRESSION_WORDS = {"and", "or", "not", "true", "false", "null", "if", "min", "max", "abs", "round", "text"}
