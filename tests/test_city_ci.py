"""The CI files `init --city` writes (issue 20): each county's part built in a job of its own, the city's job only
merging. The commands the files hold are run as the jobs would run them: each county job in a fresh copy of the
repository, its artifact carried into a fresh copy for the city's job, which must build no county."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.test_city import SLUGS, make_city

pytestmark = pytest.mark.slow
GONGKAI = [sys.executable, "-m", "gongkai"]


def run(line: str, folder: Path, variables: dict[str, str]) -> str:
    """One `gongkai …` line of a CI file, its variables filled in, in `folder`; its output."""
    for name, value in variables.items():
        line = line.replace(name, value)
    words = shlex.split(line)
    assert words[0] == "gongkai", line
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    done = subprocess.run([*GONGKAI, *words[1:]], cwd=folder, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, (line, done.stdout, done.stderr)
    return done.stdout


def fresh_copy(city: Path, folder: Path) -> Path:
    """The repository as a CI job checks it out: no parts, no site, no cache."""
    ignored = shutil.ignore_patterns(".gongkai-parts", "site", ".gongkai-cache")
    return Path(shutil.copytree(city, folder, ignore=ignored))


def test_gitlab_parallel_matrix_builds_each_county_alone_and_the_city_merges(tmp_path, monkeypatch):
    city = make_city(tmp_path, monkeypatch)
    pipeline = YAML(typ="safe").load((city / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    county_job, city_job = pipeline["county"], pipeline["city"]
    (matrix,) = county_job["parallel"]["matrix"]
    assert matrix["COUNTY"] == SLUGS
    assert city_job["needs"] == ["county"] and city_job["artifacts"]["paths"] == ["site/"]
    merged = fresh_copy(city, tmp_path / "job-city")
    for slug in matrix["COUNTY"]:
        job = fresh_copy(city, tmp_path / f"job-{slug}")
        variables = {'"$COUNTY"': slug, "$COUNTY": slug}
        for line in county_job["script"]:
            assert f"重新生成的县：{slug}；" in run(line, job, variables)
        for path in county_job["artifacts"]["paths"]:
            artifact = path.replace("$COUNTY", slug)
            shutil.copytree(job / artifact, merged / artifact)
    for line in city_job["script"]:
        assert "重新生成的县：无；沿用的县：jia-xian、yi-xian、bing-xian" in run(line, merged, {})
    assert sorted(p.name for p in (merged / "site" / "counties").iterdir()) == sorted(SLUGS)


def test_github_strategy_matrix_builds_each_county_alone_and_the_city_merges(tmp_path, monkeypatch):
    city = make_city(tmp_path, monkeypatch)
    workflow = YAML(typ="safe").load((city / ".github" / "workflows" / "gongkai.yml").read_text(encoding="utf-8"))
    county_job, city_job = workflow["jobs"]["county"], workflow["jobs"]["city"]
    assert county_job["strategy"]["matrix"]["county"] == SLUGS and city_job["needs"] == "county"
    (upload,) = [s["with"] for s in county_job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    (download,) = [s["with"] for s in city_job["steps"] if s.get("uses", "").startswith("actions/download-artifact")]
    assert upload["include-hidden-files"] is True and download["merge-multiple"] is True
    merged = fresh_copy(city, tmp_path / "job-city")
    for slug in SLUGS:
        job = fresh_copy(city, tmp_path / f"job-{slug}")
        for step in county_job["steps"]:
            if step.get("run", "").startswith("gongkai"):
                assert f"重新生成的县：{slug}；" in run(step["run"], job, {"${{ matrix.county }}": slug})
        # download-artifact with merge-multiple puts every artifact's files into one folder
        shutil.copytree(job / upload["path"], merged / download["path"], dirs_exist_ok=True)
    for step in city_job["steps"]:
        if step.get("run", "").startswith("gongkai"):
            assert "重新生成的县：无" in run(step["run"], merged, {})
    assert (merged / "site" / "counties" / "bing-xian" / "index.html").is_file()
