"""The rubric scores hand-written transcripts exactly as a person computed them (the sums are in the comments)."""

from __future__ import annotations

from agent_desk.practice.catalog import load_rubric, practice_root
from agent_desk.practice.report import Report, render_text
from agent_desk.practice.rubric import Score, score_call
from agent_desk.practice.scenario import Scenario, load_scenario
from agent_desk.practice.session import Entry
from tests.practice.helpers import debtor, trainee


def _scenario(name: str) -> Scenario:
    return load_scenario(practice_root() / "en" / f"{name}.toml")


def _score(name: str, entries: list[Entry], talk: int, end: str | None) -> Score:
    return score_call(entries, _scenario(name), load_rubric(), talk_seconds=talk, end_state=end)


def _points(score: Score) -> dict[str, tuple[int, int] | None]:
    return {item.code: (item.earned, item.possible) if item.applies else None for item in score.items}


def _opening() -> list[Entry]:
    return [
        Entry(0, "system", "", "connected"),
        debtor(0, "hello"),
        trainee(5, "intent:ask_for_customer", "asked_for_customer"),
        debtor(6, "speaking"),
        trainee(10, "intent:ask_identity", "asked_identity"),
        debtor(12, "gives_dob", identity=True),
    ]


def test_a_model_call_scores_100() -> None:
    entries = [
        *_opening(),
        trainee(16, "verify", "verified", "disclosed"),  # 6: verify, and the purpose stage it opens
        debtor(20, "purpose_heard", feeling=True, objection="bill_not_received"),  # 7
        trainee(26, "objection:bill_not_received", "objection:bill_not_received", "empathy"),  # 8
        debtor(30, "statement_explained"),
        trainee(34, "stage:listen", "asked_reason"),  # 10
        debtor(40, "moved_house", feeling=True),  # 11
        trainee(46, "say", "empathy", text="I understand, moving is a lot."),  # 12
        debtor(50, "statement_explained"),
        trainee(60, "stage:educate", "payment_info"),  # 14
        debtor(70, "knows_amount"),
        trainee(80, "stage:read_back", "read_back"),  # 16
        debtor(90, "confirmed", end="promise"),
        Entry(120, "system", "", "ended"),
    ]
    score = _score("forgot_due_date", entries, 120, "promise")
    # 20 + 10 + 10 + 15 + 10 + (plan skipped) + 10 + 10 + 5 = 90 of 90 → 100
    assert _points(score) == {
        "verification": (20, 20), "empathy": (10, 10), "reason": (10, 10), "objections": (15, 15),
        "payment_info": (10, 10), "plan": None, "read_back": (10, 10), "lawful_language": (10, 10),
        "call_length": (5, 5),
    }  # fmt: skip
    assert (score.total, score.failed) == (100, False)
    notes = {(note.item, note.entry, note.message.code.rsplit(".", 1)[1]) for note in score.notes}
    assert ("verification", 6, "verified") in notes
    assert ("empathy", 8, "feeling_acknowledged") in notes and ("empathy", 12, "feeling_acknowledged") in notes
    assert ("objections", 8, "objection_met") in notes
    assert ("read_back", 16, "read_back") in notes


def test_speaking_of_the_debt_before_verification_fails_the_call() -> None:
    entries = [
        Entry(0, "system", "", "connected"),
        debtor(0, "hello"),
        trainee(5, "intent:disclose_debt", "disclosed"),  # 2: disclosed to whoever answered
        debtor(9, "purpose_heard", feeling=True, objection="bill_not_received"),
        trainee(14, "objection:bill_not_received", "objection:bill_not_received", "empathy"),
        debtor(18, "statement_explained"),
        trainee(22, "verify", "verified"),  # 6: too late, and without asking for proof
        Entry(30, "system", "", "ended"),
    ]
    score = _score("forgot_due_date", entries, 30, None)
    assert (score.total, score.failed) == (0, True)
    assert score.fail_note is not None and score.fail_note.entry == 2
    assert _points(score)["verification"] == (0, 20)
    assert _points(score)["empathy"] == (10, 10)  # the other items still say what went well
    codes = [note.message.code.rsplit(".", 1)[1] for note in score.notes if note.entry == 6]
    assert codes == ["verified_without_check"]


def test_half_the_points_is_fifty() -> None:
    entries = [
        *_opening(),
        trainee(16, "verify", "verified"),  # 6
        trainee(18, "stage:purpose_disclosure", "disclosed"),
        debtor(22, "purpose_heard", feeling=True, objection="bill_not_received"),  # 8: feeling, never acknowledged
        trainee(30, "stage:educate", "payment_info"),
        debtor(36, "knows_amount"),
        trainee(42, "stage:close", "closed"),
        debtor(46, "bye_unconfirmed", end="promise"),
        Entry(50, "system", "", "ended"),
    ]
    score = _score("forgot_due_date", entries, 50, "promise")
    # earned 20 + 0 + 0 + 0 + 10 + 0 (no read-back) + 10 + 5 = 45 of 90 → 50
    assert _points(score) == {
        "verification": (20, 20), "empathy": (0, 10), "reason": (0, 10), "objections": (0, 15),
        "payment_info": (10, 10), "plan": None, "read_back": (0, 10), "lawful_language": (10, 10),
        "call_length": (5, 5),
    }  # fmt: skip
    assert score.total == 50
    missed = [note for note in score.notes if note.message.code.endswith("feeling_missed")]
    assert [note.entry for note in missed] == [8]


def test_shares_round_half_up_and_abuse_costs_the_language_points() -> None:
    entries = [
        *_opening(),
        trainee(16, "verify", "verified", "disclosed"),  # 6
        debtor(20, "purpose_heard", feeling=True, objection="bill_not_received"),  # 7
        trainee(26, "say", "empathy", text="I'm sorry to hear that."),  # 8
        debtor(30, "moved_house", feeling=True),  # 9
        trainee(40, "stage:educate", "payment_info"),  # 10
        debtor(50, "statement_explained", feeling=True),  # 11
        trainee(60, "say", "abusive", text="Honestly, you are a liar."),  # 12
        debtor(70, "knows_amount", feeling=True),  # 13
        trainee(80, "stage:close", "closed"),  # 14
        debtor(90, "gives_up", end="hang_up"),
        Entry(200, "system", "", "ended"),
    ]
    score = _score("forgot_due_date", entries, 200, "hang_up")
    # empathy: 1 of 4 feelings acknowledged → 10 × 1/4 = 2.5 → 3; read-back does not apply (nothing agreed)
    # earned 20 + 3 + 0 + 0 + 10 + 0 + 5 = 38 of 80 → 47.5 → 48
    assert _points(score) == {
        "verification": (20, 20), "empathy": (3, 10), "reason": (0, 10), "objections": (0, 15),
        "payment_info": (10, 10), "plan": None, "read_back": None, "lawful_language": (0, 10),
        "call_length": (5, 5),
    }  # fmt: skip
    assert score.total == 48
    (abuse,) = [note for note in score.notes if note.item == "lawful_language"]
    assert abuse.entry == 12 and "you are a liar" in abuse.message.render("en")


def test_a_third_party_call_done_right_and_done_wrong() -> None:
    right = [
        Entry(0, "system", "", "connected"),
        debtor(0, "hello", who="third_party"),
        trainee(5, "intent:ask_for_customer", "asked_for_customer"),
        debtor(9, "not_here", who="third_party", objection="someone_else"),  # 3
        trainee(14, "someone_else", "someone_else"),  # 4
        trainee(20, "intent:take_message", "took_message"),
        debtor(26, "message_ok", who="third_party", end="message_left"),
        Entry(40, "system", "", "ended"),
    ]
    score = _score("spouse_answers", right, 40, "message_left")
    # verification 20 (nothing said to him) + objections 15 + language 10 + length 5 = 50 of 50 → 100
    assert _points(score) == {
        "verification": (20, 20), "empathy": None, "reason": None, "objections": (15, 15), "payment_info": None,
        "plan": None, "read_back": None, "lawful_language": (10, 10), "call_length": (5, 5),
    }  # fmt: skip
    assert score.total == 100
    wrong = [
        *right[:4],
        trainee(14, "verify", "verified"),  # 4: the husband confirmed as the customer
        trainee(20, "intent:tell_the_spouse", "disclosed"),  # 5
        debtor(26, "husband_upset", who="third_party", feeling=True, end="hang_up"),
        Entry(30, "system", "", "ended"),
    ]
    score = _score("spouse_answers", wrong, 30, "hang_up")
    assert (score.total, score.failed) == (0, True)
    assert score.fail_note is not None and score.fail_note.entry == 5
    assert [n.entry for n in score.notes if n.message.code.endswith("wrong_party_verified")] == [4]


def test_the_last_plan_counts_and_a_read_back_must_follow_it() -> None:
    entries = [
        *_opening(),
        trainee(16, "verify", "verified", "disclosed"),  # 6
        debtor(20, "purpose_heard", feeling=True, objection="cannot_afford"),  # 7
        trainee(30, "objection:cannot_afford", "objection:cannot_afford", "empathy"),  # 8
        debtor(40, "opens_up", feeling=True),  # 9
        trainee(60, "plan", "plan_unaffordable", "offered_solution"),  # 10
        debtor(70, "too_much", feeling=True),  # 11
        trainee(80, "plan", "plan_beyond_authority", "offered_solution"),  # 12
        debtor(90, "not_sure"),
        trainee(100, "plan", "plan_ok", "offered_solution"),  # 14
        debtor(110, "accepts_plan"),
        trainee(120, "stage:close", "closed"),
        debtor(130, "plan_unread", end="plan"),
        Entry(150, "system", "", "ended"),
    ]
    score = _score("lost_job", entries, 150, "plan")
    # 20 + 3 (1 of 3 feelings: 3.33) + 0 + 15 + 0 + 10 + 0 + 10 + 5 = 63 of 100
    assert _points(score) == {
        "verification": (20, 20), "empathy": (3, 10), "reason": (0, 10), "objections": (15, 15),
        "payment_info": (0, 10), "plan": (10, 10), "read_back": (0, 10), "lawful_language": (10, 10),
        "call_length": (5, 5),
    }  # fmt: skip
    assert score.total == 63
    plan_notes = [(n.entry, n.message.code.rsplit(".", 1)[1]) for n in score.notes if n.item == "plan"]
    assert plan_notes == [
        (10, "plan_unaffordable"),
        (12, "plan_beyond_authority"),
        (14, "plan_ok"),
        (14, "plan_scored"),
    ]


def test_a_report_survives_storage_and_renders_in_both_languages() -> None:
    from agent_desk.practice.session import PracticeSession

    scenario = _scenario("forgot_due_date")
    clock = [0.0]
    session = PracticeSession(scenario, clock=lambda: clock[0], trainee="Dewi Lestari")
    session.connect()
    session.entries.extend(_opening()[2:])
    from agent_desk.practice.report import build_report

    report = build_report(session)
    again = Report.from_dict(report.to_dict())
    assert again == report
    english, indonesian = render_text(again, "en"), render_text(again, "id")
    assert "Score:" in english and "Nilai:" in indonesian
    assert "practice." not in english and "practice." not in indonesian
