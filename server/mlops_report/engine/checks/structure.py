"""A bent template: headings, `Answer:` lines, answers cut short, and the answer count.

`report.py` finds answers by splitting on every literal `Answer:` and cutting at the first `###`
or `##`; each finding here names one way the text breaks that, and `answer-count` sums up what
`report.py check` will then say.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import Analysis, short_error
from ..codes import Check, Code
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext
from ..reportpy import MARKER, count_words, piece_end


def _set_heading_level(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    new = f.data.get("replacement")
    if not isinstance(new, str):
        return []
    return [Fix(f"Change the heading to `{new}`", (Edit(f.start, f.end, new),), True, True)]


def _insert_marker(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    q = next((q for q in analysis.model.questions if q.heading.start == f.start), None)
    if q is None or q.markers:
        return []
    at = q.prompt.end if q.prompt else q.heading.end
    insert = "\n>\n> Answer:" if q.prompt else "\n\n> Answer:"
    return [Fix("Insert `> Answer:` after the prompt", (Edit(at, at, insert),), preferred=True)]


def _lower_case_marker(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    if analysis.source.text[f.start : f.end] != MARKER:
        return []
    return [Fix("Write `answer:` in lower case", (Edit(f.start, f.end, "answer:"),), False, True)]


ANSWER_COUNT = Code(
    "answer-count",
    Severity.ERROR,
    "report.py check would stop with a ValueError",
    "`report.py check` will stop with `ValueError: Number of answers are different from the "
    "expected N` and check nothing. The message gives the count it will find and the cause found "
    "below.",
)
HEADING_MISSING = Code(
    "heading-missing",
    Severity.ERROR,
    "Question heading missing",
    "A `### Question N` heading is gone. `report.py` then cannot end the answer before it.",
)
HEADING_DUPLICATE = Code(
    "heading-duplicate",
    Severity.ERROR,
    "Question heading duplicated",
    "A question appears twice (often a copy-paste); its `Answer:` adds an answer.",
)
HEADING_ORDER = Code(
    "heading-order",
    Severity.WARNING,
    "Question headings out of order",
    "A question is out of order or numbered past the edition's count. `report.py` matches "
    "answers to limits by position, not by number.",
)
HEADING_LEVEL = Code(
    "heading-level",
    Severity.ERROR,
    "Question heading not at level ###",
    "A question heading with other than `###`. With `##`, `report.py` does not end the previous "
    "answer there and drops it.",
    fix=_set_heading_level,
    fix_all=True,
)
ANSWER_MARKER_MISSING = Code(
    "answer-marker-missing",
    Severity.ERROR,
    "`Answer:` line missing",
    "A question has no `Answer:` line, so `report.py` runs it into the question before.",
    fix=_insert_marker,
)
ANSWER_MARKER_INSIDE = Code(
    "answer-marker-inside",
    Severity.ERROR,
    "Literal `Answer:` splits an answer",
    "A literal `Answer:` inside an answer: `report.py` splits there, so the words before it are "
    "not counted (it takes only the text after the last `Answer:`); with a `###` before it, or "
    "before Question 1, it also adds an answer and the count goes wrong. Write `answer:` in lower "
    "case.",
    fix=_lower_case_marker,
)
ANSWER_TRUNCATED = Code(
    "answer-truncated",
    Severity.WARNING,
    "`##`/`###` inside an answer cuts it short",
    "A `###` or `##` inside an answer, even inside code or as part of `####`, ends the answer for "
    "`report.py`: the words after it are not counted. In the last answer it makes `report.py` "
    "count the answer twice.",
)


def _is_quoted(text: str, offset: int) -> bool:
    """Return whether `offset` sits on a `>` line: a prompt, not a student's answer."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text[line_start:offset].lstrip(" ").startswith(">")


def _orphan_prompts(analysis: Analysis) -> list[int]:
    """Return extra `Answer:` markers on prompt lines: prompts whose heading was deleted."""
    text = analysis.source.text
    return [m for q in analysis.model.questions for m in q.markers[1:] if _is_quoted(text, m)]


def _prompt_start(text: str, marker: int) -> int:
    """Return where the blockquote holding `marker` starts."""
    start = text.rfind("\n", 0, marker) + 1
    while start > 0:
        prev = text.rfind("\n", 0, start - 1) + 1
        if not text[prev : start - 1].lstrip(" ").startswith(">"):
            break
        start = prev
    return start


def _headings(analysis: Analysis) -> Iterator[Finding]:
    expected = analysis.edition.questions
    questions = analysis.model.questions
    stops = analysis.result.error is not None  # else the bend costs no answer: say no more
    seen: set[int] = set()
    highest = 0
    for q in questions:
        span = (q.heading.start, q.heading.end)
        if q.number in seen:
            adds = ": its `Answer:` adds an answer" if stops and q.markers else ""
            yield HEADING_DUPLICATE(
                f"Q{q.number} appears twice{adds}.",
                *span, q.number,
            )  # fmt: skip
        elif q.number < highest or q.number > expected:
            where = (
                f"this edition has {expected} questions"
                if q.number > expected
                else f"it comes after Q{highest}"
            )
            yield HEADING_ORDER(
                f"Q{q.number} is out of place: {where}.",
                *span, q.number,
            )  # fmt: skip
        if q.level != 3:
            hashes = "#" * q.level
            if q.level < 3:
                effect, sev = ("; report.py then drops an answer" if stops else ""), None
            else:
                effect, sev = "", Severity.WARNING
            yield HEADING_LEVEL(
                f"Q{q.number}: the heading is `{hashes}`, not `###`{effect}.",
                *span, q.number, {"replacement": "### " + q.title, "hashes": q.level},
                severity=sev,
            )  # fmt: skip
        seen.add(q.number)
        highest = max(highest, q.number)
    yield from _missing_headings(analysis, seen)


def _missing_headings(analysis: Analysis, seen: set[int]) -> Iterator[Finding]:
    """Find each question number of the edition that has no heading."""
    expected = analysis.edition.questions
    questions = analysis.model.questions
    text = analysis.source.text
    orphans = _orphan_prompts(analysis)
    for n in range(1, expected + 1):
        if n in seen:
            continue
        after = next((q for q in questions if q.number > n), None)
        anchor = after.heading if after else (questions[-1].heading if questions else None)
        start, end = (anchor.start, anchor.end) if anchor else (0, 0)
        where = f" (it belongs before Q{after.number})" if after else ""
        orphan = next((m for m in orphans if after is None or m < after.heading.start), None)
        if orphan is not None:
            orphans.remove(orphan)
            start = _prompt_start(text, orphan)
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            where = " above this prompt"
        yield HEADING_MISSING(
            f"Q{n}: no `### Question {n}` heading{where}.",
            start, end, n, {"number": n},
        )  # fmt: skip


def _markers(analysis: Analysis) -> Iterator[Finding]:
    stops = analysis.result.error is not None
    text = analysis.source.text
    seen = {q.number for q in analysis.model.questions}
    missing = any(n not in seen for n in range(1, analysis.edition.questions + 1))
    orphans = _orphan_prompts(analysis) if missing else []
    for m in analysis.model.preamble_markers:
        if m < analysis.edition.dropped_prefix:
            continue
        yield ANSWER_MARKER_INSIDE(
            "A literal `Answer:` before Q1 adds an answer; write `answer:` instead.",
            m, m + len(MARKER), None, {"replacement": "answer:"},
        )  # fmt: skip
    for q in analysis.model.questions:
        if not q.markers:
            too_few = ": report.py finds one answer too few" if stops else ""
            yield ANSWER_MARKER_MISSING(
                f"Q{q.number} has no `Answer:` line{too_few}.",
                q.heading.start, q.heading.end, q.number,
            )  # fmt: skip
            continue
        for m in q.markers[1:]:
            if _is_quoted(text, m) and m in orphans:
                continue  # a prompt whose heading is missing: heading-missing says so
            rest = count_words(text[m + len(MARKER) : q.body.end if q.body.end > m else m])
            prev = max(p for p in analysis.result.markers if p < m)
            before = text[prev + len(MARKER) : m]
            if "###" in before:
                effect = f"the {rest} words after it become an extra answer"
            else:
                effect = (
                    f"only the {rest} words after it count, not the {count_words(before)} before"
                )
            yield ANSWER_MARKER_INSIDE(
                f"Q{q.number}: report.py splits at this `Answer:`: {effect}. Write `answer:`.",
                m, m + len(MARKER), q.number, {"replacement": "answer:"},
            )  # fmt: skip


def _truncations(analysis: Analysis) -> Iterator[Finding]:
    text = analysis.source.text
    markers = analysis.result.markers
    for q in analysis.model.questions:
        if not q.markers:
            continue
        start = q.markers[0] + len(MARKER)
        end = piece_end(text, markers, q.markers[0])
        last = end == len(text)  # no `Answer:` after this one
        _, _, cut, cut_at = analysis.result.answer_in_piece(text, start)
        if cut is None or cut_at is None or cut_at >= q.body.end:
            continue
        line_end = text.find("\n", cut_at)
        line_end = len(text) if line_end == -1 else line_end
        if last:
            yield ANSWER_TRUNCATED(
                f"Q{q.number}: this `{cut}` in the last answer makes report.py count it twice; "
                "use bold text.",
                cut_at, line_end, q.number, {"marker": cut},
            )  # fmt: skip
            continue
        lost = count_words(text[cut_at : min(end, q.body.end)])
        yield ANSWER_TRUNCATED(
            f"Q{q.number}: report.py ends the answer at this `{cut}`: {lost} words not counted.",
            cut_at, line_end, q.number, {"marker": cut, "lost": lost},
        )  # fmt: skip


def _causes_text(causes: list[Finding]) -> str:
    """Return the causes by code, e.g. `heading-duplicate at Q1-Q31; answer-marker-inside at Q6`.

    A report pasted twice has hundreds of causes: each code says once where, in ranges.
    """
    where: dict[str, set[int | None]] = {}
    for f in causes:
        where.setdefault(f.code, set()).add(f.question)
    parts = []
    for code, numbers in sorted(where.items()):
        places = ["before Q1"] if None in numbers else []
        found = sorted(n for n in numbers if n is not None)
        if found:
            places.append("at " + _ranges(found))
        parts.append(f"{code} {' and '.join(places)}")
    return "; ".join(parts)


def _ranges(numbers: list[int]) -> str:
    """Return `Q1-Q3, Q7` for [1, 2, 3, 7]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"Q{r[0]}" if len(r) == 1 else f"Q{r[0]}-Q{r[-1]}" for r in runs)


def _at_most_warning(f: Finding) -> Finding:
    return f._replace(severity=Severity.WARNING) if f.severity == Severity.ERROR else f


def check_structure(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find a bent template and say what `report.py check` will make of it."""
    found = [*_headings(analysis), *_markers(analysis), *_truncations(analysis)]
    result = analysis.result
    if result.error is None:
        # report.py still checks every question: the bend only hurts the hand-in.
        yield from (_at_most_warning(f) if f.code in _CAUSES else f for f in found)
        return
    yield from found
    causes = [f for f in found if f.code in _CAUSES]
    if result.error.startswith("IndexError"):
        message = "report.py check will stop: the report has no `Answer:` line at all (IndexError)."
    else:
        why = _causes_text(causes)
        message = (
            f"report.py check will stop: {short_error(result)}. "
            + (f"Cause: {why}." if why else "The template was changed somewhere: compare its "
               "`### Question` headings and `> Answer:` lines with the template.")
        )  # fmt: skip
    anchor = min(causes, key=lambda f: f.start) if causes else None
    if anchor is not None:
        start, end = anchor.start, anchor.end
    else:
        first = analysis.model.questions[0].heading if analysis.model.questions else None
        start, end = (first.start, first.end) if first else (0, 0)
    yield ANSWER_COUNT( message, start, end, None,
        {"found": len(result.answers), "expected": result.edition.questions},
    )  # fmt: skip


CHECK = Check(
    check_structure,
    (
        HEADING_MISSING,
        HEADING_DUPLICATE,
        HEADING_ORDER,
        HEADING_LEVEL,
        ANSWER_MARKER_MISSING,
        ANSWER_MARKER_INSIDE,
        ANSWER_TRUNCATED,
        ANSWER_COUNT,
    ),
)

_CAUSES = frozenset(c.name for c in CHECK.codes if c is not ANSWER_COUNT)
"""The codes that can make `report.py` find the wrong number of answers."""
