r"""Open documents with LSP's own line model, and edits applied in one splice.

pygls's `TextDocument` finds lines with `str.splitlines`, which also breaks at form feeds,
`\x1c`-`\x1e`, `\x85`, `\u2028` and `\u2029`; LSP breaks lines only at `\n`, `\r\n` and
`\r`. A report holding one of those characters would have later edits applied in the wrong
place. Here positions go through the engine's `SourceText` (LSP's line model, every position
encoding), which the analysis then reuses; each edit patches that index instead of rebuilding it.

A change that cannot be applied where the editor meant it (one at a line the text does not have)
leaves the document out of sync with the editor's (`out_of_sync`) until a change sends its whole
text again, or it is opened anew: the server then answers nothing about it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from ..engine.text import Position, SourceText
from .convert import encoding_of
from .pygls_private import document_options, set_source

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class OutOfSync(ValueError):
    """A change that cannot be applied where the editor meant it: says why, in one line."""


class ReportDocument(TextDocument):
    """A `TextDocument` whose lines and incremental edits follow the LSP specification."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Create the document (same arguments as pygls's `TextDocument`)."""
        super().__init__(*args, **kwargs)
        self._index: SourceText | None = None
        self.out_of_sync: str | None = None
        """Why this text may not be the editor's any more (None: it is)."""

    @property
    def index(self) -> SourceText:
        """Return the `SourceText` of the current text (built once per version of the text)."""
        text = self.source
        if self._index is None or self._index.original is not text:
            self._index = SourceText(text)
        return self._index

    @property
    def lines(self) -> list[str]:
        """Return the lines with their line breaks, split where LSP splits them."""
        return _LINE_RE.findall(self.source)

    def offset_of(self, position: types.Position) -> int:
        """Return the offset in `source` of an LSP position (clamped as the spec says)."""
        index = self.index
        kind = self.position_codec.encoding
        enc = encoding_of(None if kind is None else str(getattr(kind, "value", kind)))
        translated = index.offset(Position(position.line, position.character), enc)
        return index.original_offset(translated)

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        # A character past a line's end is clamped, as LSP says, and so is the line just past the
        # last (where some clients put the end); a line further than that is not in this text.
        lines = self.index.line_count
        far = max(change.range.start.line, change.range.end.line)
        if far > lines:
            raise OutOfSync(f"a change at line {far + 1} of a text of {lines} lines")
        start = self.offset_of(change.range.start)
        end = self.offset_of(change.range.end)
        if end < start:  # a reversed range: take it as the span it names
            start, end = end, start
        # Patch the index (lines before the edit kept, after it moved) rather than re-index.
        self._index = self.index.edited(start, end, change.text)
        set_source(self, self._index.original)


class ReportWorkspace(Workspace):
    """A pygls `Workspace` whose text documents are `ReportDocument`s."""

    def update_text_document(
        self,
        text_doc: types.VersionedTextDocumentIdentifier,
        change: types.TextDocumentContentChangeEvent,
    ) -> None:
        """Apply an edit; one to a document that is not open is ignored (the handler says so).

        An edit that cannot be applied puts the document out of sync, and the edits after it are
        not applied to a text that is wrong already; a whole new text brings it back in sync.
        """
        doc = self.text_documents.get(unquote(text_doc.uri))
        if not isinstance(doc, ReportDocument):
            if doc is not None:
                super().update_text_document(text_doc, change)
            return
        whole = not isinstance(change, types.TextDocumentContentChangePartial)
        if doc.out_of_sync is None or whole:
            try:
                doc.apply_change(change)
            except Exception as error:
                doc.out_of_sync = str(error) if isinstance(error, OutOfSync) else repr(error)
            else:
                if whole:
                    doc.out_of_sync = None
        doc.version = text_doc.version

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return ReportDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            **document_options(self),
        )


def out_of_sync(doc: TextDocument) -> str | None:
    """Return why `doc`'s text may not be the editor's (None: it is)."""
    return doc.out_of_sync if isinstance(doc, ReportDocument) else None


def adopt_workspace(old: Workspace) -> ReportWorkspace:
    """Return a `ReportWorkspace` with `old`'s root, sync kind, folders and encoding."""
    return ReportWorkspace(
        old.root_uri,
        document_options(old)["sync_kind"],
        list(old.folders.values()),
        old.position_encoding,
    )
