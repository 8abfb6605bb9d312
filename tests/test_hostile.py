"""The generated hostile corpus (tests/hostile.py) through the real CLI: every case ends in exit 1 or 2 with a
message naming the file (and `:line:column` where the problem is inside a catalog), never a traceback, an internal
error or a hang; control and bidi characters from the input never reach the terminal as written.

How long each case takes is measured by `bench/hostile.py` (docs/security.md has the figures), not here."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests import hostile
from tests.test_bad_input import gongkai  # noqa: F401  (the fork-server fixture)

CASES = hostile.cases()

KNOWN: dict[str, str] = {}
"""Cases that fail today, each for a reason being worked on; strict, so each must be removed once it passes."""


def params() -> list:
    return [
        pytest.param(case, id=case.id, marks=pytest.mark.xfail(reason=KNOWN[case.id], strict=True))
        if case.id in KNOWN
        else pytest.param(case, id=case.id)
        for case in CASES
    ]


def test_the_corpus_is_large_and_covers_every_group():
    assert len(CASES) >= 300
    prefixes = {case.id.split("-")[0] for case in CASES}
    assert {"inject", "type", "missing", "empty", "config", "domain", "sheet", "syntax", "tag", "flow"} <= prefixes
    assert set(KNOWN) <= {case.id for case in CASES}


def make(case: hostile.Hostile, root: Path) -> Path:
    """The case's county in `root`."""
    files = {**hostile.BASE, **case.files}
    for name, data in files.items():
        if data is None:
            continue
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "catalogs").mkdir(exist_ok=True)
    if case.special:
        what, name, *rest = case.special.split(":")
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if what == "fifo":
            os.mkfifo(path)
        elif what == "folder":
            path.mkdir()
        elif what == "sparse":
            with path.open("wb") as handle:
                handle.truncate(int(rest[0]))
    return root


@pytest.mark.slow
@pytest.mark.parametrize("case", params())
def test_hostile_case(case, gongkai, tmp_path):  # noqa: F811
    root = make(case, tmp_path / "county")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_fifo()}
    run = gongkai(list(case.argv), root)
    run.assert_sane(f"gongkai {' '.join(case.argv)} ({case.id})")
    said = run.out + run.err
    assert run.rc in case.exits, f"exit {run.rc}, expected {case.exits}\n{said[-3000:]}"
    assert case.place in said, f"the message does not name {case.place}\n{said[-3000:]}"
    if case.located:
        assert re.search(re.escape(case.place) + r":[0-9]+:[0-9]+", said), f"no {case.place}:line:col\n{said[-3000:]}"
    control = set(re.findall(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", said))
    assert not control, f"control characters reached the output: {control}"
    for shown in case.must_not_show:
        assert shown not in said
    if case.argv[0] == "lint":
        after = {p: p.read_bytes() for p in before}
        assert after == before, "lint changed a file"
