"""GK603 superseded-basis: a basis citing a document the domain marks as superseded."""

from tests.conftest import codes_at
from tests.rules.audit_fixtures import catalog, item, with_guide


def test_superseded_document_is_reported_at_the_basis(county):
    with_guide(county)
    old = "《中华人民共和国政府信息公开条例》（国务院令第492号）"
    county.write("donghu-zhen.yaml", catalog("东湖镇", "township", item("低保审核信息", basis=old)))
    result = county.lint(select=["GK603"])
    assert codes_at(result) == ["GK603 9:7"]
    assert "国务院令第711号" in result.problems[0].message


def test_the_current_document_is_fine(county):
    with_guide(county)
    current = "《中华人民共和国政府信息公开条例》（国务院令第711号）"
    county.write("donghu-zhen.yaml", catalog("东湖镇", "township", item("低保审核信息", basis=current)))
    assert codes_at(county.lint(select=["GK603"])) == []
