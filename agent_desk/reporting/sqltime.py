"""Time arithmetic in SQL that reads the same on SQLite and PostgreSQL.

Times are stored in UTC (SQLite keeps them as ``YYYY-MM-DD HH:MM:SS.ffffff`` text, PostgreSQL as
``timestamptz``). Reports need the local date or hour of a moment — shifted by an offset in minutes that the
caller works out per zone — and the seconds between two moments. Each is a small SQL function element compiled
per dialect, so a query is written once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Float, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class local_date(FunctionElement[Any]):  # noqa: N801 - reads as a SQL function
    """``local_date(moment, offset_minutes)``: the calendar date of a UTC moment shifted by the offset."""

    type = Date()
    inherit_cache = True
    name = "local_date"


class local_hour(FunctionElement[int]):  # noqa: N801
    """``local_hour(moment, offset_minutes)``: the hour of day (0–23) of a UTC moment shifted by the offset."""

    type = Integer()
    inherit_cache = True
    name = "local_hour"


class seconds_between(FunctionElement[float]):  # noqa: N801
    """``seconds_between(later, earlier)``: seconds from ``earlier`` to ``later``."""

    type = Float()
    inherit_cache = True
    name = "seconds_between"


def _args(compiler: SQLCompiler, element: FunctionElement[Any], **kw: Any) -> list[str]:
    return [compiler.process(clause, **kw) for clause in element.clauses]


@compiles(local_date, "sqlite")
def _local_date_sqlite(element: local_date, compiler: SQLCompiler, **kw: Any) -> str:
    moment, offset = _args(compiler, element, **kw)
    return f"date({moment}, printf('%+d minutes', {offset}))"


@compiles(local_date)
def _local_date_pg(element: local_date, compiler: SQLCompiler, **kw: Any) -> str:
    moment, offset = _args(compiler, element, **kw)
    return f"CAST(timezone('UTC', {moment}) + ({offset}) * INTERVAL '1 minute' AS DATE)"


@compiles(local_hour, "sqlite")
def _local_hour_sqlite(element: local_hour, compiler: SQLCompiler, **kw: Any) -> str:
    moment, offset = _args(compiler, element, **kw)
    return f"CAST(strftime('%H', {moment}, printf('%+d minutes', {offset})) AS INTEGER)"


@compiles(local_hour)
def _local_hour_pg(element: local_hour, compiler: SQLCompiler, **kw: Any) -> str:
    moment, offset = _args(compiler, element, **kw)
    return f"CAST(EXTRACT(HOUR FROM timezone('UTC', {moment}) + ({offset}) * INTERVAL '1 minute') AS INTEGER)"


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _args(compiler, element, **kw)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(seconds_between)
def _seconds_pg(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = _args(compiler, element, **kw)
    return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"


def later_of(first: Any, second: Any) -> ColumnElement[Any]:
    """The later of two moments (portable: no ``greatest``/scalar ``max`` difference between dialects)."""
    from sqlalchemy import case

    return case((first > second, first), else_=second)


def earlier_of(first: Any, second: Any) -> ColumnElement[Any]:
    from sqlalchemy import case

    return case((first < second, first), else_=second)


class earliest(FunctionElement[Any]):  # noqa: N801
    """``earliest(a, b)``: the earlier of two moments (SQLite's scalar ``min``, PostgreSQL's ``LEAST``)."""

    inherit_cache = True
    name = "earliest"


@compiles(earliest, "sqlite")
def _earliest_sqlite(element: earliest, compiler: SQLCompiler, **kw: Any) -> str:
    return "min({}, {})".format(*_args(compiler, element, **kw))


@compiles(earliest)
def _earliest_pg(element: earliest, compiler: SQLCompiler, **kw: Any) -> str:
    return "LEAST({}, {})".format(*_args(compiler, element, **kw))
