"""Apply the selected rules to a loaded project and collect their problems, sorted by place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gongkai import clock
from gongkai.config import Config
from gongkai.errors import UsageError
from gongkai.lint.problem import Problem
from gongkai.lint.rule import Context, Finding, ItemRef, Rule
from gongkai.lint.rules import RULES
from gongkai.lint.selection import Selection, check_codes
from gongkai.model.project import CatalogFile, Project


@dataclass
class LintResult:
    problems: list[Problem]
    files: int = 0
    units: int = 0
    items: int = 0
    rules: list[Rule] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def unreadable(self) -> bool:
        return any(p.code == "GK100" for p in self.problems)

    def exit_code(self, strict: bool = False) -> int:
        """SPEC §6: 2 when input could not be read, 1 when the check found errors (or warnings, if strict)."""
        if self.unreadable:
            return 2
        return 1 if self.errors or (strict and self.warnings) else 0


def selection(config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> Selection:
    """The config's `[lint]` choice; `select` from the command line replaces it, `ignore` adds to it."""
    lint = config.lint
    where = "--select" if select else "[lint] select"
    chosen = check_codes(select if select else lint.select, RULES, where)
    if not chosen:  # `--select ""` would otherwise run no rule and report a clean county
        raise UsageError(f"{where}: 没有选择任何规则；不写则检查全部规则 (empty selection)")
    ignored = check_codes([*lint.ignore, *(ignore or [])], RULES, "--ignore / [lint] ignore")
    per_file = tuple(
        (pattern, tuple(check_codes(codes, RULES, f"[lint] per-file-ignores「{pattern}」")))
        for pattern, codes in lint.per_file_ignores.items()
    )
    return Selection(tuple(chosen), tuple(ignored), per_file)


def display_path(path: Path) -> str:
    """Relative to the working folder when inside it (what editors and CI annotations expect)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else Path(relative).as_posix()


def lint_project(project: Project, chosen: Selection | None = None, today=None, from_root: bool = False) -> LintResult:
    """Every selected rule over the project. Files are named relative to the working folder (what editors and CI
    expect), or with `from_root` relative to the county's root (what a published page shows)."""
    chosen = chosen or selection(project.config)
    name = (lambda path: _relative(path, project.root)) if from_root else display_path
    ctx = Context(project.config, project.domains, today or clock.today(), project)
    rules = [r for r in RULES if chosen.enabled(r.code)]
    by_scope = {scope: [r for r in rules if r.scope == scope] for scope in ("source", "catalog", "item", "project")}
    problems: list[Problem] = []
    items = 0
    for file in project.catalogs:
        shown = name(file.path)
        relative = _relative(file.path, project.root)
        active = [r for r in rules if chosen.enabled(r.code, relative)]

        def report(rule: Rule, finding: Finding, file: CatalogFile = file, shown: str = shown) -> None:
            problems.append(_problem(rule, finding, file, shown))

        for rule in by_scope["source"]:
            if rule in active:
                for finding in rule.check(file, ctx):
                    report(rule, finding)
        if file.catalog is None:
            continue
        for rule in by_scope["catalog"]:
            if rule in active:
                for finding in rule.check(file, ctx):
                    report(rule, finding)
        item_rules = [r for r in by_scope["item"] if r in active]
        for domain, index, item in file.items():
            items += 1
            ref = ItemRef(file, domain, index, item)
            for rule in item_rules:
                for finding in rule.check(ref, ctx):
                    report(rule, finding)
    for rule in by_scope["project"]:
        for file, finding in rule.check(project, ctx):
            problems.append(_problem(rule, finding, file, name(file.path)))
    problems.sort()
    return LintResult(problems, len(project.catalogs), len(project.units()), items, rules)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _problem(rule: Rule, finding: Finding, file: CatalogFile, shown: str) -> Problem:
    position = finding.position or file.source.locate(finding.path)
    path = finding.path
    domain = item = None
    if len(path) >= 2 and path[0] == "domains":
        domain = str(path[1])
        if len(path) >= 3:
            item = _item_name(file, domain, path[2])
    return Problem(
        file=shown,
        line=position.line,
        column=position.column,
        code=rule.code,
        severity=rule.severity,
        message=finding.message,
        name=rule.name,
        unit=file.slug,
        domain=domain,
        item=item,
        element=finding.element,
    )


def _item_name(file: CatalogFile, domain: str, index: int) -> str:
    """The item's name as written, so that items that failed validation are named too."""
    name = file.raw_item(domain, index).get("name")
    return str(name).strip() if name not in (None, "") else f"第 {index + 1} 项"


def lint(
    root: Path,
    paths: list[Path] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> LintResult:
    """Load the project at `root` and lint `paths` (default: its `catalogs/`)."""
    from gongkai.model.project import load_project

    project = load_project(root, paths)
    return lint_project(project, selection(project.config, select, ignore))
