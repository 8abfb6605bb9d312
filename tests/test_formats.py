"""`gongkai lint --format text|json|sarif|github|gitlab|junit`: each output checked against its contract.

JSON against tests/schemas/lint-output.schema.json (ours), SARIF against the official OASIS SARIF 2.1.0 schema
(tests/schemas/sarif-2.1.0.json, errata 01, unchanged), GitHub annotations against the workflow-command syntax,
GitLab Code Quality against the fields GitLab requires, JUnit read back by junitparser, text against a golden file.

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
from junitparser import JUnitXml
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4
from typer.testing import Result

from gongkai.lint.formats import summary_line, to_gitlab
from gongkai.lint.problem import Problem
from gongkai.lint.runner import LintResult
from tests.conftest import GOOD_HEAD, GOOD_ITEM
from tests.test_cli import MISSING_BASIS, gongkai

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


# --- gitlab ------------------------------------------------------------------------------------------------------

CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def assert_code_quality(issues: list) -> None:
    """The fields GitLab's Code Quality report requires (docs.gitlab.com, ci/testing/code_quality: "Code Quality
    report format"), of the types it reads."""
    assert isinstance(issues, list)
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in CODE_QUALITY_SEVERITIES
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues), "fingerprints are unique"


def test_gitlab_code_quality_has_one_issue_per_problem(problems_county):
    issues = json.loads(lint_output("gitlab"))
    problems = json.loads(lint_output("json"))["problems"]
    assert_code_quality(issues)
    assert len(issues) == len(problems) > 0
    for issue, problem in zip(issues, problems, strict=True):
        assert issue["check_name"] == f"{problem['code']} {problem['name']}"
        assert issue["description"].startswith(f"{problem['code']} {problem['message']}")
        assert issue["severity"] == {"error": "major", "warning": "minor"}[problem["severity"]]
        assert issue["location"] == {"path": problem["file"], "lines": {"begin": problem["line"]}}


def test_gitlab_fingerprints_are_stable_across_runs_and_moved_lines(problems_county):
    first = {
        issue["check_name"] + issue["description"]: issue["fingerprint"] for issue in json.loads(lint_output("gitlab"))
    }
    assert first == {i["check_name"] + i["description"]: i["fingerprint"] for i in json.loads(lint_output("gitlab"))}
    problems_county.write("beishan-zhen.yaml", "# 北山镇目录\n# 2026 年修订\n" + BEISHAN)  # every line moves down 2
    moved = json.loads(lint_output("gitlab"))
    beishan = [issue for issue in moved if issue["location"]["path"] == "catalogs/beishan-zhen.yaml"]
    assert beishan and all(first[i["check_name"] + i["description"]] == i["fingerprint"] for i in beishan)


def test_gitlab_of_a_clean_county_is_an_empty_report(county, monkeypatch):
    county.write("donghu-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    monkeypatch.chdir(county.root)
    result = gongkai("lint", "--format", "gitlab")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_gitlab_repeated_problems_get_their_own_fingerprints():
    problems = [
        Problem("a.yaml", line, 7, "GK203", "error", "缺少要素", "missing-basis", "a", "d", "同名") for line in (3, 9)
    ]
    issues = json.loads(to_gitlab(LintResult(problems, 1, 1, 2)))
    assert_code_quality(issues)
    assert len({i["fingerprint"] for i in issues}) == 2


# --- junit -------------------------------------------------------------------------------------------------------


def read_junit(problems_county, *args: str) -> tuple[JUnitXml, Result]:
    """The report as GitLab and Jenkins get it: written with --output-file, read by a JUnit reader."""
    result = gongkai("lint", "--format", "junit", "--select", SELECT, "-o", "report.xml", *args)
    return JUnitXml.fromfile(str(problems_county.root / "report.xml")), result


def test_junit_one_case_per_problem_and_per_clean_file(problems_county):
    report, result = read_junit(problems_county)
    problems = json.loads(lint_output("json"))["problems"]
    [suite] = list(report)
    cases = list(suite)
    assert (result.exit_code, suite.name, suite.tests) == (1, "gongkai lint", len(problems) + 1)
    clean = [case for case in cases if case.classname == "catalogs/zz-clean-xiang.yaml"]
    assert [(case.name, case.is_passed) for case in clean] == [("catalogs/zz-clean-xiang.yaml", True)]
    for case, problem in zip([c for c in cases if c not in clean], problems, strict=True):
        assert case.classname == problem["file"]
        assert case.name == f"{problem['file']}:{problem['line']}:{problem['column']} {problem['code']}"
        if problem["severity"] == "error":
            [failure] = case.result
            assert (failure.type, failure.message) == (problem["code"], problem["message"])
        else:  # a warning does not fail the run: the case passes and says it
            assert case.is_passed and problem["message"] in case.system_out
    assert suite.failures == sum(p["severity"] == "error" for p in problems) > 0


def test_junit_strict_fails_warnings_too(problems_county):
    report, result = read_junit(problems_county, "--strict")
    [suite] = list(report)
    assert result.exit_code == 1
    assert suite.failures == suite.tests - 1  # every case but the clean file's
    assert all(case.is_failure for case in suite if case.classname != "catalogs/zz-clean-xiang.yaml")


def test_junit_of_a_clean_county_passes_a_case_per_file(problems_county):
    problems_county.write("beishan-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    problems_county.write("xian-minzheng-ju.yaml", GOOD_HEAD + GOOD_ITEM)
    report, result = read_junit(problems_county)
    [suite] = list(report)
    assert result.exit_code == 0
    assert sorted(case.name for case in suite) == [
        f"catalogs/{n}.yaml" for n in ("beishan-zhen", "xian-minzheng-ju", "zz-clean-xiang")
    ]
    assert all(case.is_passed for case in suite)


def test_junit_holds_any_catalog_text(county, monkeypatch):
    """Control characters, XML's own syntax and a character XML 1.0 forbids, in an item's name: still a report
    every JUnit reader reads, with the text shown escaped."""
    name = '"低保\\x00\\x1b[31m <![CDATA[ ]]> </failure> & \\uffff"'
    county.write("donghu-zhen.yaml", MISSING_BASIS.replace("name: 低保审核信息", f"name: {name}"))
    monkeypatch.chdir(county.root)
    assert gongkai("lint", "--format", "junit", "-o", "report.xml").exit_code == 1
    [suite] = list(JUnitXml.fromfile(str(county.root / "report.xml")))
    [case] = list(suite)
    [failure] = case.result
    assert failure.type == "GK203"
    assert failure.text.endswith("— shehui-jiuzhu › 低保\\x00\\x1b[31m <![CDATA[ ]]> </failure> & \\uffff")


# --- statistics, quiet, output file ------------------------------------------------------------------------------


def test_statistics_count_each_rule_most_first(problems_county):
    problems = json.loads(lint_output("json"))["problems"]
    rows = json.loads(lint_output("json", "--statistics"))
    assert sum(row["count"] for row in rows) == len(problems)
    assert {row["code"]: row["count"] for row in rows} == {
        code: sum(p["code"] == code for p in problems) for code in {p["code"] for p in problems}
    }
    assert [row["count"] for row in rows] == sorted((row["count"] for row in rows), reverse=True)
    assert set(rows[0]) == {"code", "name", "severity", "count"}
    lines = lint_output("text", "--statistics").splitlines()
    width = len(str(rows[0]["count"]))
    label = {"error": "错误", "warning": "警告"}
    assert lines[: len(rows)] == [
        f"{row['count']:>{width}}  {row['code']} {label[row['severity']]}  {row['name']}" for row in rows
    ]
    assert lines[-1].startswith("✗ 检查了 3 个文件")


def test_statistics_only_in_text_or_json(problems_county):
    result = gongkai("lint", "--format", "sarif", "--statistics")
    assert result.exit_code == 2 and "--statistics" in result.stderr


def test_quiet_prints_only_the_problems(problems_county):
    full = lint_output("text").splitlines()
    quiet = lint_output("text", "--quiet").splitlines()
    assert quiet == full[:-2]  # no blank line and summary at the end
    problems_county.write("beishan-zhen.yaml", GOOD_HEAD + GOOD_ITEM)
    problems_county.write("xian-minzheng-ju.yaml", GOOD_HEAD + GOOD_ITEM)
    clean = gongkai("lint", "-q")
    assert (clean.exit_code, clean.stdout) == (0, "")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "junit"])
def test_output_file_holds_what_stdout_would(problems_county, fmt):
    shown = lint_output(fmt)
    result = gongkai("lint", "--format", fmt, "--select", SELECT, "--output-file", "out/report")
    assert result.exit_code == 2 and "无法写入" in result.stderr  # no such folder: a clear error
    (problems_county.root / "out").mkdir()
    result = gongkai("lint", "--format", fmt, "--select", SELECT, "--output-file", "out/report")
    assert result.exit_code == 1 and result.stdout == "写入 out/report\n"
    assert (problems_county.root / "out" / "report").read_text(encoding="utf-8") == re.sub(r"\x1b\[[0-9;]*m", "", shown)
    quiet = gongkai("lint", "--format", fmt, "--select", SELECT, "-q", "-o", "out/report")
    assert (quiet.exit_code, quiet.stdout) == (1, "")


def test_the_json_contract_documents_every_field():
    """docs/lint-output.md's tables name exactly the fields of the schema every report is validated against."""
    doc = (Path(__file__).parents[1] / "docs" / "lint-output.md").read_text(encoding="utf-8")
    contract = doc.split("## `--format json`", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `(\w+)` \|", contract, flags=re.M)
    schema = lint_schema()
    fields = [*schema["properties"], *schema["properties"]["summary"]["properties"]]
    assert documented == [*fields, *schema["$defs"]["problem"]["properties"]]
