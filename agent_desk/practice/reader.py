"""Reading a scenario file into a :class:`~agent_desk.practice.scenario.Scenario`: typed reads that turn every
wrong or missing value into a problem at its line, so one pass reports everything."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from agent_desk.practice.scenario import (
    END_STATES,
    GENDERS,
    HISTORY_KINDS,
    SPEAKERS,
    TEMPERAMENTS,
    Edge,
    HistoryItem,
    Node,
    Persona,
    Scenario,
    ScenarioAccount,
    ScenarioFile,
    ThirdParty,
)
from agent_desk.practice.source import Problem, SourceMap, toml_error_line
from agent_desk.text import Message

_ROOT_KEYS = {
    "id", "title", "summary", "goal", "temperament", "difficulty", "start", "patience_node", "max_turns",
    "call_time", "skip", "confused", "silence", "call_seconds", "persona", "third_party", "mood", "accounts",
    "history", "nodes",
}  # fmt: skip
_PERSONA_KEYS = {
    "name", "gender", "birth_date", "national_id", "city", "province", "timezone", "phone", "employer",
    "monthly_income", "max_payment", "voice",
}  # fmt: skip
_ACCOUNT_KEYS = {
    "product", "product_name", "creditor", "currency", "outstanding", "arrears", "installment_amount",
    "days_past_due", "days_to_due",
}  # fmt: skip
_HISTORY_KEYS = {"days_ago", "kind", "disposition", "amount", "status", "note"}
_NODE_KEYS = {"line", "speaker", "identity", "objection", "feeling", "mood", "end", "suggest", "edges"}
_EDGE_KEYS = {"when", "to", "mood_at_least", "mood_at_most"}


def read(path: Path, language: str | None = None) -> ScenarioFile:
    """Read one scenario file; the language is the folder's name unless given."""
    language = language or path.parent.name
    problems: list[Problem] = []
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = Problem(path, 0, Message.of("practice.validate.unreadable", reason=type(error).__name__))
        return ScenarioFile(path, language, None, SourceMap(""), (problem,))
    source = SourceMap(raw)
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        problems.append(
            Problem(path, toml_error_line(error), Message.of("practice.validate.syntax", reason=str(error)))
        )
        return ScenarioFile(path, language, None, source, tuple(problems))
    reader = _Reader(path, source, problems)
    scenario = reader.scenario(data, language)
    return ScenarioFile(path, language, scenario if not problems else None, source, tuple(problems))


class _Reader:
    """Typed reads from the parsed TOML; every wrong or missing value becomes a problem at its line."""

    def __init__(self, path: Path, source: SourceMap, problems: list[Problem]) -> None:
        self.path = path
        self.source = source
        self.problems = problems

    def problem(self, line: int, code: str, **params: Any) -> None:
        self.problems.append(Problem(self.path, line, Message.of(f"practice.validate.{code}", **params)))

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], table: str, index: int = 0) -> None:
        for key in data:
            if key not in allowed:
                self.problem(self.source.key(key, table, index), "unknown_key", key=key, table=table or "root")

    def value(
        self, data: Mapping[str, Any], key: str, kind: type, table: str = "", index: int = 0, *, default: Any = ...
    ) -> Any:
        if key not in data:
            if default is ...:
                line = self.source.table(table, index) if table else 1
                self.problem(line, "missing_key", key=key, table=table or "root")
                return None
            return default
        value = data[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.problem(self.source.key(key, table, index), "wrong_type", key=key, expected=kind.__name__)
            return None if default is ... else default
        return value

    def text(self, data: Mapping[str, Any], key: str, table: str = "", index: int = 0, *, default: Any = ...) -> Any:
        value = self.value(data, key, str, table, index, default=default)
        if isinstance(value, str) and not value.strip() and default is ...:
            self.problem(self.source.key(key, table, index), "empty_text", key=key)
        return value.strip() if isinstance(value, str) else value

    def choice(self, data: Mapping[str, Any], key: str, options: tuple[str, ...], table: str = "", **kw: Any) -> Any:
        value = self.text(data, key, table, **kw)
        if isinstance(value, str) and value not in options:
            self.problem(self.source.key(key, table), "bad_choice", key=key, value=value, options=", ".join(options))
            return None
        return value

    def amount(self, data: Mapping[str, Any], key: str, table: str, index: int = 0, *, default: Any = ...) -> Any:
        value = data.get(key, default)
        if key not in data and default is ...:
            self.problem(self.source.table(table, index), "missing_key", key=key, table=table)
            return None
        if value is None or value is default:
            return value
        try:
            if isinstance(value, float | bool):
                raise InvalidOperation
            amount = Decimal(str(value))
            if amount < 0 or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            self.problem(self.source.key(key, table, index), "bad_amount", key=key, value=str(value))
            return None
        return amount

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
        value = data.get(key)
        if value is None:
            self.problem(1, "missing_table", table=key)
            return None
        if not isinstance(value, dict):
            self.problem(self.source.key(key), "wrong_type", key=key, expected="table")
            return None
        return value

    # --- the parts ---

    def scenario(self, data: Mapping[str, Any], language: str) -> Scenario | None:
        self.unknown_keys(data, _ROOT_KEYS, "")
        scenario_id = self.text(data, "id")
        if isinstance(scenario_id, str) and scenario_id != self.path.stem:
            self.problem(self.source.key("id"), "id_not_file_name", id=scenario_id, name=self.path.stem)
        title, summary, goal = self.text(data, "title"), self.text(data, "summary"), self.text(data, "goal")
        temperament = self.choice(data, "temperament", TEMPERAMENTS)
        difficulty = self.value(data, "difficulty", int)
        start, patience = self.text(data, "start"), self.text(data, "patience_node")
        max_turns = self.value(data, "max_turns", int, default=30)
        call_time = self._time(data)
        skip = self._strings(data, "skip", "", default=())
        confused = self._strings(data, "confused", "")
        if confused is not None and not confused:
            self.problem(self.source.key("confused"), "empty_text", key="confused")
        silence = self.text(data, "silence")
        call_seconds = self._call_seconds(data)
        persona = self._persona(self.table(data, "persona"))
        third = data.get("third_party")
        third_party = self._third_party(third) if third is not None else None
        mood = self._mood(data.get("mood", {}))
        accounts = self._accounts(data.get("accounts"))
        history = self._history(data.get("history", []))
        nodes = self._nodes(data.get("nodes"))
        if self.problems:
            return None
        return Scenario(
            id=scenario_id,
            language=language,
            path=self.path,
            title=title,
            summary=summary,
            goal=goal,
            temperament=temperament,
            difficulty=difficulty,
            start=start,
            patience_node=patience,
            max_turns=max_turns,
            call_time=call_time,
            skip=tuple(skip),
            confused=tuple(confused or ()),
            silence=silence,
            call_seconds=call_seconds,
            persona=persona,  # type: ignore[arg-type]
            third_party=third_party,
            mood=mood,
            accounts=accounts,
            history=history,
            nodes=nodes,
        )

    def _time(self, data: Mapping[str, Any]) -> dt.time:
        value = self.value(data, "call_time", str, default="10:00")
        try:
            return dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(self.source.key("call_time"), "bad_time", value=str(value))
            return dt.time(10, 0)

    def _strings(self, data: Mapping[str, Any], key: str, table: str, *, default: Any = ...) -> Any:
        value = self.value(data, key, list, table, default=default)
        if value is None or value is default:
            return value
        if not all(isinstance(item, str) and item.strip() for item in value):
            self.problem(self.source.key(key, table), "wrong_type", key=key, expected="list of texts")
            return None
        return tuple(item.strip() for item in value)

    def _call_seconds(self, data: Mapping[str, Any]) -> tuple[int, int]:
        value = data.get("call_seconds", [60, 600])
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(item, int) and not isinstance(item, bool) for item in value)
            or not 0 <= value[0] < value[1]
        ):
            self.problem(self.source.key("call_seconds"), "bad_call_seconds")
            return (60, 600)
        return (int(value[0]), int(value[1]))

    def _persona(self, data: Mapping[str, Any] | None) -> Persona | None:
        if data is None:
            return None
        table = "persona"
        self.unknown_keys(data, _PERSONA_KEYS, table)
        birth_text = self.text(data, "birth_date", table)
        try:
            birth = dt.date.fromisoformat(birth_text) if isinstance(birth_text, str) else None
        except ValueError:
            self.problem(self.source.key("birth_date", table), "bad_date", value=birth_text)
            birth = None
        zone = self.text(data, "timezone", table)
        if isinstance(zone, str) and not _known_zone(zone):
            self.problem(self.source.key("timezone", table), "bad_zone", value=zone)
        phone = self.text(data, "phone", table)
        if isinstance(phone, str) and not _e164(phone):
            self.problem(self.source.key("phone", table), "bad_phone", value=phone)
        return Persona(
            name=self.text(data, "name", table),
            gender=self.choice(data, "gender", GENDERS, table),
            birth_date=birth or dt.date(1990, 1, 1),
            national_id=self.text(data, "national_id", table),
            city=self.text(data, "city", table),
            province=self.text(data, "province", table),
            timezone=zone,
            phone=phone,
            employer=self.text(data, "employer", table, default=None),
            monthly_income=self.amount(data, "monthly_income", table),
            max_payment=self.amount(data, "max_payment", table),
            voice=self.text(data, "voice", table, default=None),
        )

    def _third_party(self, data: Any) -> ThirdParty | None:
        if not isinstance(data, dict):
            self.problem(self.source.key("third_party"), "wrong_type", key="third_party", expected="table")
            return None
        self.unknown_keys(data, {"name", "relation"}, "third_party")
        return ThirdParty(self.text(data, "name", "third_party"), self.text(data, "relation", "third_party"))

    def _mood(self, data: Any) -> Mapping[str, int]:
        if not isinstance(data, dict):
            self.problem(self.source.key("mood"), "wrong_type", key="mood", expected="table")
            return {}
        moods: dict[str, int] = {}
        for key, value in data.items():
            if not isinstance(value, int) or isinstance(value, bool):
                self.problem(self.source.key(key, "mood"), "wrong_type", key=key, expected="int")
                continue
            moods[str(key)] = value
        return moods

    def _accounts(self, data: Any) -> tuple[ScenarioAccount, ...]:
        if not isinstance(data, list) or not data:
            self.problem(1, "missing_table", table="accounts")
            return ()
        accounts = []
        for index, entry in enumerate(data):
            table = "accounts"
            if not isinstance(entry, dict):
                self.problem(self.source.table(table, index), "wrong_type", key="accounts", expected="table")
                continue
            self.unknown_keys(entry, _ACCOUNT_KEYS, table, index)
            product = self.text(entry, "product", table, index)
            if isinstance(product, str) and product not in _PRODUCTS:
                self.problem(
                    self.source.key("product", table, index),
                    "bad_choice",
                    key="product",
                    value=product,
                    options=", ".join(_PRODUCTS),
                )
            accounts.append(
                ScenarioAccount(
                    product=product,
                    product_name=self.text(entry, "product_name", table, index),
                    creditor=self.text(entry, "creditor", table, index),
                    currency=self.text(entry, "currency", table, index, default="IDR"),
                    outstanding=self.amount(entry, "outstanding", table, index),
                    arrears=self.amount(entry, "arrears", table, index),
                    installment_amount=self.amount(entry, "installment_amount", table, index, default=None),
                    days_past_due=self.value(entry, "days_past_due", int, table, index, default=0),
                    days_to_due=self.value(entry, "days_to_due", int, table, index, default=None),
                )
            )
        return tuple(accounts)

    def _history(self, data: Any) -> tuple[HistoryItem, ...]:
        if not isinstance(data, list):
            self.problem(self.source.key("history"), "wrong_type", key="history", expected="list of tables")
            return ()
        items = []
        for index, entry in enumerate(data):
            if not isinstance(entry, dict):
                continue
            self.unknown_keys(entry, _HISTORY_KEYS, "history", index)
            items.append(
                HistoryItem(
                    days_ago=self.value(entry, "days_ago", int, "history", index),
                    kind=self.choice(entry, "kind", HISTORY_KINDS, "history"),
                    disposition=self.text(entry, "disposition", "history", index, default=None),
                    amount=self.amount(entry, "amount", "history", index, default=None),
                    status=self.text(entry, "status", "history", index, default=None),
                    note=self.text(entry, "note", "history", index, default=None),
                )
            )
        return tuple(items)

    def _nodes(self, data: Any) -> dict[str, Node]:
        if not isinstance(data, dict) or not data:
            self.problem(1, "missing_table", table="nodes")
            return {}
        nodes: dict[str, Node] = {}
        for node_id, entry in data.items():
            table = f"nodes.{node_id}"
            header = self.source.table(table)
            if not isinstance(entry, dict):
                self.problem(header or self.source.key(node_id, "nodes"), "wrong_type", key=node_id, expected="table")
                continue
            self.unknown_keys(entry, _NODE_KEYS, table)
            edges = []
            raw_edges = entry.get("edges", [])
            if not isinstance(raw_edges, list):
                self.problem(self.source.key("edges", table), "wrong_type", key="edges", expected="list of tables")
                raw_edges = []
            for position, raw in enumerate(raw_edges):
                line = self.source.edge(table, position)
                if (
                    not isinstance(raw, dict)
                    or not isinstance(raw.get("when"), str)
                    or not isinstance(raw.get("to"), str)
                ):
                    self.problem(line, "bad_edge")
                    continue
                unknown = sorted(set(raw) - _EDGE_KEYS)
                if unknown:
                    self.problem(line, "unknown_key", key=unknown[0], table=table)
                guards = [raw.get("mood_at_least"), raw.get("mood_at_most")]
                if any(g is not None and (not isinstance(g, int) or isinstance(g, bool)) for g in guards):
                    self.problem(line, "bad_edge")
                    continue
                edges.append(Edge(raw["when"].strip(), raw["to"].strip(), guards[0], guards[1], line))
            mood = self.value(entry, "mood", int, table, default=0)
            suggest = self._strings(entry, "suggest", table, default=())
            nodes[str(node_id)] = Node(
                id=str(node_id),
                line=self.text(entry, "line", table),
                speaker=self.choice(entry, "speaker", SPEAKERS, table, default="customer"),
                identity=bool(self.value(entry, "identity", bool, table, default=False)),
                objection=self.text(entry, "objection", table, default=None),
                feeling=bool(self.value(entry, "feeling", bool, table, default=False)),
                mood=mood if isinstance(mood, int) else 0,
                end=self.choice(entry, "end", END_STATES, table, default=None),
                suggest=tuple(suggest or ()),
                edges=tuple(edges),
                source_line=header,
            )
        return nodes


_PRODUCTS = ("credit_card", "personal_loan", "vehicle_financing", "paylater", "b2b_invoice")


def _known_zone(zone: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _e164(phone: str) -> bool:
    import phonenumbers

    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return False
    return phone.startswith("+") and phonenumbers.is_possible_number(number)
