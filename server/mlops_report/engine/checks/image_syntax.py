"""Images written in a way `report.py` does not count, or that Markdown does not show."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..analysis import Analysis, Answer
from ..codes import Check, Code, Scope
from ..figures import markdown_path
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext, line_bounds
from ..handin.images import showing
from ..handin.render import markdown_image_shows
from ..model import Question
from ..model.links import LINK_OPEN_RE, read_destination
from ..model.patterns import LIST_MARKER
from .limits import count_of

# What may stand before a block's content on its line: indent, quote markers, a list marker.
_LEAD = r"[ \t]*(?:>[ \t]?)*[ \t]*"
_ITEM = LIST_MARKER
_LEAD_RE = re.compile(rf"{_LEAD}(?:{_ITEM})?")
_ITEM_RE = re.compile(rf"{_LEAD}{_ITEM}")
_BLANK_RE = re.compile(r"[ \t>\r]*")
_HEADING_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")  # a heading ends the paragraph before it
_SOLO_OPEN_RE = re.compile(rf"{_LEAD}(?:{_ITEM})?!?{LINK_OPEN_RE.pattern}")
_TRAIL_RE = re.compile(r"[ \t\r]*")


def _solo(line: str) -> bool:
    """Return whether a line holds one image or link and nothing else (its markers aside)."""
    m = _SOLO_OPEN_RE.match(line)
    dest = read_destination(line, m.end(), len(line)) if m else None
    return dest is not None and _TRAIL_RE.fullmatch(line, dest.close) is not None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Return whether the link at `[start, end)` is all its paragraph holds, markers aside.

    Then `!` only turns it into an image; elsewhere its words would leave the sentence (they
    become alt text) and an image would land inside the paragraph.
    """
    ls, le = line_bounds(text, start, end)
    if not _LEAD_RE.fullmatch(text, ls, start) or not _BLANK_RE.fullmatch(text, end, le):
        return False
    lines = text.split("\n")
    at = text.count("\n", 0, start)
    last = at + text.count("\n", start, end)  # its title may stand on the next line
    item = _ITEM_RE.match(lines[at]) is not None
    # The lines its paragraph goes on with, then those it began with: each only a link or image.
    for neighbours in (lines[last + 1 :], reversed(lines[:at])):
        for line in neighbours:
            if _BLANK_RE.fullmatch(line) or _HEADING_RE.match(line):
                break
            if item and _ITEM_RE.match(line):
                break
            if not _solo(line):
                return False
    return True


def _add_bang(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    text = analysis.source.text
    if text[f.start : f.start + 1] != "[":
        return []
    edits = (Edit(f.start, f.start, "!"),)
    if _stands_alone(text, f.start, f.end):
        return [Fix("Show the image: add `!`", edits, safe=True, preferred=True)]
    # Inside a sentence: its words would leave the page for the image's alt text.
    alt = f.data.get("alt")
    if isinstance(alt, str) and alt.strip():
        words = alt.split()
        said = (
            f"the word “{words[0]}” becomes"
            if len(words) == 1
            else f"the words “{alt.strip()}” become"
        )
        cost = f"{said} the image's alt text, gone from the sentence"
    else:
        cost = "the image lands inside the paragraph"
    return [Fix("Show the image: add `!`", edits, notes=(cost,))]


_ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _html_as_markdown(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    src = f.data.get("path")
    if not isinstance(src, str) or not src:
        return []
    m = _ALT_RE.search(analysis.source.text[f.start : f.end])
    alt = next((g for g in m.groups() if g is not None), "") if m else ""
    alt = re.sub(r"[\[\]\n]", "", alt)
    markup = f"![{alt}]({markdown_path(src)})"
    if not markdown_image_shows(analysis.source.text, f.start, f.end):
        return []  # inside an HTML block: the rewrite would show as text
    return [Fix(f"Rewrite as `{markup}`", (Edit(f.start, f.end, markup),), preferred=True)]


IMAGE_AS_LINK = Code(
    "image-as-link",
    Severity.WARNING,
    "Image written as a plain link",
    "`[name](figures/x.png)` links to an image without showing it; `report.py` does not count "
    "it. Add `!` in front. *Fix all* adds it only where the link stands alone in its paragraph "
    "(list or quote marker aside); inside a sentence the quick-fix says that the link's words "
    "would become the image's alt text, and is neither preferred nor in *Fix all*.",
    fix=_add_bang,
    fix_all=True,
    hides_image=True,
)
IMAGE_HTML = Code(
    "image-html",
    Severity.WARNING,
    "Image written as HTML <img>",
    "An HTML `<img>` tag in an answer that has fewer images than its question needs: the hand-in "
    "and GitHub show it, but `report.py` counts only `![alt](path)`. Where Markdown is read (not "
    'inside an HTML block such as `<p align="center">`), the quick-fix rewrites it. Elsewhere '
    "an `<img>` costs nothing and is not reported.",
    fix=_html_as_markdown,
)
IMAGE_REFERENCE = Code(
    "image-reference",
    Severity.WARNING,
    "Reference-style image",
    "A reference-style image `![alt][ref]` in an answer that has fewer images than its question "
    "needs: it shows, but `report.py` does not count it. Elsewhere it costs nothing and is not "
    "reported.",
)
_MESSAGES = {
    "link": (
        IMAGE_AS_LINK,
        "a link to an image: not shown, not counted. Add `!` in front.",
    ),
}
# Shown but not counted: these matter only while the question is short of images.
_UNCOUNTED = {
    "html": (IMAGE_HTML, "an HTML <img>"),
    "reference": (IMAGE_REFERENCE, "a reference-style image"),
}


def check_image_syntax(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find images as plain links, and uncounted images where the count falls short."""
    n = q.number
    if answer is None:
        return
    need = answer.constraint.images
    short = need is not None and answer.images < need.low
    for im, shown in zip(q.images, showing(q), strict=True):
        if shown.handin != "rendered":
            continue  # not an image or a link in the hand-in at all: image-in-code says so
        data = {"kind": im.kind, "alt": im.alt, "path": im.path}
        if im.kind in _MESSAGES:
            code, message = _MESSAGES[im.kind]
            yield code(f"Q{n}: {message}", im.span.start, im.span.end, n, data)
        elif im.kind in _UNCOUNTED and short and need is not None:
            code, what = _UNCOUNTED[im.kind]
            yield code(
                f"Q{n}: {what} shows, but report.py counts only `![alt](path)`: "
                f"Q{n} has {count_of(answer.images, 'counted image')}, needs {need}.",
                im.span.start, im.span.end, n, data,
            )  # fmt: skip


CHECK = Check(
    None,
    (IMAGE_AS_LINK, IMAGE_HTML, IMAGE_REFERENCE),
    per_question=check_image_syntax,
    scope=Scope.ANSWER,
)
