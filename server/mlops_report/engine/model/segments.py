"""The report cut into segments at question headings; `build_model` puts them together.

Each segment is parsed on its own and reused, moved, when an edit leaves it alone.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from typing import NamedTuple

from ..reportpy import MARKER
from ..text import SourceText, TextChange, find_all
from .blocks import BlockParse, parse_block_cached
from .headings import HeadingLine, heading_lines, outside_fences, question_starts
from .patterns import CHECKLIST_RE, MODULE_RE
from .types import ChecklistItem, Heading, Question, ReportModel, Span


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


# A question heading ends every block and every fence before it, whatever surrounds it, and is
# recognised from its own line alone. So the text falls into independent segments: the preamble,
# then one per question heading up to the next. Everything the model finds inside a segment
# depends on that segment's text only; an edit re-parses the segments it touched and reuses the
# others, shifted.


class _Cut(NamedTuple):
    """A block boundary inside a segment: a question heading or a `#`/`##` heading.

    Offsets are relative to the segment; `parse` (question blocks only) to the block's start.
    """

    level: int
    title: str
    heading: Span
    number: int | None
    end: int
    block: str
    parse: BlockParse | None
    bent: bool


class _SegmentParse(NamedTuple):
    """What one segment holds, with offsets relative to its start."""

    title: str | None
    cuts: tuple[_Cut, ...]
    checklist: tuple[ChecklistItem, ...]
    markers: tuple[int, ...]


def _parse_segment(text: str, preamble: bool) -> _SegmentParse:
    headings = outside_fences(text, heading_lines(text))
    title = next((h.title for h in headings if h.level == 1), None)
    marks = [h for h in headings if h.number is not None or h.level <= 2]
    cuts = []
    for k, (level, t, span, number, bent) in enumerate(marks):
        end = marks[k + 1].span.start if k + 1 < len(marks) else len(text)
        block = text[span.start : end] if number is not None else ""
        parse = parse_block_cached(block, span.end - span.start) if number is not None else None
        cuts.append(_Cut(level, t, span, number, end, block, parse, bent))
    if not preamble:
        return _SegmentParse(title, tuple(cuts), (), ())
    return _SegmentParse(
        title, tuple(cuts), _checklist(text, len(text), headings), tuple(find_all(text, MARKER))
    )


class Segment:
    """A segment at its place in one version of the text, with its model objects built there."""

    __slots__ = ("_built", "opens_question", "parse", "start", "text")

    def __init__(self, start: int, text: str, opens_question: bool, parse: _SegmentParse) -> None:
        self.start = start
        self.text = text
        self.opens_question = opens_question
        self.parse = parse
        self._built: tuple[str | None, tuple[Question, ...], tuple[Heading, ...]] | None = None

    @property
    def end(self) -> int:
        """Return where the segment ends."""
        return self.start + len(self.text)

    def moved(self, start: int) -> Segment:
        """Return this segment at another offset (its parse reused)."""
        if start == self.start:
            return self
        return Segment(start, self.text, self.opens_question, self.parse)

    def build(self, section: str | None) -> tuple[tuple[Question, ...], tuple[Heading, ...]]:
        """Return the segment's questions and sections, `section` being the one it starts in."""
        if self._built is not None and self._built[0] == section:
            return self._built[1], self._built[2]
        entering = section
        questions: list[Question] = []
        sections: list[Heading] = []
        base = self.start
        for cut in self.parse.cuts:
            if cut.parse is None or cut.number is None:
                sections.append(Heading(cut.level, cut.title, _shift(cut.heading, base)))
                section = cut.title
                continue
            questions.append(_question(cut, cut.parse, base, section))
        self._built = (entering, tuple(questions), tuple(sections))
        return self._built[1], self._built[2]


def _question(cut: _Cut, parsed: BlockParse, base: int, section: str | None) -> Question:
    by = base + cut.heading.start
    assert cut.number is not None
    return Question(
        number=cut.number,
        heading=_shift(cut.heading, base),
        level=cut.level,
        title=cut.title,
        bent=cut.bent,
        prompt=_shift(parsed.prompt, by) if parsed.prompt else None,
        stated=parsed.stated,
        markers=tuple(m + by for m in parsed.markers),
        body=_shift(parsed.body, by),
        section=section,
        end=base + cut.end,
        relative_images=parsed.images,
        relative_placeholders=parsed.placeholders,
        block=cut.block,
        memo=parsed.memo,
    )


_EMPTY = (Segment(0, "", False, _SegmentParse(None, (), (), ())),)
"""The segments of an empty document: one empty preamble."""


def _split(text: str, lo: int, hi: int) -> list[Segment]:
    """Cut `[lo, hi)` into new segments (`lo` is 0 or a question heading line)."""
    starts = question_starts(text, lo, hi)
    bounds = [lo, *(s for s in starts if s != lo), hi]
    opened = set(starts)
    out = []
    for a, b in pairwise(bounds):
        if a < b:
            body = text[a:b]
            out.append(Segment(a, body, a in opened, _parse_segment(body, a not in opened)))
    return out


def _opens_question(text: str, at: int) -> bool:
    """Return whether a question heading line starts at `at`."""
    if at > 0 and text[at - 1] != "\n":
        return False
    stop = text.find("\n", at)
    return bool(question_starts(text, at, len(text) if stop == -1 else stop + 1))


def _segments(
    text: str, previous: tuple[Segment, ...]
) -> tuple[tuple[Segment, ...], TextChange | None]:
    """Return the segments of `text`, reusing those of `previous` the edit left as they were.

    Also returns where the text changed: the segments parsed again (None without `previous`).
    """
    if not previous:
        return tuple(_split(text, 0, len(text))) or _EMPTY, None
    n = len(previous)
    old_length = previous[-1].end
    delta = len(text) - old_length
    # Unchanged from the start: same text at the same place.
    i = 0
    while i < n and text.startswith(previous[i].text, previous[i].start):
        i += 1
    if i == n and delta == 0:
        return previous, TextChange(old_length, old_length, old_length)
    lo = previous[i - 1].end if i else 0
    # Unchanged from the end: same text, moved by the edit's length, still on a line of its own.
    j = n
    while j > i:
        seg = previous[j - 1]
        at = seg.start + delta
        if (
            at < lo
            or not seg.opens_question
            or (at > 0 and text[at - 1] != "\n")
            or not text.startswith(seg.text, at)
        ):
            break
        j -= 1
    hi = previous[j].start + delta if j < n else len(text)
    if i and lo < hi and not _opens_question(text, lo):
        # The changed text joins the segment before it.
        i -= 1
        lo = previous[i].start
    middle = _split(text, lo, hi)
    out = (*previous[:i], *middle, *(seg.moved(seg.start + delta) for seg in previous[j:]))
    return out or _EMPTY, TextChange(lo, hi - delta, hi)


def build_model(source: SourceText, previous: ReportModel | None = None) -> ReportModel:
    """Build the report model of `source`.

    With `previous` (the model of an earlier version of the same document), only the segments
    an edit changed are parsed again; the result is the same as without it.
    """
    text = source.text
    segments, change = _segments(text, previous.segments if previous is not None else ())
    title = next((s.parse.title for s in segments if s.parse.title is not None), None)
    sections: list[Heading] = []
    questions: list[Question] = []
    section: str | None = None
    for seg in segments:
        qs, hs = seg.build(section)
        questions.extend(qs)
        sections.extend(hs)
        if hs:
            section = hs[-1].title
    preamble = segments[0].parse if not segments[0].opens_question else None
    return ReportModel(
        source,
        title,
        tuple(sections),
        tuple(questions),
        preamble.markers if preamble else (),
        preamble.checklist if preamble else (),
        segments,
        change,
    )


def _checklist(text: str, end: int, headings: list[HeadingLine]) -> tuple[ChecklistItem, ...]:
    """Return the preamble's checklist items, each with the heading it stands under."""
    items = []
    starts = [h.span.start for h in headings]  # in document order
    for m in CHECKLIST_RE.finditer(text, 0, end):
        k = bisect_left(starts, m.start())
        module = MODULE_RE.search(m.group(2))
        items.append(
            ChecklistItem(
                Span(m.start(), m.end()),
                m.group(1),
                m.group(2),
                module.group(1) if module else None,
                headings[k - 1].title if k else None,
            )
        )
    return tuple(items)
