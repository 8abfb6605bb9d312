"""`gongkai serve`: builds, serves on 127.0.0.1, rebuilds when a catalog changes, keeps serving the last good site
when a change has lint errors."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request

import pytest

from gongkai.cache import Cache
from gongkai.errors import GongkaiError
from gongkai.lint.runner import build_inputs, lint_for_build
from gongkai.model.project import load_project
from gongkai.serve import serve
from tests.conftest import GOOD_HEAD, GOOD_ITEM

pytestmark = pytest.mark.slow


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def saved(county, name: str, text: str) -> None:
    """Saved as an editor that writes a new file and renames it over the old does: a build running meanwhile
    reads the old text or the new, never half of it (with an in-place write it can, and then serves that)."""
    path = county.write(name + ".new", text)
    path.replace(path.with_name(name))


def test_serve_rebuilds_on_change_and_keeps_the_last_good_site(county, tmp_path):
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    results: list = []
    address: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(county.root, results.append),
        kwargs={"port": 0, "out": tmp_path / "site", "ready": address.append, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: address)
        status, html = fetch(address[0] + "units/donghu-zhen.html")
        assert status == 200 and "低保审核信息" in html
        status, missing = fetch(address[0] + "units/missing.html")
        assert status == 404 and 'href="/static/gongkai.css"' in missing  # no base_url: links from /

        saved(county, "donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("低保审核信息", "低保审批信息"))
        wait_for(lambda: "低保审批信息" in fetch(address[0] + "units/donghu-zhen.html")[1])

        saved(county, "donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", ""))
        wait_for(lambda: any(isinstance(r, GongkaiError) for r in results))
        # The last good site stays (a build that loaded the new text used to take the lint result stored for the
        # old one, and put the page with errors on the air: the last test below)
        wait_for(lambda: "低保审批信息" in fetch(address[0] + "units/donghu-zhen.html")[1], seconds=10)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_serve_answers_under_the_base_url_path_too(county, tmp_path):
    """The 404 page links from base_url's path (/gongkai/…); the preview serves the site there as well as at /."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    config = county.root / "gongkai.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[site]\n", '[site]\nbase_url = "https://www.example.gov.cn/gongkai/"\n'), encoding="utf-8")  # fmt: skip
    address: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(county.root, lambda _: None),
        kwargs={"port": 0, "out": tmp_path / "site", "ready": address.append, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: address)
        status, missing = fetch(address[0] + "units/missing.html")
        assert status == 404 and 'href="/gongkai/static/gongkai.css"' in missing
        assert fetch(address[0] + "gongkai/static/gongkai.css")[0] == 200
        assert fetch(address[0] + "gongkai/units/donghu-zhen.html")[0] == 200
        assert fetch(address[0] + "units/donghu-zhen.html")[0] == 200
    finally:
        stop.set()
        thread.join(timeout=10)


def test_serve_refuses_an_output_folder_build_refuses_before_serving_anything(county):
    """`--out .` would put the project itself, gongkai.toml and all, on the air."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    address: list[str] = []
    with pytest.raises(GongkaiError, match="输出文件夹"):
        serve(county.root, lambda _: None, port=0, out=county.root, ready=address.append)
    assert address == []


def test_a_lint_result_stored_for_a_catalog_is_not_used_for_the_catalog_saved_while_the_build_loaded(county):
    """`serve`: the build takes the lint key, an editor saves, the build loads the new text. The result stored
    for the old text (clean) must not pass the new one (missing 公开依据) on to the site."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    cache = Cache.of_project(county.root)
    inputs = build_inputs(county.root)
    assert lint_for_build(load_project(county.root, cache=cache), cache, inputs).errors == 0  # stored
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", ""))
    result = lint_for_build(load_project(county.root, cache=cache), cache, inputs)  # the key of the old text
    assert result.errors == 1 and [p.code for p in result.problems if p.severity == "error"] == ["GK203"]


def test_a_catalog_saved_while_the_first_build_runs_is_rebuilt(county, tmp_path):
    """The watcher is on before the first build: a save made while it runs (here: as it reports) is not lost."""
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    address: list[str] = []
    stop = threading.Event()

    def report(result) -> None:
        if not address:  # the first build, before the site is served
            saved(county, "donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM.replace("低保审核信息", "低保审批信息"))

    thread = threading.Thread(
        target=serve,
        args=(county.root, report),
        kwargs={"port": 0, "out": tmp_path / "site", "ready": address.append, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: address)
        wait_for(lambda: "低保审批信息" in fetch(address[0] + "units/donghu-zhen.html")[1])
    finally:
        stop.set()
        thread.join(timeout=10)
