from __future__ import annotations

import pytest
from hypothesis import example, given, settings
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


@pytest.mark.parametrize("text", ["0/\u00b9", "3 1/\u00b2 miles", "12\u2044\u00b3 of the vote"])
def test_it_survives_digits_that_are_no_decimal_digits(text: str) -> None:
    # "¹" passes str.isdigit() but float() refuses it (found by the fuzz test above)
    check(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_it_survives_news_like_noise(text: str) -> None:
    check(text)


# ---------------------------------------------------------------- real-text-like constructions
# Sentences built the way news copy is (speaker, cue, quotation, figures, asides), then
# roughened the way real copy is: spaced or missing quotation marks, stray closing marks,
# brackets, dashes, numbers with spaces inside, odd white space.

SPEAKERS = st.sampled_from(
    [
        "the ministry",
        "Mr. Okafor",
        "Dr. Ana Ortiz",
        "she",
        "they",
        "officials",
        "the mayor, Jan Novak,",
        "the regional governor's office",
        "a spokesman for the port (who asked not to be named)",
        "U.N. monitors",
        "J. K. Adeyemi",
    ]
)
CUES = st.sampled_from(
    ["said", "told reporters", "wrote on X", "announced", "added", "claimed", "said on Telegram", "denied"]
)
NUMBERS = st.sampled_from(
    [
        "12",
        "1 000",
        "2 500 000",
        "1,000",
        "4.5",
        "3 . 5",
        "12 %",
        "12 per cent",
        "½",
        "²",
        "10-15",
        "10 – 15",
        "−5",
        "-5",
        "$ 3 bn",
        "€2,5",
        "£1.2m",
        "nine",
        "ninety-nine",
        "a dozen",
        "dozens of",
        "1.5 million",
        "0",
        "00",
        "1e9",
        "2024",
        "12:30",
        "5th",
    ]
)
QUALIFIERS = st.sampled_from(["", "at least ", "more than ", "up to ", "about ", "nearly ", "between 3 and ", "over "])
NOUNS = st.sampled_from(
    ["people were killed", "missiles", "drones were shot down", "injured", "km", "kg", "years old", "homes", "votes"]
)
SEPARATORS = st.sampled_from([", ", " — ", " – ", " - ", " -- ", "; ", " (", ") ", " [", "] ", ": ", " … ", " "])
QUOTES = st.sampled_from(
    [
        ("", ""),
        ('"', '"'),
        ("“", "”"),
        ("«", "»"),
        ("'", "'"),
        ("‘", "’"),
        ("''", "''"),
        ('"', ""),
        ("", '"'),
        ("“", ""),
        ("", "”"),
        ("„", "“"),
    ]
)
SPACES = st.sampled_from(["", " ", "  ", "\u00a0", "\u2009", "\t"])
TERMINALS = st.sampled_from([".", "!", "?", "…", "...", "", ".)", '."', ". "])
STRAYS = st.sampled_from(['"', "”", "’", ")", "]", "»", "(", "“", " .", "—", "\n", "\n\n", ",", ":", "%", "$"])
JOINS = st.sampled_from([" ", "\n", "\n\n", "  ", "\n \n", ""])


@st.composite
def figure_phrases(draw: st.DrawFn) -> str:
    return draw(QUALIFIERS) + draw(NUMBERS) + draw(st.sampled_from([" ", "", "  "])) + draw(NOUNS)


@st.composite
def news_sentences(draw: st.DrawFn) -> str:
    words = st.sampled_from(["the count is not final", "Kyiv", "on Tuesday", "the day before"])
    clauses = draw(st.lists(figure_phrases() | words, min_size=1, max_size=3))
    body = clauses[0]
    for clause in clauses[1:]:
        body += draw(SEPARATORS) + clause
    opening, closing = draw(QUOTES)
    quoted = opening + draw(SPACES) + body + draw(TERMINALS) + draw(SPACES) + closing
    speaker, cue = draw(SPEAKERS), draw(CUES)
    shape = draw(st.integers(0, 4))
    if shape == 0:
        sentence = f"{quoted} {speaker} {cue}."
    elif shape == 1:
        sentence = f"{speaker.capitalize()} {cue} that {quoted}"
    elif shape == 2:
        sentence = f"{speaker.capitalize()} {cue}: {quoted}"
    elif shape == 3:
        sentence = f"According to {speaker}, {quoted}"
    else:
        sentence = quoted
    return sentence


@st.composite
def news_documents(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(news_sentences(), min_size=1, max_size=6))
    text = sentences[0]
    for sentence in sentences[1:]:
        text += draw(JOINS) + sentence
    # roughen: stray marks dropped in anywhere
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(STRAYS) + text[at:]
    return text


@settings(max_examples=500, deadline=None)
@given(news_documents())
@example('She said that "the count is not final. "')
@example("“Two people were killed. ” the mayor said. ”")
@example('He said: "12 missiles . "\n"\n" ( ) ]')
def test_it_survives_real_text_like_constructions(text: str) -> None:
    check(text)
