"""The 公开依据 (basis) cites no document in 《…》, or its book-title marks do not pair up.

Why: a basis must name the law, regulation, rule or normative document that requires or allows publishing, so a
reader can look it up. "相关规定" or "信息公开规定" names nothing; "税收征收管理法》" lost its opening mark.

Bad:

```yaml
basis: 相关政策文件
```

Good:

```yaml
basis: 《中华人民共和国政府信息公开条例》（国务院令第711号）、《社会救助暂行办法》
```
"""

import re
from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, ItemRef, Rule
from gongkai.model.vocab import ELEMENT_BY_KEY, is_placeholder

DOCUMENT = re.compile(r"《[^《》]+》")
BASIS = ELEMENT_BY_KEY["basis"]


def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
    basis = ref.item.basis
    if not basis or is_placeholder(basis):
        return  # GK203 reports it
    if basis.count("《") != basis.count("》"):
        yield Finding(f"{BASIS.both()}中的书名号《》不成对：「{basis[:40]}」", path=ref.field("basis"), element="basis")
    elif not DOCUMENT.search(basis):
        yield Finding(
            f"{BASIS.both()}没有用《》标出具体文件：「{basis[:40]}」",
            path=ref.field("basis"),
            element="basis",
        )


RULE = Rule(
    "GK310",
    "basis-without-document",
    "warning",
    "item",
    check,
    "公开依据未引用《》文件 (basis cites no document)",
    __doc__,
)
