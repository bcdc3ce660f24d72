"""``agent-desk authority``, ``agent-desk approvals`` and ``agent-desk language-flags``: negotiation from the shell.

``--as LOGIN`` names the user acting (an admin for ``authority set``, a supervisor or admin for approvals); the
services check the role, the CLI only looks the login up.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any

from agent_desk.language_guard import list_flags
from agent_desk.negotiation import (
    Authority,
    NegotiationError,
    authority_for,
    decide,
    pending_approvals,
    promise_policy,
    role_defaults,
    set_role_authority,
    set_user_authority,
    store_promise_policy,
)
from agent_desk.negotiation.limits import users_by_login
from agent_desk.text import Amount, Message
from db.models import Role


def _rate(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise argparse.ArgumentTypeError(f"not a fraction: {text!r} (0.15 = 15%)") from error


def register(subparsers: Any) -> None:
    authority = subparsers.add_parser("authority", help="show or set discount and installment limits")
    actions = authority.add_subparsers(dest="authority_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the limits of every role, of one role, or of one user")
    who = show.add_mutually_exclusive_group()
    who.add_argument("--role", choices=[str(role) for role in Role])
    who.add_argument("--user", metavar="LOGIN")
    show.set_defaults(handler=_show)
    change = actions.add_parser("set", help="change a role's defaults or a user's own limits (admins)")
    target = change.add_mutually_exclusive_group(required=True)
    target.add_argument("--role", choices=[str(role) for role in Role])
    target.add_argument("--user", metavar="LOGIN")
    change.add_argument("--settlement", type=_rate, metavar="FRACTION", help="largest settlement discount, 0.20 = 20%%")
    change.add_argument("--early-payment", type=_rate, metavar="FRACTION", help="largest early-payment discount")
    change.add_argument("--installments", type=int, metavar="N", help="most payments in a plan")
    change.add_argument("--clear", action="store_true", help="(--user) drop the user's own limits first")
    change.add_argument("--as", dest="actor", required=True, metavar="ADMIN_LOGIN")
    change.set_defaults(handler=_set)

    policy = actions.add_parser("policy", help="show the promise policy, or change parts of it (admins, with --as)")
    policy.add_argument("--max-days", type=int, metavar="N", help="furthest a promise or first payment may be, in days")
    policy.add_argument("--max-plan-months", type=int, metavar="N", help="last payment at most N months out")
    policy.add_argument(
        "--min-amount", action="append", default=[], metavar="CUR=AMOUNT", help="smallest payment, e.g. IDR=50000"
    )
    policy.add_argument("--min-first-share", type=_rate, metavar="FRACTION", help="first payment ≥ this × arrears")
    policy.add_argument("--affordable-share", type=_rate, metavar="FRACTION", help="advice: share of what is left")
    policy.add_argument("--as", dest="actor", metavar="ADMIN_LOGIN", help="needed to change it")
    policy.set_defaults(handler=_policy)

    approvals = subparsers.add_parser("approvals", help="plans awaiting a supervisor's decision")
    steps = approvals.add_subparsers(dest="approvals_action", metavar="ACTION", required=True)
    listing = steps.add_parser("list", help="the requests you may decide")
    listing.add_argument("--as", dest="actor", required=True, metavar="LOGIN")
    listing.set_defaults(handler=_list)
    for name, approve in (("approve", True), ("reject", False)):
        step = steps.add_parser(name, help=f"{name} a plan")
        step.add_argument("plan_id", type=int, metavar="PLAN_ID")
        step.add_argument("--reason", default="", help="why (required to reject; the agent tells the customer)")
        step.add_argument("--as", dest="actor", required=True, metavar="LOGIN")
        step.set_defaults(handler=_decide, approve=approve)

    flags = subparsers.add_parser("language-flags", help="wording the language guard flagged")
    flag_steps = flags.add_subparsers(dest="flags_action", metavar="ACTION", required=True)
    flag_list = flag_steps.add_parser("list", help="flags not reviewed yet (--all: every flag)")
    flag_list.add_argument("--all", action="store_true")
    flag_list.add_argument("--limit", type=int, default=200, metavar="N")
    flag_list.set_defaults(handler=_flags)


def _percent(rate: Decimal) -> Decimal:
    return (rate * 100).quantize(Decimal("0.01")).normalize()


def _say_authority(cli: Any, who: str, authority: Authority) -> None:
    source = Message.of("negotiation.cli.source_user" if authority.source == "user" else "negotiation.cli.source_role")
    cli.say(
        Message.of(
            "negotiation.cli.authority",
            who=who,
            settlement=_percent(authority.max_settlement_discount),
            early=_percent(authority.max_early_payment_discount),
            installments=authority.max_installments,
            source=source,
        )
    )


def _user_id(cli: Any, login: str) -> int | None:
    with cli.context().database.session() as session:
        user = users_by_login(session, login)
        return user.id if user is not None else None


def _show(args: argparse.Namespace, cli: Any) -> int:
    database = cli.context().database
    with database.session() as session:
        if args.user:
            user = users_by_login(session, args.user)
            if user is None:
                return int(cli.fail(Message.of("negotiation.error.unknown_login", login=args.user)))
            try:
                _say_authority(cli, args.user, authority_for(session, user.id))
            except NegotiationError as error:
                return int(cli.fail(error.message))
            return 0
        roles = [Role(args.role)] if args.role else list(Role)
        for role in roles:
            _say_authority(cli, Message.of(f"role.{role}").render(args.lang), role_defaults(session, role))
    return 0


def _set(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    actor = _user_id(cli, args.actor)
    if actor is None:
        return int(cli.fail(Message.of("negotiation.error.unknown_login", login=args.actor)))
    try:
        if args.role:
            result = set_role_authority(
                context.database,
                context.clock,
                actor_id=actor,
                role=Role(args.role),
                settlement=args.settlement,
                early_payment=args.early_payment,
                installments=args.installments,
            )
            _say_authority(cli, Message.of(f"role.{args.role}").render(args.lang), result)
            return 0
        user = _user_id(cli, args.user)
        if user is None:
            return int(cli.fail(Message.of("negotiation.error.unknown_login", login=args.user)))
        result = set_user_authority(
            context.database,
            context.clock,
            actor_id=actor,
            user_id=user,
            settlement=args.settlement,
            early_payment=args.early_payment,
            installments=args.installments,
            clear=args.clear,
        )
    except NegotiationError as error:
        return int(cli.fail(error.message))
    _say_authority(cli, args.user, result)
    return 0


def _policy(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    changes: dict[str, Any] = {}
    if args.max_days is not None:
        changes["max_days_ahead"] = args.max_days
    if args.max_plan_months is not None:
        changes["max_plan_months"] = args.max_plan_months
    if args.min_first_share is not None:
        changes["min_first_share_of_arrears"] = str(args.min_first_share)
    if args.affordable_share is not None:
        changes["affordable_share"] = str(args.affordable_share)
    if args.min_amount:
        with context.database.session() as session:
            minimum = {key: str(value) for key, value in promise_policy(session).min_amount.items()}
        for item in args.min_amount:
            currency, _, amount = item.partition("=")
            try:
                minimum[currency.strip().upper()] = str(Decimal(amount.strip()))
            except InvalidOperation:
                return int(cli.fail(Message.of("negotiation.cli.bad_minimum", text=item)))
        changes["min_amount"] = minimum
    if changes:
        actor = _user_id(cli, args.actor) if args.actor else None
        if actor is None:
            return int(cli.fail(Message.of("negotiation.error.unknown_login", login=args.actor or "—")))
        try:
            policy = store_promise_policy(context.database, context.clock, actor_id=actor, values=changes)
        except NegotiationError as error:
            return int(cli.fail(error.message))
    else:
        with context.database.session() as session:
            policy = promise_policy(session)
    cli.say(
        Message.of(
            "negotiation.cli.policy",
            days=policy.max_days_ahead,
            months=policy.max_plan_months,
            installments=policy.max_installments,
            minimum=[Amount(value, currency) for currency, value in sorted(policy.min_amount.items())],
            first=_percent(policy.min_first_share_of_arrears),
            share=_percent(policy.affordable_share),
        )
    )
    return 0


def _list(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    actor = _user_id(cli, args.actor)
    if actor is None:
        return int(cli.fail(Message.of("negotiation.error.unknown_login", login=args.actor)))
    try:
        requests = pending_approvals(context.database, supervisor_id=actor)
    except NegotiationError as error:
        return int(cli.fail(error.message))
    if not requests:
        cli.say(Message.of("negotiation.cli.no_requests"))
    for request in requests:
        cli.say(
            Message.of(
                "negotiation.cli.request",
                plan=request.plan_id,
                customer=request.customer_name,
                kind=Message.of(f"negotiation.kind.{request.kind}"),
                total=Amount(request.total, request.currency),
                discount=Amount(request.discount_amount, request.currency),
                base=Amount(request.base_amount, request.currency),
                installments=request.installments,
                first=request.first_date or "-",
                by=request.requested_by,
                at=request.requested_at,
            )
        )
        for reason in request.reasons:
            cli.say(Message.of("negotiation.cli.request_reason", reason=reason))
    return 0


def _decide(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    actor = _user_id(cli, args.actor)
    if actor is None:
        return int(cli.fail(Message.of("negotiation.error.unknown_login", login=args.actor)))
    try:
        decision = decide(
            context.database,
            context.clock,
            plan_id=args.plan_id,
            supervisor_id=actor,
            approve=args.approve,
            reason=args.reason,
        )
    except NegotiationError as error:
        return int(cli.fail(error.message))
    cli.say(
        Message.of(
            "negotiation.cli.decided",
            plan=decision.plan_id,
            status=Message.of(f"negotiation.status.{decision.status}"),
            next=decision.next_action or "-",
        )
    )
    return 0


def _flags(args: argparse.Namespace, cli: Any) -> int:
    with cli.context().database.session() as session:
        rows = list_flags(session, unreviewed_only=not args.all, limit=args.limit)
    if not rows:
        cli.say(Message.of("negotiation.cli.no_flags"))
    for row in rows:
        cli.say(
            Message.of(
                "negotiation.cli.flag",
                id=row.id,
                at=row.created_at,
                user=row.user_name or "-",
                customer=row.customer_id or "-",
                category=Message.of(f"language_guard.category.{row.category}"),
                text=row.matched_text,
                phrase=row.phrase,
                language=row.language,
            )
        )
    return 0
