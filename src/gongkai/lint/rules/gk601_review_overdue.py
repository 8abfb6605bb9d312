"""The catalog's `reviewed` date (定期评估) is missing, older than `review-max-days` (default 365) or in the
future.

Why: catalogs must be reviewed periodically and adjusted as duties and laws change (定期评估、动态调整). Set
`reviewed:` to the date of the last review; `[lint] review-max-days` in gongkai.toml sets the period.

Bad:

```yaml
reviewed: 2023-01-15
```

Good:

```yaml
reviewed: 2026-03-01
```
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    reviewed = file.valid.reviewed
    limit = ctx.config.lint.review_max_days
    if reviewed is None:
        if "reviewed" not in file.source.head:
            yield Finding("没有填写评估日期 reviewed（定期评估）(no review date)", path=())
        elif file.source.head["reviewed"] is None:
            yield Finding("评估日期 reviewed 为空（定期评估）(no review date)", path=("reviewed",))
        # else the value is not a date, and GK105 says so
    elif reviewed > ctx.today:
        yield Finding(f"评估日期 {reviewed} 在今天（{ctx.today}）之后 (review date in the future)", path=("reviewed",))
    elif (ctx.today - reviewed).days > limit:
        days = (ctx.today - reviewed).days
        yield Finding(
            f"目录已 {days} 天未评估（上次 {reviewed}，要求 {limit} 天内）(review overdue)",
            path=("reviewed",),
        )


RULE = Rule("GK601", "review-overdue", "warning", "catalog", check, "目录评估过期 (review overdue)", __doc__, gap=True)
