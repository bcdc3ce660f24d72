"""``agent-desk practice validate [FILE…]`` and ``agent-desk practice run SCENARIO --as LOGIN --replies FILE``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from agent_desk.practice.catalog import practice_root
from agent_desk.practice.errors import PracticeError
from agent_desk.practice.report import render_text
from agent_desk.practice.runner import read_steps, run_scripted
from agent_desk.practice.sandbox import (
    PracticeClock,
    open_practice_database,
    practice_moment,
    practice_user,
    sync_from_production,
)
from agent_desk.practice.scenario import ScenarioError, load_scenario
from agent_desk.practice.seed import create_customer
from agent_desk.practice.store import finish_session, start_session
from agent_desk.practice.validate import find_scenario, validate
from agent_desk.text import Message
from agent_desk.worklist import settings_for


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("practice", help="practice scenarios: check them, or play one headless")
    commands = parser.add_subparsers(dest="practice_command", metavar="ACTION", required=True)
    check = commands.add_parser("validate", help="check scenario files (all of them when none is given)")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE")
    check.set_defaults(handler=_validate)
    run = commands.add_parser("run", help="play a scenario with a scripted trainee and print the report")
    run.add_argument("scenario", metavar="SCENARIO", help="a scenario id (or a scenario file)")
    run.add_argument("--as", dest="login", required=True, metavar="LOGIN", help="the trainee (their authority counts)")
    run.add_argument("--replies", required=True, type=Path, metavar="FILE", help="the trainee's steps (TOML)")
    run.add_argument("--language", choices=("en", "id"), help="the scenario's language (default: --lang)")
    run.add_argument("--save", action="store_true", help="keep the session in the practice database")
    run.add_argument("--json", action="store_true", help="print the report as JSON")
    run.set_defaults(handler=_run)


def _validate(args: argparse.Namespace, cli: Any) -> int:
    result = validate(list(args.files) or None)
    root = Path.cwd()
    for problem in result.problems:
        cli.say(problem.render(args.lang, root=root if problem.path.is_relative_to(root) else None))
    if result.ok:
        cli.say(Message.of("practice.validate.ok", count=len(result.files)))
        return 0
    cli.say(Message.of("practice.validate.failed", count=len(result.problems), files=len(result.files)))
    return 1


def _run(args: argparse.Namespace, cli: Any) -> int:
    language = args.language or args.lang
    path = find_scenario(args.scenario, language)
    if not path.exists():
        return int(cli.fail(Message.of("practice.error.unknown_scenario", scenario=args.scenario, language=language)))
    try:
        scenario = load_scenario(path, language if path.parent.parent == practice_root() else None)
    except ScenarioError as error:
        for problem in error.problems:
            cli.say(problem.render(args.lang))
        return 1
    context = cli.context()
    try:
        steps = read_steps(args.replies)
        practice = open_practice_database(context.database, context.credentials)
        try:
            logins = sync_from_production(context.database, practice, context.clock.now())
            if args.login not in logins:
                return int(cli.fail(Message.of("practice.error.unknown_user", login=args.login)))
            user = practice_user(practice, args.login)
            settings = settings_for(practice, context.clock)
            calendar = settings.policy.calendar
            moment = practice_moment(scenario, context.clock.now(), calendar.holiday if calendar else None)
            clock = PracticeClock(moment)
            customer = create_customer(practice, clock, scenario, user.id)
            report, _played = run_scripted(
                scenario,
                steps,
                practice=practice,
                clock=clock,
                user_id=user.id,
                trainee_name=user.display_name,
                customer=customer,
                path=args.replies,
            )
            if args.save:
                session_id, _uid = start_session(
                    practice,
                    scenario=scenario.id,
                    language=scenario.language,
                    trainee_id=user.id,
                    now=clock.now(),
                    mode="scripted",
                    customer_id=customer.customer_id,
                )
                finish_session(practice, session_id, report, clock.now())
        finally:
            practice.dispose()
    except PracticeError as error:
        return int(cli.fail(error.message))
    if args.json:
        cli.say(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
    else:
        cli.say(render_text(report, args.lang))
    return 0
