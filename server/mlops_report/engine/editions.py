"""The editions of the course's `report.py check`: their constraint tables and behaviours.

Figures from the course's published `report.py` files (see the project README, "Editions").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Family = Literal["A", "B"]

WORDS = "words"
SCREENSHOTS = "screenshots"
"""The constraint kinds, as report.py names them in its warnings."""


class Limits(NamedTuple):
    """An inclusive range `low <= count <= high`."""

    low: int
    high: int

    def holds(self, count: int) -> bool:
        """Return whether `count` lies within the limits."""
        return self.low <= count <= self.high

    def __str__(self) -> str:
        """Render as `low-high`, or one number when both are the same."""
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


class Constraint(NamedTuple):
    """What one question must satisfy: a word range, an image range, both or neither."""

    words: Limits | None = None
    images: Limits | None = None

    def failures(self, words: int, images: int) -> tuple[str, ...]:
        """Return what fails, in report.py's order and words: `words`, then `screenshots`."""
        failed = []
        if self.words and not self.words.holds(words):
            failed.append(WORDS)
        if self.images and not self.images.holds(images):
            failed.append(SCREENSHOTS)
        return tuple(failed)

    def describe(self) -> str:
        """Render as e.g. `200-300 words, 1-3 images`, or `no limits`."""
        parts = []
        if self.words:
            parts.append(f"{self.words} words")
        if self.images:
            noun = "image" if self.images.high == 1 else "images"
            parts.append(f"{self.images} {noun}")
        return ", ".join(parts) or "no limits"


@dataclass(frozen=True, slots=True)
class Edition:
    """One behaviour of `report.py check`.

    - `family` A (click scripts) drops the first 43 characters and discards the first collected
      answer; family B (typer) keeps all text and pops the piece before the first `Answer:`.
    - `label_start` is the number `report.py` prints for the first answer: 0 in A0, whose
      warnings therefore name the question before the one that failed.
    - `since` is the date of the edition's first published template (empty when not a course
      edition, e.g. a `report.py` read from the disk).
    """

    name: str
    family: Family
    constraints: tuple[Constraint, ...]
    label_start: int = 1
    source: str = "built-in"
    dropped_prefix: int = field(default=-1)
    since: str = ""

    def __post_init__(self) -> None:
        """Default the dropped prefix from the family."""
        if self.dropped_prefix < 0:
            object.__setattr__(self, "dropped_prefix", 43 if self.family == "A" else 0)

    @property
    def questions(self) -> int:
        """Return the number of answers `report.py` expects."""
        return len(self.constraints)

    @property
    def count_error(self) -> str:
        """Return the exact ValueError `report.py` raises on a wrong answer count."""
        hint = (
            "Have you filled out every field?"
            if self.family == "A"
            else "Have you changed the template?"
        )
        return (
            f"ValueError: Number of answers are different from the expected {self.questions}. "
            + hint
        )

    def constraint(self, question: int) -> Constraint:
        """Return the constraint of 1-based `question` (none past the table)."""
        if 1 <= question <= len(self.constraints):
            return self.constraints[question - 1]
        return Constraint()


def _w(low: int, high: int) -> Constraint:
    return Constraint(words=Limits(low, high))


def _i(low: int, high: int) -> Constraint:
    return Constraint(images=Limits(low, high))


def _wi(low: int, high: int, ilow: int, ihigh: int) -> Constraint:
    return Constraint(words=Limits(low, high), images=Limits(ilow, ihigh))


_NONE = Constraint()

_A1 = (
    _NONE, _NONE, _w(100, 200), _w(100, 200), _w(100, 200), _w(50, 100), _w(50, 100),
    _w(100, 200), _w(100, 200), _w(100, 200), _w(200, 300), _w(50, 100), _w(100, 200),
    _wi(200, 300, 1, 3), _w(100, 200), _w(100, 200), _w(50, 200), _w(100, 200), _i(1, 2),
    _i(1, 1), _i(1, 1), _w(100, 200), _w(100, 200), _w(25, 100), _wi(200, 400, 1, 1),
    _w(200, 400), _w(50, 200),
)  # fmt: skip
_A0 = (*_A1[:6], _NONE, *_A1[7:17], _w(50, 100), *_A1[18:])
_B1 = (
    _NONE, _NONE, _w(100, 200), _w(100, 200), _w(100, 200), _w(100, 200), _w(50, 100),
    _w(100, 200), _w(100, 200), _w(100, 200), _w(200, 300), _w(50, 100), _w(100, 200),
    _wi(200, 300, 1, 3), _w(100, 200), _w(100, 200), _w(50, 200), _w(100, 200), _i(1, 2),
    _i(1, 2), _i(1, 2), _w(100, 200), _w(100, 200), _w(100, 200), _w(100, 200), _w(100, 200),
    _w(100, 200), _w(0, 200), _wi(200, 400, 1, 1), _w(200, 400), _w(50, 200),
)  # fmt: skip
_B2 = (*_B1[:30], _w(50, 300))
_B3 = (*_B2[:2], _w(0, 200), *_B2[3:])

EDITIONS: dict[str, Edition] = {
    "A0": Edition("A0", "A", _A0, label_start=0, since="2022-12-29"),
    "A1": Edition("A1", "A", _A1, since="2023-01-06"),
    "B1": Edition("B1", "B", _B1, since="2024-12-22"),
    "B2": Edition("B2", "B", _B2, since="2025-01-08"),
    "B3": Edition("B3", "B", _B3, since="2026-01-09"),
}
"""Every known edition by name, oldest first."""


class Course(NamedTuple):
    """One year's run of the course: the editions of its templates, oldest first.

    The course changes limits mid-course, so one year's groups may hold either template. `marker`
    is a phrase only this year's templates have in their preamble, where an edition's template
    was also published in another year.
    """

    year: int
    editions: tuple[str, ...]
    marker: str | None = None

    @property
    def newest(self) -> Edition:
        """Return the edition of the year's newest template."""
        return EDITIONS[self.editions[-1]]


COURSES = (
    Course(2023, ("A0", "A1")),
    Course(2024, ("A1",)),
    Course(2025, ("B1", "B2")),
    Course(2026, ("B2", "B3"), marker="uv add typer markdown"),
)
"""The course's years and their templates' editions (the templates in ../shared, by date)."""


def course_of(edition: str, preamble: str) -> Course | None:
    """Return the year a template of `edition` with this preamble was handed out, if one can tell.

    A year whose marker the preamble holds wins; else the one year without a marker that used
    the edition (None when that is not exactly one).
    """
    years = [c for c in COURSES if edition in c.editions]
    marked = [c for c in years if c.marker is not None and c.marker in preamble]
    if marked:
        return marked[-1]
    plain = [c for c in years if c.marker is None]
    if len({c.newest.name for c in plain}) == 1:
        return plain[-1]
    return None


EDITION_NAMES: tuple[str, ...] = tuple(EDITIONS)
