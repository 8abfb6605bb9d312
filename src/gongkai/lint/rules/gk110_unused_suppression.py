"""A `# gongkai: ignore[…]` comment that silences nothing: no problem with that code on that line, a code no
rule has, or no code at all.

A suppression comment stands at the end of the line lint reports (`path:line:col`), names one or more codes
separated by commas, and may give a reason after the bracket. It silences exactly those codes on exactly that
line. A code whose rule did not run (not selected, or ignored for the file) is not reported here.

Why: a suppression outlives the problem it was written for. Once the item is fixed, or the problem moved to
another line, the comment hides nothing and misleads the next reader; one with a typo in its code silences
nothing while looking as if it did.

Bad:

```yaml
    - name: 低保审核信息   # gongkai: ignore[GK203]
      basis: 《社会救助暂行办法》   # added since: nothing is missing any more
```

Good: the problem is on this line (GK203 is reported at the item), and the reason says why it stays:

```yaml
    - name: 临时救助审批信息   # gongkai: ignore[GK203] 依据待县民政局确认
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.lint.suppression import Unused
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, unused: list[Unused], ctx: Context) -> Iterator[Finding]:
    for entry in unused:
        code = entry.code
        if not code:
            message = "屏蔽注释没有写规则代码，如 # gongkai: ignore[GK203] (suppression without a code)"
        elif not entry.known:
            message = f"屏蔽注释中的规则代码「{code}」不存在；`gongkai rules` 列出全部规则 (unknown code {code})"
        else:
            message = f"这一行没有 {code} 问题，屏蔽注释可以删除 (unused suppression of {code})"
        yield Finding(message, position=entry.suppression.position)


RULE = Rule(
    "GK110",
    "unused-suppression",
    "warning",
    "suppression",
    check,
    "屏蔽注释没有屏蔽任何问题 (unused suppression)",
    __doc__,
)
