r"""An exact emulation of `report.py check`, keeping the source offsets of everything it extracts.

Every number here must equal what the course's script computes, edition by edition: the split on
the literal `Answer:`, the cut before the first `###` and then `##`, the last piece appended whole,
the strip of `\\n`, `len(answer.split())` and the image regex. The only addition is where each
piece came from, so the other checks can point at it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .caches import CACHE_ENTRIES, text_cache
from .editions import Edition
from .text import TextChange, find_all

MARKER = "Answer:"
IMAGE_RE = re.compile(r"\!\[.*?\]\(.*?\)")
"""The image pattern of every edition (no DOTALL: a match never crosses a newline)."""


class Piece(NamedTuple):
    """One piece of the text split on `Answer:`; `start`/`end` index the translated text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ExtractedAnswer:
    """One answer as `report.py` extracts it.

    `start`/`end` delimit the answer after stripping newlines; `piece` is what it was cut from;
    `cut` is `"###"` or `"##"` when a heading marker ended it before the piece did, at `cut_at`.
    """

    index: int
    label: int
    start: int
    end: int
    text: str
    piece: Piece
    cut: str | None
    cut_at: int | None
    words: int
    images: int
    failed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportPyResult:
    """What one edition of `report.py check` does with one text.

    `answers` holds the extracted answers even when the count is wrong, so the cause can be
    shown; `error` is then the exception `report.py` raises, and nothing was checked.
    """

    edition: Edition
    error: str | None
    answers: tuple[ExtractedAnswer, ...]
    markers: tuple[int, ...]
    cuts: dict[int, tuple[int, str | None]] = field(default_factory=dict)

    def answer_in_piece(self, text: str, start: int) -> tuple[int, int, str | None, int | None]:
        """Return `cut_piece` for the piece starting at `start` (after an `Answer:`).

        Reuses the cut `run` found for every piece, so checks need not search again.
        """
        known = self.cuts.get(start)
        if known is None:
            return cut_piece(text, start, piece_end(text, self.markers, start - len(MARKER)))
        cut_end, marker = known
        a, b = _strip_newlines(text, start, cut_end)
        return a, b, marker, cut_end if marker else None

    @property
    def passed(self) -> int | None:
        """Return the number of questions that pass, or None when `report.py` stops."""
        if self.error is not None:
            return None
        return sum(1 for a in self.answers if not a.failed)

    def failed_by_label(self) -> dict[int, tuple[str, ...]]:
        """Return the failures as `report.py` prints them: by the question number it names."""
        out: dict[int, tuple[str, ...]] = {}
        for a in self.answers:
            if a.failed:
                out[a.label] = out.get(a.label, ()) + a.failed
        return out

    def to_json(self) -> dict[str, Any]:
        """Return the oracle's form: `{"error", "passed", "answers": [{"q", ...}]}`."""
        if self.error is not None:
            return {"error": self.error, "passed": None, "answers": []}
        by_label = self.failed_by_label()
        return {
            "error": None,
            "passed": self.passed,
            "answers": [
                {
                    "q": a.index,
                    "words": a.words,
                    "images": a.images,
                    "failed": list(by_label.get(a.index, ())),
                }
                for a in self.answers
            ],
        }


@text_cache(CACHE_ENTRIES)
def count_words(text: str) -> int:
    """Count words exactly as `report.py` does: `len(text.split())` (cached by text)."""
    return len(text.split())


@text_cache(CACHE_ENTRIES)
def count_images(text: str) -> int:
    """Count images exactly as `report.py` does: matches of its regex (cached by text)."""
    return len(IMAGE_RE.findall(text))


def _cut(text: str, piece: Piece) -> tuple[int, str | None]:
    """Return where `report.py` ends an answer taken from `piece`, and which marker ended it."""
    h3 = text.find("###", piece.start, piece.end)
    if h3 == -1:
        return piece.end, None
    h2 = text.find("##", piece.start, h3)
    if h2 == -1:
        return h3, "###"
    return h2, "##"


def cut_piece(text: str, start: int, end: int) -> tuple[int, int, str | None, int | None]:
    """Return the answer `report.py` would take from the piece `[start, end)` if collected.

    Gives the stripped answer's start and end, the marker that cut it (`###`, `##` or None) and
    where the cut fell.
    """
    cut_end, marker = _cut(text, Piece(start, end))
    a, b = _strip_newlines(text, start, cut_end)
    return a, b, marker, cut_end if marker else None


def piece_end(text: str, markers: tuple[int, ...] | list[int], marker: int) -> int:
    """Return where the piece after the `Answer:` at `marker` ends: the next marker, or the end."""
    i = bisect_right(markers, marker)
    return markers[i] if i < len(markers) else len(text)


def _strip_newlines(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == "\n":
        start += 1
    while end > start and text[end - 1] == "\n":
        end -= 1
    return start, end


def _markers(
    text: str, base: int, previous: ReportPyResult | None, change: TextChange | None
) -> list[int]:
    """Return where `Answer:` stands from `base` on, searching only the changed text if known."""
    if previous is None or change is None or change.start < base:
        return find_all(text, MARKER, base)
    # A marker holds no line break and the change lies between line starts: none spans its ends.
    old = previous.markers
    before = old[: bisect_left(old, change.start)]
    after = old[bisect_left(old, change.old_end) :]
    delta = change.delta
    return [
        *before,
        *find_all(text, MARKER, change.start, change.new_end),
        *((m + delta for m in after) if delta else after),
    ]


def _moved(answer: ExtractedAnswer, by: int) -> ExtractedAnswer:
    if not by:
        return answer
    piece = Piece(answer.piece.start + by, answer.piece.end + by)
    cut_at = None if answer.cut_at is None else answer.cut_at + by
    return ExtractedAnswer(
        answer.index, answer.label, answer.start + by, answer.end + by, answer.text, piece,
        answer.cut, cut_at, answer.words, answer.images, answer.failed,
    )  # fmt: skip


_Collected = list[tuple[Piece, int, "str | None"]]
"""(piece, cut position, marker) of every answer collected, in report.py's order."""


def _collect(
    text: str, pieces: list[Piece], previous: ReportPyResult | None, change: TextChange | None
) -> tuple[_Collected, dict[int, tuple[int, str | None]], dict[int, int]]:
    """Cut every piece as report.py does; return the answers collected, the cuts, what moved.

    An unchanged piece keeps its cut. A piece that ends where the change starts may end at a
    marker the change brought: not unchanged.
    """
    collected: _Collected = []
    cuts: dict[int, tuple[int, str | None]] = {}
    kept: dict[int, int] = {}  # piece start -> how far it moved
    for piece in pieces:
        known, by = None, 0
        if previous is not None and change is not None:
            after = piece.start >= change.new_end
            if after or piece.end < change.start:
                by = change.delta if after else 0
                known = previous.cuts.get(piece.start - by)
        if known is not None:
            end, marker = known[0] + by, known[1]
            kept[piece.start] = by
        else:
            end, marker = _cut(text, piece)
        cuts[piece.start] = (end, marker)
        if marker is not None:
            collected.append((piece, end, marker))
    collected.append((pieces[-1], pieces[-1].end, None))
    return collected, cuts, kept


def _extract(
    text: str, edition: Edition, n: int, piece: Piece, cut_end: int, marker: str | None
) -> ExtractedAnswer:
    """Return answer `n`, stripped and counted as report.py does."""
    start, end = _strip_newlines(text, piece.start, cut_end)
    body = text[start:end]
    words, images = count_words(body), count_images(body)
    return ExtractedAnswer(
        index=n,
        label=n - 1 + edition.label_start,
        start=start,
        end=end,
        text=body,
        piece=piece,
        cut=marker,
        cut_at=cut_end if marker else None,
        words=words,
        images=images,
        failed=edition.constraint(n).failures(words, images),
    )


def run(
    text: str,
    edition: Edition,
    previous: ReportPyResult | None = None,
    change: TextChange | None = None,
) -> ReportPyResult:
    """Run `edition`'s `report.py check` on `text` (newlines already translated).

    With the result for an earlier version of the text and where it `change`d since, only the
    pieces the change touched are searched and counted again; the result is the same.
    """
    if previous is not None and (previous.edition != edition or change is None):
        previous = None
    base = min(edition.dropped_prefix, len(text))
    markers = _markers(text, base, previous, change)
    bounds = [base, *(m + len(MARKER) for m in markers)]
    ends = [*markers, len(text)]
    pieces = [Piece(s, e) for s, e in zip(bounds, ends, strict=False)]
    if edition.family == "B":
        pieces = pieces[1:]
        if not pieces:
            return ReportPyResult(edition, "IndexError: list index out of range", (), ())
    collected, cuts, kept = _collect(text, pieces, previous, change)
    if edition.family == "A":
        collected = collected[1:]
    # Counted under the same number, an unchanged piece also keeps its answer, moved.
    old_answers = {}
    if previous is not None and kept:
        old_answers = {(a.piece.start, a.cut_at): a for a in previous.answers}
    answers = []
    for n, (piece, cut_end, marker) in enumerate(collected, start=1):
        moved = kept.get(piece.start)
        if moved is not None:
            old = old_answers.get((piece.start - moved, cut_end - moved if marker else None))
            if old is not None and old.index == n:
                answers.append(_moved(old, moved))
                continue
        answers.append(_extract(text, edition, n, piece, cut_end, marker))
    error = None if len(answers) == edition.questions else edition.count_error
    return ReportPyResult(edition, error, tuple(answers), tuple(markers), cuts)
