"""The 督办 list (每月跟踪督办) from the months of `monthly`: the units that got worse in the last month, those
not updated for some months, and the largest gaps that remain."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.history.monthly import Month, Numbers, UnitMonth

LARGEST_GAPS = 10


@dataclass(frozen=True)
class Worsening:
    """One number of a unit that got worse since the month before."""

    label: str  # 完整率, 覆盖率, 层级不一致, 定期评估
    old: str
    new: str


@dataclass
class FollowUp:
    month: str  # the last month, the one the list is about
    worse: list[tuple[UnitMonth, list[Worsening]]] = field(default_factory=list)
    stale: list[tuple[UnitMonth, int]] = field(default_factory=list)  # unit, months since its last update
    gaps: list[UnitMonth] = field(default_factory=list)  # the largest remaining gaps first
    stale_months: int = 3

    @property
    def empty(self) -> bool:
        return not (self.worse or self.stale or self.gaps)

    def to_dict(self) -> dict:
        worse = [{"slug": u.slug, "name": u.name, "worse": [vars(w) for w in ws]} for u, ws in self.worse]
        stale = [{"slug": u.slug, "name": u.name, "last_updated": u.last_updated, "months": n} for u, n in self.stale]
        gaps = [{"slug": u.slug, "name": u.name, "incomplete": u.items - u.complete,
                 "uncovered": u.guide_expected - u.guide_covered} for u in self.gaps]  # fmt: skip
        return {"month": self.month, "worse": worse, "stale": stale, "gaps": gaps}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


def worsenings(old: UnitMonth, new: UnitMonth) -> list[Worsening]:
    """What got worse from one month to the next: completeness or coverage down, conflicts up, a review due."""
    found = []
    percents = (("完整率", old.completeness, new.completeness), ("覆盖率", old.coverage, new.coverage))
    for label, before, after in percents:
        if before is not None and after is not None and after < before:
            found.append(Worsening(label, _percent(before), _percent(after)))
    if new.conflicts > old.conflicts:
        found.append(Worsening("层级不一致", str(old.conflicts), str(new.conflicts)))
    if new.overdue and not old.overdue:
        found.append(Worsening("定期评估", "按期", "逾期"))
    return found


def gap_text(unit: Numbers) -> str:
    """What a unit still lacks: `3 个事项要素不全，12 个指引事项未覆盖`."""
    parts = []
    if unit.items > unit.complete:
        parts.append(f"{unit.items - unit.complete} 个事项要素不全")
    if unit.guide_expected > unit.guide_covered:
        parts.append(f"{unit.guide_expected - unit.guide_covered} 个指引事项未覆盖")
    return "，".join(parts)


def months_between(first: str, last: str) -> int:
    """Whole months from one YYYY-MM to another."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:])


def follow_up(months: list[Month], stale_months: int = 3) -> FollowUp | None:
    """The 督办 list of the last month; None without months."""
    if not months:
        return None
    last = months[-1]
    before = months[-2] if len(months) > 1 else None
    worse = []
    for unit in last.units:
        earlier = before.unit(unit.slug) if before is not None else None
        found = worsenings(earlier, unit) if earlier is not None else []
        if found:
            worse.append((unit, found))
    stale = []
    for unit in last.units:
        idle = months_between(unit.last_updated, last.month) if unit.last_updated else None
        if idle is not None and idle >= stale_months:
            stale.append((unit, idle))
    stale.sort(key=lambda pair: -pair[1])
    gaps = sorted((u for u in last.units if u.gaps), key=lambda u: (-u.gaps, u.slug))[:LARGEST_GAPS]
    return FollowUp(last.month, worse, stale, gaps, stale_months)
