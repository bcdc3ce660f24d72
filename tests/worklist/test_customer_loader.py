"""The two ways facts are read — per customer with the profile (Next) and set-based (rebuild) — agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import select

from agent_desk.demo.generator import generate_portfolio
from agent_desk.scheduling.outcomes import OutcomeDraft, PromiseDraft, save_outcome
from agent_desk.worklist.customer import load_customer, load_profile
from agent_desk.worklist.facts import CustomerFacts, load_facts
from db.engine import Database
from db.models import Account, Customer
from tests.worklist import factories as f
from tests.worklist.factories import NOW


def normalised(facts: CustomerFacts) -> CustomerFacts:
    return dataclasses.replace(
        facts,
        consents=tuple(sorted(facts.consents, key=repr)),
        calls=tuple(sorted(facts.calls, key=repr)),
        conversations=tuple(sorted(facts.conversations, key=repr)),
    )


def test_per_customer_and_set_based_facts_are_the_same(database: Database) -> None:
    clock = f.prepare(database)
    generate_portfolio(database, accounts=250, seed=11, now=NOW - dt.timedelta(days=1))
    with database.session() as session:
        ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))
        account = session.scalars(select(Account).where(Account.customer_id == ids[0])).first()
        assert account is not None

    # Something of everything: a promise with its check, a callback, an invalidated number.
    def answered(customer_id: int) -> int:
        return f.call_id(database, customer_id, None, None, at=NOW - dt.timedelta(minutes=5))

    save_outcome(
        database,
        clock,
        OutcomeDraft(
            str(uuid.uuid4()),
            ids[0],
            None,
            "promise_to_pay",
            interaction_id=answered(ids[0]),
            promise=PromiseDraft(Decimal(100000), NOW.date(), account.id),
            right_party_confirmed=True,
        ),
    )
    save_outcome(
        database,
        clock,
        OutcomeDraft(
            str(uuid.uuid4()),
            ids[1],
            None,
            "callback_requested",
            interaction_id=answered(ids[1]),
            callback_at=NOW + dt.timedelta(hours=2),
        ),
    )
    save_outcome(
        database, clock, OutcomeDraft(str(uuid.uuid4()), ids[2], None, "refused", interaction_id=answered(ids[2]))
    )
    with database.session() as session:
        together = load_facts(session, ids, NOW)
        for customer_id in ids:
            loaded = load_customer(session, customer_id, NOW)
            assert loaded is not None
            profile, alone = loaded
            assert normalised(alone) == normalised(together[customer_id]), customer_id
            assert profile == load_profile(session, customer_id)
        assert load_customer(session, 10**9, NOW) is None
    assert any(facts.calls for facts in together.values())
    assert any(facts.payments for facts in together.values())
    assert any(facts.promises for facts in together.values())
    assert any(facts.actions for facts in together.values())
    assert any(facts.flags for facts in together.values())
