"""Every workbook the site writes reads back through `gongkai import` as the items it was written from: a unit's
(a sheet per domain), a domain's (one sheet, a 单位 column) and the county's (a sheet per domain, a 单位 column),
and every csv: a unit's and the county's by their 领域 column, a domain's by its file name."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gongkai.build import BuildOptions, build
from gongkai.errors import UsageError
from gongkai.model.catalog import Item
from gongkai.model.project import load_project
from gongkai.tabular.importer import TRAILING, TRIMMED, import_files
from tests.test_import import table_view
from tests.test_site import EPOCH, copy_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_demo(tmp_path_factory.mktemp("demo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(root, root / "site", BuildOptions(search=False))
    assert result.lint.errors == 0
    return root, result.out / "downloads"


def as_read(item: Item) -> str:
    """What a table gives back of an item: import drops a name's trailing 。；, as it does for any table."""
    view = table_view(item)
    for key in TRIMMED:
        if view.get(key):
            view[key] = view[key].rstrip(TRAILING) or view[key]
    return repr(view)


def test_every_download_reads_back_as_its_items(demo: tuple[Path, Path]) -> None:
    root, downloads = demo
    project = load_project(root)
    files = [downloads / "catalog.xlsx", *sorted(downloads.glob("units/*.xlsx")), *sorted(downloads.glob("domains/*"))]
    assert len(files) == 1 + len(project.catalogs) + 2 * len(list(downloads.glob("domains/*.xlsx"))) > 40
    problems = []
    for path in files:
        folder, stem = path.parent.name, path.stem
        # A workbook of several units (the county's, a domain's) is read back one unit at a time (--name); a csv
        # has no title row, and its 领域 column tells each row's domain
        for f in project.catalogs if folder != "units" else [f for f in project.catalogs if f.slug == stem]:
            if folder == "domains" and stem not in f.catalog.domains:
                continue
            name = f.catalog.unit.name if folder != "units" else None
            result = import_files([path], slug="read-back", name=name, domains=project.domains)
            found = Counter(
                (d, as_read(Item.model_validate(i))) for d, items in result.catalog["domains"].items() for i in items
            )
            expected = Counter(
                (d, as_read(item))
                for d, items in f.catalog.domains.items()
                if folder != "domains" or d == stem
                for item in items
            )
            if found != expected or result.catalog["unit"]["name"] != (name or "read-back"):
                problems.append(f"{path.name} ({f.slug}): {sum(found.values())} items read, {sum(expected.values())}")
    assert not problems, problems


def expected_items(project, slug: str) -> Counter:
    (catalog,) = [f.catalog for f in project.catalogs if f.slug == slug]
    return Counter((d, as_read(item)) for d, items in catalog.domains.items() for item in items)


def read_back(result) -> Counter:
    return Counter(
        (d, as_read(Item.model_validate(i))) for d, items in result.catalog["domains"].items() for i in items
    )


def test_a_units_csv_reads_back_without_domain_each_row_by_its_domain_column(demo: tuple[Path, Path]) -> None:
    root, downloads = demo
    project = load_project(root)
    result = import_files([downloads / "units" / "donghu-zhen.csv"], slug="donghu-zhen", domains=project.domains)
    assert len(result.catalog["domains"]) > 1
    assert read_back(result) == expected_items(project, "donghu-zhen")


def test_the_countys_csv_asks_which_unit_and_reads_back_that_units_rows(demo: tuple[Path, Path]) -> None:
    root, downloads = demo
    project = load_project(root)
    county = downloads / "catalog.csv"
    with pytest.raises(UsageError, match=r"catalog\.csv:\d+: 表中有 \d+ 个单位.*--name"):
        import_files([county], slug="donghu-zhen", domains=project.domains)
    (unit,) = [f.catalog.unit for f in project.catalogs if f.slug == "donghu-zhen"]
    result = import_files([county], slug="donghu-zhen", name=unit.name, domains=project.domains)
    assert read_back(result) == expected_items(project, "donghu-zhen")
    others = sum(f.item_count for f in project.catalogs) - sum(expected_items(project, "donghu-zhen").values())
    assert any(f"其他单位的 {others} 行未导入" in note.message for note in result.notes)
    with pytest.raises(UsageError, match="单位列里没有「某某乡」"):
        import_files([county], slug="x", name="某某乡", domains=project.domains)
