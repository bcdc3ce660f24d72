"""Plain graph questions about a dialogue: what the start reaches, and what can still reach an end.

Kept apart from the scenario types (nodes are ids, edges are ``node → targets``) so the property tests can ask
the same questions of generated graphs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping


def reachable(start: str, edges: Mapping[str, Iterable[str]]) -> set[str]:
    """Every node reachable from ``start`` (itself included) along edges to known nodes."""
    if start not in edges:
        return set()
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in edges.get(node, ()):
            if target in edges and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def reaching(targets: Iterable[str], edges: Mapping[str, Iterable[str]]) -> set[str]:
    """Every node from which one of ``targets`` can be reached (the targets included)."""
    incoming: dict[str, set[str]] = {node: set() for node in edges}
    for node, following in edges.items():
        for target in following:
            if target in incoming:
                incoming[target].add(node)
    found = {target for target in targets if target in edges}
    queue = deque(found)
    while queue:
        node = queue.popleft()
        for source in incoming[node]:
            if source not in found:
                found.add(source)
                queue.append(source)
    return found


def stuck_nodes(start: str, edges: Mapping[str, Iterable[str]], ends: Iterable[str]) -> set[str]:
    """Nodes the start reaches from which no end can be reached any more (the call could never finish)."""
    return reachable(start, edges) - reaching(ends, edges)
