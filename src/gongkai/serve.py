"""`gongkai serve`: build, serve the site on localhost, rebuild when a catalog, domain, template or the config
changes. A failed rebuild is reported and the last good site stays served."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from gongkai import clock
from gongkai.build import BuildOptions, BuildResult, Log, build, check, load, open_output, render, silent, view
from gongkai.city.site import CityResult, build_city
from gongkai.city.sources import is_city, local_counties
from gongkai.config import read_config
from gongkai.errors import ConfigError, GongkaiError
from gongkai.lint.runner import build_inputs
from gongkai.output import check_output, staged
from gongkai.paths import CONFIG_FILE


class _Handler(SimpleHTTPRequestHandler):
    """Static files from the output folder (looked up per request: rebuilds swap the folder), the site's own
    404 page, and no request log."""

    prefix = "/"  # the path of the config's base_url: the site answers there too, as the 404 page's links expect

    def log_message(self, format: str, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if self.prefix != "/" and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def watched(root: Path) -> list[Path]:
    paths = [root / name for name in ("catalogs", "domains", "templates")]
    return [p for p in paths if p.is_dir()] + [root / CONFIG_FILE] * (root / CONFIG_FILE).is_file()


def city_watched(root: Path) -> list[Path]:
    """A city's own config and templates and each of its local counties' files (a county fetched by git is
    pinned to its revision: it changes only when the config does)."""
    paths = [p for p in (root / CONFIG_FILE, root / "templates") if p.exists()]
    try:
        local = local_counties(root)
    except ConfigError:
        return paths  # the build says what is wrong; the config is watched for its fix
    return paths + [path for county in local for path in watched(county.root)]


def rebuild(
    root: Path,
    out: Path,
    report: Callable[[BuildResult | CityResult | GongkaiError], None],
    started: dt.datetime,
    pages_first: bool = False,
) -> None:
    """Build with the time serving started as the build time: pages and downloads of unchanged catalogs are then
    the same bytes as last time, and the cache serves them. With `pages_first`, the pages are swapped in before
    the downloads and the search index are rebuilt: at 10k items an edit then shows in under a second, where the
    whole build with its search index takes several."""
    options = BuildOptions(now=started)
    try:
        if _city(root):  # no pages-first path: each county's part is rebuilt whole, the unchanged ones reused
            report(build_city(root, out, now=started))
            return
        if pages_first:
            build_pages(root, out, options)
        report(build(root, out, options))
    except GongkaiError as exc:
        report(exc)


def build_pages(root: Path, out: Path, options: BuildOptions, log: Log = silent) -> None:
    """`build` without the downloads, the dataset and the search index: those are taken over from the site in
    `out` as they were, and the whole build that follows makes them anew."""
    cache = open_output(root, out)
    options = options.settled()
    with staged(out) as stage:
        inputs = build_inputs(root)
        project = load(root, cache, options, log)
        lint = check(project, cache, inputs, options, log)
        site = view(root, project, lint, cache, options, log)
        render(stage, root, site, cache, options, log, downloads=False)
        stage.carry(("downloads", "data", "pagefind"))
    cache.trim(force=True)


def serve(
    root: Path,
    report: Callable[[BuildResult | CityResult | GongkaiError], None],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    out: Path | None = None,
    ready: Callable[[str], None] = lambda _: None,
    stop: threading.Event | None = None,
) -> None:
    """Build, then serve `out` until `stop` is set (or Ctrl-C), rebuilding on every change; in a city repository
    the city site, rebuilt when the city or any of its local counties changes."""
    from watchfiles import watch

    out = (out or root / "site").resolve()
    check_output(out, root)  # before anything is served: a refused folder must not go on the air either
    paths = city_watched(root) if _city(root) else watched(root)
    changes = watch(*paths, stop_event=stop, debounce=200, step=50, rust_timeout=200, yield_on_timeout=True)
    next(changes, None)  # the watcher is on before the first build: a file saved while it runs is seen after it
    started = clock.now()
    rebuild(root, out, report, started)
    out.mkdir(parents=True, exist_ok=True)
    try:
        handler = type("Handler", (_Handler,), {"prefix": _site_path(root)})
        server = ThreadingHTTPServer((host, port), partial(handler, directory=str(out)))
    except OSError as exc:
        raise GongkaiError(f"无法在 {host}:{port} 启动服务：{exc.strerror or exc}；换一个 --port 试试") from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready(f"http://{host}:{server.server_address[1]}/")
    try:
        for changed in changes:
            if changed:  # else the watcher's timeout: nothing happened
                rebuild(root, out, report, started, pages_first=True)
    finally:
        server.shutdown()
        server.server_close()


def _city(root: Path) -> bool:
    try:
        return is_city(root)
    except ConfigError:
        return False  # the build reports it, and serving goes on until it is fixed


def _site_path(root: Path) -> str:
    try:
        base_url = read_config(root / CONFIG_FILE).site.base_url
    except ConfigError:
        return "/"  # the build reports it
    return urlsplit(base_url or "/").path.rstrip("/") + "/"
