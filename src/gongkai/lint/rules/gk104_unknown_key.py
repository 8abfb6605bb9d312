"""A key the catalog format does not know, usually a typo; the message suggests the nearest known key, and
recognises the elements' Chinese names (`公开依据` → `basis`).

Why: a misspelt element is silently missing from the site.

Bad:

```yaml
- name: 低保审核信息
  basic: 《社会救助暂行办法》
```

Good:

```yaml
- name: 低保审核信息
  basis: 《社会救助暂行办法》
```
"""

from gongkai.lint.rule import Rule, model_issues

RULE = Rule(
    "GK104",
    "unknown-key",
    "error",
    "source",
    model_issues("unknown-key"),
    "未知的键 (unknown key)",
    __doc__,
    loses_content=True,
)
