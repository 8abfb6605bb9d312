"""A value of the wrong type: a list where text belongs, text where a date belongs, a unit kind outside
`township`, `department`, `village`.

Why: the site and the spreadsheets cannot show a value whose shape they do not know.

Bad:

```yaml
unit:
  name: 示例县东湖镇人民政府
  kind: 乡镇
reviewed: 去年
```

Good:

```yaml
unit:
  name: 示例县东湖镇人民政府
  kind: township
reviewed: 2026-03-01
```
"""

from gongkai.lint.rule import Rule, model_issues

RULE = Rule(
    "GK105",
    "wrong-type",
    "error",
    "source",
    model_issues("wrong-type"),
    "类型错误 (wrong type)",
    __doc__,
    loses_content=True,
)
