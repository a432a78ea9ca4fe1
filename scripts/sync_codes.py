"""Write what derives from the finding registry.

That is the README's code sections, the explanations shipped in the package (codes.md, which
editors open from a diagnostic's code), the contract's list of codes, and the severity setting in
package.json.

    python scripts/sync_codes.py          # rewrite the files
    python scripts/sync_codes.py --check  # exit 1, naming the stale files, when one differs

`make codes` runs the first; the test suite runs the second, so no file can disagree with the
registry (`server/mlops_report/engine/registry.py`).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from mlops_report.engine.registry import CODES  # noqa: E402

LEVELS = ["error", "warning", "information", "hint", "off"]


def between(text: str, name: str, body: str) -> str:
    """Return `text` with what stands between `<!-- name:start -->` and `<!-- name:end -->` set."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit(f"markers {start} ... {end} not found")
    return pattern.sub(lambda _: f"{start}\n{body}{end}", text, count=1)


def readme(text: str) -> str:
    """Return the README with each code's explanation under a `####` heading.

    Also the codes whose image will not show on the hand-in page, which staff's summary counts.
    """
    body = "".join(f"\n#### {c.name}\n{c.explanation}\n" for c in CODES.values())
    hidden = [f"[`{c.name}`](#{c.name})" for c in CODES.values() if c.hides_image]
    listed = ", ".join(hidden[:-1]) + f" or {hidden[-1]}" if len(hidden) > 1 else hidden[0]
    return between(between(text, "codes", body + "\n"), "hides-image", listed + ".\n")


CODES_DOC_HEAD = """# mlops-report finding codes

Each finding of the checker has a stable code. This file ships with the checker (in the `.vsix`
and the Python package): an editor opens it at the code when one clicks a code in its list of
problems. It is written from the checker's registry of codes, as the README's sections are.
"""


def codes_doc(text: str) -> str:
    """Return the shipped explanations: one `##` section per code (the whole file is written)."""
    return CODES_DOC_HEAD + "".join(f"\n## {c.name}\n{c.explanation}\n" for c in CODES.values())


def contract(text: str) -> str:
    """Return the contract with its list of codes, server-only ones marked."""
    names = [c.name + (" (language server only)" if c.server_only else "") for c in CODES.values()]
    return between(text, "code-list", ", ".join(names) + ".\n")


def manifest(text: str) -> str:
    """Return package.json with one `mlopsReport.severity` property per code, titled."""
    data = json.loads(text)
    setting = data["contributes"]["configuration"]["properties"]["mlopsReport.severity"]
    setting["properties"] = {
        c.name: {"type": "string", "enum": LEVELS, "description": c.title + "."}
        for c in CODES.values()
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


TARGETS: dict[str, Callable[[str], str]] = {
    "README.md": readme,
    "server/mlops_report/codes.md": codes_doc,
    "docs/CONTRACT.md": contract,
    "package.json": manifest,
}


def main(check: bool, root: Path = ROOT) -> int:
    """Rewrite (or, with `check`, compare) every target under `root`; return the exit status."""
    stale = []
    for name, render in TARGETS.items():
        path = root / name
        old = path.read_text("utf-8")
        new = render(old)
        if new != old:
            stale.append(name)
            if not check:
                path.write_text(new, "utf-8")
    if check and stale:
        print(f"out of date with the finding registry: {', '.join(stale)}; run `make codes`")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main("--check" in sys.argv[1:]))
