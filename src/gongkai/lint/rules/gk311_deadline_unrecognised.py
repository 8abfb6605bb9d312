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

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, ItemRef, Rule
from gongkai.model.vocab import ELEMENT_BY_KEY, is_placeholder, time_limits

DEADLINE = ELEMENT_BY_KEY["deadline"]


def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
    deadline = ref.item.deadline
    if deadline and not is_placeholder(deadline) and not time_limits(deadline):
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
