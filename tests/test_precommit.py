"""The repository publishes pre-commit hooks for lint and fmt --check; init's example uses the same commands."""

from pathlib import Path

from ruamel.yaml import YAML

from gongkai.scaffold import init

REPO = Path(__file__).resolve().parents[1]


def test_published_hooks_run_lint_and_fmt_check():
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"]: h["entry"] for h in hooks} == {
        "gongkai-lint": "gongkai lint",
        "gongkai-fmt": "gongkai fmt --check",
    }
    assert all(h["language"] == "python" and h["files"] == r"^catalogs/.*\.ya?ml$" for h in hooks)


def test_init_writes_a_pre_commit_config_and_ci_workflow_using_them(tmp_path):
    init(tmp_path / "county", "测试县")
    config = YAML(typ="safe").load((tmp_path / "county" / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = {h["entry"] for repo in config["repos"] for h in repo["hooks"]}
    assert entries == {"gongkai lint", "gongkai fmt --check"}
    workflow = (tmp_path / "county" / ".github" / "workflows" / "gongkai.yml").read_text(encoding="utf-8")
    assert "gongkai lint --format github" in workflow and "fetch-depth: 0" in workflow
