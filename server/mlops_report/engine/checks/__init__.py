"""The checks: each module declares its codes, the function that finds them, and their fixes."""

from __future__ import annotations

from ..codes import Check
from . import identity, image_files, image_syntax, limits, placeholders, structure

CHECKS: tuple[Check, ...] = (
    structure.CHECK,
    limits.CHECK,
    placeholders.CHECK,
    image_syntax.CHECK,
    image_files.CHECK,
    identity.CHECK,
)
"""Every check, in the order their findings are computed."""

__all__ = ["CHECKS", "Check"]
