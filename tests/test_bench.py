"""`make bench` at the 1k size, as a smoke test: the generator and the measuring script run and write their table
(timings are not asserted here; docs/benchmarks.md holds them)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]


def test_bench_runs_at_1k(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [sys.executable, "bench/run.py", "1000", "--runs", "1", "--city", "0", "--rebuilds", "3", "--out",
         str(out)], cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    rows = ("lint cold", "lint warm", "build, no search", "build with search", "build after one catalog changed",
            "build after one catalog changed, no search", "serve: an edited catalog shown")  # fmt: skip
    for row in rows:
        assert f"| {row} |" in table
    assert "10 units" in table
    assert "| the demo's history (" in table and "Warm over the demo's history: **" in table  # bench/monthly.py
    cache = re.search(r"the largest the cache was after any of the 3 rebuilds is ([\d.]+) MB", table)
    assert cache and "(target: under the cap: met)" in table, table
    assert "Search quality at 1k" in table or "Search quality not measured" in table
    if shutil.which("chromium"):
        assert "| 低保 |" in table and "**Precision " in table


def test_city_series_runs_on_a_small_city(tmp_path: Path) -> None:
    """bench/city.py on 2 counties of 1,000 items, writing only its section into an existing page."""
    out = tmp_path / "benchmarks.md"
    out.write_text("# Benchmarks\n\n## 1k\n\nkept\n\n## Targets\n\nkept too\n", encoding="utf-8")
    command = [sys.executable, "bench/city.py", "--counties", "2", "--items", "1000", "--runs", "1", "--out", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    table = out.read_text(encoding="utf-8")
    assert table.index("## 1k") < table.index("## City: 2 counties × 1000 items") < table.index("## Targets")
    for row in ("city build, cold", "city build after one county changed", "that county's own build after the change"):
        assert f"| {row} |" in table
    assert "that county's own build: **" in table and table.count("kept") == 2
