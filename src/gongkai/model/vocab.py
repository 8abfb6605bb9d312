"""The domain's vocabulary: Chinese labels of the elements and the known values, with their variants.

Every Chinese word the product prints about elements and values comes from here, so templates, messages
and the importer agree on one spelling.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version

from pydantic import TypeAdapter

from gongkai.cache import Cache, Kind, digest, plain
from gongkai.errors import UsageError


@dataclass(frozen=True)
class Element:
    key: str
    label: str  # the column name in the official standard table

    def both(self) -> str:
        """`「公开依据」(basis)`: how messages name an element, Chinese first."""
        return f"「{self.label}」({self.key})"


ELEMENTS: tuple[Element, ...] = (
    Element("name", "事项名称"),
    Element("content", "公开内容"),
    Element("basis", "公开依据"),
    Element("deadline", "公开时限"),
    Element("owner", "公开主体"),
    Element("method", "公开方式"),
    Element("channel", "公开渠道和载体"),
    Element("audience", "公开对象"),
)
"""The eight required elements (八要素) of 国办发〔2019〕54号, in the order of the standard table."""

OPTIONAL_ELEMENTS: tuple[Element, ...] = (
    Element("category", "一级事项"),
    Element("level", "公开层级"),
    Element("stage", "五公开"),
    Element("id", "事项标识"),
)

ELEMENT_BY_KEY: dict[str, Element] = {e.key: e for e in ELEMENTS + OPTIONAL_ELEMENTS}

PLACEHOLDERS = frozenset(
    {
        "无",
        "暂无",
        "/",
        "／",
        "\\",
        "-",
        "--",
        "—",
        "——",
        "－",
        "待定",
        "待补充",
        "略",
        "空",
        "同上",
        "〃",
        "tbd",
        "todo",
        "n/a",
        "na",
        "none",
        "null",
        "x",
        "xx",
        "xxx",
        "…",
        "...",
        "？",
        "?",
    }
)
"""Values staff type into a cell they could not fill. `同上` only means something inside a spreadsheet."""


def is_placeholder(text: str) -> bool:
    return text.strip().lower() in PLACEHOLDERS


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of values with the variants seen in local catalogs."""

    key: str
    label: str
    values: tuple[str, ...]
    variants: dict[str, str]

    def normalise(self, value: str) -> str:
        """The canonical value for a known value or variant, compared without spaces or web addresses; anything
        else as written, only trimmed (lint reports it, the site shows it)."""
        text = _squash(value)
        if text in self.values:
            return text
        return self.variants.get(text, value.strip())

    def knows(self, value: str) -> bool:
        return value in self.values

    def nearest(self, value: str) -> str | None:
        matches = difflib.get_close_matches(value, self.values + tuple(self.variants), n=1, cutoff=0.3)
        return self.variants.get(matches[0], matches[0]) if matches else None


def _squash(value: str) -> str:
    """Drop web addresses and all spaces: 「主 动」, 「主动 」 are 「主动」; 「政府网站 http://…」 is 「政府网站」."""
    return re.sub(r"[\s\u3000]+", "", re.sub(r"(https?://|www\.)\S*", "", value))


METHOD = Vocabulary(
    "method",
    "公开方式",
    ("主动", "依申请"),
    {"主动公开": "主动", "依申请公开": "依申请", "申请": "依申请", "申请公开": "依申请"},
)

AUDIENCE = Vocabulary(
    "audience",
    "公开对象",
    ("全社会", "特定群体"),
    {
        "社会": "全社会",
        "社会公众": "全社会",
        "公众": "全社会",
        "特定群众": "特定群体",
        "特定对象": "特定群体",
        "特定主体": "特定群体",
        "特定人群": "特定群体",
    },
)

LEVEL = Vocabulary(
    "level",
    "公开层级",
    ("县级", "乡级", "村级"),
    {
        "县": "县级",
        "区级": "县级",
        "区县级": "县级",
        "县区级": "县级",
        "市级（县级市）": "县级",
        "乡": "乡级",
        "镇级": "乡级",
        "乡镇级": "乡级",
        "镇街级": "乡级",
        "镇（街）级": "乡级",
        "街道": "乡级",
        "街道级": "乡级",
        "乡镇": "乡级",
        "村": "村级",
        "村（居）级": "村级",
        "社区级": "村级",
        "村居级": "村级",
    },
)

STAGE = Vocabulary(
    "stage",
    "五公开",
    ("决策", "执行", "管理", "服务", "结果"),
    {f"{s}公开": s for s in ("决策", "执行", "管理", "服务", "结果")},
)

CHANNEL = Vocabulary(
    "channel",
    "公开渠道和载体",
    (
        "政府网站",
        "政府公报",
        "两微一端",
        "发布会/听证会",
        "广播电视",
        "纸质媒体",
        "公开查阅点",
        "政务服务中心",
        "便民服务站",
        "入户/现场",
        "社区/企事业单位/村公示栏（电子屏）",
        "精准推送",
        "12345热线",
        "其他",
    ),
    {
        "网站": "政府网站",
        "门户网站": "政府网站",
        "政府门户网站": "政府网站",
        "县政府门户网站": "政府网站",
        "区政府门户网站": "政府网站",
        "县政府网站": "政府网站",
        "部门网站": "政府网站",
        "管理部门网站": "政府网站",
        "政务新媒体": "两微一端",
        "微信公众号": "两微一端",
        "政务微博": "两微一端",
        "两微一端一抖": "两微一端",
        "发布会": "发布会/听证会",
        "新闻发布会": "发布会/听证会",
        "听证会": "发布会/听证会",
        "发布会听证会": "发布会/听证会",
        "广播": "广播电视",
        "电视": "广播电视",
        "纸质载体": "纸质媒体",
        "报刊": "纸质媒体",
        "报纸": "纸质媒体",
        "政府信息公开查阅点": "公开查阅点",
        "查阅点": "公开查阅点",
        "行政服务中心": "政务服务中心",
        "政府服务中心": "政务服务中心",
        "提供政务服务的场所": "政务服务中心",
        "社会保障和为民服务中心": "政务服务中心",
        "办事窗口": "政务服务中心",
        "为民服务中心": "政务服务中心",
        "便民服务中心": "便民服务站",
        "乡镇便民服务中心": "便民服务站",
        "便民服务点": "便民服务站",
        "入户": "入户/现场",
        "现场": "入户/现场",
        "入户/现场宣传": "入户/现场",
        "公示栏": "社区/企事业单位/村公示栏（电子屏）",
        "社区/企事业单位": "社区/企事业单位/村公示栏（电子屏）",
        "村公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
        "社区/企事业单位/村公示栏(电子屏)": "社区/企事业单位/村公示栏（电子屏）",
        "单位/村委会公示栏（电子屏）": "社区/企事业单位/村公示栏（电子屏）",
        "社区/村公示栏": "社区/企事业单位/村公示栏（电子屏）",
        "镇村公示公开栏": "社区/企事业单位/村公示栏（电子屏）",
        "村务公开栏": "社区/企事业单位/村公示栏（电子屏）",
        "乡镇公示栏": "社区/企事业单位/村公示栏（电子屏）",
        "行政村公示栏": "社区/企事业单位/村公示栏（电子屏）",
        "线下公示栏": "社区/企事业单位/村公示栏（电子屏）",
        "12345政务服务热线": "12345热线",
        "12345": "12345热线",
        "政务服务热线": "12345热线",
    },
)

VOCABULARIES: dict[str, Vocabulary] = {v.key: v for v in (METHOD, AUDIENCE, LEVEL, STAGE, CHANNEL)}

UNIT_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")  # \Z: `$` would let a final newline through
"""A unit's slug (its catalog's file name, part of every URL): lowercase ASCII, digits, single hyphens."""


def check_unit_slug(slug: str) -> None:
    """Refuse a slug a command would write a catalog under (`new`, `import`): it becomes a file name."""
    if not UNIT_SLUG.match(slug):
        raise UsageError(f"单位标识「{slug}」只能用小写字母、数字和单个连字符，如 donghu-zhen (unsafe slug)")


UNIT_KINDS: dict[str, str] = {"township": "乡镇/街道", "department": "县直部门", "village": "村/社区"}
"""Unit kinds and how the site groups them."""

KIND_LEVEL: dict[str, str] = {"township": "乡级", "department": "县级", "village": "村级"}
"""The 公开层级 a unit of each kind publishes at."""


_TIME_LIMIT = re.compile(
    r"[0-9０-９一二三四五六七八九十两]{1,3}\s*个?\s*(工作日|自然日|日|天|个月|月|周|小时)"
    r"|(?<![0-9０-９])[0-9０-９一二三四五六七八九十两]{1,2}\s*个?\s*年(内|以内|之内)"
    r"|实时|及时|长期|永久|随时|定期|常态"
    r"|每\s*(年|半年|季度|季|月|周|学期)|(年度|半年|季度)\s*(至少|内)"
    r"|[0-9０-９一二三四五六七八九十]+\s*月\s*([0-9０-９一二三四五六七八九十]+\s*日|底|末|初|中旬|上旬|下旬)\s*(前|以前|之前)?"
)


def time_limits(deadline: str) -> frozenset[str]:
    """The time limits a 公开时限 names (`20个工作日`, `每季度`, `实时` …), spaces dropped; empty when it names
    none. Two deadlines with the same limits say the same thing in other words."""
    return frozenset(re.sub(r"\s+", "", m.group(0)) for m in _TIME_LIMIT.finditer(deadline))


_READINGS: dict[str, str] = {}
"""Pinyin of every text sorted so far, and of those sorted by earlier builds (see `remembered_readings`)."""


def pinyin_key(text: str) -> tuple[str, str]:
    """Sort Chinese the way people expect: by pinyin, then by the characters themselves."""
    reading = _READINGS.get(text)
    if reading is None:
        from pypinyin import lazy_pinyin

        reading = _READINGS[text] = " ".join(lazy_pinyin(text))
    return reading, text


READINGS: Kind[dict[str, str]] = plain("pinyin", TypeAdapter(dict[str, str]).validate_python)


@contextmanager
def remembered_readings(cache: Cache | None) -> Iterator[None]:
    """Keep the readings in the cache between builds: pypinyin takes 0.3 s to load its dictionaries, longer
    than sorting a county's names, which rarely change."""
    if cache is None:
        yield
        return
    key = digest("pinyin", version("pypinyin"))
    stored = cache.get(READINGS, key)
    _READINGS.update(stored or {})
    known = len(_READINGS)
    yield
    if len(_READINGS) > known:
        cache.put(READINGS, key, _READINGS)
