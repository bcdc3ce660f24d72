"""The supervisor's outcome list: filterable, the drill-down behind every dashboard bar and point.

One query: outcomes of the scope (period, team, agents, segment…) with the disposition, the amount promised,
how the call was made (through the softphone, or entered by hand with a reason: ``interactions.manual_reason``;
an outcome saved before every outcome needed its call may have none), whether a recording exists,
the language flags and the QA score, newest first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from agent_desk.reporting.kpis import OUTCOMES
from agent_desk.reporting.scope import Grouping, Scope, customer_zone_name, filtered, group_key
from db.models import (
    Customer,
    Disposition,
    Interaction,
    LanguageFlag,
    Outcome,
    Promise,
    PromiseStatus,
    QaScorecard,
    User,
)


class Stage(enum.StrEnum):
    """A step of the funnel a drill-down can ask for."""

    ATTEMPT = "attempts"
    CONNECT = "connects"
    RPC = "rpc"
    PTP = "ptp"
    KEPT = "kept"


@dataclasses.dataclass(frozen=True)
class OutcomeQuery:
    """What the list shows: the scope, optionally one group of the dashboard and one funnel step, and more."""

    scope: Scope
    key: Any = None  # a group key of ``scope.grouping`` (an agent id, a day, an hour…); None: every group
    stage: Stage = Stage.ATTEMPT
    dispositions: tuple[str, ...] = ()
    flagged_only: bool = False
    by_hand_only: bool = False  # calls entered by hand (and outcomes saved with no call, from before)
    min_amount: Decimal | None = None
    limit: int = 1_000


@dataclasses.dataclass(frozen=True)
class OutcomeLine:
    outcome_id: int
    at: dt.datetime
    zone: str | None  # the customer's zone; None when unknown
    agent_id: int | None
    agent: str | None
    customer_id: int
    customer_name: str
    disposition_code: str
    amount_promised: Decimal | None
    without_call: bool  # saved with no call behind it (interaction_id NULL: only before revision 0600)
    has_recording: bool
    language_flags: int
    qa_score: Decimal | None
    manual_reason: str | None = None  # a call made from another phone and entered by hand: why

    @property
    def by_hand(self) -> bool:
        """Not made through the desk's softphone: entered by hand, or (older records) no call at all."""
        return self.without_call or self.manual_reason is not None


def list_outcomes(session: Session, query: OutcomeQuery) -> list[OutcomeLine]:
    scope = query.scope
    promised = (
        select(func.sum(Promise.amount)).where(Promise.outcome_id == Outcome.id).correlate(Outcome).scalar_subquery()
    )
    flags = select(func.count()).where(LanguageFlag.outcome_id == Outcome.id).correlate(Outcome).scalar_subquery()
    qa = select(func.avg(QaScorecard.score)).where(QaScorecard.outcome_id == Outcome.id).correlate(Outcome)
    statement: Select[Any] = (
        select(  # type: ignore[assignment]
            Outcome.id,
            Outcome.created_at,
            customer_zone_name(scope.policy),
            Outcome.user_id,
            User.login,
            Customer.id,
            Customer.full_name,
            Outcome.disposition_code,
            promised,
            Outcome.interaction_id.is_(None),
            Interaction.recording_path.is_not(None),
            flags,
            qa.scalar_subquery(),
            Interaction.manual_reason,
        )
        .select_from(Outcome)
        .join(Customer, Customer.id == Outcome.customer_id)
        .outerjoin(User, User.id == Outcome.user_id)
        .outerjoin(Interaction, Interaction.id == Outcome.interaction_id)
    )
    statement = filtered(statement, OUTCOMES, scope)
    if scope.grouping is not Grouping.TOTAL and query.key is not None:
        statement = statement.where(group_key(OUTCOMES, scope) == query.key)
    statement = statement.where(*_stage(query.stage))
    if query.dispositions:
        statement = statement.where(Outcome.disposition_code.in_(query.dispositions))
    if query.flagged_only:
        statement = statement.where(exists().where(LanguageFlag.outcome_id == Outcome.id))
    if query.by_hand_only:
        statement = statement.where(or_(Outcome.interaction_id.is_(None), Interaction.manual_reason.is_not(None)))
    if query.min_amount is not None:
        statement = statement.where(promised >= query.min_amount)
    statement = statement.order_by(Outcome.created_at.desc(), Outcome.id.desc()).limit(query.limit)
    lines = []
    for row in session.execute(statement):
        zone = row[2] if row[2] != "unknown" else None
        lines.append(
            OutcomeLine(
                row[0],
                row[1],
                zone,
                row[3],
                row[4],
                row[5],
                row[6],
                row[7],
                _money(row[8]),
                bool(row[9]),
                bool(row[10]),
                int(row[11] or 0),
                None if row[12] is None else Decimal(str(row[12])).quantize(Decimal("0.0001")),
                row[13],
            )
        )
    return lines


def _money(value: Any) -> Decimal | None:
    """SQLite keeps money as whole minor units; a sum in a subquery comes back raw."""
    if value is None:
        return None
    if isinstance(value, int):
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    return Decimal(value).quantize(Decimal("0.01"))


def _stage(stage: Stage) -> list[Any]:
    disposition = select(Disposition).where(Disposition.code == Outcome.disposition_code)
    if stage is Stage.CONNECT:
        return [exists(disposition.where(Disposition.human_answered.is_(True)))]
    if stage is Stage.RPC:
        return [exists(disposition.where(Disposition.right_party_contact.is_(True)))]
    if stage is Stage.PTP:
        return [exists().where(Promise.outcome_id == Outcome.id)]
    if stage is Stage.KEPT:
        return [exists().where(and_(Promise.outcome_id == Outcome.id, Promise.status == PromiseStatus.KEPT))]
    return []
