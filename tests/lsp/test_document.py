"""ReportDocument applies incremental edits exactly where an LSP client means them.

Positions here come from an independent model of LSP lines (breaks only at \\n, \\r\\n, \\r) and
UTF-16/UTF-8/UTF-32 columns, over text full of characters that fool `str.splitlines` or UTF-16.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from mlops_report.lsp.document import OutOfSync, ReportDocument, ReportWorkspace, out_of_sync

ALPHABET = ["a", "b", " ", "\t", "\n", "\r\n", "\r", "\x0c", "\x1c", "\u2028", "\x85", "é", "😀"]
ENCODINGS = {"utf-16": 2, "utf-8": 0, "utf-32": 1}
URI = "file:///r/README.md"


def _units(ch: str, encoding: str) -> int:
    if encoding == "utf-16":
        return 2 if ord(ch) > 0xFFFF else 1
    if encoding == "utf-8":
        return len(ch.encode("utf-8"))
    return 1


def lsp_position(text: str, offset: int, encoding: str) -> types.Position:
    """Independent reference: the LSP position of a code-point offset."""
    line, col, i = 0, 0, 0
    while i < offset:
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            line, col, i = line + 1, 0, i + 2
            continue
        if ch in "\r\n":
            line, col = line + 1, 0
        else:
            col += _units(ch, encoding)
        i += 1
    return types.Position(line=line, character=col)


def valid_offsets(text: str) -> list[int]:
    """Offsets an LSP position can name (not between the two halves of \\r\\n)."""
    return [
        i for i in range(len(text) + 1) if not (0 < i < len(text) and text[i - 1 : i + 1] == "\r\n")
    ]


@st.composite
def edit_scripts(draw: st.DrawFn) -> tuple[str, str, list[tuple[float, float, str]]]:
    text = "".join(draw(st.lists(st.sampled_from(ALPHABET), max_size=40)))
    encoding = draw(st.sampled_from(sorted(ENCODINGS)))
    edits = draw(
        st.lists(
            st.tuples(
                st.floats(0, 1),
                st.floats(0, 1),
                st.lists(st.sampled_from(ALPHABET), max_size=5).map("".join),
            ),
            max_size=12,
        )
    )
    return text, encoding, edits


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(edit_scripts())
def test_incremental_edits_land_where_the_client_meant(
    script: tuple[str, str, list[tuple[float, float, str]]],
) -> None:
    text, encoding, edits = script
    doc = ReportDocument("file:///r/README.md", source=text, version=1, language_id="markdown")
    doc.position_codec.encoding = encoding  # as negotiated
    expected = text
    for fa, fb, new in edits:
        offsets = valid_offsets(expected)
        a = offsets[int(fa * (len(offsets) - 1))]
        b = offsets[int(fb * (len(offsets) - 1))]
        a, b = min(a, b), max(a, b)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=lsp_position(expected, a, encoding), end=lsp_position(expected, b, encoding)
            ),
            text=new,
        )
        doc.apply_change(change)
        expected = expected[:a] + new + expected[b:]
        assert doc.source == expected


def test_positions_past_the_end_clamp_to_the_end() -> None:
    doc = ReportDocument("file:///r/README.md", source="ab\ncd", version=1, language_id="markdown")
    past = types.Position(line=2, character=0)  # just past the last line: where some put the end
    doc.apply_change(
        types.TextDocumentContentChangePartial(range=types.Range(start=past, end=past), text="!")
    )
    assert doc.source == "ab\ncd!"
    long_col = types.Position(line=0, character=50)
    doc.apply_change(
        types.TextDocumentContentChangePartial(
            range=types.Range(start=long_col, end=long_col), text="?"
        )
    )
    assert doc.source == "ab?\ncd!"


def test_lines_split_only_at_lsp_line_breaks() -> None:
    doc = ReportDocument(
        "file:///r/README.md", source="a\x0cb\u2028c\r\nd\re\nf", version=1, language_id="markdown"
    )
    assert doc.lines == ["a\x0cb\u2028c\r\n", "d\r", "e\n", "f"]


def test_a_reversed_range_replaces_the_span_it_names() -> None:
    doc = ReportDocument("file:///r/README.md", source="hello world", version=1)
    start, end = types.Position(line=0, character=11), types.Position(line=0, character=6)
    doc.apply_change(
        types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text="you")
    )
    assert doc.source == "hello you"


@pytest.mark.parametrize("line", [3, 99])
def test_a_line_further_past_the_end_is_out_of_sync(line: int) -> None:
    doc = ReportDocument("file:///r/README.md", source="ab\ncd", version=1, language_id="markdown")
    far = types.Position(line=line, character=0)
    with pytest.raises(OutOfSync, match=f"a change at line {line + 1} of a text of 2 lines"):
        doc.apply_change(
            types.TextDocumentContentChangePartial(range=types.Range(start=far, end=far), text="!")
        )
    assert doc.source == "ab\ncd"  # nothing applied


def _workspace(text: str) -> ReportWorkspace:
    workspace = ReportWorkspace(None, types.TextDocumentSyncKind.Incremental)
    workspace.put_text_document(
        types.TextDocumentItem(uri=URI, language_id="markdown", version=1, text=text)
    )
    return workspace


def _edit(workspace: ReportWorkspace, version: int, change: Any) -> ReportDocument:
    workspace.update_text_document(
        types.VersionedTextDocumentIdentifier(uri=URI, version=version), change
    )
    doc = workspace.get_text_document(URI)
    assert isinstance(doc, ReportDocument)
    return doc


def test_the_workspace_stops_editing_a_text_out_of_sync_until_a_whole_text() -> None:
    workspace = _workspace("ab\ncd")
    at = types.Position(line=0, character=0)
    far = types.Position(line=9, character=0)
    doc = _edit(workspace, 2, types.TextDocumentContentChangePartial(types.Range(far, far), "!"))
    assert doc.out_of_sync == "a change at line 10 of a text of 2 lines"
    assert out_of_sync(doc) == doc.out_of_sync and doc.version == 2
    doc = _edit(workspace, 3, types.TextDocumentContentChangePartial(types.Range(at, at), "x"))
    assert doc.source == "ab\ncd"  # no use editing a text that is wrong already
    assert doc.out_of_sync is not None and doc.version == 3
    doc = _edit(workspace, 4, types.TextDocumentContentChangeWholeDocument(text="new\n"))
    assert doc.source == "new\n" and doc.out_of_sync is None and doc.version == 4
    doc = _edit(workspace, 5, types.TextDocumentContentChangePartial(types.Range(at, at), "x"))
    assert doc.source == "xnew\n"
