"""The `report --by month` series of `make bench` (issue 20): `gongkai report --by month --format json` over the
demo's own git history (a local clone of this repository), cold (no cache) and warm (every month from the cache),
and over a generated county of 1,000 items with a commit in each of 24 months. Target: ≤ 2 s warm on the demo.

    python bench/monthly.py [--runs 3]

run alone, it writes only its own section of docs/benchmarks.md (bench/run.py writes the whole file, this
section included).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from city import splice
from generate import REPO, generate
from run import GONGKAI, change_one_catalog, clear_cache, series

TARGET = 2.0
HEADING = "## Report by month"
MONTHS = 24
ITEMS = 1000
DATA = REPO / "bench" / "data"


def git(folder: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def demo_history() -> Path:
    """bench/data/demo-history/: a fresh local clone of this repository at HEAD (its catalogs' history)."""
    folder = DATA / "demo-history"
    shutil.rmtree(folder, ignore_errors=True)
    DATA.mkdir(parents=True, exist_ok=True)
    git(DATA, "clone", "--quiet", "--no-hardlinks", str(REPO), folder.name)
    return folder


def generated_history(months: int = MONTHS, items: int = ITEMS) -> Path:
    """bench/data/history-<months>m/: a generated county committed in January 2025, then one catalog changed and
    committed in each month after."""
    folder = DATA / f"history-{months}m"
    if (folder / ".git").is_dir() and len(git(folder, "log", "--format=%H").split()) == months:
        return folder
    generate(items, folder, units=20, name="基准历史县", seed=months)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "bench")
    git(folder, "config", "user.email", "bench@example.com")
    for month in range(months):
        if month:
            change_one_catalog(folder)
        git(folder, "add", "-A")
        date = f"{2025 + month // 12}-{month % 12 + 1:02d}-15T09:00:00+08:00"
        git(folder, "commit", "-q", "-m", f"month {month + 1}", date=date)
    return folder


def bench(runs: int = 3) -> dict:
    report = [*GONGKAI, "report", "--by", "month", "--format", "json", "--out", os.devnull]
    results = {}
    for name, folder in (("the demo's history", demo_history()), (f"{ITEMS:,} items, a commit a month", None)):
        folder = folder or generated_history()
        months = len(json.loads(subprocess.run(report[:-2], cwd=folder, capture_output=True, check=True).stdout))
        print(f"[report --by month] {name}: cold, warm", flush=True)
        results[f"{name} ({months} months), cold"] = series(runs, lambda f=folder: clear_cache(f), report, folder)
        results[f"{name} ({months} months), warm"] = series(runs, lambda: None, report, folder)
    return {"runs": runs, "results": results}


def markdown(report: dict) -> list[str]:
    results = report["results"]
    lines = [
        HEADING,
        "",
        "bench/monthly.py: `gongkai report --by month --format json` (the whole command, Python's start included) over",
        "the demo's git history (a fresh clone of this repository) and over a generated county of 1,000 items with a",
        "commit in each of 24 months. Cold: no cache, every month linted and counted at its last commit; warm: every",
        f"month from the cache (`.gongkai-cache/monthly/`). Medians of {report['runs']} runs.",
        "",
        "| what | seconds (median) | min–max | peak memory |",
        "|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {r['median']:.2f} | {r['min']:.2f}–{r['max']:.2f} | {r['peak_mb']:.0f} MB |")
    warm = next(r["median"] for name, r in results.items() if name.startswith("the demo's") and name.endswith("warm"))
    verdict = "met" if warm <= TARGET else f"missed: {warm / TARGET:.2f}× the target"
    lines += ["", f"Warm over the demo's history: **{warm:.2f} s** (target ≤ {TARGET:.0f} s: {verdict}).", ""]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args()
    section = markdown(bench(args.runs))
    args.out.write_text(splice(args.out.read_text(encoding="utf-8"), section, HEADING), encoding="utf-8")
    print("\n".join(section))


if __name__ == "__main__":
    main()
