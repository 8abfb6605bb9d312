"""GK602 withheld-without-basis: an entry of the negative list (`withheld:`) with no basis or a placeholder."""

import pytest

from tests.conftest import GOOD_HEAD, GOOD_ITEM, codes_at

GOOD = GOOD_HEAD + GOOD_ITEM


def test_withheld_with_basis(check):
    text = GOOD + (
        "withheld:\n  - name: 涉及个人隐私的救助对象身份证号码\n    basis: 《中华人民共和国政府信息公开条例》第十五条\n"
    )
    assert check(text, select=["GK602"]) == []


@pytest.mark.parametrize("withheld", ["", "withheld: []\n"])
def test_no_negative_list_is_fine(check, withheld):
    assert check(GOOD + withheld, select=["GK602"]) == []


def test_entry_without_basis_is_reported_at_the_entry(county):
    county.write("donghu-zhen.yaml", GOOD + "withheld:\n  - name: 涉及个人隐私的救助对象身份证号码\n")
    result = county.lint(select=["GK602"])
    assert codes_at(result) == ["GK602 18:5"]
    problem = result.problems[0]
    assert problem.severity == "error"
    assert "「涉及个人隐私的救助对象身份证号码」" in problem.message


@pytest.mark.parametrize("basis", ["", "无", "待定", '"\u3000"', "/"])
def test_empty_or_placeholder_basis_is_reported_at_its_key(check, basis):
    text = GOOD + f"withheld:\n  - name: 涉及个人隐私的救助对象身份证号码\n    basis: {basis}\n"
    assert check(text, select=["GK602"]) == ["GK602 19:5"]


def test_each_entry_is_checked(check):
    text = GOOD + (
        "withheld:\n"
        "  - name: 涉及国家秘密的信息\n"
        "    basis: 《中华人民共和国政府信息公开条例》第十四条\n"
        "  - name: 内部事务信息\n"
        "  - name: 过程性信息\n"
        "    basis: 待定\n"
    )
    assert check(text, select=["GK602"]) == ["GK602 20:5", "GK602 22:5"]


def test_entry_after_a_wrongly_typed_one_keeps_its_place(check):
    text = GOOD + "withheld:\n  - name: [个人隐私]\n    basis: 《条例》第十五条\n  - name: 内部事务信息\n"
    assert check(text, select=["GK105", "GK602"]) == ["GK105 18:5", "GK602 20:5"]
