"""Every finding code by name: the one list that settings, documentation and clients derive from.

A code is declared once, beside the check that finds it (`checks/`); the codes only the language
server produces are declared here.
"""

from __future__ import annotations

from .checks import CHECKS
from .codes import Code
from .findings import Severity

TOO_LARGE = Code(
    "too-large",
    Severity.INFORMATION,
    "Too large to check on every keystroke",
    "Editors only: a document over 2 MB or 50,000 lines is not checked on every keystroke (a "
    "report is 30-50 KB). `mlops-report check` still checks it in full.",
    server_only=True,
)


def _collect() -> dict[str, Code]:
    codes: dict[str, Code] = {}
    for code in (*(c for check in CHECKS for c in check.codes), TOO_LARGE):
        if code.name in codes:
            raise ValueError(f"finding code {code.name!r} is declared twice")
        codes[code.name] = code
    return codes


CODES: dict[str, Code] = _collect()
"""Every finding code, in the order of the documentation."""

HIDES_IMAGE: frozenset[str] = frozenset(c.name for c in CODES.values() if c.hides_image)
"""The codes whose image will not show on the hand-in page: missing, in code, a plain link..."""
