"""What the contact rules look at: plain, frozen facts about a customer, a number, debts and history.

The worklist loads these from the database (``agent_desk.worklist.facts``); tests build them directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from agent_desk.text import Message
from db.models.enums import ContactOwner, FlagKind


@dataclasses.dataclass(frozen=True)
class ConsentFacts:
    """A recorded consent to be contacted outside the usual window.

    Attributes:
        hours: minutes of the local day [start, end) the consent names, or None for "any time".
    """

    granted_at: dt.datetime
    expires_at: dt.datetime | None = None
    revoked_at: dt.datetime | None = None
    hours: tuple[int, int] | None = None

    @property
    def ends_at(self) -> dt.datetime | None:
        ends = [moment for moment in (self.expires_at, self.revoked_at) if moment is not None]
        return min(ends) if ends else None

    def active_at(self, moment: dt.datetime) -> bool:
        ends = self.ends_at
        return self.granted_at <= moment and (ends is None or moment < ends)


@dataclasses.dataclass(frozen=True)
class PartyFacts:
    """The customer as the rules see them: resolved zone (None when unknown), active flags, consents."""

    customer_id: int
    zone: str | None
    flags: frozenset[FlagKind] = frozenset()
    consents: tuple[ConsentFacts, ...] = ()


@dataclasses.dataclass(frozen=True)
class NumberFacts:
    """One phone number of the customer or of someone who knows them. ``label`` is masked ("mobile …789"), a
    message so that the kind of number reads in the interface language."""

    id: int
    owner: ContactOwner = ContactOwner.SELF
    label: str | Message = ""
    dialable: bool = True
    invalid_reason: str | None = None
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    zone_override: str | None = None
    flags: frozenset[FlagKind] = frozenset()
    is_primary: bool = False
    verified_count: int = 0


@dataclasses.dataclass(frozen=True)
class DebtFacts:
    account_id: int
    label: str


@dataclasses.dataclass(frozen=True)
class Attempt:
    """One outbound call attempt (an Interaction row), answered or not."""

    at: dt.datetime
    contact_point_id: int | None
    owner: ContactOwner = ContactOwner.SELF


@dataclasses.dataclass(frozen=True)
class Conversation:
    """A talk with the debtor about their debts; ``account_ids`` empty means about every debt."""

    at: dt.datetime
    account_ids: frozenset[int] = frozenset()


@dataclasses.dataclass(frozen=True)
class ContactHistory:
    attempts: tuple[Attempt, ...] = ()
    conversations: tuple[Conversation, ...] = ()
