"""Shared fixtures: a throwaway county repository, and lint on a catalog given as text."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from gongkai.lint.runner import LintResult, lint_project, selection
from gongkai.model.project import load_project
from gongkai.resources import packaged

os.environ.setdefault("GONGKAI_CACHE_KEY", "gongkai's tests")  # never the developer's own key file

TODAY = dt.date(2026, 11, 1)
"""Rules that depend on the date (GK601) see this day, so results do not drift with the calendar."""

CONFIG = """\
[site]
title = "测试县基层政务公开标准化规范化专题"
county = "测试县"
"""


@dataclass
class County:
    """A county repository in a temporary folder, with the packaged pilot domains."""

    root: Path

    def write(self, name: str, text: str, folder: str = "catalogs") -> Path:
        path = self.root / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def lint(
        self,
        paths: list[Path] | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
    ) -> LintResult:
        project = load_project(self.root, paths)
        return lint_project(project, selection(project.config, select, ignore), today=TODAY)


@pytest.fixture
def county(tmp_path: Path) -> County:
    root = tmp_path / "county"
    (root / "catalogs").mkdir(parents=True)
    (root / "gongkai.toml").write_text(CONFIG, encoding="utf-8")
    (root / "domains").mkdir()
    for domain in packaged("domains").glob("*.yaml"):
        # Without their guides: a rule test's catalog is not expected to cover them (GK4xx tests bring their own).
        text = domain.read_text(encoding="utf-8")
        (root / "domains" / domain.name).write_text(text.split("\nguide:")[0] + "\n", encoding="utf-8")
    return County(root)


def codes_at(result: LintResult) -> list[str]:
    """Problems as `CODE line:col`, the form rule tests assert."""
    return [f"{p.code} {p.line}:{p.column}" for p in result.problems]


@pytest.fixture
def check(county: County):
    """`check(yaml, select=["GK203"])` → ["GK203 12:5", …]: lint one catalog given as (indented) text."""

    def run(text: str, select: list[str] | None = None, slug: str = "donghu-zhen") -> list[str]:
        county.write(f"{slug}.yaml", text)
        return codes_at(county.lint(select=select))

    return run


GOOD_ITEM = """\
    - category: 最低生活保障
      name: 低保审核信息
      content: 初审对象名单及相关信息（公示7个工作日）
      basis: 《社会救助暂行办法》
      deadline: 信息形成或者变更之日起20个工作日内
      owner: 示例县东湖镇人民政府
      method: 主动
      channel: [政府网站, 便民服务站]
      audience: 全社会
      level: [乡级]
"""

GOOD_HEAD = """\
unit:
  name: 示例县东湖镇人民政府
  kind: township
reviewed: 2026-06-01
domains:
  shehui-jiuzhu:
"""
"""A clean catalog is GOOD_HEAD + GOOD_ITEM; tests change one line of it."""
