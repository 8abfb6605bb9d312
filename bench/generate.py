"""Generate synthetic counties for the benchmarks, deterministically, from the demo county's own items.

`python bench/generate.py 10000` writes bench/data/10k/: a county repository (gongkai.toml, domains/, catalogs/)
with about that many items spread over units that look like the demo's: townships, departments and villages,
every one of the 26 pilot domains, the demo's item patterns with the unit's own owner and small variations.
Sizes: 1k (10 units), 10k (50 units), 100k (500 units).

`python bench/generate.py --single 50000` writes bench/data/single-50k/: a county whose one township catalog holds
that many items, the big single file that lint must still take in a few seconds.
"""

from __future__ import annotations

import copy
import random
import shutil
import sys
from pathlib import Path

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
SIZES = {1_000: 10, 10_000: 50, 100_000: 500}
TOWNSHIP_NAMES = [
    *("东湖", "西山", "南桥", "北岭", "黄滩", "青石", "白沙", "红旗", "长岭", "双河"),
    *("金塘", "石门", "柳溪", "桃源", "龙泉", "凤山", "马坪", "高桥", "新村", "清水"),
]
SUFFIX = {"township": ["镇", "乡", "街道"], "department": ["局"], "village": ["村"]}


def label(size: int) -> str:
    return f"{size // 1000}k"


def demo_items() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """The demo county's items per domain, split into township/village items and county department items."""
    yaml = YAML(typ="safe")
    local: dict[str, list[dict]] = {}
    county: dict[str, list[dict]] = {}
    for path in sorted((REPO / "catalogs").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        target = county if data["unit"]["kind"] == "department" else local
        for domain, items in data["domains"].items():
            target.setdefault(domain, []).extend(items)
    return local, county


def generate(size: int, out: Path, units: int | None = None, name: str = "基准测试县", seed: int | None = None) -> Path:
    """A county of about `size` items over `units` units (default: as SIZES says), named `name`; `seed` (default:
    the size) makes two counties of one size differ."""
    rng = random.Random(size if seed is None else seed)
    units = units or SIZES[size]
    local, county = demo_items()
    domains = sorted(set(local) | set(county))
    if out.exists():
        shutil.rmtree(out)
    (out / "catalogs").mkdir(parents=True)
    shutil.copytree(REPO / "domains", out / "domains")
    (out / "gongkai.toml").write_text(
        f'[site]\ntitle = "{name}基层政务公开标准化规范化专题"\ncounty = "{name}"\n', encoding="utf-8"
    )
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    per_unit = size // units
    for n in range(units):
        kind = "department" if n % 5 == 0 else "village" if n % 5 == 4 else "township"
        place = TOWNSHIP_NAMES[n % len(TOWNSHIP_NAMES)] + (str(n // len(TOWNSHIP_NAMES)) if n >= 20 else "")
        unit_name = f"{name}{place}{rng.choice(SUFFIX[kind])}{'人民政府' if kind == 'township' else ''}"
        pool = county if kind == "department" else local
        chosen = rng.sample(domains, k=min(len(domains), 3 if kind == "department" else 13))
        catalog: dict = {"unit": {"name": unit_name, "kind": kind}, "reviewed": "2026-06-01", "domains": {}}
        if kind == "village":
            catalog["unit"]["parent"] = f"u{n - 1:03d}"
        level = {"township": "乡级", "department": "县级", "village": "村级"}[kind]
        for i in range(per_unit):
            domain = chosen[i % len(chosen)]
            source = rng.choice(pool.get(domain) or local.get(domain) or county[domain])
            item = copy.deepcopy({k: v for k, v in source.items() if k != "id"})  # no YAML anchors
            item["name"] = f"{source['name']}（{i // len(chosen) + 1}）" if i >= len(chosen) else source["name"]
            item["owner"] = unit_name
            item["level"] = [level]
            catalog["domains"].setdefault(domain, []).append(item)
        with (out / "catalogs" / f"u{n:03d}.yaml").open("w", encoding="utf-8") as f:
            f.write("# yaml-language-server: $schema=../schemas/catalog.schema.json\n")
            yaml.dump(catalog, f)
    return out


def single_file(size: int, out: Path) -> Path:
    """A county of one township whose catalog holds `size` items over all the pilot domains."""
    local, _ = demo_items()
    domains = sorted(local)
    if out.exists():
        shutil.rmtree(out)
    (out / "catalogs").mkdir(parents=True)
    shutil.copytree(REPO / "domains", out / "domains")
    (out / "gongkai.toml").write_text('[site]\ntitle = "大文件测试"\ncounty = "基准测试县"\n', encoding="utf-8")
    name = "基准测试县东湖镇人民政府"
    catalog: dict = {"unit": {"name": name, "kind": "township"}, "reviewed": "2026-06-01", "domains": {}}
    for i in range(size):
        domain = domains[i % len(domains)]
        pool = local[domain]
        source = pool[(i // len(domains)) % len(pool)]
        item = copy.deepcopy({k: v for k, v in source.items() if k != "id"})
        item["name"] = f"{source['name']}（{i + 1}）"
        item["owner"] = name
        item["level"] = ["乡级"]
        catalog["domains"].setdefault(domain, []).append(item)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    with (out / "catalogs" / "donghu.yaml").open("w", encoding="utf-8") as f:
        yaml.dump(catalog, f)
    return out


if __name__ == "__main__":
    if sys.argv[1:2] == ["--single"]:
        size = int(sys.argv[2])
        path = single_file(size, REPO / "bench" / "data" / f"single-{label(size)}")
        print(f"{path}: one catalog of {size} items")
        sys.exit()
    for arg in sys.argv[1:] or ["1000"]:
        size = int(arg)
        path = generate(size, REPO / "bench" / "data" / label(size))
        print(f"{path}: {SIZES[size]} units, about {size} items")
