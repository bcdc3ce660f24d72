"""Where things are in a scenario file, so that every problem can say ``file:line``.

``tomllib`` gives values, not positions, so the raw text is indexed once: the line of every table header
(``[persona]``, ``[[accounts]]``, ``[nodes.hello]``), of every ``key =`` inside a table, and of every edge
(``{ when = … }``) inside a node's block.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
from pathlib import Path

from agent_desk.text import Message

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"]+)\s*=")
_EDGE = re.compile(r"\{\s*when\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclasses.dataclass(frozen=True)
class Problem:
    """Something wrong in a file, at a line (1-based; 0 when the file as a whole is meant)."""

    path: Path
    line: int
    message: Message

    def render(self, language: str = "en", root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            with contextlib.suppress(ValueError):
                shown = self.path.relative_to(root)
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        return f"{where}: {self.message.render(language)}"


def toml_error_line(error: Exception) -> int:
    """The line a ``tomllib.TOMLDecodeError`` points at (1 when it does not say)."""
    found = _TOML_POSITION.search(str(error))
    return int(found.group(1)) if found else 1


class SourceMap:
    """Line numbers of tables, keys and edges in one TOML text."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._tables: dict[str, list[tuple[int, int]]] = {}  # name → [(header line, end line)], in order
        headers: list[tuple[str, int]] = []
        for number, raw in enumerate(self.lines, start=1):
            match = _HEADER.match(raw)
            if match and not raw.lstrip().startswith("#"):
                headers.append((match.group(2).replace('"', "").strip(), number))
        headers.append(("", len(self.lines) + 1))
        self._root_end = headers[0][1] - 1
        for (name, start), (_next, following) in itertools.pairwise(headers):
            self._tables.setdefault(name, []).append((start, following - 1))

    def table(self, name: str, index: int = 0) -> int:
        """The header line of table ``name`` (its ``index``-th occurrence for ``[[arrays]]``), else 0."""
        found = self._tables.get(name, [])
        return found[index][0] if index < len(found) else 0

    def key(self, key: str, table: str = "", index: int = 0) -> int:
        """The line of ``key =`` in ``table`` (the root when empty); the table's header when not found."""
        start, end = self._block(table, index)
        for number in range(start, end + 1):
            match = _KEY.match(self.lines[number - 1]) if 0 < number <= len(self.lines) else None
            if match and match.group(1).strip('"') == key:
                return number
        return self.table(table, index) if table else 1

    def edge(self, table: str, position: int) -> int:
        """The line of the ``position``-th edge (``{ when = … }``) in ``table``; its header when not found."""
        start, end = self._block(table, 0)
        seen = 0
        for number in range(start, end + 1):
            if _EDGE.search(self.lines[number - 1]):
                if seen == position:
                    return number
                seen += 1
        return self.table(table)

    def _block(self, table: str, index: int) -> tuple[int, int]:
        if not table:
            return 1, self._root_end
        found = self._tables.get(table, [])
        if index >= len(found):
            return 1, 0
        return found[index]
