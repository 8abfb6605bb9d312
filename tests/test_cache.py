""".gongkai-cache/ is never wrong: after each kind of change — a catalog, a domain guide, a template, the config,
gongkai's version — a build and a lint that use the cache give exactly what they give without it."""

from __future__ import annotations

import contextlib
import inspect
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import gongkai.cache
import gongkai.lint.rule
import gongkai.lint.runner
import gongkai.model.project
import gongkai.render.pages
from gongkai.build import BuildOptions, build
from gongkai.cache import FOLDER, Cache
from gongkai.lint.formats import to_json
from gongkai.lint.rules import RULES
from gongkai.lint.runner import lint, lint_project
from gongkai.model.project import load_catalog, load_project
from gongkai.resources import packaged
from tests.test_build import differences, tree
from tests.test_site import DEMO, EPOCH

UNITS = ("donghu-zhen", "beiling-zhen", "xian-minzheng-ju", "dongqiao-cun")


@pytest.fixture
def county(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four demo units with the demo's domains and config, built once so that the cache is full."""
    root = tmp_path / "county"
    shutil.copytree(DEMO / "domains", root / "domains")
    (root / "catalogs").mkdir()
    for slug in UNITS:
        shutil.copy2(DEMO / "catalogs" / f"{slug}.yaml", root / "catalogs")
    (root / "gongkai.toml").write_text((DEMO / "gongkai.toml").read_text(encoding="utf-8").replace(
        "history = true", "history = false"), encoding="utf-8")  # fmt: skip
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(root)
    build(root, tmp_path / "warm", BuildOptions(search=False))
    lint(root)
    return root


def cached_equals_clean(root: Path) -> None:
    """The build (and lint) with the warm cache, and the same from a copy without it, byte for byte."""
    clean = root.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns(FOLDER))
    warm = build(root, root.parent / "warm", BuildOptions(search=False))
    fresh = build(clean, root.parent / "fresh", BuildOptions(search=False))
    assert differences(tree(fresh.out), tree(warm.out)) == []
    cached = to_json(lint(root))
    with contextlib.chdir(clean):
        assert to_json(lint(clean, cached=False)) == cached


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_catalog(root: Path) -> None:
    edit(root / "catalogs" / "donghu-zhen.yaml", "name: 低保审核信息", "name: 低保审核结果")


def change_other_unit(root: Path) -> None:
    """A change in one catalog that another, unchanged, catalog's lint depends on (GK404 reads every unit's
    names): 北岭镇's item owned by its 中心学校 now names another unit."""
    edit(root / "catalogs" / "xian-minzheng-ju.yaml", "short: 县民政局", "short: 示例县北岭镇中心学校")


def change_guide(root: Path) -> None:
    edit(root / "domains" / "shehui-jiuzhu.yaml", "低保审核信息", "低保审核结果")


def change_template(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    base = (packaged("templates") / "unit.html").read_text(encoding="utf-8")
    (root / "templates" / "unit.html").write_text(base.replace("</h1>", "（本县模板）</h1>", 1), encoding="utf-8")


def change_table_template(root: Path) -> None:
    """The standard table's macro, whose rendered HTML the cache keeps per unit and domain."""
    (root / "templates").mkdir(exist_ok=True)
    base = (packaged("templates") / "_table.html").read_text(encoding="utf-8")
    (root / "templates" / "_table.html").write_text(base.replace("<th scope=\"col\">{{ label }}</th>",
        "<th scope=\"col\">{{ label }}（本县）</th>", 1), encoding="utf-8")  # fmt: skip


def change_config(root: Path) -> None:
    edit(root / "gongkai.toml", 'title = "示例县', 'title = "示例县（新）')
    edit(root / "gongkai.toml", "review-max-days = 365", "review-max-days = 1")


@pytest.mark.parametrize(
    "change", [change_catalog, change_other_unit, change_guide, change_template, change_table_template, change_config]
)
def test_after_a_change_the_cached_build_is_a_clean_build(county: Path, change: Callable[[Path], None]) -> None:
    before = tree(county.parent / "warm")
    change(county)
    cached_equals_clean(county)
    assert differences(before, tree(county.parent / "warm")) != []  # the change did reach the site


def test_a_change_in_one_catalog_reaches_the_lint_of_another(county: Path) -> None:
    def beiling(result) -> list[str]:
        return [p.code for p in result.problems if p.unit == "beiling-zhen"]

    before = beiling(lint(county))
    change_other_unit(county)
    assert "GK404" not in before
    assert "GK404" in beiling(lint(county))


def test_rules_that_read_other_catalogs_say_so() -> None:
    """Findings of a rule that reads ctx.project are not kept with its file: it must declare other_files."""
    for rule in (r for r in RULES if r.scope != "project"):
        module = inspect.getmodule(rule.check)
        reads = module is not gongkai.lint.rule and "ctx.project" in inspect.getsource(module)
        assert reads == rule.other_files, rule.code


def test_a_new_gongkai_version_invalidates_everything(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = gongkai.cache.digest("catalog")
    for module in (gongkai.cache, gongkai.render.pages):
        monkeypatch.setattr(module, "__version__", "99.0.0")
    gongkai.cache.code_fingerprint.cache_clear()
    try:
        assert gongkai.cache.digest("catalog") != before  # every key starts from the version
        cached_equals_clean(county)
        assert b"99.0.0" in (county.parent / "warm" / "index.html").read_bytes()
    finally:
        monkeypatch.undo()
        gongkai.cache.code_fingerprint.cache_clear()


def test_a_corrupt_cache_is_a_miss(county: Path) -> None:
    for path in (county / FOLDER).rglob("*"):
        if path.is_file():
            path.write_bytes(b"not a pickle")
    cached_equals_clean(county)


def test_a_catalog_saved_while_it_is_read_is_cached_as_the_bytes_read(county: Path, monkeypatch) -> None:
    """An editor saves between the cache key and the parse: the cache must still hold what the key is of."""
    path = county / "catalogs" / "donghu-zhen.yaml"
    first = path.read_text(encoding="utf-8")
    second = first.replace("name: 低保审核信息", "name: 低保审核结果", 1)
    key_of = gongkai.model.project.digest

    def saved_after_the_key(*parts):
        path.write_text(second, encoding="utf-8")
        return key_of(*parts)

    cache = Cache(county.parent / "empty")  # the county's own cache holds these bytes already
    monkeypatch.setattr(gongkai.model.project, "digest", saved_after_the_key)
    names = lambda file: [item.name for _, _, item in file.items()]  # noqa: E731
    assert "低保审核信息" in names(load_catalog(path, cache))
    monkeypatch.undo()
    assert "低保审核结果" in names(load_catalog(path, cache))
    path.write_text(first, encoding="utf-8")
    assert "低保审核信息" in names(load_catalog(path, cache))


def test_parallel_loading_and_linting_give_what_one_process_gives(county: Path, monkeypatch) -> None:
    monkeypatch.setattr(gongkai.model.project, "PARALLEL_BYTES", 0)  # four catalogs are too few to share otherwise
    monkeypatch.setattr(gongkai.lint.runner, "PARALLEL_ITEMS", 0)
    change_other_unit(county)
    one = load_project(county, processes=1)
    two = load_project(county, cache=Cache(county.parent / "empty"), processes=2)
    assert [f.catalog for f in two.catalogs] == [f.catalog for f in one.catalogs]
    assert [f.issues for f in two.catalogs] == [f.issues for f in one.catalogs]
    single = lint_project(one, processes=1)
    assert single.problems and lint_project(two, processes=2, cache=Cache(county.parent / "empty")) == single
