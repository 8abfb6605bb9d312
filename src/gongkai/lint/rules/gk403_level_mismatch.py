"""An item's 公开层级 (level) does not include the level of the unit that publishes it: a township's item
marked 县级 only, a county department's item marked 乡级 only, a village's item without 村级.

Why: the level says who publishes the item. A township catalog listing an item only the county publishes
either belongs in the county department's catalog or has the wrong level.

Bad (in a township's catalog):

```yaml
- name: 低保审核信息
  level: [县级]
```

Good:

```yaml
- name: 低保审核信息
  level: [县级, 乡级]
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, ItemRef, Rule
from gongkai.model.vocab import KIND_LEVEL, LEVEL, UNIT_KINDS


def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
    levels = [v for v in ref.item.level or () if LEVEL.knows(v)]
    kind = ref.file.valid.unit.kind
    if levels and KIND_LEVEL[kind] not in levels:
        yield Finding(
            f"「公开层级」(level) 为「{'、'.join(levels)}」，不含本单位（{UNIT_KINDS[kind]}）的「{KIND_LEVEL[kind]}」"
            " (level does not fit the unit)",
            path=ref.field("level"),
            element="level",
        )


RULE = Rule(
    "GK403",
    "level-mismatch",
    "warning",
    "item",
    check,
    "公开层级与单位不符 (level does not fit the unit)",
    __doc__,
    gap=True,
)
