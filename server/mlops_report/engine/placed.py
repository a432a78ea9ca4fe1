"""Per-question findings, kept relative to their question, so that an edit redoes one question.

A keystroke changes one question's block; every other question keeps its text and only moves.
Its findings are kept with its parse (`Question.memo`) under what they were computed from (the
check's `Scope`), with offsets relative to its heading, and reused as the very same tuple: the
language server then also reuses their encoded diagnostics. `Analysis.findings` puts them in place
when something asks for all of them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from .codes import Check, Scope
from .findings import Finding

if TYPE_CHECKING:
    from .analysis import Analysis, Answer
    from .filesystem import FileSystem
    from .model import Question


class Placed(NamedTuple):
    """One question's findings of one scope: offsets relative to `base`, its heading's start."""

    base: int
    findings: tuple[Finding, ...]


def moved(f: Finding, by: int) -> Finding:
    """Return `f` with its offsets moved by `by`."""
    return Finding(f.code, f.severity, f.message, f.start + by, f.end + by, f.question, f.data)


def place(analysis: Analysis, checks: Iterable[Check], fs: FileSystem) -> list[Placed]:
    """Return the findings of the checks' `per_question` parts, question by question."""
    by_scope: dict[Scope, list[Check]] = {}
    for check in checks:
        if check.per_question is not None:
            by_scope.setdefault(check.scope, []).append(check)
    if not by_scope:
        return []
    scoped = {scope: tuple(group) for scope, group in by_scope.items()}
    stops = analysis.result.error is not None
    folder = None if analysis.base_dir is None else str(analysis.base_dir)
    stamp = fs.stamp() if Scope.FILES in scoped else None
    out: list[Placed] = []
    seen: set[int] = set()
    for q in analysis.model.questions:
        base = q.heading.start
        if base in seen:
            continue
        seen.add(base)
        answer = analysis.answers.get(q.number)
        if answer is not None and answer.question is not q:
            answer = None  # a duplicated heading's second copy: the answer is the first's
        for scope, group in scoped.items():
            key: Hashable
            if scope is Scope.BLOCK:
                key = (q.number, group)
            elif answer is None:
                continue
            elif scope is Scope.ANSWER:
                key = (group, _answer_key(analysis, answer, base), stops)
            else:
                key = (q.number, group, folder, stamp)
            found = _found(analysis, q, answer, fs, scope, key, group)
            if found:
                out.append(Placed(base, found))
    return out


def _answer_key(analysis: Analysis, a: Answer, base: int) -> Hashable:
    """Everything of an answer an ANSWER check may read, with offsets relative to `base`."""
    return (
        a.question.number,
        analysis.edition.name,
        a.body,
        a.start - base,
        a.end - base,
        a.checked_as,
        a.constraint,
        a.failed,
        a.extracted is None,
        tuple((s.owner, s.start - base, _answer_key(analysis, s.answer, base)) for s in a.strays),
        None if a.part is None else (a.part[0] - base, a.part[1] - base),
    )


def _found(
    analysis: Analysis,
    q: Question,
    answer: Answer | None,
    fs: FileSystem,
    scope: Scope,
    key: Hashable,
    group: tuple[Check, ...],
) -> tuple[Finding, ...]:
    """Return the group's findings for `q` (relative), from its memo when `key` is the same."""
    hit = q.memo.get(scope)
    if hit is not None and hit[0] == key:
        found: tuple[Finding, ...] = hit[1]
        return found
    base = q.heading.start
    found = tuple(
        moved(f, -base)
        for check in group
        if check.per_question is not None
        for f in check.per_question(analysis, q, answer, fs)
    )
    q.memo[scope] = (key, found)
    return found
