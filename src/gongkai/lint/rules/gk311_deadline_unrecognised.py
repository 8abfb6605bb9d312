"""The 公开时限 (deadline) is not a recognisable time limit.

A deadline is recognised when it has a number of days (`20个工作日`, `10日`, `7天`), or one of 实时, 及时,
长期, 永久, 随时, 定期, or a period (`每年`, `每半年`, `每季度`, `每月`), or a date (`3月底前`, `1月31日前`).

Why: the public and auditors must be able to tell when an item is late. "按规定" or "尽快" cannot be checked.

Bad:

```yaml
deadline: 按规定
```

Good:

```yaml
deadline: 信息形成或者变更之日起20个工作日内
```
"""

import re
from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, ItemRef, Rule
from gongkai.model.vocab import ELEMENT_BY_KEY, is_placeholder

TIME_LIMIT = re.compile(
    r"[0-9０-９一二三四五六七八九十两]{1,3}\s*个?\s*(工作日|自然日|日|天|个月|月|周|小时)"
    r"|(?<![0-9０-９])[0-9０-９一二三四五六七八九十两]{1,2}\s*个?\s*年(内|以内|之内)"
    r"|实时|及时|长期|永久|随时|定期|常态"
    r"|每\s*(年|半年|季度|季|月|周|学期)|(年度|半年|季度)\s*(至少|内)"
    r"|[0-9０-９一二三四五六七八九十]+\s*月\s*([0-9０-９一二三四五六七八九十]+\s*日|底|末|初|中旬|上旬|下旬)\s*(前|以前|之前)?"
)
DEADLINE = ELEMENT_BY_KEY["deadline"]


def recognisable(text: str) -> bool:
    return bool(TIME_LIMIT.search(text))


def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
    deadline = ref.item.deadline
    if deadline and not is_placeholder(deadline) and not recognisable(deadline):
        yield Finding(
            f"{DEADLINE.both()}「{deadline[:40]}」不是可识别的时限，如“信息形成或者变更之日起20个工作日内”",
            path=ref.field("deadline"),
            element="deadline",
        )


RULE = Rule(
    "GK311",
    "deadline-unrecognised",
    "warning",
    "item",
    check,
    "公开时限无法识别 (deadline not recognisable)",
    __doc__,
)
