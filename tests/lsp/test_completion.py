"""Unit tests of image path completion."""

from __future__ import annotations

import pytest
from lsprotocol import types

from mlops_report.engine.text import PositionEncoding
from mlops_report.lsp.completion import completions, destination_start

from .feature_helpers import UTF16, analysis, report

FILES = ["figures/z.png", "figures/a.txt", "figures/sub/b.jpg", "figures/my shot.png"]


def in_order(result: types.CompletionList | None) -> list[types.CompletionItem]:
    """Return the items as the editor lists them (by their sort text)."""
    assert result is not None
    return sorted(result.items, key=lambda i: i.sort_text or "")


def complete(
    line: str, files: list[str] | None = None, enc: PositionEncoding = UTF16
) -> tuple[str, int, types.CompletionList | None]:
    text = report({21: line + "|"})
    offset = text.index(line + "|") + len(line)
    text = text[:offset] + text[offset + 1 :]
    a = analysis(text)
    return text, offset, completions(a, offset, enc, FILES if files is None else files)


@pytest.mark.parametrize(
    ("line", "typed"),
    [
        ("![x](", ""),
        ("![x](figures/", "figures/"),
        ("See [a link](figures/s", "figures/s"),
        ("![x](<fig", "fig"),
        ("![x](<figures/my shot (", "figures/my shot ("),
        ("![a](figures/figure.png) and ![b](", ""),
    ],
)
def test_inside_a_destination_every_figure_is_offered(line: str, typed: str) -> None:
    items = in_order(complete(line)[2])
    assert [i.label for i in items] == [
        "figures/my shot.png",
        "figures/sub/b.jpg",
        "figures/z.png",
        "figures/a.txt",  # not an image: last
    ]
    edit = items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    assert edit.range.end.character - edit.range.start.character == len(typed)
    bracketed = "<" in line
    assert edit.new_text == ("figures/my shot.png" if bracketed else "figures/my%20shot.png")
    assert items[-1].detail == "not an image"


@pytest.mark.parametrize(
    "line", ["plain words (", "![x](figures/a.png) after", "[a] (", "![x](figures/a b"]
)
def test_outside_a_destination_nothing(line: str) -> None:
    assert complete(line)[2] is None


def test_an_angled_path_with_parentheses_counts_as_used() -> None:
    _, _, result = complete("![b](<figures/my shot (1).png>) ![c](", ["figures/my shot (1).png"])
    assert result is not None
    assert [i.detail for i in result.items] == ["image, already used"]


def test_used_images_are_marked() -> None:
    _, _, result = complete("![b](figures/z.png) ![c](", ["figures/z.png", "figures/y.png"])
    assert result is not None
    details = {i.label: i.detail for i in result.items}
    assert details == {
        "figures/z.png": "image, already used",
        "figures/y.png": "image, not used yet",
    }


def test_the_replaced_range_counts_utf16_units() -> None:
    text = report({21: "😀 ![x](fig"})
    offset = text.index("(fig", text.index("😀")) + 4
    a = analysis(text)
    assert destination_start(a, offset) == (offset - 3, False)
    result = completions(a, offset, UTF16, ["figures/z.png"])
    assert result is not None
    edit = result.items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    # The emoji is two UTF-16 units: `😀 ![x](` is 8 of them.
    assert (edit.range.start.character, edit.range.end.character) == (8, 11)


def test_images_no_answer_uses_come_first() -> None:
    files = ["figures/a.png", "figures/b.png", "figures/c.txt", "figures/d.png"]
    items = in_order(complete("![b](figures/a.png) ![c](", files)[2])
    # The screenshot about to be added is one not shown yet.
    assert [i.label for i in items] == [
        "figures/b.png",
        "figures/d.png",
        "figures/a.png",
        "figures/c.txt",
    ]


@pytest.mark.parametrize(
    ("before", "after", "replaced"),
    [
        ("![x](figures/Buck", "ets.png) and more", "figures/Buckets.png"),
        ("![x](<figures/my sh", "ot (1).png>) more", "figures/my shot (1).png"),
        ("![x](figures/", "", "figures/"),
        # the destination as CommonMark reads it: balanced parentheses and escapes are in it
        ("![x](figures/ru", "n(2).png) more", "figures/run(2).png"),
        ("![x](figures/ru", 'n\\(2\\).png "t") more', "figures/run\\(2\\).png"),
    ],
)
def test_completing_inside_a_path_replaces_all_of_it(
    before: str, after: str, replaced: str
) -> None:
    text = report({21: before + after})
    offset = text.index(before) + len(before)
    a = analysis(text)
    result = completions(a, offset, UTF16, ["figures/z.png"])
    assert result is not None
    edit = result.items[0].text_edit
    assert isinstance(edit, types.TextEdit)
    line_start = text.rfind("\n", 0, offset) + 1
    start = line_start + edit.range.start.character
    end = line_start + edit.range.end.character
    assert text[start:end] == replaced
    line = (text[:start] + edit.new_text + text[end:]).split("\n")[text.count("\n", 0, offset)]
    rest = after[len(replaced) - len(before) + before.index("(") + 1 + ("<" in before) :]
    assert line == before[: before.index("(") + 1] + ("<" if "<" in before else "") + (
        edit.new_text + rest
    )


# -- a whole image after `![` --------------------------------------------------------------------


def completed_line(before: str, after: str = "", files: list[str] | None = None) -> list[str]:
    """Return the line `before|after` as each offered item leaves it, in the editor's order."""
    text = report({21: before + "|" + after})
    offset = text.index(before + "|" + after) + len(before)
    text = text[:offset] + text[offset + 1 :]
    result = completions(analysis(text), offset, UTF16, FILES if files is None else files)
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:].split("\n")[0]
    units = line.encode("utf-16-le")

    def at(character: int) -> int:  # a UTF-16 position on the line as a string index
        return len(units[: 2 * character].decode("utf-16-le"))

    lines = []
    for item in in_order(result):
        edit = item.text_edit
        assert isinstance(edit, types.TextEdit)
        assert edit.range.start.line == edit.range.end.line == text.count("\n", 0, offset)
        start, end = at(edit.range.start.character), at(edit.range.end.character)
        lines.append(line[:start] + edit.new_text + line[end:])
    return lines


def test_after_a_bare_image_opening_every_image_is_offered_whole() -> None:
    # Images only (a text file is no image to show), unused first as in a destination.
    assert completed_line("![") == [
        "![my shot](figures/my%20shot.png)",
        "![b](figures/sub/b.jpg)",
        "![z](figures/z.png)",
    ]
    items = in_order(complete("![")[2])
    assert [i.label for i in items] == ["figures/my shot.png", "figures/sub/b.jpg", "figures/z.png"]
    assert {i.detail for i in items} == {"image, not used yet"}
    assert all(i.insert_text_format is None for i in items)  # plain text unless asked


def test_used_images_come_after_the_unused_ones() -> None:
    files = ["figures/a.png", "figures/b.png", "figures/c.txt"]
    assert completed_line("![x](figures/a.png) and ![", "", files) == [
        "![x](figures/a.png) and ![b](figures/b.png)",
        "![x](figures/a.png) and ![a](figures/a.png)",
    ]


@pytest.mark.parametrize(
    ("before", "after", "line"),
    [
        # The editor closed the bracket: the `]` is part of what is replaced.
        ("![", "]", "![z](figures/z.png)"),
        ("Our runs: ![", "] as logged.", "Our runs: ![z](figures/z.png) as logged."),
        # Alt text written already stays, wherever the cursor is in it.
        ("![the bucket", "", "![the bucket](figures/z.png)"),
        ("![the buc", "ket]", "![the bucket](figures/z.png)"),
        # Words after an unclosed `![` are the student's, not alt text: they stay.
        ("![", " and more [a](b)", "![z](figures/z.png) and more [a](b)"),
        ("😀 ![", "]", "😀 ![z](figures/z.png)"),
    ],
)
def test_an_image_opening_becomes_a_whole_image(before: str, after: str, line: str) -> None:
    assert completed_line(before, after, ["figures/z.png"]) == [line]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("![alt", "](figures/z.png)"),  # a written image: its alt text is just being edited
        ("![al", "t][ref]"),
        ("See [a", ""),  # a link, not an image
        ("![a] ", ""),
        ("![a](figures/z.png) ", ""),
    ],
)
def test_no_image_completion_where_no_image_is_begun(before: str, after: str) -> None:
    text = report({21: before + "|" + after})
    offset = text.index(before + "|" + after) + len(before)
    text = text[:offset] + text[offset + 1 :]
    assert completions(analysis(text), offset, UTF16, FILES) is None


def test_an_image_opening_with_snippets_leaves_the_alt_text_to_write_over() -> None:
    text = report({21: "![]"})
    offset = text.index("![]") + 2
    files = ["figures/z.png", "figures/cost $5}.png"]
    result = completions(analysis(text), offset, UTF16, files, snippets=True)
    items = in_order(result)
    assert [i.insert_text_format for i in items] == [types.InsertTextFormat.Snippet] * 2
    texts = [i.text_edit.new_text for i in items if isinstance(i.text_edit, types.TextEdit)]
    assert texts == [
        r"![${1:cost \$5\}}](figures/cost%20\$5\}.png)$0",
        "![${1:z}](figures/z.png)$0",
    ]
    # The filter text is what the line will read, so typing on after `![` narrows the list.
    assert [i.filter_text for i in items] == [
        "![cost $5}](figures/cost%20$5}.png)",
        "![z](figures/z.png)",
    ]
