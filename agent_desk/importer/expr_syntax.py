"""The syntax of mapping expressions: text → a small tree, by a tokenizer and a recursive-descent parser.

Nothing here runs Python: the tree is made of the node classes below and evaluated by
:mod:`agent_desk.importer.expressions`, which knows only the row's cells, the mapping's values and tables, and
its own short list of functions. Grammar, loosest first::

    expr       := or ;  or := and ("or" and)* ;  and := not ("and" not)* ;  not := "not" not | compare
    compare    := concat (("=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=") concat)?
    concat     := sum ("&" sum)* ;  sum := product (("+" | "-") product)* ;  product := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | 'text' | "text" | true | false | null | NAME | [Column name] | `Column name`
                | NAME "(" [expr ("," expr)*] ")" | "(" expr ")"
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

MAX_LENGTH = 4000  # characters of one expression
MAX_DEPTH = 30  # nesting of parentheses, calls and signs (each level costs the parser about ten frames)
MAX_EXPONENT = 20  # 5e+05 yes, 1e999 no
MAX_TREE = 200  # levels of the tree: a long chain of + or & is as deep as it is long

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<string>'(?:[^']|'')*'|"(?:[^"]|"")*")
  | (?P<bracket>\[[^\[\]]*\]|`[^`]*`)
  | (?P<name>[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<op><=|>=|!=|<>|==|[=<>+\-*/&(),])
    """,
    re.VERBOSE,
)
KEYWORDS = {"and", "or", "not", "true", "false", "null"}
COMPARISONS = {"=": "=", "==": "=", "!=": "!=", "<>": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class ExpressionSyntaxError(ValueError):
    """The text is not an expression; ``position`` is the 0-based character where reading stopped."""

    def __init__(self, reason: str, position: int) -> None:
        super().__init__(f"{reason} at character {position + 1}")
        self.reason = reason
        self.position = position


@dataclasses.dataclass(frozen=True)
class Literal:
    value: Decimal | str | bool | None


@dataclasses.dataclass(frozen=True)
class Name:
    """A bare name: a loop variable, a value of ``[let]``, or a column (resolved when compiled)."""

    name: str
    bracketed: bool  # [Column name]: always a column
    position: int


@dataclasses.dataclass(frozen=True)
class Call:
    function: str  # lower case
    args: tuple[Node, ...]
    position: int


@dataclasses.dataclass(frozen=True)
class Unary:
    op: str  # "-", "not"
    operand: Node


@dataclasses.dataclass(frozen=True)
class Binary:
    op: str  # + - * / & = != < <= > >= and or
    left: Node
    right: Node
    position: int


Node = Literal | Name | Call | Unary | Binary


@dataclasses.dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    position: int


def tokenize(text: str) -> list[_Token]:
    if len(text) > MAX_LENGTH:
        raise ExpressionSyntaxError(f"longer than {MAX_LENGTH} characters", MAX_LENGTH)
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionSyntaxError(f"unexpected {text[position]!r}", position)
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group(0)
            if kind == "name" and word.lower() in KEYWORDS:
                kind, word = "keyword", word.lower()
            tokens.append(_Token(kind, word, position))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def parse(text: str) -> Node:
    """The tree of ``text``; raises :class:`ExpressionSyntaxError` (and nothing else) when it is not one."""
    parser = _Parser(tokenize(text))
    node = parser.expr(0)
    token = parser.peek()
    if token.kind != "end":
        raise ExpressionSyntaxError(f"unexpected {token.text!r}", token.position)
    if _depth(node) > MAX_TREE:
        raise ExpressionSyntaxError(f"more than {MAX_TREE} levels deep: split it into [let] values", 0)
    return node


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


def _depth(root: Node) -> int:
    """How many levels the tree has (without recursion: the tree may be deeper than Python's stack)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in _children(node))
    return deepest


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def accept(self, *texts: str) -> _Token | None:
        token = self.peek()
        if token.kind in ("op", "keyword") and token.text in texts:
            return self.take()
        return None

    def expect(self, text: str) -> _Token:
        token = self.take()
        if token.text != text or token.kind not in ("op", "keyword"):
            shown = "the end" if token.kind == "end" else repr(token.text)
            raise ExpressionSyntaxError(f"expected {text!r}, found {shown}", token.position)
        return token

    def expr(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionSyntaxError(f"nested deeper than {MAX_DEPTH}", self.peek().position)
        return self._or(depth)

    def _or(self, depth: int) -> Node:
        node = self._and(depth)
        while token := self.accept("or"):
            node = Binary("or", node, self._and(depth), token.position)
        return node

    def _and(self, depth: int) -> Node:
        node = self._not(depth)
        while token := self.accept("and"):
            node = Binary("and", node, self._not(depth), token.position)
        return node

    def _not(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionSyntaxError(f"nested deeper than {MAX_DEPTH}", self.peek().position)
        if self.accept("not"):
            return Unary("not", self._not(depth + 1))
        return self._compare(depth)

    def _compare(self, depth: int) -> Node:
        node = self._concat(depth)
        token = self.accept(*COMPARISONS)
        if token is not None:
            node = Binary(COMPARISONS[token.text], node, self._concat(depth), token.position)
            if self.peek().text in COMPARISONS and self.peek().kind == "op":
                raise ExpressionSyntaxError("comparisons do not chain: use and", self.peek().position)
        return node

    def _concat(self, depth: int) -> Node:
        node = self._sum(depth)
        while token := self.accept("&"):
            node = Binary("&", node, self._sum(depth), token.position)
        return node

    def _sum(self, depth: int) -> Node:
        node = self._product(depth)
        while token := self.accept("+", "-"):
            node = Binary(token.text, node, self._product(depth), token.position)
        return node

    def _product(self, depth: int) -> Node:
        node = self._unary(depth)
        while token := self.accept("*", "/"):
            node = Binary(token.text, node, self._unary(depth), token.position)
        return node

    def _unary(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ExpressionSyntaxError(f"nested deeper than {MAX_DEPTH}", self.peek().position)
        if self.accept("-"):
            return Unary("-", self._unary(depth + 1))
        if self.accept("+"):
            return self._unary(depth + 1)
        return self._atom(depth)

    def _atom(self, depth: int) -> Node:
        token = self.take()
        if token.kind == "number":
            return Literal(_number(token))
        if token.kind == "string":
            quote = token.text[0]
            return Literal(token.text[1:-1].replace(quote * 2, quote))
        if token.kind == "keyword" and token.text in ("true", "false", "null"):
            return Literal({"true": True, "false": False, "null": None}[token.text])
        if token.kind == "bracket":
            name = token.text[1:-1].strip()
            if not name:
                raise ExpressionSyntaxError("an empty column name", token.position)
            return Name(name, True, token.position)
        if token.kind == "name":
            if self.accept("("):
                return Call(token.text.lower(), self._args(depth + 1), token.position)
            return Name(token.text, False, token.position)
        if token.kind == "op" and token.text == "(":
            node = self.expr(depth + 1)
            self.expect(")")
            return node
        shown = "the end" if token.kind == "end" else repr(token.text)
        raise ExpressionSyntaxError(f"expected a value, found {shown}", token.position)

    def _args(self, depth: int) -> tuple[Node, ...]:
        if self.accept(")"):
            return ()
        args = [self.expr(depth)]
        while self.accept(","):
            args.append(self.expr(depth))
        self.expect(")")
        return tuple(args)


def _number(token: _Token) -> Decimal:
    value = Decimal(token.text)
    if abs(value.adjusted()) > MAX_EXPONENT + len(token.text):
        raise ExpressionSyntaxError("a number too large", token.position)
    return value


def walk(root: Node) -> list[Node]:
    """Every node of the tree, parents before their children."""
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(reversed(_children(node)))
    return found


def names(node: Node) -> list[Name]:
    """Every bare or bracketed name in the tree, in reading order."""
    return [item for item in walk(node) if isinstance(item, Name)]


def calls(node: Node) -> list[Call]:
    """Every function call in the tree, outermost first."""
    return [item for item in walk(node) if isinstance(item, Call)]
