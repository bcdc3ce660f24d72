"""Small wording helpers shared by the outbox's widgets."""

from __future__ import annotations


def capital(words: str) -> str:
    """ "e-mail" → "E-mail" at the start of a cell or line (SMS and WhatsApp stay as they are)."""
    return words[:1].upper() + words[1:]
