"""The catalog's file name (the unit's slug, used in the site's URLs) is not a safe ASCII slug: lowercase
letters, digits and single hyphens, at most 64 characters.

Why: a county web host may not serve Chinese or spaced file names, and a slug is part of every permalink.

Bad: `catalogs/东湖镇.yaml`, `catalogs/Donghu Zhen.yaml`

Good: `catalogs/donghu-zhen.yaml`
"""

from collections.abc import Iterator

from gongkai.lint.rule import Context, Finding, Rule
from gongkai.load import START
from gongkai.model.project import CatalogFile
from gongkai.model.vocab import UNIT_SLUG


def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
    if len(file.slug) > 64 or not UNIT_SLUG.match(file.slug):
        yield Finding(
            f"文件名「{file.slug}」不是安全的单位标识：只能用小写字母、数字和单个连字符，如 donghu-zhen (unsafe slug)",
            position=START,
        )


RULE = Rule("GK108", "unsafe-slug", "error", "source", check, "单位标识不安全 (unsafe slug)", __doc__)
