"""A unit that publishes a domain lacks an item of that domain's standard guide expected at its level (乡级 for a
township, 县级 for a county department, 村级 for a village).

Names match tolerantly (see `gongkai.model.guide`): spaces and punctuation are ignored, and a name at least 80 %
similar counts as the same item (GK402 then suggests the guide's wording). When the unit has an item whose name
is at least 50 % similar, the message names it: it may be the same item under another name.

Why: 国办发〔2019〕54号 asks every unit to compile its catalog against the national guides of the domains it
serves; a guide item missing from the catalog is a gap auditors look for. If the unit really has no such duty,
say so in `[lint] per-file-ignores` for that file, or in the domain's guide levels.

Bad (the 社会救助 guide expects 低保审核信息 at 乡级):

```yaml
unit: {name: 示例县东湖镇人民政府, kind: township}
domains:
  shehui-jiuzhu:
    - name: 临时救助审批信息
      ...
```

Good:

```yaml
domains:
  shehui-jiuzhu:
    - name: 低保审核信息
      ...
    - name: 临时救助审批信息
      ...
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.guide import HINT, coverage
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    kind = file.valid.unit.kind
    for domain_id, items in file.valid.domains.items():
        domain = ctx.domains.get(domain_id)
        if domain is None or not domain.guide:
            continue
        for match in coverage(domain, kind, items, ctx.cache).matches:
            if match.covered:
                continue
            hint = ""
            if match.index is not None and match.score >= HINT:
                hint = f"；是否就是本单位的「{items[match.index].name}」？(did you mean?)"
            category = f"{match.guide.category} / " if match.guide.category else ""
            yield Finding(
                f"缺少{domain.name}领域标准指引中的事项「{category}{match.guide.name}」{hint} (guide item missing)",
                path=("domains", domain_id),
            )


RULE = Rule(
    "GK401",
    "guide-item-missing",
    "warning",
    "catalog",
    check,
    "缺少标准指引事项 (guide item missing)",
    __doc__,
    gap=True,
)
