"""Rewrite catalogs in canonical form, keeping comments and key order (`gongkai fmt`).

Canonical form: UTF-8 without BOM, the schema modeline first, two-space indentation with list items indented
under their key, vocabulary normalised (依申请公开 → 依申请), spaces trimmed at both ends of values, channel and
level lists in flow style, no needless quotes, no line folding.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from gongkai.errors import CheckFailed
from gongkai.load import load, read_text
from gongkai.model.catalog import terms, trim
from gongkai.model.vocab import VOCABULARIES

MODELINE = "# yaml-language-server: $schema=../schemas/catalog.schema.json"
FLOW_LISTS = ("channel", "level", "method", "audience")
SINGLE_VALUES = ("method", "audience")  # one value is written as a scalar, two as a list


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: the only loader that keeps comments
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = False
    return yaml


def canonical(text: str) -> str:
    """The canonical form of a catalog's text (already known to parse safely)."""
    yaml = _yaml()
    data = yaml.load(text)
    if isinstance(data, CommentedMap):
        _normalise_catalog(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    out = buffer.getvalue()
    lines = [line.rstrip() for line in out.splitlines()]
    if not lines or lines[0] != MODELINE:
        lines.insert(0, MODELINE)
    return "\n".join(lines).rstrip("\n") + "\n"


def _normalise_catalog(data: CommentedMap) -> None:
    _trim_mapping(data.get("unit"))
    domains = data.get("domains")
    if isinstance(domains, dict):
        for items in domains.values():
            for item in items if isinstance(items, list) else ():
                if isinstance(item, CommentedMap):
                    _normalise_item(item)
    for entry in data.get("withheld") or ():
        _trim_mapping(entry)


def _trim_mapping(mapping: Any) -> None:
    if isinstance(mapping, CommentedMap):
        for key, value in mapping.items():
            if isinstance(value, str) and not isinstance(value, ScalarString):
                mapping[key] = trim(value)


def _normalise_item(item: CommentedMap) -> None:
    _trim_mapping(item)
    for key in FLOW_LISTS:
        value = item.get(key)
        if value is None or not isinstance(value, (str, list)):
            continue
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            continue  # lint reports the wrong type; fmt does not guess
        values = terms(value, VOCABULARIES[key])
        if key in SINGLE_VALUES and len(values) == 1:
            item[key] = values[0]
            continue
        seq = CommentedSeq(values)
        seq.fa.set_flow_style()
        item[key] = seq
    stage = item.get("stage")
    if isinstance(stage, str):
        item["stage"] = VOCABULARIES["stage"].normalise(stage)


@dataclass
class FmtResult:
    changed: list[Path]
    unreadable: list[str]  # "path:line:col message" for files fmt could not parse


def format_files(paths: list[Path], check: bool = False) -> FmtResult:
    """Rewrite each file in canonical form (or, with `check`, only report which would change). A file that
    does not parse safely is reported and left untouched."""
    result = FmtResult([], [])
    for path in paths:
        source = load(path)
        if not source.readable or source.data is None:
            for issue in source.issues:
                if issue.kind in ("unreadable", "syntax"):
                    result.unreadable.append(f"{path}:{issue.position}: {issue.message}")
            if source.data is None and source.readable:
                result.unreadable.append(f"{path}:1:1: 文件为空 (empty file)")
            continue
        original = path.read_bytes()
        text, _ = read_text(path)
        formatted = canonical(text)
        if formatted.encode("utf-8") != original:
            result.changed.append(path)
            if not check:
                path.write_text(formatted, encoding="utf-8", newline="\n")
    return result


def check_formatted(paths: list[Path]) -> FmtResult:
    result = format_files(paths, check=True)
    if result.changed or result.unreadable:
        names = "、".join(str(p) for p in result.changed)
        raise CheckFailed(
            f"{len(result.changed)} 个文件不是规范格式；运行 `gongkai fmt` 改写 (not formatted): {names}",
            details=result.unreadable,
        )
    return result
