"""The checks: each a small function `(analysis, fs) -> findings`, named for what it finds."""

from __future__ import annotations

from .identity import check_identity
from .image_files import check_image_files
from .image_syntax import check_image_syntax
from .limits import check_limits
from .placeholders import check_placeholders
from .structure import check_structure

ALL_CHECKS = (
    check_structure,
    check_limits,
    check_placeholders,
    check_image_syntax,
    check_image_files,
    check_identity,
)
"""Every check, in the order their findings are computed."""

__all__ = [
    "ALL_CHECKS",
    "check_identity",
    "check_image_files",
    "check_image_syntax",
    "check_limits",
    "check_placeholders",
    "check_structure",
]
