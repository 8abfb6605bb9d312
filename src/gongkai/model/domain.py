"""A domain (领域): one of the 26 pilot domains or one a county adds, with its standard guide's items."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from gongkai.model.catalog import Text


class GuideItem(BaseModel):
    """An item of the domain's standard guide (标准指引) that units of that domain normally publish."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, title="指引事项 (guide item)")

    category: Text | None = Field(None, title="一级事项 (category)")
    name: Text = Field(title="二级事项 (name)")
    content: Text | None = Field(None, title="公开内容 (content)")
    basis: Text | None = Field(None, title="公开依据 (basis)")
    deadline: Text | None = Field(None, title="公开时限 (deadline)")
    levels: list[str] = Field(default_factory=list, title="公开层级 (levels)", description="县级、乡级、村级")
    audience: list[str] = Field(default_factory=list, title="公开对象 (audience)")
    method: list[str] = Field(default_factory=list, title="公开方式 (method)")
    channel: list[str] = Field(default_factory=list, title="公开渠道和载体 (channel)")


class Superseded(BaseModel):
    """A document that no longer applies: a basis citing it should cite its replacement (GK603)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, title="已被替代的依据 (superseded)")

    cites: Text = Field(
        title="引用特征 (cites)",
        description="公开依据中出现即表示引用了旧文件的文字，如“国务院令第492号”。Text that marks the old document.",
    )
    document: Text | None = Field(None, title="旧文件 (document)", description="旧文件的名称。The old document.")
    replaced_by: Text = Field(title="替代文件 (replaced_by)", description="应引用的新文件。What to cite instead.")


class Domain(BaseModel):
    """`domains/<id>.yaml`."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, title="gongkai 领域 (domain)")

    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] = Field(
        title="领域标识 (id)", description="ASCII 标识，与文件名相同，如 yiwu-jiaoyu。The domain's slug."
    )
    name: Text = Field(title="规范名称 (name)", description="如“义务教育”。The canonical name.")
    aliases: list[Text] = Field(
        default_factory=list,
        title="别名 (aliases)",
        description="各地目录中的其他写法。Variant names seen locally.",
    )
    department: Text | None = Field(
        None, title="主管部门 (department)", description="通常负责的县级部门。The usual county department."
    )
    pilot: bool = Field(False, title="试点领域 (pilot)", description="26 个试点领域之一。One of the 26 pilot domains.")
    order: int | None = Field(
        None,
        title="排序 (order)",
        description="页面上的排列顺序；试点领域按国办发〔2019〕54号的顺序。Where the domain is listed.",
    )
    superseded: list[Superseded] = Field(
        default_factory=list,
        title="已被替代的依据 (superseded)",
        description="本领域已废止或被替代的文件。Documents of this domain that no longer apply.",
    )
    guide: list[GuideItem] = Field(
        default_factory=list,
        title="标准指引事项 (guide)",
        description="标准指引中的事项。The standard guide's items.",
    )


def resolve_domain(text: str, domains: dict[str, Domain]) -> str:
    """The id of the domain `text` names, by its id, its name or an alias (社会救助 → shehui-jiuzhu), so that
    staff can type what they know; `text` itself when none matches (the caller reports it)."""
    wanted = text.strip().removesuffix("领域")
    if wanted in domains:
        return wanted
    for domain in domains.values():
        if wanted == domain.name or wanted in domain.aliases:
            return domain.id
    return text
