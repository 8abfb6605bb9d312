"""The output formats of each command, declared once, as types: the library's writers take them (tests hold each
writer to its list), and the command line offers them from here without importing the writers, which would slow
the start of every command."""

from typing import Literal, get_args

LintFormat = Literal["text", "json", "sarif", "github", "gitlab", "junit"]
"""`gongkai lint --format`: text for people, the others machine formats (gongkai/lint/formats.py)."""
DiffFormat = Literal["text", "json", "markdown"]
"""`gongkai diff --format` (gongkai/history/formats.py)."""
ReportFormat = Literal["text", "json", "html", "xlsx"]
"""`gongkai report --format`: text on the terminal (gongkai/report.py), the others files (gongkai/render/report.py)."""
ReportBy = Literal["month"]
"""`gongkai report --by`: month by month over the catalogs' git history (gongkai/history/monthly.py)."""
ExportFormat = Literal["xlsx", "csv", "json"]
"""`gongkai export --format` (gongkai/export.py)."""

LINT: tuple[str, ...] = get_args(LintFormat)
DIFF: tuple[str, ...] = get_args(DiffFormat)
REPORT: tuple[str, ...] = get_args(ReportFormat)
EXPORT: tuple[str, ...] = get_args(ExportFormat)
