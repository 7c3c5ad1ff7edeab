"""Extraction that survives its own bugs: an error loses one part, never the document.

The extractor is pure and fuzzed, yet a rule can still meet a construction it never saw.
When the whole document fails, each paragraph is tried alone, then each sentence of a
failing paragraph; what still fails is reported with its span, the rest keeps its claims.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from . import claims as _claims
from .config import ExtractionConfig
from .segment import split_sentences
from .types import Claim, ExtractionFailure

# A blank line (possibly with spaces) separates paragraphs.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n")


def extract_claims_isolated(
    text: str, published: date | None = None, config: ExtractionConfig | None = None
) -> tuple[tuple[Claim, ...], tuple[ExtractionFailure, ...]]:
    """``extract_claims``, with errors confined to the paragraph or sentence they occur in.

    Offsets are offsets into ``text``, as with ``extract_claims``.

    >>> claims, failures = extract_claims_isolated("Two people died, the mayor said.")
    >>> ([c.speaker for c in claims], failures)
    (['the mayor'], ())
    """
    try:
        return _claims.extract_claims(text, published, config), ()
    except Exception:  # noqa: BLE001 - retried part by part below
        pass
    found: list[Claim] = []
    failures: list[ExtractionFailure] = []
    for start, end in _paragraphs(text):
        try:
            found.extend(_shifted(c, start) for c in _claims.extract_claims(text[start:end], published, config))
            continue
        except Exception as exc:  # noqa: BLE001 - narrowed to its sentences below
            whole = ExtractionFailure(start, end, _describe(exc))
        try:
            sentences = [(start + s.start, start + s.end) for s in split_sentences(text[start:end])]
        except Exception as exc:  # noqa: BLE001 - the paragraph cannot even be split
            failures.append(ExtractionFailure(start, end, _describe(exc)))
            continue
        if len(sentences) <= 1:
            failures.append(whole)
            continue
        for a, b in sentences:
            try:
                found.extend(_shifted(c, a) for c in _claims.extract_claims(text[a:b], published, config))
            except Exception as exc:  # noqa: BLE001 - reported with its span
                failures.append(ExtractionFailure(a, b, _describe(exc)))
    return tuple(found), tuple(failures)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank paragraphs of ``text``."""
    spans: list[tuple[int, int]] = []
    at = 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        spans.append((at, brk.start()))
        at = brk.end()
    spans.append((at, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _shifted(claim: Claim, by: int) -> Claim:
    if not by:
        return claim
    return replace(
        claim,
        start=claim.start + by,
        end=claim.end + by,
        speaker_start=None if claim.speaker_start is None else claim.speaker_start + by,
        speaker_end=None if claim.speaker_end is None else claim.speaker_end + by,
        figures=tuple(replace(f, start=f.start + by, end=f.end + by) for f in claim.figures),
    )


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
