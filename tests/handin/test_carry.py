"""A unit's confirmations carry over an edit inside a plain word: always what rendering gives."""

from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest

from mlops_report.engine.handin.candidates import find_candidates
from mlops_report.engine.handin.carry import carried, word_edit
from mlops_report.engine.handin.check import unit_findings
from mlops_report.engine.handin.confirm import confirmed
from mlops_report.engine.handin.render import render_handin, render_preview
from mlops_report.engine.handin.summary import summarize
from mlops_report.engine.model.units import units
from mlops_report.engine.pipeline import clear_caches

from ..conftest import SHARED

# Units of our own with something the renderers disagree on, and words around it.
OWN = [
    "We tested three things:\n- first the model works\n- then the data loads\n- and it trains",
    "Our steps were\n1. build the image\n2. push it to the registry\n3. deploy the service",
    "Run it with\n```bash\npython train.py\n```\nand watch the loss fall",
    "The accuracy reached $81\\%$ on the held out split of our dataset",
    "| stage | tool |\n|---|---|\n| data | dvc |\n| train | hydra |",
    "See https://example.com/docs for how the bucket was configured by us",
    "- outer item here\n  - inner item one\n  - inner item two\n- second outer item",
    "3. third step first\n4. fourth step after",
    "1) parens one here\n2) parens two there",
    "Costs were \\$5 per day and \\% of runs failed in the cluster",
    "We wrote this\n- same words here\n- same words here\nto test equal items",
]


@lru_cache(maxsize=1)
def corpus_units() -> tuple[str, ...]:
    """Units of the real reports with at least one candidate (none without ../shared)."""
    found = []
    for path in sorted((SHARED / "corpus").glob("*/*.md")) if SHARED.is_dir() else []:
        text = path.read_text("utf-8", errors="replace").replace("\r\n", "\n")
        for a, b in units(text):
            unit = text[a:b]
            if len(unit) < 4000 and find_candidates(unit):
                found.append(unit)
    return tuple(found)


def rendered_verdicts(unit: str) -> tuple[bool, ...]:
    """Confirm every candidate by rendering the unit both ways (no carrying)."""
    handin, preview = summarize(render_handin(unit)), summarize(render_preview(unit))
    return tuple(confirmed(c, handin, preview) for c in find_candidates(unit))


def word_edits(unit: str, rng: random.Random) -> list[str]:
    """A few edits of `unit`'s words: letters typed or deleted, words split or joined."""
    words = [m for m in re.finditer(r"(?<!\S)[A-Za-z0-9]+(?!\S)", unit)]
    out = []
    for m in rng.sample(words, min(len(words), 6)):
        at = rng.randrange(m.start(), m.end() + 1)
        out.append(unit[:at] + rng.choice("aqz7") + unit[at:])
        if m.end() - m.start() > 1:
            at = rng.randrange(m.start(), m.end())
            out.append(unit[:at] + unit[at + 1 :])
            at = rng.randrange(m.start() + 1, m.end())
            out.append(unit[:at] + " " + unit[at:])
        if unit[m.end() : m.end() + 1] == " ":
            out.append(unit[: m.end()] + unit[m.end() + 1 :])  # joined with the next word
    return out


def check_carrying(unit: str, rng: random.Random) -> int:
    """Assert carried verdicts equal rendered ones for edits of `unit`; return how many carried."""
    before = find_candidates(unit)
    verdicts = rendered_verdicts(unit)
    carried_here = 0
    for edited in word_edits(unit, rng):
        found = carried(unit, before, verdicts, edited, find_candidates(edited))
        if found is not None:
            carried_here += 1
            assert found == rendered_verdicts(edited), (unit, edited)
    return carried_here


@pytest.mark.parametrize("unit", OWN)
def test_carried_verdicts_equal_rendered_ones(unit: str) -> None:
    assert find_candidates(unit), unit
    assert check_carrying(unit, random.Random(unit)) > 0  # some edits carry, and are right


@pytest.mark.corpus
def test_carried_verdicts_equal_rendered_ones_on_the_corpus() -> None:
    found = corpus_units()
    if not found:
        pytest.fail(f"../shared is not beside the project ({SHARED}): this test did not run")
    rng = random.Random(4)
    carried_count = sum(check_carrying(unit, rng) for unit in found)
    assert carried_count > len(found)  # most edits in words do carry


def test_the_edit_must_stay_inside_one_plain_word() -> None:
    base = "Some text here\n- item one\n- item two"
    assert word_edit(base, base.replace("text", "texts")) is not None
    assert word_edit(base, base.replace("text", "tet")) is not None  # a letter deleted
    # A word split or joined changes which words of an item are compared.
    assert word_edit(base, base.replace("text", "te xt")) is None
    assert word_edit(base, base.replace("Some text", "Sometext")) is None
    assert word_edit(base, base) is None
    assert word_edit(base, base.replace("item one", "item one,")) is None  # punctuation
    assert word_edit(base, base.replace("- item", "-x item", 1)) is None  # the marker's word
    assert word_edit(base, base.replace("text", "")) is None  # a word gone: an empty run
    assert word_edit(base, base.replace("here", "here" + "x" * 40)) is None  # a paste
    assert word_edit("a <div> b", "a <dix> b") is None  # a tag name
    assert word_edit("see http://x.org now", "see htp://x.org now") is None
    assert word_edit("- a\n-  b", "- a\n- b") is None  # whitespace that may be structure
    # The item words stand twice: an edit could make the two items alike.
    assert word_edit(base, base.replace("one", "two")) is None


TAG = "Start the trainer with <run {} now> to skip every check."
ITEM = "\ttab text   - nested one\n - nested {} <div>\nblock html\n</div> Foo [Ref] bar"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # CommonMark: an attribute name does not start with a digit, so `<run 1fast now>` is
        # text in the preview (Python-Markdown swallows it as a tag); `<run fast now>` is a tag.
        (TAG.format("1fast"), TAG.format("fast")),
        (TAG.format("fast"), TAG.format("1fast")),
        # Splitting a word shifts which words of an item both renderings are compared by.
        (ITEM.format("two"), ITEM.format("t wo")),
    ],
)  # fmt: skip
def test_a_word_in_a_tag_or_split_in_two_is_rendered_again(old: str, new: str) -> None:
    clear_caches()
    unit_findings(old)
    after_edit = unit_findings(new)
    clear_caches()
    assert after_edit == unit_findings(new)


def test_a_carried_unit_finds_what_a_rendered_one_finds() -> None:
    unit = "We tested three things:\n- first the model works\n- then the data loads"
    typed = unit.replace("model", "models")
    clear_caches()
    unit_findings(unit)
    via_carry = unit_findings(typed)
    clear_caches()
    assert unit_findings(typed) == via_carry
    assert [f.code for f in via_carry] == ["handin-list-blank-line"]
