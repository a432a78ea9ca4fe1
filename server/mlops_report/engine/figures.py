"""The report's image files: listing `figures/`, written paths, and inserting an image.

Only metadata is ever read (directory listings and `stat`); image contents never are.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlparse

from .analysis import Analysis
from .filesystem import FileSystem
from .model import IMAGE_EXTENSIONS

FIGURES = "figures"
MAX_FILES = 500
MAX_DEPTH = 4
REMOTE_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
"""A URL with a scheme (`https://`, `file://`, ...)."""


_TEMPLATE_EXAMPLE = re.compile(r"<[^>]*>")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class Location(NamedTuple):
    """Where a written image path points.

    `kind` is `empty`, `data` (inline data), `anchor` (`#...`), `remote` (a web URL), `template`
    (the template's `<image>` example) or `file`; for a file, `rel` is the path as written and
    decoded (a query or fragment left out), and `path` the file it names (None when a relative
    path has no folder to resolve in).
    """

    kind: str
    rel: str = ""
    absolute: bool = False
    path: Path | None = None


def locate(raw: str, base: Path | None, template: bool = True) -> Location:
    """Return where the image path `raw` (as written in the report at `base`) points.

    `template=False` reads `<...>` as part of a file's name, not as the template's example: a
    renderer may load such a path (the hand-in, misreading a destination in angle brackets).
    """
    if not raw:
        return Location("empty")
    if raw.startswith("data:"):
        return Location("data")
    if raw.startswith("#"):
        return Location("anchor")
    is_file_url = raw.lower().startswith("file:")
    if REMOTE_RE.match(raw) and not is_file_url:
        return Location("remote")
    if template and _TEMPLATE_EXAMPLE.search(raw):
        return Location("template")
    # A browser asks for the path alone: a query (`?raw=true`) or fragment is not the file's name.
    rel = unquote(urlparse(raw).path if is_file_url else re.split(r"[?#]", raw, maxsplit=1)[0])
    absolute = rel.startswith("/") or _DRIVE.match(rel) is not None
    if absolute:
        return Location("file", rel, True, Path(rel))
    return Location("file", rel, False, None if base is None else base / rel)


BACKSLASHES = re.compile(r"\\+")
"""A run of `\\` in a written path: a folder separator on Windows alone."""


def slashed(path: str) -> str:
    r"""Return `path` with each run of `\` written as one `/`: the file a Windows path means."""
    return BACKSLASHES.sub("/", path)


def figure_files(fs: FileSystem, base_dir: Path | None) -> list[str]:
    """Return every file under `base_dir/figures/` as a report-relative path, sorted.

    Hidden names are skipped; the walk stops at `MAX_DEPTH` folders deep and `MAX_FILES` files
    so a huge folder cannot stall a request.
    """
    if base_dir is None:
        return []
    found: list[str] = []

    def walk(folder: Path, rel: str, depth: int) -> None:
        names = fs.listdir(folder)
        if names is None:
            return
        for name in sorted(names):
            if len(found) >= MAX_FILES:
                return
            if name.startswith("."):
                continue
            child, child_rel = folder / name, f"{rel}/{name}"
            if fs.is_file(child):
                found.append(child_rel)
            elif depth < MAX_DEPTH:
                walk(child, child_rel, depth + 1)

    walk(base_dir / FIGURES, FIGURES, 1)
    return sorted(found)


def is_image_name(path: str) -> bool:
    """Return whether a file name has an image extension."""
    return path.lower().endswith(IMAGE_EXTENSIONS)


def normalized(path: str) -> str:
    """Return a written image path in a comparable form: unquoted, `./` dropped, case folded."""
    p = unquote(path.strip()).replace("\\", "/")
    if not p:
        return ""
    return posixpath.normpath(p).casefold()


def used_paths(analysis: Analysis) -> set[str]:
    """Return the normalised paths every answer's images (of any kind) point at."""
    return {
        normalized(im.path)
        for q in analysis.model.questions
        for im in q.images
        if im.kind != "reference" and im.path
    }


def unused_images(analysis: Analysis, files: list[str]) -> list[str]:
    """Return the image files among `files` that no answer uses yet (letter case ignored)."""
    used = used_paths(analysis)
    return sorted(f for f in files if is_image_name(f) and normalized(f) not in used)


def markdown_path(path: str) -> str:
    """Return `path` as a Markdown link destination (spaces and parentheses escaped)."""
    return path.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def default_alt(path: str) -> str:
    """Return the alt text an inserted image gets: its file name's stem, without brackets."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return re.sub(r"[\[\]]", "", stem) or "image"


def image_markup(path: str, alt: str | None = None) -> str:
    """Return `![alt](path)` for a report-relative file path (alt: the file's stem by default)."""
    return f"![{default_alt(path) if alt is None else alt}]({markdown_path(path)})"


def file_size(path: Path) -> int | None:
    """Return the size of a regular file in bytes, or None when there is none (stat only)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None
