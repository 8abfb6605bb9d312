"""New things from templates: a county repository (`gongkai init`), a unit's catalog (`gongkai new`)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

from ruamel.yaml import YAML

from gongkai import clock
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
    "github/workflows/gongkai.yml": ".github/workflows/gongkai.yml",
    "gitignore": ".gitignore",
    "templates-README.md": "templates/README.md",
}


EXAMPLES = [
    ("example-zhen", "{county}示例镇人民政府", "township", ["shehui-jiuzhu", "yanglao-fuwu"]),
    ("example-ju", "{county}教育体育局", "department", ["yiwu-jiaoyu"]),
]


def init(target: Path, county: str = "示例县") -> list[Path]:
    """Create a county repository in `target` (new or empty): config, two example units, the pilot domains,
    the JSON Schemas, pre-commit and CI examples. Returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target}: 文件夹已存在且不为空；请指定新的文件夹 (folder exists and is not empty)")
    if not county.strip() or any(c in county for c in '"\\\n:#'):
        raise UsageError(f"县名「{county}」不能为空，也不能含引号、反斜杠、冒号、# 或换行 (invalid county name)")
    values = {"{{county}}": county, "{{today}}": clock.today().isoformat()}
    written = []
    for stored, name in STARTER_NAMES.items():
        text = (STARTER / stored).read_text(encoding="utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    (target / "domains").mkdir()
    for domain in sorted(packaged("domains").glob("*.yaml")):
        written.append(Path(shutil.copy2(domain, target / "domains" / domain.name)))
    # The two example units come from the guides, so that they cover them and lint clean.
    domains = load_domains(target / "domains")[0]
    today = clock.today()
    for slug, name, kind, domain_ids in EXAMPLES:
        written.append(new_catalog(target, slug, name.format(county=county), kind, domain_ids, domains, reviewed=today))
    written += write_schemas(target / "schemas")
    return written


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
