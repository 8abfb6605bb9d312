"""New things from templates: a county repository (`gongkai init`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gongkai import clock
from gongkai.errors import UsageError
from gongkai.resources import packaged
from gongkai.schema import write_schemas

STARTER = Path(__file__).resolve().parent / "starter"
# Starter files are stored without leading dots, so that every packaging tool keeps them.
STARTER_NAMES = {
    "gongkai.toml": "gongkai.toml",
    "catalogs/example-zhen.yaml": "catalogs/example-zhen.yaml",
    "catalogs/example-ju.yaml": "catalogs/example-ju.yaml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github/workflows/gongkai.yml": ".github/workflows/gongkai.yml",
    "gitignore": ".gitignore",
    "templates-README.md": "templates/README.md",
}


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
    written += write_schemas(target / "schemas")
    return written
