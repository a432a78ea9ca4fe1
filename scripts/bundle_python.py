"""Put the server and its Python dependencies into bundled/ for the .vsix (CONTRACT.md "Launch").

    bundled/libs/           `pip install --target` of this project (pure-Python wheels only)
    bundled/tool/launch.py  the launcher the extension runs with `python -I`

The .vsix must work on every supported Python (3.10+), whichever Python builds it. pip evaluates
environment markers against the Python it runs on, so a dependency needed only on 3.10 (such as
`exceptiongroup; python_version < "3.11"`) would be missing when building with 3.11. After the
install, this script therefore re-reads every bundled package's requirements for each supported
minor version and installs what is missing, until nothing is.
"""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pip always vendors it
    from pip._vendor.packaging.requirements import Requirement  # type: ignore[assignment]
    from pip._vendor.packaging.utils import canonicalize_name  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "bundled"
LIBS = BUNDLED / "libs"
OLDEST = "3.10"
# Minor versions whose markers are honoured; newer ones need nothing the older ones lack here.
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
TARGET = ["--target", str(LIBS), "--no-compile", "--python-version", OLDEST, "--only-binary=:all:"]


def installed() -> dict[str, list[Requirement]]:
    """Map each bundled distribution (canonical name) to the requirements it declares."""
    found: dict[str, list[Requirement]] = {}
    for metadata in LIBS.glob("*.dist-info/METADATA"):
        message = email.parser.Parser().parsestr(metadata.read_text(encoding="utf-8"))
        name = canonicalize_name(message["Name"])
        found[name] = [Requirement(r) for r in message.get_all("Requires-Dist") or []]
    return found


def missing() -> list[str]:
    """List the requirements that some supported Python needs and bundled/libs lacks."""
    have = installed()
    needed: dict[str, str] = {}
    for requirements in have.values():
        for req in requirements:
            name = canonicalize_name(req.name)
            if name in have or name in needed:
                continue
            for version in PYTHONS:
                env = {
                    "python_version": version,
                    "python_full_version": f"{version}.0",
                    "extra": "",
                }
                if req.marker is None or req.marker.evaluate(env):
                    needed[name] = f"{req.name}{req.specifier}"
                    break
    return sorted(needed.values())


def build_wheel(into: Path) -> Path:
    """Build this project's wheel from a clean copy, leaving no build/ or egg-info in the repo."""
    source = into / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "setup.cfg"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "server",
        source / "server",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    subprocess.run([*PIP, "wheel", "--no-deps", "--wheel-dir", str(into), str(source)], check=True)
    (wheel,) = into.glob("*.whl")
    return wheel


def main() -> int:
    """Rebuild bundled/; return the exit status."""
    shutil.rmtree(BUNDLED, ignore_errors=True)
    (BUNDLED / "tool").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*PIP, "install", *TARGET, str(build_wheel(Path(tmp)))], check=True)
    for _ in range(10):
        extra = missing()
        if not extra:
            break
        print("bundle-python: adding for older Pythons:", ", ".join(extra))
        subprocess.run([*PIP, "install", *TARGET, "--no-deps", *extra], check=True)
    else:
        print("bundle-python: dependencies did not settle", file=sys.stderr)
        return 1
    # Console scripts carry this machine's interpreter path; the extension never uses them.
    shutil.rmtree(LIBS / "bin", ignore_errors=True)
    compiled = [p for p in LIBS.rglob("*") if p.suffix in {".so", ".pyd", ".dylib"}]
    if compiled:
        print(
            f"bundle-python: compiled modules would tie the .vsix to one platform: {compiled}",
            file=sys.stderr,
        )
        return 1
    shutil.copy2(ROOT / "client" / "launcher" / "launch.py", BUNDLED / "tool" / "launch.py")
    print(f"bundle-python: {len(installed())} packages in {LIBS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
