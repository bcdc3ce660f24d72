"""Who may hear a call's recording, and the audit of every playback.

A recording stays a file beside the database, named on the Interaction. Listening is a permission checked here,
not in the GUI: the supervisors of the team of the agent who made the call, admins, and users granted
``recordings.listen`` (QA reviewers). Every granted playback writes an AuditEvent ``recording.played``; a refusal
writes ``recording.refused`` so that attempts are visible too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from agent_desk.text import Message
from db.engine import Database
from db.models import AuditEvent, Interaction, Outcome, Role, User, UserPermission

LISTEN_PERMISSION = "recordings.listen"


class RecordingError(PermissionError):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class Recording:
    outcome_id: int
    interaction_id: int
    path: Path


def may_listen(session: Session, user_id: int, outcome_id: int) -> bool:
    """Whether ``user_id`` may hear the recording of ``outcome_id`` (the GUI hides the player otherwise)."""
    agent = aliased(User)
    row = session.execute(
        select(User.role, User.team_id, agent.team_id)
        .select_from(Outcome)
        .outerjoin(agent, agent.id == Outcome.user_id)
        .join(User, User.id == user_id)
        .where(Outcome.id == outcome_id)
    ).first()
    if row is None:
        return False
    role, team_id, agent_team_id = row
    if role is Role.ADMIN:
        return True
    if role is Role.SUPERVISOR and team_id is not None and team_id == agent_team_id:
        return True
    granted = select(UserPermission.user_id).where(
        UserPermission.user_id == user_id, UserPermission.permission == LISTEN_PERMISSION
    )
    return session.scalar(granted) is not None


def open_recording(database: Database, user_id: int, outcome_id: int, now: dt.datetime) -> Recording:
    """The recording to play, after the permission check; the playback is audited in the same transaction.

    Raises:
        RecordingError: no permission (audited), no recording, or the file is gone.
    """
    with database.transaction(write=True) as session:
        row = session.execute(
            select(Outcome.id, Interaction.id, Interaction.recording_path)
            .select_from(Outcome)
            .outerjoin(Interaction, Interaction.id == Outcome.interaction_id)
            .where(Outcome.id == outcome_id)
        ).first()
        if row is None:
            raise RecordingError(Message.of("recording.unknown_outcome", outcome=outcome_id))
        _, interaction_id, recording_path = row
        if not may_listen(session, user_id, outcome_id):
            session.add(_audit("recording.refused", user_id, outcome_id, interaction_id, now))
            refused = RecordingError(Message.of("recording.no_permission"))
        else:
            refused = None
    if refused is not None:  # the refusal is committed before it is raised
        raise refused
    if interaction_id is None or not recording_path:
        raise RecordingError(Message.of("recording.none"))
    path = Path(recording_path)
    if not path.is_file():
        raise RecordingError(Message.of("recording.missing_file", path=str(path)))
    with database.transaction(write=True) as session:
        session.add(_audit("recording.played", user_id, outcome_id, interaction_id, now))
    return Recording(outcome_id, interaction_id, path)


def _audit(action: str, user_id: int, outcome_id: int, interaction_id: int | None, now: dt.datetime) -> AuditEvent:
    return AuditEvent(
        at=now,
        user_id=user_id,
        action=action,
        entity="interaction",
        entity_id=str(interaction_id) if interaction_id is not None else None,
        after={"outcome": outcome_id},
    )
