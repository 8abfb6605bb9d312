"""The commands that write catalogs and tables: new, import, export and fmt (registered on the app in cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from gongkai import formats
from gongkai.errors import UsageError
from gongkai.paths import display_path, find_root
from gongkai.terminal import console, err, reported, split_codes, write_output


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
    from gongkai.city.sources import county_only
    from gongkai.model.project import project_domains
    from gongkai.scaffold import new_catalog

    with reported():
        root = find_root(Path.cwd())
        county_only(root, "new")
        path = new_catalog(
            root, unit, name, kind, split_codes(domain) or [], project_domains(root), force=force, parent=parent
        )
    console.print(f"[green]✓[/] 写入 {escape(display_path(path))}；填写后运行 gongkai lint")


def import_(
    files: Annotated[
        list[Path], typer.Argument(help="同一单位的表格文件：.xlsx、.xls、.csv、.tsv (spreadsheets of one unit).")
    ],
    unit: Annotated[str, typer.Option("--unit", help="单位代码：目录写入 catalogs/SLUG.yaml (the unit's slug).")],
    name: Annotated[
        str | None,
        typer.Option(
            help="单位全称，默认取表格的单位列，否则为单位代码；表中有多个单位时只导入这个单位的行 "
            "(the unit's full name; default: the table's 单位 column, else the slug; picks one unit's rows)."
        ),
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
    from gongkai.city.sources import county_only
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
        county_only(root, "import")
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


def export(
    format: Annotated[formats.ExportFormat, typer.Option("--format", "-f", help="输出格式 (output format).")] = "xlsx",
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
    from gongkai.city.sources import county_only
    from gongkai.export import export_catalogs
    from gongkai.model.domain import resolve_domain
    from gongkai.model.project import load_project, project_domains
    from gongkai.tabular.export import template_table, xlsx_bytes

    with reported():
        root = find_root(Path.cwd())
        county_only(root, "export")
        if format == "xlsx" and out_file is None and sys.stdout.isatty():
            raise UsageError("xlsx 是二进制文件，不能显示在终端：用 --out 指定文件或重定向到文件 (xlsx needs --out)")
        if template:
            domains = project_domains(root)
            chosen = [resolve_domain(d, domains) for d in domain or []]
            if len(chosen) != 1 or chosen[0] not in domains or format != "xlsx":
                raise UsageError("--template 需要一个已知的 --domain 和 xlsx 格式 (--template needs one --domain)")
            data = xlsx_bytes([template_table(domains[chosen[0]])], clock.now(), blank_rows=30)
        else:
            project = load_project(root)
            data = export_catalogs(project, split_codes(unit) or [], split_codes(domain) or [], format, clock.now())
        write_output(data, out_file)


def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="目录文件或文件夹，默认 catalogs/，市级仓库中为各县的 catalogs/ (catalog files or folders; default: "
            "catalogs/, in a city every county's)."
        ),
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
    from gongkai.city.commands import city_catalog_paths
    from gongkai.city.sources import is_city
    from gongkai.fmt import fail_unless_formatted, format_files
    from gongkai.lint.formats import counted
    from gongkai.model.project import catalog_paths
    from gongkai.paths import display_path

    check = check or diff
    with reported():
        root = find_root(Path.cwd())
        files = city_catalog_paths(root) if not paths and is_city(root) else catalog_paths(root, paths)
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
