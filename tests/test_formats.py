"""`gongkai lint --format text|json|sarif|github`: each output checked against its contract.

JSON against tests/schemas/lint-output.schema.json (ours), SARIF against the official OASIS SARIF 2.1.0 schema
(tests/schemas/sarif-2.1.0.json, errata 01, unchanged), GitHub annotations against the workflow-command syntax,
text against a golden file.

Golden files (tests/golden/) are rewritten instead of compared when GONGKAI_UPDATE_GOLDEN=1 is set:

    GONGKAI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_formats.py tests/test_fmt.py

then review the diff with `git diff tests/golden/` before committing it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

from gongkai.lint.formats import summary_line
from gongkai.lint.problem import Problem
from gongkai.lint.runner import LintResult
from tests.conftest import GOOD_HEAD, GOOD_ITEM
from tests.test_cli import gongkai

SCHEMAS = Path(__file__).parent / "schemas"
GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/`name`; GONGKAI_UPDATE_GOLDEN=1 rewrites the file instead."""
    path = GOLDEN / name
    if os.environ.get("GONGKAI_UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"{path} is missing; run with GONGKAI_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_bytes().decode("utf-8"), f"{path} differs; GONGKAI_UPDATE_GOLDEN=1 rewrites it"


# --- a small county with problems of several kinds, in two files, and one clean file --------------------------------

BEISHAN = """\
unit:
  name: 示例县北山镇人民政府
  kind: township
reviewed: 2026-06-01
domains:
  shehui-jiuzhu:
    - category: 最低生活保障
      name: 低保审核信息
      content: 初审对象名单及相关信息
      deadline: 按规定
      owner: 示例县北山镇人民政府
      method: 主动
      channel: [政府网站, 乡村大喇叭]
      audience: 全社会
    - name: 特困人员救助供养
      content: 救助供养对象名单
      basis: 社会救助暂行办法
      deadline: 信息形成之日起20个工作日内
      owner: 示例县北山镇人民政府
      method: 公开
      channel: [政府网站]
      audience: 全社会
      colour: red
"""

MINZHENG = """\
unit:
  name: 示例县民政局
  kind: department
reviewed: 2024-01-10
domains:
  shehui-jiuzhu:
    - name: 低保办事指南
      content: 申请条件、办理流程
      basis: 《社会救助暂行办法》
      deadline: 信息形成或者变更之日起20个工作日内
      owner: 示例县民政局
      method: 依申请公开
      channel: 门户网站、政务服务中心
      audience: 全社会
withheld:
  - name: 救助对象身份证号码
"""

SELECT = "GK1,GK2,GK3,GK6"
"""The golden covers these families, so that rules added in other families (coverage GK4xx, consistency GK5xx)
do not rewrite it; a new rule in these families shows up here, which is the point."""


@pytest.fixture
def problems_county(county, monkeypatch):
    county.write("beishan-zhen.yaml", BEISHAN)
    county.write("xian-minzheng-ju.yaml", MINZHENG)
    county.write("zz-clean-xiang.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    return county


def lint_output(fmt: str, *args: str) -> str:
    result = gongkai("lint", "--format", fmt, "--select", SELECT, *args)
    assert result.exit_code == 1, result.output
    return result.stdout


# --- text --------------------------------------------------------------------------------------------------------


def test_text_matches_the_golden_file(problems_county):
    """Grouped by file, `path:line:col CODE 错误/警告 message — domain › item`, then the summary line."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", lint_output("text"))
    assert_golden("lint-text.txt", text)


def test_text_shape(problems_county):
    lines = re.sub(r"\x1b\[[0-9;]*m", "", lint_output("text")).splitlines()
    headers = [line for line in lines if line and not line.startswith(" ") and line.startswith("catalogs/")]
    assert headers == ["catalogs/beishan-zhen.yaml", "catalogs/xian-minzheng-ju.yaml"]
    problem = re.compile(r"^  (catalogs/[\w.-]+\.yaml):(\d+):(\d+) (GK\d{3}) (错误|警告) \S.*$")
    shown = [problem.match(line) for line in lines if line.startswith("  ")]
    assert all(shown), [line for line in lines if line.startswith("  ") and not problem.match(line)]
    current = None
    for line in lines:  # every problem line sits under its own file's header
        if line in headers:
            current = line
        elif line.startswith("  "):
            assert problem.match(line).group(1) == current
    assert any(" — shehui-jiuzhu › 低保审核信息" in line for line in lines)
    assert lines[-1].startswith("✗ 检查了 3 个文件、3 个单位、")
    assert re.search(r"(\d+) 个错误，(\d+) 个警告", lines[-1])


@pytest.mark.parametrize(
    ("counts", "english"),
    [
        ((1, 1, 1, 0, 1), "(1 file, 1 unit, 1 item: 0 errors, 1 warning)"),
        ((2, 0, 3, 1, 2), "(2 files, 0 units, 3 items: 1 error, 2 warnings)"),
    ],
)
def test_summary_line_counts_in_english_too(counts, english):
    files, units, items, errors, warnings = counts
    problems = [Problem("a.yaml", 1, 1, "GK203", "error", "x")] * errors
    problems += [Problem("a.yaml", 1, 1, "GK305", "warning", "x")] * warnings
    line = summary_line(LintResult(problems, files, units, items))
    assert line.startswith(
        f"检查了 {files} 个文件、{units} 个单位、{items} 个事项：{errors} 个错误，{warnings} 个警告 "
    )
    assert line.endswith(english)


def test_text_shows_rich_markup_in_catalogs_literally(county, monkeypatch):
    text = (GOOD_HEAD + GOOD_ITEM).replace("name: 低保审核信息", 'name: "[bold]低保[/] \\\\[x]"')
    county.write("donghu-zhen.yaml", text.replace("      basis: 《社会救助暂行办法》\n", '      "[red]k[/red]": 1\n'))
    monkeypatch.chdir(county.root)
    out = gongkai("lint").stdout
    assert "— shehui-jiuzhu › [bold]低保[/] \\[x]" in out
    assert "未知的键「[red]k[/red]」" in out


# --- json --------------------------------------------------------------------------------------------------------


def lint_schema() -> dict:
    return json.loads((SCHEMAS / "lint-output.schema.json").read_text(encoding="utf-8"))


def test_lint_output_schema_is_a_valid_schema():
    Draft202012Validator.check_schema(lint_schema())


def test_json_validates_against_the_schema(problems_county):
    document = json.loads(lint_output("json"))
    Draft202012Validator(lint_schema()).validate(document)
    problems = document["problems"]
    assert document["summary"]["errors"] == sum(p["severity"] == "error" for p in problems) > 0
    assert document["summary"]["warnings"] == sum(p["severity"] == "warning" for p in problems) > 0
    assert document["summary"]["files"] == 3
    assert {p["code"] for p in problems} >= {"GK104", "GK203", "GK301", "GK305", "GK310", "GK311", "GK601", "GK602"}
    assert problems == sorted(problems, key=lambda p: (p["file"], p["line"], p["column"], p["code"]))


def test_json_problem_fields(problems_county):
    problems = json.loads(lint_output("json"))["problems"]
    [basis] = [p for p in problems if p["code"] == "GK203"]
    assert basis == {
        "file": "catalogs/beishan-zhen.yaml",
        "line": 7,
        "column": 7,
        "code": "GK203",
        "severity": "error",
        "message": "缺少要素「公开依据」(basis)",
        "name": "missing-basis",
        "unit": "beishan-zhen",
        "domain": "shehui-jiuzhu",
        "item": "低保审核信息",
        "element": "basis",
    }
    [overdue] = [p for p in problems if p["code"] == "GK601"]
    assert (overdue["unit"], overdue["domain"], overdue["item"]) == ("xian-minzheng-ju", None, None)


def test_json_of_a_clean_county(county, monkeypatch):
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    result = gongkai("lint", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    Draft202012Validator(lint_schema()).validate(document)
    assert document["problems"] == []
    assert document["summary"] == {"files": 1, "units": 1, "items": 1, "errors": 0, "warnings": 0}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(extra=1),
        lambda d: d["summary"].pop("warnings"),
        lambda d: d["problems"][0].update(severity="info"),
        lambda d: d["problems"][0].update(line=0),
        lambda d: d["problems"][0].update(code="E501"),
        lambda d: d["problems"][0].update(hint="?"),
    ],
)
def test_the_schema_is_strict(problems_county, spoil):
    document = json.loads(lint_output("json"))
    spoil(document)
    assert list(Draft202012Validator(lint_schema()).iter_errors(document))


# --- sarif -------------------------------------------------------------------------------------------------------


def _no_network(uri: str):
    raise NoSuchResource(ref=uri)


def sarif_validator():
    """The official schema, validated by the draft its `$schema` names, with no reference fetched from anywhere."""
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    uri = schema.get("$id") or schema["id"]
    registry = Registry(retrieve=_no_network).with_resource(
        uri, Resource.from_contents(schema, default_specification=DRAFT4)
    )
    return cls(schema, registry=registry)


def test_shipped_sarif_schema_is_the_official_one():
    schema = json.loads((SCHEMAS / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert (schema.get("$id") or schema["id"]).endswith("/sarif-schema-2.1.0.json")
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert len(schema["definitions"]) == 52


def test_sarif_validates_against_the_official_schema(problems_county):
    document = json.loads(lint_output("sarif"))
    errors = sorted(sarif_validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["runs"][0]["results"][0].update(level="fatal"),
        lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
        lambda d: d.update(version="2.0.0"),
    ],
)
def test_the_sarif_schema_is_really_applied(problems_county, spoil):
    document = json.loads(lint_output("sarif"))
    spoil(document)
    assert list(sarif_validator().iter_errors(document))


def test_sarif_results_agree_with_json(problems_county):
    sarif = json.loads(lint_output("sarif"))
    problems = json.loads(lint_output("json"))["problems"]
    [run] = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "gongkai"
    assert len({r["id"] for r in rules}) == len(rules)
    assert len(run["results"]) == len(problems)
    for result, problem in zip(run["results"], problems, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == problem["code"]
        assert result["level"] == problem["severity"]
        assert result["message"]["text"] == problem["message"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == problem["file"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["region"] == {"startLine": problem["line"], "startColumn": problem["column"]}


def test_sarif_of_a_clean_county_is_valid(county, monkeypatch):
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    result = gongkai("lint", "--format", "sarif")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    sarif_validator().validate(document)
    assert document["runs"][0]["results"] == []


# --- github ------------------------------------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")


def unescape(text: str) -> str:
    """GitHub's workflow-command decoding (%25 last, so that an escaped escape survives)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_github_one_line_per_problem(problems_county):
    lines = lint_output("github").splitlines()
    problems = json.loads(lint_output("json"))["problems"]
    assert len(lines) == len(problems)
    for line, problem in zip(lines, problems, strict=True):
        assert ANNOTATION.match(line), line
        assert line.startswith(f"::{problem['severity']} file={problem['file']},line={problem['line']},")


HOSTILE = (
    (GOOD_HEAD + GOOD_ITEM)
    .replace("name: 低保审核信息", 'name: "低保: 100%, 名单"')
    .replace("      basis: 《社会救助暂行办法》\n", '      "bad\\r\\nkey": 1\n')
)
"""An item whose name has `:`, `%` and `,`, with an unknown key holding CR LF (GK104) and no basis (GK203)."""


def test_github_escapes_per_workflow_command_rules(county, monkeypatch):
    county.write("a,b:c.yaml", HOSTILE)
    monkeypatch.chdir(county.root)
    github = gongkai("lint", "--format", "github").stdout.splitlines()
    problems = json.loads(gongkai("lint", "--format", "json").stdout)["problems"]
    assert {p["code"] for p in problems} >= {"GK104", "GK203"}
    assert len(github) == len(problems)
    for line, problem in zip(github, problems, strict=True):
        assert ANNOTATION.match(line), line
        properties, message = line.removeprefix(f"::{problem['severity']} ").split("::", 1)
        file, _, _, title = properties.split(",")
        assert file == "file=catalogs/a%2Cb%3Ac.yaml"
        assert unescape(file.removeprefix("file=")) == problem["file"] == "catalogs/a,b:c.yaml"
        assert unescape(title.removeprefix("title=")) == f"{problem['code']} {problem['name']}"
        assert "\n" not in message and "\r" not in message
        assert "%" not in message.replace("%25", "").replace("%0A", "").replace("%0D", "")
        expected = problem["message"] + (f" — {problem['domain']} › {problem['item']}" if problem["item"] else "")
        assert unescape(message) == expected
    [unknown] = [line for line in github if "GK104" in line]
    assert "bad%0D%0Akey" in unknown
    [basis] = [line for line in github if "GK203" in line]
    assert basis.endswith("— shehui-jiuzhu › 低保: 100%25, 名单")  # data: only % CR LF are escaped


def test_github_of_a_clean_county_prints_nothing(county, monkeypatch):
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    result = gongkai("lint", "--format", "github")
    assert (result.exit_code, result.stdout.strip()) == (0, "")
