"""Computed fields: mapping expressions checked when the mapping loads and compiled into plain Python closures.

An expression sees exactly three things: the cells of the row it is given (the columns it names), the loop variable
of a repeated group and the mapping's ``[let]`` values, and the mapping's ``[tables]`` (through ``lookup``). It calls
only the functions in :data:`FUNCTIONS`. There is no attribute access, no import, no Python ``eval``: the tree from
:mod:`agent_desk.importer.expr_syntax` is turned into closures over those three things alone.

Values are exact: ``Decimal`` numbers, text, dates (and moments), ``true``/``false`` and ``null`` (an empty cell).
Text from a column becomes a number where arithmetic or a comparison with a number needs one — read with the file's
number format (decimal comma, thousands, scientific notation) — and a cell that is no number is an error *of that
cell*. Every failure while evaluating is a :class:`~agent_desk.importer.values.CellError`, never anything else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from agent_desk.importer.expr_functions import (
    COMPARE,
    CONTEXT,
    DATE_FUNCTIONS,
    NUMBER_FUNCTIONS,
    Evaluator,
    ExpressionError,
    Value,
    add_to_date,
    as_day,
    as_number,
    as_text,
    concat,
    guarded,
    key_text,
    make_date,
    negate,
    shift,
    shown,
    text_function,
    truth,
    whole,
)
from agent_desk.importer.expr_syntax import (
    Binary,
    Call,
    ExpressionSyntaxError,
    Literal,
    Name,
    Node,
    Unary,
    calls,
    names,
    parse,
)
from agent_desk.importer.numbers import NumberFormat, parse_number
from agent_desk.importer.sources import Cell
from agent_desk.importer.values import CellError, DateReader, clean_text

# name → (fewest arguments, most arguments)
FUNCTIONS: dict[str, tuple[int, int]] = {
    "if": (2, 3),
    "coalesce": (1, 20),
    "min": (1, 20),
    "max": (1, 20),
    "abs": (1, 1),
    "round": (1, 2),
    "floor": (1, 1),
    "ceil": (1, 1),
    "number": (1, 1),
    "text": (1, 2),
    "date": (1, 3),
    "year": (1, 1),
    "month": (1, 1),
    "day": (1, 1),
    "add_days": (2, 2),
    "add_months": (2, 2),
    "month_start": (1, 1),
    "month_end": (1, 1),
    "len": (1, 1),
    "upper": (1, 1),
    "lower": (1, 1),
    "trim": (1, 1),
    "left": (2, 2),
    "right": (2, 2),
    "replace": (3, 3),
    "is_blank": (1, 1),
    "lookup": (2, 3),
}


@dataclasses.dataclass(frozen=True)
class Expression:
    """An expression as the mapping gives it, checked: its text, its tree, and the columns it reads."""

    text: str
    tree: Node
    columns: tuple[str, ...]
    lets: tuple[str, ...]  # the [let] values it uses


def check_expression(
    text: str, *, lets: Sequence[str], variables: Mapping[str, Value], tables: Mapping[str, Mapping[str, Value]]
) -> Expression:
    """Parse ``text`` and check its functions, argument counts and tables; raises :class:`ExpressionSyntaxError`."""
    tree = parse(text)
    for call in calls(tree):
        bounds = FUNCTIONS.get(call.function)
        if bounds is None:
            known = ", ".join(FUNCTIONS)
            raise ExpressionSyntaxError(f"no function {call.function}() (functions: {known})", call.position)
        if not bounds[0] <= len(call.args) <= bounds[1]:
            wanted = str(bounds[0]) if bounds[0] == bounds[1] else f"{bounds[0]} to {bounds[1]}"
            raise ExpressionSyntaxError(f"{call.function}() takes {wanted} arguments", call.position)
        if call.function == "lookup":
            table = call.args[0]
            if not (isinstance(table, Literal) and isinstance(table.value, str)):
                raise ExpressionSyntaxError("lookup() takes a table's name in quotes first", call.position)
            if table.value not in tables:
                known = ", ".join(sorted(tables)) or "none"
                raise ExpressionSyntaxError(f"no table {table.value!r} (tables: {known})", call.position)
    columns: list[str] = []
    used_lets: list[str] = []
    for name in names(tree):
        if not name.bracketed and name.name in variables:
            continue
        if not name.bracketed and name.name in lets:
            used_lets.append(name.name)
        elif name.name not in columns:
            columns.append(name.name)
    return Expression(text, tree, tuple(columns), tuple(dict.fromkeys(used_lets)))


def constant_value(text: str, variables: Mapping[str, Value]) -> Value:
    """The value of an expression that uses only ``variables`` and literals (a repeated group's ``{n - 1}``)."""
    tree = parse(text)
    if any(call.function == "lookup" for call in calls(tree)):
        raise ExpressionSyntaxError("lookup() is not allowed here", 0)
    for name in names(tree):
        if name.bracketed or name.name not in variables:
            raise ExpressionSyntaxError(f"{name.name} is not the group's variable", name.position)
    compiled = Compiler({}, {}, variables, {}, NumberFormat(), DateReader(("%Y-%m-%d",)), {}).compile(tree)
    return compiled(())


class LetValues:
    """The ``[let]`` values of the row being read, each computed at most once (cleared for every row)."""

    def __init__(self) -> None:
        self.values: dict[str, Value] = {}
        self.busy: set[str] = set()

    def clear(self) -> None:
        self.values.clear()


class Compiler:
    """Turns checked trees into closures, for one file's header."""

    def __init__(
        self,
        positions: Mapping[str, int],
        lets: Mapping[str, Expression],
        variables: Mapping[str, Value],
        tables: Mapping[str, Mapping[str, Value]],
        number_format: NumberFormat,
        dates: DateReader,
        let_values: Mapping[str, Evaluator],
        state: LetValues | None = None,
    ) -> None:
        self.positions = positions
        self.lets = lets
        self.variables = variables
        self.tables = tables
        self.number_format = dataclasses.replace(number_format, scale=0)
        self.dates = dates
        self.let_values = let_values
        self.state = state or LetValues()

    def compile(self, node: Node) -> Evaluator:
        if isinstance(node, Literal):
            value = node.value
            return lambda cells: value
        if isinstance(node, Name):
            return self._name(node)
        if isinstance(node, Unary):
            return self._unary(node)
        if isinstance(node, Binary):
            return self._binary(node)
        return self._call(node)

    # -- names -----------------------------------------------------------------------------------------------

    def _name(self, node: Name) -> Evaluator:
        if not node.bracketed and node.name in self.variables:
            value = self.variables[node.name]
            return lambda cells: value
        if not node.bracketed and node.name in self.let_values:
            return self._let(node.name)
        index = self.positions.get(node.name)
        if index is None:
            return lambda cells: None  # an optional column the file lacks

        def column(cells: Sequence[Cell]) -> Value:
            cell = cells[index] if index < len(cells) else None
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                return None
            if isinstance(cell, str):
                return clean_text(cell)
            return cell

        return column

    def _let(self, name: str) -> Evaluator:
        state = self.state
        values = state.values
        lets = self.let_values

        def let(cells: Sequence[Cell]) -> Value:
            if name in values:
                return values[name]
            value = lets[name](cells)
            values[name] = value
            return value

        return let

    def _coerced(self, node: Node, convert: Callable[[Value], Value]) -> Evaluator:
        """``node``'s value through ``convert``; a column's cell that does not convert is that cell's error."""
        inner = self.compile(node)
        column = self._column_of(node)
        if column is not None:

            def from_cell(cells: Sequence[Cell]) -> Value:
                value = inner(cells)
                try:
                    return convert(value)
                except CellError as problem:
                    raise ExpressionError(
                        problem.message.code, column=column, cell=shown(value), **dict(problem.message.params)
                    ) from problem

            return from_cell
        return lambda cells: convert(inner(cells))

    def _column_of(self, node: Node) -> str | None:
        """The column ``node`` reads, when it is a bare reference to one."""
        if not isinstance(node, Name) or node.name not in self.positions:
            return None
        if not node.bracketed and (node.name in self.variables or node.name in self.let_values):
            return None
        return node.name

    def evaluator(self, node: Node) -> Evaluator:
        """The compiled expression, with any failure of arithmetic turned into a :class:`CellError`."""
        inner = self.compile(node)

        def evaluate(cells: Sequence[Cell]) -> Value:
            try:
                return inner(cells)
            except CellError:
                raise
            except (ArithmeticError, ValueError, OverflowError, TypeError) as error:
                raise ExpressionError("import.expr.failed", function="", detail=str(error)[:120]) from error

        return evaluate

    # -- operators -------------------------------------------------------------------------------------------

    def _unary(self, node: Unary) -> Evaluator:
        if node.op == "not":
            operand = self.compile(node.operand)
            return lambda cells: negate(truth(operand(cells)))
        number = self._coerced(node.operand, self.to_number)
        return lambda cells: None if (value := number(cells)) is None else CONTEXT.minus(as_number(value))

    def _binary(self, node: Binary) -> Evaluator:
        op = node.op
        if op in ("and", "or"):
            left, right = self.compile(node.left), self.compile(node.right)
            if op == "and":
                return lambda cells: truth(left(cells)) is True and truth(right(cells)) is True
            return lambda cells: truth(left(cells)) is True or truth(right(cells)) is True
        if op == "&":
            left, right = self.compile(node.left), self.compile(node.right)
            return lambda cells: concat(left(cells), right(cells))
        if op in ("=", "!=", "<", "<=", ">", ">="):
            return self._compare(node)
        return self._arithmetic(node)

    def _arithmetic(self, node: Binary) -> Evaluator:
        op = node.op
        left_raw, right_raw = self.compile(node.left), self.compile(node.right)
        left_number, right_number = self._coerced(node.left, self.to_number), self._coerced(node.right, self.to_number)

        def arithmetic(cells: Sequence[Cell]) -> Value:
            left = left_raw(cells)
            right = right_raw(cells)
            if left is None or right is None:
                return None
            if op in ("+", "-") and isinstance(left, dt.date):
                if isinstance(right, dt.date) and op == "-":
                    return Decimal((as_day(left) - as_day(right)).days)
                days = whole(self.to_number(right))
                return shift(left, days if op == "+" else -days)
            if op == "+" and isinstance(right, dt.date):
                return shift(right, whole(self.to_number(left)))
            a, b = as_number(left_number(cells)), as_number(right_number(cells))
            if op == "+":
                return CONTEXT.add(a, b)
            if op == "-":
                return CONTEXT.subtract(a, b)
            if op == "*":
                return CONTEXT.multiply(a, b)
            if b == 0:
                raise ExpressionError("import.expr.division_by_zero")
            return CONTEXT.divide(a, b)

        return arithmetic

    def _compare(self, node: Binary) -> Evaluator:
        op = node.op
        left_raw, right_raw = self.compile(node.left), self.compile(node.right)
        numbers = (self._coerced(node.left, self.to_number), self._coerced(node.right, self.to_number))
        dates = (self._coerced(node.left, self.to_date), self._coerced(node.right, self.to_date))

        def compare(cells: Sequence[Cell]) -> Value:
            left, right = left_raw(cells), right_raw(cells)
            if left is None or right is None:
                return None
            if isinstance(left, bool) or isinstance(right, bool):
                if op not in ("=", "!=") or not (isinstance(left, bool) and isinstance(right, bool)):
                    raise ExpressionError("import.expr.compare", left=shown(left), right=shown(right))
                a: Any = left
                b: Any = right
            elif isinstance(left, dt.date) or isinstance(right, dt.date):
                if isinstance(left, Decimal) or isinstance(right, Decimal):
                    raise ExpressionError("import.expr.compare", left=shown(left), right=shown(right))
                a, b = as_day(dates[0](cells)), as_day(dates[1](cells))  # type: ignore[arg-type]
            elif isinstance(left, Decimal) or isinstance(right, Decimal):
                a, b = numbers[0](cells), numbers[1](cells)
            else:
                a, b = left, right
            return COMPARE[op](a, b)

        return compare

    # -- conversions ------------------------------------------------------------------------------------------

    def to_number(self, value: Value) -> Value:
        if value is None:
            return None
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ExpressionError("import.expr.not_a_number", value=shown(value))
            return value
        if isinstance(value, str):
            try:
                return parse_number(value, self.number_format)
            except CellError as problem:
                if problem.message.code == "import.value.amount":  # "not an amount" is the wrong word here
                    raise CellError("import.value.number", value=value) from problem
                raise
        raise ExpressionError("import.expr.not_a_number", value=shown(value))

    def to_date(self, value: Value) -> Value:
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, str | Decimal):
            return self.dates.date(value)
        raise ExpressionError("import.expr.not_a_date", value=shown(value))

    # -- calls ------------------------------------------------------------------------------------------------

    def _call(self, node: Call) -> Evaluator:
        function = node.function
        if function == "if":
            condition = self.compile(node.args[0])
            then = self.compile(node.args[1])
            otherwise = self.compile(node.args[2]) if len(node.args) > 2 else (lambda cells: None)
            return lambda cells: then(cells) if truth(condition(cells)) is True else otherwise(cells)
        if function == "coalesce":
            options = [self.compile(arg) for arg in node.args]
            return lambda cells: next((v for option in options if (v := option(cells)) is not None), None)
        if function == "lookup":
            return self._lookup(node)
        if function == "is_blank":
            inner = self.compile(node.args[0])
            return lambda cells: inner(cells) is None
        return self._function(node)

    def _lookup(self, node: Call) -> Evaluator:
        first = node.args[0]
        assert isinstance(first, Literal)
        name = str(first.value)
        table = self.tables[name]
        key = self._coerced(node.args[1], key_text)
        default = self.compile(node.args[2]) if len(node.args) > 2 else None
        column = self._column_of(node.args[1])

        def lookup(cells: Sequence[Cell]) -> Value:
            found = key(cells)
            if found is None:
                return None if default is None else default(cells)
            text = str(found)
            if text in table:
                return table[text]
            if default is not None:
                return default(cells)
            raise ExpressionError("import.expr.not_in_table", column=column, cell=text, value=text, table=name)

        return lookup

    def _function(self, node: Call) -> Evaluator:
        function = node.function
        args = node.args
        if function in ("min", "max", "abs", "round", "floor", "ceil", "number"):
            numbers = [self._coerced(arg, self.to_number) for arg in args]
            if function in ("min", "max") and not all(isinstance(arg, Name) for arg in args):
                raw = [self.compile(arg) for arg in args]
                numbers = [self._min_max_arg(r, n) for r, n in zip(raw, numbers, strict=True)]
            return guarded(function, lambda cells: NUMBER_FUNCTIONS[function]([n(cells) for n in numbers]))
        if function in ("year", "month", "day", "month_start", "month_end"):
            day = self._coerced(args[0], self.to_date)
            return guarded(function, lambda cells: DATE_FUNCTIONS[function](day(cells)))
        if function in ("add_days", "add_months"):
            start = self._coerced(args[0], self.to_date)
            count = self._coerced(args[1], self.to_number)
            return guarded(function, lambda cells: add_to_date(function, start(cells), count(cells)))
        if function == "date":
            return self._date(node)
        if function == "text":
            inner = self.compile(args[0])
            pattern = self.compile(args[1]) if len(args) > 1 else None
            return guarded(function, lambda cells: as_text(inner(cells), None if pattern is None else pattern(cells)))
        compiled = [self.compile(arg) for arg in args]
        return guarded(function, lambda cells: text_function(function, [value(cells) for value in compiled]))

    def _min_max_arg(self, raw: Evaluator, number: Evaluator) -> Evaluator:
        """min/max compare dates as dates and everything else as numbers."""
        return lambda cells: value if isinstance(value := raw(cells), dt.date) else number(cells)

    def _date(self, node: Call) -> Evaluator:
        args = node.args
        if len(args) == 3:
            parts = [self._coerced(arg, self.to_number) for arg in args]
            return guarded("date", lambda cells: make_date([part(cells) for part in parts]))
        if len(args) == 2:
            value = self.compile(args[1])
            inner = self.compile(args[0])

            def with_format(cells: Sequence[Cell]) -> Value:
                pattern = value(cells)
                if not isinstance(pattern, str) or "%" not in pattern or len(pattern) > 40:
                    raise ExpressionError("import.expr.bad_argument", function="date", value=shown(pattern))
                return DateReader((pattern,)).date(inner(cells))  # type: ignore[arg-type]

            return guarded("date", self._coerced_value(args[0], with_format))
        return self._coerced(args[0], self.to_date)

    def _coerced_value(self, node: Node, evaluate: Evaluator) -> Evaluator:
        column = self._column_of(node)

        def attributed(cells: Sequence[Cell]) -> Value:
            try:
                return evaluate(cells)
            except ExpressionError:
                raise
            except CellError as problem:
                raise ExpressionError(
                    problem.message.code, column=column, cell="", **dict(problem.message.params)
                ) from problem

        return attributed
