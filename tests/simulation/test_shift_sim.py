"""The shift simulator records in the book what its debtors did: a promise drawn is a promise saved."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from sqlalchemy import func, select

from db.models import Outcome

ROOT = Path(__file__).resolve().parents[2]


def _shift_sim() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shift_sim", ROOT / "bench" / "shift_sim.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["shift_sim"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_one_day_of_the_queue_saves_every_promise_it_draws(tmp_path: Path) -> None:
    sim = _shift_sim()
    template, world = sim.build_book(tmp_path, 24, 1, 1)
    run = sim.Run("queue", template, tmp_path, world, 1)
    day = sim.START.date()
    run.morning(day)
    run.shift(day)
    start = sim.START.replace(hour=6).astimezone(dt.UTC)
    with run.database.session() as session:
        saved = session.scalar(
            select(func.count())
            .select_from(Outcome)
            .where(Outcome.created_at >= start, Outcome.disposition_code == "promise_to_pay")
        )
        answered_confirmed = session.scalar(
            select(func.count()).select_from(Outcome).where(Outcome.created_at >= start, Outcome.right_party_confirmed)
        )
    run.database.dispose()

    assert run.tally.promises > 0  # the draws of this book make some promises on the first day
    assert run.tally.downgraded == 0
    assert saved == run.tally.promises
    assert answered_confirmed == run.tally.answered
