"""The report as its Markdown structure shows it: sections, questions, prompts, answers, images.

The document is first cut into segments at question headings, and segments into blocks at
`#`/`##` headings (a cheap line scan, so an unclosed code fence in one answer cannot swallow the
rest of the report); markdown-it-py then finds each block's code and HTML. Given the model of an
earlier version, only the segments an edit touched are cut and parsed again; block parses are
also cached by their text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import Literal, NamedTuple

from markdown_it import MarkdownIt

from .editions import Constraint, Limits
from .reportpy import CACHE_ENTRIES, IMAGE_RE, MARKER, PARAGRAPH_ENTRIES
from .text import SourceText, TextChange, find_all, line_starts

HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$", re.M)
QUESTION_TITLE_RE = re.compile(r"^question\s*(\d+)\b", re.I)
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)$", re.M)
# `---`, not `-{3}`: a literal start lets the scan jump between dashes (25 times faster).
PLACEHOLDER_RE = re.compile(r"---[^\n]*?\bfill\s+here\b[^\n]*?---", re.I)
PLACEHOLDER_NUMBER_RE = re.compile(r"question\s+(\d+)", re.I)
WORD_LIMIT_RE = re.compile(r"length\s*:\s*(\d+)\s*-\s*(\d+)\s*words", re.I)
IMAGE_LIMIT_RE = re.compile(
    r"(?:\b(\d+)\s*(?:-|to)\s*(\d+)|\b(one|a|1)\b)\s+(?:images?|screenshots?|figures?)\b", re.I
)
# A `[` not after `!`, `]` or `\`; the check follows the bracket so a scan can jump from one `[` to
# the next (a pattern that starts with a look-behind is tried at every character).
LINK_RE = re.compile(r"\[(?<![!\]\\]\[)([^\]\n]*)\]\(([^)\n]*)\)")
# The label runs to its last character that is not a space or tab: greedy, not `(.*?)` tried
# against the line's end at every character (four times faster).
CHECKLIST_RE = re.compile(
    r"^[ \t]*[*+-][ \t]+\[([^\]\n]*)\][ \t]*((?:[^\n]*[^ \t\n])?)[ \t]*$", re.M
)
MODULE_RE = re.compile(r"\((M\d+(?:\+M\d+)*)\)\s*$")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
HTML_SRC_RE = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
REF_IMAGE_RE = re.compile(r"!\[([^\]\n]*)\]\[([^\]\n]*)\]")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff")

ImageKind = Literal["markdown", "link", "html", "reference"]


class Span(NamedTuple):
    """Offsets `[start, end)` in the translated text.

    A named tuple: a keystroke moves hundreds of spans, and a tuple is built several times faster
    than a frozen dataclass.
    """

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image (or something meant as one) written in an answer.

    `kind` is how it is written: a Markdown image, a plain link to an image file, an HTML `<img>`,
    or a reference-style image. `counted` says whether `report.py`'s regex counts it;
    `rendered` whether Markdown shows it as an image (not inside code).
    """

    kind: ImageKind
    span: Span
    alt: str
    target: str
    target_span: Span
    in_code: bool

    @property
    def counted(self) -> bool:
        """Return whether `report.py` counts this as an image."""
        return self.kind == "markdown"

    @property
    def path(self) -> str:
        """Return the target without a title or angle brackets, as a file path would read."""
        return _target_path(self.target)


@lru_cache(maxsize=CACHE_ENTRIES)
def _target_path(target: str) -> str:
    t = target.strip()
    if t.startswith("<") and ">" in t:
        t = t[1 : t.index(">")]
    else:
        t = re.split(r"""\s+["'(]""", t, maxsplit=1)[0]
    return t.strip()


@dataclass(frozen=True, slots=True)
class PlaceholderRef:
    """An unfilled `--- question N fill here ---` placeholder (possibly edited)."""

    span: Span
    number: int | None
    text: str

    @property
    def edited(self) -> bool:
        """Return whether the student changed the placeholder's text."""
        return self.number is None or self.text != f"--- question {self.number} fill here ---"


@dataclass(frozen=True, slots=True)
class LinkRef:
    """A Markdown link `[text](target)` in an answer (links to images included)."""

    span: Span
    text: str
    target: str


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One `* [ ] ...` item of the preamble's project checklist.

    `mark` is what stands between the brackets, as written (`x`, `X`, ` `, or a student's own
    `ok`, `(x)`); `module` is the course module it names, e.g. `M5`.
    """

    span: Span
    mark: str
    label: str
    module: str | None
    section: str | None

    @property
    def checked(self) -> bool:
        """Return whether the item is ticked (any mark but blank counts)."""
        return bool(self.mark.strip())


@dataclass(frozen=True, slots=True)
class Question:
    """One `### Question N` block.

    `body` is the answer as a reader sees it: from after the prompt (or its `Answer:` line) to the
    next question or section heading, trailing blank lines excluded.
    """

    number: int
    heading: Span
    level: int
    title: str
    prompt: Span | None
    stated: Constraint
    markers: tuple[int, ...]
    body: Span
    images: tuple[ImageRef, ...]
    links: tuple[LinkRef, ...]
    placeholders: tuple[PlaceholderRef, ...]
    section: str | None
    end: int
    block: str = field(repr=False, compare=False)

    @property
    def code(self) -> tuple[Span, ...]:
        """Return the code regions in the answer (code and HTML blocks, inline code)."""
        by = self.heading.start
        return tuple(
            _shift(c, by) for c in _code_regions(self.block)[0] if c.end + by > self.body.start
        )


@dataclass(frozen=True, slots=True)
class Heading:
    """A `#`-`######` heading line outside the questions' own headings."""

    level: int
    title: str
    span: Span


@dataclass(frozen=True, slots=True)
class ReportModel:
    """The whole report: its headings and its questions in document order."""

    source: SourceText
    title: str | None
    sections: tuple[Heading, ...]
    questions: tuple[Question, ...]
    preamble_markers: tuple[int, ...]
    checklist: tuple[ChecklistItem, ...] = ()
    segments: tuple[_Segment, ...] = field(default=(), repr=False, compare=False)
    change: TextChange | None = field(default=None, repr=False, compare=False)
    """How the text differs from the model this one was built from (None: built from nothing)."""

    @property
    def is_report(self) -> bool:
        """Return whether this Markdown document is the exam report (from its own text)."""
        if len(self.questions) >= 5:
            return True
        title = (self.title or "").lower()
        return "02476" in title or "exam template" in title

    def question_at(self, offset: int) -> Question | None:
        """Return the question whose block holds `offset`."""
        for q in self.questions:
            if q.heading.start <= offset < q.end or (offset == q.end == len(self.source.text)):
                return q
        return None


# -- block parsing -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _BlockParse:
    """What one block's parse found, with offsets relative to the block's start."""

    prompt: Span | None
    stated: Constraint
    markers: tuple[int, ...]
    body: Span
    images: tuple[ImageRef, ...]
    links: tuple[LinkRef, ...]
    placeholders: tuple[PlaceholderRef, ...]


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    # Only block tokens are read (fences, code and HTML blocks): skipping inline parsing halves
    # the cost of a parse and finds the same blocks (the structure tests compare with a full one).
    return MarkdownIt("commonmark").enable("table").disable("inline")


def _stated_constraint(prompt: str) -> Constraint:
    words = None
    m = WORD_LIMIT_RE.search(prompt)
    if m:
        words = Limits(int(m.group(1)), int(m.group(2)))
    images = None
    for im in IMAGE_LIMIT_RE.finditer(prompt):
        images = Limits(int(im.group(1)), int(im.group(2))) if im.group(1) else Limits(1, 1)
        break
    return Constraint(words, images)


# What of a line can move a code or HTML block: markdown-it decides from how a line starts (inside
# its list items and quotes), from blankness and indentation, and for the end of an HTML block from
# the closers the line holds. Table rows are told by `|`.
_WHOLE_LINE = re.compile(r"[ \t]*[`~<\[|:]")  # fences, HTML starts, link definitions, tables
_RULE_LINE = re.compile(r"[ \t]*([*_=+-])(?:[ \t]*\1)*[ \t]*$")  # thematic breaks, underlines
_CONTAINER = re.compile(r"[ \t]*(?:>[ \t]*|(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$))")  # quote, list
_ATX_MARKER = re.compile(r"[ \t]*#{1,6}(?:[ \t]|$)")
_HTML_ENDS = ("-->", "?>", "]]>", "</script>", "</pre>", "</style>", "</textarea>")


@lru_cache(maxsize=8 * 1024)
def _line_shape(line: str) -> object:
    """Return what of `line` can change where code and HTML blocks are.

    A line that may open a block or a table counts whole; a quote or list item counts by its
    marker and the shape of what follows; a heading by its marker; a line of text by its
    indentation. A line holding `>` also counts by which HTML block ends it holds.
    """
    shape = _start_shape(line)
    if ">" not in line:
        return shape
    low = line.lower() if "</" in line else line
    return ("ends", shape, tuple(e for e in _HTML_ENDS if e in low))


def _start_shape(line: str) -> object:
    stripped = line.lstrip(" \t")
    if not stripped:
        return None
    if "|" in line or _WHOLE_LINE.match(line) or _RULE_LINE.match(line):
        return line
    m = _CONTAINER.match(line)
    if m:
        return ("in", line[: m.end()], _start_shape(line[m.end() :]))
    m = _ATX_MARKER.match(line)
    if m:
        return ("heading", line[: m.end()])
    return line[: len(line) - len(stripped)]


class _StructureCache:
    """Code and HTML block line ranges, keyed by the shape of a block's lines.

    Typing inside a sentence leaves every line's shape as it was, so the block's structure is
    reused without parsing again; the engine's tests compare this with a fresh parse.
    """

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self._size = size
        self._data: OrderedDict[tuple[object, ...], tuple[tuple[str, int, int], ...]] = (
            OrderedDict()
        )

    def blocks(self, block: str, lines: list[str]) -> tuple[tuple[str, int, int], ...]:
        """Return `(kind, first line, end line)` of each fence, code and HTML block."""
        key = tuple(map(_line_shape, lines))
        hit = self._data.get(key)
        if hit is not None:
            self._data.move_to_end(key)
            return hit
        found = tuple(
            (tok.type, tok.map[0], tok.map[1])
            for tok in _markdown().parse(block)
            if tok.type in ("fence", "code_block", "html_block") and tok.map
        )
        self._data[key] = found
        if len(self._data) > self._size:
            self._data.popitem(last=False)
        return found


_STRUCTURE = _StructureCache()


@lru_cache(maxsize=CACHE_ENTRIES)
def _code_regions(block: str) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Return where Markdown is not rendered in `block`, and where code is (block-relative).

    The first holds code blocks, HTML blocks and inline code (Markdown inside shows as text);
    the second leaves HTML blocks out, since an `<img>` there does render. Block structure comes
    from markdown-it, parsed only when the shape of the block's lines is new.
    """
    starts = line_starts(block)
    code: list[Span] = []
    html: list[Span] = []
    for kind, a, b in _STRUCTURE.blocks(block, block.split("\n")):
        end = starts[b] if b < len(starts) else len(block)
        (html if kind == "html_block" else code).append(Span(starts[a], end))
    code.extend(_inline_code(block))
    return (*code, *html), tuple(code)


def _inline_code(block: str) -> list[Span]:
    """Return where `block`'s inline code spans are, as `CODE_SPAN_RE` finds them."""
    # A match never holds a line break, so each paragraph's are found (and cached) on their own.
    found: list[Span] = []
    at = 0
    for paragraph in block.split("\n\n"):
        found.extend(Span(at + a, at + b) for a, b in _code_spans(paragraph))
        at += len(paragraph) + 2
    return found


@lru_cache(maxsize=PARAGRAPH_ENTRIES)
def _code_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    """Return where the inline code spans of a paragraph are."""
    return tuple(m.span() for m in CODE_SPAN_RE.finditer(paragraph))


class _Cover:
    """Whether some span of a set holds `[start, end)`, found by bisection."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: tuple[Span, ...]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in ordered]
        self._reach = list(accumulate((s.end for s in ordered), max))

    def holds(self, start: int, end: int) -> bool:
        """Return whether a span holds `[start, end)`."""
        # Of the spans starting at or before `start`, the farthest-reaching holds it if any does.
        i = bisect_right(self._starts, start)
        return i > 0 and self._reach[i - 1] >= end


def _parse_block(block: str, heading_end: int) -> _BlockParse:
    """Parse one question block (text from its heading to the next block)."""
    starts = line_starts(block)
    # The prompt: the run of `>` lines after the heading, blank lines before it allowed.
    line = 0
    while line < len(starts) and starts[line] < heading_end:
        line += 1
    first = line
    while (
        first < len(starts) and block[starts[first] : _line_end(block, starts, first)].strip() == ""
    ):
        first += 1
    last = first
    while last < len(starts) and block[starts[last] : _line_end(block, starts, last)].lstrip(
        " "
    ).startswith(">"):
        last += 1
    prompt = Span(starts[first], _line_end(block, starts, last - 1)) if last > first else None
    stated = _stated_constraint(block[prompt.start : prompt.end]) if prompt else Constraint()

    markers = find_all(block, MARKER)

    if prompt and any(prompt.start <= m < prompt.end for m in markers):
        first_marker = next(m for m in markers if prompt.start <= m < prompt.end)
        body_start = _line_end(block, starts, bisect_right(starts, first_marker) - 1)
    elif prompt:
        body_start = prompt.end
    else:
        body_start = heading_end
    while body_start < len(block) and block[body_start] in " \t\n":
        body_start += 1
    body_end = len(block)
    while body_end > body_start and block[body_end - 1] in " \t\n":
        body_end -= 1
    body = Span(body_start, max(body_start, body_end))

    covers: dict[bool, _Cover] = {}

    def rendered_as_text(start: int, end: int, *, html_renders: bool = False) -> bool:
        # Parsing is needed only when the answer has something image-like to place.
        cover = covers.get(html_renders)
        if cover is None:
            cover = covers[html_renders] = _Cover(_code_regions(block)[1 if html_renders else 0])
        return cover.holds(start, end)

    seg = block[body.start : body.end]
    base = body.start

    def absolute(m: re.Match[str], group: int = 0) -> Span:
        return Span(base + m.start(group), base + m.end(group))

    images: list[ImageRef] = []
    for m in IMAGE_RE.finditer(seg):
        markup = m.group(0)
        close = markup.index("](")
        alt = markup[2:close]
        target_start = base + m.start() + close + 2
        target_end = base + m.end() - 1
        images.append(
            ImageRef(
                "markdown",
                absolute(m),
                alt,
                block[target_start:target_end],
                Span(target_start, target_end),
                rendered_as_text(base + m.start(), base + m.end()),
            )
        )
    taken = [img.span for img in images]
    links: list[LinkRef] = []
    for m in LINK_RE.finditer(seg):
        if not m.group(1).startswith("!["):
            links.append(LinkRef(absolute(m), m.group(1), m.group(2)))
        target = m.group(2).strip().split(" ")[0].split("?")[0].lower()
        if not target.endswith(IMAGE_EXTENSIONS) or m.group(1).startswith("!["):
            continue
        span = absolute(m)
        if any(t.start <= span.start < t.end for t in taken):
            continue
        images.append(
            ImageRef(
                "link",
                span,
                m.group(1),
                m.group(2),
                absolute(m, 2),
                rendered_as_text(span.start, span.end),
            )
        )
    for m in HTML_IMG_RE.finditer(seg):
        src = HTML_SRC_RE.search(m.group(0))
        tag = absolute(m)
        target, tspan = "", tag
        if src:
            g = next(k for k in (1, 2, 3) if src.group(k) is not None)
            target = src.group(g)
            tspan = Span(base + m.start() + src.start(g), base + m.start() + src.end(g))
        images.append(
            # An <img> in an HTML block renders; only real code shows it as text.
            ImageRef(
                "html",
                tag,
                "",
                target,
                tspan,
                rendered_as_text(tag.start, tag.end, html_renders=True),
            )
        )
    for m in REF_IMAGE_RE.finditer(seg):
        span = absolute(m)
        images.append(
            ImageRef(
                "reference",
                span,
                m.group(1),
                m.group(2),
                absolute(m, 2),
                rendered_as_text(span.start, span.end),
            )
        )
    images.sort(key=lambda im: im.span.start)

    placeholders = []
    for m in PLACEHOLDER_RE.finditer(seg):
        num = PLACEHOLDER_NUMBER_RE.search(m.group(0))
        placeholders.append(
            PlaceholderRef(absolute(m), int(num.group(1)) if num else None, m.group(0))
        )
    return _BlockParse(
        prompt,
        stated,
        tuple(markers),
        body,
        tuple(images),
        tuple(links),
        tuple(placeholders),
    )


def _line_end(text: str, starts: list[int], line: int) -> int:
    if line + 1 < len(starts):
        return starts[line + 1] - 1
    return len(text)


class _BlockCache:
    """A small LRU of block parses, keyed by the block's text and where its heading ends."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self._size = size
        self._data: OrderedDict[tuple[str, int], _BlockParse] = OrderedDict()

    def get(self, block: str, heading_end: int) -> _BlockParse:
        key = (block, heading_end)
        hit = self._data.get(key)
        if hit is not None:
            self._data.move_to_end(key)
            return hit
        parsed = _parse_block(block, heading_end)
        self._data[key] = parsed
        if len(self._data) > self._size:
            self._data.popitem(last=False)
        return parsed


_CACHE = _BlockCache()


def clear_cache() -> None:
    """Forget every cached block parse and block structure (for cold measurements and tests)."""
    global _CACHE, _STRUCTURE
    _CACHE = _BlockCache()
    _STRUCTURE = _StructureCache()
    _line_shape.cache_clear()
    _code_spans.cache_clear()


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


def _shift_image(im: ImageRef, by: int) -> ImageRef:
    return ImageRef(
        im.kind, _shift(im.span, by), im.alt, im.target, _shift(im.target_span, by), im.in_code
    )


def _outside_fences(
    text: str, headings: list[tuple[int, str, Span]]
) -> list[tuple[int, str, Span]]:
    """Drop `#` lines inside fenced code (a shell comment is no heading), question headings kept.

    A fence still open at the next question heading ends there, so an unclosed fence in one
    answer cannot swallow the rest of the report.
    """
    events: list[tuple[int, re.Match[str] | None]] = [
        (m.start(), m) for mark in "`~" for m in _line_matches(text, mark, FENCE_RE)
    ]
    events += [(span.start, None) for _, t, span in headings if QUESTION_TITLE_RE.match(t)]
    events.sort(key=lambda e: e[0])
    fenced: list[Span] = []
    opened: tuple[str, int] | None = None
    opened_at = 0
    for at, m in events:
        if m is None:
            if opened is not None:
                fenced.append(Span(opened_at, at))
                opened = None
            continue
        fence, info = m.group(1), m.group(2)
        if opened is None:
            if not (fence[0] == "`" and "`" in info):
                opened, opened_at = (fence[0], len(fence)), at
        elif fence[0] == opened[0] and len(fence) >= opened[1] and not info.strip():
            fenced.append(Span(opened_at, m.end()))
            opened = None
    if opened is not None:
        fenced.append(Span(opened_at, len(text)))
    if not fenced:
        return headings
    starts = [f.start for f in fenced]  # sorted and disjoint

    def in_fence(at: int) -> bool:
        k = bisect_left(starts, at) - 1
        return k >= 0 and fenced[k].start < at < fenced[k].end

    return [h for h in headings if QUESTION_TITLE_RE.match(h[1]) or not in_fence(h[2].start)]


def _line_matches(
    text: str, mark: str, pattern: re.Pattern[str], lo: int = 0, hi: int | None = None
) -> list[re.Match[str]]:
    """Match `pattern` at each line start in `[lo, hi)` whose first non-space character is `mark`.

    Jumping between `mark`s with `str.find` (a memchr) skips the text a whole-text regex scan
    would walk; measured faster than both that and searching for a line break plus `mark`.
    """
    out: list[re.Match[str]] = []
    find = text.find
    stop = len(text) if hi is None else hi
    i = find(mark, lo, stop)
    while i != -1:
        line_start = text.rfind("\n", 0, i) + 1
        if (
            line_start >= lo
            and i - line_start <= 3
            and text.count(" ", line_start, i) == i - line_start
        ):
            m = pattern.match(text, line_start)
            if m is not None:
                out.append(m)
        nl = find("\n", i, stop)
        if nl == -1:
            break
        i = find(mark, nl, stop)
    return out


def _heading(m: re.Match[str]) -> tuple[int, str, Span]:
    return len(m.group(1)), (m.group(2) or "").strip(), Span(m.start(), m.end())


def _question_starts(text: str, lo: int, hi: int) -> list[int]:
    """Return where the question heading lines in `[lo, hi)` start: each one opens a segment."""
    return [
        m.start()
        for m in _line_matches(text, "#", HEADING_RE, lo, hi)
        if QUESTION_TITLE_RE.match(_heading(m)[1])
    ]


# -- segments ------------------------------------------------------------------------------------
#
# A question heading ends every block and every fence before it, whatever surrounds it, and is
# recognised from its own line alone. So the text falls into independent segments: the preamble,
# then one per question heading up to the next. Everything the model finds inside a segment
# depends on that segment's text only; an edit re-parses the segments it touched and reuses the
# others, shifted.


@dataclass(frozen=True, slots=True)
class _Cut:
    """A block boundary inside a segment: a question heading or a `#`/`##` heading.

    Offsets are relative to the segment; `parse` (question blocks only) to the block's start.
    """

    level: int
    title: str
    heading: Span
    number: int | None
    end: int
    block: str
    parse: _BlockParse | None


@dataclass(frozen=True, slots=True)
class _SegmentParse:
    """What one segment holds, with offsets relative to its start."""

    title: str | None
    cuts: tuple[_Cut, ...]
    checklist: tuple[ChecklistItem, ...]
    markers: tuple[int, ...]


def _parse_segment(text: str, preamble: bool) -> _SegmentParse:
    headings = _outside_fences(text, [_heading(m) for m in _line_matches(text, "#", HEADING_RE)])
    title = next((t for lvl, t, _ in headings if lvl == 1), None)
    marks: list[tuple[int, str, Span, int | None]] = []
    for level, t, span in headings:
        qm = QUESTION_TITLE_RE.match(t)
        if qm:
            marks.append((level, t, span, int(qm.group(1))))
        elif level <= 2:
            marks.append((level, t, span, None))
    cuts = []
    for k, (level, t, span, number) in enumerate(marks):
        end = marks[k + 1][2].start if k + 1 < len(marks) else len(text)
        block = text[span.start : end] if number is not None else ""
        parse = _CACHE.get(block, span.end - span.start) if number is not None else None
        cuts.append(_Cut(level, t, span, number, end, block, parse))
    if not preamble:
        return _SegmentParse(title, tuple(cuts), (), ())
    return _SegmentParse(
        title, tuple(cuts), _checklist(text, len(text), headings), tuple(find_all(text, MARKER))
    )


class _Segment:
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
        return self.start + len(self.text)

    def moved(self, start: int) -> _Segment:
        """Return this segment at another offset (its parse reused)."""
        if start == self.start:
            return self
        return _Segment(start, self.text, self.opens_question, self.parse)

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


def _question(cut: _Cut, parsed: _BlockParse, base: int, section: str | None) -> Question:
    by = base + cut.heading.start
    assert cut.number is not None
    return Question(
        number=cut.number,
        heading=_shift(cut.heading, base),
        level=cut.level,
        title=cut.title,
        prompt=_shift(parsed.prompt, by) if parsed.prompt else None,
        stated=parsed.stated,
        markers=tuple(m + by for m in parsed.markers),
        body=_shift(parsed.body, by),
        images=tuple(_shift_image(im, by) for im in parsed.images),
        links=tuple(LinkRef(_shift(k.span, by), k.text, k.target) for k in parsed.links),
        placeholders=tuple(
            PlaceholderRef(_shift(p.span, by), p.number, p.text) for p in parsed.placeholders
        ),
        section=section,
        end=base + cut.end,
        block=cut.block,
    )


_EMPTY = (_Segment(0, "", False, _SegmentParse(None, (), (), ())),)
"""The segments of an empty document: one empty preamble."""


def _split(text: str, lo: int, hi: int) -> list[_Segment]:
    """Cut `[lo, hi)` into new segments (`lo` is 0 or a question heading line)."""
    starts = _question_starts(text, lo, hi)
    bounds = [lo, *(s for s in starts if s != lo), hi]
    opened = set(starts)
    out = []
    for a, b in pairwise(bounds):
        if a < b:
            body = text[a:b]
            out.append(_Segment(a, body, a in opened, _parse_segment(body, a not in opened)))
    return out


def _opens_question(text: str, at: int) -> bool:
    """Return whether a question heading line starts at `at`."""
    if at > 0 and text[at - 1] != "\n":
        return False
    stop = text.find("\n", at)
    return bool(_question_starts(text, at, len(text) if stop == -1 else stop + 1))


def _segments(
    text: str, previous: tuple[_Segment, ...]
) -> tuple[tuple[_Segment, ...], TextChange | None]:
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


def _checklist(
    text: str, end: int, headings: list[tuple[int, str, Span]]
) -> tuple[ChecklistItem, ...]:
    """Return the preamble's checklist items, each with the heading it stands under."""
    items = []
    starts = [span.start for _, _, span in headings]  # in document order
    for m in CHECKLIST_RE.finditer(text, 0, end):
        k = bisect_left(starts, m.start())
        module = MODULE_RE.search(m.group(2))
        items.append(
            ChecklistItem(
                Span(m.start(), m.end()),
                m.group(1),
                m.group(2),
                module.group(1) if module else None,
                headings[k - 1][1] if k else None,
            )
        )
    return tuple(items)
