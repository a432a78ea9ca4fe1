"""The VS Code walkthrough says what the checker does."""

from __future__ import annotations

import re

from mlops_report.engine.checks.image_files import ALLOWED

from .conftest import ROOT

WALKTHROUGH = ROOT / "client" / "walkthrough"


def test_image_kinds_the_checker_warns_about_are_never_offered_as_fine() -> None:
    for page in WALKTHROUGH.glob("*.md"):
        text = re.sub(r"\s+", " ", page.read_text("utf-8"))
        for sentence in re.split(r"(?<=[.:;]) ", text):
            for ext in re.findall(r"`(\.[A-Za-z0-9]+)`", sentence):
                if ext.lower() not in ALLOWED:
                    assert "warn" in sentence, f"{page.name}: {sentence}"
