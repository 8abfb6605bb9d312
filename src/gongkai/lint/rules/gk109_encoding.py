"""The file is not plain UTF-8: it was read as UTF-8 with a byte-order mark, UTF-16 or GB18030.

Why: gongkai reads these, but other tools (git diffs, editors, the web host) may not. Save the file as UTF-8
without BOM; `gongkai fmt` does.

Bad: a file saved by Notepad as "ANSI" (GB18030 on Chinese Windows) or "UTF-8 with BOM".

Good: the same file saved as UTF-8.
"""

from gongkai.lint.rule import Rule, source_issues

RULE = Rule(
    "GK109",
    "encoding",
    "warning",
    "source",
    source_issues("encoding"),
    "文件编码不是 UTF-8 (not UTF-8)",
    __doc__,
)
