"""`gongkai schema`: draft-07 JSON Schemas for editors, kept current, and in agreement with real catalogs."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from ruamel.yaml import YAML

from gongkai.model.vocab import ELEMENTS
from gongkai.resources import packaged
from gongkai.scaffold import init
from gongkai.schema import SCHEMAS, render, write_schemas
from tests.conftest import GOOD_HEAD, GOOD_ITEM
from tests.test_cli import gongkai

REPOSITORY = Path(__file__).resolve().parents[1]

DRAFT7_KEYWORDS = frozenset(
    {"$schema", "$id", "$ref", "$comment", "definitions", "title", "description", "default", "examples"}
    | {"readOnly", "writeOnly", "type", "enum", "const", "format", "contentMediaType", "contentEncoding"}
    | {"multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern"}
    | {"items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains"}
    | {"properties", "patternProperties", "additionalProperties", "required", "maxProperties", "minProperties"}
    | {"dependencies", "propertyNames", "if", "then", "else", "allOf", "anyOf", "oneOf", "not"}
)
EDITOR_KEYWORDS = frozenset({"markdownDescription", "defaultSnippets", "deprecationMessage", "enumDescriptions"})
"""Annotations yaml-language-server and VS Code read; other validators ignore them."""
ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment"}) | EDITOR_KEYWORDS
NAMED = ("properties", "definitions", "patternProperties")  # their keys are names, their values subschemas
ONE = ("additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames")
MANY = ("allOf", "anyOf", "oneOf")


def keywords(schema: Any, where: str = "#") -> list[tuple[str, str]]:
    """Every (place, keyword) in a schema, walking only into subschemas (not into enum values or names)."""
    if not isinstance(schema, dict):
        return []
    found = [(where, key) for key in schema]
    for key, value in schema.items():
        if key in NAMED:
            for name, sub in value.items():
                found += keywords(sub, f"{where}/{key}/{name}")
        elif key in ONE:
            found += keywords(value, f"{where}/{key}")
        elif key in MANY or (key == "items" and isinstance(value, list)):
            for i, sub in enumerate(value):
                found += keywords(sub, f"{where}/{key}/{i}")
        elif key == "items":
            found += keywords(value, f"{where}/items")
        elif key == "dependencies":
            found += [k for sub in value.values() if isinstance(sub, dict) for k in keywords(sub, where)]
    return found


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("schemas")
    written = write_schemas(folder)
    assert sorted(p.name for p in written) == sorted(SCHEMAS)
    return {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in SCHEMAS}


def to_json(value: Any) -> Any:
    """YAML data as JSON sees it: dates become ISO strings (yaml-language-server does the same)."""
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def read_yaml(path: Path) -> Any:
    return to_json(YAML(typ="safe").load(path.read_text(encoding="utf-8-sig")))


def catalog_errors(schema: dict, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(data)]


# --- the schemas themselves --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft_07(fresh, name):
    schema = fresh[name]
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_uses_only_draft_07_keywords(fresh, name):
    unknown = [(where, key) for where, key in keywords(fresh[name]) if key not in DRAFT7_KEYWORDS | EDITOR_KEYWORDS]
    assert unknown == [], "not draft-07 (e.g. $defs, prefixItems, unevaluatedProperties, dependentRequired)"


@pytest.mark.parametrize("name", SCHEMAS)
def test_no_validation_keyword_beside_a_ref(fresh, name):
    """Draft-07 ignores everything beside `$ref`; a constraint put there would silently not apply."""
    ignored = []
    for where, _ in keywords(fresh[name]):
        node: Any = fresh[name]
        for part in where.split("/")[1:]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if "$ref" in node:
            ignored += [(where, k) for k in node if k != "$ref" and k not in ANNOTATIONS]
    assert sorted(set(ignored)) == []


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if isinstance(node.get("$ref"), str) else []) + refs(list(node.values()))
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_ref_is_local_and_resolves(fresh, name):
    for ref in refs(fresh[name]):
        assert ref.startswith("#/definitions/"), ref
        assert ref.removeprefix("#/definitions/") in fresh[name]["definitions"], ref


def test_committed_schemas_are_current(fresh):
    """schemas/ is written by `gongkai schema` and checked by `gongkai schema --check` in CI."""
    folder = REPOSITORY / "schemas"
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(SCHEMAS)
    for name, model in SCHEMAS.items():
        assert (folder / name).read_text(encoding="utf-8") == render(model), f"schemas/{name} is stale"
    assert write_schemas(folder, check=True) == []


def test_schema_command_writes_into_the_project_from_any_folder_inside_it(county, monkeypatch):
    monkeypatch.chdir(county.root / "catalogs")
    assert gongkai("schema").exit_code == 0
    assert sorted(p.name for p in (county.root / "schemas").glob("*.json")) == sorted(SCHEMAS)
    assert not (county.root / "catalogs" / "schemas").exists()
    assert gongkai("schema", "--check").exit_code == 0
    assert gongkai("schema", "--out", "elsewhere").exit_code == 0
    assert sorted(p.name for p in (county.root / "catalogs" / "elsewhere").glob("*.json")) == sorted(SCHEMAS)


# --- catalogs against catalog.schema.json -----------------------------------------------------------------------


def test_demo_catalogs_validate(fresh):
    catalogs = sorted((REPOSITORY / "catalogs").glob("*.yaml"))
    if not catalogs:
        pytest.skip("the demo county's catalogs/ is not written yet")
    for path in catalogs:
        assert catalog_errors(fresh["catalog.schema.json"], read_yaml(path)) == [], path.name


def test_starter_catalogs_validate(fresh, tmp_path):
    init(tmp_path / "county", "东山县")
    catalogs = sorted((tmp_path / "county" / "catalogs").glob("*.yaml"))
    assert len(catalogs) == 2
    for path in catalogs:
        assert catalog_errors(fresh["catalog.schema.json"], read_yaml(path)) == [], path.name
    config = tomllib.loads((tmp_path / "county" / "gongkai.toml").read_text(encoding="utf-8"))
    assert catalog_errors(fresh["config.schema.json"], config) == []


def test_packaged_domains_validate(fresh):
    domains = sorted(packaged("domains").glob("*.yaml"))
    assert len(domains) >= 26
    for path in domains:
        assert catalog_errors(fresh["domain.schema.json"], read_yaml(path)) == [], path.name


def good_catalog() -> dict:
    return to_json(YAML(typ="safe").load(GOOD_HEAD + GOOD_ITEM))


def test_good_catalog_validates(fresh):
    assert catalog_errors(fresh["catalog.schema.json"], good_catalog()) == []


def test_the_eight_elements_are_required(fresh):
    item = fresh["catalog.schema.json"]["definitions"]["Item"]
    assert sorted(item["required"]) == sorted(e.key for e in ELEMENTS)


@pytest.mark.parametrize("element", [e.key for e in ELEMENTS])
def test_a_missing_element_fails(fresh, element):
    data = good_catalog()
    del data["domains"]["shehui-jiuzhu"][0][element]
    errors = catalog_errors(fresh["catalog.schema.json"], data)
    assert errors == [f"domains/shehui-jiuzhu/0: '{element}' is a required property"]


@pytest.mark.parametrize(
    ("place", "key"),
    [((), "colour"), (("unit",), "nmae"), (("domains", "shehui-jiuzhu", 0), "basic"), (("withheld", 0), "why")],
)
def test_unknown_keys_are_rejected(fresh, place, key):
    data = good_catalog()
    data["withheld"] = [{"name": "救助对象身份证号码", "basis": "《中华人民共和国政府信息公开条例》第十五条"}]
    node = data
    for part in place:
        node = node[part]
    node[key] = "x"
    errors = catalog_errors(fresh["catalog.schema.json"], data)
    assert len(errors) == 1
    assert f"'{key}' was unexpected" in errors[0]


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        ("method", "公开", False),
        ("method", ["主动", "依申请"], True),
        ("audience", "群众", False),
        ("method", "依申请公开", True),  # a variant lint normalises silently (fmt writes 依申请)
        ("audience", ["社会公众", "特定群体"], True),
        ("level", ["镇级"], True),
        ("level", ["市级"], False),
        ("stage", "结果公开", True),
        ("stage", "结果", True),
        ("stage", "事后", False),
        ("channel", ["政府网站", "乡村大喇叭"], True),  # channels are open: lint only warns (GK305)
        ("channel", [], False),
        ("channel", " ", False),
        ("method", [], False),
    ],
)
def test_vocabularies(fresh, key, value, valid):
    data = good_catalog()
    data["domains"]["shehui-jiuzhu"][0][key] = value
    assert (catalog_errors(fresh["catalog.schema.json"], data) == []) is valid


def test_unit_kind_and_required_unit(fresh):
    data = good_catalog()
    data["unit"]["kind"] = "county"
    assert catalog_errors(fresh["catalog.schema.json"], data)
    del data["unit"]
    assert catalog_errors(fresh["catalog.schema.json"], data) == [": 'unit' is a required property"]


@pytest.mark.parametrize("value", [None, "", "  ", "\u3000", []])
@pytest.mark.parametrize("element", [e.key for e in ELEMENTS])
def test_an_empty_element_fails(fresh, element, value):
    """Lint reports an empty or blank element (GK2xx); the editor's schema does too."""
    data = good_catalog()
    data["domains"]["shehui-jiuzhu"][0][element] = value
    assert catalog_errors(fresh["catalog.schema.json"], data)
