"""A small hand-built week of work whose KPIs were worked out by hand (the figures are in test_kpis.py).

Week Mon 2 – Sun 8 Nov 2026 in WIB. Three agents: ani and budi in team A, citra in team B. Four customers:
C1 Jakarta (lead account cured in the week), C2 Makassar (31–60), C3 Papua by province only (current),
C4 Jakarta (rolls from 61–90 to 90+). Local times below are each customer's own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from agent_desk.dispositions import sync_catalog
from db.engine import Database
from db.models import (
    Account,
    AccountStatus,
    AgentState,
    AgentStateEvent,
    AuditEvent,
    Channel,
    Customer,
    Direction,
    Installment,
    Interaction,
    LanguageFlag,
    OutboxMessage,
    OutboxStatus,
    Outcome,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    Product,
    Promise,
    PromiseStatus,
    Role,
    Team,
    User,
)

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)
FIRST, LAST = dt.date(2026, 11, 2), dt.date(2026, 11, 8)


def at(day: int, hour: int, minute: int = 0, zone: ZoneInfo = WIB, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=zone).astimezone(dt.UTC)


def build(database: Database) -> dict[str, int]:
    """Write the fixture; returns ids by name (users, customers, outcomes)."""
    ids: dict[str, int] = {}
    with database.transaction(write=True) as session:
        sync_catalog(session)
        team_a, team_b = Team(name="A"), Team(name="B")
        session.add_all([team_a, team_b])
        session.flush()
        for login, role, team in (
            ("ani", Role.AGENT, team_a),
            ("budi", Role.AGENT, team_a),
            ("citra", Role.AGENT, team_b),
            ("sri", Role.SUPERVISOR, team_a),
        ):
            user = User(login=login, display_name=login.title(), role=role, team_id=team.id, created_at=CREATED)
            session.add(user)
            session.flush()
            ids[login] = user.id
        customers = {  # name: zone, province, product, bucket now, days past due now, installments (due, paid on)
            "c1": ("Asia/Jakarta", None, Product.PERSONAL_LOAN, "current", 0, [(dt.date(2026, 10, 20), dt.date(2026, 11, 4)), (dt.date(2026, 11, 20), None)]),  # noqa: E501
            "c2": ("Asia/Makassar", None, Product.CREDIT_CARD, "dpd_31_60", 55, [(dt.date(2026, 9, 15), None), (dt.date(2026, 10, 15), None)]),  # noqa: E501
            "c3": (None, "Papua", Product.PAYLATER, "current", 0, [(dt.date(2026, 10, 25), dt.date(2026, 10, 24))]),
            "c4": ("Asia/Jakarta", None, Product.VEHICLE_FINANCING, "dpd_90_plus", 96, [(dt.date(2026, 8, 5), None)]),
        }  # fmt: skip
        for n, (name, (zone, province, product, bucket, dpd, installments)) in enumerate(customers.items(), 1):
            customer = Customer(
                customer_number=f"C{n}",
                full_name=f"Customer {n}",
                timezone=zone,
                province=province,
                created_at=CREATED,
                updated_at=CREATED,
            )
            session.add(customer)
            session.flush()
            ids[name] = customer.id
            account = Account(
                customer_id=customer.id,
                account_number=f"A{n}",
                product=product,
                outstanding=Decimal("5000000.00"),
                arrears=Decimal("1000000.00") if dpd else Decimal("0.00"),
                days_past_due=dpd,
                bucket=bucket,
                status=AccountStatus.DELINQUENT if dpd else AccountStatus.CURRENT,
                created_at=CREATED,
                updated_at=CREATED,
            )
            session.add(account)
            session.flush()
            ids[f"a{n}"] = account.id
            for seq, (due, paid_on) in enumerate(installments, 1):
                session.add(
                    Installment(
                        account_id=account.id,
                        seq=seq,
                        due_date=due,
                        amount_due=Decimal("500000.00"),
                        amount_paid=Decimal("500000.00") if paid_on else Decimal("0.00"),
                        paid_on=paid_on,
                    )
                )
        session.flush()

        def call(
            key: str,
            agent: str,
            customer: str,
            started: dt.datetime | None,
            disposition: str,
            talk: int | None = None,
            promise: tuple[str, str, dt.date, PromiseStatus, str] | None = None,
        ) -> None:
            interaction_id = None
            moment = started
            manual = key == "manual"  # a call made from another phone, entered by hand (as the desk records it)
            if started is not None:
                interaction = Interaction(
                    customer_id=ids[customer],
                    user_id=ids[agent],
                    started_at=started,
                    answered_at=started if manual else started + dt.timedelta(seconds=5) if talk else None,
                    ended_at=None if manual else started + dt.timedelta(seconds=5 + (talk or 20)),
                    talk_seconds=0 if manual else talk,
                    manual_reason="line down, rang from my mobile" if manual else None,
                )
                session.add(interaction)
                session.flush()
                interaction_id = interaction.id
            assert moment is not None
            outcome = Outcome(
                draft_key=str(uuid.uuid4()),
                interaction_id=interaction_id,
                customer_id=ids[customer],
                user_id=ids[agent],
                disposition_code=disposition,
                script_variant="early" if customer == "c1" else "middle",
                created_at=moment + dt.timedelta(seconds=(talk or 0) + 60),
            )
            session.add(outcome)
            session.flush()
            ids[f"outcome{key}"] = outcome.id
            if promise is not None:
                name, amount, due, status, paid = promise
                row = Promise(
                    customer_id=ids[customer],
                    account_id=ids["a" + customer[1]],
                    outcome_id=outcome.id,
                    amount=Decimal(amount),
                    due_date=due,
                    status=status,
                    amount_paid=Decimal(paid),
                    created_by_user_id=ids[agent],
                    created_at=outcome.created_at,
                )
                session.add(row)
                session.flush()
                ids[name] = row.id

        d = dt.date
        call("0", "ani", "c1", at(1, 10), "no_answer")  # Sunday before the week: not counted
        call("1", "ani", "c1", at(2, 9), "no_answer")
        call(
            "2",
            "ani",
            "c1",
            at(2, 10),
            "promise_to_pay",
            120,
            ("p1", "500000.00", d(2026, 11, 4), PromiseStatus.KEPT, "500000.00"),
        )
        call("3", "ani", "c2", at(3, 11, zone=WITA), "third_party", 60)
        call(
            "4",
            "ani",
            "c2",
            at(4, 14, zone=WITA),
            "promise_to_pay",
            200,
            ("p2", "300000.00", d(2026, 11, 6), PromiseStatus.BROKEN, "0.00"),
        )
        call("6", "budi", "c3", at(2, 9, 30, zone=WIT), "busy")
        call("7", "budi", "c3", at(5, 16, zone=WIT), "refused", 90)
        call(
            "8",
            "budi",
            "c4",
            at(6, 10),
            "promise_to_pay",
            150,
            ("p3", "1000000.00", d(2026, 11, 12), PromiseStatus.PENDING, "0.00"),
        )
        call(
            "manual",
            "budi",
            "c4",
            at(6, 15),
            "promise_to_pay",
            None,
            ("p4", "200000.00", d(2026, 11, 7), PromiseStatus.PARTIALLY_KEPT, "100000.00"),
        )
        call("10", "citra", "c4", at(7, 8, 30), "no_answer")
        call("11", "citra", "c4", at(9, 9), "no_answer")  # Monday after the week: not counted
        call(
            "5",
            "citra",
            "c4",
            at(28, 10, month=10),
            "promise_to_pay",
            100,
            ("p5", "250000.00", d(2026, 11, 3), PromiseStatus.KEPT, "250000.00"),
        )

        for agent, customer, moment in (
            ("budi", "c3", at(3, 12)),
            ("citra", "c4", at(8, 21)),
            ("citra", "c4", at(9, 1)),  # Monday after: not counted
        ):
            session.add(
                AuditEvent(
                    at=moment,
                    user_id=ids[agent],
                    action="dial.refused",
                    entity="customer",
                    entity_id=str(ids[customer]),
                )
            )
        session.add(
            LanguageFlag(
                customer_id=ids["c2"],
                outcome_id=ids["outcome4"],
                user_id=ids["ani"],
                field="notes",
                phrase="x",
                matched_text="x",
                category="threat",
                language="id",
                created_at=at(4, 15, zone=WITA),
            )
        )
        for agent, customer, status, decided in (
            ("budi", "c4", PlanStatus.ACTIVE, at(5, 11)),
            ("ani", "c1", PlanStatus.REJECTED, at(6, 11)),
            ("citra", "c4", PlanStatus.PENDING_APPROVAL, None),
        ):
            session.add(
                PaymentPlan(
                    customer_id=ids[customer],
                    kind=PlanKind.SETTLEMENT,
                    status=status,
                    base_amount=Decimal("1000000.00"),
                    total=Decimal("800000.00"),
                    requested_by_user_id=ids[agent],
                    decided_by_user_id=ids["sri"] if decided else None,
                    decided_at=decided,
                    created_at=at(2, 8),
                )
            )
        stretches = (
            ("ani", AgentState.READY, at(2, 8), at(2, 9, 55)),
            ("ani", AgentState.ON_CALL, at(2, 9, 55), at(2, 10, 2)),
            ("ani", AgentState.WRAP_UP, at(2, 10, 2), at(2, 10, 5)),
            ("ani", AgentState.BREAK, at(2, 10, 5), at(2, 10, 20)),
            ("ani", AgentState.READY, at(2, 10, 20), at(2, 12)),
            ("budi", AgentState.READY, at(5, 15), at(5, 16)),
            ("budi", AgentState.ON_CALL, at(5, 16), at(5, 16, 2)),
            ("budi", AgentState.WRAP_UP, at(5, 16, 2), at(5, 16, 4)),
            ("budi", AgentState.READY, at(5, 16, 4), at(5, 17)),
            ("citra", AgentState.BREAK, at(9, 8), None),  # Monday after the week, still on a break
        )
        for agent, state, started, ended in stretches:
            session.add(
                AgentStateEvent(
                    user_id=ids[agent],
                    state=state,
                    reason="meal" if state is AgentState.BREAK else None,
                    started_at=started,
                    ended_at=ended,
                )
            )
        messages(session, ids)
    return ids


def messages(session: Session, ids: dict[str, int]) -> None:
    """The outbox's messages: each handed to a provider has its interaction (channel SMS, WhatsApp, e-mail) —
    a contact, but no call attempt. ani sends two SMS from the desk (one delivered, one sent, no report yet) and a
    WhatsApp to C4 the provider reported undelivered; the cadence's e-mail reminder to C4 is still queued, its SMS
    failed at the hand-over (never sent), and an SMS of the Monday after is outside the week."""
    for n, (agent, customer, channel, status, moment, sent) in enumerate(
        (
            ("ani", "c1", Channel.SMS, OutboxStatus.DELIVERED, at(3, 9), True),
            ("ani", "c2", Channel.SMS, OutboxStatus.SENT, at(4, 9), True),
            ("ani", "c4", Channel.WHATSAPP, OutboxStatus.FAILED, at(4, 9, 30), True),  # C4: ani never called them
            (None, "c4", Channel.EMAIL, OutboxStatus.QUEUED, at(5, 7), False),
            (None, "c4", Channel.SMS, OutboxStatus.FAILED, at(6, 7), False),
            ("ani", "c1", Channel.SMS, OutboxStatus.DELIVERED, at(9, 9), True),  # Monday after the week
        )
    ):
        interaction_id = None
        if sent:
            interaction = Interaction(
                customer_id=ids[customer],
                user_id=ids[agent] if agent else None,
                channel=channel,
                direction=Direction.OUTBOUND,
                started_at=moment + dt.timedelta(seconds=10),
            )
            session.add(interaction)
            session.flush()
            interaction_id = interaction.id
        session.add(
            OutboxMessage(
                idempotency_key=f"week-{n}",
                customer_id=ids[customer],
                interaction_id=interaction_id,
                channel=channel,
                template="reminder",
                language="id",
                source="desk" if agent else "cadence",
                status=status,
                due_at=moment,
                created_by_user_id=ids[agent] if agent else None,
                created_at=moment,
                updated_at=moment,
                sent_at=moment + dt.timedelta(seconds=10) if sent else None,
                failed_at=moment if status is OutboxStatus.FAILED else None,
            )
        )
