"""``agent-desk practice run``: a scripted trainee plays a scenario through the same engine, without Qt or SIP.

The replies file is TOML, one ``[[step]]`` per trainee action (docs/PRACTICE.md)::

    [[step]]
    intent = "ask_for_customer"       # a suggested reply (resources/practice/replies.toml)
    [[step]]
    do = "verify"                     # verify, someone_else, stage:<code>, objection:<code>, plan, hang_up, wait
    [[step]]
    say = "I understand, thank you for telling me."   # free speech, read like the reply box reads it
    [[step]]
    do = "plan"
    plan = { kind = "installments", payments = 3, first_in_days = 3 }

The call runs in virtual time: each persona line takes as long as it takes to say (about 2.5 words a second),
each step its ``seconds`` (default: its words, or 4 s for a button). The plan is quoted by the negotiation
service on the practice database, against the trainee's real authority.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from agent_desk.clock import Clock
from agent_desk.negotiation import PlanDraft, quote_plan
from agent_desk.practice import actions
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.events import TraineeAction
from agent_desk.practice.report import Report, build_report
from agent_desk.practice.scenario import Scenario
from agent_desk.practice.seed import SandboxCustomer
from agent_desk.practice.session import PracticeSession
from agent_desk.text import Amount, Message
from db.engine import Database
from db.models import Account, PlanKind

WORDS_PER_SECOND = 2.5
BUTTON_SECONDS = 4.0
PAUSE_SECONDS = 0.6
_STEP_KEYS = {"do", "intent", "say", "plan", "seconds"}


@dataclasses.dataclass(frozen=True)
class Step:
    number: int
    do: str | None = None
    intent: str | None = None
    say: str | None = None
    plan: dict[str, Any] | None = None
    seconds: float | None = None


def speaking_seconds(text: str) -> float:
    return max(1.0, len(text.split()) / WORDS_PER_SECOND)


def read_steps(path: Path) -> list[Step]:
    """The steps of a replies file; a clear :class:`PracticeError` for a file that cannot be used."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PracticeError(
            Message.of("practice.error.replies_unreadable", file=str(path), reason=str(error))
        ) from error
    raw = data.get("step")
    if not isinstance(raw, list) or not raw:
        raise PracticeError(Message.of("practice.error.replies_unreadable", file=str(path), reason="no [[step]]"))
    steps = []
    for number, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise _bad(path, number, "not a table")
        unknown = sorted(set(entry) - _STEP_KEYS)
        if unknown:
            raise _bad(path, number, f"unknown key {unknown[0]!r}")
        chosen = [key for key in ("do", "intent", "say") if key in entry]
        if len(chosen) != 1:
            raise _bad(path, number, "give exactly one of do, intent, say")
        seconds = entry.get("seconds")
        if seconds is not None and (not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0):
            raise _bad(path, number, "seconds must be a number")
        steps.append(
            Step(
                number,
                entry.get("do"),
                entry.get("intent"),
                entry.get("say"),
                entry.get("plan"),
                None if seconds is None else float(seconds),
            )
        )
    return steps


def _bad(path: Path, number: int, reason: str) -> PracticeError:
    return PracticeError(Message.of("practice.error.bad_step", file=str(path), step=number, reason=reason))


class ScriptedTrainee:
    """Plays steps against a session; plans are quoted on the practice database."""

    def __init__(
        self,
        scenario: Scenario,
        practice: Database,
        clock: Clock,
        user_id: int,
        customer: SandboxCustomer,
        *,
        agent_name: str,
        path: Path = Path("replies.toml"),
    ) -> None:
        self.scenario = scenario
        self.practice = practice
        self.clock = clock
        self.user_id = user_id
        self.customer = customer
        self.path = path
        self.values = actions.reply_values(scenario, agent_name, scenario.language)

    def action(self, step: Step) -> TraineeAction:
        language = self.scenario.language
        if step.intent is not None:
            from agent_desk.practice.catalog import load_replies

            if step.intent not in load_replies().intents:
                raise _bad(self.path, step.number, f"no suggested reply {step.intent!r}")
            return actions.suggestion(step.intent, self.values, language)
        if step.say is not None:
            return actions.said(str(step.say), language)
        do = str(step.do)
        simple = {
            "verify": actions.verify,
            "someone_else": actions.someone_else,
            "hang_up": actions.hang_up,
            "wait": actions.silence,
        }
        if do in simple:
            return simple[do]()
        if do.startswith("stage:"):
            made = actions.stage(do.removeprefix("stage:"))
            if made is None:
                raise _bad(self.path, step.number, f"the stage {do!r} says nothing the persona reacts to")
            return made
        if do.startswith("objection:"):
            return actions.objection(do.removeprefix("objection:"))
        if do == "plan":
            return self._plan(step)
        raise _bad(self.path, step.number, f"unknown action {do!r}")

    def _plan(self, step: Step) -> TraineeAction:
        spec = dict(step.plan or {})
        try:
            kind = PlanKind(str(spec.get("kind", "installments")))
            today = self.clock.now().astimezone(ZoneInfo(self.scenario.persona.timezone)).date()
            with self.practice.session() as session:
                query = select(Account).where(Account.customer_id == self.customer.customer_id)
                accounts = list(session.scalars(query))
                base = sum(
                    (a.arrears if kind is PlanKind.EARLY_PAYMENT else a.outstanding for a in accounts), Decimal(0)
                )
                draft = PlanDraft(
                    kind=kind,
                    customer_id=self.customer.customer_id,
                    account_id=None,
                    currency=accounts[0].currency,
                    base_amount=base,
                    discount_rate=Decimal(str(spec.get("discount", "0"))) / 100,
                    installments=int(spec.get("payments", 1)),
                    first_amount=Decimal(str(spec["first_amount"])) if "first_amount" in spec else None,
                    first_date=today + dt.timedelta(days=int(spec.get("first_in_days", 3))),
                    frequency=str(spec.get("frequency", "monthly")),
                    stated_income=None,
                    stated_expenses=None,
                )
                quote = quote_plan(session, self.user_id, draft, today=today)
        except (ValueError, KeyError, TypeError, ArithmeticError) as error:
            raise _bad(self.path, step.number, f"plan: {error}") from error
        largest = max((payment.amount for payment in quote.schedule), default=Decimal(0))
        event = actions.plan_event(
            needs_approval=quote.needs_approval,
            can_save=quote.can_save,
            largest_payment=largest,
            max_payment=self.scenario.persona.max_payment,
        )
        first = quote.schedule[0] if quote.schedule else None
        summary = Message.of(
            "practice.run.plan",
            kind=Message.of(f"practice.plan_kind.{kind.value}"),
            count=len(quote.schedule),
            total=Amount(quote.total, quote.draft.currency),
            first=Amount(first.amount if first else Decimal(0), quote.draft.currency),
        ).render(self.scenario.language)
        return actions.plan(event, summary)


def play(session: PracticeSession, trainee: ScriptedTrainee, steps: list[Step], timer: list[float]) -> int:
    """Run the steps in virtual time (``timer[0]`` is the call's second); returns how many were played."""
    opening = session.connect()
    if opening is not None:
        timer[0] += speaking_seconds(opening.text) + PAUSE_SECONDS
    played = 0
    for step in steps:
        if session.over:
            break
        action = trainee.action(step)
        timer[0] += (
            step.seconds
            if step.seconds is not None
            else (speaking_seconds(action.text) if action.text else BUTTON_SECONDS)
        )
        turn = session.act(action)
        played += 1
        if turn is not None:
            timer[0] += speaking_seconds(turn.text) + PAUSE_SECONDS
    session.hang_up("debtor" if session.end_state and session.end_state != "trainee_hung_up" else "trainee")
    return played


def run_scripted(
    scenario: Scenario,
    steps: list[Step],
    *,
    practice: Database,
    clock: Clock,
    user_id: int,
    trainee_name: str,
    customer: SandboxCustomer,
    path: Path = Path("replies.toml"),
) -> tuple[Report, int]:
    """Play ``steps`` against ``scenario``; returns the report and how many steps were played."""
    timer = [0.0]
    session = PracticeSession(scenario, clock=lambda: timer[0], trainee=trainee_name)
    trainee = ScriptedTrainee(scenario, practice, clock, user_id, customer, agent_name=trainee_name, path=path)
    played = play(session, trainee, steps, timer)
    return build_report(session, mode="scripted"), played
