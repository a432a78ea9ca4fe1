"""Unfilled `--- question N fill here ---` placeholders, which `report.py` counts as 6 words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ..analysis import Analysis, Answer, placeholder_own_text, reader_words
from ..codes import Check, Code, Scope
from ..editions import Constraint
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext, line_bounds
from ..gaps import orphan_markers, prompt_start
from ..model import PlaceholderRef, Question
from ..reportpy import MARKER, count_images, count_words
from .limits import count_of, unchecked_note
from .structure import headless_markers


def _removal(text: str, start: int, end: int) -> tuple[Edit, str]:
    """Return the edit that removes the placeholder at `[start, end)`, and what of it stays.

    What a student wrote into the placeholder stays, the template's words go. Words it was glued
    to, or that stood on both sides of it, stay apart: the edit never joins two words into one.
    """
    own = " ".join(placeholder_own_text(text[start:end]).split())
    ls, le = line_bounds(text, start, end)
    before, after = text[ls:start], text[end:le]
    if own:
        glued_left = before != "" and not before[-1].isspace()
        glued_right = after != "" and not after[0].isspace()
        return Edit(start, end, f"{' ' * glued_left}{own}{' ' * glued_right}"), own
    if before.strip() or after.strip():
        # Text beside it on the line: remove the placeholder and one space next to it, keeping
        # one between the words on its two sides (or adding one where it was glued to both).
        space_left = before != "" and before[-1].isspace()
        space_right = after != "" and after[0].isspace()
        gap = ""
        if space_right and (space_left or not before.strip()):
            end += 1
        elif space_left and not after.strip():
            start -= 1
        elif before.strip() and after.strip() and not space_left and not space_right:
            gap = " "
        return Edit(start, end, gap), own
    if le == len(text):
        start = ls - 1 if ls > 0 else ls  # the last line: drop the line break before it
        return Edit(start, le, ""), own
    end = le + 1
    prev_blank = ls == 0 or not text[text.rfind("\n", 0, ls - 1) + 1 : ls - 1].strip()
    next_end = text.find("\n", end)
    next_blank = (
        end < len(text) and not text[end : len(text) if next_end == -1 else next_end].strip()
    )
    if prev_blank and next_blank and next_end != -1:
        end = next_end + 1  # blank lines on both sides: keep one, not two
    return Edit(ls, end, ""), own


def _remove_placeholder(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    text = analysis.source.text
    edit, own = _removal(text, f.start, f.end)
    if own:
        # Written into the placeholder: only the template's words go. Safe only where they are
        # the template's own `question N fill here` for this question, not look-alike prose.
        sure = re.search(rf"\bquestion\s+{f.question}\s+fill\s+here\b", text[f.start : f.end], re.I)
        title = f"Remove the template's words, keeping `{own}`"
        return [Fix(title, (edit,), safe=sure is not None, preferred=True)]
    return [Fix("Remove the placeholder", (edit,), safe=True, preferred=True)]


PLACEHOLDER_UNFILLED = Code(
    "placeholder-unfilled",
    Severity.ERROR,
    "Question not answered yet",
    "The answer is still the template's `--- question N fill here ---`. `report.py` counts those "
    "6 words as an answer, and fails the question when it asks for more (an error); a question "
    "without a word limit is only a warning. Under a prompt whose `### Question N` heading is "
    "missing, the placeholder is that question's, and the message says which answer `report.py` "
    "counts it in.",
)
PLACEHOLDER_LEFTOVER = Code(
    "placeholder-leftover",
    Severity.WARNING,
    "Placeholder left beside the answer",
    "The placeholder is still there beside your answer (also when edited); it adds 6 words "
    "(fewer where it is glued to a word: `---Our` is one word), and the fix keeps what you wrote "
    "into it. "
    "When those words are what keeps the answer at its minimum, the message says how many to "
    "write before removing it, and the fix (which would fail the question) is neither preferred "
    "nor in *Fix all*.",
    fix=_remove_placeholder,
    fix_all=True,
)


class _Host(NamedTuple):
    """The answer, as report.py counts it, that placeholders stand in.

    `checked_as` is the question whose limits report.py applies to it (`constraint`).
    """

    start: int
    end: int
    body: str
    words: int
    images: int
    constraint: Constraint
    failed: tuple[str, ...]
    checked_as: int


def _words_mended(host: _Host, edit: Edit) -> int:
    """Return report.py's word count of the answer once `edit` (inside it) is applied.

    The edit may reach past the answer's ends only over line breaks, which count no word.
    """
    a = max(edit.start, host.start) - host.start
    b = min(edit.end, host.end) - host.start
    return count_words(host.body[:a] + edit.text + host.body[max(a, b) :])


def _unfilled(
    analysis: Analysis, n: int, ps: Sequence[PlaceholderRef], host: _Host | None, heading: str
) -> Finding:
    """Say that question `n` is not answered: only the placeholders `ps` stand for it."""
    stops = unchecked_note(analysis)  # a verdict while report.py stops is ours, and says so
    verdict = "."
    if host is not None and host.checked_as == n:
        c, failed = host.constraint, bool(host.failed)
        counted = f"{host.words} words" if c.words else count_of(host.images, "image")
        if failed and stops:
            verdict = f": {counted}, needs {c.describe()}{stops}."
        elif failed:
            verdict = f". report.py counts {counted}, needs {c.describe()}."
    else:
        # Its words are another question's answer for report.py, or nobody's: unanswered all
        # the same, an error where the question has limits.
        words = sum(count_words(p.text) for p in ps)
        failed = bool(analysis.edition.constraint(n).failures(words, 0))
        if host is None:
            verdict = ": report.py counts these words for no question."
        else:
            verdict = (
                f": report.py counts {count_of(host.words, 'word')} here as Q{host.checked_as}'s "
                f"answer{stops}."
            )
    return PLACEHOLDER_UNFILLED(
        f"Q{n}: not answered yet{heading}{verdict}",
        ps[0].span.start, ps[-1].span.end, n,
        severity=None if failed else Severity.WARNING,
    )  # fmt: skip


def _leftovers(
    analysis: Analysis, n: int, ps: Sequence[PlaceholderRef], host: _Host | None, heading: str
) -> Iterator[Finding]:
    """Say that the placeholders `ps` of question `n` stand beside its written answer."""
    stops = unchecked_note(analysis)
    text = analysis.source.text
    for p in ps:
        inside = host is not None and host.start <= p.span.start < host.end
        edit, own = _removal(text, p.span.start, p.span.end)
        what = "edited placeholder" if p.edited else "placeholder"
        fix = f" Keep `{own}`, remove the rest." if own else " Remove it."
        if host is None or not inside:
            yield PLACEHOLDER_LEFTOVER(
                f"Q{n}: {what} left beside the answer{heading}.{fix}",
                p.span.start, p.span.end, n, {"words": count_words(p.text)},
            )  # fmt: skip
            continue
        # As report.py counts the answer before and after the fix: `---GROUP` is one word, not
        # two, and what the student wrote into the placeholder stays.
        left = _words_mended(host, edit)
        extra = host.words - left
        where = "" if host.checked_as == n else f" in Q{host.checked_as}'s answer"
        c = host.constraint
        if c.words and not host.failed and left < c.words.low:
            # Removing it now would fail a question that passes: say what it takes first.
            fix = (
                f" Without it Q{host.checked_as} has {left} words, needs {c.words}{stops}: "
                f"write {c.words.low - left} more before removing it."
            )
        yield PLACEHOLDER_LEFTOVER(
            f"Q{n}: {what} left beside the answer (+{extra} words for report.py{where}){heading}."
            f"{fix}",
            p.span.start, p.span.end, n, {"words": extra},
        )  # fmt: skip


def _prompts_after(text: str, q: Question, answer: Answer) -> list[int]:
    """Return the `Answer:` of each prompt standing in `q`'s block after its answer ends.

    Such a prompt's heading is missing, and what follows it is that question's, not `q`'s
    (`_headless` says so). A prompt pasted twice inside `q`'s answer is not one of them: then
    report.py takes the text after it as `q`'s answer, and so does `q`'s own check.
    """
    return [m for m in orphan_markers(text, q) if m >= answer.end]


def check_placeholders(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find a question still unanswered, or placeholders left beside a written answer."""
    n = q.number
    if answer is None or not q.placeholders:
        return
    after = _prompts_after(analysis.source.text, q, answer)
    ps = tuple(p for p in q.placeholders if not after or p.span.start < after[0])
    if not ps:
        return
    host = _Host(
        answer.start, answer.end, answer.body, answer.words, answer.images, answer.constraint,
        answer.failed, n if answer.checked_as is None else answer.checked_as,
    )  # fmt: skip
    if answer.is_placeholder_only:
        yield _unfilled(analysis, n, ps, host, "")
    else:
        yield from _leftovers(analysis, n, ps, host, "")


def _headless(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find the placeholders after a prompt that stands below a question's answer.

    Its question's heading is missing: they stand in the block of the question before, but are
    the prompt's question's; and report.py counts them where its split puts them, often as the
    answer before (the piece above them, without a `###`, is no answer). What is written beside
    them decides: nothing, and the question is not answered yet.
    """
    text = analysis.source.text
    headless: dict[int, int] | None = None
    for q in analysis.model.questions:
        answer = analysis.answers.get(q.number)
        if answer is None or answer.question is not q or not q.placeholders:
            continue  # a duplicated heading's copy: its placeholders are not checked
        after = _prompts_after(text, q, answer)
        if not after:
            continue
        if headless is None:
            headless = headless_markers(analysis)
        for i, m in enumerate(after):
            following = after[i + 1] if i + 1 < len(after) else None
            end = q.body.end if following is None else following
            ps = [p for p in q.placeholders if m < p.span.start < end]
            if not ps:
                continue
            n = headless.get(m, q.number)  # no question lacks it: the prompt is `q`'s again
            heading = f", and its `### Question {n}` heading is missing" if m in headless else ""
            host = _extracted_host(analysis, ps[0].span.start)
            # What is written for it: from its `Answer:` to the next prompt (or the block's end).
            written = text[m + len(MARKER) : end if following is None else prompt_start(text, end)]
            if reader_words(written) == 0 and count_images(written) == 0:
                yield _unfilled(analysis, n, ps, host, heading)
            else:
                yield from _leftovers(analysis, n, ps, host, heading)


def _extracted_host(analysis: Analysis, at: int) -> _Host | None:
    """Return the answer report.py extracts that holds offset `at`, if any."""
    for a in analysis.result.answers:
        if a.start <= at < a.end:
            c = analysis.edition.constraint(a.index)
            return _Host(a.start, a.end, a.text, a.words, a.images, c, a.failed, a.index)
    return None


CHECK = Check(
    _headless,
    (PLACEHOLDER_UNFILLED, PLACEHOLDER_LEFTOVER),
    per_question=check_placeholders,
    scope=Scope.ANSWER,
)
