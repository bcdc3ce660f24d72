"""A debtor population with hidden traits, and the twelve months of history those traits leave in a book.

The traits are what a collector never sees: how likely each person is to pay a bill this month (and whether that
is getting better or worse), when in the day they pick up the phone, how readily they promise and keep a promise,
and how quickly repeated calls make them stop answering. The history — statements, payments, earlier calls and
promises — is drawn from those traits month by month, so a model fitted on the history can learn them back, and
the shift simulator (bench/shift_sim.py) can ask each debtor how they respond to a call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from decimal import Decimal

ZONES = (("Asia/Jakarta", 0.62), ("Asia/Makassar", 0.26), ("Asia/Jayapura", 0.12))
# When in the local day people answer best: (first hour, last hour + 1, share of the population).
ANSWER_BANDS = ((8, 11, 0.3), (11, 14, 0.2), (14, 17, 0.2), (17, 20, 0.3))
HISTORY_MONTHS = 12
GRACE_DAYS = 3


def sigmoid(value: float) -> float:
    return 1 / (1 + math.exp(-value))


@dataclasses.dataclass(frozen=True)
class Debtor:
    """One person's hidden traits (never written to the database)."""

    key: int
    zone: str
    pay_logit: float  # this month's propensity to pay a bill (log-odds)
    drift: float  # how that changes per month (negative: getting worse)
    bill: Decimal  # the monthly installment
    months_left: int  # installments still to come after this month
    answer_base: float  # chance of picking up in their good hours
    answer_band: tuple[int, int]  # their good hours, local [start, end)
    promise_propensity: float  # chance a reached debtor promises to pay
    keep_propensity: float  # chance a promise is kept
    annoyance: float  # answer chance lost per call already made that day
    due_day: int  # day of the month bills fall due
    lateness: int  # days after the due date they usually pay (0: on time; habitual late payers 35–60)

    @property
    def capacity(self) -> Decimal:
        """The most they can pay at once when they promise: one to three bills, more for better payers."""
        return self.bill * (1 + round(2 * sigmoid(self.pay_logit)))

    def keep_chance(self, calls_week: int) -> float:
        """The chance a promise is kept; promises pressed out of someone called again and again are kept less."""
        return self.keep_propensity * (1 - self.annoyance / 2) ** calls_week

    def pay_chance(self, months_from_now: float) -> float:
        """The chance of paying a bill ``months_from_now`` (negative: in the past) if nobody calls."""
        return sigmoid(self.pay_logit + self.drift * months_from_now)

    def answer_chance(self, local_hour: int, calls_today: int, calls_week: int = 0) -> float:
        """The chance of picking up at ``local_hour`` after ``calls_today`` calls today and ``calls_week`` in the
        days before: repeated calls make people stop answering."""
        start, end = self.answer_band
        fit = 1.0 if start <= local_hour < end else 0.22
        wear = (1 - self.annoyance) ** calls_today * (1 - self.annoyance / 3) ** calls_week
        return max(0.0, self.answer_base * fit * wear)

    def promise_chance(self, refusals_week: int) -> float:
        """The chance of promising when reached, after ``refusals_week`` refusals in the last days."""
        return self.promise_propensity * (1 - self.annoyance) ** refusals_week


def draw_population(size: int, seed: int) -> list[Debtor]:
    rng = random.Random(seed)
    people = []
    for key in range(size):
        zone = rng.choices([z for z, _ in ZONES], [w for _, w in ZONES])[0]
        band = rng.choices([(a, b) for a, b, _ in ANSWER_BANDS], [w for _, _, w in ANSWER_BANDS])[0]
        lateness = rng.randint(35, 60) if rng.random() < 0.15 else 0
        # Habitual late payers pay nearly every bill, a month or two late: "late" on every statement, yet payers.
        pay_logit = rng.gauss(1.8, 0.6) if lateness else rng.gauss(0.3, 1.4)
        # Most people pay as they always have; some are recovering from a setback (a job lost, an illness) and
        # some are sliding into one: a lender's status column sees their past, not where they are heading.
        course = rng.random()
        drift = rng.gauss(0.45, 0.15) if course < 0.2 else rng.gauss(-0.4, 0.15) if course < 0.4 else rng.gauss(0, 0.1)
        people.append(
            Debtor(
                key=key,
                zone=zone,
                pay_logit=pay_logit,
                drift=drift,
                bill=Decimal(rng.choice((150, 250, 400, 600, 900, 1500, 2500))) * 1000,
                months_left=rng.randint(6, 30),
                answer_base=min(0.95, max(0.15, rng.gauss(0.6, 0.18))),
                answer_band=band,
                promise_propensity=min(0.95, max(0.05, rng.gauss(0.55, 0.2))),
                keep_propensity=sigmoid(0.8 * pay_logit + rng.gauss(0.3, 0.6)),
                annoyance=min(0.8, max(0.0, rng.gauss(0.3, 0.15))),
                due_day=rng.choice((5, 10, 15, 20, 25)),
                lateness=lateness,
            )
        )
    return people


@dataclasses.dataclass
class Bill:
    due: dt.date
    amount: Decimal
    paid: Decimal = Decimal(0)
    paid_on: dt.date | None = None


@dataclasses.dataclass
class PastCall:
    at: dt.datetime
    answered: bool
    disposition: str
    promise: tuple[Decimal, dt.date, str] | None = None  # amount, due date, status


@dataclasses.dataclass
class History:
    """What a debtor's traits left behind by ``today``: bills, payments (date, amount), calls and promises."""

    bills: list[Bill]
    payments: list[tuple[dt.datetime, Decimal]]
    calls: list[PastCall]

    def arrears(self, today: dt.date) -> Decimal:
        return sum((b.amount - b.paid for b in self.bills if b.due < today), Decimal(0))

    def days_past_due(self, today: dt.date) -> int:
        unpaid = [b.due for b in self.bills if b.due < today and b.paid < b.amount]
        return (today - min(unpaid)).days if unpaid else 0


def _month_day(year: int, month: int, day: int) -> dt.date:
    while month < 1:
        month += 12
        year -= 1
    while month > 12:
        month -= 12
        year += 1
    return dt.date(year, month, day)


def draw_history(person: Debtor, today: dt.date, seed: int) -> History:
    """Twelve months of bills and payments, with calls and promises in the months the debtor was late."""
    rng = random.Random(seed * 1_000_003 + person.key)
    history = History([], [], [])
    for back in range(HISTORY_MONTHS, 0, -1):
        due = _month_day(today.year, today.month - back + (1 if today.day >= person.due_day else 0), person.due_day)
        if due >= today:
            continue
        bill = Bill(due, person.bill)
        history.bills.append(bill)
        months_from_now = -(today - due).days / 30
        chance = person.pay_chance(months_from_now + rng.gauss(0, 0.3))
        if rng.random() < chance:
            day = due + dt.timedelta(
                days=person.lateness - rng.randint(0, 4) if person.lateness else -rng.randint(0, 4)
            )
            if day >= today:
                continue
            extra = history.arrears(day) if rng.random() < chance * 0.5 else Decimal(0)
            _pay(history, _moment(day, rng), person.bill + extra)
        elif rng.random() < 0.45:
            day = due + dt.timedelta(days=rng.randint(8, 40))
            if day < today:
                _pay(history, _moment(day, rng), (person.bill / 2).quantize(Decimal(1)))
        if history.arrears(due + dt.timedelta(days=GRACE_DAYS + 1)) > 0:
            _past_calls(person, history, due, today, rng)
    history.payments.sort()
    return history


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(1, 12), rng.randint(0, 59)), tzinfo=dt.UTC)


def _pay(history: History, at: dt.datetime, amount: Decimal) -> None:
    """A payment fills the oldest unpaid bills first."""
    history.payments.append((at, amount))
    left = amount
    for bill in history.bills:
        if left <= 0:
            break
        take = min(left, bill.amount - bill.paid)
        if take > 0:
            bill.paid += take
            left -= take
            if bill.paid >= bill.amount:
                bill.paid_on = at.date()


def _past_calls(person: Debtor, history: History, due: dt.date, today: dt.date, rng: random.Random) -> None:
    offset = {"Asia/Jakarta": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}[person.zone]
    for _ in range(rng.randint(2, 5)):
        day = due + dt.timedelta(days=rng.randint(GRACE_DAYS + 1, 28))
        if day >= today or day.weekday() == 6:
            continue
        hour = rng.randint(8, 19)
        at = dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59)), tzinfo=dt.UTC) - dt.timedelta(hours=offset)
        if any(call.at == at for call in history.calls):
            continue
        if rng.random() >= person.answer_chance(hour, 0):
            history.calls.append(PastCall(at, False, "no_answer"))
            continue
        if rng.random() >= person.promise_propensity:
            history.calls.append(PastCall(at, True, "refused"))
            continue
        promised = day + dt.timedelta(days=rng.randint(2, 7))
        amount = max(person.bill, history.arrears(day))
        kept = rng.random() < person.keep_propensity and promised < today
        status = "kept" if kept else ("broken" if promised < today else "pending")
        history.calls.append(PastCall(at, True, "promise_to_pay", (amount, promised, status)))
        if kept:
            _pay(history, _moment(promised, rng), amount)
