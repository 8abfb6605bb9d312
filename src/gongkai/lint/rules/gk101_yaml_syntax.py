"""The file is not valid YAML, or uses YAML features a catalog must not use.

Why: a syntax error hides everything after it. Tab indentation, an unquoted value with `: ` inside, an unclosed
quote are the usual causes. Nesting deeper than 32 levels, aliases that expand into huge data ("alias bombs"),
several documents in one file and tags such as `!!python/object` are refused for safety.

Bad:

```yaml
unit:
        name: 东湖镇人民政府      # a tab
```

Good:

```yaml
unit:
  name: 东湖镇人民政府
```
"""

from gongkai.lint.rule import Rule, source_issues

RULE = Rule(
    "GK101",
    "yaml-syntax",
    "error",
    "source",
    source_issues("syntax"),
    "YAML 语法错误 (YAML syntax error)",
    __doc__,
    loses_content=True,
)
