"""The feedback report of a practice call: the transcript with the rubric's notes where they happened.

A :class:`Report` is plain data: it is stored as JSON on the practice session, shown by the GUI (and exported
to PDF there), and printed by ``agent-desk practice run``. Text is made only when rendered, in the reader's
language.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from agent_desk.practice.rubric import ItemScore, Note, Score, score_call
from agent_desk.practice.session import Entry, PracticeSession
from agent_desk.text import Message

REPORT_VERSION = 1


@dataclasses.dataclass(frozen=True)
class Report:
    scenario: str
    title: str
    language: str
    trainee: str
    mode: str
    talk_seconds: int
    end_state: str | None
    score: int
    failed: bool
    items: tuple[ItemScore, ...]
    notes: tuple[Note, ...]
    entries: tuple[Entry, ...]
    item_titles: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def fail_note(self) -> Note | None:
        return next((note for note in self.notes if note.message.code == "practice.note.disclosed_unverified"), None)

    def notes_at(self, entry: int | None) -> list[Note]:
        return [note for note in self.notes if note.entry == entry]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": REPORT_VERSION,
            "scenario": self.scenario,
            "title": self.title,
            "language": self.language,
            "trainee": self.trainee,
            "mode": self.mode,
            "talk_seconds": self.talk_seconds,
            "end_state": self.end_state,
            "score": self.score,
            "failed": self.failed,
            "items": [dataclasses.asdict(item) for item in self.items],
            "notes": [note.to_dict() for note in self.notes],
            "entries": [entry.to_dict() for entry in self.entries],
            "item_titles": dict(self.item_titles),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            scenario=str(data["scenario"]),
            title=str(data.get("title", data["scenario"])),
            language=str(data.get("language", "en")),
            trainee=str(data.get("trainee", "")),
            mode=str(data.get("mode", "simulated")),
            talk_seconds=int(data.get("talk_seconds", 0)),
            end_state=data.get("end_state"),
            score=int(data.get("score", 0)),
            failed=bool(data.get("failed", False)),
            items=tuple(ItemScore(**item) for item in data.get("items", ())),
            notes=tuple(Note.from_dict(note) for note in data.get("notes", ())),
            entries=tuple(Entry.from_dict(entry) for entry in data.get("entries", ())),
            item_titles=dict(data.get("item_titles", {})),
        )


def build_report(session: PracticeSession, *, mode: str = "simulated", language: str | None = None) -> Report:
    """Score the session's call and put the report together (titles of the rubric items in ``language``)."""
    scenario = session.scenario
    score: Score = score_call(
        session.entries,
        scenario,
        session.rubric,
        talk_seconds=session.talk_seconds,
        end_state=session.end_state,
        live=session.live,
    )
    shown = language or scenario.language
    return Report(
        scenario=scenario.id,
        title=scenario.title,
        language=scenario.language,
        trainee=session.trainee,
        mode=mode,
        talk_seconds=session.talk_seconds,
        end_state=session.end_state,
        score=score.total,
        failed=score.failed,
        items=score.items,
        notes=score.notes,
        entries=tuple(session.entries),
        item_titles={item.code: item.title(shown) for item in session.rubric.items},
    )


def end_label(state: str | None) -> Message:
    return Message.of(f"practice.end.{state or 'unfinished'}")


def speaker_label(who: str) -> Message:
    return Message.of(
        {
            "debtor": "practice.report.debtor",
            "third_party": "practice.report.third_party",
            "trainee": "practice.report.trainee_said",
        }.get(who, "practice.report.system")
    )


def entry_text(entry: Entry, language: str) -> str:
    """What an entry shows: the words, or for a wordless action its kind and detail."""
    if entry.who == "system":
        key = {"connected": "practice.call.connected", "ended": "practice.call.ended"}.get(entry.kind)
        return Message.of(key).render(language) if key else entry.kind
    if entry.text:
        return entry.text
    if entry.kind == "silence":
        return Message.of("practice.call.silence").render(language)
    return f"[{entry.kind}{': ' + entry.detail if entry.detail else ''}]"


def render_text(report: Report, language: str = "en") -> str:
    """The report as plain text (the CLI prints this)."""

    def say(code: str, **params: Any) -> str:
        return Message.of(code, **params).render(language)

    lines = [say("practice.report.title"), say("practice.report.scenario", title=report.title)]
    if report.trainee:
        lines.append(say("practice.report.trainee", name=report.trainee))
    fail = report.fail_note
    if report.failed and fail is not None:
        lines.append(say("practice.report.failed", reason=fail.message.render(language)))
    else:
        lines.append(say("practice.report.score", score=report.score))
    lines.append(say("practice.report.end_state", state=end_label(report.end_state)))
    lines.append(say("practice.report.talk", seconds=report.talk_seconds))
    lines.append("")
    for index, entry in enumerate(report.entries):
        minutes, seconds = divmod(int(entry.at), 60)
        who = speaker_label(entry.who).render(language)
        lines.append(f"[{minutes:02d}:{seconds:02d}] {who}: {entry_text(entry, language)}")
        for note in report.notes_at(index):
            lines.append(f"        {'✓' if note.good else '✗'} {note.message.render(language)}")
    lines.append("")
    for note in report.notes_at(None):
        lines.append(f"  {'✓' if note.good else '✗'} {note.message.render(language)}")
    for item in report.items:
        title = report.item_titles.get(item.code, item.code)
        if item.applies:
            lines.append(
                f"  {say('practice.note.item_scored', item=title, earned=item.earned, possible=item.possible)}"
            )
        else:
            lines.append(f"  {say('practice.note.not_applicable', item=title)}")
    return "\n".join(lines)
