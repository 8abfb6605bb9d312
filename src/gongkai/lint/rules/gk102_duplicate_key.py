"""The same key appears twice in one mapping.

Why: YAML tools disagree on which value wins, so a reader cannot know which one the site shows. gongkai keeps the
first and reports the second.

Bad:

```yaml
- name: 低保审核信息
  basis: 《社会救助暂行办法》
  basis: 《中华人民共和国政府信息公开条例》
```

Good:

```yaml
- name: 低保审核信息
  basis: 《社会救助暂行办法》、《中华人民共和国政府信息公开条例》
```
"""

from gongkai.lint.rule import Rule, source_issues

RULE = Rule(
    "GK102",
    "duplicate-key",
    "error",
    "source",
    source_issues("duplicate-key"),
    "重复的键 (duplicate key)",
    __doc__,
    loses_content=True,
)
