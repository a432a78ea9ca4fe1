"""The `handin-*` codes: where the graded page differs from what the student sees, and how to mend.

Each explanation is the README's section for its code, with a short before/after example.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..codes import Code
from ..findings import Severity
from ..fixes import Edit, Fix

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..findings import Finding
    from ..fixes import FixContext


def _fix(analysis: Analysis, finding: Finding, ctx: FixContext) -> list[Fix]:
    from .fixes import handin_fixes

    return [
        Fix(h.action, tuple(Edit(*e) for e in h.edits), h.safe, h.preferred, h.notes)
        for h in handin_fixes(analysis, finding)
    ]


def _example(before: str, after: str) -> str:
    return f"\n\n```markdown\n{before}\n```\n\nwrite:\n\n```markdown\n{after}\n```"


_HANDIN = (
    " The hand-in is the page `report.py html` makes with Python-Markdown, which graders read; "
    "GitHub and VS Code show the report differently."
)

LIST_BLANK_LINE = Code(
    "handin-list-blank-line",
    Severity.WARNING,
    "Hand-in: list without a blank line before it",
    "A list right after a line of text (or the `> Answer:` line, a fence or a table) with no blank "
    "line between: in the hand-in its items run into that line as one paragraph, with the `-` "
    "and `1.` markers shown as text."
    + _HANDIN
    + " Instead of"
    + _example("We used:\n- Cloud Run\n- Vertex AI", "We used:\n\n- Cloud Run\n- Vertex AI"),
    fix=_fix,
    fix_all=True,
)
FENCED_CODE = Code(
    "handin-fenced-code",
    Severity.WARNING,
    "Hand-in: fenced code is not a code block",
    "Python-Markdown without extensions has no fenced code: in the hand-in ```` ``` ```` code is "
    "one line of inline code starting with its language word, or, with a blank line inside, "
    "literal backticks with `#` lines turned into headings; `~~~` shows as text. Indent the code "
    "4 spaces (8 inside a list item) instead, with a blank line before. The quick-fix does it "
    "(it drops the language word, which an indented block cannot carry)."
    + _example("```bash\npython train.py\n```", "    python train.py"),
    fix=_fix,
)
TABLE = Code(
    "handin-table",
    Severity.WARNING,
    "Hand-in: table shows as a paragraph of pipes",
    "The hand-in has no tables: a pipe table is one paragraph of `|` characters. No table syntax "
    "works in both: use a screenshot, or show it as code (the quick-fix indents it 4 spaces and "
    "keeps its text)."
    + _example(
        "| Model | Acc |\n|---|---|\n| CNN | 0.9 |",
        "    | Model | Acc |\n    |---|---|\n    | CNN | 0.9 |",
    ),
    fix=_fix,
)
LIST_INDENT = Code(
    "handin-list-indent",
    Severity.WARNING,
    "Hand-in: sub-list indented less than 4 spaces",
    "Python-Markdown nests a list only when it is indented 4 spaces per level (a tab counts 4): "
    "with 2 or 3, the hand-in flattens the sub-list into its parent."
    + _example("- Data\n  - raw\n  - processed", "- Data\n    - raw\n    - processed"),
    fix=_fix,
    fix_all=True,
)
LIST_CONTINUATION = Code(
    "handin-list-continuation",
    Severity.WARNING,
    "Hand-in: list item runs into the text above",
    "After a blank line and an indented paragraph inside an item, the next item's marker needs a "
    "blank line before it: without one the hand-in shows that item and the ones after it as text "
    "of the paragraph (and it needs the paragraph indented 4 spaces per level)."
    + _example("1. Build\n\n    the image\n2. Push", "1. Build\n\n    the image\n\n2. Push"),
    fix=_fix,
    fix_all=True,
)
LIST_PAREN = Code(
    "handin-list-paren",
    Severity.WARNING,
    "Hand-in: `1)` list shows as text",
    "Python-Markdown knows only `1.` for numbered lists: a list written `1)` is plain text in the "
    "hand-in." + _example("1) Build\n2) Push", "1. Build\n2. Push"),
    fix=_fix,
    fix_all=True,
)
MATH = Code(
    "handin-math",
    Severity.WARNING,
    "Hand-in: math shows as raw source",
    "GitHub and VS Code render `$...$` as math; the hand-in has no math and shows the source, "
    "backslashes and all. Write it in words or plain symbols."
    + _example("Coverage was $81\\%$.", "Coverage was 81%."),
)
ANGLE_TEXT = Code(
    "handin-angle-text",
    Severity.WARNING,
    "Hand-in: `<text>` vanishes or becomes a link",
    "Text in angle brackets that GitHub shows as it is, Python-Markdown takes for an HTML tag "
    "(it vanishes from the page) or, with an `@`, for an e-mail link. Put it in backticks or "
    "write `&lt;` for `<` (the quick-fix)."
    + _example("Logs are in <reports\\log.txt>.", "Logs are in `<reports\\log.txt>`."),
    fix=_fix,
    fix_all=True,
)
LIST_START = Code(
    "handin-list-start",
    Severity.INFORMATION,
    "Hand-in: list renumbered from 1",
    "GitHub starts a numbered list at its first number; the hand-in always numbers from 1, so a "
    "list continued after an image or a paragraph restarts. Keep the steps in one list (indent "
    "what comes between them 4 spaces) or write the numbers as text."
    + _example(
        "1. Build\n\n![x](figures/a.png)\n\n2. Push",
        "1. Build\n\n    ![x](figures/a.png)\n\n2. Push",
    ),
)
BARE_URL = Code(
    "handin-bare-url",
    Severity.HINT,
    "Hand-in: URL is not a link",
    "GitHub links a bare `https://` or `www.` address; the hand-in shows it as plain text. Put it "
    "in angle brackets (the quick-fix; a `www.` address gets a link to `http://`), or write a "
    "link. GitHub's rules decide what is reported: an address whose host has a `_` in its last two "
    "parts (`https://MY_SERVICE_URL/predict`) is text on GitHub too, and trailing punctuation "
    "or an unmatched `)` is not part of the link."
    + _example("See https://example.com", "See <https://example.com>"),
    fix=_fix,
    fix_all=True,
)
LINK_OUTSIDE = Code(
    "handin-link-outside",
    Severity.INFORMATION,
    "Hand-in: link outside reports/ is dead",
    "Only the `reports/` folder is scraped for the hand-in: a link to `../` or `/` points at "
    "nothing there. Link to the file's full GitHub URL instead."
    + _example(
        "[Dockerfile](../dockerfiles/train.dockerfile)",
        "[Dockerfile](https://github.com/<you>/<repo>/blob/main/dockerfiles/train.dockerfile)",
    ),
)
ESCAPE = Code(
    "handin-escape",
    Severity.INFORMATION,
    "Hand-in: backslash escape shows",
    "Python-Markdown escapes only ``\\ ` * _ { } [ ] ( ) > # + - . !``: before any other "
    "character (`\\$`, `\\%`, `\\&`) the backslash stays on the page. Drop it (the quick-fix). "
    "A `\\$` often stops GitHub's `$...$` math: where dropping it could start math with another "
    "`$` of the paragraph, the quick-fix says so and is neither preferred nor in *Fix all*."
    + _example("It cost \\$13.", "It cost $13."),
    fix=_fix,
    fix_all=True,
)


def _front_matter_blank_lines(analysis: Analysis, finding: Finding, ctx: FixContext) -> list[Fix]:
    at, lines = finding.data.get("insert_at"), finding.data.get("lines")
    if not isinstance(at, int) or not isinstance(lines, int) or lines < 1:
        return []
    what = "a blank line" if lines == 1 else f"{lines} blank lines"
    title = f"Add {what} after the front matter"
    return [Fix(title, (Edit(at, at, "\n" * lines),), safe=True, preferred=True)]


TITLE_CUT = Code(
    "handin-title-cut",
    Severity.INFORMATION,
    "Hand-in: report.py html cuts the title",
    "`report.py html` drops the first 43 characters of the report, the length of the first "
    "templates' front matter with the blank line after it. A front matter without that blank line "
    "loses the `#` of the title too, which then shows as a paragraph: the quick-fix adds the "
    "blank line. A report that starts with a title of its own loses its first 43 characters. "
    "Templates since 2024-10-12 have no front matter, so every group's page loses "
    "`# Exam template for 02476 Machine Learning ` and begins with \u201cOperations\u201d: "
    "nothing to do, so no finding says it (hovering over the title does).",
    fix=_front_matter_blank_lines,
    fix_all=True,
)

CODES = (
    LIST_BLANK_LINE,
    FENCED_CODE,
    TABLE,
    LIST_INDENT,
    LIST_CONTINUATION,
    LIST_PAREN,
    MATH,
    ANGLE_TEXT,
    LIST_START,
    BARE_URL,
    LINK_OUTSIDE,
    ESCAPE,
    TITLE_CUT,
)
"""Every `handin-*` code, in the order of the documentation."""

BY_NAME = {code.name: code for code in CODES}
