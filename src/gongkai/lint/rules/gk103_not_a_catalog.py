"""The file does not have a catalog's shape: it is empty, its top level is not a mapping, or `unit:` or one of
the unit's required keys (`name`, `kind`) is missing.

Why: every catalog says which unit publishes it; without that nothing else can be checked or shown.

Bad:

```yaml
- name: 低保审核信息
```

Good:

```yaml
unit:
  name: 示例县东湖镇人民政府
  kind: township
domains:
  shehui-jiuzhu:
    - name: 低保审核信息
```
"""

from gongkai.lint.rule import Rule, model_issues

RULE = Rule(
    "GK103",
    "not-a-catalog",
    "error",
    "source",
    model_issues("structure"),
    "不是目录文件的结构 (not a catalog)",
    __doc__,
    loses_content=True,
)
