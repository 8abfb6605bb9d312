"""The report as a file (`gongkai report --format json|xlsx|html`): the html one is the site's report page, made
self-contained."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment

from gongkai import clock
from gongkai.model.project import Project
from gongkai.render.environment import environment
from gongkai.render.pages import render_page, static_files
from gongkai.render.views import SiteView, site_view
from gongkai.report import Report, to_json, to_xlsx


def report_bytes(root: Path, project: Project, report: Report, format: str) -> bytes:
    """The report as json, xlsx or a self-contained html page (the site's report page, stylesheet inline)."""
    if format == "json":
        return to_json(report).encode("utf-8")
    if format == "xlsx":
        return to_xlsx(report)
    return standalone_report(site_view(project, clock.now(), report), environment(root), root)


def standalone_report(site: SiteView, env: Environment, root: Path) -> bytes:
    """The report page as one self-contained file (its stylesheet inline)."""
    return standalone(site, env, root, "report.html", report=site.report, row_url=lambda _: None)


def standalone(site: SiteView, env: Environment, root: Path, template: str, **context) -> bytes:
    """A page of the site as one self-contained file (its stylesheet inline)."""
    css = b"".join(data for name, data in static_files(root) if name == "static/gongkai.css").decode("utf-8")
    _, html = render_page(env, template, template, site, inline_css=css, **context)
    return html
