"""Image files: missing, wrong case, outside the hand-in or figures/, wrong type, remote, a page.

Files are only looked up (existence and directory listings), never opened.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..analysis import Analysis, Answer
from ..codes import Check, Code, Scope
from ..figures import BACKSLASHES, Location, locate, markdown_path, slashed
from ..filesystem import FileSystem
from ..findings import Finding, Severity
from ..fixes import Edit, Fix, FixContext
from ..handin.candidates import PM_ESCAPABLE
from ..handin.images import showing
from ..handin.render import handin_url
from ..insert_image import closest_figures
from ..model import ImageRef, Question

ALLOWED = (".png", ".jpg", ".jpeg")


def _change_path(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    """Write the path that exists (safe only when that file is really there).

    A missing file with no sure replacement gets the closest unused figures by name instead.
    A path only the hand-in reads wrongly gets none: the file is there, the writing is at fault.
    """
    if f.data.get("renderer") == "hand-in":
        return []
    new = f.data.get("replacement")
    raw = f.data.get("path")
    if (not isinstance(new, str) or not new) and isinstance(raw, str):
        return [
            Fix(f"Use `{other}` instead", (_path_edit(analysis, f, other),))
            for other in closest_figures(raw, analysis, ctx.figures)
        ]
    if not isinstance(new, str) or not new:
        return []
    raw = raw if isinstance(raw, str) else ""
    edits = _slash_edits(analysis, f, raw, new) or (_path_edit(analysis, f, new),)
    return [Fix(f"Change the path to `{new}`", edits, safe=ctx.exists(new), preferred=True)]


def _slash_edits(analysis: Analysis, f: Finding, raw: str, new: str) -> tuple[Edit, ...]:
    r"""Return edits writing `/` over each run of `\` in the path `raw`, when that makes `new`.

    Only the backslashes change: every other character stays as the student wrote it.
    """
    if "\\" not in raw or slashed(unquote(raw)) != new:
        return ()
    target = analysis.source.text[f.start : f.end]
    at = target.find(raw)
    if at == -1:
        return ()
    base = f.start + at
    return tuple(Edit(base + m.start(), base + m.end(), "/") for m in BACKSLASHES.finditer(raw))


def _path_edit(analysis: Analysis, f: Finding, new: str) -> Edit:
    """Return the edit writing `new` over the finding's range: the destination as written."""
    written = analysis.source.text[f.start : f.end]
    if len(written) >= 2 and written[0] == "<" and written[-1] == ">":
        return Edit(f.start + 1, f.end - 1, new)  # `<...>` holds spaces and parentheses as they are
    return Edit(f.start, f.end, markdown_path(new))


IMAGE_NOT_FOUND = Code(
    "image-not-found",
    Severity.WARNING,
    "Image file does not exist",
    "The image file does not exist, relative to the report, for the path GitHub and VS Code load "
    "(escapes such as `\\(` and entities such as `&amp;` read as they read them; a query such "
    "as `?raw=true` is not part of the name). Where the hand-in (Python-Markdown) reads the "
    "destination otherwise and loads another path, the message says which of the two misses "
    "the file; a miss only in the hand-in has no fix (the file is there; the destination's "
    "writing is at fault). The template's own example path (`figures/<image>.<extension>`) is "
    "reported here too.",
    fix=_change_path,
    fix_all=True,
    hides_image=True,
)
IMAGE_CASE_MISMATCH = Code(
    "image-case-mismatch",
    Severity.WARNING,
    "Image file name differs in letter case",
    "The file exists only with different letter case (`Registry.png` vs `registry.png`): fine on "
    "Windows and macOS, broken on Linux and on the web page graders look at.",
    fix=_change_path,
    fix_all=True,
    hides_image=True,
)
IMAGE_OUTSIDE_REPORTS = Code(
    "image-outside-reports",
    Severity.WARNING,
    "Image outside the report's folder: not in the hand-in",
    "The image is written as an absolute path (`/home/...`, `C:\\...`, `file://...`) or with "
    "`../` out of the report's folder. Only `reports/` is handed in, so the hand-in page will not "
    "show it (nor will GitHub an absolute path), though it shows on your machine. Put the file in "
    "`figures/` and write `figures/<file>`; when a file of that name is there already, the "
    "quick-fix writes its path.",
    fix=_change_path,
    hides_image=True,
)
IMAGE_BACKSLASH = Code(
    "image-backslash",
    Severity.INFORMATION,
    "Image path with a backslash",
    "The image path separates folders with `\\`, which only Windows reads so: write `/`. The "
    "hand-in still shows the image (Python-Markdown keeps a `\\` before a letter or digit, and "
    "browsers read it as `/`), but GitHub does not: it sends the `\\` as `%5C`, part of a file "
    "name. Before a character Python-Markdown escapes (``\\_``, ``\\-``, ``\\.``...) the hand-in "
    "drops the `\\` and does not find the file either: that is `image-not-found`. The quick fix "
    "(also in *Fix all*) writes `/` for each `\\` of the path, and is offered only when that file "
    "exists.",
    fix=_change_path,
    fix_all=True,
)
IMAGE_OUTSIDE_FIGURES = Code(
    "image-outside-figures",
    Severity.INFORMATION,
    "Image not in the figures/ folder",
    "The image is in the report's folder but not in `figures/`, or is a link there to a file "
    "elsewhere. (One written out of the folder is `image-outside-reports`.)",
)
IMAGE_EXTENSION = Code(
    "image-extension",
    Severity.WARNING,
    "Image is not .png, .jpg or .jpeg",
    "The template asks for `.png`, `.jpg` or `.jpeg`.",
)
IMAGE_REMOTE = Code(
    "image-remote",
    Severity.INFORMATION,
    "Image loaded from the web",
    "The image is loaded from the web; it breaks when the link changes or needs a login.",
)

# `https://github.com/OWNER/REPO/blob/REF/path`: the page GitHub shows for a file.
_GITHUB_PAGE_RE = re.compile(r"https?://(?:www\.)?github\.com/[^/?#]+/[^/?#]+/blob/[^?#]+", re.I)
_RAW_QUERY_RE = re.compile(r"[?&]raw=true(?:[&#]|$)", re.I)


def github_page_raw(url: str) -> int | None:
    """Return where `?raw=true` goes in `url` when it is GitHub's page for a file, else None.

    GitHub's documentation links an image in a repository as `.../blob/main/x.png?raw=true`:
    with it, the same address serves the file itself.
    """
    m = _GITHUB_PAGE_RE.match(url)
    if m is None or _RAW_QUERY_RE.search(url):
        return None
    hash_at = url.find("#", m.end())
    return hash_at if hash_at != -1 else len(url)


def _raw_url(analysis: Analysis, f: Finding, ctx: FixContext) -> list[Fix]:
    """Ask GitHub for the file itself: `?raw=true` (or `&raw=true`) after the page's address."""
    raw = f.data.get("path")
    if not isinstance(raw, str):
        return []
    at = github_page_raw(raw)
    where = analysis.source.text.find(raw, f.start, f.end)
    if at is None or where == -1:
        return []
    add = "&raw=true" if "?" in raw[:at] else "?raw=true"
    edit = Edit(where + at, where + at, add)
    return [Fix(f"Link the image file itself: add `{add}`", (edit,), safe=True, preferred=True)]


IMAGE_GITHUB_PAGE = Code(
    "image-github-page",
    Severity.WARNING,
    "Image is GitHub's page for the file, not the image",
    "`https://github.com/OWNER/REPO/blob/BRANCH/x.png` is the web page GitHub shows for a file. "
    "GitHub's own view of the report may show the image anyway, but a browser showing the "
    "hand-in page (or VS Code's preview) loads that HTML page, and no image shows. Add "
    "`?raw=true` (the quick-fix, as GitHub's documentation links images), or put the file in "
    "`figures/` and write its path.",
    fix=_raw_url,
    fix_all=True,
    hides_image=True,
)


def _case_match(base: Path, rel: str, fs: FileSystem) -> str | None:
    """Return `rel` with each part's letter case corrected, when exactly that file exists."""
    current = base
    fixed: list[str] = []
    for part in rel.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            current = current.parent
            fixed.append(part)
            continue
        names = fs.listdir(current)
        if names is None:
            return None
        if part in names:
            match = part
        else:
            folded = [n for n in names if n.lower() == part.lower()]
            if len(folded) != 1:
                return None
            match = folded[0]
        fixed.append(match)
        current = current / match
    return "/".join(fixed) if fs.is_file(current) else None


def _suggest(base: Path, rel: str, fs: FileSystem) -> str | None:
    """Suggest where a missing image may be: `reports/figures/x` written from inside `reports/`."""
    for prefix in ("reports/", "./reports/", "/reports/"):
        if rel.startswith(prefix) and fs.is_file(base / rel[len(prefix) :]):
            return rel[len(prefix) :]
    name = posixpath.basename(rel)
    if name and fs.is_file(base / "figures" / name):
        return f"figures/{name}"
    return None


_Found = tuple[Code, str, dict[str, Any]]
"""A finding's code, message and data; its range is the image path's, wherever it stands."""


def _check_one(
    n: int,
    raw: str,
    base: Path | None,
    fs: FileSystem,
    html: bool = False,
    where: str = "",
    template: bool = True,
) -> Iterator[_Found]:
    """Yield (code, message, data) for the image at path `raw` of question `n`.

    `html`: the path is an `<img>`'s `src`, which no Markdown renderer unescapes or encodes.
    `where` names the renderer that loads `raw` when the two load different paths; `template`
    whether `raw` is as written (the template's example path is told apart then).
    """
    loc = locate(raw, base, template)
    if loc.kind == "remote" and github_page_raw(raw) is not None:
        yield (
            IMAGE_GITHUB_PAGE,
            f"Q{n}: this is GitHub's web page for the image, not the image file: the hand-in "
            "page shows no image. Add `?raw=true`.",
            {"path": raw},
        )
        return
    if loc.kind == "remote":
        yield (
            IMAGE_REMOTE,
            f"Q{n}: image loaded from the web; put the file in figures/ instead.",
            {"path": raw},
        )
        return
    if loc.kind == "template":
        yield (
            IMAGE_NOT_FOUND,
            f"Q{n}: `{raw}` is the template's example path; write your image's name.",
            {"path": raw},
        )
        return
    if loc.kind != "file" or base is None or loc.path is None:
        return
    if "\\" in raw and not loc.absolute:
        yield from _backslashed(n, raw, loc, base, fs, html)
        return
    if not fs.is_file(loc.path):
        yield _missing(n, raw, loc, base, fs, where)
        return
    yield from _placed(n, raw, loc, base, fs)


def _missing(
    n: int, raw: str, loc: Location, base: Path, fs: FileSystem, where: str = ""
) -> _Found:
    """Say that the file is missing, or there in other letter case."""
    rel, absolute = loc.rel, loc.absolute
    fixed = None if absolute else _case_match(base, rel, fs)
    if fixed is not None:
        return (
            IMAGE_CASE_MISMATCH,
            f"Q{n}: the file is `{fixed}`, not `{rel}` (breaks on Linux and in the hand-in).",
            {"path": raw, "replacement": fixed},
        )
    suggestion = None if absolute else _suggest(base, rel, fs)
    hint = f" Did you mean `{suggestion}`?" if suggestion else ""
    return (
        IMAGE_NOT_FOUND,
        f"Q{n}: image file `{rel}` not found{where}.{hint}",
        {"path": raw, **({"replacement": suggestion} if suggestion else {})},
    )


_WINDOWS_ONLY = "`\\` separates folders only on Windows"


def _backslashed(
    n: int, raw: str, loc: Location, base: Path, fs: FileSystem, html: bool
) -> Iterator[_Found]:
    r"""Say what a path with `\` (`figures\a.png`) shows, judged the same on every system.

    Windows alone takes `\` for a folder; the file is looked up as the `/` path it means.
    """
    rel = slashed(loc.rel)
    where = Location("file", rel, False, base / rel)
    if not fs.is_file(base / rel):
        code, message, data = _missing(n, raw, where, base, fs)
        yield code, f"{message} ({_WINDOWS_ONLY}: write `/`.)", data
        return
    fix = f"{_WINDOWS_ONLY}: write `{rel}`"
    handin = loc.rel if html else _python_markdown_unescaped(loc.rel)
    if slashed(handin) != rel:  # an escape took a `\\`: the page asks for another file
        yield (
            IMAGE_NOT_FOUND,
            f"Q{n}: {fix}. The hand-in reads `{handin}`, which does not exist.",
            {"path": raw, "replacement": rel},
        )
    else:
        shown = (
            "" if html else " GitHub shows no image; the hand-in does (browsers read `\\` as `/`)."
        )
        yield IMAGE_BACKSLASH, f"Q{n}: {fix}.{shown}", {"path": raw, "replacement": rel}
    yield from _placed(n, raw, where, base, fs)


def _python_markdown_unescaped(path: str) -> str:
    r"""Return `path` as Python-Markdown writes it: `\` before a character it escapes dropped."""
    return re.sub(r"\\(.)", lambda m: m[1] if m[1] in PM_ESCAPABLE else m[0], path)


def _placed(n: int, raw: str, loc: Location, base: Path, fs: FileSystem) -> Iterator[_Found]:
    """Yield what is wrong with where an existing file is, and with its type."""
    rel, absolute, target = loc.rel, loc.absolute, loc.path
    assert target is not None
    normalized = posixpath.normpath(rel)
    if absolute or _leaves(base, normalized):
        yield _outside_reports(n, raw, loc, base, fs)
    elif not fs.realpath(target).is_relative_to(fs.realpath(base)):
        yield (
            IMAGE_OUTSIDE_FIGURES,
            f"Q{n}: `{rel}` links to a file outside the report's folder; copy it into figures/.",
            {"path": raw},
        )
    elif not normalized.startswith("figures/"):
        yield (
            IMAGE_OUTSIDE_FIGURES,
            f"Q{n}: `{rel}` is not in figures/; put images in figures/.",
            {"path": raw},
        )
    if posixpath.splitext(rel)[1].lower() not in ALLOWED:
        yield (
            IMAGE_EXTENSION,
            f"Q{n}: `{rel}` is not a .png, .jpg or .jpeg file.",
            {"path": raw},
        )


def _leaves(base: Path, normalized: str) -> bool:
    """Return whether a relative path goes out of the report's folder (`../reports/x` stays in)."""
    if normalized != ".." and not normalized.startswith("../"):
        return False
    folder = base.as_posix().rstrip("/")
    full = posixpath.normpath(posixpath.join(folder, normalized))
    return full != folder and not full.startswith(folder + "/")


def _outside_reports(n: int, raw: str, loc: Location, base: Path, fs: FileSystem) -> _Found:
    """Say that an image out of the report's folder will not show in the hand-in."""
    rel = loc.rel
    if loc.absolute:
        where = (
            "an absolute path: only this machine has it, so neither the hand-in nor GitHub "
            "will show the image"
        )
    else:
        where = (
            "outside the report's folder, and only that folder is handed in: the hand-in will "
            "not show the image"
        )
    name = posixpath.basename(rel.replace("\\", "/"))
    there = f"figures/{name}" if name and fs.is_file(base / "figures" / name) else None
    hint = f" `{there}` is there." if there else " Put it in figures/."
    return (
        IMAGE_OUTSIDE_REPORTS,
        f"Q{n}: `{rel}` is {where}.{hint}",
        {"path": raw, **({"replacement": there} if there else {})},
    )


_Verdict = tuple[_Found, ...]


def check_image_files(
    analysis: Analysis, q: Question, answer: Answer | None, fs: FileSystem
) -> Iterator[Finding]:
    """Check that every image an answer shows (or links) points at a proper file.

    The path is the one GitHub and VS Code load; where the hand-in (Python-Markdown) reads the
    destination otherwise and loads another path, both are looked up, and a missing file is
    said to be missing there.
    """
    base = analysis.base_dir
    # Verdicts are memoized under the folder's name: cheaper to hash and compare than its Path.
    folder = None if base is None else str(base)
    n = q.number
    if answer is None:
        return

    def verdict(path: str, where: str = "", template: bool = True, html: bool = False) -> _Verdict:
        compute = partial(_verdict, n, path, base, fs, html, where, template)
        return fs.memo(("image", n, path, folder, html, where, template), compute)

    for im, rel, shown in zip(q.images, q.relative_images, showing(q), strict=True):
        if shown.handin != "rendered" or im.kind == "reference":
            continue  # no file the hand-in loads: shown as text there, or defined elsewhere
        windows = _windows_path(im, base, fs)
        if im.kind == "html" or windows is not None:
            found = verdict(windows or im.path, "", True, im.kind == "html")
        else:
            found = _image_verdict(q.block, rel, base, verdict)
        for code, message, data in found:
            yield code(message, im.target_span.start, im.target_span.end, n, data)


def _windows_path(im: ImageRef, base: Path | None, fs: FileSystem) -> str | None:
    r"""Return a Markdown image's path as written when its `\` separates folders (Windows).

    A `\` CommonMark keeps (before a letter), or one whose `/` reading names a file, is a folder
    separator written on Windows (`image-backslash` judges the path as written). Otherwise a `\`
    is an escape, read away (`shot\(1\).png` names `shot(1).png`): None.
    """
    if "\\" not in im.target:
        return None
    written = im.target
    if len(written) >= 2 and written[0] == "<" and written[-1] == ">":
        written = written[1:-1]
    if "\\" in im.path or (base is not None and fs.is_file(base / slashed(unquote(written)))):
        return written
    return None


# A destination both renderers read alike: nothing Python-Markdown reads otherwise than CommonMark
# (escapes, entities, angle brackets, spaces, parentheses, quotes, code), and no title.
_PLAIN_RE = re.compile(r"""[^\s<>\\&"'()`]+""")
_MISSING = (IMAGE_NOT_FOUND, IMAGE_CASE_MISMATCH)


def _image_verdict(
    block: str, im: ImageRef, base: Path | None, verdict: Callable[[str, str, bool], _Verdict]
) -> _Verdict:
    """Return the findings about one image's file (`im` relative to `block`)."""
    plain = (
        im.commonmark
        and im.span.end == im.target_span.end + 1
        and _PLAIN_RE.fullmatch(im.target) is not None
    )
    if base is None or plain:
        return verdict(im.path, "", True)
    github = locate(im.path, base)
    if im.commonmark and github.kind != "file":
        return verdict(im.path, "", True)
    handin = handin_url(block, im.span.start, im.span.end, image=im.kind == "markdown")
    if not im.commonmark:
        # Only the hand-in may show it (`report.py` counts it all the same).
        return verdict(handin if handin is not None else im.path, "", True)
    if handin is None:
        return verdict(im.path, "", True)
    there = locate(handin, base, template=False)
    if there.kind == "file" and github.rel == there.rel:
        return verdict(im.path, "", True)
    on_github = verdict(im.path, "", True)
    missing = [f for f in on_github if f[0] in _MISSING]
    in_handin = verdict(handin, "", False)
    if not any(f[0] in _MISSING for f in in_handin):
        if not missing:
            return on_github
        where = f" on GitHub and in VS Code (the hand-in loads `{there.rel}`, which is there)"
        return verdict(im.path, where, True)
    if missing:
        return on_github  # missing for both: the path GitHub loads is the one to mend
    where = (
        " in the hand-in: Python-Markdown reads this destination otherwise than GitHub and VS "
        f"Code, which load `{github.rel}`"
    )
    return on_github + tuple(
        (code, message, {**data, "renderer": "hand-in"})
        for code, message, data in verdict(handin, where, False)
        if code in _MISSING
    )


def _verdict(
    n: int, path: str, base: Path | None, fs: FileSystem, html: bool, where: str, template: bool
) -> _Verdict:
    return tuple(_check_one(n, path, base, fs, html, where, template))


CHECK = Check(
    None,
    (
        IMAGE_NOT_FOUND,
        IMAGE_CASE_MISMATCH,
        IMAGE_OUTSIDE_REPORTS,
        IMAGE_BACKSLASH,
        IMAGE_OUTSIDE_FIGURES,
        IMAGE_EXTENSION,
        IMAGE_REMOTE,
        IMAGE_GITHUB_PAGE,
    ),
    per_question=check_image_files,
    scope=Scope.FILES,
)
