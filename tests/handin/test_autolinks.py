"""What GitHub links bare (GFM's autolink extension), and handin-bare-url agreeing with it.

The expected links are GFM's rules, example by example: a valid domain (no `_` in its last two
segments), trailing punctuation, balanced parentheses, entities, the `www.` form and where an
address may start.
"""

from __future__ import annotations

import pytest

from mlops_report.engine import analyze
from mlops_report.engine.handin.autolinks import autolinks
from mlops_report.engine.handin.fixes import apply, handin_fixes

from ..engine.helpers import of, report
from .rendering import same_both_ways

LINKED = [
    ("Run https://example.com/predict now.", ["https://example.com/predict"]),
    ("See https://example.com.", ["https://example.com"]),
    ("Is it https://example.com/a?", ["https://example.com/a"]),
    ('"https://example.com/a"', ["https://example.com/a"]),
    ("Try http://localhost:8000/docs, then stop.", ["http://localhost:8000/docs"]),
    ("FTP://files.example.org/x", ["FTP://files.example.org/x"]),
    ("(see https://example.com/a)", ["https://example.com/a"]),
    ("https://example.com/wiki/Pi_(letter)", ["https://example.com/wiki/Pi_(letter)"]),
    ("https://example.com/wiki/Pi_(letter)))", ["https://example.com/wiki/Pi_(letter)"]),
    ("https://example.com/a&copy;", ["https://example.com/a"]),
    ("https://example.com/a&copy;b", ["https://example.com/a&copy;b"]),
    ("https://example.com/a;", ["https://example.com/a"]),
    ("https://example.com<br>", ["https://example.com"]),
    ("Visit www.example.com/help for more.", ["www.example.com/help"]),
    ("*www.example.com*", ["www.example.com"]),
    ("www.intranet", ["www.intranet"]),  # the `.` of `www.` is the one a domain needs
    ("www.a_b.example.com", ["www.a_b.example.com"]),  # `_` before the last two segments
    ("https://my_bucket.storage.example.com/x", ["https://my_bucket.storage.example.com/x"]),
    ("One https://a.example.com and one https://b.example.com", None),
]
NOT_LINKED = [
    "call https://MY_SERVICE_URL/predict to test it",
    "open https://YOUR_CLOUD_RUN_URL/drift/features",
    "https://api.my_service.com/x",  # `_` in the second-to-last segment
    "https://api.example.my_tld/x",  # and in the last
    "www.example_site.com",
    "xhttps://example.com",  # a letter before the scheme makes another scheme
    "awww.example.com",  # `www.` only after a space or `*_~(`
    "[see https://example.com] in brackets",  # inside a `[` GitHub links nothing
    "https:// example.com",
]


@pytest.mark.parametrize(("text", "urls"), LINKED)
def test_what_github_links(text: str, urls: list[str] | None) -> None:
    found = [text[a:b] for a, b, _ in autolinks(text)]
    expected = urls if urls is not None else ["https://a.example.com", "https://b.example.com"]
    assert found == expected


@pytest.mark.parametrize("text", NOT_LINKED)
def test_what_github_leaves_as_text(text: str) -> None:
    assert autolinks(text) == []


def test_a_masked_construct_starts_no_address() -> None:
    text = "`https://example.com` and https://example.org"
    masked = " " * len("`https://example.com`") + text[len("`https://example.com`") :]
    assert [text[a:b] for a, b, _ in autolinks(text, masked)] == ["https://example.org"]


def test_a_placeholder_address_is_not_reported() -> None:
    # GitHub shows it as text too: the hand-in loses nothing, and `<...>` would make a link
    # GitHub does not have.
    analysis = analyze(report("B3", {24: "Then call https://MY_SERVICE_URL/predict to test it."}))
    assert of(analysis, "handin-bare-url") == []


def test_only_the_address_github_links_is_reported_and_wrapped() -> None:
    text = report("B3", {24: "It runs at (https://example.com/wiki/Pi_(letter)), see it."})
    analysis = analyze(text)
    [f] = of(analysis, "handin-bare-url")
    assert text[f.start : f.end] == "https://example.com/wiki/Pi_(letter)"
    [fix] = handin_fixes(analysis, f)
    assert fix.safe
    fixed = apply(text, fix.edits)
    assert "(<https://example.com/wiki/Pi_(letter)>), see it." in fixed
    assert of(analyze(fixed), "handin-bare-url") == []


def test_a_www_address_is_made_a_link_github_and_the_hand_in_both_show() -> None:
    text = report("B3", {24: "The app is at www.example.com/app for all."})
    analysis = analyze(text)
    [f] = of(analysis, "handin-bare-url")
    assert "write `[www.example.com/app](http://www.example.com/app)`" in f.message
    [fix] = handin_fixes(analysis, f)
    fixed = apply(text, fix.edits)
    answer = "The app is at [www.example.com/app](http://www.example.com/app) for all."
    assert answer in fixed
    assert same_both_ways(answer)
    assert of(analyze(fixed), "handin-bare-url") == []
