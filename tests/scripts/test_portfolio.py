"""Acceptance on a 10k-account demo portfolio: every script variable resolves for every customer, and nothing
said before the right party is confirmed (or to a third party) reveals the debt, an amount or the creditor."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from agent_desk.demo import generate_portfolio
from agent_desk.scripts import VARIANTS, build_script, choose_variant, load_objections, script_variables
from agent_desk.text import LANGUAGES
from agent_desk.worklist import CustomerProfile, load_profile
from db import migrate
from db.engine import open_database
from db.models import Customer
from tests.scripts.disclosure import disclosures, forbidden_values
from tests.scripts.factories import NOW

pytestmark = pytest.mark.slow

AGENT = "Rina Wulandari"
SEED = 20261124


@pytest.fixture(scope="session")
def demo_profiles(tmp_path_factory: pytest.TempPathFactory) -> tuple[CustomerProfile, ...]:
    """Every customer of a 10,000-account demo portfolio (built once per session, about 10 s)."""
    path: Path = tmp_path_factory.mktemp("scripts-demo") / "demo.sqlite3"
    database = open_database(f"sqlite:///{path}")
    try:
        migrate.upgrade(database)
        generate_portfolio(database, accounts=10_000, seed=SEED, now=NOW)
        with database.transaction() as session:
            ids = session.scalars(select(Customer.id).order_by(Customer.id)).all()
            profiles = tuple(load_profile(session, customer_id, interactions=0) for customer_id in ids)
    finally:
        database.dispose()
    assert all(profile is not None for profile in profiles)
    return tuple(profile for profile in profiles if profile is not None)


def _problems_in(text: str) -> list[str]:
    problems = [mark for mark in ("{", "}", "None") if mark in text]
    return problems + (["empty"] if not text.strip() else [])


def test_every_variable_resolves_for_every_customer(demo_profiles: tuple[CustomerProfile, ...]) -> None:
    started = time.perf_counter()
    assert len(demo_profiles) > 5_000
    failures: list[str] = []
    used_variants: set[str] = set()
    for profile in demo_profiles:
        used_variants.add(choose_variant(profile, purpose=None, now=NOW))
        for language in LANGUAGES:
            values = script_variables(profile, language=language, now=NOW, agent_name=AGENT, recording=True)
            failures += [
                f"{profile.id} {language} {{{name}}} empty" for name, value in values.items() if not value.strip()
            ]
            # Every variant, not only the chosen one: a supervisor may force any of them.
            for variant in VARIANTS:
                script = build_script(
                    profile, language=language, purpose=None, now=NOW, agent_name=AGENT, recording=True, variant=variant
                )
                for stage in script.stages:
                    for text in (stage.title, stage.text, *stage.hints):
                        failures += [f"{profile.id} {language}/{variant}.{stage.code}: {p}" for p in _problems_in(text)]
        if len(failures) > 20:
            break
    assert not failures, failures[:20]
    assert used_variants == {"pre_due", "early", "middle", "late"}
    print(
        f"\nfilled {len(demo_profiles)} customers × 5 variants × 2 languages in {time.perf_counter() - started:.1f} s"
    )


def test_nothing_before_verification_reveals_the_debt(demo_profiles: tuple[CustomerProfile, ...]) -> None:
    """The company is named only to the confirmed customer: before verification, and to anyone else, the agent
    gives a first name (and, to a third party, a callback number) — no company, creditor, product, amount,
    account or payment number, and none of the debt words of either language."""
    started = time.perf_counter()
    failures: list[str] = []
    for profile in demo_profiles:
        forbidden = frozenset(forbidden_values(profile))
        for language in LANGUAGES:
            for variant in VARIANTS:
                script = build_script(
                    profile, language=language, purpose=None, now=NOW, agent_name=AGENT, recording=True, variant=variant
                )
                for stage in script.stages:
                    if stage.before_verification or variant == "third_party":
                        found = disclosures(f"{stage.title}\n{stage.text}", profile, AGENT, forbidden)
                        if found:
                            failures.append(f"{profile.id} {language}/{variant}.{stage.code}: {found}")
            objections = load_objections(profile, language=language, now=NOW, agent_name=AGENT, recording=True)
            someone_else = next(objection for objection in objections if objection.code == "someone_else")
            spoken = "\n".join((someone_else.title, someone_else.acknowledgement, someone_else.question))
            found = disclosures(spoken, profile, AGENT, forbidden)
            if found:
                failures.append(f"{profile.id} {language}/someone_else: {found}")
        if len(failures) > 20:
            break
    assert not failures, failures[:20]
    print(f"\nchecked {len(demo_profiles)} customers for disclosure in {time.perf_counter() - started:.1f} s")
