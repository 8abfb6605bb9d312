"""A problem as reported: rule code, severity, message, and where (file, line, column, unit, domain, item)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    severity: str  # "error" | "warning"
    message: str
    name: str = ""  # the rule's name, e.g. missing-basis
    unit: str | None = None  # the unit's slug
    domain: str | None = None
    item: str | None = None  # the item's name
    element: str | None = None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def to_dict(self) -> dict:
        return asdict(self)
