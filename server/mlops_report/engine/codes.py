"""Declarations: a finding code (everything the product derives about it) and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .analysis import Analysis
    from .filesystem import FileSystem
    from .fixes import Fix, FixContext

FixMaker = Callable[["Analysis", Finding, "FixContext"], "list[Fix]"]
"""Return the fixes of one finding (empty when this one cannot be mended mechanically)."""


@dataclass(frozen=True, slots=True)
class Code:
    """One finding code: its name, default severity, title, explanation and fix.

    `explanation` is Markdown for the documentation; `fix_all` says whether its fixes may join
    *Fix all* (each fix still says whether it keeps every word: `Fix.safe`); `server_only` codes are
    produced by the language server, not by a check of the engine.
    """

    name: str
    severity: Severity
    title: str
    explanation: str
    fix: FixMaker | None = None
    fix_all: bool = False
    server_only: bool = False

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


@dataclass(frozen=True, slots=True)
class Check:
    """One check: the function that finds its findings, and the codes it may report."""

    find: Callable[[Analysis, FileSystem], Iterable[Finding]]
    codes: tuple[Code, ...]
