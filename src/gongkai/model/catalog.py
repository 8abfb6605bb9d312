"""A unit's disclosure catalog (基层政务公开事项标准目录): Catalog → Unit, domains → Items, withheld entries.

The eight elements are optional here on purpose: a catalog with gaps must still load, so that lint can name
every gap at its place instead of stopping at the first. The JSON Schema still marks them required, so editors
show the same gaps while staff type.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints

from gongkai.model.vocab import AUDIENCE, CHANNEL, ELEMENTS, LEVEL, METHOD, STAGE, Vocabulary, is_placeholder

_EDGE_SPACE = re.compile(r"^[\s\u3000]+|[\s\u3000]+$")
_LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")


def trim(value: Any) -> Any:
    """Trim ordinary and full-width spaces at both ends; inner line breaks stay (content may be Markdown)."""
    return _EDGE_SPACE.sub("", value) if isinstance(value, str) else value


def terms(value: Any, vocabulary: Vocabulary) -> Any:
    """One value or a list of them (or `政府网站、两微一端`) → a normalised list without repeats.
    Anything else is returned as it is, for validation to report."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in _LIST_SEPARATORS.split(value) if v.strip()]
    if not isinstance(value, list):
        return value
    if all(type(t) is str and vocabulary.knows(t) for t in value) and len(set(value)) == len(value):
        return value  # already canonical: the common case, kept cheap
    out: list[Any] = []
    for term in value:
        if isinstance(term, int) and not isinstance(term, bool):
            term = str(term)  # an unquoted 12345 is still the hotline
        term = vocabulary.normalise(term) if isinstance(term, str) else term
        if term not in out:
            out.append(term)
    return out


def _terms(vocabulary: Vocabulary) -> BeforeValidator:
    """`terms` for one vocabulary, remembered for the texts and lists of texts seen: a county writes the same
    few methods, channels and audiences on every item."""
    seen: dict[Any, Any] = {}

    def normalised(value: Any) -> Any:
        if type(value) is str:
            key: Any = value
        elif type(value) is list and all(type(v) is str for v in value):
            key = tuple(value)
        else:  # only text is remembered: 1 == True, and [1] is a telephone number where [True] is an error
            return terms(value, vocabulary)
        found = seen.get(key)
        if found is None:
            found = terms(value, vocabulary)
            if len(seen) < 10_000:
                seen[key] = found
        return list(found)

    return BeforeValidator(normalised)


_TRIMMED = StringConstraints(strip_whitespace=True)
"""`trim`, done by pydantic's own validator: it runs for every text element of every item."""
Text = Annotated[str, Strict(), _TRIMMED]
"""A text element: a number or a date where text belongs is a wrong type (quote it), not silently text."""
LooseText = Annotated[str, _TRIMMED]
"""Text that may be written as a number: an id, a telephone number."""


def _named(text: str) -> str:
    if not text or is_placeholder(text):
        raise ValueError("不能为空，也不能只写“无”“/”等占位符 (must not be empty or a placeholder)")
    return text


Name = Annotated[Text, AfterValidator(_named)]
"""A name that must be there: a unit's, a withheld entry's."""


FILLED_TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
"""A required element's text in the JSON Schema: lint reports one left empty or blank, so editors do too."""


def _described(key: str, label: str, description: str, schema: dict[str, Any] | None = None) -> Any:
    """A field documented for editors; `schema` replaces the JSON Schema of its value (pydantic's says
    "string or null", which fits loading a catalog with gaps, not typing one)."""

    def replace(generated: dict[str, Any]) -> None:
        generated.pop("anyOf", None)
        generated.update(schema or {})

    return Field(
        default=None, title=f"{label} ({key})", description=description, json_schema_extra=replace if schema else None
    )


def _vocabulary_value(vocabulary: Vocabulary, closed: bool) -> dict[str, Any]:
    """Editors complete from the known values. A closed list also takes the variants lint normalises
    (依申请公开), so that editor and lint agree, and rejects the rest; an open list takes any text."""
    if closed:
        return {"enum": [*vocabulary.values, *vocabulary.variants]}
    return {"anyOf": [{"enum": list(vocabulary.values)}, FILLED_TEXT]}


def _vocabulary_schema(vocabulary: Vocabulary, closed: bool) -> dict[str, Any]:
    """One value, or a list of one or more."""
    one = _vocabulary_value(vocabulary, closed)
    return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}


class Item(BaseModel):
    """One disclosure item (二级事项) and its elements (要素)."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        title="公开事项 (item)",
        json_schema_extra={"required": [e.key for e in ELEMENTS]},
    )

    id: LooseText | None = _described(
        "id",
        "事项标识",
        "可选：固定的事项标识，改名后链接不变。Optional stable identity; overrides the name in permalinks.",
    )
    category: Text | None = _described("category", "一级事项", "一级事项，如“招生入学”。The item's category.")
    name: Text | None = _described(
        "name", "事项名称（二级事项）", "二级事项，即事项名称。Required: the item's name.", FILLED_TEXT
    )
    content: Text | None = _described(
        "content",
        "公开内容（要素）",
        "要公开的具体信息，可用 Markdown。Required: what is published; Markdown allowed.",
        FILLED_TEXT,
    )
    basis: Text | None = _described(
        "basis",
        "公开依据",
        "法律、法规、规章或规范性文件，用《》标出。Required: the laws and documents, cited in 《》.",
        FILLED_TEXT,
    )
    deadline: Text | None = _described(
        "deadline",
        "公开时限",
        "如“信息形成或者变更之日起20个工作日内”。Required: the time limit for publishing.",
        FILLED_TEXT,
    )
    owner: Text | None = _described(
        "owner", "公开主体", "负责公开的机关。Required: the body that publishes.", FILLED_TEXT
    )
    method: Annotated[list[str] | None, _terms(METHOD)] = _described(
        "method",
        "公开方式",
        "主动 或 依申请。Required: proactive (主动) or on request (依申请).",
        _vocabulary_schema(METHOD, closed=True),
    )
    channel: Annotated[list[str] | None, _terms(CHANNEL)] = _described(
        "channel",
        "公开渠道和载体",
        "一个或多个渠道，如 [政府网站, 两微一端]。Required: one or more channels.",
        _vocabulary_schema(CHANNEL, closed=False),
    )
    audience: Annotated[list[str] | None, _terms(AUDIENCE)] = _described(
        "audience",
        "公开对象",
        "全社会 或 特定群体（可都写）。Required: the public (全社会) or a specific group.",
        _vocabulary_schema(AUDIENCE, closed=True),
    )
    level: Annotated[list[str] | None, _terms(LEVEL)] = _described(
        "level",
        "公开层级",
        "县级、乡级、村级。Optional: the level(s) that publish.",
        _vocabulary_schema(LEVEL, closed=True),
    )
    stage: Annotated[str | None, BeforeValidator(lambda v: STAGE.normalise(v) if isinstance(v, str) else v)] = (
        _described(
            "stage",
            "五公开",
            "决策、执行、管理、服务、结果 之一。Optional: which of the five stages.",
            _vocabulary_value(STAGE, closed=True),
        )
    )
    same_as: Text | None = _described(
        "same_as",
        "对应事项",
        "可选：上一级单位的同一事项，写作“单位标识/事项名称”，如 xian-minzheng-ju/低保审核信息。"
        "Optional: the same item at the level above (slug/name), when the names differ.",
    )

    def element_text(self, key: str) -> str:
        """An element as one line of text: lists joined with 、."""
        value = getattr(self, key)
        if isinstance(value, list):
            return "、".join(value)
        return value or ""

    @property
    def identity(self) -> str:
        return self.id or self.name or ""

    @property
    def title(self) -> str:
        """The name as shown: a county may ignore GK201, and an item without a name is still published."""
        return self.name or UNNAMED


UNNAMED = "（未填写事项名称）"


class Unit(BaseModel):
    """The publishing unit (公开主体): a township, a county department or a village."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, title="单位 (unit)")

    name: Name = Field(
        title="单位全称 (name)", description="官方全称，如“示例县东湖镇人民政府”。The full official name."
    )
    short: Text | None = Field(None, title="简称 (short)", description="可选：显示用简称。Optional display name.")
    kind: Literal["township", "department", "village"] = Field(
        title="单位类型 (kind)",
        description="township 乡镇/街道，department 县直部门，village 村/社区。The kind of unit.",
    )
    parent: Text | None = Field(
        None,
        title="上级单位 (parent)",
        description="可选：上级单位的标识（村所属的乡镇）。Optional: the parent's slug.",
    )
    contact: LooseText | None = Field(None, title="联系电话 (contact)", description="可选：咨询电话。Optional contact.")

    @property
    def display_name(self) -> str:
        return self.short or self.name


class Withheld(BaseModel):
    """An entry of the negative list (负面清单): what the unit does not disclose, and on what basis."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, title="不予公开事项 (withheld)")

    name: Name = Field(title="不予公开的内容 (name)", description="不予公开的事项。What is withheld.")
    basis: Text | None = Field(
        None, title="依据 (basis)", description="不予公开的依据，含条款。The legal basis, with the article."
    )


def _domains(value: Any) -> Any:
    """`domains:` or `yiwu-jiaoyu:` with nothing under it yet is empty, not a type error."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {k: ([] if v is None else v) for k, v in value.items()}
    return value


class Catalog(BaseModel):
    """One unit's catalog file: `catalogs/<slug>.yaml`."""

    model_config = ConfigDict(extra="forbid", title="gongkai 公开事项目录 (catalog)")

    unit: Unit = Field(title="单位 (unit)", description="发布本目录的单位。The publishing unit.")
    reviewed: dt.date | None = Field(
        None,
        title="评估日期 (reviewed)",
        description="最近一次定期评估的日期。Date of the last periodic review.",
    )
    domains: Annotated[dict[str, list[Item]], BeforeValidator(_domains)] = Field(
        default_factory=dict,
        title="领域 (domains)",
        description="领域标识 → 事项列表，如 yiwu-jiaoyu。Domain id → the unit's items in that domain.",
    )
    withheld: Annotated[list[Withheld], BeforeValidator(lambda v: [] if v is None else v)] = Field(
        default_factory=list,
        title="负面清单 (withheld)",
        description="不予公开的事项。What the unit withholds.",
    )
