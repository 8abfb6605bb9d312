"""Files → decoded text → plain Python data with a source map (path:line:column of every key and item).

Lint and build parse with ruamel.yaml's C parser and build the data from its event stream here, in one pass:
that is several times faster than ruamel's constructors and lets one loop enforce the guards (nesting depth,
alias expansion, duplicate keys, tags) and record where everything is. `fmt` uses the round-trip loader instead,
because only it keeps comments.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import math
import re
import stat
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from gongkai.cache import pack, unpack

_CParser = YAML(typ="safe", pure=False).Parser  # ruamel.yaml.clib's parser: events without the Python reader

MAX_FILE_BYTES = 32 * 1024 * 1024
"""A county's largest department catalog is well under 1 MB; a prefecture city in one file about 40 MB."""
MAX_DEPTH = 32
"""A catalog is five levels deep; anything near this is a mistake or an attack."""
MAX_ALIAS_NODES = 100_000
"""Nodes that aliases may add beyond those written out; an alias bomb crosses this within a few events."""

Key = str | int
DocPath = tuple[Key, ...]


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


START = Position(1, 1)


@dataclass
class LoadIssue:
    """Something wrong with a file before any model sees it. `kind` names the lint rule that reports it."""

    kind: str  # "unreadable" | "syntax" | "duplicate-key" | "encoding" | "structure"
    message: str
    position: Position = START


@dataclass
class Source:
    """One YAML file as loaded: its data, where every key and item stands, and what went wrong.

    `positions` holds everything outside the items and each item's own place; where the keys and list entries
    inside an item stand is found when first asked for, by parsing that item's lines again (`locate`). A
    50,000-item catalog has some 800,000 of those places and lint needs a few hundred."""

    path: Path
    data: Any = field(default_factory=lambda: None)  # no class attribute: once released, __getattr__ brings it back
    positions: dict[DocPath, tuple[int, int]] = field(default_factory=dict)  # (line, column) pairs
    issues: list[LoadIssue] = field(default_factory=list)
    encoding: str = "utf-8"
    raw: bytes | None = None  # the bytes parsed, for locating inside an item
    deep: bool = True  # whether `positions` holds the places inside items too
    _inside: set = field(default_factory=set, repr=False)  # items whose places were found again

    @property
    def readable(self) -> bool:
        return not any(i.kind in ("unreadable", "syntax") for i in self.issues)

    def packed_positions(self) -> bytes:
        """The positions as one msgpack text (how the cache keeps them): a build reads few of them."""
        if "_packed" in self.__dict__:
            return self._packed
        return pack(self.positions)

    def release_positions(self) -> None:
        """Pack the positions away until they are needed again."""
        self._packed = self.packed_positions()
        self.__dict__.pop("positions", None)

    def release_items(self, packed: dict[str, list[bytes]] | None = None) -> None:
        """Pack each item of `data` away (msgpack, a quarter of the size) once the models are made from it: lint
        and build read an item as written only where it has a problem (`item`). `data` is made whole again if
        asked for. `packed`: the items packed already (validation packs each as it goes)."""
        data = self.__dict__.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("domains"), dict):
            return
        if packed is None:
            try:
                packed = {domain: [pack(item) for item in items] for domain, items in data["domains"].items()}
            except (TypeError, OverflowError, ValueError):  # a list that is not one, a 0x number of 80 digits
                return
        self._items = packed
        self._head = {key: (None if key == "domains" else value) for key, value in data.items()}
        del self.data

    def packed_items(self) -> tuple[dict, dict[str, list[bytes]]] | None:
        """(`head`, each domain's items packed) once the items are packed away, else None."""
        return (self._head, self._items) if "_items" in self.__dict__ and "data" not in self.__dict__ else None

    def item(self, domain: str, index: int) -> Any:
        """data["domains"][domain][index], unpacked alone when the items are packed away (IndexError, KeyError
        or TypeError when there is none)."""
        if "_items" in self.__dict__ and "data" not in self.__dict__:
            return unpack(self._items[domain][index])
        return self.data["domains"][domain][index]

    @property
    def head(self) -> Any:
        """`data` less its items (the keys and values outside `domains:` are all there)."""
        return self._head if "_items" in self.__dict__ and "data" not in self.__dict__ else self.data

    def __getattr__(self, name: str) -> Any:
        if name == "positions" and "_packed" in self.__dict__:  # unpacked on first use, as (line, column)
            self.positions = unpack(self._packed, tuples=True)
            return self.positions
        if name == "data" and "_items" in self.__dict__:  # made whole again from the packed items
            domains = {domain: [unpack(item) for item in items] for domain, items in self._items.items()}
            self.data = {key: (domains if key == "domains" else value) for key, value in self._head.items()}
            return self.data
        raise AttributeError(name)

    def locate(self, path: DocPath) -> Position:
        """Where `path` stands, or its nearest recorded ancestor (inside an alias, the alias itself)."""
        if not self.deep and len(path) > 3 and path[0] == "domains" and path[:3] not in self._inside:
            self._locate_inside(path[:3])
        while path and path not in self.positions:
            path = path[:-1]
        return Position(*self.positions.get(path, START))

    def _locate_inside(self, item: DocPath) -> None:
        """Record the places inside one item: its lines, up to the next place recorded after it, parsed alone
        (the first line's `- ` turned into spaces, so that columns stay). When that does not give the same item
        (an alias to an anchor outside it, several items on one line), the whole file is parsed again."""
        self._inside.add(item)
        start = self.positions.get(item)
        if start is None or self.raw is None:
            return
        if "_line_at" not in self.__dict__:
            # The lines are read from the bytes where they are UTF-8 (one item's decoded when it is located),
            # else from the decoded text; either way through their offsets, not a list of them.
            lines: str | bytes = self.raw
            if self.encoding != "utf-8" or not only_lf_or_crlf(self.raw):
                lines = decode(self.raw)[0]
            self._lines, self._line_at = lines, line_starts(lines)
            self._starts = sorted({line for line, _ in self.positions.values()})
        line, column = start
        at, count = self._line_at, len(self._line_at) - 1
        after = bisect.bisect_right(self._starts, line)
        end = self._starts[after] if after < len(self._starts) else count + 1
        if line > count or end <= line:
            return self._locate_all()
        lines, first, rest, stop = self._lines, at[line - 1], at[line], at[min(end - 1, count)]
        text = " " * (column - 1) + _text(lines[first:rest])[column - 1 :] + _text(lines[rest:stop])
        found: dict[DocPath, Any] = {}
        try:
            data = parse(text, found, [])
        except LoadError:
            data = None
        try:
            written = self.item(cast(str, item[1]), cast(int, item[2]))
        except (KeyError, IndexError, TypeError):
            return
        if data != written or not isinstance(data, dict):
            return self._locate_all()
        for path, (at, col) in found.items():
            if path:
                self.positions[(*item, *path)] = (at + line - 1, col)

    def _locate_all(self) -> None:
        positions: dict[DocPath, Any] = {}
        if self.raw is None:  # nothing to parse again: the places stay as the first parse left them
            return
        with contextlib.suppress(LoadError):
            parse(decode(self.raw)[0], positions, [])
            self.positions.update(positions)
        self.deep = True


OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Line ends other than LF and CRLF that str.splitlines knows (YAML knows some of them too)."""
_OTHER_BREAKS_UTF8 = tuple(c.encode() for c in OTHER_BREAKS)


def only_lf_or_crlf(text: str | bytes) -> bool:
    """Whether every line of `text` (or of these UTF-8 bytes) ends in LF or CRLF (the last may end in
    nothing): then its lines as str.splitlines cuts them are the runs up to each LF."""
    if isinstance(text, bytes):
        return not any(c in text for c in _OTHER_BREAKS_UTF8) and text.count(b"\r") == text.count(b"\r\n")
    return not any(c in text for c in OTHER_BREAKS) and text.count("\r") == text.count("\r\n")


def line_starts(text: str | bytes) -> array:
    """Where each line of `text` starts (as str.splitlines cuts them), and after them its length: an array of
    offsets rather than a list of the lines (a 50,000-item catalog has 730,000, some 130 MB of them). Bytes
    (UTF-8) only where `only_lf_or_crlf`."""
    if only_lf_or_crlf(text):
        newline: Any = b"\n" if isinstance(text, bytes) else "\n"
        ends: Any = (found.end() for found in re.finditer(re.escape(newline), text))
        tail = () if not text or text.endswith(newline) else (len(text),)
    elif isinstance(text, str):
        ends, tail = itertools.accumulate(map(len, text.splitlines(keepends=True))), ()
    else:
        raise ValueError("bytes with line ends other than LF and CRLF")
    return array("q", itertools.chain((0,), ends, tail))


def _text(lines: str | bytes) -> str:
    return lines.decode("utf-8") if isinstance(lines, bytes) else lines


class LoadError(Exception):
    def __init__(self, message: str, position: Position = START, kind: str = "syntax"):
        super().__init__(message)
        self.issue = LoadIssue(kind, message, position)


def read_text(path: Path) -> tuple[str, str]:
    """Decode a file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030. Returns (text, encoding)."""
    return decode(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """A regular file's bytes, up to MAX_FILE_BYTES; anything else is a LoadError."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO would block, a device never end
            raise LoadError("不是普通文件（可能是管道、设备或文件夹）(not a regular file)", kind="unreadable")
        if status.st_size > MAX_FILE_BYTES:
            raise LoadError(
                f"文件过大（{status.st_size / 1048576:.1f} MB，上限 {MAX_FILE_BYTES // 1048576} MB）(file too large)",
                kind="unreadable",
            )
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)  # a file growing while read still stops at the limit
    except OSError as exc:
        raise LoadError(f"无法读取文件：{exc.strerror or exc} (cannot read file)", kind="unreadable") from None


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
"""Byte-order marks, UTF-32's before UTF-16's: FF FE 00 00 also starts with FF FE."""


def _utf16_without_bom(head: bytes) -> bool:
    """UTF-16 text has zero bytes all through it (its ASCII: line ends, commas, keys; and CJK such as 开,
    U+5F00) and decodes to printable text; a program or an image decodes to NULs and unassigned code points,
    and a UTF-8 text with a stray zero byte has too few of them."""
    pairs = len(head) // 2
    if max(head[0::2].count(0), head[1::2].count(0)) < max(2, pairs // 50):
        return False
    for codec in ("utf-16-le", "utf-16-be"):
        text = head[: pairs * 2].decode(codec, errors="replace")
        printable = sum((c.isprintable() and c != "\ufffd") or c in "\t\r\n" for c in text)
        if printable >= 0.95 * len(text):
            return True
    return False


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes of a catalog (a file, or a blob from git) → (text, encoding). Raises LoadError."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(f"文件过大（{len(raw) / 1048576:.1f} MB）(file too large)", kind="unreadable")
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError:
                message = f"文件以 {codec.upper()} 标记开头，但内容不完整 (broken {codec.upper()})"
                raise LoadError(message, kind="unreadable") from None
    head = raw[:8192]
    if b"\x00" in head:
        if _utf16_without_bom(head):
            raise LoadError("看起来是没有 BOM 的 UTF-16 文本，请另存为 UTF-8 (UTF-16 without BOM)", kind="unreadable")
        raise LoadError("这是二进制文件，不是文本 (binary file)", kind="unreadable")
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding, raw = "utf-8-sig", raw[3:]
    else:
        encoding = "utf-8"
    try:
        return raw.decode("utf-8"), encoding
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            line = raw[: utf8_error.start].count(b"\n") + 1
            raise LoadError(
                f"无法按 UTF-8 或 GB18030 解码（第 {utf8_error.start + 1} 字节）(unknown text encoding)",
                Position(line, 1),
                kind="unreadable",
            ) from None


def load(path: Path, raw: bytes | None = None, deep: bool = True) -> Source:
    """Read and parse one YAML file (or its bytes `raw`, already read). Never raises: every problem becomes a
    `LoadIssue` on the result. Without `deep`, the places inside items are found only when asked for."""
    source = Source(path, deep=deep)
    try:
        source.raw = read_bytes(path) if raw is None else raw
        text, source.encoding = decode(source.raw)
        if source.encoding != "utf-8":
            label = {"utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GB18030", "utf-16": "UTF-16", "utf-32": "UTF-32"}[
                source.encoding
            ]
            source.issues.append(
                LoadIssue(
                    "encoding",
                    f"文件按 {label} 解码；建议另存为不带 BOM 的 UTF-8 (encoding: {source.encoding})",
                )
            )
        source.data = parse(text, source.positions, source.issues, deep=deep)
    except LoadError as exc:
        source.issues.append(exc.issue)
    if deep:
        source.raw = None
    return source


_INT = re.compile(r"[-+]?[0-9]+$")
_BASED_INT = re.compile(r"0o[0-7]+$|0x[0-9a-fA-F]+$")  # unsigned, as the core schema has them
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!!str", "!"})
_COLLECTION_TAGS = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "!!map", "!!seq"})


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema, plus dates (`reviewed: 2026-03-01`). Whole numbers with a leading zero or more
    than 18 digits stay the text written: in catalogs they are ids and telephone numbers, not quantities."""
    if value in _NULLS:
        return None
    first = value[0]
    if first.isdigit() or first in "+-.~nNtTfF":
        if value in _BOOLS:
            return _BOOLS[value]
        if _INT.match(value):
            digits = value.lstrip("+-")
            if (len(digits) > 1 and digits[0] == "0") or len(digits) > 18:
                return value  # 007, 01234567890, a 5,000-digit "number": text as written
            return int(value)
        if _BASED_INT.match(value):
            return int(value, 0)
        date = _DATE.match(value)
        if date:
            try:
                return dt.date(*map(int, date.groups()))
            except ValueError:
                return value  # 2026-13-01 stays text; the model reports a bad date
        if _FLOAT.match(value) and any(c.isdigit() for c in value):
            return float(value)
        if value.lower() in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value.lower()]
    return value


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


_DISCARD = object()


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_position", "nodes_at_start", "path", "seen")

    def __init__(self, container: dict | list, path: DocPath, anchor: str | None, nodes_at_start: int, deep: bool):
        self.container: Any = container  # a dict or a list, as is_map says (the parse loop asks is_map, faster)
        self.is_map = type(container) is dict
        self.path = path
        # Inside an item of a shallow parse: where this mapping's keys stand, only while it is open (for the
        # duplicate-key message); None where they go into `positions`.
        self.seen: dict[str, tuple[int, int]] | None = None if deep or len(path) < 3 or path[0] != "domains" else {}
        self.anchor = anchor
        self.nodes_at_start = nodes_at_start
        self.key: Any = None  # None while the next scalar is a key (mappings only)
        self.key_position: tuple[int, int] | None = None


def parse(text: str, positions: dict[DocPath, Any], issues: list[LoadIssue], deep: bool = True) -> Any:
    """Build data from the C parser's events, filling `positions` with (line, column) pairs; without `deep`,
    only outside the items and each item's own place (Source.locate finds the rest). Raises LoadError for what
    stops parsing. The loop is written out flat: it runs once per event, over a million times for a 50,000-item
    catalog."""
    next_event = _CParser(text).get_event
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int]] = {}
    keys: dict[str, str] = {}  # one string object per distinct key: a catalog repeats a dozen keys
    nodes = 0  # written out
    aliased = 0  # added by aliases
    root: Any = None
    documents = 0
    positions[()] = (1, 1)
    frame: _Frame | None = None
    resolve = resolve_plain

    try:
        while True:
            event = next_event()
            cls = type(event)
            if cls is ScalarEvent:
                if frame is not None and frame.is_map and frame.key is None:
                    mark = event.start_mark
                    frame.key_position = where = (mark.line + 1, mark.column + 1)
                    key = event.value
                    key = keys.setdefault(key, key)
                    seen = frame.seen
                    if key in frame.container:
                        at = seen.get(key) if seen is not None else positions.get((*frame.path, key))
                        first = Position(*(at or (1, 1)))
                        issues.append(
                            LoadIssue(
                                "duplicate-key",
                                f"重复的键「{key}」，第 {first.line} 行已有；以第一次出现的为准 (duplicate key)",
                                Position(*where),
                            )
                        )
                        frame.key = _DISCARD
                    else:
                        frame.key = key
                        if seen is None:
                            positions[(*frame.path, key)] = where
                        else:
                            seen[key] = where
                    continue
                value = resolve(event.value) if event.tag is None and event.implicit[0] else _scalar(event)
                nodes += 1
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                if frame is None:
                    root = value
                elif frame.is_map:
                    if frame.key is not _DISCARD:
                        frame.container[frame.key] = value
                    frame.key = None
                else:
                    container = frame.container
                    if frame.seen is None:
                        mark = event.start_mark
                        positions[(*frame.path, len(container))] = (mark.line + 1, mark.column + 1)
                    container.append(value)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if event.tag not in _COLLECTION_TAGS:
                    raise LoadError(f"不支持的标签 {event.tag} (unsupported tag)", _position(event.start_mark))
                if frame is not None and frame.is_map and frame.key is None:
                    raise LoadError("键必须是简单文字，不能是列表或映射 (complex key)", _position(event.start_mark))
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(
                        f"嵌套超过 {MAX_DEPTH} 层 (nesting too deep)",
                        _position(event.start_mark),
                        kind="syntax",
                    )
                container = {} if cls is MappingStartEvent else []
                nodes += 1
                path = _attach(frame, container, event, positions)
                if frame is None:
                    root = container
                frame = _Frame(container, path, event.anchor, nodes + aliased, deep)
                stack.append(frame)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                done = stack.pop()
                if done.anchor:
                    anchors[done.anchor] = (done.container, nodes + aliased - done.nodes_at_start + 1)
                frame = stack[-1] if stack else None
            elif cls is AliasEvent:
                if frame is not None and frame.is_map and frame.key is None:
                    raise LoadError("键不能是别名 (alias as key)", _position(event.start_mark))
                if event.anchor not in anchors:
                    raise LoadError(f"未定义的锚点 *{event.anchor} (undefined alias)", _position(event.start_mark))
                value, size = anchors[event.anchor]
                aliased += size
                if aliased > max(MAX_ALIAS_NODES, nodes):
                    raise LoadError(
                        "别名（*引用）展开过多，疑似“别名炸弹” (alias expansion too large)",
                        _position(event.start_mark),
                    )
                _attach(frame, value, event, positions)
                if frame is None:
                    root = value
            elif cls is StreamEndEvent:
                break
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError(
                        "一个文件只能有一个 YAML 文档（多了 ---）(more than one document)",
                        _position(event.start_mark),
                    )
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = _position(mark) if mark else START
        raise LoadError(_syntax_message(exc, text, position), position) from None
    except YAMLError as exc:  # the reader's errors (control characters) carry no mark object
        character = getattr(exc, "character", None)
        code = ord(character) if isinstance(character, str) and character else character
        shown = f" U+{code:04X}" if isinstance(code, int) else ""
        message = f"YAML 语法错误：文件含有不允许的控制字符{shown} (control character)"
        raise LoadError(message, _reader_position(exc, text)) from None
    return root


def _scalar(event: ScalarEvent) -> Any:
    tag = event.tag
    if tag is None:
        return resolve_plain(event.value) if event.implicit[0] else event.value
    if tag in _STR_TAGS:
        return event.value
    short = tag.replace("tag:yaml.org,2002:", "!!")
    if short in ("!!int", "!!float", "!!bool", "!!null", "!!timestamp"):
        return resolve_plain(event.value)
    raise LoadError(f"不支持的标签 {tag} (unsupported tag)", _position(event.start_mark))


def _attach(frame: _Frame | None, value: Any, event: Any, positions: dict[DocPath, Any]) -> DocPath:
    """Put `value` into the innermost open container `frame`; return its document path."""
    if frame is None:
        return ()
    container = frame.container
    if not frame.is_map:
        path = (*frame.path, len(container))
        container.append(value)
        if frame.seen is None:
            mark = event.start_mark
            positions[path] = (mark.line + 1, mark.column + 1)
        return path
    key = frame.key
    frame.key = None
    if key is _DISCARD:
        return (*frame.path, "\0duplicate")
    container[key] = value
    return (*frame.path, key)


_SYNTAX_HINTS = {
    "mapping values are not allowed here": "这里不能出现冒号“:”；值里有冒号时请加引号",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected key": "缩进不齐或缺少“- ”",
    "found undefined alias": "未定义的别名",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "found unknown escape character": "引号内有未知的转义字符",
    "did not find expected '-' indicator": "列表缩进不齐",
    "did not find expected node content": "缺少内容",
    "found character that cannot start any token": "有不能作为开头的字符（如 @ 或 `）；请给值加引号",
    "mapping values are not allowed in this context": "这里不能出现冒号“:”；值里有冒号时请加引号",
}


def _syntax_message(exc: MarkedYAMLError, text: str, position: Position) -> str:
    problem = " ".join(str(exc.problem or exc.context or "").split())
    lines = text.splitlines()
    if position.line <= len(lines) and lines[position.line - 1][position.column - 1 : position.column] == "\t":
        return f"YAML 语法错误：不能用制表符（Tab）缩进，请改用空格 ({problem})"
    for english, chinese in _SYNTAX_HINTS.items():
        if problem.startswith(english):
            return f"YAML 语法错误：{chinese} ({problem})"
    return f"YAML 语法错误 ({problem or exc})"


def _reader_position(exc: YAMLError, text: str) -> Position:
    """The C reader reports a byte offset into the UTF-8 text; count lines and characters up to it."""
    offset = getattr(exc, "position", None)
    if not isinstance(offset, int) or offset < 0:
        return START
    before = text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    return Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
