"""The `gongkai` command: each command maps its options to one library call and its errors to exit codes."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from gongkai import __version__
from gongkai.errors import GongkaiError, UsageError
from gongkai.paths import display_path, find_root

app = typer.Typer(
    name="gongkai",
    help="gongkai（公开）：基层政务公开事项标准目录的检查与发布工具。Catalogs in YAML → lint → a static site.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def reported() -> Iterator[None]:
    """Library errors become one clear message and their exit code, never a traceback."""
    try:
        yield
    except GongkaiError as exc:
        err.print(f"[red]错误：[/]{escape(exc.message)}")
        for line in exc.details:
            err.print(f"  {escape(line)}")
        raise typer.Exit(exc.exit_code) from None


def _version(value: bool) -> None:
    if value:
        console.print(f"gongkai {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本后退出 (show the version and exit)."),
    ] = False,
) -> None:
    """gongkai（公开）：基层政务公开事项标准目录的检查与发布工具。"""


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"
    junit = "junit"


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="目录文件或文件夹，默认 catalogs/ (catalog files or folders; default: catalogs/)."),
    ] = None,
    format: Annotated[
        LintFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式 (output format): gitlab 是 Code Quality JSON，junit 是 JUnit XML 测试报告。",
        ),
    ] = LintFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(help="只检查这些规则代码或前缀，可重复或用逗号分隔 (only these rule codes or prefixes)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="不检查这些规则代码或前缀 (skip these rule codes or prefixes).")
    ] = None,
    strict: Annotated[
        bool | None, typer.Option("--strict/--no-strict", help="警告也算不通过 (warnings fail too).")
    ] = None,
    statistics: Annotated[
        bool,
        typer.Option(
            "--statistics",
            help="只列每条规则的问题数，text 或 json (count the problems per rule instead of listing them).",
        ),
    ] = False,
    output_file: Annotated[
        Path | None,
        typer.Option("--output-file", "-o", help="报告写入此文件，不显示在终端 (write the report to this file)."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="只列问题，不显示汇总行 (only the problems: no summary line).")
    ] = False,
    explain: Annotated[
        str | None, typer.Option(help="显示一条规则的说明后退出 (print the documentation of one rule code and exit).")
    ] = None,
) -> None:
    """检查目录：要素缺失、用语规范、格式、评估时间 (check catalogs: missing elements, vocabulary, format, freshness).

    给出文件时，以全县的目录为参照检查这些文件，只报告它们的问题（pre-commit 就是这样传入暂存的文件：单独提交的村目录
    也能找到所属乡镇）。Files given are checked with the whole county as context, and only they are reported on.

    退出码 0：没有错误；1：发现错误（--strict 时警告也算）；2：无法读取或用法错误。Exit code 0: no errors; 1: errors
    (or warnings with --strict); 2: unreadable input or bad usage.

    Example: gongkai lint catalogs/donghu-zhen.yaml --format gitlab -o gl-code-quality-report.json
    """
    from gongkai.lint.formats import render, statistics_json, write_statistics, write_text
    from gongkai.lint.runner import lint as run_lint

    if explain:
        rules([explain])
        return
    with reported():
        if statistics and format not in (LintFormat.text, LintFormat.json):
            raise UsageError("--statistics 只能与 --format text 或 json 一起使用 (--statistics needs text or json)")
        root = county_root(paths)
        if not paths and _is_city(root):  # every county, each by its own rules
            from gongkai.city.commands import lint_city as run_lint
        result = run_lint(root, *([paths] if paths else []), select=_codes(select), ignore=_codes(ignore))
        strict_now = strict if strict is not None else _config_strict(root)
        if format is LintFormat.text:
            out = console if output_file is None else Console(file=io.StringIO(), color_system=None, soft_wrap=True)
            (write_statistics if statistics else write_text)(result, out, summary=not quiet)
            if output_file is not None:
                write_output(out.file.getvalue().encode("utf-8"), output_file, announce=not quiet)
        else:
            data = statistics_json(result) if statistics else render(format.value, result, strict_now)
            write_output(f"{data}\n".encode(), output_file, announce=not quiet)
    raise typer.Exit(result.exit_code(strict_now))


def county_root(paths: list[Path] | None) -> Path:
    """The county the working folder is in; outside any, the county of the first path given, if it is in one."""
    from gongkai.paths import CONFIG_FILE

    root = find_root(Path.cwd())
    if paths and not (root / CONFIG_FILE).is_file():
        first = paths[0].resolve()
        found = find_root(first if first.is_dir() else first.parent)
        if (found / CONFIG_FILE).is_file():
            return found
    return root


def _is_city(root: Path) -> bool:
    from gongkai.city.commands import is_city

    return is_city(root)


def _codes(values: list[str] | None) -> list[str] | None:
    return [c for v in values for c in v.split(",")] if values else None


def _config_strict(root: Path) -> bool:
    from gongkai.config import read_config
    from gongkai.paths import CONFIG_FILE

    return read_config(root / CONFIG_FILE).lint.strict


@app.command()
def rules(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="要说明的规则代码，默认列出全部 (rule codes to explain; default: list all)."),
    ] = None,
    markdown: Annotated[
        bool, typer.Option(help="以 Markdown 输出全部规则说明 (the whole rule reference as Markdown).")
    ] = False,
) -> None:
    """列出检查规则，或说明其中一条 (list the lint rules, or explain one).

    Example: gongkai rules GK203
    """
    from rich.markdown import Markdown
    from rich.table import Table

    from gongkai.lint.docs import reference, rule_doc
    from gongkai.lint.rules import RULES, RULES_BY_CODE

    if markdown:
        print(reference(), end="")
        return
    if not codes:
        table = Table("code", "name", "severity", "summary", box=None)
        for rule in RULES:
            table.add_row(rule.code, rule.name, rule.severity, rule.summary)
        console.print(table)
        return
    for code in codes:
        rule = RULES_BY_CODE.get(code.strip().upper())
        if rule is None:
            err.print(f"[red]错误：[/]未知的规则代码「{escape(code)}」(unknown rule code)")
            raise typer.Exit(2)
        console.print(Markdown(rule_doc(rule)))


@app.command()
def schema(
    check: Annotated[
        bool, typer.Option(help="不写文件；schemas/ 不是最新时失败 (write nothing; fail if schemas/ is out of date).")
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Schema 写入的文件夹，默认本仓库的 schemas/ (the folder for the schemas)."),
    ] = None,
) -> None:
    """为编辑器写出 JSON Schema：目录、领域和配置 (write the JSON Schemas for editors: catalog, domain, config).

    Example: gongkai schema --check
    """

    from gongkai.schema import write_schemas

    with reported():
        written = write_schemas(out_dir or find_root(Path.cwd()) / "schemas", check=check)
    if check:
        console.print("[green]✓[/] JSON Schema 是最新的 (schemas up to date)")
    else:
        for path in written:
            console.print(f"写入 {escape(str(path))}")
        if not written:
            console.print("JSON Schema 没有变化 (schemas unchanged)")


@app.command()
def build(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件夹，默认 site/ (the output folder; default: site/).")
    ] = None,
    search: Annotated[bool, typer.Option(help="建立搜索索引（Pagefind） (build the search index).")] = True,
    history: Annotated[
        bool | None,
        typer.Option(
            "--history/--no-history", help="从 git 生成更新记录，默认按 [site] history (the change log from git)."
        ),
    ] = None,
    county: Annotated[
        list[str] | None,
        typer.Option(
            "--county",
            help="市级仓库：只生成这个县的部分，可重复；每县一个 CI 作业 (in a city: only this county's part).",
        ),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            help="市级仓库：不生成任何县，只合并各县作业留下的部分 (in a city: build no county, merge the parts)."
        ),
    ] = False,
) -> None:
    """检查目录并生成网站；有错误时不生成，原网站保持不变 (check the catalogs and build the site; lint errors stop
    the build and the previous site stays as it was).

    在市级仓库（gongkai.toml 有 [city]）中：各县按本县的规则生成各自的部分（未改动的县沿用），再合成一个网站，各县在
    counties/<slug>/ 下，全市一个搜索 (in a city: each changed county's part, then one city site and one search).

    Example: gongkai build --out public
    """
    from gongkai.build import BuildFailed, BuildOptions
    from gongkai.build import build as run_build
    from gongkai.lint.formats import counted, write_build_warnings, write_text

    root = find_root(Path.cwd())
    started = time.monotonic()

    def log(line: str) -> None:  # each stage as it starts or ends, with the seconds so far
        err.print(f"  [dim]{time.monotonic() - started:5.1f} s[/] {escape(line)}")

    with reported():
        if _is_city(root):
            _build_city(root, out, search, county, merge, log, started)
            return
        if county or merge:
            raise UsageError("--county 和 --merge 只用于市级仓库（gongkai.toml 有 [city]）(only in a city repository)")
        try:
            with _ticking():
                result = run_build(root, out, BuildOptions(search=search, history=history), log=log)
        except BuildFailed as failed:
            write_text(failed.lint, err)
            raise
    if result.lint.warnings:
        write_build_warnings(result.lint, err)
    lint, seconds = result.lint, time.monotonic() - started
    pages = sum(1 for _ in result.out.rglob("*.html"))
    console.print(
        f"[green]✓[/] 网站已生成：{escape(str(result.out))}，{lint.units} 个单位、{lint.items} 个事项、{pages} 个页面"
        f"（共 {result.files} 个文件），用时 {seconds:.1f} 秒 "
        f"({counted(lint.units, 'unit')}, {counted(lint.items, 'item')}, {counted(pages, 'page')} in {seconds:.1f} s)"
    )
    console.print("预览：gongkai serve（搜索需要通过 http:// 访问）")


def _build_city(root: Path, out: Path | None, search: bool, only, merge: bool, log, started: float) -> None:
    from gongkai.build import BuildFailed
    from gongkai.city.parts import PARTS
    from gongkai.city.site import build_city
    from gongkai.lint.formats import write_text

    try:
        with _ticking():
            result = build_city(root, out, search=search, only=only, merge=merge, log=log)
    except BuildFailed as failed:
        write_text(failed.lint, err)
        raise
    built, reused = "、".join(result.built) or "无", "、".join(result.reused) or "无"
    where = escape(str(result.out)) if result.out else f"{PARTS}/"
    console.print(
        f"[green]✓[/] 已生成：{where}；重新生成的县：{escape(built)}；沿用的县：{escape(reused)}，"
        f"用时 {time.monotonic() - started:.1f} 秒 (built {len(result.built)}, reused {len(result.reused)})"
    )


@contextmanager
def _ticking() -> Iterator[None]:
    """On a terminal, a spinner and the seconds so far below the stage lines while work runs, gone after;
    elsewhere (CI logs, pipes) nothing: the stage lines say enough there."""
    if not err.is_terminal:
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("[dim]{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        progress.add_task("进行中 (working)", total=None)
        yield


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="本机 127.0.0.1 上的端口 (the port on 127.0.0.1).")] = 8000,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件夹，默认 site/ (the output folder; default: site/).")
    ] = None,
) -> None:
    """生成网站并在本机预览，目录、领域、模板或配置改动后自动重新生成 (build, serve on 127.0.0.1, rebuild on
    change).

    Example: gongkai serve --port 8080
    """
    from gongkai.build import BuildFailed, BuildResult
    from gongkai.lint.formats import write_text
    from gongkai.serve import serve as run_serve

    def report(result: BuildResult | GongkaiError) -> None:
        if isinstance(result, BuildFailed):
            write_text(result.lint, err)
        if isinstance(result, GongkaiError):
            err.print(f"[red]生成失败，仍显示上一次的网站：[/]{escape(result.message)}")
        else:
            console.print(f"[green]✓[/] 已生成（{result.files} 个文件，{result.lint.warnings} 个警告）")

    with reported():
        run_serve(
            find_root(Path.cwd()),
            report,
            port=port,
            out=out,
            ready=lambda address: console.print(f"正在预览：{address}（Ctrl-C 停止）"),
        )


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
def diff(
    old: Annotated[
        str | None,
        typer.Argument(help="git 版本，默认与 main 的分叉点 (a git revision; default: the merge base with main)."),
    ] = None,
    new: Annotated[
        str | None, typer.Argument(help="git 版本，默认工作区 (a git revision; default: the working tree).")
    ] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="输出格式 (output format).")] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="有改动时退出码为 1 (exit 1 when anything changed).")
    ] = False,
) -> None:
    """逐个事项比较两个版本的目录：新增、删除、改名、要素改动 (compare the catalogs item by item between two
    revisions).

    Example: gongkai diff HEAD~5 --format markdown
    """
    from gongkai.history import diff_revisions, to_json, to_markdown, to_text

    with reported():
        changes = diff_revisions(find_root(Path.cwd()), old, new)
    render = {DiffFormat.text: to_text, DiffFormat.json: to_json, DiffFormat.markdown: to_markdown}[format]
    sys.stdout.write(render(changes))
    if exit_code and changes.changed:
        raise typer.Exit(1)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    xlsx = "xlsx"


@app.command()
def report(
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="输出格式 (output format).")
    ] = ReportFormat.text,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="写入此文件，默认输出到终端（xlsx 须重定向） (write to this file; default: stdout)."
        ),
    ] = None,
) -> None:
    """评估报告：各单位、各领域的要素完整率和指引覆盖率，层级间的冲突，最大的缺口 (completeness, guide coverage,
    conflicts between levels, the worst gaps).

    Example: gongkai report --format xlsx --out 报告.xlsx
    """
    from gongkai.render.report import report_bytes
    from gongkai.report import audit, write_text

    with reported():
        if out_file is None and format is ReportFormat.xlsx and sys.stdout.isatty():
            raise UsageError("xlsx 是二进制文件，不能显示在终端：用 --out 指定文件或重定向到文件 (xlsx needs --out)")
        root = find_root(Path.cwd())
        if _is_city(root):
            _report_city(root, format, out_file)
            return
        project, result = audit(root)
        if format is ReportFormat.text and out_file is None and console.is_terminal:
            write_text(result, console)
        elif format is ReportFormat.text:
            text = Console(file=io.StringIO(), width=REPORT_WIDTH, highlight=False, color_system=None, soft_wrap=True)
            write_text(result, text)
            write_output(text.file.getvalue().encode("utf-8"), out_file)
        else:
            write_output(report_bytes(root, project, result, format.value), out_file)
    if result.unread:  # SPEC §10: the report is written, but a catalog it could not read is an exit 2
        raise typer.Exit(2)


def _report_city(root: Path, format: ReportFormat, out_file: Path | None) -> None:
    from gongkai.city.commands import audit_city, report_bytes, write_text

    result = audit_city(root)
    if format is ReportFormat.text:
        terminal = out_file is None and console.is_terminal
        text = console if terminal else Console(file=io.StringIO(), width=REPORT_WIDTH, color_system=None)
        write_text(result, text)
        if not terminal:
            write_output(text.file.getvalue().encode("utf-8"), out_file)
    else:
        write_output(report_bytes(root, result, format.value), out_file)


REPORT_WIDTH = 160
"""Columns for the report's tables in a file or a pipe, where Rich would otherwise cut them at 80."""


def write_output(data: bytes, out_file: Path | None, announce: bool = True) -> None:
    """`data` to `out_file`, or to stdout without one; a file that cannot be written is a clear error."""
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out_file.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"{display_path(out_file)}: 无法写入：{exc.strerror or exc} (cannot write the file)") from None
    if announce:
        console.print(f"写入 {escape(display_path(out_file))}")


@app.command()
def new(
    unit: Annotated[str, typer.Option("--unit", help="单位代码（文件名），如 donghu-zhen (the unit's slug).")],
    name: Annotated[str, typer.Option("--name", help="单位全称，如 示例县东湖镇人民政府 (the unit's full name).")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            help="单位类型：township（乡镇/街道）、department（县直部门）或 village（村/社区） (the unit's kind).",
        ),
    ],
    domain: Annotated[
        list[str], typer.Option("--domain", help="领域代码或名称，可重复 (a domain, id or name; repeat for several).")
    ],
    parent: Annotated[str | None, typer.Option(help="村的所属乡镇代码 (for a village: its township's slug).")] = None,
    force: Annotated[bool, typer.Option(help="覆盖已有的目录 (overwrite an existing catalog).")] = False,
) -> None:
    """按领域的标准指引新建 catalogs/SLUG.yaml，供工作人员填写 (a new catalog pre-filled from the guides).

    Example: gongkai new --unit donghu-zhen --name 示例县东湖镇人民政府 --kind township --domain shehui-jiuzhu
    """
    from gongkai.model.project import project_domains
    from gongkai.scaffold import new_catalog

    with reported():
        root = find_root(Path.cwd())
        path = new_catalog(
            root, unit, name, kind, _codes(domain) or [], project_domains(root), force=force, parent=parent
        )
    console.print(f"[green]✓[/] 写入 {escape(display_path(path))}；填写后运行 gongkai lint")


@app.command("import")
def import_(
    files: Annotated[
        list[Path], typer.Argument(help="同一单位的表格文件：.xlsx、.xls、.csv、.tsv (spreadsheets of one unit).")
    ],
    unit: Annotated[str, typer.Option("--unit", help="单位代码：目录写入 catalogs/SLUG.yaml (the unit's slug).")],
    name: Annotated[
        str | None, typer.Option(help="单位全称，默认为单位代码 (the unit's full name; default: the slug).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="单位类型：township、department 或 village，默认 township (the unit's kind).")
    ] = None,
    domain: Annotated[
        str | None,
        typer.Option(
            help="领域代码或名称，表格的标题行或工作表名没有写明时使用；新名称会新建领域 "
            "(the domain, when the table does not say it)."
        ),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(
            "--level",
            help="表格的公开层级列对应目录的哪一级（可重复）：市级=县级、镇街级=乡级、乡、村级=乡级,村级、州级=忽略 "
            "(how a 公开层级 column maps to the catalog's levels).",
        ),
    ] = None,
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="写入的文件，默认 catalogs/SLUG.yaml (the file to write).")
    ] = None,
    force: Annotated[bool, typer.Option(help="覆盖已有的目录 (overwrite an existing catalog).")] = False,
    update: Annotated[
        bool,
        typer.Option(
            help="合并到已有目录：按名称（和一级事项）对应的事项采用表格中的要素，新事项加入，其余保留，列出改动 "
            "(merge into the existing catalog)."
        ),
    ] = False,
    remove_missing: Annotated[
        bool, typer.Option(help="与 --update 一起用：删除表格中没有的事项 (remove the items the table does not have).")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="只说明会写入或改动什么，不写文件 (say what would change; write nothing).")
    ] = False,
) -> None:
    """把标准目录表格导入为目录文件并检查；不是事项的行会列出 (import a standard catalog table, then lint it).

    退出码 0：导入且没有错误；1：已导入（文件已写入）但有错误；2：无法读取或用法错误。Exit code 0: imported
    without lint errors; 1: imported with lint errors; 2: nothing could be read, or bad usage.

    Example: gongkai import 东湖镇社会救助目录.xlsx --unit donghu-zhen --name 示例县东湖镇人民政府
    """
    from gongkai.lint.formats import write_text
    from gongkai.lint.runner import lint as run_lint
    from gongkai.model.project import project_domains
    from gongkai.model.vocab import check_unit_slug
    from gongkai.tabular.domains import write_domains
    from gongkai.tabular.importer import import_files
    from gongkai.tabular.levels import parse_overrides
    from gongkai.tabular.update import merge

    with reported():
        check_unit_slug(unit)
        root = find_root(Path.cwd())
        target = out_file or root / "catalogs" / f"{unit}.yaml"
        if update and not target.is_file():
            raise UsageError(f"{display_path(target)} 不存在，没有可更新的目录；去掉 --update (no catalog to update)")
        if target.exists() and not (force or update or dry_run):
            raise UsageError(f"{display_path(target)} 已存在；加 --force 覆盖，或 --update 合并 (catalog exists)")
        if remove_missing and not update:
            raise UsageError("--remove-missing 只能与 --update 一起用 (--remove-missing needs --update)")
        levels = parse_overrides(level or [])
        domains = project_domains(root)
        result = import_files(files, slug=unit, name=name, kind=kind, domain=domain, domains=domains, levels=levels)
        for note in result.notes:
            _print_note(note)
        text = result.text
        summary = f"读取 {result.rows} 行，导入 {result.items} 个事项到 {escape(display_path(target))}"
        if update:
            merged = merge(target, result, remove_missing=remove_missing)
            text = merged.text
            names = {d.id: d.name for d in (*domains.values(), *result.new_domains)}
            for change in merged.changes:
                console.print(escape(change.line(names)))
            counts = {what: sum(c.what == what for c in merged.changes) for what in ("changed", "added", "missing")}
            summary = (
                f"读取 {result.rows} 行，更新 {escape(display_path(target))}：{counts['changed']} 处改动，"
                f"新增 {counts['added']} 个事项，表中没有 {counts['missing']} 个事项"
            )
        summary += f"，跳过 {result.skipped} 行{'（见上）' if result.skipped else ''}"
        if dry_run:
            console.print(f"未写入任何文件（--dry-run）：{summary} (nothing written)")
            return
        written, copied = write_domains(root, result.new_domains)
        if copied:
            console.print(f"复制试点领域到 {escape(display_path(root / 'domains'))} (pilot domains copied)")
        for path, new in zip(written, result.new_domains, strict=True):
            console.print(
                f"新领域「{escape(new.name)}」({new.id})：写入 {escape(display_path(path))}，没有国家指引 (new domain)"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        console.print(f"[green]✓[/] {summary}")
        checked = run_lint(root, [target])  # with the county as context, like `gongkai lint FILE`
        write_text(checked, console)
    if checked.errors:
        raise typer.Exit(1)


def _print_note(note) -> None:
    """One import note: where (file, sheet, row), then what."""
    where = note.file + (f"「{note.sheet}」" if note.sheet else "") + (f" 第 {note.row} 行" if note.row else "")
    err.print(f"  {escape(where)}：{escape(note.message)}")


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


@app.command()
def export(
    format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="输出格式 (output format).")
    ] = ExportFormat.xlsx,
    unit: Annotated[
        list[str] | None, typer.Option("--unit", help="单位代码，可重复，默认全部 (a unit's slug; default: all).")
    ] = None,
    domain: Annotated[
        list[str] | None, typer.Option("--domain", help="领域代码或名称，可重复，默认全部 (a domain; default: all).")
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="写入此文件，默认输出到终端（xlsx 须重定向） (the file to write; default: stdout)."
        ),
    ] = None,
    template: Annotated[
        bool,
        typer.Option(help="一个 --domain 的空白填报表：表头、下拉选项和指引事项 (an empty workbook for one domain)."),
    ] = False,
) -> None:
    """按标准目录表格式导出（两行表头、√ 勾选），xlsx、csv 或 json (catalogs in the official table layout).

    Example: gongkai export --unit donghu-zhen --format xlsx --out 东湖镇目录.xlsx
    """
    from gongkai import clock
    from gongkai.export import export_catalogs
    from gongkai.model.domain import resolve_domain
    from gongkai.model.project import load_project, project_domains
    from gongkai.tabular.export import template_table, xlsx_bytes

    with reported():
        root = find_root(Path.cwd())
        if format is ExportFormat.xlsx and out_file is None and sys.stdout.isatty():
            raise UsageError("xlsx 是二进制文件，不能显示在终端：用 --out 指定文件或重定向到文件 (xlsx needs --out)")
        if template:
            domains = project_domains(root)
            chosen = [resolve_domain(d, domains) for d in domain or []]
            if len(chosen) != 1 or chosen[0] not in domains or format is not ExportFormat.xlsx:
                raise UsageError("--template 需要一个已知的 --domain 和 xlsx 格式 (--template needs one --domain)")
            data = xlsx_bytes([template_table(domains[chosen[0]])], clock.now(), blank_rows=30)
        else:
            project = load_project(root)
            data = export_catalogs(project, _codes(unit) or [], _codes(domain) or [], format.value, clock.now())
        write_output(data, out_file)


@app.command()
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="目录文件或文件夹，默认 catalogs/ (catalog files or folders; default: catalogs/)."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(help="不改文件；有文件不是规范格式时退出码为 1 (change nothing; exit 1 if one is not canonical)."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option(
            help="不改文件，显示与规范格式的差异，含 --check (change nothing; show the diff; implies --check)."
        ),
    ] = False,
) -> None:
    """把目录文件整理成规范格式，保留注释和键的顺序 (rewrite catalogs in canonical form, comments and key order kept).

    Example: gongkai fmt --check --diff
    """
    from gongkai.fmt import fail_unless_formatted, format_files
    from gongkai.lint.formats import counted
    from gongkai.model.project import catalog_paths
    from gongkai.paths import display_path

    check = check or diff
    with reported():
        files = catalog_paths(find_root(Path.cwd()), paths)
        result = format_files(files, check=check, diff=diff)
        for lines in result.diffs:
            _print_diff(lines)
        if check:
            fail_unless_formatted(result)
    for line in result.unreadable:
        err.print(f"[red]无法格式化[/] {escape(line)}")
    for path in result.changed:
        console.print(f"改写 {escape(display_path(path))}")
    done = len(files) - len(result.refused)
    if check:
        summary = f"{done} 个文件均为规范格式 ({counted(done, 'file')} in canonical form)"
    else:
        summary = f"改写了 {len(result.changed)} 个文件 ({counted(len(result.changed), 'file')} rewritten)"
    if result.unreadable:
        summary += (
            f"；{len(result.refused)} 个文件无法格式化 ({counted(len(result.refused), 'file')} left as they were)"
        )
    console.print(summary)
    if result.unreadable:
        raise typer.Exit(2 if result.unreadable_input else 1)


def _print_diff(lines: list[str]) -> None:
    """A diff of catalog text: each line shown escaped (a control character cannot reach the terminal), added
    lines green, removed red."""
    from rich.text import Text

    from gongkai.lint.formats import one_line

    styles = {"+++": "bold", "---": "bold", "@@": "cyan", "+": "green", "-": "red"}
    for line in lines:
        style = next((s for prefix, s in styles.items() if line.startswith(prefix)), "")
        console.print(Text(one_line(line), style=style), highlight=False, soft_wrap=True)


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(help="县仓库的新文件夹或空文件夹 (a new or empty folder for the county repository).")
    ],
    county: Annotated[
        list[str] | None,
        typer.Option(
            help="县名，如 东山县；与 --city 一起时可重复，每个县一个 (the county's name; with --city, each)."
        ),
    ] = None,
    city: Annotated[
        str | None,
        typer.Option(
            help="市名：新建市级仓库，--county 的每个县建在 counties/ 下 (a city repository of the counties)."
        ),
    ] = None,
    ci: Annotated[
        list[str] | None,
        typer.Option(
            help="写哪些持续集成文件：github、gitlab、jenkins，可重复或用逗号分隔，none 为不写 (CI files to write)."
        ),
    ] = None,
    install: Annotated[
        str | None,
        typer.Option(
            help="CI 安装 gongkai 的固定来源，写入 requirements.txt：'gongkai @ git+地址@标签'、wheel 的地址或 "
            "./vendor/文件.whl；默认为本机 gongkai 的安装来源 (where CI installs gongkai from, pinned)."
        ),
    ] = None,
) -> None:
    """新建县仓库：配置、两个示例单位、试点领域、Schema、VS Code 设置、pre-commit、固定 gongkai 版本的
    requirements.txt，以及 GitHub、GitLab、Jenkins 的持续集成文件（Gitee Go 见 docs/ci.md）。Create a county
    repository with config, examples, domains, schemas, editor settings, pre-commit, a pinned requirements.txt and
    CI files.

    加 --city：新建市级仓库，gongkai.toml 列出各县，每个县是 counties/ 下的县仓库；CI 文件每县一个作业生成本县的部分
    （GitLab parallel:matrix、GitHub strategy.matrix），市的作业只合并 (with --city: a city repository of county
    repositories, and CI files that build each county in a job of its own and merge them in the city's job).

    Example: gongkai init dongshan --county 东山县 --ci gitlab --install "gongkai @ git+https://gitee.com/dongshan/gongkai.git@v0.1.0"
    """
    from gongkai.city.scaffold import CITY_CI, init_city
    from gongkai.scaffold import CI_FILES, UNPINNED
    from gongkai.scaffold import init as scaffold_init

    platforms = [c for c in _codes(ci) or list(CITY_CI if city else CI_FILES) if c != "none"]
    with reported():
        if city is not None:
            written = init_city(directory, city, county or [], platforms, install)
        elif len(county or []) > 1:
            raise UsageError("只有市级仓库（--city）可以有多个 --county (several counties need --city)")
        else:
            written = scaffold_init(directory, (county or ["示例县"])[0], platforms, install)
    console.print(
        f"[green]✓[/] 在 {escape(str(directory))} 创建了 {len(written)} 个文件 (created {len(written)} files)"
    )
    if UNPINNED in (directory / "requirements.txt").read_text(encoding="utf-8").splitlines():
        console.print(
            f"[yellow]注意[/]：requirements.txt 写的是 {UNPINNED}，但 gongkai 不在 PyPI 上："
            "请改为本县获取 gongkai 的地址（git 仓库的标签或发布的 wheel，见 docs/ci.md），或用 --install 重新生成 "
            "(gongkai is not on PyPI: point requirements.txt at its source)"
        )
    console.print(f"下一步：cd {escape(str(directory))} && gongkai lint")


class CacheAction(StrEnum):
    info = "info"
    clean = "clean"


@app.command()
def cache(
    action: Annotated[
        CacheAction,
        typer.Argument(help="info：位置和各类大小；clean：删除缓存 (info: where and how big; clean: delete it)."),
    ] = (CacheAction.info),
) -> None:
    """查看或删除缓存：以前运行时解析的目录、检查结果、表格、下载文件和搜索索引。缓存只存数据，用仓库外的密钥签名，
    不超过 [cache] max-size-mb (show or delete the cache; data only, signed, bounded: docs/security.md).

    Example: gongkai cache clean
    """
    from gongkai.cache import Cache
    from gongkai.config import read_config
    from gongkai.paths import CONFIG_FILE

    with reported():
        root = find_root(Path.cwd())
        cache = Cache.of_project(root, read_config(root / CONFIG_FILE).cache)
    if action is CacheAction.clean:
        freed = cache.clean()
        console.print(
            f"[green]✓[/] 已删除缓存 {escape(display_path(cache.folder))}（{freed / 1048576:.1f} MB）(cache deleted)"
        )
        return
    info = cache.info()
    console.print(f"缓存 (cache)：{escape(display_path(info.folder))}")
    console.print(f"大小 (size)：{info.bytes / 1048576:.1f} MB / 上限 (limit) {info.limit >> 20} MB，{info.entries} 项")
    console.print(f"签名密钥 (signing key)：{escape(info.key_source)}")
    if not cache.usable:
        console.print(
            "[yellow]缓存文件夹是链接或不是文件夹，未使用 (the cache folder is a link or not a folder: unused)[/]"
        )
    for kind, counts in info.kinds.items():
        console.print(f"  {escape(kind)}: {counts.entries} 项，{counts.bytes / 1048576:.1f} MB")


def main() -> None:
    """Entry point: never a traceback for the user, unless GONGKAI_DEBUG is set."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("已中断 (interrupted)")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        err.print(
            f"[red]gongkai 内部错误[/]：{escape(type(exc).__name__)}: {escape(str(exc))}（请报告此问题；"
            "设置 GONGKAI_DEBUG=1 可看到详细信息）(internal error)"
        )
        sys.exit(2)
