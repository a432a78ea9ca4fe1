"""`mlopsReport/handinPreview`: the hand-in page of a document's current text, and its block map.

The page is `handin_page`'s, the engine's `report.py html` (the same call `mlops-report html`
makes); each top-level block of it comes with the lines it shows and the `handin-*` findings on
them, so an editor can mark those blocks and follow the cursor. Computed only when asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..engine.handin.codes import BY_NAME as HANDIN_CODES
from ..engine.text import PositionEncoding, SourceText, code_units
from .convert import lsp_range
from .guard import REQUEST_FAILED, Refusal
from .malformed import INVALID_PARAMS

if TYPE_CHECKING:
    from ..engine.findings import Finding, Severity
    from ..engine.handin.page import HandinPage, PageBlock
    from .server import ReportServer

METHOD = "mlopsReport/handinPreview"
SHAPE = '{"textDocument": {"uri": string, "version"?: integer}}'

CONTENT_MODIFIED = -32801
"""The error a request naming a version the server does not hold is refused with."""


def requested(params: Any) -> tuple[str, int | None]:
    """Return the URI and the version (None: any) a request names, or refuse it, saying why."""
    plain = _plain(params)
    doc = plain.get("textDocument") if isinstance(plain, dict) else None
    uri = doc.get("uri") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not isinstance(uri, str) or not uri:
        raise Refusal(INVALID_PARAMS, f"{METHOD} takes {SHAPE}; got {_brief(plain)}")
    version = doc.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        got = _brief(version)
        raise Refusal(INVALID_PARAMS, f"{METHOD}: version must be an integer; got {got}")
    return uri, version


def handin_preview(ls: ReportServer, params: Any) -> dict[str, Any]:
    """Answer the request for the document's text as it is now, naming its version."""
    from .server import is_markdown, over_live_limits

    uri, version = requested(params)
    doc = ls.document(uri)
    if doc is None:
        raise Refusal(INVALID_PARAMS, f"{METHOD}: {uri} is not open (send didOpen first)")
    ls.refuse_out_of_sync(METHOD, doc)
    if not is_markdown(doc):
        raise Refusal(
            INVALID_PARAMS,
            f"{METHOD}: {uri} is not Markdown (language {doc.language_id!r}); "
            "the hand-in page is made from the report's Markdown",
        )
    if version is not None and version != doc.version:
        raise Refusal(
            CONTENT_MODIFIED, f"{METHOD}: {uri} is at version {doc.version}, not {version}"
        )
    if over_live_limits(doc):
        raise Refusal(
            REQUEST_FAILED,
            f"{METHOD}: {uri} is too large to preview as you type; "
            "run `mlops-report html` on it instead",
        )
    analysis = ls.analysis_of(uri)
    source = analysis.source if analysis is not None else SourceText(doc.source)
    findings = []
    if analysis is not None and analysis.is_report:
        for f in analysis.findings:
            level = ls.settings.level(f.code, f.severity) if f.code in HANDIN_CODES else None
            if level is not None:
                findings.append((f, level))
    from ..engine.handin.page import handin_page  # only when a preview is opened

    return page_json(uri, doc.version, handin_page(source.text), source, findings, ls.encoding)


def page_json(
    uri: str,
    version: int | None,
    page: HandinPage,
    source: SourceText,
    findings: Sequence[tuple[Finding, Severity]],
    enc: PositionEncoding,
) -> dict[str, Any]:
    """Return the request's result: the page, and each block with its lines and findings."""
    html_at = _html_units(page.html, page.blocks, enc)
    placed = place_findings([f for f, _ in findings], page.blocks)
    blocks = []
    for i, b in enumerate(page.blocks):
        blocks.append(
            {
                "range": _range(source, b.start, b.end, enc),
                "htmlStart": html_at[b.html_start],
                "htmlEnd": html_at[b.html_end],
                "findings": [
                    {
                        "code": f.code,
                        "severity": int(level),
                        "message": f.message,
                        "range": _range(source, f.start, f.end, enc),
                    }
                    for k, (f, level) in enumerate(findings)
                    if i in placed[k]
                ],
            }
        )
    return {"uri": uri, "version": version, "html": page.html, "blocks": blocks}


def place_findings(findings: Sequence[Finding], blocks: Sequence[PageBlock]) -> list[set[int]]:
    """Return, per finding, the blocks it lies on.

    A finding on text the page does not show (the title `report.py` cuts) goes to the block
    that follows it, or the last one.
    """
    out: list[set[int]] = []
    for f in findings:
        on = {i for i, b in enumerate(blocks) if _lies_on(f, b)}
        if not on and blocks:
            after = [i for i, b in enumerate(blocks) if b.start >= f.end]
            on = {after[0] if after else len(blocks) - 1}
        out.append(on)
    return out


def _lies_on(f: Finding, b: PageBlock) -> bool:
    if f.start == f.end:  # an empty range: a place in the text
        return b.start <= f.start <= b.end
    return f.start < b.end and f.end > b.start


def _range(source: SourceText, start: int, end: int, enc: PositionEncoding) -> dict[str, Any]:
    r = lsp_range(source.range(start, end, enc))
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def _html_units(html: str, blocks: Sequence[PageBlock], enc: PositionEncoding) -> dict[int, int]:
    """Map each block's offsets in the HTML to code units of the negotiated encoding."""
    offsets = sorted({o for b in blocks for o in (b.html_start, b.html_end)})
    if html.isascii() or enc is PositionEncoding.UTF32:
        return {o: o for o in offsets}
    out, done, units = {}, 0, 0
    for o in offsets:
        units += code_units(html[done:o], enc)
        out[o], done = units, o
    return out


def _plain(value: Any) -> Any:
    """Return params as plain JSON values (pygls gives a custom method's params as named tuples)."""
    if hasattr(value, "_asdict"):
        return {k: _plain(v) for k, v in value._asdict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
