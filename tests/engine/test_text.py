"""SourceText: newline translation as Python's text mode does it, and LSP positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_report.engine.text import Position, PositionEncoding, Range, SourceText

U16, U8, U32 = PositionEncoding.UTF16, PositionEncoding.UTF8, PositionEncoding.UTF32
ALL = (U16, U8, U32)

EMOJI = "\U0001f600"  # non-BMP: 2 UTF-16 units, 4 UTF-8 bytes, 1 code point
COMBINING = "e\u0301"  # e + combining acute: 2 code points, 2 UTF-16 units, 3 UTF-8 bytes


def test_ascii_positions_are_the_same_in_every_encoding() -> None:
    src = SourceText("ab\ncd\n")
    for enc in ALL:
        assert src.position(4, enc) == Position(1, 1)
        assert src.offset(Position(1, 1), enc) == 4
    assert src.line_count == 3
    assert src.line_text(2) == ""


@pytest.mark.parametrize(
    ("enc", "after_emoji", "after_combining"), [(U16, 3, 5), (U8, 5, 8), (U32, 2, 4)]
)
def test_non_bmp_and_combining_characters_count_per_encoding(
    enc: PositionEncoding, after_emoji: int, after_combining: int
) -> None:
    text = f"x{EMOJI}{COMBINING}y\nnext"
    src = SourceText(text)
    # offsets: x=0, emoji=1, e=2, combining=3, y=4
    assert src.position(2, enc) == Position(0, after_emoji)
    assert src.position(4, enc) == Position(0, after_combining)
    assert src.offset(Position(0, after_emoji), enc) == 2
    assert src.offset(Position(0, after_combining), enc) == 4
    assert src.position(text.index("next"), enc) == Position(1, 0)


def test_a_position_inside_a_surrogate_pair_or_utf8_sequence_rounds_down() -> None:
    src = SourceText(f"a{EMOJI}b")
    assert src.offset(Position(0, 2), U16) == 1  # between the two UTF-16 halves of the emoji
    assert src.offset(Position(0, 3), U8) == 1  # inside its four UTF-8 bytes
    assert src.offset(Position(0, 5), U8) == 2


def test_tabs_are_one_character() -> None:
    src = SourceText("\t\tx")
    for enc in ALL:
        assert src.position(2, enc) == Position(0, 2)


def test_a_bom_is_an_ordinary_character_of_the_first_line() -> None:
    src = SourceText("\ufeff# Title\nbody")
    assert src.text.startswith("\ufeff")
    assert src.position(1, U16) == Position(0, 1)
    assert src.position(1, U8) == Position(0, 3)
    assert src.offset(Position(0, 3), U8) == 1
    assert src.position(src.text.index("body")) == Position(1, 0)


def test_crlf_and_lone_cr_become_newlines_like_text_mode() -> None:
    original = "one\r\ntwo\rthree\nfour\r\n"
    src = SourceText(original)
    assert src.text == "one\ntwo\nthree\nfour\n"
    assert [src.line_text(n) for n in range(src.line_count)] == ["one", "two", "three", "four", ""]
    # Lines are the same in both views: positions need no mapping, offsets do.
    four = src.text.index("four")
    assert src.position(four) == Position(3, 0)
    assert src.original_offset(four) == original.index("four")
    assert src.original_offset(len(src.text)) == len(original)


def _original_offsets(original: str) -> list[int]:
    """Independent reference: where each translated character (and the end) stands originally."""
    out, i = [], 0
    while i < len(original):
        out.append(i)
        i += 2 if original[i : i + 2] == "\r\n" else 1
    return [*out, len(original)]


def test_original_offsets_skip_the_carriage_return_of_each_crlf() -> None:
    original = "a\r\nbb\r\n\r\nccc\r\n"
    src = SourceText(original)
    assert [src.original_offset(t) for t in range(len(src.text) + 1)] == _original_offsets(original)


def test_out_of_range_positions_and_offsets_are_clamped() -> None:
    src = SourceText("ab\ncd")
    assert src.offset(Position(-1, 5)) == 0
    assert src.offset(Position(9, 0)) == len(src.text)
    assert src.offset(Position(0, 99)) == 2  # end of line 0, not into the next line
    assert src.offset(Position(1, -3)) == 3
    assert src.position(-4) == Position(0, 0)
    assert src.position(99) == Position(1, 2)
    assert src.range(1, 4) == Range(Position(0, 1), Position(1, 1))


# -- properties ----------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["a", "Z", " ", "\t", "\n", "\r\n", "\r", EMOJI, "\u0301", "é", "€", "\ufeff"]
)
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.sampled_from(ALL))
def test_offset_to_position_to_offset_round_trips(text: str, enc: PositionEncoding) -> None:
    src = SourceText(text)
    for offset in range(len(src.text) + 1):
        p = src.position(offset, enc)
        assert 0 <= p.line < src.line_count
        assert src.offset(p, enc) == offset


@settings(max_examples=150, deadline=None)
@given(_TEXTS)
def test_translated_to_original_to_translated_round_trips(text: str) -> None:
    src = SourceText(text)
    assert len(src.text) == len(text) - text.count("\r\n")
    for offset in range(len(src.text) + 1):
        original = src.original_offset(offset)
        assert original == _original_offsets(text)[offset]
        # the translated character is the original one, or the `\n` of a line break
        if offset < len(src.text):
            assert src.text[offset] == text[original] or (
                src.text[offset] == "\n" and text[original] == "\r"
            )


@settings(max_examples=100, deadline=None)
@given(_TEXTS, st.integers(-3, 12), st.integers(-3, 60), st.sampled_from(ALL))
def test_any_position_maps_into_the_document(
    text: str, line: int, character: int, enc: PositionEncoding
) -> None:
    src = SourceText(text)
    offset = src.offset(Position(line, character), enc)
    assert 0 <= offset <= len(src.text)
    assert src.offset(src.position(offset, enc), enc) == offset


@settings(max_examples=400)
@given(_TEXTS, st.integers(0, 80), st.integers(0, 80), st.text("ab\n\r😀\t", max_size=8))
def test_an_edited_index_equals_a_fresh_one(text: str, a: int, b: int, new: str) -> None:
    """The patched line index (LF text) and the rebuilt one (CR anywhere) equal a fresh index."""
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    edited = SourceText(text).edited(start, end, new)
    fresh = SourceText(text[:start] + new + text[end:])
    assert edited.original == fresh.original and edited.text == fresh.text
    assert [edited.line_text(k) for k in range(edited.line_count)] == [
        fresh.line_text(k) for k in range(fresh.line_count)
    ]
    for offset in range(len(fresh.text) + 1):
        for enc in ALL:
            assert edited.position(offset, enc) == fresh.position(offset, enc)
        assert edited.original_offset(offset) == fresh.original_offset(offset)


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.sampled_from(ALL), st.lists(st.integers(-3, 60), max_size=12))
def test_many_offsets_at_once_are_placed_as_one_at_a_time(
    text: str, enc: PositionEncoding, offsets: list[int]
) -> None:
    src = SourceText(text)
    assert src.line_characters(offsets, enc) == [src.line_character(o, enc) for o in offsets]
