from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.core import extract_claims

# Text built from the pieces the rules react to, so the fuzzer reaches them often.
PIECES = st.sampled_from(
    [
        " ",
        ".",
        ",",
        "\n",
        "“",
        "”",
        '"',
        "(",
        ")",
        "-",
        "$",
        "€",
        "%",
        "said",
        "according to",
        "more than",
        "about",
        "nearly",
        "between",
        "and",
        "of which",
        "two",
        "hundred",
        "a",
        "dozen",
        "dozens",
        "1,000",
        "2.5",
        "bn",
        "million",
        "killed",
        "injured",
        "Mr.",
        "U.S.",
        "He",
        "who",
        "Kyiv",
        "on Tuesday",
        "the day before",
        "year-old",
        "-5",
        "°C",
        "’s",
        "…",
        "12",
        "1999",
    ]
)


def check(text: str) -> None:
    for c in extract_claims(text):
        assert 0 <= c.start <= c.end <= len(text)
        assert text[c.start : c.end] == c.text
        if c.speaker_start is not None:
            assert c.speaker_end is not None
            assert 0 <= c.speaker_start <= c.speaker_end <= len(text)
        for f in c.figures:
            assert 0 <= f.start <= f.end <= len(text)
            assert text[f.start : f.end] == f.text
            assert f.low <= f.high
            assert f.subset_of is None or 0 <= f.subset_of < len(c.figures)
        c.as_json()


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_it_survives_any_text(text: str) -> None:
    check(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_it_survives_news_like_noise(text: str) -> None:
    check(text)
