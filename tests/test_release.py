"""The release workflow of this repository: a tag is released only when it is pyproject.toml's version and the
changelog has a dated section for it, whose text becomes the release's notes."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("release", REPO / "scripts" / "release.py")
release = importlib.util.module_from_spec(spec)
spec.loader.exec_module(release)

PYPROJECT = '[project]\nname = "gongkai"\nversion = "0.2.0"\n'
CHANGELOG = """# Changelog

## [Unreleased]

- next

## [0.2.0] - 2027-03-01

- GitLab Code Quality.
- JUnit.

## [0.1.0] - 2026-12-07

- First.
"""


def test_the_notes_are_the_tags_section():
    assert release.release_notes("v0.2.0", PYPROJECT, CHANGELOG) == "- GitLab Code Quality.\n- JUnit.\n"


@pytest.mark.parametrize(
    ("tag", "changelog", "why"),
    [
        ("v0.1.0", CHANGELOG, "not v0.2.0"),
        ("0.2.0", CHANGELOG, "not v0.2.0"),
        ("v0.2.0", CHANGELOG.replace("## [0.2.0] - 2027-03-01", "## [0.2.0] - unreleased"), "dated 'unreleased'"),
        ("v0.2.0", CHANGELOG.replace("[0.2.0]", "[0.1.9]"), "no section"),
    ],
)
def test_a_tag_that_does_not_agree_is_refused(tag, changelog, why):
    with pytest.raises(release.NotReleasable, match=why):
        release.release_notes(tag, PYPROJECT, changelog)


def test_the_changelog_has_a_section_for_the_current_version():
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"## [{version}] - " in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_workflow_runs_on_tags_checks_builds_and_publishes():
    workflow = YAML(typ="safe").load((REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    runs = [step["run"] for step in workflow["jobs"]["release"]["steps"] if "run" in step]
    assert runs[0] == 'python scripts/release.py "$GITHUB_REF_NAME" > notes.md'  # before anything is built
    assert "python -m build" in runs and "twine check --strict dist/*" in runs
    assert "gongkai init /tmp/county" in runs[-2] and "gongkai lint && /tmp/try/bin/gongkai build" in runs[-2]
    assert runs[-1].startswith('gh release create "$GITHUB_REF_NAME" dist/*')


def test_main_exits_1_and_says_why(capsys, monkeypatch):
    assert release.main(["v9.9.9"]) == 1
    assert "not releasable: tag v9.9.9" in capsys.readouterr().err
