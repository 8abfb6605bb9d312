"""A catalog's validation issues: pydantic's errors as gongkai.validation says them, where an element's Chinese
label (公开依据, or 依据) written as a key is taken for the key it names (basis)."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from gongkai.model.vocab import ELEMENT_BY_KEY
from gongkai.validation import DocPath, ModelIssue, dotted
from gongkai.validation import model_issues as validation_issues

__all__ = ["ELEMENT_LABELS", "DocPath", "ModelIssue", "dotted", "model_issues"]

ELEMENT_LABELS = {
    label: element.key
    for element in ELEMENT_BY_KEY.values()
    for label in (element.label, element.label.removeprefix("公开"))
}
"""公开依据 → basis, 依据 → basis, …"""


def model_issues(exc: ValidationError, model: type[BaseModel], root: DocPath = ()) -> list[ModelIssue]:
    return validation_issues(exc, model, root, ELEMENT_LABELS)
