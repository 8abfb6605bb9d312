"""pre-commit, really run: it passes only the staged files, and lint checks them with the whole county as context.

Each test makes a county with `gongkai init`, commits it, then stages one village catalog alone and commits it
through pre-commit's git hook. The hooks run with `language: system` (the gongkai of this test run, first on
PATH), so nothing is installed and nothing is fetched: the hook repository is a local folder, PRE_COMMIT_HOME
a temporary one. The published hooks' own `language: python` would have pre-commit pip-install gongkai and its
dependencies from a package index, which an offline test cannot do; a county's config overrides it the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from gongkai import clock
from gongkai.scaffold import init

REPO = Path(__file__).resolve().parents[1]
VILLAGE = (REPO / "catalogs" / "dongqiao-cun.yaml").read_text(encoding="utf-8")
"""The demo's village: 10 items, clean in a county whose township `example-zhen` is its parent."""

pytestmark = pytest.mark.slow


def village(**changes: str) -> str:
    text = VILLAGE.replace("parent: donghu-zhen", "parent: example-zhen")
    text = "".join(
        f"reviewed: {clock.today().isoformat()}\n" if line.startswith("reviewed:") else line
        for line in text.splitlines(keepends=True)
    )
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    return text


class Repository:
    """A county in a git repository, with pre-commit installed as its git hook."""

    def __init__(self, root: Path, home: Path):
        self.root = root
        self.env = {
            **os.environ,
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
            "PRE_COMMIT_HOME": str(home / "pre-commit"),
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_AUTHOR_NAME": "县政务公开办",
            "GIT_AUTHOR_EMAIL": "gongkai@example.invalid",
            "GIT_COMMITTER_NAME": "县政务公开办",
            "GIT_COMMITTER_EMAIL": "gongkai@example.invalid",
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }
        home.mkdir(exist_ok=True)
        (home / "gitconfig").touch()

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(args, cwd=self.root, env=self.env, capture_output=True, text=True, timeout=300)
        assert not check or done.returncode == 0, done.stdout + done.stderr
        return done

    def start(self) -> None:
        self.run("git", "init", "--quiet", "--initial-branch=main")
        self.run(sys.executable, "-m", "pre_commit", "install")
        self.run("git", "add", "--all")
        self.commit("县级目录")

    def commit(self, message: str, *paths: str) -> subprocess.CompletedProcess:
        """`git add PATHS` and `git commit`, which runs the pre-commit hook; its output is stdout."""
        if paths:
            self.run("git", "add", *paths)
        done = self.run("git", "commit", "--quiet", "-m", message, check=False)
        done.output = done.stdout + done.stderr
        return done

    def write(self, name: str, text: str) -> str:
        (self.root / "catalogs" / name).write_text(text, encoding="utf-8")
        return f"catalogs/{name}"


def county(tmp_path: Path, config: str | None = None) -> Repository:
    init(tmp_path / "county", "测试县")
    repo = Repository(tmp_path / "county", tmp_path / "home")
    if config is not None:
        (repo.root / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    repo.start()
    return repo


def published_hooks(tmp_path: Path) -> str:
    """A county config naming this repository's .pre-commit-hooks.yaml at a commit, as a county names a tag:
    the hook file is committed into a local repository that pre-commit clones (no network)."""
    hooks = tmp_path / "gongkai-hooks"
    hooks.mkdir()
    (hooks / ".pre-commit-hooks.yaml").write_bytes((REPO / ".pre-commit-hooks.yaml").read_bytes())
    helper = Repository(hooks, tmp_path / "home")
    helper.run("git", "init", "--quiet")
    helper.run("git", "add", ".pre-commit-hooks.yaml")
    helper.run("git", "commit", "--quiet", "-m", "hooks")
    rev = helper.run("git", "rev-parse", "HEAD").stdout.strip()
    return (
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n"
        "      - id: gongkai-lint\n        language: system\n"
        "      - id: gongkai-fmt\n        language: system\n"
    )


@pytest.fixture(params=["init", "published"])
def repository(request, tmp_path) -> Repository:
    """The county with the config `gongkai init` writes, or with one using this repository's published hooks."""
    return county(tmp_path, None if request.param == "init" else published_hooks(tmp_path))


def commit_village(repository: Repository, old: str = "", new: str = "") -> subprocess.CompletedProcess:
    """Stage the village's catalog alone (with `old` replaced by `new`) and commit it through the hook."""
    return repository.commit(
        "东桥村目录", repository.write("dongqiao-cun.yaml", village(**({old: new} if old else {})))
    )


def test_a_village_committed_alone_finds_its_township(repository):
    done = commit_village(repository)
    assert done.returncode == 0, done.output
    assert "gongkai lint" in done.output and "Passed" in done.output  # the hook ran on the file, and passed
    assert "GK502" not in done.output
    assert repository.run("git", "log", "--format=%s").stdout.split() == ["东桥村目录", "县级目录"]


def test_a_village_whose_township_is_not_in_the_county_is_refused(repository):
    done = commit_village(repository, "parent: example-zhen", "parent: donghu-zhen")
    assert done.returncode == 1, done.output
    assert "catalogs/dongqiao-cun.yaml:7:3 GK502" in done.output
    assert "「donghu-zhen」" in done.output
    assert repository.run("git", "log", "--format=%s").stdout.split() == ["县级目录"]  # nothing committed


def test_a_broken_file_is_refused_with_its_error_and_only_its_own(repository):
    repository.write("example-zhen.yaml", "unit: [不是目录\n")  # not staged: pre-commit sets it aside meanwhile
    done = commit_village(
        repository, "      basis: 《中华人民共和国村民委员会组织法》第三十条、《农村集体经济组织财务制度》\n"
    )
    assert done.returncode == 1, done.output
    lines = [line.strip() for line in done.output.splitlines() if " GK" in line]
    assert [line.split()[:2] for line in lines] == [["catalogs/dongqiao-cun.yaml:12:7", "GK203"]]


def test_an_unformatted_file_fails_fmt_check(repository):
    done = commit_village(repository, "parent: example-zhen", "parent:   example-zhen")
    assert done.returncode == 1, done.output
    assert "gongkai fmt --check --diff" in done.output
    assert "-  parent:   example-zhen" in done.output and "+  parent: example-zhen" in done.output  # the diff


def test_published_hooks_run_lint_and_fmt_check():
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h["entry"] for h in hooks} == {
        "gongkai-lint": "gongkai lint",
        "gongkai-fmt": "gongkai fmt --check --diff",
    }
    assert all(h["language"] == "python" and h["files"] == r"^catalogs/.*\.ya?ml$" for h in hooks)
    assert [h.get("require_serial", False) for h in hooks] == [True, False]  # lint loads the county once


def test_init_writes_a_pre_commit_config_using_them(tmp_path):
    init(tmp_path / "county", "测试县")
    config = YAML(typ="safe").load((tmp_path / "county" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert {h["entry"] for h in hooks} == {"gongkai lint", "gongkai fmt --check --diff"}
    assert {h["language"] for h in hooks} == {"system"}  # the installed gongkai: nothing to fetch
