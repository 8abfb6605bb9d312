"""A domain id under `domains:` that is not in the county's `domains/` folder (or the packaged pilot domains).

Why: the site groups items by domain and lint measures coverage against the domain's guide; an unknown id has
neither. Write the domain's ASCII id, not its Chinese name; the message suggests the id when it recognises the
name or one of its variants.

Bad:

```yaml
domains:
  义务教育:
    - name: 义务教育招生政策
```

Good:

```yaml
domains:
  yiwu-jiaoyu:
    - name: 义务教育招生政策
```
"""

import difflib
from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.model.project import CatalogFile


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    for domain_id in file.valid.domains:
        if domain_id not in ctx.domains:
            guess = nearest_domain(domain_id, ctx)
            hint = f"，是否想写「{guess}」？(did you mean {guess}?)" if guess else ""
            yield Finding(f"未知的领域「{domain_id}」{hint} (unknown domain)", path=("domains", domain_id))


def nearest_domain(text: str, ctx: Context) -> str | None:
    """A domain id for a Chinese name or variant, or the closest id by spelling."""
    for domain in ctx.domains.values():
        if text in (domain.name, *domain.aliases) or text.removesuffix("领域") in (
            domain.name,
            *domain.aliases,
        ):
            return domain.id
    matches = difflib.get_close_matches(text, list(ctx.domains), n=1, cutoff=0.6)
    return matches[0] if matches else None


RULE = Rule(
    "GK107", "unknown-domain", "error", "catalog", check, "未知的领域 (unknown domain)", __doc__, loses_content=True
)
