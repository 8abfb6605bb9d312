"""A value outside its vocabulary; the message names the nearest known value. Known variants are normalised on
load and never reported (依申请公开 → 依申请, 特定群众 → 特定群体, 镇级 → 乡级, 门户网站 → 政府网站 …).

| code | element | values | severity |
|---|---|---|---|
| GK301 | 公开方式 (method) | 主动, 依申请 | error |
| GK302 | 公开对象 (audience) | 全社会, 特定群体 | error |
| GK303 | 公开层级 (level) | 县级, 乡级, 村级 | error |
| GK304 | 五公开 (stage) | 决策, 执行, 管理, 服务, 结果 | error |
| GK305 | 公开渠道和载体 (channel) | the 14 channels of the standard table (`gongkai rules GK305`) | warning |

The channels: 政府网站, 政府公报, 两微一端, 发布会/听证会, 广播电视, 纸质媒体, 公开查阅点, 政务服务中心,
便民服务站, 入户/现场, 社区/企事业单位/村公示栏（电子屏）, 精准推送, 12345热线, 其他.

Why: the site's filters, the ticks of the standard table and the audit count by these values. Channels are
open (a county may have its own platform), so an unknown channel is kept and only warned about.

Bad:

```yaml
method: 公开
audience: 群众
channel: [政府网, 乡村大喇叭]
```

Good:

```yaml
method: 主动
audience: 全社会
channel: [政府网站, 广播电视]
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Check, Context, Finding, ItemRef, Rule, Severity
from gongkai.model.vocab import AUDIENCE, CHANNEL, ELEMENT_BY_KEY, LEVEL, METHOD, STAGE, Vocabulary


def outside(vocabulary: Vocabulary) -> Check:
    element = ELEMENT_BY_KEY[vocabulary.key]

    def check(ref: ItemRef, ctx: Context) -> Iterator[Finding]:
        value = getattr(ref.item, vocabulary.key)
        values = value if isinstance(value, list) else [value] if value else []
        for term in values:
            if not term.strip() or vocabulary.knows(term):
                continue
            guess = vocabulary.nearest(term)
            hint = f"，最接近的是「{guess}」" if guess else ""
            known = "、".join(vocabulary.values)
            path = ref.field(vocabulary.key) + _written_index(ref, vocabulary, term)
            yield Finding(
                f"{element.both()}「{term}」不在词表中{hint}；可用：{known} (unknown value)",
                path=path,
                element=vocabulary.key,
            )

    return check


def _written_index(ref: ItemRef, vocabulary: Vocabulary, term: str) -> tuple[int, ...]:
    """Where `term` stands in the list as written (repeats and variants shift the normalised list)."""
    written = ref.file.raw_item(ref.domain, ref.index).get(vocabulary.key)
    if isinstance(written, list):
        for index, value in enumerate(written):
            if isinstance(value, str | int) and vocabulary.normalise(str(value)) == term:
                return (index,)
    return ()


VOCABULARIES: tuple[tuple[str, Vocabulary, Severity], ...] = (
    ("GK301", METHOD, "error"),
    ("GK302", AUDIENCE, "error"),
    ("GK303", LEVEL, "error"),
    ("GK304", STAGE, "error"),
    ("GK305", CHANNEL, "warning"),
)

RULES = [
    Rule(
        code,
        f"unknown-{vocabulary.key}",
        severity,
        "item",
        outside(vocabulary),
        f"{vocabulary.label}不在词表中 (unknown {vocabulary.key})",
        __doc__,
    )
    for code, vocabulary, severity in VOCABULARIES
]
