"""Helpers that start real services for the tests (PostgreSQL, SIP peers, keyring, audio) and stop them."""
