"""Assignments, sessions, scores and recordings in the practice database; what the trainer console reads.

Every function takes the practice :class:`Database` (never the production one) and returns plain dataclasses.
Progress and the team's weakest rubric items are SQL aggregates over ``practice_scores``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from agent_desk.practice.errors import PracticeError
from agent_desk.practice.report import Report
from agent_desk.text import Message
from db.engine import Database
from db.models import PracticeAssignment, PracticeRecording, PracticeScore, PracticeSession, Role, User

MODES = ("simulated", "live")


@dataclasses.dataclass(frozen=True)
class AssignmentRow:
    id: int
    scenario: str
    language: str
    mode: str
    trainee_id: int
    trainee: str
    trainee_login: str
    assigned_by: str | None
    due_on: dt.date | None
    created_at: dt.datetime
    sessions: int
    best_score: int | None
    live_uri: str | None = None  # a live role-play: where the trainer's phone waits


@dataclasses.dataclass(frozen=True)
class SessionRow:
    id: int
    uid: str
    scenario: str
    language: str
    mode: str
    trainee_id: int
    trainee: str
    trainer: str | None
    status: str
    started_at: dt.datetime
    end_state: str | None
    score: int | None
    failed: bool
    talk_seconds: int | None
    has_recording: bool


@dataclasses.dataclass(frozen=True)
class ScorePoint:
    """One finished session's score (a point of a progress chart)."""

    session_id: int
    started_at: dt.datetime
    scenario: str
    score: int
    items: dict[str, float]  # item → share of its points earned (0…1), applicable items only


@dataclasses.dataclass(frozen=True)
class ItemStanding:
    """How the team does on one rubric item: the share of its points earned where it applied."""

    item: str
    earned: int
    possible: int
    sessions: int

    @property
    def share(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


# --- assignments ---


def assign(
    practice: Database,
    *,
    scenario: str,
    language: str,
    trainee_id: int,
    assigned_by_id: int | None,
    now: dt.datetime,
    due_on: dt.date | None = None,
    mode: str = "simulated",
    note: str | None = None,
) -> int:
    """Give a trainee a scenario to practise; returns the assignment's id."""
    if mode not in MODES:
        raise ValueError(f"unknown practice mode {mode!r}")
    with practice.transaction(write=True) as session:
        if assigned_by_id is not None:
            by = session.get(User, assigned_by_id)
            if by is None or by.role not in (Role.TRAINER, Role.SUPERVISOR, Role.ADMIN):
                raise PracticeError(Message.of("practice.error.not_trainer"))
        row = PracticeAssignment(
            scenario=scenario,
            language=language,
            mode=mode,
            trainee_id=trainee_id,
            assigned_by_id=assigned_by_id,
            due_on=due_on,
            note=note,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return int(row.id)


def cancel_assignment(practice: Database, assignment_id: int, now: dt.datetime) -> None:
    with practice.transaction(write=True) as session:
        session.execute(
            update(PracticeAssignment)
            .where(PracticeAssignment.id == assignment_id, PracticeAssignment.cancelled_at.is_(None))
            .values(cancelled_at=now)
        )


def assignments(practice: Database, *, trainee_id: int | None = None) -> list[AssignmentRow]:
    """Open assignments (not cancelled), soonest due first, with how often each was practised."""
    trainee = User.__table__.alias("trainee")
    by = User.__table__.alias("by")
    sessions = (
        select(
            PracticeSession.assignment_id.label("assignment_id"),
            func.count().label("count"),
            func.max(PracticeSession.score).label("best"),
        )
        .where(PracticeSession.status == "finished")
        .group_by(PracticeSession.assignment_id)
        .subquery()
    )
    waiting = (
        select(PracticeSession.assignment_id.label("assignment_id"), func.max(PracticeSession.live_uri).label("uri"))
        .where(PracticeSession.status == "waiting")
        .group_by(PracticeSession.assignment_id)
        .subquery()
    )
    query = (
        select(
            PracticeAssignment,
            trainee.c.display_name,
            trainee.c.login,
            by.c.display_name,
            sessions.c.count,
            sessions.c.best,
            waiting.c.uri,
        )
        .join(trainee, trainee.c.id == PracticeAssignment.trainee_id)
        .outerjoin(by, by.c.id == PracticeAssignment.assigned_by_id)
        .outerjoin(sessions, sessions.c.assignment_id == PracticeAssignment.id)
        .outerjoin(waiting, waiting.c.assignment_id == PracticeAssignment.id)
        .where(PracticeAssignment.cancelled_at.is_(None))
        .order_by(PracticeAssignment.due_on.is_(None), PracticeAssignment.due_on, PracticeAssignment.id)
    )
    if trainee_id is not None:
        query = query.where(PracticeAssignment.trainee_id == trainee_id)
    with practice.session() as session:
        return [
            AssignmentRow(
                row.id,
                row.scenario,
                row.language,
                row.mode,
                row.trainee_id,
                name,
                login,
                by_name,
                row.due_on,
                row.created_at,
                int(count or 0),
                best,
                uri,
            )
            for row, name, login, by_name, count, best, uri in session.execute(query)
        ]


# --- sessions ---


def start_session(
    practice: Database,
    *,
    scenario: str,
    language: str,
    trainee_id: int,
    now: dt.datetime,
    mode: str = "simulated",
    assignment_id: int | None = None,
    trainer_id: int | None = None,
    customer_id: int | None = None,
    status: str = "running",
    live_uri: str | None = None,
    uid: str | None = None,
) -> tuple[int, str]:
    """Record that a session began (or, live, that a trainer waits for the call); returns (id, uid)."""
    uid = uid or uuid.uuid4().hex
    with practice.transaction(write=True) as session:
        row = PracticeSession(
            uid=uid,
            assignment_id=assignment_id,
            scenario=scenario,
            language=language,
            mode=mode,
            trainee_id=trainee_id,
            trainer_id=trainer_id,
            status=status,
            live_uri=live_uri,
            customer_id=customer_id,
            started_at=now,
            report={},
            sheet={},
        )
        session.add(row)
        session.flush()
        return int(row.id), uid


def join_session(practice: Database, session_id: int, customer_id: int | None, now: dt.datetime) -> None:
    """The trainee picked up a waiting (live) session: it runs now."""
    with practice.transaction(write=True) as session:
        session.execute(
            update(PracticeSession)
            .where(PracticeSession.id == session_id)
            .values(status="running", customer_id=customer_id, started_at=now)
        )


def finish_session(
    practice: Database,
    session_id: int,
    report: Report,
    now: dt.datetime,
    *,
    recording: bytes | None = None,
    sheet: dict[str, object] | None = None,
    keep_sheet_score: bool = False,
) -> None:
    """Keep the report, the item scores and the recording of a finished session (one transaction).

    With ``keep_sheet_score`` (a live role-play), a score the trainer's sheet already gave stays.
    """
    with practice.transaction(write=True) as session:
        row = session.get(PracticeSession, session_id)
        if row is None:
            raise PracticeError(Message.of("practice.error.no_session", session=session_id))
        row.status = "finished"
        row.ended_at = now
        row.end_state = report.end_state
        row.talk_seconds = report.talk_seconds
        row.report = report.to_dict()
        if sheet is not None:
            row.sheet = dict(sheet)
        if not (keep_sheet_score and row.sheet and row.sheet.get("score") is not None):
            row.score = report.score
            row.failed = report.failed
            _replace_scores(session, session_id, [(i.code, i.earned, i.possible) for i in report.items if i.applies])
        if recording:
            stored = session.get(PracticeRecording, session_id)
            seconds = max(0, (len(recording) - 44) // 32000)
            if stored is None:
                session.add(PracticeRecording(session_id=session_id, wav=recording, seconds=seconds))
            else:
                stored.wav, stored.seconds = recording, seconds


def _replace_scores(session: Session, session_id: int, scores: list[tuple[str, int, int]]) -> None:
    for old in session.scalars(select(PracticeScore).where(PracticeScore.session_id == session_id)):
        session.delete(old)
    session.flush()
    for item, earned, possible in scores:
        session.add(PracticeScore(session_id=session_id, item=item, earned=earned, possible=possible))


def save_sheet(
    practice: Database,
    session_id: int,
    *,
    ticks: dict[str, bool | None],
    notes: str,
    trainer_id: int,
    now: dt.datetime,
    recording: bytes | None = None,
) -> int:
    """The trainer's live scoring sheet: each rubric item ticked (earned), unticked (lost) or None (did not
    apply). Its score (the share of the applicable points earned, half up) becomes the session's; returns it."""
    from agent_desk.practice.catalog import load_rubric
    from agent_desk.practice.rubric import share

    rubric = load_rubric()
    scores = [
        (item.code, item.points if ticks.get(item.code) else 0, item.points)
        for item in rubric.items
        if ticks.get(item.code) is not None
    ]
    possible = sum(points for _code, _earned, points in scores)
    failed = ticks.get("verification") is False and rubric.item("verification").instant_fail
    score = 0 if failed or not possible else share(100, sum(earned for _c, earned, _p in scores), possible)
    with practice.transaction(write=True) as session:
        row = session.get(PracticeSession, session_id)
        if row is None:
            raise PracticeError(Message.of("practice.error.no_session", session=session_id))
        row.sheet = {"ticks": dict(ticks), "notes": notes, "score": score, "trainer_id": trainer_id,
                     "saved_at": now.isoformat()}  # fmt: skip
        row.score = score
        row.failed = failed
        row.trainer_id = trainer_id
        if row.status != "finished":
            row.status = "finished"
            row.ended_at = now
        _replace_scores(session, session_id, scores)
        if recording:
            stored = session.get(PracticeRecording, session_id)
            seconds = max(0, (len(recording) - 44) // 32000)
            if stored is None:
                session.add(PracticeRecording(session_id=session_id, wav=recording, seconds=seconds))
            else:
                stored.wav, stored.seconds = recording, seconds
    return score


def abandon_session(practice: Database, session_id: int, now: dt.datetime) -> None:
    with practice.transaction(write=True) as session:
        session.execute(
            update(PracticeSession)
            .where(PracticeSession.id == session_id, PracticeSession.status.in_(("waiting", "running")))
            .values(status="abandoned", ended_at=now)
        )


def sessions(practice: Database, *, trainee_id: int | None = None, limit: int = 500) -> list[SessionRow]:
    trainee = User.__table__.alias("trainee")
    trainer = User.__table__.alias("trainer")
    has_recording = select(PracticeRecording.session_id).where(PracticeRecording.session_id == PracticeSession.id)
    query = (
        select(PracticeSession, trainee.c.display_name, trainer.c.display_name, has_recording.exists())
        .join(trainee, trainee.c.id == PracticeSession.trainee_id)
        .outerjoin(trainer, trainer.c.id == PracticeSession.trainer_id)
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
        .limit(limit)
    )
    if trainee_id is not None:
        query = query.where(PracticeSession.trainee_id == trainee_id)
    with practice.session() as session:
        return [
            SessionRow(
                row.id,
                row.uid,
                row.scenario,
                row.language,
                row.mode,
                row.trainee_id,
                name,
                trainer_name,
                row.status,
                row.started_at,
                row.end_state,
                row.score,
                row.failed,
                row.talk_seconds,
                bool(recorded),
            )
            for row, name, trainer_name, recorded in session.execute(query)
        ]


def session_report(practice: Database, session_id: int) -> tuple[Report | None, dict[str, object]]:
    """The stored report (None before the session finished) and the trainer's sheet."""
    with practice.session() as session:
        row = session.get(PracticeSession, session_id)
        if row is None:
            raise PracticeError(Message.of("practice.error.no_session", session=session_id))
        return (Report.from_dict(row.report) if row.report else None), dict(row.sheet or {})


def recording(practice: Database, session_id: int) -> bytes | None:
    with practice.session() as session:
        row = session.get(PracticeRecording, session_id)
        return bytes(row.wav) if row is not None else None


def progress(practice: Database, trainee_id: int) -> list[ScorePoint]:
    """A trainee's finished sessions, oldest first, with each applicable item's share of points."""
    query = (
        select(
            PracticeSession.id,
            PracticeSession.started_at,
            PracticeSession.scenario,
            PracticeSession.score,
            PracticeScore.item,
            PracticeScore.earned,
            PracticeScore.possible,
        )
        .outerjoin(PracticeScore, PracticeScore.session_id == PracticeSession.id)
        .where(PracticeSession.trainee_id == trainee_id, PracticeSession.status == "finished")
        .order_by(PracticeSession.started_at, PracticeSession.id)
    )
    points: dict[int, ScorePoint] = {}
    with practice.session() as session:
        for session_id, started, scenario, score, item, earned, possible in session.execute(query):
            point = points.setdefault(session_id, ScorePoint(session_id, started, scenario, int(score or 0), {}))
            if item is not None and possible:
                point.items[item] = earned / possible
    return list(points.values())


def weakest_items(
    practice: Database, *, team: str | None = None, since: dt.datetime | None = None
) -> list[ItemStanding]:
    """The rubric items across the trainees' finished sessions, weakest (lowest share earned) first."""
    query = (
        select(PracticeScore.item, func.sum(PracticeScore.earned), func.sum(PracticeScore.possible), func.count())
        .join(PracticeSession, PracticeSession.id == PracticeScore.session_id)
        .where(PracticeSession.status == "finished")
        .group_by(PracticeScore.item)
    )
    if since is not None:
        query = query.where(PracticeSession.started_at >= since)
    if team is not None:
        from db.models import Team

        query = (
            query.join(User, User.id == PracticeSession.trainee_id)
            .join(Team, Team.id == User.team_id)
            .where(Team.name == team)
        )
    with practice.session() as session:
        standings = [
            ItemStanding(str(item), int(earned or 0), int(possible or 0), int(count))
            for item, earned, possible, count in session.execute(query)
        ]
    return sorted(standings, key=lambda standing: (standing.share, standing.item))
