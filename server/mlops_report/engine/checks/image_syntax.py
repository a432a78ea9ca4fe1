"""Images written in a way `report.py` does not count, or that Markdown does not show."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Finding

if TYPE_CHECKING:
    from ..analysis import Analysis, FileSystem

_MESSAGES = {
    "link": (
        "image-as-link",
        "This links to an image but does not show it, and report.py does not count it: "
        "add `!` in front to make it an image.",
    ),
    "html": (
        "image-html",
        "report.py does not count HTML <img> tags: write it as `![alt](path)`.",
    ),
    "reference": (
        "image-reference",
        "report.py does not count reference-style images `![alt][ref]`: write it as "
        "`![alt](path)`.",
    ),
}


def check_image_syntax(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Find images as plain links, HTML or references (uncounted) and image markup in code."""
    for n, answer in sorted(analysis.answers.items()):
        for im in answer.question.images:
            data = {"kind": im.kind, "alt": im.alt, "path": im.path}
            if im.in_code:
                counted = "report.py still counts it" if im.counted else "report.py ignores it"
                yield Finding(
                    "image-in-code",
                    f"Question {n}: this image markup is inside code, so the page shows it as "
                    f"text, not as an image; {counted}.",
                    im.span.start, im.span.end, n, data,
                )  # fmt: skip
            elif im.kind in _MESSAGES:
                code, message = _MESSAGES[im.kind]
                yield Finding(code, f"Question {n}: {message}", im.span.start, im.span.end, n, data)
