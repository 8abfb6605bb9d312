"""What a rule is, what it yields, and what it may look at.

A rule module holds one rule (or, for a family such as the eight elements, one rule per member built by one
function): its code, name, default severity, scope and a `check` generator. The module's docstring is the
rule's documentation: what, why, a failing and a passing example.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from gongkai.config import Config
from gongkai.load import DocPath, Position
from gongkai.model.catalog import Item
from gongkai.model.completeness import Gap
from gongkai.model.domain import Domain
from gongkai.model.project import CatalogFile, Project

Severity = Literal["error", "warning"]
Scope = Literal["source", "catalog", "item", "project", "suppression"]
"""source: every file, even one that did not validate; catalog: each validated file; item: each item; project:
the whole county at once; suppression: each file's inline suppressions that silenced nothing, after all others."""


@dataclass(frozen=True)
class Finding:
    """What a rule found: a message and where. The runner adds the code, severity, unit, domain and item."""

    message: str
    path: DocPath = ()
    element: str | None = None
    position: Position | None = None  # when the place is known directly, not through `path`


@dataclass(frozen=True)
class ItemRef:
    """An item in its file: the file, the domain id, the index in that domain's list, the item."""

    file: CatalogFile
    domain: str
    index: int
    item: Item

    @property
    def path(self) -> DocPath:
        return ("domains", self.domain, self.index)

    def field(self, key: str) -> DocPath:
        return (*self.path, key)

    @cached_property
    def gaps(self) -> tuple[Gap | None, ...]:
        """The item's element gaps (model.completeness.gaps), found once for the eight GK20x rules."""
        return self.file.gaps(self.item)


@dataclass
class Context:
    """What every rule may consult besides the thing it checks."""

    config: Config
    domains: dict[str, Domain]
    today: dt.date
    project: Project | None = None
    cache: dict = field(default_factory=dict)  # what a rule computes once per run (e.g. every unit's names)


Check = Callable[..., Iterator[Any]]
"""A rule's check: it yields Findings, or for project scope (file, Finding) pairs."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scope: Scope
    check: Check
    summary: str  # one line, Chinese then English
    doc: str = field(repr=False, default="")  # the module docstring: what, why, bad and good examples
    other_files: bool = False  # reads catalogs besides its own (ctx.project): its findings are not kept per file

    # What the rest of gongkai does with the rule's problems, declared here (tests/rules/test_rule_properties.py
    # holds them consistent) so that no other module lists rule codes.
    gap: bool = False
    """A gap in what the catalogs publish: the report lists its problems among the worst gaps."""
    element: str | None = None
    """The element (a key of model.vocab.ELEMENTS) whose absence it reports: the missing-element rules."""
    level_conflict: bool = False
    """Counted in the report's 层级不一致 column: the same item differs between the county's levels."""
    loses_content: bool = False
    """Its errors keep content out of the tables (a file not read or not valid, a domain not known): export
    refuses until they are fixed."""
    unreadable: bool = False
    """The input could not be read at all: lint exits 2 (SPEC §6)."""

    @property
    def title(self) -> str:
        return f"{self.code} {self.name}"


def source_issues(kind: str) -> Check:
    """A check that reports the loader's issues of one kind (the loader finds them while parsing)."""

    def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
        for issue in file.source.issues:
            if issue.kind == kind:
                yield Finding(issue.message, position=issue.position)

    return check


def model_issues(kind: str) -> Check:
    """A check that reports the model's validation issues of one kind."""

    def check(file: CatalogFile, ctx: Context) -> Iterator[Finding]:
        for issue in file.issues:
            if issue.kind == kind:
                yield Finding(issue.message, path=issue.path)

    return check
