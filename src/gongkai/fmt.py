"""Rewrite catalogs in canonical form, keeping comments and key order (`gongkai fmt`).

Canonical form: UTF-8 without BOM, the schema modeline first (unless the file has one already), two-space
indentation with list items indented under their key, vocabulary normalised (依申请公开 → 依申请), spaces trimmed
at both ends of values, channel and level lists in flow style (block style when their entries carry comments),
no needless quotes, no line folding.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from difflib import unified_diff
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString, SingleQuotedScalarString

from gongkai.errors import CheckFailed
from gongkai.load import START, LoadError, LoadIssue, Position, decode, load, parse
from gongkai.model.catalog import terms, trim
from gongkai.model.vocab import VOCABULARIES
from gongkai.paths import display_path

MODELINE = "# yaml-language-server: $schema=../schemas/catalog.schema.json"
FLOW_LISTS = ("channel", "level", "method", "audience")
CATALOG_KEYS = {"unit", "domains"}  # a file with neither is some other YAML (a CI workflow): fmt leaves it alone
SINGLE_VALUES = ("method", "audience")  # one value is written as a scalar, two as a list


class _NotADate(ScalarString):
    """A value shaped like a date that is none (2026-13-45): lint reports it (GK105); fmt keeps it as written."""

    __slots__ = ()


class _Constructor(RoundTripConstructor):
    """The round-trip constructor, except that an impossible date does not stop fmt."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return _NotADate(node.value)


class _Representer(RoundTripRepresenter):
    """A class of our own: registering on ruamel's would change it for every caller in the process."""


_LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")


def _represent_text(representer: _Representer, value: str) -> Any:
    # ruamel writes U+2028 and U+0085 bare inside plain or single-quoted text, where reading folds them into a
    # space; in double quotes they are escaped.
    if _LINE_SEPARATORS.search(value):
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return representer.represent_str(value)


_Representer.add_representer(str, _represent_text)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
# Tagged as what it looks like, it is written plain again, not quoted as text.
_Representer.add_representer(_NotADate, lambda r, v: r.represent_scalar("tag:yaml.org,2002:timestamp", str(v)))


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: the only loader that keeps comments
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = False
    return yaml


_TRAILING_BLANKS = re.compile(r"(?<!\\)[ \t]+(?=\r\n|\r|\n|$)")
"""Spaces and tabs ending a line, unless escaped (`\\ ` in double quotes). The C parser lint uses accepts a tab
after a value; the round-trip scanner does not. They mean nothing there, and the output drops them anyway."""
_ANY_MODELINE = re.compile(r"\s*#\s*yaml-language-server:.*\$schema=")


def canonical(text: str) -> str:
    """The canonical form of a catalog's text (already known to parse safely). Raises ruamel's YAMLError or
    ValueError for what only the round-trip loader rejects."""
    yaml = _yaml()
    data = yaml.load(_TRAILING_BLANKS.sub("", text))
    if isinstance(data, CommentedMap):
        normalise_catalog(data)
    lines = canonical_dump(data, yaml).splitlines()
    if not any(_ANY_MODELINE.match(line) for line in lines):  # one the county wrote, wherever, is kept as it is
        lines.insert(0, MODELINE)
    formatted = "\n".join(lines).rstrip("\n") + "\n"
    try:  # ruamel's emitter can write what its parsers refuse; a file fmt breaks would lose its items
        parse(formatted, {}, [])
    except LoadError as exc:
        raise ValueError(f"改写后无法读回：{exc} (the rewritten text would not parse)") from None
    return formatted


def canonical_yaml() -> YAML:
    """The round-trip YAML instance, set up as canonical form writes (import's merge and writer use it too)."""
    return _yaml()


def canonical_dump(data: Any, yaml: YAML | None = None) -> str:
    """Data (round-trip or plain, already normalised) as canonical form writes it, without the modeline."""
    buffer = io.StringIO()
    (yaml or _yaml()).dump(data, buffer)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).rstrip("\n") + "\n"


def normalise_catalog(data: CommentedMap) -> None:
    """Trim values and normalise vocabulary in place, as canonical form has them."""
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
        if isinstance(value, CommentedSeq) and _has_comments(value):
            # A new list would drop comments tied to its entries: normalise them where they stand instead,
            # in block style (ruamel writes no comment inside a flow list).
            for index, term in enumerate(value):
                value[index] = VOCABULARIES[key].normalise(term)
            value.fa.set_block_style()
            continue
        item[key] = flow_value(key, value)
    stage = item.get("stage")
    if isinstance(stage, str):
        item["stage"] = VOCABULARIES["stage"].normalise(stage)


def flow_value(key: str, value: str | list[str]) -> str | CommentedSeq:
    """A channel, level, method or audience as canonical form writes it: its terms normalised, one method or
    audience as text, the rest as a flow list."""
    vocabulary = VOCABULARIES[key]
    values = terms(value, vocabulary)
    # One entry holding a separator (`['a,b']`) stays a list: as text it would be read back as two.
    if key in SINGLE_VALUES and len(values) == 1 and terms(values[0], vocabulary) == values:
        return values[0]
    seq = CommentedSeq(_flow_entry(v) for v in values)
    seq.fa.set_flow_style()
    return seq


_FLOW_SIGNS = re.compile(r"[:?]")
_NEEDS_ESCAPES = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _flow_entry(value: str) -> str:
    """A flow list's entry, quoted when it holds `:` or `?`: ruamel writes `[: 冒号]`, `[x?]` or `[a:b]` plain,
    which no YAML parser reads back (or reads `[?x]` as a mapping)."""
    if isinstance(value, ScalarString) or not _FLOW_SIGNS.search(value):
        return value
    return DoubleQuotedScalarString(value) if _NEEDS_ESCAPES.search(value) else SingleQuotedScalarString(value)


def _has_comments(seq: CommentedSeq) -> bool:
    """Comments on the list's entries or above its first; a comment after the key belongs to the mapping
    and survives a new list."""
    before_first = seq.ca.comment[1] if seq.ca.comment else None
    return bool(seq.ca.items or seq.ca.end or before_first)


@dataclass
class FmtResult:
    changed: list[Path]
    unreadable: list[str]  # "path:line:col: message" for files fmt could not parse or rewrite safely
    unreadable_input: bool = False  # some file could not be read at all (binary, encoding): exit code 2
    refused: list[Path] = field(default_factory=list)  # the files behind `unreadable`, left untouched
    diffs: list[list[str]] = field(default_factory=list)  # with `diff`: a unified diff per changed file


def format_files(paths: list[Path], check: bool = False, diff: bool = False) -> FmtResult:
    """Rewrite each file in canonical form (or, with `check`, only report which would change; with `diff`, how,
    as a unified diff's lines). A file that does not parse, or that fmt cannot rewrite safely, is reported and
    left untouched; the others go on."""
    result = FmtResult([], [])
    for path in paths:
        shown = display_path(path)
        source = load(path)
        # A duplicate key too: fmt would have to choose which value to keep.
        refused = [i for i in source.issues if i.kind in ("unreadable", "syntax", "duplicate-key")]
        if source.readable and source.data is None:
            refused.append(LoadIssue("structure", "文件为空 (empty file)"))
        elif (
            source.readable
            and not refused
            and not (isinstance(source.data, dict) and CATALOG_KEYS & source.data.keys())
        ):
            refused.append(LoadIssue("structure", "没有 unit: 或 domains:，不是目录文件 (not a catalog)"))
        if refused:
            result.unreadable += [f"{shown}:{issue.position}: {issue.message}" for issue in refused]
            result.unreadable_input |= any(issue.kind == "unreadable" for issue in refused)
            result.refused.append(path)
            continue
        original = path.read_bytes()
        text, _ = decode(original)
        try:
            formatted = canonical(text)
        except (YAMLError, ValueError) as exc:
            result.unreadable.append(
                f"{shown}:{_where(exc)}: 无法安全改写，文件未改动 (cannot rewrite safely: {_why(exc)})"
            )
            result.refused.append(path)
            continue
        if formatted.encode("utf-8") != original:
            result.changed.append(path)
            if diff:
                result.diffs.append(_diff(text, formatted, shown))
            if not check:
                path.write_text(formatted, encoding="utf-8", newline="\n")
    return result


def _where(exc: Exception) -> Position:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return Position(mark.line + 1, mark.column + 1) if mark else START


def _why(exc: Exception) -> str:
    """ruamel's own words, on one line and without its `in "<unicode string>"` excerpt."""
    if isinstance(exc, MarkedYAMLError):
        return " ".join(str(x).strip() for x in (exc.context, exc.problem) if x)
    return " ".join(str(exc).split())


def _diff(text: str, formatted: str, shown: str) -> list[str]:
    """The unified diff from `text` to `formatted` (`patch -p0` applies it), each line without its line break;
    a CR kept at the end of a line shows a change of line endings. When only the bytes differ (a BOM, the
    encoding), a line says so."""
    lines = unified_diff(text.splitlines(keepends=True), formatted.splitlines(keepends=True), shown, shown)
    found = [line.removesuffix("\n") for line in lines]
    return found or [
        f"--- {shown}",
        f"+++ {shown}",
        "# 只有编码或字节顺序标记不同，内容相同 (only the encoding or BOM differs)",
    ]


def check_formatted(paths: list[Path]) -> FmtResult:
    """`format_files` with `check`: CheckFailed when a file is not in canonical form."""
    return fail_unless_formatted(format_files(paths, check=True))


def fail_unless_formatted(result: FmtResult) -> FmtResult:
    """`result` of a check, or CheckFailed naming the files that are not in canonical form."""
    if result.changed:
        names = "、".join(display_path(p) for p in result.changed)
        raise CheckFailed(
            f"{len(result.changed)} 个文件不是规范格式；运行 `gongkai fmt` 改写 (not formatted): {names}",
            details=result.unreadable,
        )
    return result
