r"""Source text handling: newline translation as Python's text mode does it, and LSP positions.

`report.py` reads the report with `open(path).read()`, i.e. in universal-newline mode: `\\r\\n` and
a lone `\\r` both become `\\n` before it drops characters or splits. The engine therefore works on
that translated text, and maps offsets back to the original document only when a range is reported.
LSP line breaks are the same three (`\\n`, `\\r\\n`, `\\r`), so a line and the text inside it are
identical in both views; only the offsets of later lines shift.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from enum import Enum
from itertools import accumulate
from typing import NamedTuple

_PLUS_ONE = (1).__add__


def find_all(text: str, needle: str, start: int = 0, end: int | None = None) -> list[int]:
    """Return the offsets of the non-overlapping occurrences of `needle`, as `str.split` cuts."""
    stop = len(text) if end is None else end
    found = []
    i = text.find(needle, start, stop)
    while i != -1:
        found.append(i)
        i = text.find(needle, i + len(needle), stop)
    return found


def line_starts(text: str) -> list[int]:
    """Return the offset where each line of `text` starts (lines end at newlines)."""
    # Each line starts one past the end of the one before: summed in C, not a Python loop.
    return [0, *accumulate(map(_PLUS_ONE, map(len, text.split("\n"))))][:-1]


class TextChange(NamedTuple):
    """Where a text differs from an earlier version of it: one region, between line starts.

    The old text's `[start, old_end)` became the new text's `[start, new_end)`; what comes before
    is the same at the same offsets, what comes after the same, moved by `delta`. Both ends are
    the start of a line (or an end of the text), so nothing without a line break spans either.
    """

    start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        """Return how far the text after the change moved."""
        return self.new_end - self.old_end


class PositionEncoding(str, Enum):
    """How a position's `character` counts: the LSP negotiable encodings."""

    UTF16 = "utf-16"
    UTF8 = "utf-8"
    UTF32 = "utf-32"


class Position(NamedTuple):
    """A zero-based line and character, counted in some `PositionEncoding`."""

    line: int
    character: int


class Range(NamedTuple):
    """A start and an end `Position` (end exclusive), as in LSP."""

    start: Position
    end: Position


def code_units(s: str, encoding: PositionEncoding) -> int:
    """Return the length of `s` in `encoding`'s code units."""
    return _units(s, encoding)


def _units(s: str, encoding: PositionEncoding) -> int:
    if encoding is PositionEncoding.UTF32 or s.isascii():
        return len(s)
    if encoding is PositionEncoding.UTF16:
        return len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)
    return len(s.encode("utf-8", "surrogatepass"))


def _chars_for_units(s: str, units: int, encoding: PositionEncoding) -> int:
    """Return how many code points of `s` fit in `units` code units (clamped to `len(s)`)."""
    if encoding is PositionEncoding.UTF32 or s.isascii():
        return min(units, len(s))
    used = 0
    for i, ch in enumerate(s):
        if encoding is PositionEncoding.UTF16:
            width = 2 if ord(ch) > 0xFFFF else 1
        else:
            width = len(ch.encode("utf-8", "surrogatepass"))
        if used + width > units:
            return i
        used += width
    return len(s)


class SourceText:
    """A document as `report.py` sees it (newlines translated) with position conversion.

    `text` is the translated text; all engine offsets index into it.
    """

    __slots__ = ("_ascii", "_crlf", "_line_starts", "original", "text")

    def __init__(self, original: str) -> None:
        """Translate `original`'s newlines and index its lines."""
        self.original = original
        if "\r" in original:
            # Translated offsets of each `\n` that stood for a two-character `\r\n`.
            crlf: list[int] = []
            parts = original.split("\r\n")
            pos = 0
            for part in parts[:-1]:
                pos += len(part)
                crlf.append(pos)
                pos += 1
            self._crlf = crlf
            self.text = "\n".join(parts).replace("\r", "\n")
        else:
            self._crlf = []
            self.text = original
        self._line_starts = line_starts(self.text)
        self._ascii = original.isascii()  # O(1): CPython knows; then characters are code units

    def edited(self, start: int, end: int, new: str) -> SourceText:
        """Return the `SourceText` of the original with `[start, end)` replaced by `new`.

        The line index is patched rather than rebuilt: lines before the edit are kept, lines after
        it moved by the edit's length. With a carriage return on either side it is rebuilt.
        """
        original = self.original[:start] + new + self.original[end:]
        if self.text is not self.original or "\r" in new:  # CRs: translated text
            return SourceText(original)
        starts = self._line_starts
        first = bisect_right(starts, start)  # lines wholly before the edit, and the edited one
        after = bisect_right(starts, end)  # lines starting past the deleted text
        delta = len(new) - (end - start)
        inserted = [start + k + 1 for k in find_all(new, "\n")]
        moved = list(map(delta.__add__, starts[after:])) if delta else starts[after:]
        out = SourceText.__new__(SourceText)
        out.original = out.text = original
        out._crlf = []
        out._line_starts = [*starts[:first], *inserted, *moved]
        out._ascii = original.isascii()
        return out

    @property
    def line_count(self) -> int:
        """Return the number of lines (a trailing newline opens an empty last line)."""
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        """Return the offset where `line` starts."""
        return self._line_starts[line]

    def line_of(self, offset: int) -> int:
        """Return the zero-based line holding `offset`."""
        return bisect_right(self._line_starts, offset) - 1

    def line_text(self, line: int) -> str:
        """Return `line`'s text without its line break."""
        start = self._line_starts[line]
        end = (
            self._line_starts[line + 1] - 1 if line + 1 < len(self._line_starts) else len(self.text)
        )
        return self.text[start:end]

    def original_offset(self, offset: int) -> int:
        """Map an offset in the translated text to the original document."""
        return offset + bisect_left(self._crlf, offset)

    def position(
        self, offset: int, encoding: PositionEncoding = PositionEncoding.UTF16
    ) -> Position:
        """Return the LSP position of a translated-text offset."""
        return Position(*self.line_character(offset, encoding))

    def line_character(
        self, offset: int, encoding: PositionEncoding = PositionEncoding.UTF16
    ) -> tuple[int, int]:
        """Return `position` as a plain pair: the line and the character."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self._line_starts[line]
        if self._ascii:
            return line, offset - start
        return line, _units(self.text[start:offset], encoding)

    def line_characters(
        self, offsets: list[int], encoding: PositionEncoding = PositionEncoding.UTF16
    ) -> list[tuple[int, int]]:
        """Return `line_character` of each offset: one call for a publication's few hundred."""
        if not self._ascii:
            return [self.line_character(o, encoding) for o in offsets]
        starts, size = self._line_starts, len(self.text)
        out = []
        for offset in offsets:
            offset = 0 if offset < 0 else size if offset > size else offset
            line = bisect_right(starts, offset) - 1
            out.append((line, offset - starts[line]))
        return out

    def range(
        self, start: int, end: int, encoding: PositionEncoding = PositionEncoding.UTF16
    ) -> Range:
        """Return the LSP range of translated-text offsets `[start, end)`."""
        return Range(self.position(start, encoding), self.position(end, encoding))

    def offset(
        self, position: Position, encoding: PositionEncoding = PositionEncoding.UTF16
    ) -> int:
        """Return the translated-text offset of an LSP position, clamped into the document."""
        if position.line < 0:
            return 0
        if position.line >= len(self._line_starts):
            return len(self.text)
        line_text = self.line_text(position.line)
        chars = _chars_for_units(line_text, max(0, position.character), encoding)
        return self._line_starts[position.line] + chars
