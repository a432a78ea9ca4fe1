"""The checks: each module declares its codes, the function that finds them, and their fixes."""

from __future__ import annotations

from ..codes import Check
from ..handin import CHECK as HANDIN
from . import (
    drift,
    identity,
    image_files,
    image_shown,
    image_syntax,
    limits,
    placeholders,
    structure,
)

CHECKS: tuple[Check, ...] = (
    limits.CHECK,
    placeholders.CHECK,
    image_files.CHECK,
    image_syntax.CHECK,
    image_shown.CHECK,
    structure.CHECK,
    identity.CHECK,
    HANDIN,
    drift.CHECK,
)
"""Every check, in the order the documentation lists their codes (findings are sorted by place)."""

__all__ = ["CHECKS", "Check"]
