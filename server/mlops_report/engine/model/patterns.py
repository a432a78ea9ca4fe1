"""The patterns the model is found with: headings, fences, prompts' limits, images, placeholders."""

from __future__ import annotations

import re

HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$", re.M)
QUESTION_TITLE_RE = re.compile(r"^question\s*(\d+)\b", re.I)
# A question's heading line. As the template writes it: `### Question 5` at any level (a wrong
# one is heading-level's), words may follow. Bent, and then only at `###`: no space after the
# hashes (`###Question 5`), or the number as `Q5` with at most a stop after it (`### Q5`,
# `### Q.5:`). A `Q` with words after it (`### Q1: setup`) or at another level (`#### Q1`) is how
# sub-headings and FAQs are written: taking one for a question would hide what report.py does.
QUESTION_LINE_RE = re.compile(
    r"^ {0,3}(?:(?P<hashes>#{1,6})[ \t]+(?P<title>question[ \t]*(?P<number>\d+)\b[^\n]*?)"
    r"|###(?P<bent>question[ \t]*(?P<glued>\d+)\b[^\n]*?"
    r"|[ \t]*q\.?[ \t]*(?P<short>\d+)[ \t]*[.:)]?))"
    r"[ \t]*#*[ \t]*$",
    re.I | re.M,
)
LIST_MARKER = r"(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)"
"""A list item's marker and the space after it (or the line's end), as both renderers read it."""
HASH_LINE_RE = re.compile(r"^ {0,3}#[^\n]*", re.M)
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)$", re.M)
# `---`, not `-{3}`: a literal start lets the scan jump between dashes (25 times faster).
PLACEHOLDER_RE = re.compile(r"---[^\n]*?\bfill\s+here\b[^\n]*?---", re.I)
PLACEHOLDER_NUMBER_RE = re.compile(r"question\s+(\d+)", re.I)
WORD_LIMIT_RE = re.compile(r"length\s*:\s*(\d+)\s*-\s*(\d+)\s*words", re.I)
IMAGE_LIMIT_RE = re.compile(
    r"(?:\b(\d+)\s*(?:-|to)\s*(\d+)|\b(one|a|1)\b)\s+(?:images?|screenshots?|figures?)\b", re.I
)
# The label runs to its last character that is not a space or tab: greedy, not `(.*?)` tried
# against the line's end at every character (four times faster).
CHECKLIST_RE = re.compile(
    r"^[ \t]*[*+-][ \t]+\[([^\]\n]*)\][ \t]*((?:[^\n]*[^ \t\n])?)[ \t]*$", re.M
)
MODULE_RE = re.compile(r"\((M\d+(?:\+M\d+)*)\)\s*$")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.I)
HTML_SRC_RE = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
REF_IMAGE_RE = re.compile(r"!\[([^\]\n]*)\]\[([^\]\n]*)\]")
CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff")
