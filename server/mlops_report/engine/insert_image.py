"""Inserting an image: where it goes, which figures to offer first, what a missing file may be.

Figures are ranked by how well their file name matches the question (the bucket screenshot for
the bucket question); figures another answer already shows come after, marked.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Sequence

from .analysis import Analysis, Answer
from .figures import image_markup, is_image_name, normalized
from .fixes import Edit, Fix, line_bounds

MAX_IMAGE_ACTIONS = 20
GENERIC_IMAGE = "![description](figures/)"
_WORD = re.compile(r"[a-z]{3,}|[0-9]+")
# Words of every image prompt, or of no meaning in a file name.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "you",
        "your",
        "that",
        "this",
        "with",
        "what",
        "how",
        "did",
        "are",
        "was",
        "were",
        "have",
        "has",
        "from",
        "image",
        "images",
        "screenshot",
        "screenshots",
        "figure",
        "figures",
        "png",
        "jpg",
        "jpeg",
        "insert",
        "upload",
        "example",
        "see",
        "show",
        "shows",
    ]
)


def insertion_point(analysis: Analysis, answer: Answer) -> tuple[int, str, str]:
    """Return where a new line goes at the end of an answer, and the text before and after it.

    The end is where `report.py` still counts it: before a `###`/`##` that cuts the answer short.
    An empty answer gets it right after its `Answer:` line.
    """
    text = analysis.source.text
    q = answer.question
    ex = answer.extracted
    if ex is not None and ex.cut_at is not None and ex.cut_at < q.body.end:
        line_start = text.rfind("\n", 0, ex.cut_at) + 1
        if line_start > ex.start:
            return line_start, "", "\n\n"
    if q.body.end > q.body.start:
        return q.body.end, "\n\n", ""
    anchor = q.markers[0] if q.markers else (q.prompt.end if q.prompt else q.heading.end)
    _, line_end = line_bounds(text, anchor, anchor)
    return line_end, "\n\n", ""


def takes_images(answer: Answer) -> bool:
    """Return whether the answer has room for one more image under its limit."""
    c = answer.constraint.images or answer.question.stated.images
    return c is not None and answer.images < c.high


def _words(text: str) -> set[str]:
    """Return the telling words of a file name or prompt (camelCase and `_`/`-` split)."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", text).lower()
    return {w for w in _WORD.findall(spaced) if w not in _COMMON}


def _match(path: str, prompt: set[str]) -> int:
    """Return how many of a file name's words the prompt names (a prefix of 4 is enough)."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return sum(
        1
        for w in _words(stem)
        if any(p == w or (len(w) >= 4 and len(p) >= 4 and (p.startswith(w) or w.startswith(p)))
               for p in prompt)
    )  # fmt: skip


def users_of(analysis: Analysis) -> dict[str, list[int]]:
    """Return, by normalised path, the questions whose answers show or link that file."""
    out: dict[str, list[int]] = {}
    for q in analysis.model.questions:
        for im in q.images:
            if im.kind != "reference" and im.path:
                out.setdefault(normalized(im.path), []).append(q.number)
    return out


def ranked_figures(analysis: Analysis, answer: Answer, files: Sequence[str]) -> list[str]:
    """Return the image files, unused first, each group best match to the question first."""
    q = answer.question
    prompt = _words(analysis.source.text[q.prompt.start : q.prompt.end] if q.prompt else q.title)
    users = users_of(analysis)
    images = [f for f in files if is_image_name(f)]
    return sorted(images, key=lambda f: (normalized(f) in users, -_match(f, prompt), f))


def image_fixes(analysis: Analysis, answer: Answer, files: Sequence[str]) -> list[Fix]:
    """Return `Insert image figures/<file>` for each figure, ranked, then a generic image link.

    On an unanswered question the image takes the placeholder's place, and the title says so.
    """
    q = answer.question
    others: tuple[Edit, ...] = ()
    instead = ""  # what the title says the fix removes
    if answer.is_placeholder_only:
        # The image takes the first placeholder's place; the other placeholders go, and whatever
        # stands between them (a comment, say) stays.
        start, end = q.placeholders[0].span.start, q.placeholders[0].span.end
        others = tuple(Edit(p.span.start, p.span.end, "") for p in q.placeholders[1:])
        before, after = "", ""
        n = len(q.placeholders)
        instead = (
            f" in place of `{q.placeholders[0].text}`"
            if n == 1
            else f" in place of its {n} placeholders"
        )
    else:
        start, before, after = insertion_point(analysis, answer)
        end = start
    users = users_of(analysis)
    out = []
    for path in ranked_figures(analysis, answer, files)[:MAX_IMAGE_ACTIONS]:
        used = users.get(normalized(path))
        notes = (f"already in Q{', Q'.join(map(str, used))}",) if used else ()
        markup = before + image_markup(path) + after
        edit = Edit(start, end, markup)
        out.append(Fix(f"Insert image {path}{instead}", (edit, *others), notes=notes))
    generic = Edit(start, end, before + GENERIC_IMAGE + after)
    out.append(Fix(f"Insert an image link `{GENERIC_IMAGE}`{instead}", (generic, *others)))
    return out


def closest_figures(path: str, analysis: Analysis, files: Sequence[str], n: int = 3) -> list[str]:
    """Return up to `n` unused image files whose names are closest to a missing `path`."""
    users = users_of(analysis)
    unused = [f for f in files if is_image_name(f) and normalized(f) not in users]
    by_stem = {_stem(f): f for f in unused}
    return [by_stem[m] for m in difflib.get_close_matches(_stem(path), list(by_stem), n, 0.6)]


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0].lower()
