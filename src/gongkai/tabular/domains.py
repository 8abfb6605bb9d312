"""Domains a county publishes that the 26 pilot domains do not cover (交通运输, 政务公开工作 …): the county's own
domain file, written by `gongkai import` when a table names one. It has no national guide, so lint measures no
coverage for it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from gongkai.model.domain import Domain
from gongkai.resources import packaged

DOMAIN_MODELINE = "# yaml-language-server: $schema=../schemas/domain.schema.json"
_GENERIC_SHEETS = re.compile(
    r"(?i)^(sheet\d*|工作表\d*|表\d*|目录|总目录|说明|填表说明|封面|附件\d*|目录\d*|索引|汇总)$"
)
_ORDINAL = re.compile(r"^[(（]?[一二三四五六七八九十百\d]+[)）、.．]?\s*")
_PLACE = re.compile(r"^.{2,}?(?:县|区|旗|镇|乡|街道|街道办事处|办事处|人民政府|政府|局|委员会)(?=.{2,})")


def slug(name: str, taken: set[str]) -> str:
    """An ASCII id from the name's pinyin (ü as v), syllables paired as most two-character words are (交通运输 →
    jiaotong-yunshu, an odd last one joining the pair before it); -2, -3 … when the id is taken."""
    from pypinyin import lazy_pinyin

    syllables = [re.sub(r"[^a-z0-9]", "", s.lower()) for s in lazy_pinyin(name)]
    syllables = [s for s in syllables if s]
    words = ["".join(syllables[i : i + 2]) for i in range(0, len(syllables), 2)]
    if len(words) > 1 and len(syllables) % 2:
        words[-2:] = [words[-2] + words[-1]]
    base = "-".join(words) or "lingyu"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def new_domain(name: str, domains: dict[str, Domain]) -> Domain:
    """A domain of the county's own for `name`, added to `domains`."""
    domain = Domain(id=slug(name, set(domains)), name=name, pilot=False)
    domains[domain.id] = domain
    return domain


def plausible_name(text: str) -> str | None:
    """A domain's name as a sheet tab or a title gives it (`（十三）交通运输领域…目录`, `苏尼特左旗交通运输`), or None
    when the text does not look like one (Sheet1, 目录, 说明, Latin text)."""
    text = re.sub(r"\s+", "", text)
    if "领域" in text:
        text = text.split("领域")[0]
    text = _ORDINAL.sub("", text)
    while _PLACE.match(text):  # 示例县东湖镇社会救助: the county's and the unit's names first
        text = _PLACE.sub("", text, count=1)
    text = text.removesuffix("基层政务公开标准目录").removesuffix("标准目录").removesuffix("目录")
    if _GENERIC_SHEETS.match(text) or not re.fullmatch(r"[\u4e00-\u9fff、和与及]{2,12}", text):
        return None
    return text


def domain_text(domain: Domain) -> str:
    """The domain file, as the pilot domains are written."""
    return "\n".join(
        [
            DOMAIN_MODELINE,
            f"id: {domain.id}",
            f"name: {domain.name}",
            "aliases: []",
            "pilot: false                 # the county's own domain: no national guide, so lint measures no coverage",
            "guide: []",
            "",
        ]
    )


def write_domains(root: Path, created: list[Domain]) -> tuple[list[Path], bool]:
    """Write each new domain's file into the county's domains/. A county without its own domains/ uses the
    packaged pilot domains, and a domains/ folder replaces them: they are copied in first. Returns the files
    written and whether the pilot domains were copied."""
    folder = root / "domains"
    copied = False
    if created and not folder.is_dir():
        shutil.copytree(packaged("domains"), folder)
        copied = True
    paths = []
    for domain in created:
        path = folder / f"{domain.id}.yaml"
        path.write_text(domain_text(domain), encoding="utf-8")
        paths.append(path)
    return paths, copied
