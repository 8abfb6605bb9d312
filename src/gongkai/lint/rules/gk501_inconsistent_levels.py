"""The same item — same domain and name (spaces and punctuation ignored), or linked by `same_as:` — is published
by a county department and a township, or by a township and one of its villages, with different 公开内容
(content), 公开依据 (basis) or 公开时限 (deadline).

Reported at the lower level's item (the township's, or the village's), naming the other unit and where its item
stands. Text is compared with spaces and punctuation ignored; deadlines by the time limits they name (20个工作日,
每季度 …), so that two wordings of the same limit agree.

Why: the policy asks that the same item be published consistently at county, township and village level
(县、乡、村 相同事项的公开内容对应一致); a low-income list under one basis at the county and another at the
township confuses the public and auditors alike.

Bad:

```yaml
# catalogs/xian-minzheng-ju.yaml
- name: 低保审核信息
  basis: 《社会救助暂行办法》
# catalogs/donghu-zhen.yaml
- name: 低保审核信息
  basis: 《城市居民最低生活保障条例》
```

Good: the same basis (and content, deadline) in both catalogs.
"""

from collections import defaultdict
from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.catalog import Item
from gongkai.model.guide import reduced
from gongkai.model.project import CatalogFile, Project
from gongkai.model.vocab import ELEMENT_BY_KEY, time_limits

COMPARED = ("content", "basis", "deadline")


def check(project: Project, ctx: Context) -> Iterator[tuple[CatalogFile, Finding]]:
    groups: dict[tuple[str, str], list[tuple[CatalogFile, int, Item]]] = defaultdict(list)
    for file in _paired(project.units()):
        for domain, index, item in file.items():
            key = item.same_as.partition("/")[2] if item.same_as else item.name
            if key:
                groups[(domain, reduced(key))].append((file, index, item))
    for (domain, _), entries in sorted(groups.items()):
        if len({file.slug for file, _, _ in entries}) < 2:
            continue
        for (upper, upper_index, upper_item), (lower, lower_index, lower_item) in _pairs(entries):
            differ = [key for key in COMPARED if _comparable(upper_item, key) != _comparable(lower_item, key)]
            if differ:
                labels = "、".join(f"「{ELEMENT_BY_KEY[k].label}」" for k in differ)
                line = upper.source.locate(("domains", domain, upper_index)).line
                yield (
                    lower,
                    Finding(
                        f"与{upper.valid.unit.name}的同一事项（{upper.path.name} 第 {line} 行）{labels}不一致"
                        " (differs from the same item at the level above)",
                        path=("domains", domain, lower_index),
                    ),
                )


def _paired(units: dict[str, CatalogFile]) -> list[CatalogFile]:
    """The units that have a unit one level above or below them (see `_pairs`): only their items can differ
    from another level's. A county of one township, or of departments alone, compares nothing."""
    kinds = {file.valid.unit.kind for file in units.values()}
    parents = {file.valid.unit.parent for file in units.values() if file.valid.unit.kind == "village"}
    townships = {slug for slug, file in units.items() if file.valid.unit.kind == "township"}

    def paired(file: CatalogFile) -> bool:
        unit = file.valid.unit
        if unit.kind == "department":
            return "township" in kinds
        if unit.kind == "township":
            return "department" in kinds or file.slug in parents
        return unit.parent in townships

    return [file for file in units.values() if paired(file)]


def _pairs(entries: list[tuple[CatalogFile, int, Item]]) -> Iterator[tuple[tuple, tuple]]:
    """(upper, lower) for every two entries one level apart: a county department above every township, a
    township above its own villages. Grouped by kind first: a city's item shared by hundreds of units would
    otherwise be hundreds of thousands of pairs to test."""
    by_kind: dict[str, list] = defaultdict(list)
    villages: dict[str | None, list] = defaultdict(list)
    for entry in entries:
        kind = entry[0].valid.unit.kind
        by_kind[kind].append(entry)
        if kind == "village":
            villages[entry[0].valid.unit.parent].append(entry)
    for upper in by_kind["department"]:
        for lower in by_kind["township"]:
            yield upper, lower
    for upper in by_kind["township"]:
        for lower in villages.get(upper[0].slug, ()):
            yield upper, lower


def _comparable(item: Item, key: str) -> object:
    """Text with spaces and punctuation ignored; a deadline by the time limits it names, so that
    信息形成（变更）之日起20个工作日内 and 信息形成或者变更之日起20个工作日内 agree."""
    text = getattr(item, key) or ""
    if key == "deadline":
        return time_limits(text) or reduced(text)
    return reduced(text)


RULE = Rule(
    "GK501",
    "inconsistent-levels",
    "warning",
    "project",
    check,
    "县乡村同一事项不一致 (same item differs between levels)",
    __doc__,
    gap=True,
    level_conflict=True,
)
