"""Image files: missing, wrong letter case, outside `figures/`, wrong type, or on the web.

Files are only looked up (existence and directory listings), never opened.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Hashable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from ..findings import Finding

if TYPE_CHECKING:
    from ..analysis import Analysis, FileSystem

ALLOWED = (".png", ".jpg", ".jpeg")
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_TEMPLATE_EXAMPLE = re.compile(r"<[^>]*>")


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


_Found = tuple[str, str, dict[str, Any]]
"""A finding's code, message and data; its range is the image path's, wherever it stands."""


def _check_one(n: int, raw: str, base: Path | None, fs: FileSystem) -> Iterator[_Found]:
    """Yield (code, message, data) for the image at path `raw` of question `n`."""
    if not raw or raw.startswith(("data:", "#")):
        return
    if _REMOTE.match(raw) and not raw.lower().startswith("file:"):
        yield (
            "image-remote",
            f"Question {n}: this image is loaded from the web. It breaks if the link changes or "
            "needs a login; the template asks for a file in figures/.",
            {"path": raw},
        )
        return
    if _TEMPLATE_EXAMPLE.search(raw):
        yield (
            "image-not-found",
            f"Question {n}: `{raw}` is the template's example path; put your image in figures/ "
            "and write its real name.",
            {"path": raw},
        )
        return
    rel = unquote(urlparse(raw).path if raw.lower().startswith("file:") else raw)
    ext = posixpath.splitext(rel)[1].lower()
    if base is None:
        return
    absolute = rel.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", rel) is not None
    target = Path(rel) if absolute else base / rel
    exists = fs.is_file(target)
    if not exists:
        fixed = None if absolute else _case_match(base, rel, fs)
        if fixed is not None:
            yield (
                "image-case-mismatch",
                f"Question {n}: the file is `{fixed}`, not `{rel}`. That works on Windows and "
                "macOS but breaks on Linux and on the web page graders see.",
                {"path": raw, "replacement": fixed},
            )
            return
        suggestion = None if absolute else _suggest(base, rel, fs)
        hint = f" Did you mean `{suggestion}`?" if suggestion else ""
        yield (
            "image-not-found",
            f"Question {n}: image file `{rel}` does not exist (relative to the report).{hint}",
            {"path": raw, **({"replacement": suggestion} if suggestion else {})},
        )
        return
    normalized = posixpath.normpath(rel)
    inside = not absolute and not normalized.startswith("..")
    if inside and not fs.realpath(target).is_relative_to(fs.realpath(base)):
        yield (
            "image-outside-figures",
            f"Question {n}: `{rel}` is a symbolic link to a file outside the report's folder, "
            "which the hand-in will not contain; copy the file into figures/.",
            {"path": raw},
        )
    elif absolute or not normalized.startswith("figures/"):
        where = (
            "an absolute path, which works only on your machine"
            if absolute
            else (
                "outside the report's folder" if normalized.startswith("..") else "not in figures/"
            )
        )
        yield (
            "image-outside-figures",
            f"Question {n}: `{rel}` is {where}; the template asks for images in figures/.",
            {"path": raw},
        )
    if ext not in ALLOWED:
        yield (
            "image-extension",
            f"Question {n}: `{rel}` is not a .png, .jpg or .jpeg file, which the template asks "
            "for.",
            {"path": raw},
        )


_Verdict = tuple[_Found, ...]


def check_image_files(analysis: Analysis, fs: FileSystem) -> Iterator[Finding]:
    """Check that every image an answer shows (or links) points at a proper file."""
    base = analysis.base_dir
    # Verdicts are memoized where `fs` offers a memo, under the folder's name: cheaper to hash
    # and compare than its Path, for each of a report's images on every keystroke.
    memo: Callable[[Hashable, Callable[[], _Verdict]], _Verdict] | None = getattr(fs, "memo", None)
    folder = None if base is None else str(base)
    for n, answer in sorted(analysis.answers.items()):
        for im in answer.question.images:
            if im.in_code or im.kind == "reference":
                continue
            compute = partial(_verdict, n, im.path, base, fs)
            verdict = compute() if memo is None else memo(("image", n, im.path, folder), compute)
            for code, message, data in verdict:
                yield Finding(code, message, im.target_span.start, im.target_span.end, n, data)


def _verdict(n: int, path: str, base: Path | None, fs: FileSystem) -> _Verdict:
    return tuple(_check_one(n, path, base, fs))
