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
from .model import PLACEHOLDER_RE, Question, ReportModel
from .placed import Placed, moved
from .reportpy import MARKER, ExtractedAnswer, ReportPyResult, count_images, count_words
from .text import SourceText


class Answer(NamedTuple):
    """One question's answer in both views.

    `extracted` is the text `report.py` takes for this question (its counts are the grader's);
    `checked_as` is the question number whose limits `report.py` applies to it (None when
    `report.py` stops before checking). `reader_words` counts what a reader of the rendered page
    sees: no placeholder, image or link markup, HTML tags or comments.
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

    @property
    def is_placeholder_only(self) -> bool:
        """Return whether the answer is nothing but unfilled placeholders."""
        return self.reader_words == 0 and bool(self.question.placeholders) and self.images == 0


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
    source: SourceText, model: ReportModel, edition: Edition, result: ReportPyResult
) -> dict[int, Answer]:
    """Return each question's answer, matched to the piece `report.py` extracts for it."""
    text = source.text
    by_piece = {a.piece.start: a for a in result.answers}
    out: dict[int, Answer] = {}
    for q in model.questions:
        if q.number in out:
            continue
        extracted = by_piece.get(q.markers[0] + len(MARKER)) if q.markers else None
        if extracted is None and result.error is None:
            # A literal `Answer:` inside the answer: report.py checks the text after it.
            extracted = next(
                (by_piece[m + len(MARKER)] for m in q.markers[1:] if m + len(MARKER) in by_piece),
                None,
            )
        if extracted is not None:
            # The very string report.py's answer holds: its cached counts are found by identity.
            start, end, body = extracted.start, extracted.end, extracted.text
        else:
            start, end, _, _ = (
                result.answer_in_piece(text, q.markers[0] + len(MARKER))
                if q.markers
                else (q.body.start, q.body.start, None, None)
            )
            body = text[start:end]
        checked_as = None
        if result.error is None and extracted is not None:
            checked_as = extracted.index
        constraint = edition.constraint(checked_as if checked_as is not None else q.number)
        words, images = count_words(body), count_images(body)
        out[q.number] = Answer(
            q, extracted, checked_as, constraint, words, images, reader_words(body),
            constraint.failures(words, images), start, end, body,
        )  # fmt: skip
    return out


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
