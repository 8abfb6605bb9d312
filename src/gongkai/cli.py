"""The `gongkai` command: each command maps its options to one library call and its errors to exit codes."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from gongkai import __version__, formats
from gongkai.cli_catalogs import export, fmt, import_, new
from gongkai.errors import GongkaiError, UsageError
from gongkai.paths import display_path, find_root
from gongkai.progress import Progress
from gongkai.terminal import console, err, progress_shown, reported, split_codes, write_output

app = typer.Typer(
    name="gongkai",
    help="gongkai（公开）：基层政务公开事项标准目录的检查与发布工具。Catalogs in YAML → lint → a static site.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


@app.command()
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="目录文件或文件夹，默认 catalogs/ (catalog files or folders; default: catalogs/)."),
    ] = None,
    format: Annotated[
        formats.LintFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式 (output format): gitlab 是 Code Quality JSON，junit 是 JUnit XML 测试报告。",
        ),
    ] = "text",
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
        if statistics and format not in ("text", "json"):
            raise UsageError("--statistics 只能与 --format text 或 json 一起使用 (--statistics needs text or json)")
        root = county_root(paths)
        if not paths and _is_city(root):  # every county, each by its own rules
            from gongkai.city.commands import lint_city

            result = lint_city(root, select=split_codes(select), ignore=split_codes(ignore))
        else:
            result = run_lint(root, paths or None, select=split_codes(select), ignore=split_codes(ignore))
        strict_now = strict if strict is not None else _config_strict(root)
        if format == "text":
            buffer = io.StringIO()
            out = console if output_file is None else Console(file=buffer, color_system=None, soft_wrap=True)
            (write_statistics if statistics else write_text)(result, out, summary=not quiet)
            if output_file is not None:
                write_output(buffer.getvalue().encode("utf-8"), output_file, announce=not quiet)
        else:
            data = statistics_json(result) if statistics else render(format, result, strict_now)
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
    from gongkai.city.sources import is_city

    return is_city(root)


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
        explained = RULES_BY_CODE.get(code.strip().upper())
        if explained is None:
            err.print(f"[red]错误：[/]未知的规则代码「{escape(code)}」(unknown rule code)")
            raise typer.Exit(2)
        console.print(Markdown(rule_doc(explained)))


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
            progress = Progress()
            with progress_shown(progress):
                options = BuildOptions(search=search, history=history)
                result = run_build(root, out, options, log=log, progress=progress)
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
        with progress_shown():
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


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="本机 127.0.0.1 上的端口 (the port on 127.0.0.1).")] = 8000,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="输出文件夹，默认 site/ (the output folder; default: site/).")
    ] = None,
) -> None:
    """生成网站并在本机预览，目录、领域、模板或配置改动后自动重新生成；在市级仓库中预览全市网站，任何一个县改动后
    重新生成 (build, serve on 127.0.0.1, rebuild on change; in a city, the city site).

    Example: gongkai serve --port 8080
    """
    from gongkai.build import BuildFailed, BuildResult
    from gongkai.city.site import CityResult
    from gongkai.lint.formats import write_text
    from gongkai.serve import serve as run_serve

    def report(result: BuildResult | CityResult | GongkaiError) -> None:
        if isinstance(result, BuildFailed):
            write_text(result.lint, err)
        if isinstance(result, GongkaiError):
            err.print(f"[red]生成失败，仍显示上一次的网站：[/]{escape(result.message)}")
        elif isinstance(result, CityResult):
            built = escape("、".join(result.built) or "无")
            console.print(f"[green]✓[/] 已生成全市网站（{result.files} 个文件；重新生成的县：{built}）")
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


@app.command()
def diff(
    old: Annotated[
        str | None,
        typer.Argument(help="git 版本，默认与 main 的分叉点 (a git revision; default: the merge base with main)."),
    ] = None,
    new: Annotated[
        str | None, typer.Argument(help="git 版本，默认工作区 (a git revision; default: the working tree).")
    ] = None,
    format: Annotated[formats.DiffFormat, typer.Option("--format", "-f", help="输出格式 (output format).")] = "text",
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="有改动时退出码为 1 (exit 1 when anything changed).")
    ] = False,
) -> None:
    """逐个事项比较两个版本的目录：新增、删除、改名、要素改动 (compare the catalogs item by item between two
    revisions).

    Example: gongkai diff HEAD~5 --format markdown
    """
    from gongkai.history import WRITERS, diff_revisions

    with reported():
        changes = diff_revisions(find_root(Path.cwd()), old, new)
    sys.stdout.write(WRITERS[format](changes))
    if exit_code and changes.changed:
        raise typer.Exit(1)


@app.command()
def report(
    format: Annotated[formats.ReportFormat, typer.Option("--format", "-f", help="输出格式 (output format).")] = "text",
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="写入此文件，默认输出到终端（xlsx 须重定向） (write to this file; default: stdout)."
        ),
    ] = None,
    by: Annotated[
        formats.ReportBy | None,
        typer.Option("--by", help="按月统计目录的 git 历史，每月一行，含各单位 (month by month over the git history)."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="与 --by month 同用：从此月起 (with --by month: from YYYY-MM).")
    ] = None,
) -> None:
    """评估报告：各单位、各领域的要素完整率和指引覆盖率，层级间的冲突，最大的缺口；--by month 逐月统计，并列出督办
    单位 (completeness, guide coverage, conflicts between levels, the worst gaps; --by month: each month of the
    history, per unit, and the units to follow up; the json is described in docs/report-monthly.md).

    Example: gongkai report --format xlsx --out 报告.xlsx
    """
    from gongkai.render.report import report_bytes
    from gongkai.report import audit, write_text

    with reported():
        if out_file is None and format == "xlsx" and sys.stdout.isatty():
            raise UsageError("xlsx 是二进制文件，不能显示在终端：用 --out 指定文件或重定向到文件 (xlsx needs --out)")
        root = find_root(Path.cwd())
        if since is not None and by is None:
            raise UsageError("--since 须与 --by month 同用 (--since needs --by month)")
        if by == "month":
            _report_monthly(root, format, out_file, since)
            return
        if _is_city(root):
            _report_city(root, format, out_file)
            return
        project, result = audit(root)
        _report_out(format, out_file, lambda text: write_text(result, text),
                    lambda: report_bytes(root, project, result, format))  # fmt: skip
    if result.unread:  # SPEC §10: the report is written, but a catalog it could not read is an exit 2
        raise typer.Exit(2)


def _report_city(root: Path, format: formats.ReportFormat, out_file: Path | None) -> None:
    from gongkai.city.commands import audit_city, report_bytes, write_text

    result = audit_city(root)
    _report_out(format, out_file, lambda text: write_text(result, text), lambda: report_bytes(root, result, format))


def _report_monthly(root: Path, format: formats.ReportFormat, out_file: Path | None, since: str | None) -> None:
    from gongkai.history.monthly_formats import audit_months, write_text
    from gongkai.render.progress import monthly_bytes

    months, follow_up, config = audit_months(root, since)
    _report_out(format, out_file, lambda text: write_text(months, follow_up, config.site.county, text),
                lambda: monthly_bytes(root, months, config, format))  # fmt: skip


def _report_out(format: str, out_file: Path | None, text: Callable[[Console], None], data: Callable[[], bytes]) -> None:
    """Text on the terminal, in colour; text in a file or a pipe, plain and wide; any other format as bytes."""
    if format != "text":
        write_output(data(), out_file)
    elif out_file is None and console.is_terminal:
        text(console)
    else:
        buffer = io.StringIO()
        text(Console(file=buffer, width=REPORT_WIDTH, highlight=False, color_system=None, soft_wrap=True))
        write_output(buffer.getvalue().encode("utf-8"), out_file)


REPORT_WIDTH = 160
"""Columns for the report's tables in a file or a pipe, where Rich would otherwise cut them at 80."""


# The commands that write catalogs and tables are in gongkai/cli_catalogs.py; registered here, in this order.
app.command()(new)
app.command("import")(import_)
app.command()(export)
app.command()(fmt)


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

    platforms = [c for c in split_codes(ci) or list(CITY_CI if city else CI_FILES) if c != "none"]
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
