"""Images whose markup a renderer shows as text: in the hand-in (graded), or on GitHub alone."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis import Analysis, Answer
from ..codes import Check, Code, Scope
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..handin.images import Shown, showing
from ..model import Question

IMAGE_IN_CODE = Code(
    "image-in-code",
    Severity.WARNING,
    "Image markup inside code",
    "The hand-in (the page `report.py html` makes, which graders read) shows the image's markup "
    "as text: inside backticks or a code block, or inside an HTML block such as "
    '`<p align="center">`, where Python-Markdown reads no Markdown. An image inside an HTML '
    "comment does not show at all. `report.py` still counts a `![alt](path)` there. The message "
    "says whether GitHub shows it.",
    hides_image=True,
)
IMAGE_PREVIEW_TEXT = Code(
    "image-preview-text",
    Severity.INFORMATION,
    "Image shows as text on GitHub only",
    "The hand-in shows the image, but GitHub and VS Code's preview show its markup as text: "
    "usually an image on the line right after a line that is only an HTML tag (`<img ...>`), "
    "which opens an HTML block there that runs to the next blank line. Nothing is wrong with "
    "the graded page; a blank line between the two shows the image on GitHub too.",
)

_HANDIN: dict[Shown, str] = {
    "code": "image markup inside code shows as text",
    "text": "image markup inside an HTML block shows as text",
    "comment": "an image inside an HTML comment does not show",
    "gone": "this image does not show",
}
_GITHUB: dict[Shown, str] = {
    "code": "shows this {what} as text inside code",
    "text": "shows this {what} as text inside an HTML block",
    "comment": "does not show this {what} (it is inside an HTML comment)",
    "gone": "does not show this {what}",
}


def _github(shown: Shown, what: str) -> str:
    return _GITHUB[shown].format(what=what)


def check_image_shown(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Find the images of an answer that the hand-in, or GitHub alone, does not show."""
    if answer is None:
        return
    n = q.number
    for im, shown in zip(q.images, showing(q), strict=True):
        data = {"kind": im.kind, "alt": im.alt, "path": im.path, "preview": shown.preview}
        what = "link" if im.kind == "link" else "image"
        if shown.handin != "rendered":
            counted = "report.py still counts it" if im.counted else "report.py ignores it"
            if shown.preview == shown.handin:
                github = (
                    " or on GitHub" if shown.handin in ("comment", "gone") else " and on GitHub"
                )
            elif shown.preview == "rendered":
                github = f"; GitHub shows the {what}"
            else:
                github = f"; GitHub {_github(shown.preview, what)}"
            yield IMAGE_IN_CODE(
                f"Q{n}: {_HANDIN[shown.handin]} in the hand-in{github} ({counted}).",
                im.span.start, im.span.end, n, {**data, "handin": shown.handin},
            )  # fmt: skip
        elif shown.preview != "rendered":
            yield IMAGE_PREVIEW_TEXT(
                f"Q{n}: GitHub (and VS Code's preview) {_github(shown.preview, what)}; "
                f"the hand-in shows the {what}.",
                im.span.start, im.span.end, n, data,
            )  # fmt: skip


CHECK = Check(
    None,
    (IMAGE_IN_CODE, IMAGE_PREVIEW_TEXT),
    per_question=check_image_shown,
    scope=Scope.ANSWER,
)
