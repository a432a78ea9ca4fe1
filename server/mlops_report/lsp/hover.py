"""Hover: a question's counts as `report.py` sees them, an image's file, or the title's cut."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from ..engine.analysis import Analysis, Answer
from ..engine.editions import Limits
from ..engine.figures import file_size, locate, slashed
from ..engine.handin.check import title_cut_note
from ..engine.handin.images import SHOWN, Showing, showing
from ..engine.model import ImageRef, Question
from ..engine.registry import CODES
from ..engine.reportpy import MARKER
from ..engine.text import PositionEncoding
from .convert import span_range
from .summary import FAIL, PASS, answer_of, checked, fails, stop_note

SizeOf = Callable[[Path], "int | None"]

_KIND_NOTE = {
    "markdown": "counted by report.py",
    "link": "a plain link: shown as text, **not counted** by report.py (add `!`)",
    "html": "HTML `<img>`: shown, **not counted** by report.py",
    "reference": "reference-style: **not counted** by report.py",
}


def hover(
    analysis: Analysis,
    offset: int,
    enc: PositionEncoding,
    size_of: SizeOf = file_size,
    markdown: bool = True,
) -> types.Hover | None:
    """Return the hover at `offset`: an image's file, its question's summary or the title's cut."""
    q = analysis.model.question_at(offset)
    if q is None:
        return _title_hover(analysis, offset, enc, markdown)
    for im, shown in zip(q.images, showing(q), strict=True):
        if im.span.start <= offset < im.span.end:
            text = image_markdown(analysis, im, size_of, shown)
            return _hover(text, span_range(analysis, im.span.start, im.span.end, enc), markdown)
    answer = answer_of(analysis, q)
    if answer is None:
        text = _copy_markdown(analysis, q)
    else:
        # The text of a question whose heading is missing is that question's, not this one's.
        stray = next((s for s in reversed(answer.strays) if s.start <= offset), None)
        if stray is None:
            text = question_markdown(analysis, answer)
        else:
            text = question_markdown(analysis, stray.answer, stray.owner)
    text += findings_markdown(analysis, offset)
    on_heading = q.heading.start <= offset <= q.heading.end
    rng = span_range(analysis, q.heading.start, q.heading.end, enc) if on_heading else None
    return _hover(text, rng, markdown)


def _title_hover(
    analysis: Analysis, offset: int, enc: PositionEncoding, markdown: bool
) -> types.Hover | None:
    """Return, on the first line, what `report.py html`'s cut does to the template's title."""
    text = analysis.source.text
    end = text.find("\n")
    end = len(text) if end == -1 else end
    note = title_cut_note(text) if offset <= end else None
    if note is None:
        return None
    return _hover(note, span_range(analysis, 0, end, enc), markdown)


def findings_markdown(analysis: Analysis, offset: int) -> str:
    """Return what each finding at `offset` means, from the registry (empty when none)."""
    here = [f for f in analysis.findings if f.start <= offset <= f.end]
    seen: list[str] = []
    for f in here:
        if f.code not in seen:
            seen.append(f.code)
    return "".join(f"\n\n---\n\n**{CODES[c].title}** (`{c}`): {CODES[c].explanation}" for c in seen)


def _hover(text: str, rng: types.Range | None, markdown: bool) -> types.Hover:
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value=text), range=rng)


def _line(name: str, count: int, limit: Limits | None, judged: bool) -> str:
    if limit is None:
        return f"- {name}: **{count}** (no limit)"
    mark = f" {PASS if limit.holds(count) else FAIL}" if judged else ""
    return f"- {name}: **{count}** (limit {limit}){mark}"


def question_markdown(analysis: Analysis, answer: Answer, number: int | None = None) -> str:
    """Return the Markdown summary of one answer: counts, limits, verdict and caveats.

    `number` is the question whose text it is, when not its block's (a missing heading's).
    """
    q: Question = answer.question
    n = q.number if number is None else number
    c = answer.constraint
    edition = analysis.edition.name if number is None else f"{analysis.edition.name}, no heading"
    stopped = stop_note(analysis)
    if stopped is not None:
        verdict = "not checked: report.py check stops"
    elif answer.dropped:
        verdict = "**not counted** by report.py"
    elif answer.extracted is None:
        verdict = "not checked on its own by report.py"
    elif c.words is None and c.images is None:
        verdict = "no limits"
    elif fails(analysis, answer):
        verdict = f"{FAIL} fails report.py check"
    else:
        verdict = f"{PASS} passes report.py check"
    lines = [f"**Question {n}** ({edition}): {verdict}", ""]
    # While report.py stops, no count passes or fails; nor does a text it does not count.
    judged = checked(analysis) and answer.extracted is not None
    lines.append(_line("Words", answer.words, c.words, judged))
    if c.images is not None or answer.images:
        lines.append(_line("Images", answer.images, c.images, judged))
    if answer.reader_words != answer.words:
        lines.append(
            f"- A reader sees **{answer.reader_words}** words; report.py also counts markup, "
            "image links, HTML and placeholders."
        )
    if answer.is_placeholder_only:
        lines.append("- Not answered yet: only the template's placeholder is here.")
    if answer.checked_as is not None and answer.checked_as != n:
        lines.append(
            f"- report.py checks this text as question {answer.checked_as} (it matches answers "
            "to limits by position), so these are that question's limits."
        )
    if answer.dropped and stopped is None:
        lines.append(
            "- report.py takes no answer from this text (no `###` ends it before the next "
            "`Answer:`): its words and images count nowhere."
        )
        lines += _instead(analysis, n)
    elif answer.extracted is None and stopped is None:
        lines.append(
            "- report.py takes no answer from here on its own (no `Answer:` line of its own); "
            "the counts are of the text below the prompt."
        )
        lines += _instead(analysis, n)
    if stopped is not None:
        lines.append(f"- {stopped}")
    return "\n".join(lines)


def _instead(analysis: Analysis, n: int) -> list[str]:
    """Return what report.py checks as question `n`, when it is not `n`'s own text."""
    result = analysis.result
    if len(result.answers) < n:
        return []
    taken = result.answers[n - 1]
    c = analysis.edition.constraint(n)
    lines = [f"- As question {n} report.py checks {analysis.whose(taken.start)}:"]
    lines.append("  " + _line("Words", taken.words, c.words, True))
    if c.images is not None or taken.images:
        lines.append("  " + _line("Images", taken.images, c.images, True))
    return lines


def _copy_markdown(analysis: Analysis, q: Question) -> str:
    """Return the hover of a duplicated heading's second copy: what report.py makes of it."""
    text = (
        f"**Question {q.number}** appears twice; report.py counts this copy's `Answer:` as one "
        "more answer."
    )
    piece = q.markers[0] + len(MARKER) if q.markers else -1
    taken = next((a for a in analysis.result.answers if a.piece.start == piece), None)
    if taken is None or analysis.result.error is not None:
        return text
    c = analysis.edition.constraint(taken.index)
    lines = [text, "", f"- report.py checks this copy's text as question {taken.index}:"]
    lines.append("  " + _line("Words", taken.words, c.words, True))
    if c.images is not None or taken.images:
        lines.append("  " + _line("Images", taken.images, c.images, True))
    return "\n".join(lines)


_NOT_A_FILE = {
    "empty": "no path",
    "data": "inline data",
    "anchor": "a link within the page",
    "remote": "loaded from the web (not checked)",
    "template": "the template's example path",
}


def resolve_image(analysis: Analysis, im: ImageRef) -> tuple[Path | None, str | None]:
    """Return the file an image points at, or None and why it cannot be a local file."""
    if im.kind == "reference":
        return None, f"a reference `[{im.target}]`, defined elsewhere"
    loc = locate(im.path, analysis.base_dir)
    if loc.kind != "file":
        return None, _NOT_A_FILE[loc.kind]
    if loc.path is None:
        return None, "the document is not saved, so relative paths cannot be resolved"
    if not loc.absolute and analysis.base_dir is not None:
        # `figures\a.png` means the same file on every system (image-backslash says the rest)
        return Path(os.path.normpath(analysis.base_dir / slashed(loc.rel))), None
    return Path(os.path.normpath(loc.path)), None


_NOT_SHOWN = {
    "code": "inside code, its markup shows as text",
    "text": "inside an HTML block, its markup shows as text",
    "comment": "inside an HTML comment",
    "gone": "nothing of it shows",
}


def image_markdown(
    analysis: Analysis, im: ImageRef, size_of: SizeOf = file_size, shown: Showing = SHOWN
) -> str:
    """Return the Markdown hover of one image: how it counts and shows, its file, a preview.

    `shown` says how the hand-in and GitHub show it (`showing`).
    """
    note = _KIND_NOTE[im.kind]
    if shown.handin != "rendered":
        counted = "counted by report.py" if im.counted else "not counted by report.py"
        github = "; GitHub shows it" if shown.preview == "rendered" else ""
        note = f"**not shown in the hand-in**: {_NOT_SHOWN[shown.handin]}{github} ({counted})"
    elif shown.preview != "rendered":
        seen = "not at all" if shown.preview in ("comment", "gone") else "as text"
        note += f"; GitHub shows it {seen} (the hand-in shows it)"
    lines = [f"**Image** `{im.path or im.target}`: {note}", ""]
    path, why = resolve_image(analysis, im)
    if path is None:
        lines.append(f"- File: {why}.")
        return "\n".join(lines)
    size = size_of(path)
    if size is None:
        lines.append(f"- File: **does not exist** (`{path}`).")
        return "\n".join(lines)
    lines.append(f"- File: exists, {size / 1024:.1f} KB (`{path}`).")
    lines += ["", f"![]({path.absolute().as_uri()})"]
    return "\n".join(lines)
