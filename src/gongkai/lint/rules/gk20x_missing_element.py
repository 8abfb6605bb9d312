"""One of the eight required elements (八要素) of an item is missing, empty, only spaces, or a placeholder
such as 无, /, -, 待定, 略, TBD. One code per element, in the order of the standard table:

| code | element |
|---|---|
| GK201 | 事项名称 (name) |
| GK202 | 公开内容 (content) |
| GK203 | 公开依据 (basis) |
| GK204 | 公开时限 (deadline) |
| GK205 | 公开主体 (owner) |
| GK206 | 公开方式 (method) |
| GK207 | 公开渠道和载体 (channel) |
| GK208 | 公开对象 (audience) |

Why: 国办发〔2019〕54号 requires every catalog item to carry at least these eight elements; auditors count an
item with a gap as incomplete. A missing element is reported at the item, an empty one at its key.

Bad:

```yaml
- name: 低保审核信息
  content: 初审对象名单及相关信息
  deadline: 无
  owner: 示例县东湖镇人民政府
  method: 主动
  channel: []
  audience: 全社会
```

Good:

```yaml
- name: 低保审核信息
  content: 初审对象名单及相关信息
  basis: 《社会救助暂行办法》
  deadline: 信息形成或者变更之日起20个工作日内
  owner: 示例县东湖镇人民政府
  method: 主动
  channel: [政府网站, 社区/企事业单位/村公示栏（电子屏）]
  audience: 全社会
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Check, Context, Finding, ItemRef, Rule
from gongkai.model.completeness import written
from gongkai.model.vocab import ELEMENTS, Element


def missing(element: Element) -> Check:
    n = ELEMENTS.index(element)

    def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
        gap = ref.gaps[n]
        if gap == "missing":
            yield Finding(f"缺少要素{element.both()}", path=ref.path, element=element.key)
        elif gap == "empty":
            yield Finding(f"要素{element.both()}为空", path=ref.field(element.key), element=element.key)
        elif gap == "placeholder":
            placeholder = written(ref.item, element.key)[0]
            yield Finding(
                f"要素{element.both()}只有占位符「{placeholder}」，请填写实际内容",
                path=ref.field(element.key),
                element=element.key,
            )

    return check


RULES = [
    Rule(
        f"GK20{n}",
        f"missing-{element.key}",
        "error",
        "item",
        missing(element),
        f"缺少要素「{element.label}」(missing {element.key})",
        __doc__,
        gap=True,
        element=element.key,
    )
    for n, element in enumerate(ELEMENTS, start=1)
]
