"""GK601 review-overdue: `reviewed` missing, older than `review-max-days` (default 365) or in the future.
The tests' today is TODAY (2026-11-01)."""

import datetime as dt

import pytest

from tests.conftest import CONFIG, GOOD_HEAD, GOOD_ITEM, TODAY, codes_at


def reviewed(date) -> str:
    return GOOD_HEAD.replace("2026-06-01", str(date)) + GOOD_ITEM


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.mark.parametrize("days", [0, 1, 153, 365])
def test_recent_review(check, days):
    assert check(reviewed(days_ago(days)), select=["GK601"]) == []


def test_review_older_than_365_days(county):
    county.write("donghu-zhen.yaml", reviewed("2025-10-31"))
    result = county.lint(select=["GK601"])
    assert codes_at(result) == ["GK601 4:1"]
    problem = result.problems[0]
    assert problem.severity == "warning"
    assert "366 天" in problem.message and "2025-10-31" in problem.message and "365 天" in problem.message


def test_very_old_review(check):
    assert check(reviewed("2023-01-15"), select=["GK601"]) == ["GK601 4:1"]


def test_review_in_the_future(county):
    county.write("donghu-zhen.yaml", reviewed("2026-11-02"))
    result = county.lint(select=["GK601"])
    assert codes_at(result) == ["GK601 4:1"]
    assert "之后" in result.problems[0].message and "2026-11-01" in result.problems[0].message


def test_missing_review_is_reported_at_the_top(county):
    county.write("donghu-zhen.yaml", GOOD_HEAD.replace("reviewed: 2026-06-01\n", "") + GOOD_ITEM)
    result = county.lint(select=["GK601"])
    assert codes_at(result) == ["GK601 1:1"]
    assert "reviewed" in result.problems[0].message


def test_empty_review_is_reported_at_its_key(check):
    assert check(GOOD_HEAD.replace("reviewed: 2026-06-01", "reviewed:") + GOOD_ITEM, select=["GK601"]) == ["GK601 4:1"]


@pytest.mark.parametrize(("date", "expected"), [("2026-10-02", []), ("2026-10-01", ["GK601 4:1"])])
def test_review_max_days_from_config(county, check, date, expected):
    (county.root / "gongkai.toml").write_text(CONFIG + "\n[lint]\nreview-max-days = 30\n", encoding="utf-8")
    assert check(reviewed(date), select=["GK601"]) == expected


def test_message_names_the_configured_limit(county):
    (county.root / "gongkai.toml").write_text(CONFIG + "\n[lint]\nreview-max-days = 30\n", encoding="utf-8")
    county.write("donghu-zhen.yaml", reviewed("2026-06-01"))
    message = county.lint(select=["GK601"]).problems[0].message
    assert "153 天" in message and "30 天" in message


def test_each_catalog_is_checked(county):
    county.write("donghu-zhen.yaml", reviewed("2026-06-01"))
    county.write("xihu-zhen.yaml", reviewed("2024-06-01"))
    result = county.lint(select=["GK601"])
    assert [(p.unit, p.code) for p in result.problems] == [("xihu-zhen", "GK601")]
