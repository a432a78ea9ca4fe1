"""`check --format github`: what GitHub annotates is what matters most, and nothing is lost.

GitHub makes annotations of the first 10 error, 10 warning and 10 notice lines of a step only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlops_report.cli import main
from mlops_report.engine.findings import Severity
from mlops_report.engine.registry import CODES, HANDIN_CODES, importance
from mlops_report.staff import HANDIN_PREFIX

from .conftest import HAS_SHARED, SHARED, needs_shared
from .fixtures.reports import answers_at_minimum, build_report, filler_words

ANNOTATION = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")
CAP = 10


def _annotations(out: str) -> list[tuple[str, dict[str, str], str]]:
    found = []
    for line in out.splitlines():
        m = ANNOTATION.match(line)
        if m:
            props = dict(p.split("=", 1) for p in m.group("props").split(","))
            found.append((m.group(1), props, m.group("message")))
    return found


def _github(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str]:
    status = main(["check", "--format", "github", *map(str, paths)])
    out, err = capsys.readouterr()
    assert err == ""
    return status, out


def _text(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    main(["check", str(path)])
    *lines, _verdict = capsys.readouterr().out.splitlines()
    return lines


def _write(folder: Path, text: str) -> Path:
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    (folder / "figures" / "figure.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    readme = folder / "README.md"
    readme.write_text(text, "utf-8")
    return readme


def _stopping_report(folder: Path) -> Path:
    """Every answer unfilled (29 errors), and the last heading at `##`: report.py stops."""
    text = build_report("B3", {}).replace("### Question 31", "## Question 31")
    return _write(folder, text)


def test_what_makes_report_py_stop_is_annotated_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _stopping_report(tmp_path)
    status, out = _github(capsys, readme)
    assert status == 1
    annotations = _annotations(out)
    errors = [a for a in annotations if a[0] == "error"]
    assert len(errors) == CAP
    assert errors[0][1]["title"] == "answer-count"  # last in the text, first on the PR
    assert errors[0][2].startswith("report.py check will stop")


def test_past_what_github_shows_the_rest_is_in_the_log_and_a_notice_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _stopping_report(tmp_path)
    every = _text(capsys, readme)
    _, out = _github(capsys, readme)
    annotations = _annotations(out)
    for kind in ("error", "warning", "notice"):
        assert sum(1 for a in annotations if a[0] == kind) <= CAP
    findings = [a for a in annotations if not a[1]["title"].startswith("mlops-report")]
    logged = [line for line in out.splitlines() if line in every]
    assert len(findings) + len(logged) == len(every)  # each finding once: annotated or logged
    kind, props, message = annotations[-1]
    assert kind == "notice"
    assert out.splitlines()[-1].startswith("::notice title=mlops-report")
    hidden = len(every) - len(findings)
    assert props["title"] == f"mlops-report%3A {hidden} more findings"
    assert message.startswith(f"{hidden} more findings not annotated ({hidden} errors)")
    assert message.endswith("Read them all in this step's log.")


def test_an_image_that_will_not_show_comes_before_hand_in_formatting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = answers_at_minimum("B3")
    fenced = "\n\n```bash\npython train.py\n```\n"
    for n in range(3, 15):  # twelve hand-in warnings before the image
        answers[n] += fenced
    answers[28] = filler_words(60) + "\n\n![gone](figures/gone.png)"
    readme = _write(tmp_path, build_report("B3", answers))
    _, out = _github(capsys, readme)
    warnings = [a[1]["title"] for a in _annotations(out) if a[0] == "warning"]
    assert warnings[0] == "image-not-found"
    assert warnings[1:] == ["handin-fenced-code"] * (CAP - 1)
    assert out.count("warning handin-fenced-code: ") == 12 - (CAP - 1)  # logged as text


def test_a_notice_past_nine_makes_room_for_the_closing_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = answers_at_minimum("B3")
    for n in range(3, 14):  # eleven bare URLs: hints, GitHub's notices
        answers[n] += f"\n\nSee https://example.org/{n} for more."
    readme = _write(tmp_path, build_report("B3", answers))
    _, out = _github(capsys, readme)
    notices = [a for a in _annotations(out) if a[0] == "notice"]
    assert len(notices) == CAP
    assert [a[1]["title"] for a in notices[:-1]] == ["handin-bare-url"] * (CAP - 1)
    assert notices[-1][1]["title"] == "mlops-report%3A 2 more findings"
    assert "(2 notices)" in notices[-1][2]


def test_all_that_fits_is_annotated_with_no_closing_notice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from .test_cli import SAMPLE

    every = _text(capsys, SAMPLE)
    _, out = _github(capsys, SAMPLE)
    annotations = _annotations(out)
    assert len(annotations) == len(every)
    assert all(not a[1]["title"].startswith("mlops-report") for a in annotations)


def test_the_job_summary_lists_the_findings_not_annotated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    readme = _stopping_report(tmp_path / "group")
    every = _text(capsys, readme)
    _, out = _github(capsys, readme)
    notice = _annotations(out)[-1][2]
    assert notice.endswith("Read them all in this step's log and the job summary.")
    text = summary.read_text("utf-8")
    hidden = len(every) - (len(_annotations(out)) - 1)
    assert f"#### {hidden} findings not annotated" in text
    items = [line for line in text.splitlines() if line.startswith(f"- `{readme}:")]
    assert len(items) == hidden
    assert items[0] == (
        f"- `{readme}:150:1` error `placeholder-unfilled`: Q13: not answered yet: 6 words, "
        "needs 100-200 words (not checked while report.py stops)."
    )


def test_a_file_that_cannot_be_checked_comes_before_every_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = _stopping_report(tmp_path / "group")
    empty = tmp_path / "empty.md"
    empty.write_text("", "utf-8")
    status, out = _github(capsys, readme, empty)
    assert status == 2
    first = _annotations(out)[0]
    assert (first[0], first[1]["title"], first[2]) == (
        "error",
        "mlops-report",
        f"{empty}: is empty",
    )


# -- the order comes from the registry ------------------------------------------------------------


def test_the_order_follows_the_level_then_the_codes_declarations() -> None:
    ranked = sorted(CODES.values(), key=lambda c: importance(c.name, c.severity))
    assert ranked[0].name == "answer-count"
    assert [c.severity for c in ranked] == sorted(c.severity for c in CODES.values())
    for severity in Severity:
        tiers = [
            (c.stops_report_py, c.hides_image, c.name in HANDIN_CODES)
            for c in ranked
            if c.severity == severity
        ]
        # stops first, hidden images next, the hand-in's formatting last
        assert tiers == sorted(tiers, key=lambda t: (not t[0], not t[1], t[2]))
    # a level chosen in the settings moves a finding with it
    assert importance("handin-table", Severity.ERROR) < importance(
        "image-not-found", Severity.WARNING
    )


def test_the_hand_in_codes_are_those_staff_counts() -> None:
    assert {c for c in CODES if c.startswith(HANDIN_PREFIX)} == HANDIN_CODES


# -- the real reports ----------------------------------------------------------------------------


@needs_shared
@pytest.mark.corpus
def test_no_real_report_loses_what_stops_report_py_or_a_hidden_image(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert HAS_SHARED
    hides = {c.name for c in CODES.values() if c.hides_image}
    for path in sorted((SHARED / "corpus" / "real").glob("*.md")):
        every = _text(capsys, path)
        _, out = _github(capsys, path)
        hidden = [line for line in out.splitlines() if line in every]
        hidden_codes = {line.split(": ", 2)[1].split(" ")[1] for line in hidden}
        assert "answer-count" not in hidden_codes, path.name
        images = sum(1 for line in every if line.split(": ", 2)[1].split(" ")[1] in hides)
        if images <= CAP:
            assert not hidden_codes & hides, path.name


def test_the_readme_and_the_help_say_what_github_shows() -> None:
    from mlops_report.cli import CHECK_EPILOG
    from mlops_report.github import ANNOTATIONS_PER_KIND

    from .conftest import ROOT

    assert ANNOTATIONS_PER_KIND == CAP
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert f"GitHub shows only {CAP} error, {CAP} warning and {CAP} notice annotations" in readme
    assert f"annotates at most {CAP} findings of each kind" in readme
    assert f"at most {CAP} of a kind" in " ".join(CHECK_EPILOG.split())
