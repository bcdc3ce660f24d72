"""Logs never carry a customer's phone number or name."""

from __future__ import annotations

import logging
import re

import pytest

from agent_desk.auth.guard import CustomerImportingError
from agent_desk.errors import refusal
from agent_desk.logs import mask_name, mask_phone, masked_message, people, setup_logging
from agent_desk.text import Message
from agent_desk.worklist import LeaseError


def test_phone_numbers_are_masked_in_every_shape() -> None:
    text = "dialing +6281234567890, alt 0812-3456-7890, sip:6281234567890@10.0.0.5 code 486"
    masked = mask_phone(text)
    for digits in ("6281234567890", "0812-3456-7890", "81234567"):
        assert digits not in masked
    assert "…890" in masked
    assert "code 486" in masked


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("promise due 2026-12-07 21:00, then a call", "2026-12-07 21:00"),
        ("callback 2026-12-07T14:30+07:00 agreed", "2026-12-07T14:30+07:00"),
        ("between 2026-12-01 and 2026-12-31", "2026-12-01 and 2026-12-31"),
    ],
)
def test_dates_in_a_message_are_not_taken_for_phone_numbers(text: str, kept: str) -> None:
    assert kept in mask_phone(text)


@pytest.mark.parametrize("number", ["0812-3456-7890", "021-5555-1234", "+62 812 3456 7890", "2026 1207 2100"])
def test_a_number_that_is_not_an_iso_date_is_still_masked(number: str) -> None:
    assert number not in mask_phone(f"dialing {number} now")


def test_names_are_reduced_to_initials() -> None:
    assert mask_name("Siti Nur Rahayu") == "S. N. R."
    assert mask_name(None) == "-"


def test_the_log_file_gets_masked_records(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = setup_logging(logging.INFO, tmp_path)
    logging.getLogger("agent_desk.test").info("calling %s for %s", "+6281398765432", mask_name("Budi Santoso"))
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = path.read_text(encoding="utf-8")
    assert "+62…432" in content
    assert "6281398765432" not in content
    assert "Budi" not in content
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO agent_desk.test ", content)  # its time stays whole


def test_a_traceback_in_the_log_file_is_masked_too_and_sql_errors_carry_no_values(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A driver's error may quote the refused value; the statement's parameters are never in the error at all."""
    from sqlalchemy import text as sql
    from sqlalchemy.exc import IntegrityError

    from db.engine import open_database

    path = setup_logging(logging.INFO, tmp_path)
    database = open_database(f"sqlite:///{tmp_path / 'book.sqlite3'}")
    try:
        with database.engine.begin() as connection:
            connection.execute(sql("CREATE TABLE numbers (e164 TEXT UNIQUE)"))
            connection.execute(sql("INSERT INTO numbers VALUES (:n)"), {"n": "+6281398765432"})
        with pytest.raises(IntegrityError) as refused, database.engine.begin() as connection:
            connection.execute(sql("INSERT INTO numbers VALUES (:n)"), {"n": "+6281398765432"})
        assert "6281398765432" not in str(refused.value)
        logging.getLogger("agent_desk.test").error("save failed", exc_info=refused.value)
        try:
            raise ValueError("the gateway refused +62 813-9876-5432")
        except ValueError as error:
            logging.getLogger("agent_desk.test").error("send failed", exc_info=error)
    finally:
        database.dispose()
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = path.read_text(encoding="utf-8")
    assert "IntegrityError" in content and "Traceback" in content
    assert "6281398765432" not in content and "9876-5432" not in content


def test_the_names_a_log_call_gives_are_masked_in_its_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL quotes a refused row whole ("Failing row contains (…)"), a note about the customer included."""
    path = setup_logging(logging.INFO, tmp_path)
    try:
        raise ValueError('Failing row contains (7, "bu SITI Rahayu janji bayar, WA +6281398765432", Sitiawan)')
    except ValueError as error:
        logging.getLogger("agent_desk.test").error("save failed", exc_info=error, extra=people("Siti Rahayu", None))
    logging.getLogger("agent_desk.test").error("no names given: Siti Rahayu")
    for handler in logging.getLogger().handlers:
        handler.flush()
    content = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in content
    assert 'ValueError: Failing row contains (7, "bu S. R. janji bayar, WA +62…432", Sitiawan)' in content
    assert "SITI" not in content and "6281398765432" not in content
    assert "no names given: Siti Rahayu" in content  # only the names a call gives: a name is not recognisable as such


def test_a_message_is_logged_with_its_code_and_the_people_in_it_masked() -> None:
    nested = Message.of("attempt.not_placed", reason="busy, call +62 812-3456-7890")
    logged = masked_message(Message.of("import.preview.repeated", problem=nested, more=3))
    assert logged.startswith("import.preview.repeated: ")
    assert "3456" not in logged and "…890" in logged
    logged = masked_message(Message.of("loop.save_first", name="Siti Nur Rahayu"))
    assert logged == "loop.save_first: Save the outcome of the call with S. N. R. first"
    logged = masked_message(Message.of("negotiation.beyond_of.settlement", percent=40, who="Budi Santoso", limit=30))
    assert "Budi" not in logged and "B. S." in logged


def test_a_refusal_carries_its_message_and_a_failure_does_not() -> None:
    reason = Message.of("import.desk.customer_importing")
    assert refusal(CustomerImportingError(reason)) is reason  # a DeskError
    assert refusal(LeaseError(Message.of("queue.error.skip_reason"))) == Message.of("queue.error.skip_reason")
    assert refusal(RuntimeError("disk full")) is None
    assert refusal(ValueError("bad")) is None
