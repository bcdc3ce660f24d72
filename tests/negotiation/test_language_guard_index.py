"""The language guard's index (phrases looked up by their first word) finds exactly what trying every phrase over
the whole text finds — on texts made of listed phrases, drawn-out letters, look-alike digits and ordinary words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agent_desk.language_guard import GuardHit, _lists, _normalise, check_text

PHRASES = sorted({phrase for _, phrase, _, _ in _lists()})
ORDINARY = ["bayar", "tagihan", "jatuh", "tempo", "Bapak", "kill", "still", "idiotic", "bodohnya", "pay", "STOP"]


def brute_force(text: str) -> tuple[GuardHit, ...]:
    """The guard as it was first written: every phrase over the whole text, then the longest earliest finds."""
    normal = _normalise(text)
    found = [
        GuardHit(phrase, category, language, match.start(), match.end())
        for pattern, phrase, category, language in _lists()
        for match in pattern.finditer(normal)
    ]
    found.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[GuardHit] = []
    for hit in found:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return tuple(kept)


def disguise(word: str, draw: st.DrawFn) -> str:
    out = []
    for letter in word:
        written = draw(st.sampled_from([letter, letter.upper(), letter * 3]))
        out.append({"o": "0", "i": "1", "a": "4", "e": "3"}.get(written, written) if draw(st.booleans()) else written)
    return "".join(out)


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 8))):
        source = draw(st.sampled_from([*PHRASES, *ORDINARY]))
        words = [disguise(word, draw) if draw(st.booleans()) else word for word in source.split()]
        pieces.append(draw(st.sampled_from([" ", "  ", "-", ".", "_", "…"])).join(words))
    glue = st.sampled_from([" ", ", ", "! ", "\n", "", "x"])
    return "".join(piece + draw(glue) for piece in pieces)


@settings(max_examples=300, deadline=None)
@given(texts())
def test_the_index_finds_what_every_phrase_finds(text: str) -> None:
    assert check_text(text) == brute_force(text)
