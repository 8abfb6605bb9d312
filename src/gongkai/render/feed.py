"""The 更新记录 as an Atom 1.0 feed."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from html import escape

from gongkai import __version__, clock
from gongkai.history.changes import HistoryEntry
from gongkai.history.formats import element_line, summary, unit_heading, unit_line

ATOM = "http://www.w3.org/2005/Atom"


def _absolute(base_url: str | None, path: str) -> str:
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def _entry_html(entry: HistoryEntry, base_url: str | None) -> str:
    diff = entry.diff
    parts = [f"<p>{escape(entry.message)}</p>"] if entry.message else []
    for slug, unit_changes, domains in diff.groups():
        parts.append(f"<h3>{escape(unit_heading(diff, slug))}</h3><ul>")
        parts += [f"<li>{escape(unit_line(c))}</li>" for c in unit_changes]
        for domain, changes in domains:
            for change in changes:
                name = escape(change.name)
                if change.url:
                    name = f'<a href="{escape(_absolute(base_url, change.url))}">{name}</a>'
                label = (
                    f"更名：{escape(change.old_name or '')} → "
                    if change.kind == "renamed"
                    else f"{change.kind_label}："
                )
                details = "".join(f"<li>{escape(element_line(*e))}</li>" for e in change.elements)
                parts.append(
                    f"<li>{escape(diff.domain_names.get(domain, domain))} · {label}{name}"
                    + (f"<ul>{details}</ul>" if details else "")
                    + "</li>"
                )
        parts.append("</ul>")
    return "".join(parts)


def entry_title(entry: HistoryEntry) -> str:
    """`东湖镇、西山乡：新增 2 项、修改 1 项`."""
    units = [entry.diff.unit_names.get(s, s) for s in entry.diff.units()]
    shown = "、".join(units[:3]) + (f"等 {len(units)} 个单位" if len(units) > 3 else "")
    return f"{shown}：{summary(entry.diff)}"


def atom_feed(
    entries: list[HistoryEntry],
    site_title: str,
    base_url: str | None,
    built: dt.datetime,
    page: str = "updates.html",
    feed: str = "updates.xml",
) -> bytes:
    """The 更新记录 as an Atom 1.0 feed. Ids are `urn:uuid:` names derived from the commit hashes (and from the
    site's address or title for the feed), so two builds of one commit give the same bytes; links are relative to
    the site root, absolute with `base_url`. `updated` is the newest entry's date, `built` when there is none."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _xml_text(v) for k, v in attrs.items()})
        element.text = None if text is None else _xml_text(text)
        return element

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    sub(root, "title", f"{site_title} · 更新记录")
    feed_key = _absolute(base_url, feed) if base_url else f"gongkai:{site_title}"
    sub(root, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, feed_key)}")
    updated = max((e.date for e in entries), default=built)
    sub(root, "updated", _rfc3339(updated))
    sub(root, "link", rel="alternate", type="text/html", href=_absolute(base_url, page))
    if base_url:
        sub(root, "link", rel="self", type="application/atom+xml", href=_absolute(base_url, feed))
    author = sub(root, "author")
    sub(author, "name", site_title)
    sub(root, "generator", "gongkai", version=__version__)
    for entry in entries:
        item = sub(root, "entry")
        sub(item, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'gongkai:commit:{entry.commit}')}")
        sub(item, "title", entry_title(entry))
        sub(item, "updated", _rfc3339(entry.date))
        sub(item, "published", _rfc3339(entry.date))
        sub(item, "link", rel="alternate", type="text/html", href=_absolute(base_url, f"{page}#{entry.anchor}"))
        if entry.message:
            sub(item, "summary", entry.message)
        sub(item, "content", _entry_html(entry, base_url), type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """`text` as XML 1.0 can hold it: a control character from a catalog or a commit message (ElementTree would
    write it as it is, and no reader takes the feed then) becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _rfc3339(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.CHINA)
    return moment.isoformat(timespec="seconds")
