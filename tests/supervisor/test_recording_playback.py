"""A real call recorded by the softphone (against a sipp peer on 127.0.0.1) is played back in the call review:
the team's supervisor hears it, the playback is an AuditEvent; a supervisor of another team is refused, clearly,
by the service layer (and the refusal is audited too)."""

from __future__ import annotations

import datetime as dt
import uuid
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from agent_desk.compliance.policy import load_policy
from agent_desk.context import open_context
from agent_desk.dispositions import sync_catalog
from agent_desk.portfolio import UserSummary
from agent_desk.review import RecordingError, open_recording
from agent_desk.softphone import CallState
from agent_desk.softphone.records import InteractionLog
from agent_desk.text import render
from db.models import AuditEvent, Interaction, Outcome, Role, Team, User, UserPermission
from tests.softphone.helpers import peer_exit, wait_idle
from ui.background import Background
from ui.supervisor.call_detail import CallDetailPane

pytestmark = [pytest.mark.sip, pytest.mark.audio, pytest.mark.gui, pytest.mark.slow]
NOW = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.UTC)


def _record_a_call(make_engine, sipp, database, customer) -> int:  # type: ignore[no-untyped-def]
    """Dial the peer through the softphone with recording on, talk ~1.5 s, hang up; returns the interaction id."""
    user_id, customer_id, point_id = customer
    peer = sipp.uas("uas_full.xml", "-rtp_echo")
    engine, events = make_engine(record_calls=True)
    interactions = InteractionLog(database.session, user_id=user_id)
    engine.subscribe(interactions)
    result = engine.dial(peer.uri("service"), customer_id=customer_id, contact_point_id=point_id)
    assert result.placed, result.refusals
    assert engine.run_until(lambda: engine.active_call.state is CallState.CONNECTED, 3), events.states(result.key)
    engine.run_until(lambda: False, 1.5)
    engine.hang_up(result.key)
    wait_idle(engine)
    assert peer_exit(engine, peer, 10) == 0, peer.describe()
    engine.run_until(lambda: False, 0.3)  # the recorder is closed and the WAV complete
    interactions.flush()
    interactions.close()
    return int(interactions.interaction_id(result.key))


def test_playback_of_a_recorded_call_is_audited_and_refused_without_permission(
    qtbot, make_engine, sipp, database, customer, pulse, tmp_path: Path
) -> None:
    interaction_id = _record_a_call(make_engine, sipp, database, customer)
    agent_id = customer[0]
    with database.transaction(write=True) as session:
        sync_catalog(session)
        north, south = Team(name="North"), Team(name="South")
        session.add_all([north, south])
        session.flush()
        session.get(User, agent_id).team_id = north.id
        boss = User(login="boss", display_name="Boss", role=Role.SUPERVISOR, team_id=north.id, created_at=NOW)
        other = User(login="other", display_name="Other", role=Role.SUPERVISOR, team_id=south.id, created_at=NOW)
        qa = User(login="qa", display_name="Quality", role=Role.TRAINER, created_at=NOW)
        session.add_all([boss, other, qa])
        session.flush()
        session.add(UserPermission(user_id=qa.id, permission="recordings.listen", granted_at=NOW))
        interaction = session.get(Interaction, interaction_id)
        assert interaction is not None and interaction.recording_path
        outcome = Outcome(
            draft_key=str(uuid.uuid4()),
            interaction_id=interaction_id,
            customer_id=interaction.customer_id,
            user_id=agent_id,
            disposition_code="refused",
            created_at=NOW,
        )
        session.add(outcome)
        session.flush()
        ids = {"boss": boss.id, "other": other.id, "qa": qa.id, "outcome": outcome.id}
        recording = Path(interaction.recording_path)
    with wave.open(str(recording), "rb") as wav:
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds > 1.0  # a real recording of the call

    # The service layer refuses a supervisor of another team, in words, and keeps a trace of the attempt.
    with pytest.raises(RecordingError) as refused:
        open_recording(database, ids["other"], ids["outcome"], NOW)
    assert "only supervisors of the agent's team and QA reviewers" in render(refused.value.message, "en")
    assert open_recording(database, ids["qa"], ids["outcome"], NOW).path == recording

    # The team's supervisor plays it in the call review: Qt Multimedia advances through the file.
    context = open_context(database.url.render_as_string(hide_password=False))
    background = Background()
    try:
        boss = UserSummary(ids["boss"], "boss", "Boss", Role.SUPERVISOR, "North", "en")
        pane = CallDetailPane(context, background, boss, load_policy())
        qtbot.addWidget(pane)
        pane.show()
        pane.show_outcome(ids["outcome"])
        assert pane.load_recording.isVisible()
        qtbot.mouseClick(pane.load_recording, Qt.MouseButton.LeftButton)
        assert pane.player.isVisible() and pane.recording_message.text() == ""
        qtbot.waitUntil(lambda: pane.player.player.duration() > 1000, timeout=10_000)
        qtbot.waitUntil(lambda: pane.player.player.position() > 300, timeout=10_000)
        pane.player.speed.setCurrentIndex(2)
        qtbot.waitUntil(lambda: pane.player.player.playbackRate() == 2.0, timeout=5_000)
        pane.player.toggle()  # pause
        pane.player.player.setPosition(200)
        qtbot.waitUntil(lambda: pane.player.position.value() < 600, timeout=5_000)

        other = UserSummary(ids["other"], "other", "Other", Role.SUPERVISOR, "South", "en")
        hidden = CallDetailPane(context, background, other, load_policy())
        qtbot.addWidget(hidden)
        hidden.show()
        hidden.show_outcome(ids["outcome"])
        assert not hidden.load_recording.isVisible()  # the GUI hides what the service would refuse
        pane.player.clear()
    finally:
        background.wait(5_000)
        context.close()

    with database.session() as session:
        trail = session.execute(
            select(AuditEvent.action, AuditEvent.user_id, AuditEvent.entity_id)
            .where(AuditEvent.action.like("recording.%"))
            .order_by(AuditEvent.id)
        ).all()
    assert trail == [
        ("recording.refused", ids["other"], str(interaction_id)),
        ("recording.played", ids["qa"], str(interaction_id)),
        ("recording.played", ids["boss"], str(interaction_id)),
    ]
