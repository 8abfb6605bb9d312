"""Two items of one unit have the same identity: the same domain and the same name (or the same `id:`).

Why: an item's identity gives its permalink on the site and lets history and consistency checks follow it;
two items with one identity cannot both be linked. Rename one, or give one an `id:`.

Bad:

```yaml
shehui-jiuzhu:
  - name: 低保审核信息
    content: 初审对象名单
  - name: 低保审核信息
    content: 审批对象名单
```

Good:

```yaml
shehui-jiuzhu:
  - name: 低保审核信息
    content: 初审对象名单
  - name: 低保审批信息
    content: 审批对象名单
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    seen: dict[tuple[str, str], int] = {}
    for domain, index, item in file.items():
        identity = item.identity
        if not identity:
            continue
        first = seen.setdefault((domain, identity), index)
        if first != index:
            line = file.source.locate(("domains", domain, first)).line
            yield Finding(
                f"事项「{identity}」在本领域重复，第 {line} 行已有 (duplicate item)",
                path=("domains", domain, index),
            )


RULE = Rule("GK106", "duplicate-item", "error", "catalog", check, "事项重复 (duplicate item)", __doc__)
