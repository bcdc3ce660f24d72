"""``agent-desk practice run``: a scripted trainee plays a scenario headless and the report is printed."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_desk.cli.main import main as cli_main
from agent_desk.context import open_context
from agent_desk.practice.sandbox import open_practice_database
from agent_desk.practice.store import sessions

ROOT = Path(__file__).resolve().parents[2]
GOOD = """
[[step]]
intent = "ask_for_customer"
[[step]]
intent = "ask_identity"
[[step]]
do = "verify"
[[step]]
do = "stage:purpose_disclosure"
[[step]]
do = "objection:cannot_afford"
[[step]]
say = "I'm sorry to hear that. May I ask what happened at the factory?"
[[step]]
do = "plan"
plan = { kind = "installments", payments = 6, first_in_days = 5 }
[[step]]
do = "stage:read_back"
seconds = 20
"""


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(args))
    return code, out.getvalue(), err.getvalue()


def test_a_scripted_trainee_gets_the_plan_and_a_full_report(book_url: str, tmp_path: Path) -> None:
    replies = tmp_path / "replies.toml"
    replies.write_text(GOOD, encoding="utf-8")
    code, out, err = _run("--db", book_url, "--at", "2026-11-24T09:30+07:00", "practice", "run", "lost_job",
                          "--as", "agent01", "--replies", str(replies), "--json", "--save")  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["end_state"] == "plan"
    kinds = [entry["kind"] for entry in report["entries"] if entry["who"] != "system"]
    assert kinds[:4] == ["hello", "intent:ask_for_customer", "speaking", "intent:ask_identity"]
    assert "accepts_plan" in kinds and kinds[-1] == "plan_confirmed"
    # 6 × 450,000 = 2,700,000: within an agent's authority (6 payments) and the persona's 500,000 a payment.
    plan = next(e for e in report["entries"] if e["kind"] == "plan")
    assert "plan_ok" in plan["events"] and "Rp 450.000" in plan["text"]
    items = {item["code"]: item["earned"] for item in report["items"]}
    assert items == {"verification": 20, "empathy": 10, "reason": 10, "objections": 15, "payment_info": 0,
                     "plan": 10, "read_back": 10, "lawful_language": 10, "call_length": 5}  # fmt: skip
    assert report["score"] == 90
    # --save kept it in the practice database beside the book, not in the book.
    context = open_context(book_url)
    practice = open_practice_database(context.database)
    try:
        (row,) = sessions(practice)
        assert (row.mode, row.score, row.end_state, row.scenario) == ("scripted", 90, "plan", "lost_job")
    finally:
        practice.dispose()
        context.close()
    assert Path(book_url.removeprefix("sqlite:///")).with_name("book-practice.sqlite3").exists()


def test_the_text_report_in_indonesian(book_url: str, tmp_path: Path) -> None:
    replies = tmp_path / "replies.toml"
    replies.write_text('[[step]]\nintent = "disclose_debt"\n', encoding="utf-8")
    code, out, err = _run("--db", book_url, "--lang", "id", "practice", "run", "forgot_due_date", "--as", "agent01",
                          "--replies", str(replies))  # fmt: skip
    assert code == 0, err
    assert "Nilai: 0 / 100 — gagal: gagal langsung: membicarakan utang sebelum orang yang benar diverifikasi" in out
    assert "Debitur: Halo?" in out


@pytest.mark.parametrize(
    ("replies", "args", "expected"),
    [
        ('[[step]]\ndo = "dance"\n', ("forgot_due_date", "--as", "agent01"), "step 1: unknown action 'dance'"),
        ('[[step]]\nintent = "x"\nsay = "y"\n', ("forgot_due_date", "--as", "agent01"), "give exactly one of"),
        ("not toml [", ("forgot_due_date", "--as", "agent01"), "cannot read the replies file"),
        ('[[step]]\ndo = "verify"\n', ("no_such_scenario", "--as", "agent01"), "no scenario “no_such_scenario”"),
        ('[[step]]\ndo = "verify"\n', ("forgot_due_date", "--as", "nobody"), "no user “nobody”"),
    ],
)
def test_bad_input_gets_a_plain_reason(book_url: str, tmp_path: Path, replies: str, args: tuple[str, ...],
                                       expected: str) -> None:  # fmt: skip
    path = tmp_path / "replies.toml"
    path.write_text(replies, encoding="utf-8")
    code, _out, err = _run("--db", book_url, "practice", "run", *args, "--replies", str(path))
    assert code == 2
    assert expected in err and "Traceback" not in err


def test_the_installed_entry_point_runs_a_scenario(book_url: str, tmp_path: Path) -> None:
    path = tmp_path / "replies.toml"
    path.write_text(GOOD, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", "--db", book_url,
         "practice", "run", "lost_job", "--as", "agent01", "--replies", str(path)],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Score: 90 / 100" in done.stdout
