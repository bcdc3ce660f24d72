"""QA scorecards: forms as data (``resources/qa/*.toml``), a reviewer's score of one call, scores per agent over
time, and calibration (two reviewers on the same call).

A form has sections of weighted checkpoints, each answered ``yes``, ``no`` or ``na`` (left out of the total), and
instant-fail items (no right-party verification, disclosure to a third party, threats): any one of them met makes
the score 0. The score is the points of the checkpoints met over the points of those that applied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from agent_desk.resources import load_toml, resource_path
from agent_desk.text import Message
from db.models import AuditEvent, Outcome, QaScorecard, Role, User, UserPermission

ANSWERS = ("yes", "no", "na")
QA_PERMISSION = "qa.review"


class QaError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    code: str
    points: int
    text: dict[str, str]


@dataclasses.dataclass(frozen=True)
class Section:
    code: str
    title: dict[str, str]
    checkpoints: tuple[Checkpoint, ...]


@dataclasses.dataclass(frozen=True)
class QaForm:
    code: str
    version: int
    title: dict[str, str]
    sections: tuple[Section, ...]
    instant_fail: tuple[Checkpoint, ...]

    @property
    def checkpoints(self) -> tuple[Checkpoint, ...]:
        return tuple(point for section in self.sections for point in section.checkpoints)


@dataclasses.dataclass(frozen=True)
class Scorecard:
    id: int
    outcome_id: int
    agent_user_id: int | None
    reviewer: str
    form_code: str
    form_version: int
    score: Decimal
    instant_fail: bool
    answers: dict[str, Any]
    comment: str | None
    created_at: dt.datetime


@dataclasses.dataclass(frozen=True)
class Calibration:
    """Two or more reviewers on one call: their scores, the largest difference, the checkpoints they disagree on."""

    outcome_id: int
    scores: dict[str, Decimal]
    difference: Decimal
    disagreements: tuple[str, ...]


def available_forms() -> list[str]:
    return sorted(path.stem for path in resource_path("qa").glob("*.toml"))


@cache
def load_form(code: str) -> QaForm:
    if code not in available_forms():
        raise QaError(Message.of("qa.unknown_form", form=code))
    data = load_toml("qa", f"{code}.toml")
    try:
        form = QaForm(
            code=str(data["code"]),
            version=int(data["version"]),
            title=dict(data["title"]),
            sections=tuple(
                Section(
                    str(section["code"]),
                    dict(section["title"]),
                    tuple(
                        Checkpoint(str(c["code"]), int(c["points"]), dict(c["text"])) for c in section["checkpoints"]
                    ),
                )
                for section in data["sections"]
            ),
            instant_fail=tuple(Checkpoint(str(i["code"]), 0, dict(i["text"])) for i in data.get("instant_fail", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise QaError(Message.of("qa.bad_form", form=code, problem=str(error))) from error
    codes = [c.code for c in form.checkpoints] + [i.code for i in form.instant_fail]
    if len(codes) != len(set(codes)) or any(c.points <= 0 for c in form.checkpoints):
        raise QaError(Message.of("qa.bad_form", form=code, problem="duplicate codes or points ≤ 0"))
    return form


def compute_score(form: QaForm, answers: dict[str, str], failed: set[str]) -> tuple[Decimal, bool]:
    """The score (0–1, four places) and whether an instant-fail item was met."""
    unknown = (set(answers) - {c.code for c in form.checkpoints}) | (failed - {i.code for i in form.instant_fail})
    if unknown:
        raise QaError(Message.of("qa.unknown_checkpoint", form=form.code, checkpoint=", ".join(sorted(unknown))))
    missing = [c.code for c in form.checkpoints if answers.get(c.code) not in ANSWERS]
    if missing:
        raise QaError(Message.of("qa.unanswered", checkpoints=", ".join(missing)))
    if failed:
        return Decimal("0.0000"), True
    applicable = sum(c.points for c in form.checkpoints if answers[c.code] != "na")
    met = sum(c.points for c in form.checkpoints if answers[c.code] == "yes")
    if not applicable:
        return Decimal("1.0000"), False
    return (Decimal(met) / Decimal(applicable)).quantize(Decimal("0.0001"), ROUND_HALF_UP), False


def may_review(session: Session, user_id: int) -> bool:
    role = session.scalar(select(User.role).where(User.id == user_id))
    if role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    granted = select(UserPermission.user_id).where(
        UserPermission.user_id == user_id, UserPermission.permission == QA_PERMISSION
    )
    return session.scalar(granted) is not None


def score_call(
    session: Session,
    reviewer_id: int,
    outcome_id: int,
    form_code: str,
    answers: dict[str, str],
    instant_fail: set[str],
    comment: str | None,
    now: dt.datetime,
) -> Scorecard:
    """Save a reviewer's scorecard of one call (one per reviewer and call; scoring again replaces it)."""
    if not may_review(session, reviewer_id):
        raise QaError(Message.of("qa.not_a_reviewer"))
    agent_id = session.scalar(select(Outcome.user_id).where(Outcome.id == outcome_id))
    if session.get(Outcome, outcome_id) is None:
        raise QaError(Message.of("recording.unknown_outcome", outcome=outcome_id))
    if agent_id == reviewer_id:
        raise QaError(Message.of("qa.own_call"))
    form = load_form(form_code)
    score, failed = compute_score(form, answers, instant_fail)
    row = session.scalar(
        select(QaScorecard).where(QaScorecard.outcome_id == outcome_id, QaScorecard.reviewer_user_id == reviewer_id)
    )
    stored = {"checkpoints": dict(answers), "instant_fail": sorted(instant_fail)}
    if row is None:
        row = QaScorecard(outcome_id=outcome_id, reviewer_user_id=reviewer_id, created_at=now)
        session.add(row)
    row.agent_user_id = agent_id
    row.form_code, row.form_version = form.code, form.version
    row.score, row.instant_fail, row.answers = score, failed, stored
    row.comment = (comment or "").strip() or None
    try:
        session.flush()
    except IntegrityError as error:  # the same reviewer saved twice at once
        raise QaError(Message.of("qa.not_a_reviewer")) from error
    session.add(
        AuditEvent(
            at=now,
            user_id=reviewer_id,
            action="qa.scored",
            entity="outcome",
            entity_id=str(outcome_id),
            after={"scorecard": row.id, "score": str(score), "instant_fail": failed},
        )
    )
    return _card(session, row)


def _card(session: Session, row: QaScorecard) -> Scorecard:
    reviewer = session.scalar(select(User.display_name).where(User.id == row.reviewer_user_id)) or ""
    return Scorecard(
        row.id,
        row.outcome_id,
        row.agent_user_id,
        reviewer,
        row.form_code,
        row.form_version,
        row.score,
        row.instant_fail,
        dict(row.answers),
        row.comment,
        row.created_at,
    )


def scorecards_for(session: Session, viewer_id: int, agent_id: int) -> list[Scorecard]:
    """An agent's scorecards, newest first, with the reviewers' comments; an agent may see only their own."""
    if viewer_id != agent_id and not may_review(session, viewer_id):
        raise QaError(Message.of("qa.not_yours"))
    rows = session.scalars(
        select(QaScorecard).where(QaScorecard.agent_user_id == agent_id).order_by(QaScorecard.created_at.desc())
    ).all()
    return [_card(session, row) for row in rows]


def calibration(session: Session, outcome_id: int) -> Calibration:
    cards = session.scalars(select(QaScorecard).where(QaScorecard.outcome_id == outcome_id)).all()
    names = dict(
        session.execute(select(User.id, User.login).where(User.id.in_([c.reviewer_user_id for c in cards]))).all()
    )
    scores = {names[c.reviewer_user_id]: c.score for c in cards}
    difference = (max(scores.values()) - min(scores.values())) if scores else Decimal("0")
    answers = [c.answers.get("checkpoints", {}) for c in cards]
    codes = sorted({code for a in answers for code in a})
    disagreements = tuple(code for code in codes if len({a.get(code) for a in answers}) > 1)
    return Calibration(outcome_id, scores, difference, disagreements)


@dataclasses.dataclass(frozen=True)
class ScorePoint:
    """Scorecards of one week (Monday in the team's zone): how many and their average score."""

    week: dt.date
    count: int
    average: Decimal


def score_trend(
    session: Session,
    first: dt.date,
    last: dt.date,
    offset_minutes: int,
    *,
    agent_ids: tuple[int, ...] | None = None,
    team_id: int | None = None,
) -> list[ScorePoint]:
    """QA scores over time: per week, for some agents (or a team, or everyone). One SQL aggregate per day; the
    days are folded into weeks here."""
    from sqlalchemy import func

    from agent_desk.reporting.sqltime import local_date

    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC) - dt.timedelta(minutes=offset_minutes)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC) - dt.timedelta(
        minutes=offset_minutes
    )
    day = local_date(QaScorecard.created_at, offset_minutes)
    query = (
        select(day, func.count(), func.sum(QaScorecard.score))
        .where(QaScorecard.created_at >= start, QaScorecard.created_at < end)
        .group_by(day)
    )
    if agent_ids is not None:
        query = query.where(QaScorecard.agent_user_id.in_(agent_ids))
    if team_id is not None:
        query = query.where(QaScorecard.agent_user_id.in_(select(User.id).where(User.team_id == team_id)))
    weeks: dict[dt.date, tuple[int, Decimal]] = {}
    for raw_day, count, total in session.execute(query):
        when = raw_day if isinstance(raw_day, dt.date) else dt.date.fromisoformat(str(raw_day))
        monday = when - dt.timedelta(days=when.weekday())
        seen, summed = weeks.get(monday, (0, Decimal(0)))
        weeks[monday] = (seen + int(count), summed + Decimal(total))
    return [
        ScorePoint(week, count, (summed / count).quantize(Decimal("0.0001")))
        for week, (count, summed) in sorted(weeks.items())
    ]
