"""The documentation cannot drift: generated references are current, every rule, command and setting is documented.

`make docs` rewrites docs/rules.md, docs/cli.md and docs/config.md; these tests fail until it has been run.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.main import get_command

import gongkai.lint.rules
from gongkai import clidocs, config
from gongkai.cli import app
from gongkai.lint import docs
from gongkai.lint.rule import Rule
from gongkai.lint.rules import RULES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def read(name: str) -> str:
    path = DOCS / name
    assert path.is_file(), f"docs/{name} is missing; `make docs` writes it"
    return path.read_text(encoding="utf-8")


# --- generated references ---------------------------------------------------------------------------------------


def test_rules_reference_is_current():
    assert read("rules.md") == docs.reference(), "docs/rules.md is stale; run `make docs`"


def test_cli_reference_is_current():
    assert read("cli.md") == clidocs.reference(), "docs/cli.md is stale; run `make docs`"


def test_config_reference_is_current():
    assert read("config.md") == config.reference(), "docs/config.md is stale; run `make docs`"


# --- rules ------------------------------------------------------------------------------------------------------


def rule_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(gongkai.lint.rules.__path__) if not m.name.startswith("_"))


def test_codes_are_unique_well_formed_and_in_order():
    codes = [r.code for r in RULES]
    assert all(re.fullmatch(r"GK\d{3}", c) for c in codes), codes
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_names_are_unique_kebab_case():
    names = [r.name for r in RULES]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in names), names
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule):
    assert rule.severity in ("error", "warning")
    assert rule.scope in ("source", "catalog", "item", "project", "suppression")
    assert rule.summary.strip() and "\n" not in rule.summary
    assert re.search(r"[\u4e00-\u9fff]", rule.summary), "the summary speaks Chinese first"
    assert re.search(r"^Bad\b", rule.doc, flags=re.M), "the docstring needs a Bad example"
    assert re.search(r"^Good\b", rule.doc, flags=re.M), "the docstring needs a Good example"
    assert rule.doc.index("Bad") < rule.doc.index("Good", rule.doc.index("Bad"))
    assert re.search(r"^Why\b", rule.doc, flags=re.M), "the docstring says why"


@pytest.mark.parametrize("module", rule_modules())
def test_every_rule_module_is_registered(module: str):
    loaded = importlib.import_module(f"gongkai.lint.rules.{module}")
    rules = getattr(loaded, "RULES", None) or [getattr(loaded, "RULE", None)]
    assert rules and all(isinstance(r, Rule) for r in rules), f"{module} defines no RULE or RULES"
    for rule in rules:
        assert any(r is rule for r in RULES), f"{rule.code} from {module} is not in gongkai.lint.rules.RULES"
        assert rule.doc == loaded.__doc__, f"{rule.code}: the module docstring is the rule's documentation"
        pattern = module.split("_")[0].replace("x", r"\d")  # gk203_…, or gk20x_… for a family
        assert re.fullmatch(pattern, rule.code.lower()), f"{rule.code} lives in {module}"


def test_every_registered_rule_comes_from_a_rule_module():
    found = []
    for module in rule_modules():
        loaded = importlib.import_module(f"gongkai.lint.rules.{module}")
        found += getattr(loaded, "RULES", None) or [loaded.RULE]
    assert sorted(r.code for r in found) == sorted(r.code for r in RULES)


def test_every_rule_is_in_the_reference():
    reference = docs.reference()
    for rule in RULES:
        assert f"| {rule.code} | {rule.name} |" in reference
        assert rule.code in reference.split("\n## ", 1)[1], f"{rule.code} has no section"


# --- commands -----------------------------------------------------------------------------------------------------


COMMANDS = get_command(app).commands


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_in_the_cli_reference(name):
    assert f"## gongkai {name}\n" in read("cli.md")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name):
    command = COMMANDS[name]
    assert command.help and command.help.strip()
    assert "Example: gongkai " in command.help


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_and_argument_has_help(name):
    undocumented = [p.name for p in COMMANDS[name].params if not (getattr(p, "help", None) or "").strip()]
    assert undocumented == []


# --- settings -----------------------------------------------------------------------------------------------------

SETTINGS: list[tuple[str, type[BaseModel]]] = [
    ("", config.Config),
    ("site", config.SiteConfig),
    ("lint", config.LintConfig),
    ("cache", config.CacheConfig),
]


@pytest.mark.parametrize(
    ("table", "model", "field"),
    [(table, model, field) for table, model in SETTINGS for field in model.model_fields],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_setting_has_a_docstring_and_is_in_the_config_reference(table, model, field):
    info = model.model_fields[field]
    assert info.description and info.description.strip(), f"{model.__name__}.{field} needs a docstring"
    key = info.alias or field
    text = read("config.md")
    if table:
        assert f"`{key}`" in text.split(f"## [{table}]", 1)[1].split("\n## ", 1)[0], f"[{table}] {key}"
    else:
        assert f"## [{key}]" in text
