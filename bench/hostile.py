"""How long each case of the hostile corpus (tests/hostile.py) takes through the console script, as a user runs it.

    python bench/hostile.py [--limit 2]

Each case runs once in a fresh process (imports included, as from a shell); the script prints the slowest
cases and exits 1 when any took longer than the limit. tests/test_hostile.py checks what each case says and its
exit code; this checks how soon it says it.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests import hostile  # noqa: E402
from tests.test_hostile import make  # noqa: E402

GONGKAI = [sys.executable, "-m", "gongkai"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=float, default=2.0)
    args = parser.parse_args()
    timings: list[tuple[float, str]] = []
    for case in hostile.cases():
        with tempfile.TemporaryDirectory() as scratch:
            root = make(case, Path(scratch) / "county")
            start = time.monotonic()
            with contextlib.suppress(subprocess.TimeoutExpired):
                subprocess.run([*GONGKAI, *case.argv], cwd=root, capture_output=True, stdin=subprocess.DEVNULL,
                               timeout=30, check=False)  # fmt: skip
            timings.append((time.monotonic() - start, case.id))
    seconds = sorted(t for t, _ in timings)
    slow = [(t, name) for t, name in timings if t > args.limit]
    print(f"{len(timings)} cases: median {statistics.median(seconds):.2f} s, "
          f"95th percentile {seconds[int(len(seconds) * 0.95)]:.2f} s, slowest {seconds[-1]:.2f} s")  # fmt: skip
    for t, name in sorted(timings, reverse=True)[:10]:
        print(f"  {t:6.2f} s  {name}")
    if slow:
        print(f"{len(slow)} over {args.limit} s")
        sys.exit(1)


if __name__ == "__main__":
    main()
