"""The file cannot be read as text: it is missing, too large, binary, or in an unknown encoding.

Why: nothing in the file can be checked or published; the command exits with code 2.

Bad: a Word document saved as `catalogs/donghu-zhen.yaml`, or a 50 MB export.

Good: a UTF-8 text file (GB18030 is read too, with a GK109 warning), under 32 MB.
"""

from gongkai.lint.rule import Rule, source_issues

RULE = Rule(
    "GK100",
    "unreadable-file",
    "error",
    "source",
    source_issues("unreadable"),
    "文件无法读取 (unreadable file)",
    __doc__,
    loses_content=True,
    unreadable=True,
)
