"""The city series of `make bench` (issue 20): a city of generated counties (bench/generate.py), built cold, then
rebuilt after one catalog of one county changed (the other counties' parts reused), against that county's own
build after the same kind of change. Target: the city's rebuild ≤ 1.5 × the county's own build.

    python bench/city.py [--counties 20] [--items 5000] [--runs 3]

run alone, it writes only its own section of docs/benchmarks.md (bench/run.py writes the whole file, this
section included).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REPO, generate, label
from run import GONGKAI, change_one_catalog, clear_cache, measure, series

TARGET = 1.5
HEADING = "## City"
UNITS_PER_COUNTY = 25


def make_city(counties: int, items: int) -> Path:
    """bench/data/city-<n>x<k>/: gongkai.toml with [city] and `counties` generated counties under counties/."""
    city = REPO / "bench" / "data" / f"city-{counties}x{label(items)}"
    if (city / "gongkai.toml").is_file() and len(list((city / "counties").iterdir())) == counties:
        return city
    shutil.rmtree(city, ignore_errors=True)
    for n in range(1, counties + 1):
        generate(items, city / "counties" / f"c{n:02d}", units=UNITS_PER_COUNTY, name=f"基准{n}县", seed=n)
    listed = ", ".join(f'"counties/c{n:02d}"' for n in range(1, counties + 1))
    (city / "gongkai.toml").write_text(f'[city]\nname = "基准测试市"\ncounties = [{listed}]\n', encoding="utf-8")
    return city


def bench(counties: int = 20, items: int = 5000, runs: int = 3) -> dict:
    city = make_city(counties, items)
    county = city / "counties" / f"c{max(1, counties // 4):02d}"  # c05 of 20
    build = [*GONGKAI, "build", "--out", str(city / "site")]
    print(f"[city {counties}×{label(items)}] cold", flush=True)

    def cold() -> None:
        shutil.rmtree(city / ".gongkai-parts", ignore_errors=True)
        for folder in (city / "counties").iterdir():
            clear_cache(folder)

    results = {"city build, cold": series(1, cold, build, city)}
    print(f"[city {counties}×{label(items)}] after one county changed", flush=True)
    results["city build after one county changed"] = series(runs, lambda: change_one_catalog(county), build, city)
    own = [*GONGKAI, "build", "--out", str(county / "site")]
    measure(own, county)  # the county's own site, once, so that the series below is of rebuilds
    results["that county's own build after the change"] = series(runs, lambda: change_one_catalog(county), own, county)
    results["city build, nothing changed"] = series(runs, lambda: None, build, city)
    return {"counties": counties, "items": items, "runs": runs, "results": results}


def markdown(report: dict) -> list[str]:
    counties, items, results = report["counties"], report["items"], report["results"]
    lines = [
        f"{HEADING}: {counties} counties × {items} items ({counties * UNITS_PER_COUNTY} units, one cold run)",
        "",
        f"bench/city.py: a city repository of {counties} generated counties, each built by `gongkai build` in the",
        "city into its part (site and search index) and merged into one site with one search; a county whose inputs",
        "did not change is reused, not built. After one catalog of one county changed, the city builds that county",
        "only, then links the other parts in and writes the city's pages and CSV. The cold build ran once (it",
        f"takes minutes on 2 shared cores); the others are medians of {report['runs']} runs.",
        "",
        "| what | seconds (median) | min–max | peak memory |",
        "|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {r['median']:.2f} | {r['min']:.2f}–{r['max']:.2f} | {r['peak_mb']:.0f} MB |")
    ratio = (
        results["city build after one county changed"]["median"]
        / results["that county's own build after the change"]["median"]
    )
    verdict = "met" if ratio <= TARGET else f"missed: {ratio / TARGET:.2f}× the target"
    lines += ["", f"City rebuild after one county changed ÷ that county's own build: **{ratio:.2f}** "
              f"(target ≤ {TARGET}: {verdict}).", ""]  # fmt: skip
    return lines


def splice(text: str, section: list[str], heading: str = HEADING) -> str:
    """`text` (docs/benchmarks.md) with its section under `heading` (the city's) replaced by `section`, or
    inserted before ## Targets."""
    lines = text.split("\n")
    start = next((n for n, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        start = end = next((n for n, line in enumerate(lines) if line.startswith("## Targets")), len(lines))
    else:
        end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("## ")), len(lines))
    return "\n".join([*lines[:start], *section, *lines[end:]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args()
    section = markdown(bench(args.counties, args.items, args.runs))
    args.out.write_text(splice(args.out.read_text(encoding="utf-8"), section), encoding="utf-8")
    print("\n".join(section))


if __name__ == "__main__":
    main()
