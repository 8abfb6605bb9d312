"""A hostile corpus, generated: what an attacker or a careless editor puts into a county repository.

`cases()` yields a few hundred `Hostile` cases across encodings, bombs, depth, wrong types, missing elements,
injection strings in every text field, YAML features, broken config and domain files, and odd spreadsheets. Each is
a small county (files by path, on top of `BASE`) and one command; tests/test_hostile.py runs every case through the
real CLI and holds it to SPEC §10: exit 1 or 2, a message that names the file and the place, never a traceback or
an internal error, never a hang. Only this generator is kept in the repository, not the files.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

CONFIG = '[site]\ncounty = "测试县"\n'
DOMAIN = "id: shehui-jiuzhu\nname: 社会救助\npilot: true\n"
BASE = {"gongkai.toml": CONFIG.encode(), "domains/shehui-jiuzhu.yaml": DOMAIN.encode()}
CATALOG = "catalogs/hostile.yaml"

ITEM = {
    "name": "低保审核信息",
    "content": "初审对象名单及相关信息",
    "basis": "《社会救助暂行办法》",
    "deadline": "信息形成或者变更之日起20个工作日内",
    "owner": "测试县东湖镇人民政府",
    "method": "[主动]",
    "channel": "[政府网站, 便民服务站]",
    "audience": "[全社会]",
}
ELEMENTS = tuple(ITEM)


@dataclass(frozen=True)
class Hostile:
    id: str
    files: dict[str, bytes]  # on top of BASE; a value of None removes the file
    argv: tuple[str, ...] = ("lint",)
    exits: tuple[int, ...] = (1,)
    place: str = CATALOG  # the message must name this file ...
    located: bool = True  # ... with :line:column after it
    special: str | None = None  # "fifo:PATH", "folder:PATH", "sparse:PATH:BYTES": made by the test
    must_not_show: tuple[str, ...] = field(default=())  # strings that must not reach the output as written


def catalog(items: list[dict[str, str]] | None = None, unit: str | None = None, extra: str = "") -> str:
    """A catalog as YAML text; item values are written as given (already YAML), so they can be anything."""
    unit = unit or "  name: 测试县东湖镇人民政府\n  kind: township\n"
    lines = [f"unit:\n{unit}reviewed: 2026-06-01\ndomains:\n  shehui-jiuzhu:\n"]
    for item in items if items is not None else [ITEM]:
        first = True
        for key, value in item.items():
            lines.append(f"    {'- ' if first else '  '}{key}: {value}\n")
            first = False
    return "".join(lines) + extra


def yaml_text(value: str) -> str:
    """`value` as a YAML double-quoted scalar: every character, control characters included, arrives as is."""
    return json.dumps(value, ensure_ascii=False)


def one(case_id: str, text: str | bytes, **kw) -> Hostile:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return Hostile(case_id, {CATALOG: raw}, **kw)


# --- injection: strings that must stay text in every output ------------------------------------------------

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": '"><img src=x onerror=alert(1)>',
    "javascript-url": "javascript:alert(document.cookie)",
    "markdown-js-link": "[点此](javascript:alert(1)) **粗体**",
    "formula-hyperlink": '=HYPERLINK("http://evil.example","点击")',
    "formula-dde": "=cmd|' /C calc'!A0",
    "formula-plus": "+1+cmd|' /C calc'!A0",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "jinja": "{{ 7*7 }}{% include '/etc/passwd' %}",
    "terminal-escape": "\x1b[31m红色\x1b[0m\x1b]0;标题\x07",
    "line-forging": "低保\r\ncatalogs/hostile.yaml:1:1 GK999 伪造的问题",
    "bidi-override": "\u202e反转文字\u202c",
    "cdata-atom": "]]></title><entry><title>伪造</title></entry>",
    "path-traversal": "../../../../etc/passwd",
    "nul-and-bell": "空\x00字符\x07",
    "zero-width": "低\u200b保\ufeff",
}
"""Each payload is written into a field of an item that also lacks 公开对象 (audience), so lint has an error
to report on the item and shows the item's name (and so the payload, where it is the name) while doing so."""

INJECTED_FIELDS = ("name", "content", "basis", "deadline", "owner", "category", "same_as", "channel")


def injection() -> Iterator[Hostile]:
    for payload_id, payload in PAYLOADS.items():
        for element in INJECTED_FIELDS:
            item = {k: v for k, v in ITEM.items() if k != "audience"}
            item[element] = f"[{yaml_text(payload)}]" if element == "channel" else yaml_text(payload)
            yield one(f"inject-{payload_id}-in-{element}", catalog([item]), must_not_show=_unsafe(payload))
        unit = f"  name: {yaml_text(payload)}\n  short: {yaml_text(payload)}\n  kind: township\n"
        yield one(
            f"inject-{payload_id}-in-unit",
            catalog([{k: v for k, v in ITEM.items() if k != "audience"}], unit=unit),
            must_not_show=_unsafe(payload),
        )
        withheld = f"withheld:\n  - name: {yaml_text(payload)}\n"  # no basis: GK602
        yield one(f"inject-{payload_id}-in-withheld", catalog(extra=withheld), must_not_show=_unsafe(payload))


def _unsafe(payload: str) -> tuple[str, ...]:
    """What of `payload` must never reach a terminal or log as written: its control and bidi characters, and
    a line of its own after a line break (a forged problem line)."""
    unsafe = {c for c in payload if (ord(c) < 0x20 and c not in "\t\n") or c in "\u202e\u202c\x7f"}
    if "\n" in payload:
        unsafe.add("\n" + payload.split("\n", 1)[1])
    return tuple(sorted(unsafe))


# --- wrong types and missing elements ------------------------------------------------------------------------

WRONG = {
    "int": "12345",
    "float": "3.14",
    "bool": "true",
    "date": "2026-01-01",
    "mapping": "{a: 1}",
    "list-of-mappings": "[{a: 1}]",
    "nested-list": "[[文字]]",
    "huge-int": "1" * 400,
    "binary-tag": "!!binary aGVsbG8=",
    "inf": ".inf",
}
TEXT_ELEMENTS = ("name", "content", "basis", "deadline", "owner", "category", "same_as", "stage")
LIST_ELEMENTS = ("method", "channel", "audience", "level")


def wrong_types() -> Iterator[Hostile]:
    for element in TEXT_ELEMENTS:
        for kind, value in WRONG.items():
            if kind == "huge-int":
                continue  # read as its digits: text, as telephone numbers are
            yield one(f"type-{kind}-as-{element}", catalog([{**ITEM, element: value}]))
    for element in LIST_ELEMENTS:
        for kind in ("int", "mapping", "list-of-mappings", "nested-list", "bool", "float"):
            yield one(f"type-{kind}-as-{element}", catalog([{**ITEM, element: WRONG[kind]}]))
    for element in ("id",):
        for kind in ("mapping", "list-of-mappings", "nested-list"):
            yield one(f"type-{kind}-as-{element}", catalog([{**ITEM, element: WRONG[kind]}]))
    units = {
        "unit-list": "unit: [东湖镇]\n",
        "unit-scalar": "unit: 东湖镇\n",
        "unit-name-int": "unit:\n  name: 12345\n  kind: township\n",
        "unit-name-empty": "unit:\n  name: ''\n  kind: township\n",
        "unit-name-placeholder": "unit:\n  name: 无\n  kind: township\n",
        "unit-name-missing": "unit:\n  kind: township\n",
        "unit-kind-unknown": "unit:\n  name: 东湖镇\n  kind: 镇\n",
        "unit-kind-list": "unit:\n  name: 东湖镇\n  kind: [township]\n",
        "unit-parent-mapping": "unit:\n  name: 东湖村\n  kind: village\n  parent: {a: 1}\n",
        "unit-contact-mapping": "unit:\n  name: 东湖镇\n  kind: township\n  contact: {a: 1}\n",
        "unit-unknown-key": "unit:\n  name: 东湖镇\n  kind: township\n  leader: 张三\n",
    }
    for case_id, unit in units.items():
        yield one(case_id, unit + "domains:\n  shehui-jiuzhu: []\n")
    top = {
        "domains-list": "domains: [shehui-jiuzhu]\n",
        "domains-scalar": "domains: 社会救助\n",
        "domain-items-scalar": "domains:\n  shehui-jiuzhu: 低保\n",
        "domain-items-mapping": "domains:\n  shehui-jiuzhu: {name: 低保}\n",
        "domain-key-int": "domains:\n  12: []\n",
        "domain-unknown": "domains:\n  no-such-domain: []\n",
        "item-scalar": "domains:\n  shehui-jiuzhu:\n    - 低保审核信息\n",
        "item-list": "domains:\n  shehui-jiuzhu:\n    - [低保审核信息]\n",
        "item-null": "domains:\n  shehui-jiuzhu:\n    - null\n",
        "reviewed-bad-date": "reviewed: 2026-02-30\ndomains: {}\n",
        "reviewed-int": "reviewed: 20260101\ndomains: {}\n",
        "reviewed-words": "reviewed: 去年\ndomains: {}\n",
        "reviewed-list": "reviewed: [2026-01-01]\ndomains: {}\n",
        "withheld-scalar": "withheld: 无\ndomains: {}\n",
        "withheld-name-placeholder": "withheld:\n  - name: 无\n    basis: 《保密法》\ndomains: {}\n",
        "top-unknown-key": "extra: 1\ndomains: {}\n",
    }
    unit = "unit:\n  name: 测试县东湖镇人民政府\n  kind: township\n"
    for case_id, rest in top.items():
        yield one(case_id, unit + rest)


def missing_elements() -> Iterator[Hostile]:
    for element in ELEMENTS:
        yield one(f"missing-{element}", catalog([{k: v for k, v in ITEM.items() if k != element}]))
        for kind, value in {"null": "", "empty": "''", "placeholder": "无", "slash": "/", "spaces": "'   '"}.items():
            if element in ("method", "channel", "audience") and kind in ("placeholder", "slash"):
                value = f"[{value}]"
            yield one(f"empty-{kind}-{element}", catalog([{**ITEM, element: value}]))


# --- bytes and encodings -------------------------------------------------------------------------------------


def encodings() -> Iterator[Hostile]:
    text = catalog()
    unreadable = dict(exits=(2,))
    yield one("utf16-le-no-bom", text.encode("utf-16-le"), **unreadable)
    yield one("utf16-be-no-bom", text.encode("utf-16-be"), **unreadable)
    yield one("binary-random", bytes(range(256)) * 8, **unreadable)
    yield one("binary-png", b"\x89PNG\r\n\x1a\n" + bytes(200), **unreadable)
    yield one("binary-zip", _zip({"a.txt": b"x"}), **unreadable)
    yield one("binary-gzip", b"\x1f\x8b\x08\x00" + bytes(100), **unreadable)
    yield one("nul-in-middle", text.encode()[:40] + b"\x00" + text.encode()[40:], **unreadable)
    for where in (0, len(text.encode()) // 2, len(text.encode()) - 1):
        raw = text.encode()
        yield one(f"invalid-utf8-at-{where}", raw[:where] + b"\xff\xfe\xfd\x80\x80" + raw[where:], **unreadable)
    raw = text.encode()
    yield one("overlong-utf8", raw + b"name: \xc0\xaf\n", **unreadable)
    yield one("utf8-surrogate", raw + b"    - name: \xed\xa0\x80\n", **unreadable)
    yield one("truncated-utf8", raw + "低".encode()[:2], **unreadable)
    yield one("bom-utf16-broken", b"\xff\xfe" + text.encode("utf-16-le")[:-1], **unreadable)
    yield one("bom-utf32-broken", b"\xff\xfe\x00\x00" + b"\x41\x00\x00", **unreadable)
    yield one("control-bell", text.replace("低保审核信息", "低保\x07审核"), **dict(exits=(1,)))
    yield one("control-escape", text.replace("低保审核信息", "低保\x1b[31m"), **dict(exits=(1,)))
    yield one("control-backspace", text.replace("初审", "初\x08审"), **dict(exits=(1,)))
    yield one("del-character", text.replace("初审", "初\x7f审"), **dict(exits=(1,)))
    yield one("c1-control", text.replace("初审", "初\x85\x9b审"), **dict(exits=(1,)))
    yield one("empty-file", b"", located=True)
    yield one("only-bom", b"\xef\xbb\xbf")
    yield one("only-newlines", b"\n" * 1000)
    yield one("only-comments", b"# \xe6\xb3\xa8\n" * 100)


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- bombs, depth, size ------------------------------------------------------------------------------------


def bombs() -> Iterator[Hostile]:
    for levels in (6, 9, 12, 20):
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels)]
        yield one(f"alias-bomb-{levels}", "\n".join(lines) + "\n")
    wide = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 1000) + "]\n"
    yield one("alias-bomb-wide", wide)
    yield one("alias-bomb-in-item", catalog([{**ITEM, "channel": "&c [政府网站]"}] + [{**ITEM, "channel": "*c"}] * 3)
              .replace("*c", "[" + ", ".join(["*c"] * 50_000) + "]"))  # fmt: skip
    for depth in (33, 100, 1_000, 100_000):
        yield one(f"flow-seq-depth-{depth}", "a: " + "[" * depth + "]" * depth + "\n")
        yield one(f"flow-map-depth-{depth}", "a: " + "{a: " * depth + "1" + "}" * depth + "\n")
    for depth in (33, 200):
        keys = "".join(f"{'  ' * n}k{n}:\n" for n in range(depth))
        yield one(f"block-map-depth-{depth}", keys + "  " * depth + "v\n")
        yield one(f"block-seq-depth-{depth}", "".join(f"{'  ' * n}-\n" for n in range(depth)) + "  " * depth + "x\n")
    yield one("mixed-depth", "a: " + "[{a: " * 5_000 + "1" + "}]" * 5_000 + "\n")
    yield one("unclosed-flow-100k", "a: " + "[" * 100_000 + "\n")
    yield one("long-key", "k" * 2_000_000 + ": 1\n")
    no_audience = {k: v for k, v in ITEM.items() if k != "audience"}
    yield one("long-scalar-in-name", catalog([{**no_audience, "name": "低" * 3_000_000}]))
    yield one("long-scalar-in-content", catalog([{**no_audience, "content": "低保" * 1_000_000}]))
    yield one("many-duplicate-keys", "unit:\n  name: 东湖镇\n  kind: township\n" + "domains: {}\n" * 20_000)
    yield one("many-empty-items", catalog([{"name": f"事项{n}"} for n in range(5_000)]))
    yield one("many-domains", "unit:\n  name: 东湖镇\n  kind: township\ndomains:\n"
              + "".join(f"  d{n}: []\n" for n in range(20_000)))  # fmt: skip
    yield one("anchor-on-every-item", catalog([{**no_audience, "name": f"&n{n} 事项{n}"} for n in range(2_000)]))
    yield Hostile("file-over-32-mb", {}, exits=(2,), special=f"sparse:{CATALOG}:{40 * 1024 * 1024}")
    yield Hostile("fifo-catalog", {}, exits=(2,), special=f"fifo:{CATALOG}", located=False)


# --- YAML features a catalog must not use, and syntax errors ---------------------------------------------


def yaml_features() -> Iterator[Hostile]:
    text = catalog()
    tags = {
        "python-object": "!!python/object/apply:os.system ['echo pwned']",
        "python-name": "!!python/name:os.system",
        "python-module": "!!python/module:os",
        "ruby-object": "!ruby/object:Gem::Installer {}",
        "set": "!!set {a, b}",
        "omap": "!!omap [a: 1]",
        "custom": "!include /etc/passwd",
        "verbatim": "!<tag:yaml.org,2002:python/object> {}",
        "java": "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [x]]]]",
        "binary": "!!binary aGVsbG8=",
    }
    for case_id, tag in tags.items():
        yield one(f"tag-{case_id}", text.replace("初审对象名单及相关信息", tag, 1))
    yield one("directive-yaml-9-9", "%YAML 9.9\n---\n" + text)
    yield one("directive-tag", "%TAG !e! tag:evil.example,2000:\n---\n" + text.replace("《", "!e!x 《", 1))
    yield one("two-documents", text + "---\n" + text)
    yield one("merge-key", text + "x: &m {a: 1}\ny:\n  <<: *m\n")
    yield one("complex-key", "? [a, b]\n: 1\n" + text)
    yield one("alias-as-key", "a: &k name\n*k : 1\n")
    yield one("undefined-alias", text.replace("[全社会]", "*nowhere"))
    yield one("anchor-redefined-loop", "a: &a [1]\nb: &a [*a, *a]\nc: [*a, *a]\n" + text)
    syntax = {
        "tab-indent": text.replace("    - name", "\t- name", 1),
        "unclosed-double-quote": text.replace("初审", '"初审', 1),
        "unclosed-single-quote": text.replace("初审", "'初审", 1),
        "unclosed-bracket": text.replace("[政府网站, 便民服务站]", "[政府网站, 便民服务站", 1),
        "unclosed-brace": text + "x: {a: 1\n",
        "bad-escape": text.replace("初审", '"初\\q审"', 1),
        "bare-colon": text.replace("初审", "初审: 名单", 1),
        "bad-indent": text.replace("      content", "        content", 1),
        "dedent-item": text.replace("      basis", "  basis", 1),
        "stray-dash": text + "- 流浪的列表项\n",
        "at-sign": text.replace("初审", "@初审", 1),
        "backtick": text.replace("初审", "`初审", 1),
        "percent-at-start": text.replace("初审", "%初审", 1),
        "lone-question": text + "?\n",
        "document-end-midway": text.replace("reviewed", "...\nreviewed", 1),
        "bom-in-key": text.replace("content", "\ufeffcontent", 1),
        "cr-only-with-tab": text.replace("\n", "\r").replace("    - name", "\t- name"),
        "null-escape": text.replace("初审", '"初\\0审"', 1),
        "surrogate-escape": text.replace("初审", '"\\ud800"', 1),
        "block-scalar-bad-indicator": text.replace("初审对象名单及相关信息", "|99\n        x", 1),
    }
    for case_id, bad in syntax.items():
        exits = (0, 1) if case_id in ("null-escape", "bom-in-key") else (1,)
        yield one(f"syntax-{case_id}", bad, exits=exits)


# --- config and domain files ---------------------------------------------------------------------------------


def config_files() -> Iterator[Hostile]:
    def config(text: str | bytes, case_id: str, **kw) -> Hostile:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return Hostile(f"config-{case_id}", {"gongkai.toml": raw, CATALOG: catalog().encode()},
                       exits=(2,), place="gongkai.toml", located=False, **kw)  # fmt: skip

    broken = {
        "unclosed-table": "[site\n",
        "unclosed-string": '[site]\ncounty = "测试县\n',
        "bare-value": "[site]\ncounty = 测试县\n",
        "duplicate-key": '[site]\ncounty = "甲"\ncounty = "乙"\n',
        "duplicate-table": '[site]\ncounty = "甲"\n[site]\ntitle = "乙"\n',
        "deep-arrays": "a = " + "[" * 10_000 + "]" * 10_000 + "\n",
        "deep-tables": "a = " + "{b = " * 10_000 + "1" + "}" * 10_000 + "\n",
        "unclosed-deep": "a = " + "[" * 10_000 + "\n",
        "control-char": '[site]\ncounty = "测\x01试县"\n',
        "nul": '[site]\ncounty = "测\x00试县"\n',
        "invalid-escape": '[site]\ncounty = "\\q"\n',
        "yaml-instead": "site:\n  county: 测试县\n",
        "json-instead": '{"site": {"county": "测试县"}}',
        "html-instead": "<html><body>gongkai</body></html>",
    }
    for case_id, text in broken.items():
        yield config(text, case_id)
    yield config("\ufeff[site]\ncounty = 1\n", "bom-then-wrong-type")
    yield config(CONFIG.encode("utf-16"), "utf16")
    yield config(CONFIG.encode("gb18030"), "gb18030")
    yield config(bytes(range(256)), "binary")
    yield config("# " + "x" * 2_000_000 + "\n" + CONFIG, "over-1-mb")
    wrong = {
        "county-int": "[site]\ncounty = 5\n",
        "county-list": '[site]\ncounty = ["测试县"]\n',
        "county-table": "[site]\ncounty = {a = 1}\n",
        "title-bool": '[site]\ncounty = "测试县"\ntitle = true\n',
        "site-scalar": 'site = "测试县"\n',
        "unknown-section": '[sitex]\ncounty = "测试县"\n',
        "unknown-key": '[site]\ncounty = "测试县"\ncountry = "中国"\n',
        "lint-select-string": '[site]\ncounty = "测试县"\n[lint]\nselect = "GK2"\n',
        "lint-select-unknown": '[site]\ncounty = "测试县"\n[lint]\nselect = ["GK999"]\n',
        "lint-select-empty": '[site]\ncounty = "测试县"\n[lint]\nselect = []\n',
        "lint-ignore-int": '[site]\ncounty = "测试县"\n[lint]\nignore = [201]\n',
        "lint-ignore-unknown": '[site]\ncounty = "测试县"\n[lint]\nignore = ["XX1"]\n',
        "per-file-ignores-list": '[site]\ncounty = "测试县"\n[lint]\nper-file-ignores = ["a"]\n',
        "per-file-ignores-unknown-code": '[site]\ncounty = "测试县"\n[lint.per-file-ignores]\n"a.yaml" = ["GK0"]\n',
        "cache-size-negative": '[site]\ncounty = "测试县"\n[cache]\nmax-size-mb = -5\n',
        "cache-size-string": '[site]\ncounty = "测试县"\n[cache]\nmax-size-mb = "大"\n',
        "cache-size-float-nan": '[site]\ncounty = "测试县"\n[cache]\nmax-size-mb = nan\n',
        "cache-size-huge": '[site]\ncounty = "测试县"\n[cache]\nmax-size-mb = 1e400\n',
        "cache-folder-int": '[site]\ncounty = "测试县"\n[cache]\nfolder = 1\n',
        "cache-unknown": '[site]\ncounty = "测试县"\n[cache]\npickle = true\n',
        "base-url-javascript": '[site]\ncounty = "测试县"\nbase-url = "javascript:alert(1)"\n',
        "base-url-int": '[site]\ncounty = "测试县"\nbase-url = 80\n',
        "datetime-as-text": "[site]\ncounty = 1979-05-27T07:32:00Z\n",
    }
    site = '[site]\ncounty = "测试县"\n'
    links = {
        "guide-url-javascript": 'guide_url = "javascript:alert(1)"',
        "apply-url-data": 'apply_url = "data:text/html,<script>alert(1)</script>"',
        "icp-url-relative": 'icp_url = "//evil.example/"',
        "police-url-vbscript": 'police_url = "vbscript:msgbox(1)"',
        "conac-url-no-scheme": 'conac_url = "evil.example"',
        "report-error-javascript": 'report_error = "javascript:alert(1)"',
        "police-badge-outside": 'police_badge = "../../../etc/passwd"',
        "police-badge-remote": 'police_badge = "https://evil.example/x.png"',
        "conac-mark-absolute": 'conac_mark = "/etc/passwd"',
        "guide-url-list": 'guide_url = ["https://a.example/"]',
    }
    wrong.update({f"site-{case_id}": site + line + "\n" for case_id, line in links.items()})
    for case_id, text in wrong.items():
        yield config(text, case_id)
    yield Hostile("config-is-a-folder", {CATALOG: catalog().encode(), "gongkai.toml": None},
                  exits=(2,), place="gongkai.toml", located=False, special="folder:gongkai.toml")  # fmt: skip
    yield Hostile("config-is-a-fifo", {CATALOG: catalog().encode(), "gongkai.toml": None},
                  exits=(2,), place="gongkai.toml", located=False, special="fifo:gongkai.toml")  # fmt: skip


def domain_files() -> Iterator[Hostile]:
    path = "domains/shehui-jiuzhu.yaml"
    broken = {
        "syntax": "id: shehui-jiuzhu\nname: [社会救助\n",
        "not-a-mapping": "- shehui-jiuzhu\n",
        "empty": "",
        "binary": bytes(range(256)),
        "id-int": "id: 5\nname: 社会救助\n",
        "id-mismatch": "id: other\nname: 社会救助\n",
        "name-missing": "id: shehui-jiuzhu\n",
        "name-list": "id: shehui-jiuzhu\nname: [社会救助]\n",
        "python-tag": "id: !!python/object/apply:os.system [echo]\nname: 社会救助\n",
        "alias-bomb": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"b{n}: &b{n} [{', '.join([f'*b{n - 1}' if n else '*a'] * 10)}]\n" for n in range(12)),
        "deep": "id: shehui-jiuzhu\nname: " + "[" * 5_000 + "]" * 5_000 + "\n",
        "guide-wrong-type": "id: shehui-jiuzhu\nname: 社会救助\nguide: 5\n",
        "guide-item-wrong": "id: shehui-jiuzhu\nname: 社会救助\nguide:\n  - name: [低保]\n",
        "unknown-key": "id: shehui-jiuzhu\nname: 社会救助\nscript: x\n",
    }
    for case_id, text in broken.items():
        raw = text.encode("utf-8") if isinstance(text, str) else text
        yield Hostile(f"domain-{case_id}", {path: raw, CATALOG: catalog().encode()},
                      exits=(2,), place=path, located=False)  # fmt: skip


# --- spreadsheets --------------------------------------------------------------------------------------------

HEADER = ["序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体"]


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(sheet_xml: str, shared: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook written by hand, so that it can be wrong in any way a test needs."""
    members = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/'
        b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        b'<sheet name="Sheet1" sheetId="1" r:id="r1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
        b'org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml.encode("utf-8"),
    }
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared.encode("utf-8")
    members.update(extra or {})
    return _zip(members)


def _sheet(rows: str) -> str:
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def spreadsheets() -> Iterator[Hostile]:
    def sheet(name: str, raw: bytes, case_id: str, exits: tuple[int, ...] = (1, 2)) -> Hostile:
        argv = ("import", name, "--unit", "donghu-zhen", "--name", "测试县东湖镇人民政府")
        return Hostile(f"sheet-{case_id}", {name: raw}, argv=argv, exits=exits, place=name, located=False)

    yield sheet("目录.xlsx", b"", "empty-xlsx")
    yield sheet("目录.xlsx", b"not a zip at all", "text-as-xlsx")
    yield sheet("目录.xlsx", bytes(range(256)) * 4, "binary-as-xlsx")
    yield sheet("目录.xlsx", _zip({"hello.txt": b"x"}), "zip-without-workbook")
    yield sheet("目录.xlsx", _xlsx(_sheet(""))[:-40], "truncated-zip")
    yield sheet("目录.xlsx", _xlsx(_sheet("")), "empty-sheet")
    yield sheet("目录.xlsx", _xlsx("<worksheet><sheetData><row>"), "broken-sheet-xml")
    yield sheet("目录.xlsx", _xlsx(_sheet('<row r="1"><c r="A1" t="s"><v>99</v></c></row>'), shared="<sst/>"),
                "shared-string-out-of-range")  # fmt: skip
    entity = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row>'
    yield sheet("目录.xlsx", _xlsx(entity + _sheet(cell.format("&b;"))), "xml-entities")
    external = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    yield sheet("目录.xlsx", _xlsx(external + _sheet(cell.format("&e;"))), "xml-external-entity")
    yield sheet("目录.xlsx", _xlsx(_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')), "far-cell")
    yield sheet("目录.xlsx", _xlsx(_sheet('<row r="1"><c r="A1"><f>HYPERLINK("http://x")</f></c></row>')), "formula")
    yield sheet("目录.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "broken-ole-xls")
    yield sheet("目录.xls", b"<html><table><tr><td>x</td></tr></table></html>", "html-as-xls")
    yield sheet("目录.xls", _xlsx(_sheet("")), "xlsx-named-xls")
    yield sheet("目录.csv", b"", "empty-csv")
    yield sheet("目录.csv", bytes(range(256)) * 4, "binary-csv")
    yield sheet("目录.csv", b"a,b\x00,c\n", "nul-in-csv")
    yield sheet("目录.csv", _csv([["甲", "乙"], ["1", "2"]]), "no-header-csv")
    yield sheet("目录.csv", _csv([HEADER]), "header-only-csv")
    yield sheet("目录.csv", _csv([["x"] * 20_000]), "wide-csv")
    yield sheet("目录.csv", _csv([["低" * 2_000_000]]), "huge-cell-csv")
    yield sheet("目录.csv", b'"unclosed,quote\n' * 10, "unclosed-quote-csv")
    yield sheet("目录.csv", _csv([HEADER], "utf-16")[:-1], "odd-utf16-csv")
    yield sheet("目录.csv", b"\xff\xfe\xfd" * 100, "undecodable-csv")
    yield sheet("目录.tsv", b"\t" * 100_000, "tabs-only-tsv")
    yield sheet("目录.txt", b"hello", "unknown-extension")
    yield sheet("目录.xlsx", _zip({"[Content_Types].xml": b"<Types/>"}), "content-types-only")
    yield Hostile("sheet-missing-file", {}, argv=("import", "没有这个.xlsx", "--unit", "donghu-zhen"), exits=(1, 2),
                  place="没有这个.xlsx", located=False)  # fmt: skip
    yield Hostile("sheet-fifo", {}, argv=("import", "目录.csv", "--unit", "donghu-zhen"), exits=(1, 2),
                  place="目录.csv", located=False, special="fifo:目录.csv")  # fmt: skip


GROUPS: tuple[Callable[[], Iterator[Hostile]], ...] = (
    injection,
    wrong_types,
    missing_elements,
    encodings,
    bombs,
    yaml_features,
    config_files,
    domain_files,
    spreadsheets,
)


def cases() -> list[Hostile]:
    found = [case for group in GROUPS for case in group()]
    ids = [case.id for case in found]
    assert len(ids) == len(set(ids)), "two hostile cases share an id"
    return found
