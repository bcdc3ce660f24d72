"""Outcome → next action: the pure planning step of saving an outcome (table-tested per disposition)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from agent_desk.compliance import NumberFacts, Policy
from agent_desk.scheduling.catalog import CatalogEntry
from agent_desk.text import LocalTime, Message
from db.models import ActionKind, FlagKind


class OutcomeError(ValueError):
    """An outcome that cannot be saved as drafted; ``message`` says why in the user's words."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclasses.dataclass(frozen=True)
class NextActionPlan:
    """What saving the outcome schedules and changes.

    Attributes:
        kind / due_at / contact_point_id: the action to create (None: nothing more to do).
        for_promise: the action checks the promise saved with this outcome.
        invalidate_number_id: the dialed number to mark as not dialable.
        set_flag: a customer flag to set (dispute, hardship, deceased).
        supervisor_list: the customer goes on the supervisor's list (holds).
        description: the next action in words, e.g. "Callback Tue 24 Nov, 10:00 WITA".
    """

    kind: ActionKind | None
    due_at: dt.datetime | None
    contact_point_id: int | None
    for_promise: bool
    invalidate_number_id: int | None
    set_flag: FlagKind | None
    supervisor_list: bool
    description: Message


def local_moment(day: dt.date, minute: int, zone: str) -> dt.datetime:
    """``day`` at ``minute`` past local midnight in ``zone``, as UTC."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(zone))
    return (midnight + dt.timedelta(minutes=minute)).astimezone(dt.UTC)


def usable_for_rotation(number: NumberFacts, policy: Policy) -> bool:
    return number.owner in policy.debtor_owners and number.dialable and not number.flags & policy.blocking_flags


def next_number(
    numbers: Sequence[NumberFacts], current_id: int | None, policy: Policy, *, exclude: int | None = None
) -> int | None:
    """The debtor's next usable number after ``current_id`` (primary first, then verified, then oldest)."""
    ordered = sorted(
        (n for n in numbers if usable_for_rotation(n, policy) and n.id != exclude),
        key=lambda n: (not n.is_primary, -n.verified_count, n.id),
    )
    if not ordered:
        return None
    ids = [n.id for n in ordered]
    if current_id not in ids:
        if current_id is None:
            return ids[0]
        # The dialed number is gone from the rotation (invalidated, flagged): continue with the one after it.
        everything = sorted(numbers, key=lambda n: (not n.is_primary, -n.verified_count, n.id))
        position = next((i for i, n in enumerate(everything) if n.id == current_id), -1)
        after = [n.id for n in everything[position + 1 :] if n.id in ids]
        return after[0] if after else ids[0]
    return ids[(ids.index(current_id) + 1) % len(ids)]


def plan_next_action(
    spec: CatalogEntry,
    *,
    now: dt.datetime,
    zone: str,
    dialed_number_id: int | None,
    numbers: Sequence[NumberFacts],
    policy: Policy,
    callback_at: dt.datetime | None = None,
    promise_due: dt.date | None = None,
    default_grace_days: int = 1,
    default_check_minute: int = 9 * 60,
) -> NextActionPlan:
    """The next action after an outcome with disposition ``spec``; ``zone`` is the customer's (or the shown) zone."""
    rule = spec.rule
    invalidate = dialed_number_id if rule.invalidate_number and dialed_number_id is not None else None
    number_id = dialed_number_id
    if rule.rotate_number or invalidate is not None:
        number_id = next_number(numbers, dialed_number_id, policy, exclude=invalidate)
    elif number_id is not None and not any(n.id == number_id and usable_for_rotation(n, policy) for n in numbers):
        number_id = next_number(numbers, None, policy)
    label = next((n.label for n in numbers if n.id == number_id), "")
    due_at, for_promise, description = _when(
        spec,
        now=now,
        zone=zone,
        number_id=number_id,
        label=label,
        callback_at=callback_at,
        promise_due=promise_due,
        grace_days=rule.grace_days if rule.grace_days is not None else default_grace_days,
        minute=rule.at_local_minute if rule.at_local_minute is not None else default_check_minute,
    )
    kind = rule.kind
    return NextActionPlan(
        kind=kind,
        due_at=due_at,
        contact_point_id=number_id if kind not in (ActionKind.HOLD, None) else None,
        for_promise=for_promise,
        invalidate_number_id=invalidate,
        set_flag=rule.flag,
        supervisor_list=rule.supervisor_list,
        description=description,
    )


def _when(
    spec: CatalogEntry,
    *,
    now: dt.datetime,
    zone: str,
    number_id: int | None,
    label: str | Message,
    callback_at: dt.datetime | None,
    promise_due: dt.date | None,
    grace_days: int,
    minute: int,
) -> tuple[dt.datetime | None, bool, Message]:
    """When the next action is due, whether it checks the new promise, and how to say it."""
    kind = spec.rule.kind
    if kind is ActionKind.CALLBACK:
        if callback_at is None:
            raise OutcomeError(Message.of("schedule.error.callback_needed"))
        return (
            callback_at,
            False,
            Message.of("schedule.next.callback", local=LocalTime(callback_at, zone, with_date=True)),
        )
    if kind is ActionKind.PROMISE_CHECK:
        if promise_due is not None:
            due_at = local_moment(promise_due + dt.timedelta(days=grace_days), minute, zone)
            return (
                due_at,
                True,
                Message.of("schedule.next.promise_check", local=LocalTime(due_at, zone, with_date=True)),
            )
        if spec.rule.verify_payment:
            today = now.astimezone(ZoneInfo(zone)).date()
            due_at = local_moment(today + dt.timedelta(days=grace_days), minute, zone)
            return (
                due_at,
                False,
                Message.of("schedule.next.verify_payment", local=LocalTime(due_at, zone, with_date=True)),
            )
        raise OutcomeError(Message.of("schedule.error.promise_needed"))
    if kind is ActionKind.HOLD:
        return now, False, Message.of("schedule.next.hold", flag=Message.of(f"flag.{spec.rule.flag or 'dispute'}"))
    if kind is None:
        return None, False, Message.of("schedule.next.none")
    due_at = now + (spec.rule.delay or dt.timedelta())
    local = LocalTime(due_at, zone, with_date=True)
    if number_id is None:
        return due_at, False, Message.of("schedule.next.no_number", local=local)
    return due_at, False, Message.of(f"schedule.next.{kind}", local=local, number=label)
