"""Pydantic's validation errors, said in Chinese first, with "did you mean" for unknown keys: for the config and
the catalogs alike (gongkai/model/issues.py adds the elements' Chinese labels for catalogs)."""

from __future__ import annotations

import datetime as dt
import difflib
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

DocPath = tuple[str | int, ...]


@dataclass
class ModelIssue:
    kind: str  # "unknown-key" | "wrong-type" | "structure"
    path: DocPath
    message: str


_TYPES = {
    "string_type": "应为文字 (expected text)",
    "list_type": "应为列表 (expected a list)",
    "dict_type": "应为“键: 值”形式的映射 (expected a mapping)",
    "model_type": "应为“键: 值”形式的映射 (expected a mapping)",
    "model_attributes_type": "应为“键: 值”形式的映射 (expected a mapping)",
    "date_type": "应为日期，如 2026-03-01 (expected a date)",
    "date_from_datetime_parsing": "应为日期，如 2026-03-01 (expected a date)",
    "date_parsing": "应为日期，如 2026-03-01 (expected a date)",
    "date_from_datetime_inexact": "应为日期，如 2026-03-01 (expected a date)",
    "bool_type": "应为 true 或 false (expected true or false)",
    "bool_parsing": "应为 true 或 false (expected true or false)",
    "int_type": "应为整数 (expected a whole number)",
    "int_parsing": "应为整数 (expected a whole number)",
    "int_from_float": "应为整数 (expected a whole number)",
}


def dotted(path: Iterable[str | int]) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")


def suggest(key: str, known: Iterable[str], labels: Mapping[str, str] | None = None) -> str | None:
    """The known key `key` was probably meant to be: by a known key's Chinese label (`labels`: label → key), or
    by spelling."""
    known = list(known)
    meant = (labels or {}).get(key.strip())
    if meant in known:
        return meant
    matches = difflib.get_close_matches(key, known, n=1, cutoff=0.75)  # typos, not unrelated keys (titel ≠ withheld)
    return matches[0] if matches else None


def model_issues(
    exc: ValidationError, model: type[BaseModel], root: DocPath = (), labels: Mapping[str, str] | None = None
) -> list[ModelIssue]:
    issues = []
    for error in exc.errors(include_url=False):
        path = root + tuple(error["loc"])
        kind, message = describe(error, model, labels)
        issues.append(ModelIssue(kind, path, message))
    return issues


def describe(error: Any, model: type[BaseModel], labels: Mapping[str, str] | None = None) -> tuple[str, str]:
    loc = tuple(error["loc"])
    where = dotted(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(model, loc[:-1])
        known = list(_keys(parent)) if parent else []
        guess = suggest(key, known, labels)
        hint = f"，是否想写「{guess}」？(did you mean {guess}?)" if guess else ""
        allowed = f"；可用的键：{'、'.join(known)}" if known and not guess else ""
        return "unknown-key", f"未知的键「{key}」{hint}{allowed} (unknown key)"
    if kind == "missing":
        return "structure", f"缺少「{where}」(missing)"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return (
            "wrong-type",
            f"「{where}」的值「{error.get('input')}」不在可选值 {expected} 之中 (not an allowed value)",
        )
    if kind == "string_type" and isinstance(error.get("input"), int | float | dt.date):
        quoted = f'"{error["input"]}"'
        return "wrong-type", f"「{where}」应为文字；数字或日期请加引号，如 {quoted} (expected text: quote it)"
    if kind in _TYPES:
        return "wrong-type", f"「{where}」{_TYPES[kind]}"
    if kind == "value_error":
        return "wrong-type", f"「{where}」{error['msg'].removeprefix('Value error, ')}"
    return "wrong-type", f"「{where}」{error['msg']} ({kind})"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`; list indexes and dict keys keep the current one."""
    current = model
    for part in loc:
        field = _keys(current).get(part) if isinstance(part, str) else None
        if field is not None:
            inner = _inner_model(field.annotation)
            if inner is None:
                return None
            current = inner
    return current


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key written in the file: the alias where there is one (`per-file-ignores`)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
