"""An item matches a guide item only approximately (at least 80 % similar): the same item, written a little
differently from the standard guide.

Why: the same item should carry the same name in every unit's catalog, so that the public can find it, search
groups it and the cross-level check (GK501) compares like with like. Use the guide's wording.

Bad:

```yaml
- name: 低保审核公示信息
```

Good (the 社会救助 guide's name):

```yaml
- name: 低保审核信息
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.guide import coverage
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    for domain_id, items in file.valid.domains.items():
        domain = ctx.domains.get(domain_id)
        if domain is None or not domain.guide:
            continue
        for match in coverage(domain, file.valid.unit.kind, items, ctx.cache).matches:
            if match.covered and match.index is not None and match.score < 1.0:
                item = items[match.index]
                yield Finding(
                    f"事项名称「{item.name}」与标准指引的「{match.guide.name}」不完全一致，建议统一"
                    " (name differs from guide)",
                    path=("domains", domain_id, file.file_index(domain_id, match.index), "name"),
                    element="name",
                )


RULE = Rule(
    "GK402",
    "guide-name-differs",
    "warning",
    "catalog",
    check,
    "名称与标准指引不一致 (name differs from guide)",
    __doc__,
)
