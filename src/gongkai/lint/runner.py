"""Apply the selected rules to a loaded project and collect their problems, sorted by place."""

from __future__ import annotations

import hashlib
import os
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter

from gongkai import clock
from gongkai.cache import Cache, Kind, digest
from gongkai.config import Config, read_config
from gongkai.errors import UsageError
from gongkai.lint.problem import Problem
from gongkai.lint.rule import Context, Finding, ItemRef, Rule
from gongkai.lint.rules import RULES, RULES_BY_CODE
from gongkai.lint.selection import Selection, check_codes
from gongkai.lint.suppression import apply as apply_suppressions
from gongkai.lint.suppression import read_suppressions
from gongkai.load import MAX_FILE_BYTES
from gongkai.model.catalog import Item
from gongkai.model.project import CatalogFile, Project, catalog_paths, load_project, project_domain_folder
from gongkai.parallel import forked_map, frozen, workers
from gongkai.paths import CONFIG_FILE, display_path, relative_to_root


@dataclass
class LintResult:
    problems: list[Problem]
    files: int = 0
    units: int = 0
    items: int = 0
    rules: list[Rule] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # the files checked, named as in `problems`

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def unreadable(self) -> bool:
        return any(RULES_BY_CODE[p.code].unreadable for p in self.problems if p.code in RULES_BY_CODE)

    def __reduce__(self) -> tuple:
        """Pickled with its rules' codes: their checks are functions made by other functions."""
        codes = [r.code for r in self.rules]
        return _restored, (self.problems, self.files, self.units, self.items, codes, self.checked)

    def exit_code(self, strict: bool = False) -> int:
        """SPEC §6: 2 when input could not be read, 1 when the check found errors (or warnings, if strict)."""
        if self.unreadable:
            return 2
        return 1 if self.errors or (strict and self.warnings) else 0


def selection(config: Config, select: list[str] | None = None, ignore: list[str] | None = None) -> Selection:
    """The config's `[lint]` choice; `select` from the command line replaces it, `ignore` adds to it."""
    lint = config.lint
    where = "--select" if select else f"{CONFIG_FILE} [lint] select"
    chosen = check_codes(select if select else lint.select, RULES, where)
    if not chosen:  # `--select ""` would otherwise run no rule and report a clean county
        raise UsageError(f"{where}: 没有选择任何规则；不写则检查全部规则 (empty selection)")
    ignored = check_codes([*lint.ignore, *(ignore or [])], RULES, f"--ignore / {CONFIG_FILE} [lint] ignore")
    per_file = tuple(
        (pattern, tuple(check_codes(codes, RULES, f"{CONFIG_FILE} [lint] per-file-ignores「{pattern}」")))
        for pattern, codes in lint.per_file_ignores.items()
    )
    return Selection(tuple(chosen), tuple(ignored), per_file)


def lint_project(
    project: Project,
    chosen: Selection | None = None,
    today=None,
    from_root: bool = False,
    cache: Cache | None = None,
    processes: int = 1,
    only: list[Path] | None = None,
) -> LintResult:
    """Every selected rule over the project, the files' own rules in `processes` forked workers when there is
    enough to share. Files are named relative to the working folder (what editors and CI expect), or with
    `from_root` relative to the county's root (what a published page shows). With `cache`, the problems a
    file's own rules find are kept by the file's digest and whatever else those rules read. With `only`, just
    those files are checked and reported on; the project's other catalogs are their context (the rules that
    read other files see them). Inline suppressions (`# gongkai: ignore[…]`) apply last."""
    chosen = chosen or selection(project.config)
    name = (lambda path: relative_to_root(path, project.root)) if from_root else display_path
    ctx = Context(project.config, project.domains, today or clock.today(), project)
    rules = [r for r in RULES if chosen.enabled(r.code)]
    shared = None
    if cache is not None:
        shared = digest(ctx.today.isoformat(), repr(chosen), repr(project.config),
                        repr(sorted(project.domains.items())))  # fmt: skip
    files = project.catalogs if only is None else _reported(project.catalogs, only)
    shown = [name(file.path) for file in files]
    relative = [relative_to_root(file.path, project.root) for file in files]
    active = [[r for r in rules if chosen.enabled(r.code, path)] for path in relative]
    keys = [
        digest(shared, file.digest, shown[n], relative[n]) if shared and file.digest else None
        for n, file in enumerate(files)
    ]
    stored = [cache.get(FILE_PROBLEMS, key) if cache is not None and key else None for key in keys]
    missing = [n for n, found in enumerate(stored) if found is None]
    if sum(files[n].item_count for n in missing) < PARALLEL_ITEMS:
        processes = 1

    # A big file is checked in parts, its items shared out, so that one 50,000-item file uses every core too.
    parts = [(n, part, _parts(files[n], processes)) for n in missing for part in range(_parts(files[n], processes))]

    def check(n: int, part: int, of: int) -> list[Problem]:
        rules = [r for r in active[n] if not r.other_files]
        return _placed(files[n], shown[n], _findings(files[n], rules, ctx, part, of), release=of == 1)

    own: list[list[Problem]] = [found or [] for found in stored]
    for (n, part, of), found in zip(parts, forked_map(lambda i: check(*parts[i]), len(parts), processes), strict=True):
        own[n] += found
        key = keys[n]
        if cache is not None and key and part == of - 1:
            cache.put(FILE_PROBLEMS, key, own[n])
    for n, file in enumerate(files):
        own[n] = own[n] + _placed(file, shown[n], _findings(file, [r for r in active[n] if r.other_files], ctx))
    by_file: dict[int, list[tuple[Rule, Finding]]] = defaultdict(list)
    for rule in (r for r in rules if r.scope == "project"):
        for file, finding in rule.check(project, ctx):
            by_file[id(file)].append((rule, finding))
    problems: list[Problem] = []
    for n, file in enumerate(files):
        placed = own[n] + _placed(file, shown[n], by_file[id(file)]) if id(file) in by_file else own[n]
        problems += _unsuppressed(file, shown[n], placed, active[n], ctx)
    problems.sort()
    items = sum(file.item_count for file in files)
    units = len({file.slug for file in files if file.catalog is not None})
    return LintResult(problems, len(files), units, items, rules, shown)


def _reported(catalogs: list[CatalogFile], only: list[Path]) -> list[CatalogFile]:
    wanted = {os.path.abspath(path) for path in only}
    return [file for file in catalogs if os.path.abspath(file.path) in wanted]


def _unsuppressed(
    file: CatalogFile, shown: str, problems: list[Problem], active: list[Rule], ctx: Context
) -> list[Problem]:
    """`problems` less those the file's inline suppressions silence, and what the suppression rules (GK110)
    find in the suppressions that silenced nothing."""
    found = read_suppressions(file.path)
    if not found:
        return problems
    kept, unused = apply_suppressions(problems, found, [r.code for r in active], RULES_BY_CODE)
    for rule in (r for r in active if r.scope == "suppression"):
        kept += [_problem(rule, finding, file, shown) for finding in rule.check(file, unused, ctx)]
    return kept


PARALLEL_ITEMS = 2000
"""Below this many items to check, one process is faster than starting a pool."""


def _parts(file: CatalogFile, processes: int) -> int:
    """Into how many parts a file's checks are shared out."""
    return max(1, min(processes, file.item_count // max(PARALLEL_ITEMS, 1)))


def _findings(
    file: CatalogFile, rules: list[Rule], ctx: Context, part: int = 0, of: int = 1
) -> Iterator[tuple[Rule, Finding]]:
    """What `rules` (source, catalog and item scope) find in one file; of its items, only every `of`-th block
    from block `part` on, and the file's and catalog's own rules only in part 0."""
    for scope in ("source", "catalog", "item"):
        scoped = [r for r in rules if r.scope == scope]
        if not scoped or (scope != "source" and file.catalog is None) or (scope != "item" and part > 0):
            continue
        if scope == "item":
            for domain, index, item in _part_items(file, part, of):
                ref = ItemRef(file, domain, index, item)
                for rule in scoped:
                    for finding in rule.check(ref, ctx):
                        yield rule, finding
        else:
            for rule in scoped:
                for finding in rule.check(file, ctx):
                    yield rule, finding


def _part_items(file: CatalogFile, part: int, of: int) -> Iterator[tuple[str, int, Item]]:
    """`file.items()` numbered k = 0, 1, … with k * of // item_count == part: one of `of` blocks of them in file
    order. Only those are looked at, so that a worker touches (and copies from its parent) only its own part."""
    count = file.item_count
    low, high = -(-part * count // of), -(-(part + 1) * count // of)
    before = 0
    for domain, items in file.valid.domains.items():
        for n in range(max(low - before, 0), min(high - before, len(items))):
            yield domain, file.file_index(domain, n), items[n]
        before += len(items)


def _placed(
    file: CatalogFile, shown: str, found: Iterable[tuple[Rule, Finding]], release: bool = True
) -> list[Problem]:
    """One file's findings as problems, placed by line and column. The file's positions are packed away after
    (unless a part of the file is still to be checked): a city's catalogs hold over a million of them, a few
    hundred MB unpacked."""
    problems = [_problem(rule, finding, file, shown) for rule, finding in found]
    if release:
        file.source.release_positions()
    return problems


def _problem(rule: Rule, finding: Finding, file: CatalogFile, shown: str) -> Problem:
    position = finding.position or file.source.locate(finding.path)
    path = finding.path
    domain = item = None
    if len(path) >= 2 and path[0] == "domains":
        domain = str(path[1])
        if len(path) >= 3 and isinstance(path[2], int):
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
    cached: bool = True,
) -> LintResult:
    """Load the project at `root` and lint `paths` (default: its `catalogs/`). The given files are checked with
    the whole county as their context, like a type checker run on one file: a village committed alone still
    finds its township. Outside a county (no gongkai.toml at `root`) they are checked alone. With `cached`, a
    run over the same bytes (catalogs, domains, config, code), on the same day, returns the stored result."""
    cache = Cache.of_project(root, read_config(root / CONFIG_FILE).cache) if cached else None
    files = list({os.path.abspath(path): path for path in catalog_paths(root, paths)}.values())  # each once
    context = county_context(root, files) if paths else files
    only = files if paths else None
    options = (repr(select), repr(ignore), repr([display_path(f) for f in only or ()]))
    today = clock.today()
    key = _result_key(root, context, today, *options) if cache is not None else None
    if cache is not None and key is not None and (stored := cache.get(RESULT, key)) is not None:
        return stored
    processes = workers()
    project = load_project(root, context, cache, processes)
    chosen = selection(project.config, select, ignore)
    with frozen():  # the loaded county out of the collector's passes while the rules make their findings
        result = lint_project(project, chosen, today, cache=cache, processes=processes, only=only)
    if cache is not None:
        if key is not None and key == _result_key(root, context, today, *options):
            cache.put(RESULT, key, result)  # only if no input changed while it ran: else it is not of what it read
        cache.trim()
    return result


def county_context(root: Path, files: list[Path]) -> list[Path]:
    """The catalogs lint loads to check `files`: in a county, every catalog in its `catalogs/` (one with the
    slug of a given file gives way to it) and `files`; outside a county, `files` alone."""
    if not (root / CONFIG_FILE).is_file() or not (root / "catalogs").is_dir():
        return files
    slugs = {path.stem for path in files}
    return [path for path in catalog_paths(root, None) if path.stem not in slugs] + files


def build_inputs(root: Path) -> str:
    """The key of a build's lint result, from its inputs as they are now. A build takes it before loading the
    project, and `lint_for_build` uses or keeps a result under it only if the key is the same after loading: else
    a file changed in between, and the key would not be of what was loaded."""
    return _result_key(root, catalog_paths(root, None), clock.today(), "build")


def lint_for_build(project: Project, cache: Cache | None, inputs: str | None = None, processes: int = 1) -> LintResult:
    """`lint_project` with the config's selection and files named from the root, stored like `lint`'s under
    `inputs` (see `build_inputs`). A stored result is used only when the key is still that of the files now,
    after the project was loaded: a file saved between the key and the loading (an editor under `serve`) was
    loaded as it is now, and the result stored for it as it was is not this project's."""
    unchanged = inputs is not None and inputs == build_inputs(project.root)
    if cache is not None and inputs is not None and unchanged and (stored := cache.get(RESULT, inputs)) is not None:
        return stored
    result = lint_project(
        project, selection(project.config), clock.today(), from_root=True, cache=cache, processes=processes
    )
    if cache is not None and inputs is not None and unchanged:  # lint read the project as loaded: of this key
        cache.put(RESULT, inputs, result)
    return result


def _result_key(root: Path, files: list[Path], today, *options: str) -> str:
    inputs = [root / CONFIG_FILE, *sorted(project_domain_folder(root).glob("*.yaml")), *files]
    return digest(today.isoformat(), *options, *(_fingerprint(p) for p in inputs))


def _restored(
    problems: list[Problem], files: int, units: int, items: int, codes: list[str], checked: list[str]
) -> LintResult:
    return LintResult(problems, files, units, items, selected(codes), checked)


_OPTIONAL = str | None
_PROBLEM_ROWS = TypeAdapter(
    list[tuple[str, int, int, str, Literal["error", "warning"], str, str, _OPTIONAL, _OPTIONAL, _OPTIONAL, _OPTIONAL]]
)


def _problem_rows(problems: list[Problem]) -> list[list[Any]]:
    return [[getattr(p, name) for name in Problem.__dataclass_fields__] for p in problems]


def _problems(rows: Any) -> list[Problem]:
    return [Problem(*row) for row in _PROBLEM_ROWS.validate_python(rows)]


FILE_PROBLEMS = Kind("lint-file", _problem_rows, _problems)
"""What a file's own rules found in it."""

_COUNTS = TypeAdapter(tuple[int, int, int, list[str], list[str]])


def _result_data(result: LintResult) -> list[Any]:
    codes = [r.code for r in result.rules]
    return [_problem_rows(result.problems), result.files, result.units, result.items, codes, result.checked]


def _result(data: Any) -> LintResult:
    rows, *counts = data
    return _restored(_problems(rows), *_COUNTS.validate_python(counts))


RESULT = Kind("lint", _result_data, _result)
"""A whole run's result, under the key of all its inputs."""


def selected(codes: list[str]) -> list[Rule]:
    by_code = {r.code: r for r in RULES}
    return [by_code[c] for c in codes if c in by_code]


def _fingerprint(path: Path) -> str:
    """What a lint result depends on for one input: where it is shown from and what it holds."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:  # a FIFO or device: never read
            return f"{display_path(path)}\0{status.st_mode}\0{status.st_size}"
        return f"{display_path(path)}\0{status.st_size}\0" + hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return f"{display_path(path)}\0{exc}"
