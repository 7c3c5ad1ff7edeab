"""Article text with spans marked, built safely from character offsets.

Every text segment is escaped; only the tags this module writes are markup.
Never pass article text through ``mark_safe`` anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css: str
    tag: str = "mark"
    attrs: dict[str, str] = field(default_factory=dict)

    def open_tag(self) -> str:
        attrs = "".join(format_html(' {}="{}"', name, value) for name, value in self.attrs.items())
        return format_html('<{} class="{}"', self.tag, self.css) + attrs + ">"

    def close_tag(self) -> str:
        return f"</{self.tag}>"


def _crosses(a: Span, b: Span) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def highlight(text: str, spans: list[Span]) -> SafeString:
    """Escape ``text`` and wrap each span in its tag.

    Spans may nest (figures inside a claim); a span that is empty, out of range
    or crosses one already accepted is dropped rather than producing broken HTML.

    >>> str(highlight("a <b> c", [Span(2, 5, "x")]))
    'a <mark class="x">&lt;b&gt;</mark> c'
    """
    accepted: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not 0 <= span.start < span.end <= len(text):
            continue
        if any(_crosses(span, other) for other in accepted):
            continue
        accepted.append(span)

    boundaries = sorted({0, len(text)} | {s.start for s in accepted} | {s.end for s in accepted})
    opening: dict[int, list[Span]] = {}
    for span in accepted:  # already outermost first for equal starts
        opening.setdefault(span.start, []).append(span)

    out: list[str] = []
    stack: list[Span] = []
    previous = 0
    for position in boundaries:
        out.append(escape(text[previous:position]))
        previous = position
        while stack and stack[-1].end == position:
            out.append(stack.pop().close_tag())
        for span in opening.get(position, []):
            stack.append(span)
            out.append(span.open_tag())
    while stack:
        out.append(stack.pop().close_tag())
    # Safe: every piece of text above went through escape(); the tags are ours.
    return mark_safe("".join(out))  # noqa: S308
