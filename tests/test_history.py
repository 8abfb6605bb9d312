"""Change history (gongkai.history): item-by-item diffs between revisions, the dated history and its Atom feed.

A county repository is built in a temporary folder, one commit per step (dates fixed, so the commit hashes are
too): add a unit, add another, change a basis, rename an item, delete an item, revert that, touch only a comment,
break a file, mend it. The diff between each pair of consecutive commits and some others is compared exactly with
tests/history_fixtures/diffs/ (text and JSON); GONGKAI_UPDATE_GOLDEN=1 rewrites those files instead:

    GONGKAI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_history.py

then review `git diff tests/history_fixtures/` before committing it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from gongkai.cache import Cache, digest
from gongkai.errors import GongkaiError
from gongkai.history import (
    COMMIT_DIFF,
    CatalogDiff,
    Snapshots,
    diff_catalogs,
    diff_revisions,
    history,
    last_changed,
    snapshot_text,
    to_json,
    to_markdown,
    to_text,
    unit_history,
)
from gongkai.history import git as history_git
from gongkai.history import snapshots as history_snapshots
from gongkai.load import LoadError
from gongkai.model.addresses import anchor
from gongkai.model.project import load_project
from gongkai.render.feed import atom_feed

FIXTURES = Path(__file__).parent / "history_fixtures"
DEMO = Path(__file__).parents[1] / "catalogs"
CST = dt.timezone(dt.timedelta(hours=8))

DONGHU = """\
# 东湖镇政务公开事项标准目录
unit:
  name: 示例县东湖镇人民政府
  short: 东湖镇
  kind: township
reviewed: 2026-01-05
domains:
  shehui-jiuzhu:
    - category: 最低生活保障
      name: 低保审核信息
      content: 初审对象名单及相关信息（公示7个工作日）
      basis: 《社会救助暂行办法》
      deadline: 信息形成之日起10个工作日内
      owner: 示例县东湖镇人民政府
      method: 主动
      channel: [政府网站, 便民服务站]
      audience: 全社会
    - category: 最低生活保障
      name: 低保审批信息
      content: 低保对象名单（户主姓名、家庭人口、保障金额）
      basis: 《社会救助暂行办法》
      deadline: 审批确认之日起10个工作日内
      owner: 示例县东湖镇人民政府
      method: 主动
      channel: [政府网站, 便民服务站]
      audience: 全社会
    - category: 临时救助
      name: 临时救助审核审批信息
      content: 支出型临时救助对象名单、救助金额、救助事由
      basis: 《社会救助暂行办法》
      deadline: 审批之日起10个工作日内
      owner: 示例县东湖镇人民政府
      method: 主动
      channel: [政府网站]
      audience: 全社会
"""

XISHAN = """\
unit:
  name: 示例县西山乡人民政府
  short: 西山乡
  kind: township
reviewed: 2026-02-10
domains:
  yiwu-jiaoyu:
    - name: 义务教育招生政策
      content: 招生范围、招生条件、招生程序、报名时间
      basis: 《中华人民共和国义务教育法》
      deadline: 信息形成或者变更之日起20个工作日内
      owner: 县教育体育局
      method: 主动
      channel: [政府网站, 两微一端]
      audience: 全社会
    - name: 学生资助政策
      content: 资助对象、资助标准、申请程序
      basis: 《学生资助资金管理办法》
      deadline: 信息形成或者变更之日起20个工作日内
      owner: 县教育体育局
      method: 主动
      channel: [政府网站]
      audience: 全社会
"""

TEMPORARY_RELIEF = DONGHU[DONGHU.index("    - category: 临时救助") :]


def step_basis(text: str) -> str:
    """低保审批信息 cites one more document; 低保审核信息 says 主动公开 (the same as 主动); a new review date."""
    text = text.replace("reviewed: 2026-01-05", "reviewed: 2026-03-02")
    text = text.replace(
        "      basis: 《社会救助暂行办法》\n      deadline: 审批确认",
        "      basis: 《社会救助暂行办法》、《最低生活保障审核确认办法》\n      deadline: 审批确认",
    )
    return text.replace("      method: 主动\n", "      method: 主动公开\n", 1)


def step_rename(text: str) -> str:
    """低保审核信息 becomes 低保审核公示信息, its deadline a little shorter: one item renamed, not two."""
    return text.replace("name: 低保审核信息", "name: 低保审核公示信息").replace(
        "信息形成之日起10个工作日内", "信息形成之日起7个工作日内"
    )


@dataclass
class Step:
    label: str
    message: str
    date: dt.datetime
    files: dict[str, str | None]  # catalogs/<name> → text (None: delete); empty for the revert


def steps() -> list[Step]:
    donghu_c3 = step_basis(DONGHU)
    donghu_c4 = step_rename(donghu_c3)
    donghu_c5 = donghu_c4.replace(TEMPORARY_RELIEF, "")
    xishan_c7 = "# 2026年5月核对\n" + XISHAN
    xishan_c8 = xishan_c7.replace("资助对象、资助标准、申请程序", "[资助对象、资助标准")
    xishan_c9 = xishan_c7.replace("资助对象、资助标准、申请程序", "资助对象、资助标准、申请程序、资助名单")
    return [
        Step("c1", "东湖镇目录", dt.datetime(2026, 1, 5, 9, 30, tzinfo=CST), {"donghu-zhen.yaml": DONGHU}),
        Step("c2", "新增西山乡目录", dt.datetime(2026, 2, 10, 10, 0, tzinfo=CST), {"xishan-xiang.yaml": XISHAN}),
        Step("c3", "更新低保审批依据", dt.datetime(2026, 3, 2, 15, 0, tzinfo=CST), {"donghu-zhen.yaml": donghu_c3}),
        Step("c4", "低保审核信息更名", dt.datetime(2026, 3, 20, 11, 0, tzinfo=CST), {"donghu-zhen.yaml": donghu_c4}),
        Step("c5", "删除临时救助事项", dt.datetime(2026, 4, 8, 16, 0, tzinfo=CST), {"donghu-zhen.yaml": donghu_c5}),
        Step("c6", "撤销：删除临时救助事项", dt.datetime(2026, 4, 9, 8, 0, tzinfo=CST), {}),
        Step("c7", "西山乡目录加注", dt.datetime(2026, 5, 1, 9, 0, tzinfo=CST), {"xishan-xiang.yaml": xishan_c7}),
        Step("c8", "西山乡目录（有误）", dt.datetime(2026, 5, 10, 9, 0, tzinfo=CST), {"xishan-xiang.yaml": xishan_c8}),
        Step("c9", "修正西山乡目录", dt.datetime(2026, 5, 11, 9, 0, tzinfo=CST), {"xishan-xiang.yaml": xishan_c9}),
    ]


def git(root: Path, *args: str, date: dt.datetime | None = None) -> str:
    env = {**os.environ}
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date.isoformat()
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module", autouse=True)
def isolated_git() -> None:
    """No user or system git configuration (signing, hooks, default branch) reaches the tests."""
    saved = {k: os.environ.get(k) for k in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_AUTHOR_NAME")}
    os.environ.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    os.environ.pop("GIT_AUTHOR_NAME", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@dataclass
class County:
    root: Path
    commits: dict[str, str]  # step label → commit hash


def new_repository(root: Path, title: str = "测试县基层政务公开标准化规范化专题") -> None:
    """An empty county in a new git repository, with its config not yet committed."""
    (root / "catalogs").mkdir(parents=True)
    (root / "gongkai.toml").write_text(f'[site]\ntitle = "{title}"\n', encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "测试员")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")


def build_county(root: Path) -> County:
    new_repository(root)
    git(root, "add", "gongkai.toml")
    git(root, "commit", "-q", "-m", "配置", date=dt.datetime(2026, 1, 1, 9, 0, tzinfo=CST))
    commits = {}
    for step in steps():
        if step.label == "c6":
            git(root, "revert", "--no-commit", "HEAD")
        for name, text in step.files.items():
            path = root / "catalogs" / name
            if text is None:
                path.unlink()
            else:
                path.write_text(text, encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", step.message, date=step.date)
        commits[step.label] = git(root, "rev-parse", "HEAD")
    return County(root, commits)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return build_county(tmp_path_factory.mktemp("history") / "county")


@pytest.fixture
def own_county(county: County, tmp_path: Path) -> County:
    """A copy of the county for a test that changes it."""
    root = tmp_path / "county"
    shutil.copytree(county.root, root)
    return County(root, county.commits)


def assert_golden(name: str, actual: str) -> None:
    path = FIXTURES / "diffs" / name
    if os.environ.get("GONGKAI_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.is_file(), f"{path} is missing; run with GONGKAI_UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_bytes().decode("utf-8"), f"{path} differs; GONGKAI_UPDATE_GOLDEN=1 rewrites it"


def kinds(diff: CatalogDiff) -> list[tuple[str, str, str]]:
    """(kind, unit, name) of each change: what each step's diff must come to, at a glance."""
    return [(c.kind, c.unit, c.name) for c in diff.changes]


# --- diff between revisions -----------------------------------------------------------------------------------------

PAIRS = {
    ("c1", "c2"): [("added", "xishan-xiang", "义务教育招生政策"), ("added", "xishan-xiang", "学生资助政策")],
    ("c2", "c3"): [("changed", "donghu-zhen", "低保审批信息")],  # 主动 → 主动公开 is no change
    ("c3", "c4"): [("renamed", "donghu-zhen", "低保审核公示信息")],
    ("c4", "c5"): [("removed", "donghu-zhen", "临时救助审核审批信息")],
    ("c5", "c6"): [("added", "donghu-zhen", "临时救助审核审批信息")],
    ("c6", "c7"): [],  # a comment
    ("c7", "c8"): [],  # the file does not parse: a note, nothing compared
    ("c8", "c9"): [],  # the same, from the other side
    ("c7", "c9"): [("changed", "xishan-xiang", "学生资助政策")],
    ("c1", "c4"): [
        ("added", "xishan-xiang", "义务教育招生政策"),
        ("added", "xishan-xiang", "学生资助政策"),
        ("renamed", "donghu-zhen", "低保审核公示信息"),
        ("changed", "donghu-zhen", "低保审批信息"),
    ],
    ("c4", "c6"): [],  # deleted and restored
    ("c6", "c1"): [
        ("removed", "xishan-xiang", "义务教育招生政策"),
        ("removed", "xishan-xiang", "学生资助政策"),
        ("renamed", "donghu-zhen", "低保审核信息"),
        ("changed", "donghu-zhen", "低保审批信息"),
    ],
}


@pytest.mark.parametrize(("old", "new"), list(PAIRS), ids=[f"{a}-{b}" for a, b in PAIRS])
def test_diff_between_revisions(county: County, old: str, new: str) -> None:
    diff = diff_revisions(county.root, county.commits[old], county.commits[new])
    assert sorted(kinds(diff)) == sorted(PAIRS[(old, new)])
    assert diff.old_commit == county.commits[old]
    assert diff.new_commit == county.commits[new]
    assert_golden(f"{old}-{new}.txt", to_text(diff))
    assert_golden(f"{old}-{new}.json", to_json(diff))


def test_diff_says_what_changed_in_chinese(county: County) -> None:
    c = county.commits
    diff = diff_revisions(county.root, c["c2"], c["c3"])
    [change] = diff.changes
    assert change.elements == (("basis", "《社会救助暂行办法》", "《社会救助暂行办法》、《最低生活保障审核确认办法》"),)
    assert change.anchor == anchor("shehui-jiuzhu", "低保审批信息")
    assert [(u.unit, u.key, u.old, u.new) for u in diff.unit_changes] == [
        ("donghu-zhen", "reviewed", "2026-01-05", "2026-03-02")
    ]
    assert to_text(diff) == (
        f"目录变更：{c['c2'][:7]} → {c['c3'][:7]}\n"
        "修改 1 项、单位信息变更 1 处\n"
        "\n"
        "东湖镇（donghu-zhen）\n"
        "  单位信息\n"
        "    「评估日期」：2026-01-05 → 2026-03-02\n"
        "  社会救助（shehui-jiuzhu）\n"
        "    修改：低保审批信息\n"
        "      「公开依据」：《社会救助暂行办法》 → 《社会救助暂行办法》、《最低生活保障审核确认办法》\n"
    )
    renamed = diff_revisions(county.root, c["c3"], c["c4"]).changes[0]
    assert (renamed.old_name, renamed.name, renamed.old_identity) == (
        "低保审核信息",
        "低保审核公示信息",
        "低保审核信息",
    )
    assert renamed.elements == (("deadline", "信息形成之日起10个工作日内", "信息形成之日起7个工作日内"),)
    assert renamed.anchor == anchor("shehui-jiuzhu", "低保审核公示信息")
    assert diff_revisions(county.root, c["c4"], c["c5"]).changes[0].anchor is None


def test_unreadable_file_is_a_note_not_a_removal(county: County) -> None:
    diff = diff_revisions(county.root, county.commits["c7"], county.commits["c8"])
    assert diff.changes == [] and not diff.units_removed
    assert len(diff.notes) == 1 and diff.notes[0].startswith(f"「xishan-xiang」在 {county.commits['c8'][:7]} 无法读取")


def test_exit_code_semantics(county: County) -> None:
    """`gongkai diff --exit-code` exits 1 exactly when `changed` is true."""
    c = county.commits
    assert diff_revisions(county.root, c["c1"], c["c2"]).changed
    assert diff_revisions(county.root, c["c2"], c["c3"]).changed
    assert not diff_revisions(county.root, c["c4"], c["c6"]).changed
    assert not diff_revisions(county.root, c["c6"], c["c7"]).changed
    assert not diff_revisions(county.root, "HEAD", None).changed  # a clean working tree


def test_revision_names(county: County) -> None:
    diff = diff_revisions(county.root, "HEAD~1", "main")
    assert diff.old == f"HEAD~1（{county.commits['c8'][:7]}）"
    assert diff.new == f"main（{county.commits['c9'][:7]}）"
    with pytest.raises(GongkaiError, match="找不到版本「nonesuch」") as raised:
        diff_revisions(county.root, "nonesuch")
    assert raised.value.exit_code == 2
    with pytest.raises(GongkaiError, match="不是有效的 git 版本名"):
        diff_revisions(county.root, "--output=/tmp/x")


def test_diff_against_the_working_tree(own_county: County) -> None:
    root = own_county.root
    path = root / "catalogs" / "donghu-zhen.yaml"
    text = path.read_text(encoding="utf-8").replace("      method: 主动\n", "      method: 主动公开\n")
    text += (
        TEMPORARY_RELIEF.replace("临时救助审核审批信息", "特困人员认定信息")
        .replace("支出型临时救助对象名单、救助金额、救助事由", "特困人员名单、供养形式、认定结果")
        .replace("method: 主动", "method: 依申请公开")
    )
    path.write_text(text, encoding="utf-8")
    (root / "catalogs" / "xishan-xiang.yaml").unlink()
    diff = diff_revisions(root)  # on main: the merge base is HEAD
    assert diff.new == "工作区" and diff.new_commit is None
    assert diff.old == f"{own_county.commits['c9'][:7]}（与 main 的合并基点）"
    assert kinds(diff) == [
        ("added", "donghu-zhen", "特困人员认定信息"),
        ("removed", "xishan-xiang", "义务教育招生政策"),
        ("removed", "xishan-xiang", "学生资助政策"),
    ]
    assert diff.units_removed == ["xishan-xiang"]
    assert to_text(diff) == (
        f"目录变更：{own_county.commits['c9'][:7]}（与 main 的合并基点） → 工作区\n"
        "新增 1 项、删除 2 项、删除单位 1 个\n"
        "\n"
        "东湖镇（donghu-zhen）\n"
        "  社会救助（shehui-jiuzhu）\n"
        "    新增：特困人员认定信息\n"
        "\n"
        "西山乡（xishan-xiang）（删除单位）\n"
        "  义务教育（yiwu-jiaoyu）\n"
        "    删除：义务教育招生政策\n"
        "    删除：学生资助政策\n"
    )


def test_default_old_revision_is_the_merge_base(own_county: County) -> None:
    root = own_county.root
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "catalogs" / "xishan-xiang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("申请程序、资助名单", "申请程序"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "学生资助政策改回", date=dt.datetime(2026, 6, 1, 9, 0, tzinfo=CST))
    git(root, "checkout", "-q", "main")
    git(root, "commit", "-q", "--allow-empty", "-m", "主线另有提交", date=dt.datetime(2026, 6, 2, 9, 0, tzinfo=CST))
    git(root, "checkout", "-q", "feature")
    diff = diff_revisions(root)
    assert diff.old_commit == own_county.commits["c9"]
    assert kinds(diff) == [("changed", "xishan-xiang", "学生资助政策")]
    assert to_markdown(diff) == (
        f"### 目录变更：{own_county.commits['c9'][:7]}（与 main 的合并基点） → 工作区\n"
        "\n"
        "修改 1 项\n"
        "\n"
        "#### 西山乡（xishan-xiang）\n"
        "\n"
        "- **义务教育（yiwu-jiaoyu）**\n"
        "  - 修改：学生资助政策\n"
        "    - 「公开内容」：资助对象、资助标准、申请程序、资助名单 → 资助对象、资助标准、申请程序\n"
    )


def test_shallow_clone_names_what_is_missing(county: County, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{county.root}", str(clone)], check=True, capture_output=True
    )
    with pytest.raises(GongkaiError, match="浅克隆") as raised:
        diff_revisions(clone, county.commits["c2"])
    assert "git fetch --unshallow" in raised.value.message and raised.value.exit_code == 2
    assert not diff_revisions(clone).changed  # HEAD is main: its own merge base
    logged: list[str] = []
    assert history(clone, log=logged.append) == []  # the one commit there has no parent to compare with
    assert any("浅克隆" in line for line in logged)


def test_outside_git(tmp_path: Path) -> None:
    (tmp_path / "catalogs").mkdir()
    with pytest.raises(GongkaiError, match="不在 git 仓库中"):
        diff_revisions(tmp_path)
    assert history(tmp_path) == []


def test_without_git_installed(county: County, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(GongkaiError, match="找不到 git 命令"):
        diff_revisions(county.root)
    assert history(county.root) == []


# --- comparing catalogs as data -------------------------------------------------------------------------------------


def catalog(*items: dict) -> dict:
    return {"unit": {"name": "示例县东湖镇人民政府", "kind": "township"}, "domains": {"shehui-jiuzhu": list(items)}}


ITEM = {
    "name": "低保审核信息",
    "content": "初审对象名单及相关信息（公示7个工作日）",
    "basis": "《社会救助暂行办法》",
    "deadline": "信息形成之日起10个工作日内",
    "owner": "示例县东湖镇人民政府",
    "method": "依申请",
    "channel": ["政府网站"],
    "audience": "全社会",
}


def test_normalised_values_are_no_change() -> None:
    variant = {**ITEM, "method": "依申请公开", "channel": "网站", "basis": "  《社会救助暂行办法》\u3000"}
    assert diff_catalogs({"u": catalog(ITEM)}, {"u": catalog(variant)}) == []


def test_rename_needs_similar_content() -> None:
    renamed = {**ITEM, "name": "低保审核公示信息", "basis": "《社会救助暂行办法》（2019年修订）"}
    [change] = diff_catalogs({"u": catalog(ITEM)}, {"u": catalog(renamed)})
    assert (change.kind, change.old_name, change.name) == ("renamed", "低保审核信息", "低保审核公示信息")
    other = {**ITEM, "name": "低保审批信息", "content": "低保对象名单（户主姓名、家庭人口、保障金额）"}
    changes = diff_catalogs({"u": catalog(ITEM)}, {"u": catalog(other)})
    assert [(c.kind, c.name) for c in changes] == [("added", "低保审批信息"), ("removed", "低保审核信息")]


def test_an_id_keeps_the_identity_through_a_rename() -> None:
    before = {**ITEM, "id": "dibao-shenhe"}
    after = {**before, "name": "低保审核公示信息", "content": "全新的内容"}
    [change] = diff_catalogs({"u": catalog(before)}, {"u": catalog(after)})
    assert (change.kind, change.identity, change.old_identity) == ("renamed", "dibao-shenhe", "dibao-shenhe")
    assert change.elements == (("content", "初审对象名单及相关信息（公示7个工作日）", "全新的内容"),)
    assert change.anchor == anchor("shehui-jiuzhu", "dibao-shenhe")


def test_an_invalid_item_is_unknown_not_removed() -> None:
    broken = {**ITEM, "method": ["主动", {"x": 1}]}
    assert diff_catalogs({"u": catalog(ITEM)}, {"u": catalog(broken)}) == []
    assert diff_catalogs({"u": catalog(broken)}, {"u": catalog(ITEM)}) == []
    extra_key = {**ITEM, "colour": "红"}  # dropped, as validate() drops it; the item stays
    assert diff_catalogs({"u": catalog(ITEM)}, {"u": catalog(extra_key)}) == []
    not_a_catalog = diff_catalogs({"u": catalog(ITEM)}, {"u": ["not", "a", "catalog"]})
    assert not_a_catalog == []


def test_unit_added_and_removed() -> None:
    changes = diff_catalogs({"a": catalog(ITEM)}, {"b": catalog(ITEM)})
    assert [(c.kind, c.unit) for c in changes] == [("removed", "a"), ("added", "b")]


TRICKY = {
    "anchor used across items": DONGHU.replace(
        "channel: [政府网站, 便民服务站]", "channel: &web [政府网站]", 1
    ).replace("channel: [政府网站, 便民服务站]", "channel: *web"),
    "flow style domains": "unit: {name: 东湖镇, kind: township}\ndomains: {shehui-jiuzhu: [{name: 甲, content: 乙}]}\n",
    "windows line ends": DONGHU.replace("\n", "\r\n"),
    "block scalars and comments": DONGHU.replace(
        "      content: 低保对象名单（户主姓名、家庭人口、保障金额）\n",
        "      content: |\n        低保对象名单\n\n        # 不是注释\n  # 是注释\n        - 户主姓名\n",
    ),
    "items level with their domain key": DONGHU.replace("\n    ", "\n  "),
    "duplicate domain": DONGHU + "  shehui-jiuzhu:\n    - name: 重复\n",
    "duplicate key in an item": DONGHU.replace("      owner:", "      name: 又一个名字\n      owner:", 1),
    "invalid item": DONGHU.replace("      audience: 全社会\n", "      audience: {甲: 乙}\n", 1),
    "unknown key in an item": DONGHU.replace("      audience: 全社会\n", "      audience: 全社会\n      x: 1\n", 1),
    "nameless invalid item": DONGHU + "    - content: 只有内容\n      method: [[1]]\n",
    "domain that is not a list": DONGHU + "  yiwu-jiaoyu: 没有事项\n",
    "empty domain": DONGHU + "  yiwu-jiaoyu:\n",
    "withheld after domains": DONGHU + "withheld:\n  - name: 身份证号码\n    basis: 《条例》第十五条\n",
    "broken unit": DONGHU.replace("kind: township", "kind: 乡镇"),
    "syntax error": DONGHU.replace("content: 低保对象名单", "content: [低保对象名单"),
    "nested list in an item": DONGHU.replace(
        "channel: [政府网站]\n", "channel:\n        - 政府网站\n        - 两微一端\n"
    ),
}


@pytest.mark.parametrize("text", list(TRICKY.values()), ids=list(TRICKY))
def test_fast_path_agrees_with_the_whole_file(text: str) -> None:
    """Snapshots cuts a file at its items and caches each; whatever the layout, the result is the one validating
    the whole file gives. A second file sharing the items (served from the cache) agrees too."""
    snapshots = Snapshots()
    expected = snapshot_text(text)
    cut = history_snapshots._cut(text)
    if cut is not None:  # each item parsed on its own
        assert Snapshots()._fast(cut) in (None, expected)
    assert snapshots.of_text(text) == expected
    assert snapshots.of_text(text) == expected
    changed = text.replace("示例县东湖镇人民政府\n  short", "示例县东湖镇人民政府 \n  short")
    assert snapshots.of_text(changed) == snapshot_text(changed)


def test_fast_path_agrees_on_every_demo_catalog() -> None:
    snapshots = Snapshots()
    for path in sorted(DEMO.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert history_snapshots._cut(text) is not None, path  # the demo's layout is the one the cutter knows
        expected = snapshot_text(text)
        assert expected.exact, path
        assert snapshots.of_text(text) == expected, path  # the whole file, seeding the item cache
        assert snapshots._fast(history_snapshots._cut(text)) == expected, path  # from the item cache
        assert Snapshots()._fast(history_snapshots._cut(text)) == expected, path  # each item parsed on its own
    for chunk, seeded in snapshots._chunks.items():
        assert history_snapshots._chunk_item(chunk) == seeded


BAD_INPUT = sorted(p for p in (Path(__file__).parent / "bad_input").iterdir() if p.suffix in (".yaml", ".yml"))


@pytest.mark.parametrize("path", BAD_INPUT, ids=[p.name for p in BAD_INPUT])
def test_bad_input_never_stops_the_history(path: Path) -> None:
    """Every file of the bad-input corpus becomes a snapshot (readable or with its problem), fast or not."""
    raw = path.read_bytes()
    snapshot = Snapshots().of_bytes(raw)
    try:
        text, _ = history_snapshots.decode(raw)
    except LoadError:
        assert snapshot.problem
    else:
        assert snapshot == snapshot_text(text)


# --- history ---------------------------------------------------------------------------------------------------------


def test_history_entries(county: County) -> None:
    entries = history(county.root)
    c = county.commits
    assert [e.commit for e in entries] == [c[s] for s in ("c9", "c6", "c5", "c4", "c3", "c2", "c1")]
    assert [e.message for e in entries][:2] == ["修正西山乡目录", "撤销：删除临时救助事项"]
    assert entries[0].date == dt.datetime(2026, 5, 11, 9, 0, tzinfo=CST)
    assert entries[0].day == dt.date(2026, 5, 11)
    assert [kinds(e.diff) for e in entries] == [
        [("changed", "xishan-xiang", "学生资助政策")],  # against c7: the broken c8 in between is skipped
        [("added", "donghu-zhen", "临时救助审核审批信息")],
        [("removed", "donghu-zhen", "临时救助审核审批信息")],
        [("renamed", "donghu-zhen", "低保审核公示信息")],
        [("changed", "donghu-zhen", "低保审批信息")],
        [("added", "xishan-xiang", "义务教育招生政策"), ("added", "xishan-xiang", "学生资助政策")],
        [
            ("added", "donghu-zhen", "临时救助审核审批信息"),
            ("added", "donghu-zhen", "低保审批信息"),
            ("added", "donghu-zhen", "低保审核信息"),
        ],
    ]
    assert entries[-1].diff.units_added == ["donghu-zhen"]
    assert entries[0].diff.domain_names["yiwu-jiaoyu"] == "义务教育"


def test_history_links_point_at_the_items_as_they_are_now(county: County) -> None:
    entries = history(county.root)
    now = current_anchors(county.root)
    first = {c.name: c for c in entries[-1].changes}
    assert first["低保审核信息"].url == f"units/donghu-zhen.html#{anchor('shehui-jiuzhu', '低保审核公示信息')}"
    assert first["临时救助审核审批信息"].anchor == anchor("shehui-jiuzhu", "临时救助审核审批信息")  # restored
    for entry in entries:
        for change in entry.changes:
            if change.kind == "removed":
                assert change.url is None
            else:
                assert change.url in now, change


def current_anchors(root: Path) -> set[str]:
    project = load_project(root)
    return {
        f"units/{f.slug}.html#{anchor(domain, item.identity)}"
        for f in project.catalogs
        for domain, _, item in f.items()
    }


def test_unit_history(county: County) -> None:
    entries = unit_history(history(county.root), "xishan-xiang")
    assert [e.commit for e in entries] == [county.commits["c9"], county.commits["c2"]]
    assert all(c.unit == "xishan-xiang" for e in entries for c in e.changes)


def test_last_changed(county: County) -> None:
    dates = last_changed(history(county.root))
    assert dates == {
        ("donghu-zhen", "shehui-jiuzhu", "低保审核公示信息"): dt.date(2026, 3, 20),
        ("donghu-zhen", "shehui-jiuzhu", "低保审批信息"): dt.date(2026, 3, 2),
        ("donghu-zhen", "shehui-jiuzhu", "临时救助审核审批信息"): dt.date(2026, 4, 9),
        ("xishan-xiang", "yiwu-jiaoyu", "义务教育招生政策"): dt.date(2026, 2, 10),
        ("xishan-xiang", "yiwu-jiaoyu", "学生资助政策"): dt.date(2026, 5, 11),
    }


def test_history_limit(county: County) -> None:
    entries = history(county.root, limit=4)
    assert [e.commit for e in entries] == [county.commits["c9"], county.commits["c6"]]  # c8, c7: no change


def test_history_follows_the_first_parent(own_county: County) -> None:
    """A merged branch is one entry, dated when it was merged; its own commits are not entries."""
    root = own_county.root
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "catalogs" / "xishan-xiang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("县教育体育局", "示例县教育体育局"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "改公开主体", date=dt.datetime(2026, 6, 1, 9, 0, tzinfo=CST))
    git(root, "checkout", "-q", "main")
    git(
        root,
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "合并：改公开主体",
        "feature",
        date=dt.datetime(2026, 6, 3, 9, 0, tzinfo=CST),
    )
    entries = history(root)
    assert entries[0].message == "合并：改公开主体" and entries[0].day == dt.date(2026, 6, 3)
    assert [(c.kind, c.name, c.elements[0][0]) for c in entries[0].changes] == [
        ("changed", "义务教育招生政策", "owner"),
        ("changed", "学生资助政策", "owner"),
    ]
    assert [e.commit for e in entries[1:]] == [e.commit for e in history(own_county.root)[1:]]


def test_county_in_a_subfolder(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    root = top / "counties" / "ceshi"
    (root / "catalogs").mkdir(parents=True)
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.name", "测试员")
    git(top, "config", "user.email", "test@example.com")
    (top / "catalogs").mkdir()
    (top / "catalogs" / "not-this-county.yaml").write_text(XISHAN, encoding="utf-8")
    (root / "catalogs" / "donghu-zhen.yaml").write_text(DONGHU, encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "两个目录", date=dt.datetime(2026, 1, 5, 9, 0, tzinfo=CST))
    (root / "catalogs" / "donghu-zhen.yaml").write_text(DONGHU.replace(TEMPORARY_RELIEF, ""), encoding="utf-8")
    entries = history(root)
    assert [kinds(e.diff) for e in entries] == [
        [
            ("added", "donghu-zhen", "临时救助审核审批信息"),
            ("added", "donghu-zhen", "低保审批信息"),
            ("added", "donghu-zhen", "低保审核信息"),
        ]
    ]
    assert kinds(diff_revisions(root)) == [("removed", "donghu-zhen", "临时救助审核审批信息")]


def test_a_file_too_large_is_unreadable_not_a_hang(county: County, monkeypatch: pytest.MonkeyPatch) -> None:
    """Blobs past the size limit are skipped in the cat-file stream; the blobs after them still read right."""
    limit = len(steps()[-1].files["xishan-xiang.yaml"].encode("utf-8"))  # the largest 西山乡, still read
    assert len(DONGHU.replace(TEMPORARY_RELIEF, "").encode("utf-8")) > limit  # every 东湖镇 is too large
    monkeypatch.setattr(history_git, "MAX_FILE_BYTES", limit)
    entries = history(county.root)
    assert [e.commit for e in entries] == [county.commits["c9"], county.commits["c2"]]
    diff = diff_revisions(county.root, county.commits["c2"], county.commits["c3"])
    assert not diff.changed and len(diff.notes) == 2 and "文件过大" in diff.notes[0]


class CountingGit:
    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.calls: list[list[str]] = []
        real = history_git.run_git

        def run(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
            self.calls.append(args)
            return real(args, cwd, stdin)

        monkeypatch.setattr(history_git, "run_git", run)

    def count(self, command: str) -> int:
        return sum(1 for args in self.calls if args and args[0] == command)


def test_cache(own_county: County, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache")
    git_calls = CountingGit(monkeypatch)
    cold = history(own_county.root, cache)
    assert git_calls.count("diff-tree") == 1
    kinds_kept = cache.info().kinds
    assert kinds_kept["history"].entries == len(own_county.commits) and kinds_kept["history-state"].entries == 1

    warm = history(own_county.root, cache)
    assert git_calls.count("diff-tree") == 1  # nothing computed again
    assert warm == cold

    broken = cache._path(COMMIT_DIFF, digest("commit", own_county.commits["c4"]))
    broken.write_bytes(broken.read_bytes()[:-10])
    assert history(own_county.root, cache) == cold
    assert git_calls.count("diff-tree") == 2
    assert cache.get(COMMIT_DIFF, digest("commit", own_county.commits["c4"])) is not None  # rewritten

    path = own_county.root / "catalogs" / "donghu-zhen.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("10个工作日内", "5个工作日内"), encoding="utf-8")
    git(own_county.root, "commit", "-q", "-am", "缩短时限", date=dt.datetime(2026, 6, 1, 9, 0, tzinfo=CST))
    calls_before = len(git_calls.calls)
    newer = history(own_county.root, cache)
    assert newer[1:] == cold
    assert kinds(newer[0].diff) == [
        ("changed", "donghu-zhen", "临时救助审核审批信息"),
        ("changed", "donghu-zhen", "低保审批信息"),
    ]
    assert "ls-tree" not in {args[0] for args in git_calls.calls[calls_before:]}  # the state came from the cache


def test_two_runs_give_the_same_history_and_feed(county: County, tmp_path: Path) -> None:
    built = dt.datetime(2026, 6, 1, 12, 0, tzinfo=CST)
    one = atom_feed(history(county.root), "测试县", None, built)
    two = atom_feed(history(county.root, Cache(tmp_path / "cache")), "测试县", None, built)
    three = atom_feed(history(county.root, Cache(tmp_path / "cache")), "测试县", None, built)
    assert one == two == three


# --- the feed ---------------------------------------------------------------------------------------------------------

A = "{http://www.w3.org/2005/Atom}"


def test_atom_feed(county: County) -> None:
    entries = history(county.root)
    built = dt.datetime(2026, 6, 1, 12, 0, tzinfo=CST)
    feed = ET.fromstring(atom_feed(entries, "测试县基层政务公开", None, built))
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "测试县基层政务公开 · 更新记录"
    assert feed.findtext(f"{A}updated") == "2026-05-11T09:00:00+08:00"  # the newest entry, not the build
    assert feed.findtext(f"{A}id").startswith("urn:uuid:")
    assert feed.find(f"{A}author/{A}name").text == "测试县基层政务公开"
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == "updates.html"
    items = feed.findall(f"{A}entry")
    assert len(items) == len(entries)
    ids = [item.findtext(f"{A}id") for item in items]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for item, entry in zip(items, entries, strict=True):  # every entry has what Atom requires
        assert item.findtext(f"{A}updated") == entry.date.isoformat()
        assert item.findtext(f"{A}title")
        assert item.find(f"{A}link").get("href") == f"updates.html#{entry.anchor}"
        assert item.find(f"{A}content").get("type") == "html"
    first = items[0]
    assert first.findtext(f"{A}title") == "西山乡：修改 1 项"
    assert first.findtext(f"{A}summary") == "修正西山乡目录"
    content = first.findtext(f"{A}content")
    assert f'<a href="units/xishan-xiang.html#{anchor("yiwu-jiaoyu", "学生资助政策")}">学生资助政策</a>' in content
    assert "「公开内容」：资助对象、资助标准、申请程序 → 资助对象、资助标准、申请程序、资助名单" in content

    now = current_anchors(county.root)
    for item in items:  # every item link in the content resolves on the site as built from HEAD
        html = ET.fromstring(f"<div>{item.findtext(f'{A}content')}</div>")
        for link in html.iter("a"):
            assert link.get("href") in now

    again = atom_feed(entries, "测试县基层政务公开", None, built + dt.timedelta(days=1))
    assert [i.findtext(f"{A}id") for i in ET.fromstring(again).findall(f"{A}entry")] == ids


def test_atom_feed_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    """Names and commit messages that try to close the XML, inject markup or carry control characters arrive in
    a well-formed feed as the same text (control characters, which XML cannot hold, as U+FFFD)."""
    root = tmp_path / "county"
    new_repository(root, "测试县")
    hostile = "]]></title><script>alert(1)</script>&amp;<entry>"
    unit, item = (json.dumps(hostile + tail, ensure_ascii=False) for tail in ("镇", "\x1b[31m低保"))
    catalog = f"unit:\n  name: {unit}\n  kind: township\ndomains:\n  shehui-jiuzhu:\n    - name: {item}\n"
    (root / "catalogs" / "x.yaml").write_text(catalog, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", hostile + "\x1b[31m提交", date=dt.datetime(2026, 2, 1, 9, 0, tzinfo=CST))
    feed = ET.fromstring(atom_feed(history(root), hostile, None, dt.datetime(2026, 6, 1, tzinfo=CST)))
    assert feed.findtext(f"{A}title").startswith(hostile)
    (entry,) = feed.findall(f"{A}entry")
    assert hostile in entry.findtext(f"{A}title") + entry.findtext(f"{A}summary")
    content = entry.findtext(f"{A}content")
    html = ET.fromstring(f"<div>{content}</div>")  # the html content is itself well formed, the names text in it
    assert not list(html.iter("script")) and not list(html.iter("entry"))
    assert hostile in "".join(html.itertext())


def test_atom_feed_with_base_url() -> None:
    built = dt.datetime(2026, 6, 1, 12, 0, tzinfo=CST)
    feed = ET.fromstring(atom_feed([], "测试县", "https://gk.example.gov.cn/zt/", built))
    assert feed.findtext(f"{A}updated") == "2026-06-01T12:00:00+08:00"
    assert feed.find(f"{A}link[@rel='self']").get("href") == "https://gk.example.gov.cn/zt/updates.xml"
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == "https://gk.example.gov.cn/zt/updates.html"
    assert feed.find(f"{A}author/{A}name").text == "测试县"
