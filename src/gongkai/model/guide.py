"""Coverage: which of a domain's standard guide items a unit publishes, matching item names tolerantly.

How names match: both names are reduced to their letters and digits (spaces and punctuation such as （）、“”《》
dropped). Equal reduced names match. Otherwise the similarity of the two reduced names (difflib's ratio: twice
the characters in common over the total) decides: at least NEAR it is the same item written a little
differently (低保审核信息 ~ 低保审核公示信息); at least HINT it is named as a "did you mean" when the guide item
is reported missing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from gongkai.model.catalog import Item
from gongkai.model.domain import Domain, GuideItem
from gongkai.model.vocab import KIND_LEVEL

NEAR = 0.8
HINT = 0.5
_NOT_NAME = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def reduced(name: str) -> str:
    return _NOT_NAME.sub("", name).lower()


def similarity(a: str, b: str) -> float:
    a, b = reduced(a), reduced(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    guide: GuideItem
    index: int | None  # the unit's item (index in its domain list) that publishes it, or the nearest one
    score: float

    @property
    def covered(self) -> bool:
        return self.score >= NEAR


@dataclass
class Coverage:
    domain: Domain
    matches: list[Match] = field(default_factory=list)  # one per guide item expected at the unit's level

    @property
    def expected(self) -> int:
        return len(self.matches)

    @property
    def covered(self) -> int:
        return sum(m.covered for m in self.matches)


def expected_guide_items(domain: Domain, kind: str) -> list[GuideItem]:
    """The guide items a unit of this kind should publish: those whose levels include the unit's level
    (a guide item with no levels is for every unit)."""
    level = KIND_LEVEL[kind]
    return [g for g in domain.guide if not g.levels or level in g.levels]


def coverage(domain: Domain, kind: str, items: Sequence[Item], cache: dict | None = None) -> Coverage:
    """Match each expected guide item to the unit's best-named item in that domain. With `cache` (a dict that
    lives as long as the items do, such as a lint run's), each unit's domain is matched once."""
    if cache is not None:
        key = ("coverage", domain.id, kind, id(items))
        if key not in cache:
            cache[key] = coverage(domain, kind, items)
        return cache[key]
    result = Coverage(domain)
    names = [reduced(item.name or "") for item in items]
    exact = {name: index for index, name in reversed(list(enumerate(names)))}
    expected = expected_guide_items(domain, kind)
    # An item that is exactly one guide item is that item: it cannot also stand for a similar one
    # (低保审核信息 is not 低保审批信息).
    claimed = {exact[reduced(g.name)] for g in expected if reduced(g.name) in exact}
    for guide in expected:
        wanted = reduced(guide.name)
        if wanted in exact:
            result.matches.append(Match(guide, exact[wanted], 1.0))
            continue
        best, score = None, 0.0
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(wanted)
        for index, name in enumerate(names):
            if index in claimed:
                continue
            matcher.set_seq1(name)
            if matcher.real_quick_ratio() > score and matcher.quick_ratio() > score and matcher.ratio() > score:
                best, score = index, matcher.ratio()
        result.matches.append(Match(guide, best, score))
    return result
