"""Declarations: a finding code (everything the product derives about it) and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .analysis import Analysis, Answer
    from .filesystem import FileSystem
    from .fixes import Fix, FixContext
    from .model import Question

FixMaker = Callable[["Analysis", Finding, "FixContext"], "list[Fix]"]
"""Return the fixes of one finding (empty when this one cannot be mended mechanically)."""


class Code(NamedTuple):
    """One finding code: its name, default severity, title, explanation and fix.

    `explanation` is Markdown for the documentation; `fix_all` says whether its fixes may join
    *Fix all* (each fix still says whether it keeps every word: `Fix.safe`); `server_only` codes are
    produced by the language server, not by a check of the engine; `hides_image` says that the
    image a finding is about will not show on the hand-in page (staff's `broken_images`);
    `stops_report_py` that `report.py check` stops on it and judges no question at all.
    """

    name: str
    severity: Severity
    title: str
    explanation: str
    fix: FixMaker | None = None
    fix_all: bool = False
    server_only: bool = False
    hides_image: bool = False
    stops_report_py: bool = False

    def __call__(
        self,
        message: str,
        start: int,
        end: int,
        question: int | None = None,
        data: dict[str, Any] | None = None,
        *,
        severity: Severity | None = None,
    ) -> Finding:
        """Return a finding of this code (its default severity unless one is given)."""
        return Finding(
            self.name, severity or self.severity, message, start, end, question, data or {}
        )


class Scope(Enum):
    """What a check's per-question findings depend on, besides the question's own block.

    The pipeline keeps them per question under exactly that, relative to the question's heading,
    so an edit runs the check again only for the question whose inputs it changed.
    """

    BLOCK = "block"
    """The block alone (its text and number)."""
    ANSWER = "answer"
    """Also the question's answer as `report.py` takes it (and whether `report.py` stops)."""
    FILES = "files"
    """The block and the files beside the report (kept as long as the file lookups are)."""


PerQuestion = Callable[["Analysis", "Question", "Answer | None", "FileSystem"], Iterable[Finding]]
"""Return one question's findings (document offsets). The answer is None for a question without
one of its own (a duplicated heading's second copy); ANSWER and FILES checks are not asked then."""


@dataclass(frozen=True, slots=True)
class Check:
    """One check: the functions that find its findings, and the codes it may report.

    `find` looks at the whole document; `per_question` at one question at a time, reading nothing
    but what its `scope` names (the tests compare every incremental analysis with a cold one).
    """

    find: Callable[[Analysis, FileSystem], Iterable[Finding]] | None
    codes: tuple[Code, ...]
    per_question: PerQuestion | None = None
    scope: Scope = Scope.ANSWER
