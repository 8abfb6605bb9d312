"""An entry of the negative list (负面清单, `withheld:`) gives no basis, or a placeholder.

Why: withholding information needs a legal ground, with the article (依据充分), usually 《中华人民共和国政府信息
公开条例》第十四条、第十五条 or 第十六条.

Bad:

```yaml
withheld:
  - name: 涉及个人隐私的救助对象身份证号码
```

Good:

```yaml
withheld:
  - name: 涉及个人隐私的救助对象身份证号码
    basis: 《中华人民共和国政府信息公开条例》第十五条
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.project import CatalogFile
from gongkai.model.vocab import is_placeholder


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    for index, entry in file.withheld():
        if "basis" not in entry.model_fields_set:
            yield Finding(
                f"不予公开事项「{entry.name}」没有写明依据 (withheld without basis)", path=("withheld", index)
            )
        elif not entry.basis or is_placeholder(entry.basis):
            yield Finding(
                f"不予公开事项「{entry.name}」的依据为空或只有占位符「{entry.basis}」(withheld without basis)",
                path=("withheld", index, "basis"),
            )


RULE = Rule(
    "GK602",
    "withheld-without-basis",
    "error",
    "catalog",
    check,
    "负面清单缺少依据 (withheld without basis)",
    __doc__,
    gap=True,
)
