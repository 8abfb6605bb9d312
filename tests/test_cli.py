"""The `gongkai` command through typer's CliRunner: exit codes (SPEC §6), rule selection, config, init, explain."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gongkai import __version__
from gongkai.cli import app
from gongkai.clock import CHINA
from gongkai.lint.rules import RULES
from tests.conftest import CONFIG, GOOD_HEAD, GOOD_ITEM, TODAY

ENV = {
    "COLUMNS": "200",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "SOURCE_DATE_EPOCH": str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=CHINA).timestamp())),
}
"""Wide, colourless output, and TODAY as the date GK601 sees (gongkai.clock honours SOURCE_DATE_EPOCH)."""


def gongkai(*args: str) -> Result:
    """Run the command line in the current folder; a Python traceback is never an acceptable outcome."""
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def codes(result: Result) -> list[str]:
    """The rule codes of `lint --format json` output."""
    return [p["code"] for p in json.loads(result.stdout)["problems"]]


MISSING_BASIS = GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")
"""GK203 at 7:7 (the item)."""
ONLY_WARNINGS = GOOD_HEAD + GOOD_ITEM.replace("[政府网站, 便民服务站]", "[政府网站, 乡村大喇叭]")
"""GK305 (an unknown channel, a warning) and nothing else."""
MIXED = MISSING_BASIS.replace("[政府网站, 便民服务站]", "[政府网站, 乡村大喇叭]").replace(
    "信息形成或者变更之日起20个工作日内", "按规定"
)
"""GK203 (error), GK305 and GK311 (warnings)."""


@pytest.fixture
def here(county, monkeypatch):
    """The county fixture, with the working folder inside it (where users run gongkai)."""
    monkeypatch.chdir(county.root)
    return county


# --- exit codes -------------------------------------------------------------------------------------------------


def test_clean_county_exits_0(here):
    here.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    result = gongkai("lint")
    assert result.exit_code == 0, result.output
    assert "0 个错误，0 个警告" in result.stdout


def test_errors_exit_1(here):
    here.write("donghu-zhen.yaml", MISSING_BASIS)
    assert gongkai("lint").exit_code == 1


def test_warnings_alone_exit_0(here):
    here.write("donghu-zhen.yaml", ONLY_WARNINGS)
    result = gongkai("lint", "--format", "json")
    assert (result.exit_code, codes(result)) == (0, ["GK305"])


def test_binary_file_exits_2_and_is_named(here):
    (here.root / "catalogs" / "scan.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "catalogs/scan.yaml:1:1 GK100" in result.stdout


def test_nonexistent_path_exits_2(here):
    result = gongkai("lint", "catalogs/nope.yaml")
    assert result.exit_code == 2
    assert "catalogs/nope.yaml" in result.stderr
    assert "文件不存在" in result.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_code_exits_2(here, option):
    here.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    result = gongkai("lint", option, "GK999")
    assert result.exit_code == 2
    assert "GK999" in result.stderr
    assert "未知的规则代码" in result.stderr


def test_unknown_config_key_exits_2_with_a_suggestion(here):
    (here.root / "gongkai.toml").write_text(CONFIG + "\n[lint]\nstirct = true\n", encoding="utf-8")
    here.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "gongkai.toml" in result.stderr
    assert "stirct" in result.stderr
    assert "是否想写「strict」" in result.stderr


def test_unknown_site_key_is_reported_with_the_others(here):
    (here.root / "gongkai.toml").write_text('[site]\ncountry = "测试县"\n\n[lint]\nstirct = true\n', encoding="utf-8")
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "是否想写「county」" in result.stderr
    assert "是否想写「strict」" in result.stderr


@pytest.mark.parametrize(
    ("typo", "meant"), [("per-file-ignore", "per-file-ignores"), ("review-max-day", "review-max-days")]
)
def test_config_suggestion_names_the_documented_key(here, typo, meant):
    (here.root / "gongkai.toml").write_text(f"[lint]\n{typo} = 1\n", encoding="utf-8")
    result = gongkai("lint")
    assert result.exit_code == 2
    assert f"是否想写「{meant}」" in result.stderr


def test_config_key_list_names_the_documented_keys(here):
    (here.root / "gongkai.toml").write_text("[lint]\nzzz = 1\n", encoding="utf-8")
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "可用的键：select、ignore、strict、per-file-ignores、review-max-days" in result.stderr


def test_toml_syntax_error_exits_2(here):
    (here.root / "gongkai.toml").write_text('[site]\ntitle = "未闭合\n', encoding="utf-8")
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "gongkai.toml" in result.stderr
    assert "TOML 语法错误" in result.stderr


# --- strict -----------------------------------------------------------------------------------------------------


def test_strict_option_makes_warnings_fail(here):
    here.write("donghu-zhen.yaml", ONLY_WARNINGS)
    assert gongkai("lint", "--strict").exit_code == 1


def test_strict_in_config_makes_warnings_fail(here):
    (here.root / "gongkai.toml").write_text(CONFIG + "\n[lint]\nstrict = true\n", encoding="utf-8")
    here.write("donghu-zhen.yaml", ONLY_WARNINGS)
    assert gongkai("lint").exit_code == 1
    assert gongkai("lint", "--no-strict").exit_code == 0


def test_strict_on_a_clean_county_exits_0(here):
    here.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    assert gongkai("lint", "--strict").exit_code == 0


# --- select / ignore ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["GK203", "GK311", "GK305"]),
        (["--select", "GK2"], ["GK203"]),
        (["--select", "gk3"], ["GK311", "GK305"]),
        (["--select", "GK203,GK305"], ["GK203", "GK305"]),
        (["--select", "GK203", "--select", "GK311"], ["GK203", "GK311"]),
        (["--ignore", "GK3"], ["GK203"]),
        (["--ignore", "GK305,GK311"], ["GK203"]),
        (["--ignore", "GK305", "--ignore", "GK2"], ["GK311"]),
        (["--select", "GK3", "--ignore", "GK311"], ["GK305"]),
    ],
)
def test_select_and_ignore(here, args, expected):
    here.write("donghu-zhen.yaml", MIXED)
    assert codes(gongkai("lint", "--format", "json", *args)) == expected


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_an_empty_selection_is_a_usage_error(here, value):
    """Otherwise no rule runs and a county full of errors passes."""
    here.write("donghu-zhen.yaml", MIXED)
    result = gongkai("lint", "--select", value)
    assert result.exit_code == 2
    assert "--select: 没有选择任何规则" in result.stderr


def test_an_empty_selection_in_the_config_is_a_usage_error(here):
    (here.root / "gongkai.toml").write_text(CONFIG + "\n[lint]\nselect = []\n", encoding="utf-8")
    here.write("donghu-zhen.yaml", MIXED)
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "[lint] select: 没有选择任何规则" in result.stderr


def test_select_from_config_and_ignore_from_the_command_line_add_up(here):
    (here.root / "gongkai.toml").write_text(CONFIG + '\n[lint]\nselect = ["GK3"]\n', encoding="utf-8")
    here.write("donghu-zhen.yaml", MIXED)
    assert codes(gongkai("lint", "--format", "json")) == ["GK311", "GK305"]
    assert codes(gongkai("lint", "--format", "json", "--ignore", "GK311")) == ["GK305"]
    assert codes(gongkai("lint", "--format", "json", "--select", "GK2")) == ["GK203"]


def test_ignoring_the_only_error_exits_0(here):
    here.write("donghu-zhen.yaml", MISSING_BASIS)
    assert gongkai("lint", "--ignore", "GK203").exit_code == 0


def test_per_file_ignores(here):
    (here.root / "gongkai.toml").write_text(
        CONFIG + '\n[lint]\nper-file-ignores = {"catalogs/legacy-*.yaml" = ["GK3"]}\n', encoding="utf-8"
    )
    here.write("legacy-zhen.yaml", MIXED)
    here.write("donghu-zhen.yaml", MIXED)
    problems = json.loads(gongkai("lint", "--format", "json").stdout)["problems"]
    by_file = {f: [p["code"] for p in problems if p["file"] == f] for f in {p["file"] for p in problems}}
    assert by_file == {
        "catalogs/donghu-zhen.yaml": ["GK203", "GK311", "GK305"],
        "catalogs/legacy-zhen.yaml": ["GK203"],
    }


def test_per_file_ignores_with_an_unknown_code_exits_2(here):
    (here.root / "gongkai.toml").write_text(
        CONFIG + '\n[lint]\nper-file-ignores = {"catalogs/*.yaml" = ["GK9"]}\n', encoding="utf-8"
    )
    here.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    result = gongkai("lint")
    assert result.exit_code == 2
    assert "GK9" in result.stderr


# --- the missing-basis acceptance check ----------------------------------------------------------------------------


def test_missing_basis_is_reported_at_the_item_in_chinese(here):
    here.write("x.yaml", MISSING_BASIS)
    result = gongkai("lint")
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if "GK203" in line]
    assert line.strip().startswith("catalogs/x.yaml:7:7 GK203 ")
    assert "缺少要素「公开依据」(basis)" in line
    assert "shehui-jiuzhu › 低保审核信息" in line


# --- rules and explain ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["lint", "--explain", "GK203"], ["rules", "GK203"], ["rules", "gk203"]])
def test_explain_prints_the_rule_doc(here, args):
    result = gongkai(*args)
    assert result.exit_code == 0, result.output
    assert "GK203 missing-basis" in result.stdout
    assert "Bad" in result.stdout
    assert "Good" in result.stdout
    assert "《社会救助暂行办法》" in result.stdout


@pytest.mark.parametrize("args", [["lint", "--explain", "GK999"], ["rules", "GK999"]])
def test_explain_an_unknown_code_exits_2(here, args):
    result = gongkai(*args)
    assert result.exit_code == 2
    assert "GK999" in result.stderr


def test_rules_lists_every_code():
    result = gongkai("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.strip().startswith("GK")]
    assert listed == [r.code for r in RULES]
    for rule in RULES:
        assert rule.name in result.stdout


def test_rules_markdown_is_the_reference():
    from gongkai.lint.docs import reference

    assert gongkai("rules", "--markdown").stdout == reference()


def test_version():
    result = gongkai("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"gongkai {__version__}"


def test_no_arguments_shows_help():
    result = gongkai()
    assert "lint" in result.output
    assert "init" in result.output


# --- init ----------------------------------------------------------------------------------------------------------


def test_init_gives_a_clean_formatted_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = gongkai("init", "dongshan", "--county", "东山县")
    assert result.exit_code == 0, result.output
    root = tmp_path / "dongshan"
    for name in ("gongkai.toml", ".gitignore", ".pre-commit-config.yaml", ".github/workflows/gongkai.yml"):
        assert (root / name).is_file(), name
    assert len(list((root / "catalogs").glob("*.yaml"))) == 2
    assert len(list((root / "domains").glob("*.yaml"))) >= 26
    assert "东山县" in (root / "gongkai.toml").read_text(encoding="utf-8")

    monkeypatch.chdir(root)
    lint = gongkai("lint", "--strict")
    assert lint.exit_code == 0, lint.output
    assert "0 个错误，0 个警告" in lint.stdout
    fmt = gongkai("fmt", "--check")
    assert fmt.exit_code == 0, fmt.output
    schema = gongkai("schema", "--check", "--out", "schemas")
    assert schema.exit_code == 0, schema.output


def test_init_gitignore_covers_the_site_cache_and_what_a_killed_build_leaves(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert gongkai("init", "dongshan").exit_code == 0
    root = tmp_path / "dongshan"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    leftovers = ["site/index.html", ".site.staging-4242/index.html", ".site.old/index.html", ".gongkai-cache/x"]
    for name in leftovers:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    ignored = subprocess.run(
        ["git", "-C", str(root), "check-ignore", *leftovers], capture_output=True, text=True, check=False
    )
    assert ignored.stdout.split() == leftovers
    tracked = subprocess.run(
        ["git", "-C", str(root), "check-ignore", "catalogs", "gongkai.toml"], capture_output=True, check=False
    )
    assert tracked.returncode == 1


def test_init_into_an_empty_folder_works(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert gongkai("init", "empty").exit_code == 0


def test_init_into_a_non_empty_folder_exits_2_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    result = gongkai("init", "taken")
    assert result.exit_code == 2
    assert "不为空" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("county_name", ["", 'a"b', "东山县:x"])
def test_init_refuses_a_county_name_that_would_break_the_config(tmp_path, monkeypatch, county_name):
    monkeypatch.chdir(tmp_path)
    result = gongkai("init", "dongshan", "--county", county_name)
    assert result.exit_code == 2
    assert not Path(tmp_path / "dongshan").exists()
