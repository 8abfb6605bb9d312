"""GK310 basis-without-document: the basis cites no document in 《…》, or its book-title marks do not pair up."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at


def with_basis(basis: str) -> str:
    return GOOD_HEAD + GOOD_ITEM.replace("basis: 《社会救助暂行办法》", f"basis: {basis}")


def test_clean_item(check):
    assert check(GOOD_HEAD + GOOD_ITEM, select=["GK310"]) == []


@pytest.mark.parametrize(
    "basis",
    [
        "《信息公开条例》及相关规定",
        "《中华人民共和国政府信息公开条例》（国务院令第711号）、《社会救助暂行办法》",
        "《政府信息公开条例》《社会救助暂行办法》",
        "1.《社会救助暂行办法》2.《中华人民共和国政府信息公开条例》",
        "【行政法规】《社会救助暂行办法》（国务院令第649号）",
        "《中华人民共和国政府信息公开条例》第二十条（十二）",
        "《国务院关于进一步加强和改进最低生活保障工作的意见》（国发〔2012〕45号）",
    ],
)
def test_real_citations_are_fine(check, basis):
    assert check(with_basis(basis), select=["GK310"]) == []


def test_no_document_is_a_warning_at_the_basis(county):
    county.write("donghu-zhen.yaml", with_basis("相关政策文件"))
    result = county.lint(select=["GK310"])
    assert codes_at(result) == ["GK310 10:7"]
    problem = result.problems[0]
    assert problem.severity == "warning"
    assert "《》" in problem.message and "「相关政策文件」" in problem.message
    assert problem.element == "basis"


@pytest.mark.parametrize(
    "basis", ["信息公开规定", "各地配套政策法规文件", "<社会救助暂行办法>", "〈社会救助暂行办法〉", "《》", "'711'"]
)
def test_other_bases_naming_no_document(check, basis):
    assert check(with_basis(basis), select=["GK310"]) == ["GK310 10:7"]


@pytest.mark.parametrize(
    "basis",
    ["税收征收管理法》", "《税收征收管理法", "《《社会救助暂行办法》", "《社会救助暂行办法》、税收征收管理法》"],
)
def test_unbalanced_marks(county, basis):
    county.write("donghu-zhen.yaml", with_basis(basis))
    result = county.lint(select=["GK310"])
    assert codes_at(result) == ["GK310 10:7"]
    assert "不成对" in result.problems[0].message


@pytest.mark.parametrize("basis", ["同上", "无", "''"])
def test_placeholder_or_empty_basis_is_left_to_gk203(check, basis):
    assert check(with_basis(basis), select=["GK203", "GK310"]) == ["GK203 10:7"]


def test_missing_basis_is_left_to_gk203(check):
    text = GOOD_HEAD + GOOD_ITEM.replace("      basis: 《社会救助暂行办法》\n", "")
    assert check(text, select=["GK203", "GK310"]) == ["GK203 7:7"]


def test_long_basis_is_shortened_in_the_message(county):
    county.write("donghu-zhen.yaml", with_basis("根据" + "相关规定" * 30))
    message = county.lint(select=["GK310"]).problems[0].message
    assert len(message) < 100
