"""The CI files `gongkai init` writes: they parse, install a pinned gongkai from requirements.txt, and every command
they run exists and succeeds in the county init made, leaving the reports and the site they keep as artifacts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import JUnitXml
from ruamel.yaml import YAML

from gongkai import __version__, scaffold
from gongkai.errors import UsageError
from gongkai.scaffold import UNPINNED, check_requirement, init, installed_from
from tests.test_cli import gongkai

PINNED = "gongkai @ git+https://gitee.com/dongshan/gongkai.git@v0.1.0"
CI_FILES = {".github/workflows/gongkai.yml", ".gitlab-ci.yml", "Jenkinsfile"}


def load_yaml(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def github_commands(root: Path) -> list[str]:
    workflow = load_yaml(root / ".github" / "workflows" / "gongkai.yml")
    [job] = workflow["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


def gitlab_commands(root: Path) -> list[str]:
    config = load_yaml(root / ".gitlab-ci.yml")
    jobs = [job for name, job in config.items() if isinstance(job, dict) and "script" in job]
    return [*config["before_script"], *(line for job in jobs for line in job["script"])]


def jenkins_commands(root: Path) -> list[str]:
    return re.findall(r"^\s*sh '([^']*)'$", (root / "Jenkinsfile").read_text(encoding="utf-8"), flags=re.M)


COMMANDS = {"github": github_commands, "gitlab": gitlab_commands, "jenkins": jenkins_commands}


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ci") / "dongshan"
    init(root, "东山县", install=PINNED)
    return root


def test_init_writes_the_three_ci_files_and_requirements(county):
    assert all((county / name).is_file() for name in CI_FILES)
    assert (county / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == PINNED


@pytest.mark.parametrize(("options", "written"), [
    (["--ci", "gitlab"], {".gitlab-ci.yml"}),
    (["--ci", "github,jenkins"], {".github/workflows/gongkai.yml", "Jenkinsfile"}),
    (["--ci", "jenkins", "--ci", "gitlab"], {".gitlab-ci.yml", "Jenkinsfile"}),
    (["--ci", "none"], set()),
])  # fmt: skip
def test_init_writes_the_ci_files_asked_for(tmp_path, monkeypatch, options, written):
    monkeypatch.chdir(tmp_path)
    assert gongkai("init", "dongshan", "--install", PINNED, *options).exit_code == 0
    assert {name for name in CI_FILES if (tmp_path / "dongshan" / name).exists()} == written


def test_an_unknown_ci_platform_is_a_usage_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = gongkai("init", "dongshan", "--ci", "travis")
    assert result.exit_code == 2 and "travis" in result.stderr
    assert not (tmp_path / "dongshan").exists()


def test_yaml_files_parse_and_name_their_reports(county):
    workflow = load_yaml(county / ".github" / "workflows" / "gongkai.yml")
    steps = workflow["jobs"]["check"]["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert all(re.fullmatch(r"actions/(checkout|setup-python|upload-artifact)@v\d+", u) for u in uses), uses
    [python] = [step for step in steps if step.get("uses", "").startswith("actions/setup-python")]
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "requirements.txt"
    gitlab = load_yaml(county / ".gitlab-ci.yml")
    assert gitlab["cache"]["key"]["files"] == ["requirements.txt"]
    assert gitlab["check"]["artifacts"]["reports"] == {
        "codequality": "gl-code-quality-report.json",
        "junit": "gongkai-lint.xml",
    }
    assert gitlab["build"]["artifacts"]["paths"] == ["site/"]
    jenkins = (county / "Jenkinsfile").read_text(encoding="utf-8")
    assert "junit allowEmptyResults: true, testResults: 'gongkai-lint.xml'" in jenkins
    assert jenkins.count("{") == jenkins.count("}")


@pytest.mark.parametrize("platform", COMMANDS)
def test_every_file_installs_gongkai_pinned_from_requirements(county, platform):
    commands = COMMANDS[platform](county)
    installs = [c for c in commands if re.match(r"pip install\b", c)]
    assert installs == ["pip install -r requirements.txt"]
    assert commands.index(installs[0]) < min(i for i, c in enumerate(commands) if c.startswith("gongkai "))
    assert check_requirement((county / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]) == PINNED


@pytest.mark.slow
def test_every_command_the_files_run_succeeds_in_the_new_county(county):
    """Each distinct command of the three files (pip install aside: offline, and gongkai is this one), run by
    the shell in the county as the CI runner would; then the artifacts they keep exist."""
    commands = list(dict.fromkeys(c for platform in COMMANDS.values() for c in platform(county)))
    commands = [c for c in commands if not c.startswith(("pip install", "python3 -m venv"))]
    subprocess.run(["git", "init", "-q"], cwd=county, check=True)
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    assert len(commands) == 7  # schema, fmt, build, and lint for GitHub, GitLab's two reports and Jenkins's
    for command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=county, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
    assert json.loads((county / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    [suite] = list(JUnitXml.fromfile(str(county / "gongkai-lint.xml")))
    assert suite.tests == len(list((county / "catalogs").glob("*.yaml"))) and suite.failures == 0
    assert (county / "site" / "index.html").is_file()
    ignored = subprocess.run(
        ["git", "check-ignore", "site/", ".cache/", "gongkai-lint.xml", "gl-code-quality-report.json"],
        cwd=county, capture_output=True, text=True,
    )  # fmt: skip
    assert len(ignored.stdout.split()) == 4  # what CI leaves is never committed by mistake


@pytest.mark.parametrize(
    "install",
    [
        "gongkai @ git+https://gitee.com/dongshan/gongkai.git",  # no tag or commit: not pinned
        "gongkai",
        "gongkai>=0.1",
        "rich==13.0",
        f"gongkai=={__version__} --index-url http://example.invalid/simple",  # an option rides along
        f"{PINNED}\ngongkai-evil==1.0",  # a second line
        "-e git+https://gitee.com/dongshan/gongkai.git@v0.1.0",
    ],
)
def test_an_unpinned_or_extended_install_is_refused(tmp_path, install):
    with pytest.raises(UsageError, match="not a pinned gongkai requirement"):
        init(tmp_path / "county", install=install)
    assert not (tmp_path / "county").exists()


@pytest.mark.parametrize(
    "install",
    [
        PINNED,
        "gongkai @ git+ssh://git@gitee.com/dongshan/gongkai.git@3f2a9c1",
        f"gongkai @ https://example.gov.cn/releases/gongkai-{__version__}-py3-none-any.whl",
        f"./vendor/gongkai-{__version__}-py3-none-any.whl",
        f"gongkai=={__version__}",  # from a mirror that has it
    ],
)
def test_pinned_sources_are_accepted(install):
    assert check_requirement(f" {install} ") == install


class FakeDistribution:
    def __init__(self, direct_url: dict | None):
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.direct_url is None else json.dumps(self.direct_url)


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            {"url": "https://gitee.com/dongshan/gongkai.git", "vcs_info": {"vcs": "git", "commit_id": "3f2a9c1e"}},
            "gongkai @ git+https://gitee.com/dongshan/gongkai.git@3f2a9c1e",
        ),
        (
            {"url": "https://example.gov.cn/gongkai-0.1.0-py3-none-any.whl", "archive_info": {}},
            "gongkai @ https://example.gov.cn/gongkai-0.1.0-py3-none-any.whl",
        ),
        ({"url": "file:///home/staff/gongkai", "dir_info": {"editable": True}}, UNPINNED),
        ({"url": "https://x/gongkai.git", "vcs_info": {"vcs": "git", "commit_id": "a b"}}, UNPINNED),
        (None, UNPINNED),  # installed from an index: it has no direct_url.json
    ],
)
def test_init_pins_the_source_this_gongkai_was_installed_from(monkeypatch, direct_url, expected):
    monkeypatch.setattr(scaffold, "distribution", lambda name: FakeDistribution(direct_url))
    assert installed_from() == expected


def test_without_a_known_source_init_says_requirements_needs_one(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "distribution", lambda name: FakeDistribution(None))
    monkeypatch.chdir(tmp_path)
    result = gongkai("init", "dongshan")
    assert result.exit_code == 0 and "gongkai 不在 PyPI 上" in result.stdout
    assert (tmp_path / "dongshan" / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == UNPINNED


def test_init_sets_up_vs_code_to_check_files_against_the_schemas(county):
    settings = json.loads((county / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        "./schemas/catalog.schema.json": "catalogs/*.yaml",
        "./schemas/domain.schema.json": "domains/*.yaml",
    }
    for schema in settings["yaml.schemas"]:
        assert json.loads((county / schema).read_text(encoding="utf-8"))["$schema"]  # a schema init wrote
    extensions = json.loads((county / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]  # it reads yaml.schemas
