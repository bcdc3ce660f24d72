"""A file row as plain values: the customer, the account, its numbers, instructions, bills and payments."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from agent_desk.importer.issues import Issue
from db.models import ContactKind, ContactOwner

ZERO = Decimal("0.00")


@dataclasses.dataclass(slots=True)
class ContactData:
    kind: ContactKind
    owner: ContactOwner
    owner_name: str | None
    relationship: str | None
    raw_value: str
    e164: str | None
    invalid_reason: str | None
    timezone: str | None
    active: bool = True  # False: the core system says the number is no longer the customer's (sync only)
    given: frozenset[str] | None = None  # the details the source gave (None: all of them)

    @property
    def key(self) -> str:
        """Two entries are the same number when their E.164 (or, failing that, their text) is the same."""
        return self.e164 or "".join(ch for ch in self.raw_value.casefold() if not ch.isspace() and ch not in "-().")

    @property
    def usable(self) -> bool:
        """A number the debt may be discussed on: the customer's own, and dialable."""
        return self.e164 is not None and self.owner is ContactOwner.SELF and self.kind is not ContactKind.EMAIL


@dataclasses.dataclass(slots=True)
class Record:
    row: int
    account_number: str | None
    customer_number: str | None = None
    customer: dict[str, Any] = dataclasses.field(default_factory=dict)
    account: dict[str, Any] = dataclasses.field(default_factory=dict)
    team: str | None = None
    agent: str | None = None
    contacts: list[ContactData] = dataclasses.field(default_factory=list)
    instructions: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    installments: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    payments: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    # name → (kind, value); a value of None removes the attribute. None: the source gives no attributes.
    attributes: dict[str, tuple[str, Any]] | None = None
    issues: list[Issue] = dataclasses.field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(item.is_error for item in self.issues)

    def problem(self, found: Issue) -> None:
        """Record a problem of a cell once, however many fields read that cell."""
        if found.value and any(item.column == found.column and item.value == found.value for item in self.issues):
            return
        self.issues.append(found)
