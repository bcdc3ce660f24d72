"""The values and functions of mapping expressions (see :mod:`agent_desk.importer.expressions`).

Each function takes evaluated values and returns one, or raises :class:`ExpressionError`; none touches anything but
its arguments.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from agent_desk.importer.sources import Cell
from agent_desk.importer.values import CellError, add_months, clean_text, day_of_month

Value = Decimal | str | dt.date | bool | None
Evaluator = Callable[[Sequence[Cell]], Value]
MAX_TEXT = 10_000
CONTEXT = decimal.Context(
    prec=34, Emax=9999, Emin=-9999, traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]
)
ONE = Decimal(1)


class ExpressionError(CellError):
    """A value an expression cannot compute. ``column`` and ``cell`` name the cell at fault, when one is."""

    def __init__(self, code: str, *, column: str | None = None, cell: str = "", **params: object) -> None:
        super().__init__(code, **params)
        self.column = column
        self.cell = cell


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return clean_text(value if isinstance(value, str | Decimal | dt.date) else str(value))[:200]


def as_number(value: Value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    raise ExpressionError("import.expr.not_a_number", value=shown(value))


def whole(value: Value) -> int:
    number = as_number(value)
    if number != number.to_integral_value() or abs(number) > 1_000_000:
        raise ExpressionError("import.expr.not_whole", value=shown(value))
    return int(number)


def as_day(value: dt.date | None) -> dt.date:
    assert value is not None
    return value.date() if isinstance(value, dt.datetime) else value


def shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError as error:
        raise ExpressionError("import.expr.date_range", value=shown(day)) from error


def truth(value: Value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ExpressionError("import.expr.not_a_condition", value=shown(value))


def negate(value: bool | None) -> bool | None:
    return None if value is None else not value


def concat(left: Value, right: Value) -> Value:
    text = as_text(left) + as_text(right)
    if len(text) > MAX_TEXT:
        raise ExpressionError("import.expr.too_long", limit=MAX_TEXT)
    return text


def as_text(value: Value, pattern: Value = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        if isinstance(pattern, str) and pattern:
            if len(pattern) > 40:
                raise ExpressionError("import.expr.bad_argument", function="text", value=pattern[:40])
            return value.strftime(pattern)
        return value.isoformat()
    return value


def key_text(value: Value) -> Value:
    """A lookup key as text: ``1``, ``1.0`` and ``" 1 "`` are the same key."""
    from agent_desk.importer.spec import map_key

    if value is None:
        return None
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return str(int(value))
    return map_key(as_text(value))


def guarded(function: str, evaluate: Evaluator) -> Evaluator:
    def guarded(cells: Sequence[Cell]) -> Value:
        try:
            return evaluate(cells)
        except CellError:
            raise
        except (ArithmeticError, ValueError, OverflowError) as error:
            raise ExpressionError("import.expr.failed", function=function, detail=str(error)[:120]) from error

    return guarded


def _present(values: list[Value]) -> list[Any]:
    return [value for value in values if value is not None]


def _round(values: list[Value]) -> Value:
    number = values[0]
    if number is None:
        return None
    places = 0 if len(values) < 2 or values[1] is None else whole(values[1])
    if not 0 <= places <= 10:
        raise ExpressionError("import.expr.bad_argument", function="round", value=str(places))
    return as_number(number).quantize(ONE.scaleb(-places), rounding=ROUND_HALF_UP, context=CONTEXT)


def _one(function: Callable[[Decimal], Value]) -> Callable[[list[Value]], Value]:
    return lambda values: None if values[0] is None else function(as_number(values[0]))


def _extreme(values: list[Value], *, largest: bool) -> Value:
    present = _present(values)
    if not present:
        return None
    kinds = {isinstance(value, dt.date) for value in present}
    if len(kinds) > 1:
        raise ExpressionError("import.expr.compare", left=shown(present[0]), right=shown(present[-1]))
    if True in kinds:
        present = [as_day(value) for value in present]
    found: Value = max(present) if largest else min(present)
    return found


NUMBER_FUNCTIONS: dict[str, Callable[[list[Value]], Value]] = {
    "min": lambda values: _extreme(values, largest=False),
    "max": lambda values: _extreme(values, largest=True),
    "abs": _one(CONTEXT.abs),
    "round": _round,
    "floor": _one(lambda value: value.quantize(ONE, rounding=ROUND_FLOOR, context=CONTEXT)),
    "ceil": _one(lambda value: value.quantize(ONE, rounding=ROUND_CEILING, context=CONTEXT)),
    "number": lambda values: values[0],
}


def _date_part(function: Callable[[dt.date], Value]) -> Callable[[Value], Value]:
    return lambda value: None if value is None else function(as_day(value))  # type: ignore[arg-type]


DATE_FUNCTIONS: dict[str, Callable[[Value], Value]] = {
    "year": _date_part(lambda day: Decimal(day.year)),
    "month": _date_part(lambda day: Decimal(day.month)),
    "day": _date_part(lambda day: Decimal(day.day)),
    "month_start": _date_part(lambda day: day.replace(day=1)),
    "month_end": _date_part(lambda day: day_of_month(day.year, day.month, 31)),
}


def add_to_date(function: str, start: Value, count: Value) -> Value:
    if start is None or count is None:
        return None
    day = as_day(start)  # type: ignore[arg-type]
    if function == "add_days":
        return shift(day, whole(count))
    months = whole(count)
    if abs(months) > 12 * 300:
        raise ExpressionError("import.expr.date_range", value=shown(day))
    return add_months(day, months)


def make_date(parts: list[Value]) -> Value:
    if any(part is None for part in parts):
        return None
    year, month, day = (whole(part) for part in parts)
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise ExpressionError("import.expr.no_such_date", value=f"{year}-{month}-{day}") from error


def text_function(function: str, values: list[Value]) -> Value:
    if values[0] is None:
        return None
    text = as_text(values[0])
    if function == "len":
        return Decimal(len(text))
    if function == "upper":
        return text.upper()
    if function == "lower":
        return text.lower()
    if function == "trim":
        return text.strip()
    if function in ("left", "right"):
        count = whole(values[1]) if values[1] is not None else 0
        if count < 0:
            raise ExpressionError("import.expr.bad_argument", function=function, value=str(count))
        return text[:count] if function == "left" else text[len(text) - count :] if count else ""
    old, new = as_text(values[1]), as_text(values[2])
    if not old:
        return text
    result = text.replace(old, new)
    if len(result) > MAX_TEXT:
        raise ExpressionError("import.expr.too_long", limit=MAX_TEXT)
    return result


COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: _ordered(a, b) and a < b,
    "<=": lambda a, b: _ordered(a, b) and a <= b,
    ">": lambda a, b: _ordered(a, b) and a > b,
    ">=": lambda a, b: _ordered(a, b) and a >= b,
}


def _ordered(a: Any, b: Any) -> bool:
    if type(a) is not type(b) and not (isinstance(a, Decimal) and isinstance(b, Decimal)):
        raise ExpressionError("import.expr.compare", left=shown(a), right=shown(b))
    return True
