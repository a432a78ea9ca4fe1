"""A bent template: headings, `Answer:` lines, answers cut short, and the answer count.

`report.py` finds answers by splitting on every literal `Answer:` and cutting at the first `###`
or `##`; each finding here names one way the text breaks that, and `answer-count` sums up what
`report.py check` will then say.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from ..analysis import Analysis, Answer, short_error
from ..codes import Check, Code
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext
from ..gaps import Gap
from ..model import Question
from ..reportpy import MARKER, count_words, piece_end
from .limits import count_of

_NUMBERED_RE = re.compile(r"(?:question[ \t]*|q\.?[ \t]*)\d+", re.I)
"""How a question heading's title names its number: the rest is the student's own."""


def template_heading(q: Question) -> str:
    """Return `q`'s heading as the template writes it, any words after the number kept."""
    m = _NUMBERED_RE.match(q.title)
    rest = q.title[m.end() :] if m else ""
    if not rest.strip(" \t.:)"):
        rest = ""  # a stop alone after the number (`### Q5:`) is no words of the student's
    return f"### Question {q.number}{rest}"


def _set_heading(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    new = f.data.get("replacement")
    if not isinstance(new, str):
        return []
    # Safe unless the line holds words of the student's that the new heading drops.
    safe = f.data.get("safe", True) is True
    old = analysis.source.text[f.start : f.end].strip()
    notes = () if safe else (f"replaces `{old}`",)
    return [Fix(f"Change the heading to `{new}`", (Edit(f.start, f.end, new),), safe, True, notes)]


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


def _restore_heading(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    if not f.data.get("prompt"):
        return _set_heading(analysis, f, ctx)
    new, at = f"### Question {f.data.get('number')}", f.start  # the finding starts the prompt
    edit = Edit(at, at, new + "\n\n")
    if f.data.get("bare"):
        # Only an `Answer:` line is left: it may also be a literal one in the answer before, so
        # the student decides (report.py's split is the same either way; the fix moves no word).
        return [Fix(f"Insert `{new}` above this `Answer:` line", (edit,), False, True)]
    return [Fix(f"Insert `{new}` above the prompt", (edit,), True, True)]


ANSWER_DROPPED = Code(
    "answer-dropped",
    Severity.WARNING,
    "Answer not counted by report.py",
    "`report.py` takes an answer from the text after an `Answer:` only up to the next `###`: "
    "when the next question's heading is missing (or written `##`), nothing ends this answer "
    "before the next `Answer:`, and `report.py` skips it. Its words and images count nowhere, "
    "and the next text is checked under this question's number (its message says `checked as`). "
    "Put the heading back (`heading-missing`, `heading-level`).",
)
ANSWER_COUNT = Code(
    "answer-count",
    Severity.ERROR,
    "report.py check would stop with a ValueError",
    "`report.py check` will stop with `ValueError: Number of answers are different from the "
    "expected N` and check nothing. The message gives the count it will find and the cause found "
    "below. When the edition chosen, or the `report.py` beside the report, is for another "
    "template than the report's prompts (31 questions instead of 27, or the reverse), it says "
    "that instead, and the questions one of the two lacks are not called missing or misplaced.",
    stops_report_py=True,
)
HEADING_MISSING = Code(
    "heading-missing",
    Severity.ERROR,
    "Question heading missing",
    "A `### Question N` heading is gone. `report.py` then cannot end the answer before it, and "
    "skips that answer (`answer-dropped`): it finds one answer too few and stops, unless an "
    "extra answer elsewhere makes up the count; then the answers between are checked under "
    "the wrong numbers (`checked as`). Where the question's prompt or `Answer:` line is still "
    "there, its text is judged as its own here. A `###` line with other words in its place "
    "(`### Fifth question`) ends the answer before, but names no question. Where the prompt is "
    "still there, the quick fix puts the heading back above it (or in place of that line); "
    "where only its "
    "`Answer:` line is left, above that line (not in *Fix all*: it may be a literal `Answer:` in "
    "the answer before). With the prompt and `Answer:` line gone too there is no fix, as nothing "
    "tells where the question's words begin: copy its heading, prompt and `> Answer:` from the "
    "template.",
    fix=_restore_heading,
    fix_all=True,
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
    fix=_set_heading,
    fix_all=True,
)
HEADING_FORM = Code(
    "heading-form",
    Severity.INFORMATION,
    "Question heading not written as `### Question N`",
    "A question heading written otherwise than the template's `### Question N`: `### Q5` (nothing "
    "but a stop after the number) or `###Question 5`. It is taken as that question's heading and "
    "`report.py` does not mind (it only needs the `###`), but the report no longer reads as the "
    "template; without a space after the hashes GitHub and VS Code show the line as plain text. "
    "The quick fix writes `### Question N`, keeping any words after the number. A `###` line "
    "with other words above a question's prompt (`### Fifth question`) is `heading-missing`: "
    "nothing there names the question.",
    fix=_set_heading,
    fix_all=True,
)
ANSWER_MARKER_MISSING = Code(
    "answer-marker-missing",
    Severity.ERROR,
    "`Answer:` line missing",
    "A question has no `Answer:` line, so `report.py` takes no answer from it: the answer "
    "before ends at its heading, and its own words count nowhere.",
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


def _headings(analysis: Analysis, gaps: dict[int, Gap], own: int) -> Iterator[Finding]:
    """Find bent, duplicated, misplaced and missing headings (`own`: the report's question count).

    `own` differs from the edition's count only when the edition does not fit the report: the
    report's own questions are then in place, and those it never had are not missing.
    """
    expected = analysis.edition.questions
    top = max(expected, own)
    questions = analysis.model.questions
    stops = analysis.result.error is not None  # else the bend costs no answer: say no more
    seen: set[int] = set()
    highest = 0
    for q in questions:
        span = (q.heading.start, q.heading.end)
        # A duplicate or a stray number may not be this question's heading at all: no rename.
        in_order = q.number not in seen and highest <= q.number <= top
        if q.number in seen:
            adds = ": its `Answer:` adds an answer" if stops and q.markers else ""
            yield HEADING_DUPLICATE(
                f"Q{q.number} appears twice{adds}.",
                *span, q.number,
            )  # fmt: skip
        elif q.number < highest or q.number > top:
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
            data: dict[str, object] = {"hashes": q.level}
            if in_order:
                data["replacement"] = template_heading(q)
            yield HEADING_LEVEL(
                f"Q{q.number}: the heading is `{hashes}`, not `###`{effect}.",
                *span, q.number, data, severity=sev,
            )  # fmt: skip
        elif q.bent:
            yield _bent_heading(analysis, q, in_order=in_order)
        seen.add(q.number)
        highest = max(highest, q.number)
    yield from _missing_headings(analysis, seen, gaps, own)


def _bent_heading(analysis: Analysis, q: Question, *, in_order: bool) -> Finding:
    """Say that `q`'s heading is taken as its own though not written as the template's.

    The fix renames it only where it stands in order: a duplicate or a stray number may not be
    this question's heading at all.
    """
    written = analysis.source.text[q.heading.start : q.heading.end].strip()
    data = {"replacement": template_heading(q)} if in_order else {}
    return HEADING_FORM(
        f"Q{q.number}: `{written}` is not the template's `### Question {q.number}` (report.py "
        "does not mind).",
        q.heading.start, q.heading.end, q.number, data,
    )  # fmt: skip


def headless_markers(analysis: Analysis) -> dict[int, int]:
    """Return the question number of each `Answer:` whose question's heading is missing."""
    return {gap.marker: n for n, gap in analysis.gaps.items()}


def _heading_line(text: str, gap: Gap) -> Finding:
    """Say what is wrong with the line taken as the heading of a question that has none."""
    assert gap.line is not None
    n = gap.number
    written = text[gap.line.start : gap.line.end].strip()
    new = f"### Question {n}"
    data: dict[str, object] = {"number": n, "replacement": new, "safe": gap.names}
    if written.startswith("###"):
        # report.py ends the answer before at this `###` as at any; but the line names no
        # question (its answer is judged as Question N's all the same).
        return HEADING_MISSING(
            f"Q{n}: `{written}` stands where `{new}` belongs: report.py only needs the `###`, "
            f"but the report no longer names Q{n} here.",
            gap.line.start, gap.line.end, n, data,
        )  # fmt: skip
    return HEADING_MISSING(
        f"Q{n}: `{written}` is no `###` heading: report.py needs `{new}` here.",
        gap.line.start, gap.line.end, n, data,
    )  # fmt: skip


def _missing_headings(
    analysis: Analysis, seen: set[int], gaps: dict[int, Gap], own: int
) -> Iterator[Finding]:
    """Find each question number of the edition (and of the report) that has no heading."""
    expected = min(analysis.edition.questions, own)
    questions = analysis.model.questions
    text = analysis.source.text
    for n in range(1, expected + 1):
        if n in seen:
            continue
        gap = gaps.get(n)
        if gap is not None and gap.line is not None:
            yield _heading_line(text, gap)
            continue
        if gap is not None:
            end = text.find("\n", gap.prompt)
            dropped = _dropped_before(analysis, gap.marker)
            cost = f"report.py does not count Q{dropped}'s answer above it" if dropped else ""
            if gap.bare:
                said = (
                    f"Q{n}: this `Answer:` is all that is left of the question: its `### Question "
                    f"{n}` heading and prompt are gone." + (f" {cost}." if cost else "")
                )
            else:
                said = f"Q{n}: no `### Question {n}` heading above this prompt" + (
                    f", so {cost}." if cost else "."
                )
            yield HEADING_MISSING(
                said,
                gap.prompt, len(text) if end == -1 else end, n,
                {"number": n, "prompt": True, **({"bare": True} if gap.bare else {})},
            )  # fmt: skip
            continue
        after = next((q for q in questions if q.number > n), None)
        anchor = after.heading if after else (questions[-1].heading if questions else None)
        start, end = (anchor.start, anchor.end) if anchor else (0, 0)
        where = f" (it belongs before Q{after.number})" if after else ""
        yield HEADING_MISSING(
            f"Q{n}: no `### Question {n}` heading{where}.",
            start, end, n, {"number": n},
        )  # fmt: skip


def _markers(analysis: Analysis, gaps: dict[int, Gap]) -> Iterator[Finding]:
    stops = analysis.result.error is not None
    text = analysis.source.text
    orphans = {g.marker for g in gaps.values()}
    for m in analysis.model.preamble_markers:
        if m < analysis.edition.dropped_prefix:
            continue
        yield ANSWER_MARKER_INSIDE(
            "A literal `Answer:` before Q1 adds an answer; write `answer:` instead.",
            m, m + len(MARKER), None, {"replacement": "answer:"},
        )  # fmt: skip
    for q in analysis.model.questions:
        if not q.markers:
            too_few = " and finds one answer too few" if stops else ""
            yield ANSWER_MARKER_MISSING(
                f"Q{q.number} has no `Answer:` line: report.py does not count its answer{too_few}.",
                q.heading.start, q.heading.end, q.number,
            )  # fmt: skip
            continue
        for m in q.markers[1:]:
            if m in orphans:
                continue  # a question's whose heading is missing: heading-missing says so
            # What report.py counts after it: up to the next `Answer:`, cut at a `###`/`##`.
            start, end, _, _ = analysis.result.answer_in_piece(text, m + len(MARKER))
            rest = count_words(text[start:end])
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


def _dropped_before(analysis: Analysis, marker: int) -> int | None:
    """Return whose text report.py skips because its piece runs on to `marker`, if any."""
    markers = analysis.result.markers
    i = bisect_left(markers, marker)
    if i == 0:
        return None
    before = markers[i - 1]
    q = analysis.model.question_at(before)
    answer = analysis.answers.get(q.number) if q is not None else None
    if answer is None or answer.question is not q:
        return None
    n = answer.owner_at(before)
    text = answer if n == q.number else next(s.answer for s in answer.strays if s.owner == n)
    return n if text.words and text.dropped else None


def _dropped(analysis: Analysis, gaps: dict[int, Gap]) -> Iterator[Finding]:
    """Find the answers report.py skips: no `###` ends them before the next `Answer:`."""
    for n, answer in analysis.answers.items():
        if answer.extracted is None and answer.words:
            yield from _dropped_answer(analysis, n, answer, gaps)
        for stray in answer.strays:
            if stray.answer.extracted is None and stray.answer.words:
                yield from _dropped_answer(analysis, stray.owner, stray.answer, gaps)


def _dropped_answer(
    analysis: Analysis, n: int, answer: Answer, gaps: dict[int, Gap]
) -> Iterator[Finding]:
    """Say that report.py skips question `n`'s text, why, and what it checks as Qn instead."""
    if not answer.dropped:
        return  # no `Answer:` line at all: answer-marker-missing says it
    text, result = analysis.source.text, analysis.result
    marker = max(m for m in answer.question.markers if m < answer.start)
    end = piece_end(text, result.markers, marker)
    gap = next((g for g in gaps.values() if g.marker == end), None)
    after = next((q for q in analysis.model.questions if end in q.markers[:1]), None)
    if gap is not None:
        g = gap.number
        gone = (
            f"Q{g}'s heading and prompt gone"
            if gap.bare
            else f"no `### Question {g}` heading above Q{g}'s prompt"
        )
        why = f"with {gone}, nothing ends it before Q{g}'s `Answer:`"
    elif after is not None and after.level != 3:
        why = (
            f"Q{after.number}'s heading is `{'#' * after.level}`, not `###`, so nothing ends it "
            f"before Q{after.number}'s `Answer:`"
        )
    else:
        why = "nothing (no `###`) ends it before the next `Answer:`"
    count = count_of(answer.words, "word")
    if answer.images:
        count += f", {count_of(answer.images, 'image')}"
    instead = ""
    taken = result.answers[n - 1] if result.error is None and len(result.answers) >= n else None
    if taken is not None:
        instead = f" It checks {analysis.whose(taken.start)} as Q{n} instead."
    yield ANSWER_DROPPED(
        f"Q{n}: report.py does not count this answer ({count}): {why}.{instead}",
        answer.start, answer.end, n, {"words": answer.words, "images": answer.images},
    )  # fmt: skip


def _truncations(analysis: Analysis, gaps: dict[int, Gap]) -> Iterator[Finding]:
    # A question whose heading is missing starts at its prompt (or the line taken as its
    # heading): the words from there on are its own, not lost words of the question before.
    starts = sorted((g.start, g.number) for g in gaps.values())
    for q in analysis.model.questions:
        # Every `Answer:` starts a piece report.py cuts on its own, a literal one inside the
        # answer too: each cut is reported where it falls.
        for m in q.markers:
            number, own_end = q.number, q.body.end
            for start, gap_number in starts:
                if q.markers[0] < start <= m:
                    number = gap_number  # the piece of a question whose heading is missing
                elif m < start < own_end:
                    own_end = start
            found = _truncation(analysis, m, number, own_end)
            if found is not None:
                yield found


def _truncation(analysis: Analysis, marker: int, number: int, own_end: int) -> Finding | None:
    """Say where report.py cuts the piece after `marker` before `own_end`, the answer's end."""
    text = analysis.source.text
    _, _, cut, cut_at = analysis.result.answer_in_piece(text, marker + len(MARKER))
    if cut is None or cut_at is None or cut_at >= own_end:
        return None
    end = piece_end(text, analysis.result.markers, marker)
    line_end = text.find("\n", cut_at)
    line_end = len(text) if line_end == -1 else line_end
    if end == len(text):  # no `Answer:` after this one: the last answer
        return ANSWER_TRUNCATED(
            f"Q{number}: this `{cut}` in the last answer makes report.py count it twice; "
            "use bold text.",
            cut_at, line_end, number, {"marker": cut},
        )  # fmt: skip
    lost = count_words(text[cut_at : min(end, own_end)])
    return ANSWER_TRUNCATED(
        f"Q{number}: report.py ends the answer at this `{cut}`: {lost} words not counted.",
        cut_at, line_end, number, {"marker": cut, "lost": lost},
    )  # fmt: skip


def _causes_text(causes: list[Finding]) -> str:
    """Return the causes in words, each said once: `question heading duplicated (Q1-Q31)`.

    A report pasted twice has hundreds of causes: each kind says once where, in ranges. The
    words are the codes' own titles, so a student reads what went wrong, not a code's name.
    """
    where: dict[str, set[int | None]] = {}
    for f in causes:
        where.setdefault(f.code, set()).add(f.question)
    parts = []
    for code in CHECK.codes:  # the codes' order: headings first
        numbers = where.get(code.name)
        if not numbers:
            continue
        places = ["before Q1"] if None in numbers else []
        found = sorted(n for n in numbers if n is not None)
        if found:
            places.append(_ranges(found))
        title = code.title if code.title.startswith("`") else code.title[0].lower() + code.title[1:]
        parts.append(f"{title} ({', '.join(places)})")
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


def _judge(analysis: Analysis) -> str:
    """Return which report.py judges the report, named for a sentence."""
    name = analysis.edition.name
    if analysis.detection.reason.startswith("read from report.py"):
        return f"the report.py beside it ({name})"
    return f"{name} (the edition chosen)"


def _at_most_warning(f: Finding) -> Finding:
    return f._replace(severity=Severity.WARNING) if f.severity == Severity.ERROR else f


def check_structure(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find a bent template and say what `report.py check` will make of it."""
    result = analysis.result
    # An edition chosen for a report of the other template: its count, not a heading, is wrong.
    unfit = analysis.unfit
    own = analysis.edition.questions if unfit is None else unfit.edition.questions
    gaps = analysis.gaps  # found with the answers, for `own` questions
    found = [
        *_headings(analysis, gaps, own),
        *_markers(analysis, gaps),
        *_truncations(analysis, gaps),
        *_dropped(analysis, gaps),
    ]
    if result.error is None:
        # report.py still checks every question: the bend only hurts the hand-in.
        yield from (_at_most_warning(f) if f.code in _CAUSES else f for f in found)
        return
    yield from found
    causes = [f for f in found if f.code in _CAUSES]
    if result.error.startswith("IndexError"):
        message = "report.py check will stop: the report has no `Answer:` line at all (IndexError)."
    elif unfit is not None:
        # The edition's count is the cause; the report's own bends, if any, come after it.
        also = _causes_text(causes)
        causes = []
        message = (
            f"report.py check will stop: {short_error(result)}. The edition does not fit the "
            f"report: {_judge(analysis)} expects {analysis.edition.questions} questions, and the "
            f"report has {own}, as {unfit.edition.name} does." + (f" Also: {also}." if also else "")
        )
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
        HEADING_FORM,
        ANSWER_MARKER_MISSING,
        ANSWER_MARKER_INSIDE,
        ANSWER_TRUNCATED,
        ANSWER_DROPPED,
        ANSWER_COUNT,
    ),
)

_CAUSES = frozenset(
    c.name for c in CHECK.codes if c not in (ANSWER_COUNT, HEADING_FORM, ANSWER_DROPPED)
)
"""The codes that can make `report.py` find the wrong number of answers."""
