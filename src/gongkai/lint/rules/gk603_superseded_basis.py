"""An item's 公开依据 (basis) cites a document that its domain marks as superseded (the domain file's
`superseded:` list), such as the 2008 《中华人民共和国政府信息公开条例》（国务院令第492号）, replaced by the
2019 revision (国务院令第711号).

Why: catalogs must follow changes in the law (动态调整); a basis citing a repealed document is no basis.

Bad:

```yaml
basis: 《中华人民共和国政府信息公开条例》（国务院令第492号）
```

Good:

```yaml
basis: 《中华人民共和国政府信息公开条例》（国务院令第711号）
```

The domain file says what is superseded:

```yaml
superseded:
  - cites: 国务院令第492号
    document: 《中华人民共和国政府信息公开条例》（2008年）
    replaced_by: 《中华人民共和国政府信息公开条例》（国务院令第711号）
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, ItemRef, Rule


def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
    domain = ctx.domains.get(ref.domain)
    basis = ref.item.basis
    if domain is None or not basis:
        return
    for old in domain.superseded:
        if old.cites in basis:
            name = old.document or old.cites
            yield Finding(
                f"「公开依据」(basis) 引用了已被替代的{name}，应改为{old.replaced_by} (superseded basis)",
                path=ref.field("basis"),
                element="basis",
            )


RULE = Rule(
    "GK603", "superseded-basis", "warning", "item", check, "公开依据已被替代 (superseded basis)", __doc__, gap=True
)
