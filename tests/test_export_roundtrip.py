"""Every workbook the site writes reads back through `gongkai import` as the items it was written from: a unit's
(a sheet per domain), a domain's (one sheet, a 单位 column) and the county's (a sheet per domain, a 单位 column),
and a domain's csv."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gongkai.build import BuildOptions, build
from gongkai.model.catalog import Item
from gongkai.model.project import load_project
from gongkai.tabular.importer import SINGLE_LINE, TRAILING, import_files
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
    """What a table gives back of an item: import drops a single-line cell's trailing 。；, as it does for any table."""
    view = table_view(item)
    for key in SINGLE_LINE:
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
        domain = stem if path.suffix == ".csv" else None  # a csv has no title row to tell its 领域
        result = import_files([path], slug="read-back", domain=domain, domains=project.domains)
        found = Counter(
            (d, as_read(Item.model_validate(i))) for d, items in result.catalog["domains"].items() for i in items
        )
        expected = Counter(
            (d, as_read(item))
            for f in project.catalogs
            if folder != "units" or f.slug == stem
            for d, items in f.catalog.domains.items()
            if folder != "domains" or d == stem
            for item in items
        )
        if found != expected:
            problems.append(f"{path.name}: {sum(found.values())} items read, {sum(expected.values())} written")
    assert not problems, problems
