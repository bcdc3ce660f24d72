"""Messages to and from JSON, so reasons and explanations can be stored in the worklist and rendered later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from agent_desk.text import Amount, LocalTime, Message


def encode_message(message: Message) -> dict[str, Any]:
    return {"code": message.code, "params": {key: _encode(value) for key, value in message.params}}


def decode_message(data: dict[str, Any]) -> Message:
    return Message(str(data["code"]), tuple((key, _decode(value)) for key, value in data.get("params", {}).items()))


def encode_messages(messages: Iterable[Message]) -> list[dict[str, Any]]:
    return [encode_message(message) for message in messages]


def decode_messages(data: Iterable[dict[str, Any]] | None) -> tuple[Message, ...]:
    return tuple(decode_message(item) for item in data or ())


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {"$": "message", **encode_message(value)}
    if isinstance(value, LocalTime):
        return {
            "$": "local",
            "at": value.moment.isoformat(),
            "zone": value.zone,
            "weekday": value.with_weekday,
            "date": value.with_date,
        }
    if isinstance(value, Amount):
        return {"$": "amount", "value": str(value.value), "currency": value.currency}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "at": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "day": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$": "decimal", "value": str(value)}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if not isinstance(value, dict):
        return value
    kind = value.get("$")
    if kind == "message":
        return decode_message(value)
    if kind == "local":
        return LocalTime(dt.datetime.fromisoformat(value["at"]), value["zone"], value["weekday"], value["date"])
    if kind == "amount":
        return Amount(Decimal(value["value"]), value["currency"])
    if kind == "datetime":
        return dt.datetime.fromisoformat(value["at"])
    if kind == "date":
        return dt.date.fromisoformat(value["day"])
    if kind == "decimal":
        return Decimal(value["value"])
    return value
