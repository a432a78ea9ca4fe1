"""What the engine knows of one document: its answers in both views, and what was found."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .caches import CACHE_ENTRIES, PARAGRAPH_ENTRIES, text_cache
from .detect import Detection, ReportPyUnreadable, detect_edition, read_report_py
from .editions import EDITIONS, Constraint, Edition
from .findings import Finding, in_order
from .gaps import Gap, find_gaps
from .model import PLACEHOLDER_RE, PlaceholderRef, Question, ReportModel
from .placed import Placed, moved
from .reportpy import MARKER, ExtractedAnswer, ReportPyResult, count_images, count_words
from .text import SourceText


class Answer(NamedTuple):
    """One question's answer, its own text under its prompt, in both views.

    `extracted` is the answer `report.py` takes from that text (its counts are the grader's;
    None when it takes none: `dropped`); `checked_as` is the question number whose limits
    `report.py` applies to it (None when `report.py` stops before checking, or takes nothing).
    `reader_words` counts what a reader of the rendered page sees: no placeholder, image or
    link markup, HTML tags or comments.
    """

    question: Question
    extracted: ExtractedAnswer | None
    checked_as: int | None
    constraint: Constraint
    words: int
    images: int
    reader_words: int
    failed: tuple[str, ...]
    start: int
    end: int
    body: str
    """`text[start:end]`: the very string report.py's answer holds, when it extracted one."""
    strays: tuple[Stray, ...] = ()
    """The text of questions whose heading is missing, in this question's block after its own."""
    part: tuple[int, int] | None = None
    """The stretch of the block that is this question's (None: all of it), when the block holds
    the text of a question whose heading is missing too."""

    @property
    def placeholders(self) -> tuple[PlaceholderRef, ...]:
        """Return the unfilled placeholders in this question's text of the block."""
        found = self.question.placeholders
        if self.part is None:
            return found
        a, b = self.part
        return tuple(p for p in found if a <= p.span.start < b)

    @property
    def is_placeholder_only(self) -> bool:
        """Return whether the answer is nothing but unfilled placeholders."""
        return self.reader_words == 0 and bool(self.placeholders) and self.images == 0

    @property
    def dropped(self) -> bool:
        """Return whether report.py takes no answer from this text though it has an `Answer:`.

        Its piece runs on to the next `Answer:` with no `###` to end it (a missing heading, or one
        written `##`), and report.py skips it: another text is checked under its number.
        """
        return self.extracted is None and bool(self.question.markers)

    def owner_at(self, offset: int) -> int:
        """Return the number of the question whose text holds `offset` of this block."""
        n = self.question.number
        for s in self.strays:
            if s.start <= offset:
                n = s.owner
        return n


def checked_as(answer: Answer, n: int) -> str:
    """Return ` (checked as Qk)` when report.py checks question `n`'s text as another's, else ''.

    Everything that gives report.py's counts or limits of a text says it, wherever the text it
    counts for Qk is not under Qk's heading.
    """
    k = answer.checked_as
    return f" (checked as Q{k})" if k is not None and k != n else ""


class Stray(NamedTuple):
    """A question's text inside the block of the question before it: its heading is missing.

    From `start` (its prompt, or the line taken as its heading) on, the text is question
    `owner`'s; `answer` is what report.py makes of it, like a question's own (`question` is the
    block it stands in).
    """

    owner: int
    start: int
    answer: Answer


@dataclass(slots=True)
class Analysis:
    """Everything the engine knows about one document.

    Its findings are kept in two parts: `found`, about the whole document, and `placed`, each
    question's relative to the question (reused as they are while it is unchanged). `findings`
    puts them together, in place and in order, when asked.
    """

    source: SourceText
    model: ReportModel
    detection: Detection
    result: ReportPyResult
    answers: dict[int, Answer]
    notes: list[str] = field(default_factory=list)
    base_dir: Path | None = None
    gaps: dict[int, Gap] = field(default_factory=dict)
    """The questions without a heading whose prompt is still there (`find_gaps`), by number."""
    unfit: Detection | None = None
    """The report's own edition, when report.py stops and the one judging it is for another
    template (`detect.misfit`)."""
    found: list[Finding] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    _findings: list[Finding] | None = field(default=None, repr=False)
    _by_question: dict[int | None, list[tuple[int, Finding]]] | None = field(
        default=None, repr=False
    )

    @property
    def findings(self) -> list[Finding]:
        """Return every finding, in document offsets, ordered by place and code."""
        if self._findings is None:
            out = list(self.found)
            for p in self.placed:
                out.extend(moved(f, p.base) for f in p.findings)
            out.sort(key=in_order)
            self._findings = out
        return self._findings

    @findings.setter
    def findings(self, value: list[Finding]) -> None:
        self._findings, self._by_question = value, None

    def findings_of(self, number: int | None) -> list[Finding]:
        """Return the findings about question `number` (None: about no question), in order.

        Puts in place only that question's: the inlay hints ask for each question's after every
        keystroke.
        """
        if self._by_question is None:
            parts: list[tuple[int, Sequence[Finding]]] = [(0, self.found)]
            parts += [(p.base, p.findings) for p in self.placed]
            if self._findings is not None:  # set by hand (the command line filters them)
                parts = [(0, self._findings)]
            by: dict[int | None, list[tuple[int, Finding]]] = {}
            for base, findings in parts:
                for f in findings:
                    by.setdefault(f.question, []).append((base, f))
            self._by_question = by
        found = [moved(f, base) if base else f for base, f in self._by_question.get(number, ())]
        found.sort(key=in_order)
        return found

    def whose(self, offset: int) -> str:
        """Return whose text stands at `offset`, in words: `Q9's answer`, `the text before Q1`.

        By report.py's rule: the question whose prompt (`Answer:` line) comes before it, its
        heading missing or not.
        """
        q = self.model.question_at(offset)
        if q is None:
            return "the text before Q1"
        answer = self.answers.get(q.number)
        if answer is None or answer.question is not q:
            return f"another copy of Q{q.number}"
        return f"Q{answer.owner_at(offset)}'s answer"

    @property
    def edition(self) -> Edition:
        """Return the edition the document is judged by."""
        return self.detection.edition

    @property
    def is_report(self) -> bool:
        """Return whether the document is an exam report at all."""
        return self.model.is_report

    def summary(self) -> str:
        """Return a one-line verdict, e.g. `report.py (B3): 27/31 questions pass`."""
        ed = self.edition.name
        if self.result.error is not None:
            return f"report.py ({ed}): check would stop: {short_error(self.result)}"
        return f"report.py ({ed}): {self.result.passed}/{self.edition.questions} questions pass"


def short_error(result: ReportPyResult) -> str:
    """Return `report.py`'s error in a short form: found N answers, expected M."""
    if result.error and result.error.startswith("ValueError"):
        n = len(result.answers)
        return f"found {n} answer{'' if n == 1 else 's'}, expected {result.edition.questions}"
    return result.error or ""


_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_IMAGE_MARKUP_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK_MARKUP_RE = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_TAG_RE = re.compile(r"</?[A-Za-z][^>\n]*>")
_ENDS_RE = re.compile(r"^-{3,}|-{3,}$")
_TEMPLATE_RE = re.compile(r"\bquestion\s+\d+\s+fill\s+here\b", re.I)
_QUESTION_RE = re.compile(r"\bquestion\s+\d+\b", re.I)
_FILL_RE = re.compile(r"\bfill\s+here\b", re.I)


def _without_last(pattern: re.Pattern[str], text: str) -> str:
    found = list(pattern.finditer(text))
    return text if not found else text[: found[-1].start()] + " " + text[found[-1].end() :]


def placeholder_own_text(placeholder: str) -> str:
    """Return what a student wrote into a placeholder (`--- s123456, question 2 fill here ---`).

    Only the template's own words go: the dashes at both ends and one `question N fill here`
    (its last), so a student's own `question 4` or `---` inside stays.
    """
    inner = _ENDS_RE.sub(" ", placeholder)
    if _TEMPLATE_RE.search(inner):
        return _without_last(_TEMPLATE_RE, inner).strip()
    return _without_last(_FILL_RE, _without_last(_QUESTION_RE, inner)).strip()


_PUNCT_ONLY_RE = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")


_FILL_ACROSS_RE = re.compile(r"fill\s*\n\s*\n", re.I)


@text_cache(CACHE_ENTRIES)
def reader_words(text: str) -> int:
    """Count the words a reader sees in rendered Markdown (markup and comments left out).

    Cached by text, and by paragraph: after an edit only the edited paragraph is counted again.
    """
    # No markup but a comment (or a placeholder's `fill here` broken by a blank line) spans a
    # blank line, and the blank line is whitespace: the paragraphs' counts add up.
    if "\n\n" not in text or "<!--" in text or _FILL_ACROSS_RE.search(text):
        return _reader_words(text)
    return sum(map(_reader_words, text.split("\n\n")))


@text_cache(PARAGRAPH_ENTRIES)
def _reader_words(text: str) -> int:
    text = _COMMENT_RE.sub(" ", text)
    text = PLACEHOLDER_RE.sub(lambda m: f" {placeholder_own_text(m.group(0))} ", text)
    text = _IMAGE_MARKUP_RE.sub(" ", text)
    text = _LINK_MARKUP_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    # Tokens of punctuation only (list bullets, `>`, `|`, `---`) are not words to a reader.
    return len(_PUNCT_ONLY_RE.sub(" ", text).split())


def build_answers(
    source: SourceText,
    model: ReportModel,
    edition: Edition,
    result: ReportPyResult,
    gaps: dict[int, Gap] | None = None,
) -> dict[int, Answer]:
    """Return each question's answer, matched to the piece `report.py` extracts for it.

    A question's answer is its own text, from its `Answer:` up to the prompt of a question
    whose heading is missing (`gaps`): that question's text is a `Stray` of the block.
    """
    text = source.text
    if gaps is None:
        gaps = find_gaps(text, model.questions, edition.questions)
    by_piece = {a.piece.start: a for a in result.answers}
    starts = sorted((g.start, g.number) for g in gaps.values())
    out: dict[int, Answer] = {}
    for q in model.questions:
        if q.number in out:
            continue
        inside = [(a, n) for a, n in starts if q.heading.start < a < q.end] if starts else None
        if not inside:  # the block is its question's alone (what almost every block is)
            out[q.number] = _answer(text, q, q.number, q.markers, None, edition, result, by_piece)
            continue
        limit = inside[0][0]
        ends = [a for a, _ in inside[1:]] + [q.end]
        strays = tuple(
            Stray(n, a, _answer(
                text, q, n, [m for m in q.markers if a <= m < b], (a, b), edition, result,
                by_piece,
            ))
            for (a, n), b in zip(inside, ends, strict=True)
        )  # fmt: skip
        own = [m for m in q.markers if m < limit]
        part = (q.heading.start, limit)
        out[q.number] = _answer(text, q, q.number, own, part, edition, result, by_piece, strays)
    return out


def _answer(
    text: str,
    q: Question,
    number: int,
    markers: Sequence[int],
    part: tuple[int, int] | None,
    edition: Edition,
    result: ReportPyResult,
    by_piece: dict[int, ExtractedAnswer],
    strays: tuple[Stray, ...] = (),
) -> Answer:
    """Return question `number`'s answer: its text in `part` of `q`'s block, after `markers`."""
    extracted = by_piece.get(markers[0] + len(MARKER)) if markers else None
    if extracted is None:
        # A literal `Answer:` inside the answer: report.py checks the text after it (and would,
        # once it no longer stops: its own text is judged alike either way).
        extracted = next(
            (by_piece[m + len(MARKER)] for m in markers[1:] if m + len(MARKER) in by_piece), None
        )
    if extracted is not None:
        # The very string report.py's answer holds: its cached counts are found by identity.
        start, end, body = extracted.start, extracted.end, extracted.text
    elif markers:
        # Not taken: its own text, up to where the next question's begins.
        start, end, _, _ = result.answer_in_piece(text, markers[0] + len(MARKER))
        end = min(end, q.end if part is None else part[1])
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        body = text[start:end]
    else:
        start = end = q.body.start
        body = ""
    checked_as = None
    if result.error is None and extracted is not None:
        checked_as = extracted.index
    constraint = edition.constraint(checked_as if checked_as is not None else number)
    words, images = count_words(body), count_images(body)
    # A text report.py skips fails nothing; while it stops, what would fail once it runs does.
    judged = extracted is not None or result.error is not None
    failed = constraint.failures(words, images) if judged else ()
    return Answer(
        q, extracted, checked_as, constraint, words, images, reader_words(body),
        failed, start, end, body, strays, part,
    )  # fmt: skip


def resolve_edition(
    model: ReportModel, edition: str, report_py: str | None
) -> tuple[Detection, list[str]]:
    """Choose the edition: forced by name, else a readable `report.py`, else the document."""
    notes: list[str] = []
    if edition != "auto":
        if edition not in EDITIONS:
            raise ValueError(f"unknown edition {edition!r} (choose from {', '.join(EDITIONS)})")
        return Detection(EDITIONS[edition], "chosen explicitly"), notes
    if report_py is not None:
        try:
            return Detection(read_report_py(report_py), "read from report.py beside it"), notes
        except ReportPyUnreadable as exc:
            notes.append(f"report.py beside the report could not be read ({exc}); using the text")
    return detect_edition(model), notes
