"""Choosing the compliance policy pack in force (``agent-desk worklist policy PACK``): admins only, audited."""

from __future__ import annotations

from agent_desk.audit import record
from agent_desk.auth.guard import acting
from agent_desk.auth.permissions import Actor, Permission, require
from agent_desk.clock import Clock
from agent_desk.worklist.settings import forget_settings, settings_for, store_setting
from db.engine import Database
from db.models import StrategySetting


def choose_policy_pack(database: Database, clock: Clock, actor: Actor | int, pack: str) -> None:
    """Put ``pack`` (e.g. ``us_reg_f``) in force; overrides written for another pack are dropped.

    Raises:
        AccessDeniedError: the actor may not change policies (``policy.edit``).
    """
    current = settings_for(database, clock).policy
    with database.transaction(write=True) as session:
        who = acting(session, actor)
        require(who, Permission.POLICY_EDIT)
        with session.no_autoflush:
            stored = session.get(StrategySetting, "policy")
            value = dict(stored.value) if stored else {}
        before = dict(value)
        value["pack"] = pack
        if pack != current.code:
            value["overrides"] = {}  # overrides belong to the pack they were written for
        store_setting(session, clock, "policy", value)
        record(
            session,
            clock.now(),
            who.user_id,
            "policy.changed",
            "strategy_setting",
            "policy",
            before=before,
            after=value,
        )
    forget_settings(database)
