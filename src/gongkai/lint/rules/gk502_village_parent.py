"""A village (村/社区) whose `parent` is missing, names no unit of the county, or names a unit that is not a
township (乡镇/街道).

Why: a village publishes under its township (村务公开与政务公开衔接); the site links them, and the consistency
check (GK501) compares a village's items with its township's.

Bad:

```yaml
unit:
  name: 示例县东湖镇东桥村民委员会
  kind: village
  parent: xian-minzheng-ju
```

Good:

```yaml
unit:
  name: 示例县东湖镇东桥村民委员会
  kind: village
  parent: donghu-zhen
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    unit = file.valid.unit
    units = ctx.project.units() if ctx.project else {}
    parent = units.get(unit.parent) if unit.parent else None
    if unit.kind == "village":
        if not unit.parent:
            yield Finding("村/社区没有填写所属乡镇 parent (village without parent)", path=("unit",))
        elif parent is None:
            yield Finding(f"所属乡镇「{unit.parent}」不是本县的单位 (unknown parent)", path=("unit", "parent"))
        elif parent.valid.unit.kind != "township":
            yield Finding(f"所属单位「{unit.parent}」不是乡镇/街道 (parent is not a township)", path=("unit", "parent"))


RULE = Rule(
    "GK502",
    "village-parent",
    "error",
    "catalog",
    check,
    "村的所属乡镇有误 (village parent)",
    __doc__,
    other_files=True,
    gap=True,
)
