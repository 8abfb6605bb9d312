"""The import benchmark (bench/run.py): `gongkai import` of one unit's table of as many rows as the county has
items, as the official XLSX table (one sheet, the two-row header, √ ticks) made from the demo county's items
with numbered names, written deterministically; the command reads it, writes the catalog and lints it.

    python bench/import_table.py 10000 out.xlsx
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILT = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def table_bytes(rows: int) -> bytes:
    from gongkai.model.project import load_project
    from gongkai.tabular.export import Table, xlsx_bytes

    project = load_project(REPO)
    demo = [item for catalog in project.catalogs for _, _, item in catalog.items()]
    items = []
    for n in range(rows):
        item = demo[n % len(demo)]
        category = f"{item.category or item.name}{n // 50 + 1}"  # groups of 50 rows, as long tables have
        items.append(item.model_copy(update={"name": f"{item.name}（{n + 1}）", "category": category}))
    return xlsx_bytes([Table("示例县东湖镇社会救助领域基层政务公开标准目录", "社会救助", items)], BUILT)


def write_table(rows: int, path: Path) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(table_bytes(rows))
    return path


def import_command(size: int) -> list[str]:
    """The command that imports the table of `size` rows, run in the bench county (its domains and config); the
    catalog goes beside the table, not into the county's catalogs/, so the other benchmarks do not see it."""
    data = REPO / "bench" / "data"
    table = write_table(size, data / f"import-{size // 1000}k.xlsx")
    out = data / f"import-{size // 1000}k.yaml"
    return [sys.executable, "-m", "gongkai", "import", str(table), "--unit", "bench-import", "--domain", "社会救助",
            "--out", str(out), "--force"]  # fmt: skip


IMPORT_NOTE = """## Import

`import: one unit's table, a row per item` reads an XLSX of one unit's catalog with as many rows as the county
has items (bench/import_table.py), writes the catalog in canonical form and lints it, as `gongkai import` does.
Before issue 15 the importer wrote the YAML through ruamel and parsed it again to put it in canonical form: 10,000
rows took 31 s and 414 MB, 100,000 did not finish in 300 s. Now the YAML is written once (tabular/emit.py, held
to `gongkai fmt` by its tests). At 100k the catalog written is about 51 MB, over the 32 MB a catalog file may
have (docs/format.md), so its lint stops at GK100 and the figure is the import alone; a county keeps its
catalogs per unit, far below that.

"""


if __name__ == "__main__":
    write_table(int(sys.argv[1]), Path(sys.argv[2]))
