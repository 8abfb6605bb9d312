"""The cache is data, never code (docs/security.md): whatever bytes stand at any cache path, a build and a lint
run no code from them and give exactly what they give without a cache; the folder stays within its limit."""

from __future__ import annotations

import ast
import marshal
import os
import pickle
import shutil
import signal
import stat
from pathlib import Path

import pytest

import gongkai.cache
from gongkai.build import BuildOptions, build
from gongkai.cache import FOLDER, MAGIC, Cache, Kind, pack, secret_key
from gongkai.lint.formats import to_json
from gongkai.lint.runner import lint
from tests.test_build import differences, tree
from tests.test_cache import cached_equals_clean, change_catalog, county  # noqa: F401 (a fixture)

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"


class RunsCode:
    """Unpickling this writes a file: the proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / FOLDER).rglob("*") if p.is_file())


def kind_and_key(root: Path, path: Path) -> tuple[Kind, str]:
    kind = path.relative_to(root / FOLDER).parts[0]
    return Kind(kind, None, None), path.name


def crafted(marker: Path) -> dict[str, bytes]:
    """What an attacker or an accident could leave at a cache path."""
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<crafted>", "exec")
    return {
        "pickle": pickle.dumps(RunsCode(marker)),
        "pickle after our header": MAGIC + bytes(32) + pickle.dumps(RunsCode(marker)),
        "marshal code": marshal.dumps(code),
        "msgpack without a tag": pack({"encoding": "utf-8", "data": {}, "positions": b"", "issues": []}),
        "empty": b"",
        "header only": MAGIC,
        "random": os.urandom(4096),
    }


@pytest.mark.parametrize("name", sorted(crafted(Path("x"))))
def test_a_crafted_entry_at_every_cache_path_runs_nothing_and_is_a_miss(county: Path, tmp_path: Path, name) -> None:  # noqa: F811
    marker = tmp_path / "ran"
    found = entries(county)
    assert {p.relative_to(county / FOLDER).parts[0] for p in found} >= {"catalog", "lint", "lint-file", "fragment"}
    for path in found:
        path.write_bytes(crafted(marker)[name])
    cached_equals_clean(county)
    assert not marker.exists()


WRONG_SHAPES = {
    "catalog": [
        {"encoding": 5},
        [],
        {"encoding": "utf-8", "data": {}, "positions": "not bytes", "issues": [], "complete": None},
        {"encoding": "utf-8", "data": {"unit": 1}, "positions": b"", "issues": [["x"]], "complete": None},
    ],
    "lint-file": [[["x", "y"]], "text", [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]],
    "lint": [[], [[], 1, 2], "text", [[], "a", "b", "c", []]],
    "fragment": [12, b"bytes", None],
    "xlsx": ["text", 12],
    "csv": ["text", [1]],
    "pinyin": [{"a": [1, 2]}, [], "text"],
    "coverage": [["x", "y"], [1], "text"],
}
"""For each kind the county's cache holds, data of another shape than its entries have."""


def test_an_entry_with_our_tag_but_the_wrong_shape_is_a_miss(county: Path) -> None:  # noqa: F811
    """Signed by this key (so not an attack: an older format, say), but not of the shape its kind decodes."""
    store = Cache(county / FOLDER)
    for n, path in enumerate(entries(county)):
        kind, key = kind_and_key(county, path)
        wrong = WRONG_SHAPES[kind.name]
        store.put_data(kind, key, pack(wrong[n % len(wrong)]))
        assert path.read_bytes().startswith(MAGIC)
    cached_equals_clean(county)


def test_an_entry_moved_to_another_key_is_a_miss(county: Path) -> None:  # noqa: F811
    """The tag covers the kind and the key: a valid entry copied under another key is not taken for it."""
    found = [p for p in entries(county) if p.relative_to(county / FOLDER).parts[0] == "fragment"]
    assert len(found) >= 2
    first = found[0].read_bytes()
    for path in found[1:]:
        path.write_bytes(first)
    cached_equals_clean(county)


def test_entries_made_with_another_key_are_misses(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    store = Cache(county / FOLDER)
    found = entries(county)
    monkeypatch.setenv("GONGKAI_CACHE_KEY", "someone else's key")
    secret_key.cache_clear()
    try:
        for path in found:
            kind, key = kind_and_key(county, path)
            assert store.get(Kind(kind.name, lambda v: v, lambda v: v), key) is None, path
    finally:
        monkeypatch.undo()
        secret_key.cache_clear()


def test_the_key_lives_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    secret_key.cache_clear()
    try:
        first = secret_key()
        path = tmp_path / "config" / "gongkai" / "cache-key"
        assert first.source == str(path) and len(first.key) == 32
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        secret_key.cache_clear()
        assert secret_key() == first  # the same key in the next run
    finally:
        secret_key.cache_clear()


def test_fifos_links_and_folders_at_cache_paths_are_misses(county: Path, tmp_path: Path) -> None:  # noqa: F811
    """A FIFO would block a reader and /dev/zero never end: neither is read. A link is never followed."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("a cache read blocked"))
    signal.alarm(60)
    outside = tmp_path / "outside-secret"
    outside.write_bytes(b"not the cache's")
    for n, path in enumerate(entries(county)):
        path.unlink()
        if n % 4 == 0:
            os.mkfifo(path)
        elif n % 4 == 1:
            path.symlink_to("/dev/zero")
        elif n % 4 == 2:
            path.symlink_to(outside)
        else:
            path.mkdir()
    try:
        cached_equals_clean(county)
    finally:
        signal.alarm(0)
    assert outside.read_bytes() == b"not the cache's"


def test_a_cache_folder_that_is_a_link_is_not_used(county: Path, tmp_path: Path) -> None:  # noqa: F811
    """A repository can hold `.gongkai-cache` as a link to anywhere: nothing is written there or removed."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", encoding="utf-8")
    shutil.rmtree(county / FOLDER)
    (county / FOLDER).symlink_to(elsewhere)
    cached_equals_clean(county)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["keep.txt"]
    assert Cache(county / FOLDER).clean() == 0
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_a_link_inside_the_cache_folder_is_never_written_through(county: Path, tmp_path: Path) -> None:  # noqa: F811
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(county / FOLDER / "fragment")
    (county / FOLDER / "fragment").symlink_to(elsewhere)
    change_catalog(county)
    cached_equals_clean(county)
    assert list(elsewhere.iterdir()) == []


def test_the_search_index_comes_from_the_cache_only_when_signed(county: Path, tmp_path: Path) -> None:  # noqa: F811
    first = build(county, tmp_path / "one")
    assert not first.search.cached
    again = build(county, tmp_path / "two")
    assert again.search.cached and differences(tree(first.out / "pagefind"), tree(again.out / "pagefind")) == []
    (index,) = (p for p in entries(county) if p.relative_to(county / FOLDER).parts[0] == "search")
    store = Cache(county / FOLDER)
    store.put_data(Kind("search", None, None), index.name, pack({"pagefind.js": b"alert(1)"}))  # signed, but..
    shutil.rmtree(tmp_path / "two")
    third = build(county, tmp_path / "two")
    assert third.search.cached  # .. a well-formed index is taken: the tag is what keeps others out
    index.write_bytes(index.read_bytes()[:-1] + b"x")
    fourth = build(county, tmp_path / "three")
    assert not fourth.search.cached and b"alert(1)" not in (fourth.out / "pagefind" / "pagefind.js").read_bytes()


def test_the_cache_stays_within_its_limit_and_keeps_what_was_used_last(tmp_path: Path) -> None:
    store = Cache(tmp_path / "cache", limit=40_000)
    kind = Kind("test", lambda v: v, gongkai.cache.BYTES)
    for n in range(30):
        store.put(kind, f"{n:04d}", os.urandom(2_000))
        os.utime(store._path(kind, f"{n:04d}"), (1_000_000 + n, 1_000_000 + n))
    assert store.get(kind, "0000") is not None  # used now: the newest
    store.trim()
    assert store.info().bytes <= 40_000
    assert store.get(kind, "0000") is not None
    assert store.get(kind, "0001") is None and store.get(kind, "0029") is not None


def test_builds_keep_the_cache_within_the_configured_limit(county: Path) -> None:  # noqa: F811
    config = county / "gongkai.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[cache]\nmax-size-mb = 1\n", encoding="utf-8")
    catalog = county / "catalogs" / "donghu-zhen.yaml"
    text = catalog.read_text(encoding="utf-8")
    for n in range(12):
        catalog.write_text(text.replace("name: 低保审核信息", f"name: 低保审核信息{n}", 1), encoding="utf-8")
        build(county, county.parent / "warm", BuildOptions(search=False))
        lint(county)
        assert Cache.of_project(county).info().bytes <= 1 << 20
    assert to_json(lint(county))  # still a working cache


def test_no_module_reads_objects_from_bytes() -> None:
    """No deserialiser that can construct objects or run code, anywhere in the package."""
    banned_modules = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
    banned_calls = {"bytecode_from_string", "load_bytecode_from", "eval", "exec"}
    for path in SRC.rglob("*.py"):
        tree_ = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree_):
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & banned_modules, path
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] not in banned_modules, path
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                assert name not in banned_calls, f"{path}:{node.lineno}"
            elif isinstance(node, ast.Constant) and node.value in ("unsafe", "rt-unsafe"):
                pytest.fail(f"{path}:{node.lineno}: an unsafe YAML loader")
