"""Which rules run, ruff-style: codes or prefixes to select and to ignore, and ignores per file glob."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.errors import UsageError
from gongkai.lint.rule import Rule


def check_codes(codes: Iterable[str], rules: list[Rule], where: str) -> list[str]:
    """Upper-cased codes; a code or prefix that matches no rule is a usage error."""
    out = []
    for code in codes:
        code = code.strip().upper()
        if not code:
            continue
        if not any(r.code.startswith(code) for r in rules):
            raise UsageError(f"{where}: 未知的规则代码「{code}」；`gongkai rules` 列出全部规则 (unknown rule code)")
        out.append(code)
    return out


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def enabled(self, code: str, file: str | None = None) -> bool:
        if not any(code.startswith(s) for s in self.select) or any(code.startswith(i) for i in self.ignore):
            return False
        if file is not None:
            for pattern, codes in self.per_file_ignores:
                if fnmatch.fnmatch(file, pattern) and any(code.startswith(c) for c in codes):
                    return False
        return True
