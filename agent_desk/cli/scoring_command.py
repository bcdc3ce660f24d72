"""``agent-desk scoring fit | report | score``: fit the likelihood on the book, show how it validated, re-score."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from agent_desk.auth.cli import cli_actor
from agent_desk.scoring.store import fit_and_store, score_book
from agent_desk.text import Message
from db.models import ScoringModel


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "scoring", help="fit the likelihood to pay on the book's own history, report its validation, re-score"
    )
    actions = parser.add_subparsers(dest="scoring_action", metavar="ACTION", required=True)
    fit = actions.add_parser("fit", help="fit on the whole book (out-of-time validation), store, score everyone")
    fit.add_argument(
        "--threads",
        type=int,
        default=1,
        help="CPU threads for the boosted trees (default 1: on a busy machine more threads mostly wait for each other)",
    )
    fit.add_argument("--as", dest="actor", metavar="LOGIN", help="the supervisor or admin asking (default: system)")
    fit.set_defaults(handler=_fit)
    report = actions.add_parser("report", help="the active model: AUC, calibration and lift by decile")
    report.add_argument("--json", action="store_true", help="print the stored figures as JSON")
    report.set_defaults(handler=_report)
    score = actions.add_parser("score", help="score every customer with the active model")
    score.add_argument("--as", dest="actor", metavar="LOGIN", help="the supervisor or admin asking (default: system)")
    score.set_defaults(handler=_score)


def _fit(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    row, result = fit_and_store(context.database, context.clock, threads=args.threads, actor=cli_actor(cli, args.actor))
    figures = result.validation
    auc = figures.get("auc", {})
    cli.say(
        Message.of(
            "scoring.cli.fitted",
            version=row.version,
            kind=row.kind,
            examples=row.examples,
            auc=auc.get("model", "–"),
            latest=auc.get("latest_status", "–"),
            months_late=auc.get("months_late_sum", "–"),
            scorecard=auc.get("scorecard", "–"),
            calibration=figures.get("calibration_error", "–"),
        )
    )
    return _score(args, cli)


def _score(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    report = score_book(context.database, context.clock, actor=cli_actor(cli, args.actor))
    model = (
        Message.of("scoring.model.scorecard")
        if report.model_version is None
        else Message.of("scoring.model.version", version=report.model_version)
    )
    cli.say(Message.of("scoring.cli.scored", customers=report.customers, model=model, seconds=f"{report.seconds:.1f}"))
    return 0


def _report(args: argparse.Namespace, cli: Any) -> int:
    context = cli.context()
    with context.database.session() as session:
        row = session.scalars(
            select(ScoringModel).where(ScoringModel.active.is_(True)).order_by(ScoringModel.version.desc()).limit(1)
        ).first()
        if row is None:
            cli.say(Message.of("scoring.cli.no_model"))
            return 0
        header = {
            "version": row.version,
            "kind": row.kind,
            "target": row.target,
            "fitted_at": row.fitted_at.isoformat(),
            "examples": row.examples,
        }
        figures = dict(row.validation)
    if args.json:
        cli.say(json.dumps({**header, "validation": figures}, indent=2, default=str))
        return 0
    for line in report_lines(header, figures):
        cli.say(line)
    return 0


def report_lines(header: dict[str, Any], figures: dict[str, Any]) -> list[str]:
    """The validation as a plain table (machine-readable output stays in English)."""
    lines = [
        (
            f"model v{header['version']} ({header['kind']}, target {header['target']}),"
            f" fitted {header['fitted_at']} on {header['examples']} examples"
        ),
        f"chosen: {figures.get('chosen')} — {figures.get('why', '')}",
    ]
    months = figures.get("months", {})
    if months:
        lines.append(
            f"out-of-time: fitted on {', '.join(months.get('train', []))}; calibrated on {months.get('calibration')};"
            f" validated on {months.get('validation')} (each month: paid a bill's worth within 30 days or not)"
        )
    auc = figures.get("auc")
    if auc:
        lines.append("AUC (validation month): " + ", ".join(f"{name} {value}" for name, value in auc.items()))
        lines.append(f"base rate {figures.get('base_rate')}, calibration error {figures.get('calibration_error')}")
        lines.append("calibration by decile of the likelihood: decile predicted observed gap rows")
        lines.extend(
            f"  {row['decile']:>2} {row['predicted']:.3f} {row['observed']:.3f} {row['gap']:.3f} {row['rows']}"
            for row in figures.get("calibration", [])
        )
        lift = figures.get("lift", [])
        if lift:
            names = [name for name in lift[0] if name != "decile"]
            lines.append("lift by decile (paying rate over the overall rate): decile " + " ".join(names))
            lines.extend(f"  {row['decile']:>2} " + " ".join(f"{row[name]:.2f}" for name in names) for row in lift)
    for name, candidate in figures.get("candidates", {}).items():
        lines.append(f"candidate {name}: " + ", ".join(f"{key} {value}" for key, value in candidate.items()))
    return lines
