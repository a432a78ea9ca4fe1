"""The two renderings of a report: the hand-in's (Python-Markdown) and the preview's (GitHub-like).

`report.py html` makes the graded page with `markdown.markdown(text[43:])`: Python-Markdown, no
extensions, default settings. Students look at GitHub or VS Code, which follow CommonMark with
GitHub's tables, strikethrough and `$...$` math; markdown-it-py with those rules stands in for them.
Python-Markdown is imported on first use only: a report without a construct the two disagree on
never pays for it.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from ..caches import BoundedCache, text_cache

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

CUT = 43
"""How many characters `report.py html` drops before rendering (the old templates' front matter)."""

FRONT_MATTER = "---\nlayout: default\nnav_exclude: true\n---\n\n"
"""The Jekyll front matter the cut was written for; exactly `CUT` characters."""

TEMPLATE_TITLE = "# Exam template for 02476 Machine Learning Operations"
"""The title line of the templates without a front matter (since 2024-10-12)."""

UNIT_ENTRIES = 2048
"""How many rendered blocks are kept (a report has a few hundred)."""


def handin_html(text: str) -> str:
    """Return the hand-in page of a report's text (newlines already translated), as report.py does.

    The very call of `report.py html`: `markdown.markdown(text[43:])`.
    """
    import markdown

    return markdown.markdown(text[CUT:])


class _HandinRenderer:
    """One reused `markdown.Markdown()` (its construction costs more than a paragraph's render).

    `Markdown().convert` after `reset()` gives what `markdown.markdown` gives.
    """

    def __init__(self) -> None:
        import markdown

        self._md = markdown.Markdown()

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


@lru_cache(maxsize=1)
def _handin_renderer() -> _HandinRenderer:
    return _HandinRenderer()


def prepare_renderers() -> None:
    """Build both renderers now, Python-Markdown's import included, not in the first analysis."""
    _handin_renderer()
    preview_markdown()


_HANDIN: BoundedCache[str, str] = BoundedCache(UNIT_ENTRIES)
_PREVIEW: BoundedCache[str, str] = BoundedCache(UNIT_ENTRIES)


def render_handin(block: str) -> str:
    """Return Python-Markdown's HTML of a block (cached by its text)."""
    return _HANDIN.get(block, lambda: _handin_renderer().render(block))


def render_preview(block: str) -> str:
    """Return the GitHub-like HTML of a block (cached by its text).

    Rendered from the parse the candidates were found on, when it is still cached.
    """
    return _PREVIEW.get(block, lambda: _render_tokens(_parse(block)))


def _render_tokens(tokens: list[Token]) -> str:
    md = preview_markdown()
    html: str = md.renderer.render(tokens, md.options, {})
    return html


def preview_tokens(block: str) -> list[Token]:
    """Return the GitHub-like parse of a block (every block and inline token)."""
    return _parse(block)


@text_cache(256)
def _parse(block: str) -> list[Token]:
    return preview_markdown().parse(block)


# -- the GitHub-like renderer --------------------------------------------------------------------


def _math_inline(state: StateInline, silent: bool) -> bool:
    """Parse `$...$` (and `$$...$$`) as GitHub does: no space just inside, no digit after."""
    src, pos = state.src, state.pos
    if src[pos] != "$":
        return False
    marker = "$$" if src.startswith("$$", pos) else "$"
    start = pos + len(marker)
    if start >= state.posMax or src[start] in " \t\n":
        return False
    end = start
    while True:
        end = src.find(marker, end)
        if end == -1 or end >= state.posMax:
            return False
        if src[end - 1] == "\\" and marker == "$":
            end += 1
            continue
        break
    content = src[start:end]
    after = end + len(marker)
    if not content or content[-1] in " \t\n" or (after < len(src) and src[after].isdigit()):
        return False
    if not silent:
        token = state.push("math_inline", "span", 0)
        token.markup = marker
        token.content = content
    state.pos = after
    return True


def _render_math(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    from markdown_it.common.utils import escapeHtml

    return f'<span class="math">{escapeHtml(tokens[idx].content)}</span>'


@lru_cache(maxsize=1)
def preview_markdown() -> MarkdownIt:
    """Return the GitHub-like markdown-it: CommonMark with tables, strikethrough and `$` math."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.inline.ruler.before("escape", "math_inline", _math_inline)
    md.add_render_rule("math_inline", _render_math)
    return md


_PROBE = "mlops-report-probe.png"


def markdown_image_shows(text: str, start: int, end: int) -> bool:
    """Return whether an `![alt](path)` written over `text[start:end]` shows in both renderings.

    Inside an HTML block neither the hand-in nor GitHub reads Markdown (and the two disagree on
    where such a block ends), so the image is tried in place and both whole pages are rendered.
    """
    probe = f"{text[:start]}![probe]({_PROBE}){text[end:]}"
    src = f'src="{_PROBE}"'
    return src in handin_html(probe) and src in preview_markdown().render(probe)


# The hand-in's first element when Python-Markdown reads an image or link where a paragraph starts.
_FIRST_IMG_RE = re.compile(r'<p><img\b[^>]*?\ssrc="([^"]*)"')
_FIRST_LINK_RE = re.compile(r'<p><a\b[^>]*?\shref="([^"]*)"')


def handin_url(text: str, start: int, end: int, image: bool = True) -> str | None:
    """Return the URL the hand-in loads for the image (or link) written at `text[start:end]`.

    Python-Markdown reads it with the rest of the line it ends on (a link reads no further);
    the URL is its `src` (`href`) as a browser takes it: entities resolved, backslashes read as
    slashes. None when the hand-in shows no image (link) there.
    """
    stop = text.find("\n", end)
    rendered = render_handin(text[start : len(text) if stop == -1 else stop])
    m = (_FIRST_IMG_RE if image else _FIRST_LINK_RE).match(rendered)
    if m is None:
        return None
    return html.unescape(m.group(1)).replace("\\", "/")
