"""Document symbols: the report's sections (`#`/`##` headings) holding their questions."""

from __future__ import annotations

from lsprotocol import types

from ..engine.analysis import Analysis
from ..engine.model import Question
from ..engine.text import PositionEncoding
from .convert import span_range
from .summary import answer_of, fails, outline_detail


def _trimmed_end(analysis: Analysis, start: int, end: int) -> int:
    """Return `end` moved back over trailing whitespace (not before `start`)."""
    text = analysis.source.text
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return end


def _question_symbol(
    analysis: Analysis, q: Question, enc: PositionEncoding
) -> types.DocumentSymbol:
    answer = answer_of(analysis, q)
    detail = outline_detail(analysis, answer) if answer is not None else "duplicate"
    return types.DocumentSymbol(
        name=q.title or f"Question {q.number}",
        kind=types.SymbolKind.Field,
        range=span_range(
            analysis,
            q.heading.start,
            max(q.heading.end, _trimmed_end(analysis, q.heading.start, q.end)),
            enc,
        ),
        selection_range=span_range(analysis, q.heading.start, q.heading.end, enc),
        detail=detail,
    )


def document_symbols(analysis: Analysis, enc: PositionEncoding) -> list[types.DocumentSymbol]:
    """Return the outline: one symbol per section, its questions as children.

    A section runs from its heading to the next one; questions before the first section (or a
    report without sections) are top-level symbols.
    """
    text_end = len(analysis.source.text)
    sections = sorted(analysis.model.sections, key=lambda h: h.span.start)
    questions = sorted(analysis.model.questions, key=lambda q: q.heading.start)
    out: list[types.DocumentSymbol] = []
    qi = 0
    first = sections[0].span.start if sections else text_end
    while qi < len(questions) and questions[qi].heading.start < first:
        out.append(_question_symbol(analysis, questions[qi], enc))
        qi += 1
    for k, h in enumerate(sections):
        end = sections[k + 1].span.start if k + 1 < len(sections) else text_end
        inside: list[Question] = []
        while qi < len(questions) and questions[qi].heading.start < end:
            inside.append(questions[qi])
            qi += 1
        children = [_question_symbol(analysis, q, enc) for q in inside]
        # Trailing blank lines belong to no symbol, so children stay inside their parent.
        stop = _trimmed_end(analysis, h.span.end, end)
        out.append(
            types.DocumentSymbol(
                name=h.title or "#" * h.level,
                kind=types.SymbolKind.Namespace if h.level == 2 else types.SymbolKind.Module,
                range=span_range(analysis, h.span.start, max(stop, h.span.end), enc),
                selection_range=span_range(analysis, h.span.start, h.span.end, enc),
                detail=_section_detail(analysis, inside)
                or _checklist_detail(analysis, h.span.start, end),
                children=children or None,
            )
        )
    return out


def _checklist_detail(analysis: Analysis, start: int, end: int) -> str | None:
    """Return e.g. `42/53 checklist items ticked` for the section holding the checklist."""
    items = [i for i in analysis.model.checklist if start <= i.span.start < end]
    if not items:
        return None
    return f"{sum(i.checked for i in items)}/{len(items)} checklist items ticked"


def _section_detail(analysis: Analysis, questions: list[Question]) -> str | None:
    """Return e.g. `4 questions, 1 failing`."""
    if not questions:
        return None
    answers = [answer_of(analysis, q) for q in questions]
    failing = sum(1 for a in answers if a is not None and fails(analysis, a))
    n = len(questions)
    noun = "question" if n == 1 else "questions"
    return f"{n} {noun}" + (f", {failing} failing" if failing else "")


def flatten(symbols: list[types.DocumentSymbol], uri: str) -> list[types.SymbolInformation]:
    """Return the outline as flat `SymbolInformation` for clients without hierarchy support."""
    out: list[types.SymbolInformation] = []

    def walk(items: list[types.DocumentSymbol], container: str | None) -> None:
        for s in items:
            out.append(
                types.SymbolInformation(
                    name=s.name,
                    kind=s.kind,
                    location=types.Location(uri=uri, range=s.range),
                    container_name=container,
                )
            )
            walk(list(s.children or []), s.name)

    walk(symbols, None)
    return out
