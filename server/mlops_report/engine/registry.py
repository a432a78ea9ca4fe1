"""Every finding code by name: the one list that settings, documentation and clients derive from.

A code is declared once, beside the check that finds it (`checks/`); the codes only the language
server produces are declared here.
"""

from __future__ import annotations

from .checks import CHECKS
from .codes import Code
from .findings import Severity
from .handin import CHECK as HANDIN

TOO_LARGE = Code(
    "too-large",
    Severity.INFORMATION,
    "Too large to check on every keystroke",
    "Editors only: a document over 2 MB or 50,000 lines is not checked on every keystroke (a "
    "report is 30-50 KB). `mlops-report check` still checks it in full.",
    server_only=True,
)

OUT_OF_SYNC = Code(
    "out-of-sync",
    Severity.WARNING,
    "Lost track of the file's text",
    "Editors only: the editor sent a change the checker could not apply (one it could not read, "
    "or at a line the file does not have), so its copy of the file may differ from what you see. "
    "Rather than check the wrong text, or offer a quick fix that would change the wrong words, it "
    "checks nothing in the file and offers no hover, quick fix or completion there until the "
    "editor sends the whole text again: close and reopen the file.",
    server_only=True,
)


def _collect() -> dict[str, Code]:
    codes: dict[str, Code] = {}
    for code in (*(c for check in CHECKS for c in check.codes), TOO_LARGE, OUT_OF_SYNC):
        if code.name in codes:
            raise ValueError(f"finding code {code.name!r} is declared twice")
        codes[code.name] = code
    return codes


CODES: dict[str, Code] = _collect()
"""Every finding code, in the order of the documentation."""

HIDES_IMAGE: frozenset[str] = frozenset(c.name for c in CODES.values() if c.hides_image)
"""The codes whose image will not show on the hand-in page: missing, in code, a plain link..."""

HANDIN_CODES: frozenset[str] = frozenset(c.name for c in HANDIN.codes)
"""The codes of the hand-in check: where the page graders read differs from what GitHub shows."""


def importance(code: str, severity: Severity) -> tuple[int, int]:
    """Return how much a finding of `code` at `severity` matters for the grade (smallest first).

    Its level first: what fails `report.py` is an error, what hurts the hand-in a warning.
    Within a level, what makes `report.py check` stop (it then judges nothing), then an image
    that will not show, then the rest, and the hand-in's formatting last. For output that only
    so many findings of a kind get through (GitHub's annotations).
    """
    declared = CODES.get(code)
    if declared is not None and declared.stops_report_py:
        tier = 0
    elif declared is not None and declared.hides_image:
        tier = 1
    else:
        tier = 3 if code in HANDIN_CODES else 2
    return int(severity), tier
