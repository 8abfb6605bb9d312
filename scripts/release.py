"""Checks a release tag against the project and prints its changelog section (the release's notes).

    python scripts/release.py v0.1.0 > notes.md

Exit 1, saying why, when the tag is not `v` + pyproject.toml's version, or CHANGELOG.md has no section for that
version, or the section has no date (`## [0.1.0] - 2026-12-07`, not `- unreleased`).
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class NotReleasable(Exception):
    pass


def release_notes(tag: str, pyproject: str, changelog: str) -> str:
    """The changelog section of the version `tag` names, once the tag, the project's version and the section's
    date agree; else NotReleasable."""
    version = tomllib.loads(pyproject)["project"]["version"]
    if tag != f"v{version}":
        raise NotReleasable(f"tag {tag} is not v{version}, the version in pyproject.toml")
    heading = re.search(rf"^## \[{re.escape(version)}\] - (.+)$", changelog, flags=re.M)
    if heading is None:
        raise NotReleasable(f"CHANGELOG.md has no section ## [{version}] - DATE")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", heading.group(1).strip()):
        raise NotReleasable(f"CHANGELOG.md: the section of {version} is dated {heading.group(1)!r}, not YYYY-MM-DD")
    rest = changelog[heading.end() :]
    following = re.search(r"^## ", rest, flags=re.M)
    return rest[: following.start() if following else None].strip() + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        notes = release_notes(
            argv[0],
            (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
            (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"),
        )
    except NotReleasable as exc:
        print(f"not releasable: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(notes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
