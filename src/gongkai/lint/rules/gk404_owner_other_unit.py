"""An item's 公开主体 (owner) names another unit of the county, or only a template's generic wording such as
"县级政府民政部门" or "乡镇政府（街道办事处）".

Why: the owner is who publishes the item and answers for it. Catalogs copied from the national template often
keep its generic owners or another unit's name; the public then cannot tell whom to ask. Name the unit itself
(or its sub-body, such as its 中心学校), or move the item to the catalog of the unit that publishes it.

Bad (in 示例县东湖镇人民政府's catalog):

```yaml
owner: 县级政府民政部门
```

Good:

```yaml
owner: 示例县东湖镇人民政府
```
"""

import re
from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, ItemRef, Rule

GENERIC = re.compile(
    r"××|XX|县级政府\S*部门|县级人民政府\S*部门|乡镇政府（街道办事处）|乡镇人民政府（街道办事处）|各乡镇"
)


def _unit_names(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """Every unit's names (full and short) → [(slug, full name)], built once per lint run."""
    names = ctx.cache.get("unit-names")
    if names is None:
        names = ctx.cache["unit-names"] = {}
        for file in ctx.project.catalogs if ctx.project else ():
            if file.catalog is not None:
                unit = file.catalog.unit
                for name in {unit.name, unit.short} - {None}:
                    names.setdefault(name, []).append((file.slug, unit.name))
    return names


def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
    owner = ref.item.owner
    if not owner:
        return
    unit = ref.file.valid.unit
    if GENERIC.search(owner):
        yield Finding(
            f"「公开主体」(owner)「{owner}」是模板泛称，请写本单位的具体名称 (generic owner)",
            path=ref.field("owner"),
            element="owner",
        )
        return
    if owner in (unit.name, unit.short):
        return
    other = next((full for slug, full in _unit_names(ctx).get(owner, ()) if slug != ref.file.slug), None)
    if other:
        yield Finding(
            f"「公开主体」(owner)「{owner}」是另一个单位（{other}），不是本单位 (owner names another unit)",
            path=ref.field("owner"),
            element="owner",
        )


RULE = Rule(
    "GK404",
    "owner-other-unit",
    "warning",
    "item",
    check,
    "公开主体不是本单位 (owner names another unit)",
    __doc__,
    other_files=True,
    gap=True,
)
