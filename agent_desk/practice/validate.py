"""``agent-desk practice validate``: every scenario file checked, every problem with its ``file:line``.

Per file: TOML syntax, keys and types (:func:`read_scenario`), then the dialogue graph — edges to unknown nodes,
unknown conditions, nodes the start never reaches, dead ends and nodes from which the call can never end, the
patience node, suggestions and objections the catalogs do not know. Per pair of languages: the scenario must
exist in every language with the same graph (only the words differ). Nothing is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from agent_desk.practice.catalog import load_mood_rules, load_replies, load_rubric, objection_codes, practice_root
from agent_desk.practice.events import EVENT_KINDS, is_known_condition
from agent_desk.practice.graph import reachable, reaching
from agent_desk.practice.scenario import Scenario, ScenarioFile, read_scenario
from agent_desk.practice.source import Problem
from agent_desk.text import LANGUAGES, Message


@dataclasses.dataclass(frozen=True)
class Validation:
    files: tuple[Path, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def scenario_files(root: Path | None = None) -> list[Path]:
    """Every scenario file under ``root`` (``resources/practice``), language by language."""
    root = root or practice_root()
    return sorted(path for language in LANGUAGES for path in (root / language).glob("*.toml"))


def validate(paths: Sequence[Path] | None = None, *, root: Path | None = None) -> Validation:
    """Check ``paths`` (default: every scenario file) and their other-language partners."""
    root = root or practice_root()
    wanted = [Path(p) for p in paths] if paths else scenario_files(root)
    files: list[Path] = []
    for path in wanted:
        for candidate in (path, *_partners(path)):
            resolved = candidate.resolve() if candidate.exists() else candidate
            if resolved not in files and (candidate.exists() or candidate == path):
                files.append(resolved)
    read = {path: read_scenario(path) for path in files}
    problems: list[Problem] = []
    for path in files:
        entry = read[path]
        problems.extend(entry.problems)
        if entry.scenario is not None:
            problems.extend(check_scenario(entry))
    for path in files:
        problems.extend(_check_partners(read[path], read))
    unique = list(dict.fromkeys(problems))
    return Validation(tuple(files), tuple(sorted(unique, key=lambda p: (str(p.path), p.line))))


def _partners(path: Path) -> list[Path]:
    language = path.parent.name
    if language not in LANGUAGES:
        return []
    return [path.parent.parent / other / path.name for other in LANGUAGES if other != language]


def check_scenario(entry: ScenarioFile) -> list[Problem]:
    """The graph and catalog checks of one scenario that parsed."""
    scenario = entry.scenario
    assert scenario is not None
    problems: list[Problem] = []

    def add(line: int, code: str, **params: object) -> None:
        problems.append(Problem(entry.path, line, Message.of(f"practice.validate.{code}", **params)))

    _check_settings(entry, scenario, add)
    _check_nodes(entry, scenario, add)
    _check_paths(scenario, add)
    return problems


def _check_settings(entry: ScenarioFile, scenario: Scenario, add: Callable[..., None]) -> None:
    source, nodes = entry.source, scenario.nodes
    for name, start in (("start", scenario.start), ("patience_node", scenario.patience_node)):
        if start not in nodes:
            add(source.key(name), "unknown_node", node=start)
    patience = nodes.get(scenario.patience_node)
    if patience is not None and not patience.end:
        add(source.key("patience_node"), "patience_not_end", node=scenario.patience_node)
    rubric_codes = set(load_rubric().codes)
    for code in scenario.skip:
        if code not in rubric_codes:
            add(source.key("skip"), "unknown_rubric_item", item=code)
    mood_keys = {*EVENT_KINDS, *load_mood_rules().events}
    for key in scenario.mood:
        if key not in mood_keys:
            add(source.key(key, "mood"), "unknown_condition", condition=key)


def _check_nodes(entry: ScenarioFile, scenario: Scenario, add: Callable[..., None]) -> None:
    source, nodes = entry.source, scenario.nodes
    objections = objection_codes(scenario.language if scenario.language in LANGUAGES else "en")
    intents = load_replies().intents
    for node in nodes.values():
        table = f"nodes.{node.id}"
        if node.objection is not None and node.objection not in objections:
            add(source.key("objection", table), "unknown_objection", objection=node.objection)
        for intent in node.suggest:
            if intent not in intents:
                add(source.key("suggest", table), "unknown_intent", intent=intent)
        if node.end and node.edges:
            add(node.source_line, "end_with_edges", node=node.id)
        if not node.end and not node.edges:
            add(node.source_line, "dead_end", node=node.id)
        for edge in node.edges:
            if not is_known_condition(edge.when, objections):
                add(edge.source_line, "unknown_condition", condition=edge.when)
            if edge.to not in nodes:
                add(edge.source_line, "dangling_edge", node=edge.to)
            low, high = edge.mood_at_least, edge.mood_at_most
            if low is not None and high is not None and low > high:
                add(edge.source_line, "bad_edge")


def _check_paths(scenario: Scenario, add: Callable[..., None]) -> None:
    nodes = scenario.nodes
    if scenario.start not in nodes:
        return
    graph = {node.id: [edge.to for edge in node.edges] for node in nodes.values()}
    seen = reachable(scenario.start, graph)
    ending = reaching(scenario.end_nodes, graph)
    for node in nodes.values():
        if node.id not in seen and node.id != scenario.patience_node:
            add(node.source_line, "unreachable", node=node.id)
        elif node.id in seen and node.id not in ending and node.edges:
            add(node.source_line, "never_ends", node=node.id)


def _structure(scenario: Scenario) -> dict[str, object]:
    """What must be equal in every language (everything but the words)."""
    persona = scenario.persona
    return {
        "start": scenario.start,
        "patience_node": scenario.patience_node,
        "temperament": scenario.temperament,
        "difficulty": scenario.difficulty,
        "max_turns": scenario.max_turns,
        "call_time": scenario.call_time,
        "skip": scenario.skip,
        "call_seconds": scenario.call_seconds,
        "mood": dict(scenario.mood),
        "persona": (
            persona.gender,
            persona.birth_date,
            persona.national_id,
            persona.timezone,
            persona.phone,
            persona.monthly_income,
            persona.max_payment,
        ),
        "accounts": [
            (a.product, a.currency, a.outstanding, a.arrears, a.installment_amount, a.days_past_due, a.days_to_due)
            for a in scenario.accounts
        ],
        "history": [(h.days_ago, h.kind, h.disposition, h.amount, h.status) for h in scenario.history],
        "third_party": scenario.third_party is not None,
    }


def _node_shape(scenario: Scenario, node_id: str) -> tuple[object, ...]:
    node = scenario.nodes[node_id]
    edges = tuple((e.when, e.to, e.mood_at_least, e.mood_at_most) for e in node.edges)
    return (node.speaker, node.identity, node.objection, node.feeling, node.mood, node.end, node.suggest, edges)


def _check_partners(entry: ScenarioFile, read: dict[Path, ScenarioFile]) -> Iterable[Problem]:
    language = entry.path.parent.name
    if language not in LANGUAGES:
        return
    for partner in _partners(entry.path):
        other_path = partner.resolve() if partner.exists() else partner
        other = read.get(other_path)
        if other is None:
            yield Problem(
                entry.path,
                1,
                Message.of(
                    "practice.validate.missing_language",
                    language=other_path.parent.name,
                    file=f"{other_path.parent.name}/{other_path.name}",
                ),
            )
            continue
        mine, theirs = entry.scenario, other.scenario
        if mine is None or theirs is None:
            continue
        other_name = f"{other_path.parent.name}/{other_path.name}"
        for node_id, node in mine.nodes.items():
            if node_id not in theirs.nodes:
                yield Problem(
                    entry.path,
                    node.source_line,
                    Message.of("practice.validate.node_missing_in_language", node=node_id, file=other_name),
                )
            elif _node_shape(mine, node_id) != _node_shape(theirs, node_id):
                yield Problem(
                    entry.path,
                    node.source_line,
                    Message.of("practice.validate.node_differs", node=node_id, file=other_name),
                )
        mine_shape, their_shape = _structure(mine), _structure(theirs)
        for key, value in mine_shape.items():
            if their_shape.get(key) != value:
                line = entry.source.table(key) or entry.source.key(key)
                yield Problem(entry.path, line, Message.of("practice.validate.differs", key=key, file=other_name))


def find_scenario(name: str, language: str, *, root: Path | None = None) -> Path:
    """The file of scenario ``name`` (an id, or a path to a file) in ``language``."""
    given = Path(name)
    if given.suffix == ".toml" or given.exists():
        return given
    return (root or practice_root()) / language / f"{name}.toml"


def library(language: str, *, root: Path | None = None) -> list[Scenario]:
    """The scenarios of ``language`` that load (a broken file is left out; ``validate`` says why)."""
    found = []
    for path in sorted(((root or practice_root()) / language).glob("*.toml")):
        entry = read_scenario(path, language)
        if entry.scenario is not None:
            found.append(entry.scenario)
    return sorted(found, key=lambda scenario: (scenario.difficulty, scenario.title))
