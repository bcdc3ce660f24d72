"""The mapping's expression language: what each form computes, every mistake named when the mapping loads, bad cells
named as cells, and (Hypothesis) no input that crashes it or lets it reach anything but the row and the tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_desk.importer import MappingError, parse_mapping
from agent_desk.importer.expr_syntax import ExpressionSyntaxError, parse
from agent_desk.importer.expressions import Compiler, LetValues, check_expression
from agent_desk.importer.numbers import NumberFormat
from agent_desk.importer.sources import Cell
from agent_desk.importer.values import CellError, DateReader

HEADER = ("ID", "LIMIT_BAL", "AGE", "PAY_0", "BILL", "PAID", "EDU", "WHEN", "Client Name")
ROW = ("7", "5e+05", "24", "2", "3,913", "689", "1", "30/09/2026", "Sari")
TABLES = {"edu": {"1": "graduate school", "2": "university"}}
LETS = {"as_of": "date('2026-10-31')", "late": "PAY_0 >= 1"}


def evaluate(text: str, row: Sequence[Cell] = ROW, variables: dict[str, Any] | None = None) -> Any:
    variables = variables or {}
    lets = {name: check_expression(body, lets=list(LETS), variables={}, tables=TABLES) for name, body in LETS.items()}
    positions = {name: index for index, name in enumerate(HEADER)}
    let_values: dict[str, Any] = {}
    compiler = Compiler(
        positions,
        lets,
        variables,
        TABLES,
        NumberFormat(),
        DateReader(("%d/%m/%Y", "%Y-%m-%d")),
        let_values,
        LetValues(),
    )
    let_values.update({name: compiler.evaluator(expression.tree) for name, expression in lets.items()})
    expression = check_expression(text, lets=list(LETS), variables=variables, tables=TABLES)
    return compiler.evaluator(expression.tree)(row)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BILL - PAID", Decimal("3224")),  # text cells read as numbers in the file's format
        ("max(BILL - PAID, 0)", Decimal("3224")),
        ("min(PAID, 100, null)", Decimal("100")),  # null is left out
        ("LIMIT_BAL / 4", Decimal("125000")),  # 5e+05
        ("round(LIMIT_BAL / 3, 2)", Decimal("166666.67")),
        ("floor(-2.5) & '/' & ceil(2.1) & '/' & abs(-3)", "-3/3/3"),
        ("2026 - AGE", Decimal("2002")),
        ("'CARD-' & ID & '/' & [Client Name]", "CARD-7/Sari"),
        ("if(PAY_0 >= 1, 30 * (PAY_0 - 1) + 1, 0)", Decimal("31")),
        ("if(PAY_0 = -2, 'no use')", None),
        ("PAY_0 = 2 and not (AGE < 18)", True),
        ("late or false", True),  # a [let] value
        ("lookup('edu', EDU)", "graduate school"),
        ("lookup('edu', 9, 'other')", "other"),
        ("coalesce(null, ID)", "7"),
        ("is_blank(null) and not is_blank(ID)", True),
        ("add_months(as_of, -1)", dt.date(2026, 9, 30)),
        ("month_end(add_months(as_of, -8))", dt.date(2026, 2, 28)),
        ("as_of - date(WHEN)", Decimal("31")),
        ("date(WHEN) + 2", dt.date(2026, 10, 2)),
        ("date(2026, 2, 3) = date('2026-02-03')", True),
        ("date('2026|02|03', '%Y|%m|%d')", dt.date(2026, 2, 3)),
        ("text(as_of, '%Y-%m') & ' ' & year(as_of) & month(as_of) & day(as_of)", "2026-10 20261031"),
        ("upper(left([Client Name], 2)) & lower(right('ABC', 1)) & len(trim('  x '))", "SAc1"),
        ("replace('a-b-c', '-', '')", "abc"),
        ("number('1,250.50') * 2", Decimal("2501.00")),
        ("1e3 + .5", Decimal("1000.5")),
        ("'it''s'", "it's"),
        ("max(as_of, date(WHEN))", dt.date(2026, 10, 31)),
    ],
)
def test_what_each_form_computes(text: str, expected: Any) -> None:
    assert evaluate(text) == expected


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("BILL - PAID", (*ROW[:4], "3.913,00", *ROW[5:]), "BILL", "not a number: 3.913,00"),
        (
            "BILL * 2",
            (*ROW[:4], "1,2,3", *ROW[5:]),
            "BILL",
            "not an amount: 1,2,3 (after “,” come groups of three digits; check decimal_comma and thousands)",
        ),
        (
            "lookup('edu', EDU)",
            (*ROW[:6], "9", *ROW[7:]),
            "EDU",
            "9 is not in the table edu (add it, or give lookup() a default)",
        ),
        (
            "date(WHEN)",
            (*ROW[:7], "31/02/2026", ROW[8]),
            "WHEN",
            "not a date in the expected format (%d/%m/%Y | %Y-%m-%d): 31/02/2026",
        ),
        ("PAID / (AGE - 24)", ROW, None, "division by zero"),
        ("if(ID, 1, 2)", ROW, None, "not true or false: 7 (compare it with something, or use is_blank())"),
        ("date(WHEN) < 5", ROW, None, "cannot compare 2026-09-30 with 5"),
        ("add_months(as_of, 1.5)", ROW, None, "not a whole number: 1.5"),
        ("date(2026, 2, 30)", ROW, None, "no such date: 2026-2-30"),
    ],
)
def test_a_value_that_cannot_be_computed_names_its_cell(
    text: str, row: tuple[str, ...], column: str | None, message: str
) -> None:
    with pytest.raises(CellError) as caught:
        evaluate(text, row)
    assert caught.value.message.render() == message
    assert getattr(caught.value, "column", None) == column


def _mapping(**account: Any) -> dict[str, Any]:
    return {
        "let": {"as_of": "date('2026-10-31')"},
        "tables": {"edu": {"1": "graduate school"}},
        "status_tables": {"repayment": {"codes": {"-1": 0, "1": 1}}},
        "customer": {"customer_number": "ID", "full_name": "NAME"},
        "account": {"account_number": "ID", "product": {"value": "credit_card"}, "outstanding": "BILL", **account},
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _mapping(arrears={"expr": "BILL -"}),
            (
                "Mapping: account.arrears: BILL - is not an expression the import understands: expected a value, found "
                "the end at character 7"
            ),
        ),
        (
            _mapping(arrears={"expr": "__import__('os').system('ls')"}),
            (
                "Mapping: account.arrears: __import__('os').system('ls') is not an expression the import understands: "
                "unexpected '.' at character 17"
            ),
        ),
        (
            _mapping(arrears={"expr": "eval(BILL)"}),
            (
                "Mapping: account.arrears: eval(BILL) is not an expression the import understands: no function eval() "
                "(functions: if, coalesce, min, max, abs, round, floor, ceil, number, text, date, year, month, day, "
                "add_days, add_months, month_start, month_end, len, upper, lower, trim, left, right, replace, "
                "is_blank, lookup) at character 1"
            ),
        ),
        (
            _mapping(arrears={"expr": "round(1, 2, 3)"}),
            (
                "Mapping: account.arrears: round(1, 2, 3) is not an expression the import understands: round() takes 1 "
                "to 2 arguments at character 1"
            ),
        ),
        (
            _mapping(arrears={"expr": "lookup('colours', BILL)"}),
            (
                "Mapping: account.arrears: lookup('colours', BILL) is not an expression the import understands: "
                "no table 'colours' (tables: edu) at character 1"
            ),
        ),
        (
            _mapping(arrears={"expr": "1 < 2 < 3"}),
            (
                "Mapping: account.arrears: 1 < 2 < 3 is not an expression the import understands: comparisons do not "
                "chain: use and at character 7"
            ),
        ),
        (
            _mapping(days_past_due={"column": "PAY_0", "status_table": "kolek"}),
            "Mapping: account.days_past_due.status_table = kolek: no such status table (status tables: repayment)",
        ),
        (
            _mapping(arrears={"column": "PAY_0", "status_table": "repayment"}),
            (
                "Mapping: account.arrears.status_table = repayment is not valid (expected a status table only for "
                "account.days_past_due and installments' status_code)"
            ),
        ),
        (
            {**_mapping(), "let": {"a": "b + 1", "b": "a * 2"}},
            "Mapping: the [let] values use each other in a circle: a → b → a",
        ),
        (
            {**_mapping(), "installments": [{"for": "n from 1 to 6", "month": "M{n}", "amount_due": "B{n}"}]},
            (
                'Mapping: installments[1].for = n from 1 to 6 is not valid (expected "n in 1..6", or a list: '
                '"n in [1, 3, 6]")'
            ),
        ),
        (
            {**_mapping(), "status_tables": {"repayment": {"codes": {"1": -1}}}},
            (
                "Mapping: status_tables.repayment.codes.1 = -1 is not valid (expected a whole number of months late, 0 "
                "for current)"
            ),
        ),
    ],
)
def test_mapping_mistakes_in_expressions_are_named_before_any_row_is_read(data: dict[str, Any], message: str) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(data)
    assert caught.value.message.render() == message


def test_a_repeated_group_is_one_block_whatever_the_columns_are_called() -> None:
    mapping = parse_mapping(
        {
            **_mapping(as_of={"expr": "as_of"}),
            "installments": [
                {
                    "for": "n in 1..6",
                    "month": {"expr": "add_months(as_of, 1 - n)"},
                    "amount_due": "BILL_AMT{n}",
                    "status_code": {"column": "PAY_{if(n = 1, 0, n)}", "status_table": "repayment"},
                }
            ],
            "payments": [
                {
                    "for": 'm in ["2026-09", "2026-10"]',
                    "amount": "PAID_{m}",
                    "paid_at": {"expr": "date(m & '-01')"},
                    "reference": {"template": "{ID}/{m}"},
                }
            ],
        }
    )
    (bills,) = mapping.installments
    assert bills.periods == ("1", "2", "3", "4", "5", "6")
    assert [fields["status_code"].column for _, fields in bills.expanded()] == [
        "PAY_0",
        "PAY_2",
        "PAY_3",
        "PAY_4",
        "PAY_5",
        "PAY_6",
    ]
    assert [fields["amount_due"].column for _, fields in bills.expanded()][-1] == "BILL_AMT6"
    (payments,) = mapping.payments
    assert [fields["reference"].template.text for _, fields in payments.expanded()] == [  # type: ignore[union-attr]
        "{ID}/2026-09",
        "{ID}/2026-10",
    ]
    assert set(mapping.column_uses()) >= {"PAY_0", "PAY_6", "BILL_AMT1", "PAID_2026-10", "ID", "BILL"}


# -- Hypothesis: no input crashes the language, and it reaches nothing but the row and the tables ----------------

_ATOMS = st.sampled_from(
    [
        "ID", "LIMIT_BAL", "AGE", "PAY_0", "BILL", "[Client Name]", "as_of", "late", "n", "1", "0", "-2", "2.5",
        "5e+05", "1e30", "'x'", "'2026-01-31'", "true", "false", "null", "__import__", "os", "self", "__class__",
        "open", "x.y", "[]", "''",
    ]
)  # fmt: skip
_CALLS = st.sampled_from(
    [
        "if", "coalesce", "min", "max", "abs", "round", "floor", "ceil", "number", "text", "date", "year",
        "add_days", "add_months", "month_end", "len", "upper", "left", "replace", "is_blank", "lookup", "eval",
        "exec", "getattr",
    ]
)  # fmt: skip
_OPS = st.sampled_from(["+", "-", "*", "/", "&", "=", "!=", "<", ">=", "and", "or"])


def _expressions(depth: int = 3) -> st.SearchStrategy[str]:
    if depth == 0:
        return _ATOMS
    inner = _expressions(depth - 1)
    return st.one_of(
        _ATOMS,
        st.builds(lambda a, op, b: f"{a} {op} {b}", inner, _OPS, inner),
        st.builds(lambda f, args: f"{f}({', '.join(args)})", _CALLS, st.lists(inner, max_size=4)),
        st.builds(lambda a: f"lookup('edu', {a})", inner),
        st.builds(lambda a: f"not ({a})", inner),
        st.builds(lambda a: f"-({a})", inner),
    )


_CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["1", "-2", "5e+05", "1,250.50", "30/09/2026", "2026-09-30", "abc", "1e999", "NaN", " "]),
    st.decimals(allow_nan=True, allow_infinity=True, places=2),
    st.dates(min_value=dt.date(1, 1, 1)),
)


class _Watched(tuple):  # type: ignore[type-arg]
    """A row that remembers which cells were read."""

    def __new__(cls, cells: Sequence[Cell]) -> _Watched:
        row = super().__new__(cls, cells)
        row.read = set()  # type: ignore[attr-defined]
        return row

    def __getitem__(self, index: Any) -> Any:
        self.read.add(index)  # type: ignore[attr-defined]
        return super().__getitem__(index)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_expressions(), st.text(max_size=80)), cells=st.lists(_CELLS, min_size=9, max_size=9))
def test_no_input_crashes_it_and_it_reads_only_the_columns_it_names(text: str, cells: list[Cell]) -> None:
    try:
        expression = check_expression(text, lets=list(LETS), variables={"n": Decimal(2)}, tables=TABLES)
    except ExpressionSyntaxError:
        return
    row = _Watched(cells)
    try:
        value = evaluate(text, row, {"n": Decimal(2)})
    except CellError:
        value = None
    named = {HEADER.index(name) for name in expression.columns if name in HEADER}
    named |= {HEADER.index("PAY_0")} if "late" in expression.lets else set()  # what the [let] value reads
    assert row.read <= named  # type: ignore[attr-defined]
    assert value is None or isinstance(value, Decimal | str | dt.date | bool)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_says_where_it_stops(text: str) -> None:
    position = 0
    try:
        parse(text)
    except ExpressionSyntaxError as problem:
        position = problem.position
    assert 0 <= position <= max(len(text), 4000)
