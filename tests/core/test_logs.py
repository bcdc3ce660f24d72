"""Logs never carry a customer's phone number or name."""

from __future__ import annotations

import logging

from agent_desk.logs import mask_name, mask_phone, setup_logging


def test_phone_numbers_are_masked_in_every_shape() -> None:
    text = "dialing +6281234567890, alt 0812-3456-7890, sip:6281234567890@10.0.0.5 code 486"
    masked = mask_phone(text)
    for digits in ("6281234567890", "0812-3456-7890", "81234567"):
        assert digits not in masked
    assert "…890" in masked
    assert "code 486" in masked


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
