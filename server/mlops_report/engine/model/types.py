"""The report model's types: spans, images, placeholders, the checklist, questions, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..editions import Constraint
from ..text import SourceText, TextChange

if TYPE_CHECKING:
    from .segments import Segment

ImageKind = Literal["markdown", "link", "html", "reference"]


class Span(NamedTuple):
    """Offsets `[start, end)` in the translated text.

    A named tuple: a keystroke moves hundreds of spans, and a tuple is built several times faster
    than a frozen dataclass.
    """

    start: int
    end: int


class ImageRef(NamedTuple):
    """An image (or something meant as one) written in an answer.

    `kind` is how it is written: a Markdown image, a plain link to an image file, an HTML `<img>`,
    or a reference-style image. `counted` says whether `report.py`'s regex counts it;
    `in_code` whether GitHub's structure (CommonMark) puts it inside code or an HTML block, where
    its markup shows as text. The hand-in may show it otherwise: `handin.images.showing` says
    how each renderer does.

    `target` is what names the image as written, at `target_span`: a link's destination (`<...>`
    included, no title), an `<img>`'s `src`, a reference's label. `path` is the URL it names as
    GitHub and VS Code read it: backslash escapes and entities resolved (percent-escapes kept for
    the file lookup). `commonmark` is False when they read no image there (`![a](my shot.png)`:
    `report.py` counts it, only the hand-in may show it); `path` is then the text up to a title,
    as written.
    """

    kind: ImageKind
    span: Span
    alt: str
    target: str
    target_span: Span
    in_code: bool
    path: str
    commonmark: bool = True

    def moved(self, by: int) -> ImageRef:
        """Return this image `by` characters later in the text."""
        return ImageRef(
            self.kind,
            Span(self.span.start + by, self.span.end + by),
            self.alt,
            self.target,
            Span(self.target_span.start + by, self.target_span.end + by),
            self.in_code,
            self.path,
            self.commonmark,
        )

    @property
    def counted(self) -> bool:
        """Return whether `report.py` counts this as an image."""
        return self.kind == "markdown"


class PlaceholderRef(NamedTuple):
    """An unfilled `--- question N fill here ---` placeholder (possibly edited)."""

    span: Span
    number: int | None
    text: str

    @property
    def edited(self) -> bool:
        """Return whether the student changed the placeholder's text."""
        return self.number is None or self.text != f"--- question {self.number} fill here ---"


class ChecklistItem(NamedTuple):
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
    next question or section heading, trailing blank lines excluded. Its images and placeholders
    are kept relative to the block (which starts at its heading) and put in place when first
    asked for: a keystroke moves every question after it, and most are never asked.
    """

    number: int
    heading: Span
    level: int
    title: str
    bent: bool
    """The heading is taken as this question's though not written as the template's (`### Q5`)."""
    prompt: Span | None
    stated: Constraint
    markers: tuple[int, ...]
    body: Span
    section: str | None
    end: int
    relative_images: tuple[ImageRef, ...]
    relative_placeholders: tuple[PlaceholderRef, ...]
    block: str = field(repr=False, compare=False)
    """`text[heading.start:end]`, the same string object while an edit leaves the block alone:
    caches keyed by it find it by identity."""
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """Results about this block's text (relative to its heading), kept by the pipeline: shared
    by every Question built from the same parse, so they live exactly as long as it does."""
    _images: tuple[ImageRef, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _placeholders: tuple[PlaceholderRef, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def images(self) -> tuple[ImageRef, ...]:
        """Return the images written in the block, in place."""
        if self._images is None:
            by = self.heading.start
            placed = tuple(im.moved(by) for im in self.relative_images)
            object.__setattr__(self, "_images", placed)
            return placed
        return self._images

    @property
    def placeholders(self) -> tuple[PlaceholderRef, ...]:
        """Return the block's unfilled placeholders, in place."""
        if self._placeholders is None:
            by = self.heading.start
            placed = tuple(
                PlaceholderRef(Span(p.span.start + by, p.span.end + by), p.number, p.text)
                for p in self.relative_placeholders
            )
            object.__setattr__(self, "_placeholders", placed)
            return placed
        return self._placeholders


class Heading(NamedTuple):
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
    segments: tuple[Segment, ...] = field(default=(), repr=False, compare=False)
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
