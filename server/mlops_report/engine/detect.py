"""Which edition of `report.py` judges a document: from a `report.py` beside it, or its own text.

A `report.py` is read statically with `ast`: it is never imported or run.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .caches import on_clear
from .editions import EDITIONS, Constraint, Edition, Family, Limits
from .model import ReportModel


class Detection(NamedTuple):
    """The edition chosen and, in a sentence, why."""

    edition: Edition
    reason: str


class ReportPyUnreadable(ValueError):
    """A `report.py` whose constraint table could not be read statically."""


# -- reading a report.py -------------------------------------------------------------------------

_WORD_KEYS = (("min", "max"), ("min_length", "max_length"))
_IMAGE_KEYS = (("min", "max"), ("min_images", "max_images"), ("min_length", "max_length"))


def _callee(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _int_kw(call: ast.Call, names: tuple[tuple[str, str], ...]) -> Limits:
    kws = {k.arg: k.value for k in call.keywords if k.arg}
    for low, high in names:
        lo, hi = kws.get(low), kws.get(high)
        if (
            isinstance(lo, ast.Constant)
            and isinstance(hi, ast.Constant)
            and isinstance(lo.value, int)
            and isinstance(hi.value, int)
        ):
            return Limits(lo.value, hi.value)
    raise ReportPyUnreadable(f"line {call.lineno}: limits are not plain integers")


def _constraint(node: ast.expr) -> Constraint:
    """Read one table entry: A's `partial(...)`/`no_constraints` or B's pydantic objects."""
    if isinstance(node, ast.Name) and "no_constraint" in node.id.lower():
        return Constraint()
    if not isinstance(node, ast.Call):
        raise ReportPyUnreadable(f"line {node.lineno}: unexpected constraint entry")
    name = _callee(node.func)
    if name == "partial" and node.args:
        inner = _callee(node.args[0]).lower()
        call = ast.Call(func=node.args[0], args=[], keywords=node.keywords)
        ast.copy_location(call, node)
        kind = inner
    else:
        call, kind = node, name.lower()
    if "noconstraint" in kind.replace("_", ""):
        return Constraint()
    if "length" in kind:
        return Constraint(words=_int_kw(call, _WORD_KEYS))
    if "image" in kind:
        return Constraint(images=_int_kw(call, _IMAGE_KEYS))
    if "multi" in kind:
        parts = next(
            (k.value for k in call.keywords if k.arg in ("constrains", "constraints")), None
        )
        if not isinstance(parts, (ast.Tuple, ast.List)):
            raise ReportPyUnreadable(f"line {node.lineno}: unreadable multi-constraint")
        words = images = None
        for part in parts.elts:
            c = _constraint(part)
            words = c.words or words
            images = c.images or images
        return Constraint(words, images)
    raise ReportPyUnreadable(f"line {node.lineno}: unknown constraint {name!r}")


def read_report_py(source: str) -> Edition:
    """Read the constraint table and behaviour of a `report.py` from its source text.

    Raises `ReportPyUnreadable` when the file is not a `report.py` this reader understands.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ReportPyUnreadable(f"not valid Python ({exc.msg}, line {exc.lineno})") from exc
    check = next(
        (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "check"), None
    )
    if check is None:
        raise ReportPyUnreadable("no check() function")
    table: list[Constraint] | None = None
    family: Family = "A"
    dropped = 0
    label_start = 0
    for node in ast.walk(check):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name) and target.id.startswith("question_constr"):
                if isinstance(value, ast.List):
                    table = [_constraint(e) for e in value.elts]
                elif isinstance(value, ast.Dict):
                    table = [_constraint(v) for v in value.values]
            if (
                isinstance(target, ast.Name)
                and target.id == "text"
                and isinstance(value, ast.Subscript)
                and isinstance(value.slice, ast.Slice)
                and isinstance(value.slice.lower, ast.Constant)
                and isinstance(value.slice.lower.value, int)
            ):
                dropped = value.slice.lower.value
        if isinstance(node, ast.Call):
            name = _callee(node.func)
            if name == "pop" and node.args and isinstance(node.args[0], ast.Constant):
                family = "B"
            if name == "enumerate":
                start = node.args[1] if len(node.args) > 1 else None
                start = next((k.value for k in node.keywords if k.arg == "start"), start)
                if isinstance(start, ast.Constant) and isinstance(start.value, int):
                    label_start = start.value
    if not table:
        raise ReportPyUnreadable("no question_constraints table in check()")
    edition = Edition(
        "report.py", family, tuple(table), label_start=label_start, source="report.py",
        dropped_prefix=dropped,
    )  # fmt: skip
    for known in EDITIONS.values():
        if (known.family, known.constraints, known.label_start, known.dropped_prefix) == (
            edition.family, edition.constraints, edition.label_start, edition.dropped_prefix,
        ):  # fmt: skip
            return Edition(
                known.name, known.family, known.constraints, known.label_start, "report.py",
                known.dropped_prefix,
            )  # fmt: skip
    return edition


# -- detecting from the document ------------------------------------------------------------------


Stated = tuple[tuple[int, Constraint], ...]
"""Each question heading's number and the limits its prompt states, in document order."""


def _score(stated: Stated, edition: Edition) -> tuple[int, list[int]]:
    agree, differ = 0, []
    for number, says in stated:
        want = edition.constraint(number)
        if says.words:
            if says.words == want.words:
                agree += 1
            else:
                differ.append(number)
        if says.images and want.images and says.images != want.images:
            differ.append(number)
    return agree, differ


def detect_edition(model: ReportModel) -> Detection:
    """Choose the edition a document is from, by its question count and its stated limits."""
    last = _LAST[0]
    if last is not None and last[2] is model:  # asked again about the same text
        return last[1]
    stated = tuple((q.number, q.stated) for q in model.questions)
    # A keystroke leaves every prompt's parse as it was: the same objects, found without
    # hashing a few hundred constraints again.
    if (
        last is not None
        and len(last[0]) == len(stated)
        and all(a[1] is b[1] and a[0] == b[0] for a, b in zip(last[0], stated, strict=True))
    ):
        _LAST[0] = (stated, last[1], model)
        return last[1]
    found = _detect(stated)
    _LAST[0] = (stated, found, model)
    return found


def misfit(model: ReportModel, edition: Edition) -> Detection | None:
    """Return the text's own edition when `edition`, chosen for it, is for another template.

    That is when the text's questions number as the other template's (27 or 31) and its
    prompts' limits agree with that template's better than with `edition`'s. A text with
    `edition`'s prompts and questions cut away fits it (their headings are missing), and so does
    one whose prompts state nothing to tell.
    """
    own = detect_edition(model)
    if own.edition.family == edition.family:
        return None
    stated = tuple((q.number, q.stated) for q in model.questions)

    def net(e: Edition) -> int:
        agree, differ = _score(stated, e)
        return agree - len(differ)

    others = max(net(e) for e in EDITIONS.values() if e.family == own.edition.family)
    return own if others > net(edition) else None


_LAST: list[tuple[Stated, Detection, ReportModel] | None] = [None]
on_clear(lambda: _LAST.__setitem__(0, None))


@lru_cache(maxsize=64)
def _detect(stated: Stated) -> Detection:
    # Cached: typing an answer never changes the prompts, so this runs once per template.
    numbers = {n for n, _ in stated}
    count = max(len(numbers), max(numbers, default=0))
    family: Family = "A" if abs(count - 27) < abs(count - 31) else "B"
    candidates = [e for e in EDITIONS.values() if e.family == family]
    # Highest agreement, fewest disagreements; ties go to the newest edition.
    scored = [(_score(stated, e), i, e) for i, e in enumerate(candidates)]
    (agree, differ), _, best = max(scored, key=lambda s: (s[0][0] - len(s[0][1]), s[1]))
    with_words = sum(1 for _, says in stated if says.words)
    template_like = with_words >= 0.8 * sum(1 for c in best.constraints if c.words)
    if differ and template_like:
        table = list(best.constraints)
        by_number = dict(stated)
        # Numbers outside the table (a `### Question 0` or `32`) have no row to replace;
        # heading-order reports them.
        for n in {n for n in differ if 1 <= n <= len(table)}:
            says = by_number[n]
            want = table[n - 1] if n <= len(table) else Constraint()
            table[n - 1] = Constraint(says.words or want.words, says.images or want.images)
        derived = Edition(f"{best.name}*", best.family, tuple(table), best.label_start, "prompts")
        questions = ", ".join(f"Q{n}" for n in sorted(set(differ)))  # all that disagree
        return Detection(
            derived,
            f"limits read from the prompts: closest known edition {best.name} differs at "
            f"{questions}",
        )
    return Detection(
        best,
        f"{count} questions; stated limits match {best.name} ({agree} agree"
        + (f", {len(differ)} differ)" if differ else ")"),
    )


_BESIDE: dict[Path, tuple[int, str | None]] = {}


def report_py_beside(report: Path) -> str | None:
    """Return the source of the `report.py` beside a report, or None (read by mtime; never run)."""
    candidate = report.parent / "report.py"
    try:
        mtime = candidate.stat().st_mtime_ns
    except OSError:
        _BESIDE.pop(candidate, None)
        return None
    known = _BESIDE.get(candidate)
    if known is not None and known[0] == mtime:
        return known[1]
    try:
        text: str | None = candidate.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    if len(_BESIDE) >= 64:
        _BESIDE.clear()
    _BESIDE[candidate] = (mtime, text)
    return text
