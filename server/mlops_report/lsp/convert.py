"""Engine values to LSP types, in the client's negotiated position encoding."""

from __future__ import annotations

import json
from typing import Any

from lsprotocol import types

from ..diagnostics import diagnostic_json as to_json
from ..engine.analysis import Analysis, short_error
from ..engine.findings import Finding
from ..engine.placed import moved
from ..engine.text import Position, PositionEncoding, Range
from .settings import Settings

_COMPACT = json.JSONEncoder(separators=(",", ":"))


def compact(value: Any) -> str:
    """Return `value` as JSON without spaces.

    A keystroke may publish a few hundred diagnostics, each read by the editor: the spaces
    would be a tenth of what it reads.
    """
    return _COMPACT.encode(value)


def encoding_of(kind: str | None) -> PositionEncoding:
    """Map the negotiated `PositionEncodingKind` to the engine's encoding (UTF-16 default)."""
    if kind == types.PositionEncodingKind.Utf8 or kind == "utf-8":
        return PositionEncoding.UTF8
    if kind == types.PositionEncodingKind.Utf32 or kind == "utf-32":
        return PositionEncoding.UTF32
    return PositionEncoding.UTF16


def lsp_position(p: Position) -> types.Position:
    """Return an LSP position."""
    return types.Position(line=p.line, character=p.character)


def lsp_range(r: Range) -> types.Range:
    """Return an LSP range."""
    return types.Range(start=lsp_position(r.start), end=lsp_position(r.end))


def span_range(analysis: Analysis, start: int, end: int, enc: PositionEncoding) -> types.Range:
    """Return the LSP range of translated-text offsets."""
    return lsp_range(analysis.source.range(start, end, enc))


def offset_of(analysis: Analysis, pos: types.Position, enc: PositionEncoding) -> int:
    """Return the translated-text offset of an LSP position (clamped into the document)."""
    return analysis.source.offset(Position(pos.line, pos.character), enc)


def diagnostic_json(
    analysis: Analysis, finding: Finding, settings: Settings, enc: PositionEncoding
) -> dict[str, Any] | None:
    """Return the LSP `Diagnostic` of `finding` as JSON, or None when its code is turned off."""
    level = settings.level(finding.code, finding.severity, finding.question)
    return None if level is None else to_json(analysis.source, finding, level, enc)


def diagnostics_json(
    analysis: Analysis, settings: Settings, enc: PositionEncoding
) -> list[dict[str, Any]]:
    """Return every published diagnostic of an analysis, as JSON."""
    out = []
    for f in analysis.findings:
        d = diagnostic_json(analysis, f, settings, enc)
        if d is not None:
            out.append(d)
    return out


class DiagnosticEncoder:
    """Encodes an analysis's diagnostics as JSON text, reusing the text of unchanged ones.

    Between two keystrokes most diagnostics stay as they were. A question's findings that the
    engine reused (`Analysis.placed`, the same tuple) keep their JSON text as long as the
    question starts on the same line; the document-wide ones are looked up by what they say and
    where. At a few hundred diagnostics, building and encoding them again would cost more than
    the analysis of the keystroke.
    """

    def __init__(self) -> None:
        """Start with nothing known."""
        self._known: dict[_Key, str] = {}
        self._placed: dict[tuple[int, int], _Group] = {}
        self._at: dict[int, list[_Group]] = {}  # the groups of each question, by its place
        self._how: tuple[Settings, PositionEncoding] | None = None

    def encode(self, analysis: Analysis, settings: Settings, enc: PositionEncoding) -> list[str]:
        """Return the JSON text of each published diagnostic, as `diagnostics_json` gives them.

        The document-wide findings come first, then each question's; within each, in order.
        """
        if self._how != (settings, enc):  # other levels or positions: nothing known holds
            self._known, self._placed, self._at, self._how = {}, {}, {}, (settings, enc)
        kept_known: dict[_Key, str] = {}
        out, keys = self._lookup(analysis, analysis.found, settings, enc, self._known)
        kept_known.update(zip(keys, out, strict=True))
        source = analysis.source
        per_line = source.text is source.original  # else carriage returns: not per line
        known, before = self._placed, self._at
        kept: dict[tuple[int, int], _Group] = {}
        at: dict[int, list[_Group]] = {}
        for p in analysis.placed:
            key = (id(p.findings), source.line_of(p.base))
            hit = (known.get(key) or kept.get(key)) if per_line else None
            if hit is None or hit[0] is not p.findings:
                # The question was edited: its other diagnostics are known by what they say.
                said = {
                    k: t for g in before.get(p.base, ()) for k, t in zip(g[2], g[1], strict=True)
                }
                placed = [moved(f, p.base) for f in p.findings]
                hit = (p.findings, *self._lookup(analysis, placed, settings, enc, said))
            kept[key] = hit
            at.setdefault(p.base, []).append(hit)
            out.extend(hit[1])
        self._placed, self._at, self._known = kept, at, kept_known
        return out

    @staticmethod
    def _lookup(
        analysis: Analysis,
        findings: list[Finding],
        settings: Settings,
        enc: PositionEncoding,
        known: dict[_Key, str],
    ) -> tuple[list[str], list[_Key]]:
        """Return the findings' JSON texts and keys, reusing the texts `known` under a key."""
        places = analysis.source.line_characters(
            [offset for f in findings for offset in (f.start, f.end)], enc
        )
        out, keys = [], []
        for k, f in enumerate(findings):
            level = settings.level(f.code, f.severity, f.question)
            if level is None:
                continue
            key: _Key = (f.code, level, f.message, f.question, *places[2 * k])
            key += (*places[2 * k + 1], *f.data.items())
            try:
                text = known.get(key)
            except TypeError:  # data that cannot be a key (none so far): encode it each time
                text, key = None, (object(),)
            if text is None:
                text = compact(diagnostic_json(analysis, f, settings, enc))
            out.append(text)
            keys.append(key)
        return out, keys


_Key = tuple[Any, ...]
"""What a diagnostic says and where: its code, level, message, question, range and data."""
_Group = tuple[tuple[Finding, ...], list[str], list[_Key]]
"""One question's findings (as the engine keeps them), their JSON texts and their keys."""


def summary_params(uri: str, version: int | None, analysis: Analysis | None) -> dict[str, Any]:
    """Return the `mlopsReport/summary` notification's parameters (empty text: not a report)."""
    params: dict[str, Any] = {
        "uri": uri,
        "version": version,
        "edition": None,
        "passed": None,
        "total": None,
        "error": None,
        "text": "",
    }
    if analysis is None or not analysis.is_report:
        return params
    result = analysis.result
    total = analysis.edition.questions
    if result.error is not None:
        text = f"report.py check would stop: {short_error(result)}"
    else:
        text = f"{result.passed}/{total} questions pass ({analysis.edition.name})"
    params.update(
        edition=analysis.edition.name,
        passed=result.passed,
        total=total,
        error=result.error,
        text=text,
    )
    return params
