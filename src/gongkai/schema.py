"""JSON Schemas for editors (yaml-language-server), generated from the models and kept to draft-07 keywords; the
site publishes them with a SchemaStore-style catalog, so that an editor finds them from one address."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from gongkai.config import Config
from gongkai.errors import CheckFailed
from gongkai.model.catalog import Catalog
from gongkai.model.domain import Domain

SCHEMAS: dict[str, type[BaseModel]] = {
    "catalog.schema.json": Catalog,
    "domain.schema.json": Domain,
    "config.schema.json": Config,
}

# Each schema in the site's schema catalog: its name, description and the files it applies to (globs against
# the whole path, as SchemaStore's are).
CATALOG_ENTRIES: dict[str, tuple[str, str, list[str]]] = {
    "catalog.schema.json": (
        "gongkai 公开目录 (catalog)",
        "一个乡镇或部门的基层政务公开事项标准目录",
        ["**/catalogs/*.yaml"],
    ),
    "domain.schema.json": ("gongkai 领域 (domain)", "县里自己的领域文件：名称、依据和指引事项", ["**/domains/*.yaml"]),
    "config.schema.json": ("gongkai 设置 (gongkai.toml)", "gongkai 的县级设置文件", ["**/gongkai.toml"]),
}


class Draft07(GenerateJsonSchema):
    """Pydantic writes 2020-12; yaml-language-server and most editors read draft-07 best."""

    def generate(self, schema, mode="validation"):
        document = super().generate(schema, mode=mode)
        if "$defs" in document:
            document["definitions"] = document.pop("$defs")
        return {"$schema": "http://json-schema.org/draft-07/schema#", **document}


def render(model: type[BaseModel], schema_id: str | None = None) -> str:
    schema = model.model_json_schema(ref_template="#/definitions/{model}", schema_generator=Draft07, by_alias=True)
    _drop_null_defaults(schema)
    if schema_id is not None:
        schema = {"$schema": schema.pop("$schema"), "$id": schema_id, **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def site_schemas(base_url: str) -> Iterator[tuple[str, bytes]]:
    """The schemas as the site at `base_url` publishes them under schemas/, each with its address as `$id`, and
    schemas/catalog.json listing them in SchemaStore's catalog format: an editor pointed at it (VS Code's
    `yaml.schemaStore.url`) checks every catalog of the county without a schemas/ folder of its own."""
    entries = []
    for name, model in SCHEMAS.items():
        url = f"{base_url.rstrip('/')}/schemas/{name}"
        title, description, files = CATALOG_ENTRIES[name]
        entries.append({"name": title, "description": description, "fileMatch": files, "url": url})
        yield f"schemas/{name}", render(model, url).encode("utf-8")
    catalog = {"$schema": "https://json.schemastore.org/schema-catalog.json", "version": 1.0, "schemas": entries}
    yield "schemas/catalog.json", (json.dumps(catalog, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _drop_null_defaults(node: Any) -> None:
    """Optional fields default to null; say so without `"default": null` cluttering completion."""
    if isinstance(node, dict):
        if node.get("default", 0) is None:
            del node["default"]
        for value in node.values():
            _drop_null_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_null_defaults(value)


def write_schemas(folder: Path, check: bool = False) -> list[Path]:
    """Write every schema into `folder`; with `check`, write nothing and fail if any file is stale.
    Returns the files written (or, with `check`, the stale ones)."""
    changed = []
    for name, model in SCHEMAS.items():
        path = folder / name
        text = render(model)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            changed.append(path)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if check and changed:
        names = "、".join(p.name for p in changed)
        raise CheckFailed(f"{folder}: JSON Schema 已过期：{names}；运行 `gongkai schema` 更新 (schemas out of date)")
    return changed
