"""Hand-in fidelity: the page graders read (`report.py html`) against what the student sees.

`render` holds both renderers and the hand-in rule, `units` cuts an answer into blocks that render
alone as in the report, `candidates` finds the constructs on the student's (GitHub-like)
structure, `confirm` keeps those whose two renderings differ, `check` turns them into findings and
`fixes` mends the mechanical ones.
"""

from __future__ import annotations

from .check import CHECK, check_handin
from .render import CUT, handin_html

__all__ = ["CHECK", "CUT", "check_handin", "handin_html"]
