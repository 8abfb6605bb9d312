"""New things from templates: a county repository (`gongkai init`), a unit's catalog (`gongkai new`)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from ruamel.yaml import YAML

from gongkai import __version__, clock
from gongkai.errors import UsageError
from gongkai.fmt import canonical
from gongkai.model.domain import Domain, GuideItem, resolve_domain
from gongkai.model.guide import expected_guide_items
from gongkai.model.project import load_domains
from gongkai.model.vocab import KIND_LEVEL, check_unit_slug
from gongkai.resources import packaged
from gongkai.schema import write_schemas

STARTER = Path(__file__).resolve().parent / "starter"
# Starter files are stored without leading dots, so that every packaging tool keeps them.
STARTER_NAMES = {
    "gongkai.toml": "gongkai.toml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "requirements.txt": "requirements.txt",
    "gitignore": ".gitignore",
    "templates-README.md": "templates/README.md",
    # Editors: VS Code checks and completes catalogs, domains and the config against the schemas while typing.
    "vscode/settings.json": ".vscode/settings.json",
    "vscode/extensions.json": ".vscode/extensions.json",
}
CI_FILES = {
    "github": ("github/workflows/gongkai.yml", ".github/workflows/gongkai.yml"),
    "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml"),
    "jenkins": ("Jenkinsfile", "Jenkinsfile"),
}
"""The CI platforms init writes a file for (Gitee Go is set up in its web page: docs/ci.md)."""


EXAMPLES = [
    ("example-zhen", "{county}示例镇人民政府", "township", ["shehui-jiuzhu", "yanglao-fuwu"]),
    ("example-ju", "{county}教育体育局", "department", ["yiwu-jiaoyu"]),
]


def init(
    target: Path, county: str = "示例县", ci: Iterable[str] = tuple(CI_FILES), install: str | None = None
) -> list[Path]:
    """Create a county repository in `target` (new or empty): config, two example units, the pilot domains,
    the JSON Schemas, pre-commit, a requirements.txt pinning gongkai to `install` (default: `installed_from()`)
    and the CI files of the `ci` platforms. Returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target}: 文件夹已存在且不为空；请指定新的文件夹 (folder exists and is not empty)")
    check_name(county, "县名")
    unknown = sorted(set(ci) - set(CI_FILES))
    if unknown:
        raise UsageError(f"--ci「{'、'.join(unknown)}」应为 {'、'.join(CI_FILES)} 之一 (unknown CI platform)")
    requirement = check_requirement(install) if install is not None else installed_from()
    values = {"{{county}}": county, "{{install}}": requirement}
    written = write_starter(target, {**STARTER_NAMES, **dict(CI_FILES[p] for p in CI_FILES if p in ci)}, values)
    (target / "domains").mkdir()
    for domain in sorted(packaged("domains").glob("*.yaml")):
        written.append(Path(shutil.copy2(domain, target / "domains" / domain.name)))
    # The two example units come from the guides, so that they cover them and lint clean.
    domains = load_domains(target / "domains")[0]
    reviewed = clock.today()
    for slug, name, kind, domain_ids in EXAMPLES:
        written.append(
            new_catalog(target, slug, name.format(county=county), kind, domain_ids, domains, reviewed=reviewed)
        )
    written += write_schemas(target / "schemas")
    return written


def check_name(name: str, what: str) -> None:
    """A county's or city's name goes into gongkai.toml and YAML as it is: nothing that would end its string."""
    if not name.strip() or any(c in name for c in '"\\\n:#'):
        raise UsageError(f"{what}「{name}」不能为空，也不能含引号、反斜杠、冒号、# 或换行 (invalid name)")


def write_starter(target: Path, files: dict[str, str], values: dict[str, str]) -> list[Path]:
    """The starter `files` (stored name → name in `target`) with their placeholders filled from `values` (and
    {{today}}, {{version}}). Returns the files written."""
    values = {"{{today}}": clock.today().isoformat(), "{{version}}": __version__, **values}
    written = []
    for stored, name in files.items():
        text = (STARTER / stored).read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


_PINNED = re.compile(
    r"gongkai *== *[0-9][0-9A-Za-z.+!-]*"  # a version, from an index or mirror that has it
    r"|gongkai *@ *git\+(https|ssh|file)://\S+@[0-9A-Za-z._+-]+"  # a git repository at a tag or commit
    r"|gongkai *@ *(https|file)://\S+\.(whl|tar\.gz)"  # a release file
    r"|\./\S+\.whl"  # a wheel kept in the county's repository
)
"""One line of requirements.txt that installs one gongkai and nothing else: no space, so no option."""
UNPINNED = f"gongkai=={__version__}"


def check_requirement(install: str) -> str:
    """`install` if it is one pinned requirement line for gongkai (see `_PINNED`), else a UsageError. It is
    written into requirements.txt, so nothing else may come with it: no option, no second line."""
    if not _PINNED.fullmatch(install.strip()):
        wheel = f"gongkai-{__version__}-py3-none-any.whl"
        raise UsageError(
            f"--install「{install}」不是固定版本的 gongkai 来源；例如 gongkai @ git+https://…/gongkai.git@v{__version__}、"
            f"gongkai @ https://…/{wheel} 或 ./vendor/{wheel} (not a pinned gongkai requirement)"
        )
    return install.strip()


def installed_from() -> str:
    """Where the running gongkai was installed from, as a pinned requirement: the git repository and commit, or
    the release file's address, that pip recorded (PEP 610). Installed otherwise (from a folder, editable), the
    version alone, which a county must then point at its source."""
    try:
        recorded = json.loads(distribution("gongkai").read_text("direct_url.json") or "{}")
    except (PackageNotFoundError, ValueError):
        return UNPINNED
    url, vcs = recorded.get("url", ""), recorded.get("vcs_info", {})
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        candidate = f"gongkai @ git+{url}@{vcs['commit_id']}"
    elif "archive_info" in recorded and url.startswith("https://"):
        candidate = f"gongkai @ {url}"
    else:
        return UNPINNED
    return candidate if _PINNED.fullmatch(candidate) else UNPINNED


def new_catalog(
    root: Path,
    slug: str,
    name: str,
    kind: str,
    domain_ids: list[str],
    domains: dict[str, Domain],
    force: bool = False,
    reviewed: dt.date | None = None,
    parent: str | None = None,
) -> Path:
    """Write `catalogs/<slug>.yaml` pre-filled from the domains' guides: the items expected at the unit's level,
    owned by the unit. Returns the path written."""
    check_unit_slug(slug)
    if kind not in KIND_LEVEL:
        raise UsageError(f"单位类型「{kind}」应为 {'、'.join(KIND_LEVEL)} 之一 (unknown kind)")
    domain_ids = [resolve_domain(d, domains) for d in domain_ids]
    unknown = [d for d in domain_ids if d not in domains]
    if unknown or not domain_ids:
        known = "、".join(sorted(domains))
        raise UsageError(f"未知的领域「{'、'.join(unknown) or '（未指定）'}」；可用：{known} (unknown domain)")
    path = root / "catalogs" / f"{slug}.yaml"
    if path.exists() and not force:
        raise UsageError(f"{path} 已存在；加 --force 覆盖 (catalog exists)")
    catalog = {
        "unit": {"name": name, "kind": kind, **({"parent": parent} if parent else {})},
        **({"reviewed": reviewed} if reviewed else {}),
        "domains": {
            d: [_from_guide(g, name, kind) for g in expected_guide_items(domains[d], kind)] for d in domain_ids
        },
    }
    buffer = io.StringIO()
    YAML().dump(catalog, buffer)
    text = canonical(buffer.getvalue())
    if reviewed is None:
        review = "# reviewed: 2026-01-01   # 定期评估后填写评估日期 (the date of the last review)"
        text = text.replace("\ndomains:", f"\n{review}\ndomains:", 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _from_guide(guide: GuideItem, owner: str, kind: str) -> dict:
    item = {
        "category": guide.category,
        "name": guide.name,
        "content": guide.content,
        "basis": guide.basis,
        "deadline": guide.deadline,
        "owner": owner,
        "method": guide.method or None,
        "channel": guide.channel or None,
        "audience": guide.audience or None,
        "level": [KIND_LEVEL[kind]],
    }
    return {key: value for key, value in item.items() if key != "category" or value}
